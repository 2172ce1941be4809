import { Lazy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as fis from 'aws-cdk-lib/aws-fis';
import { Construct } from 'constructs';
import { DrillContext, SCENARIOS, ScenarioId } from './drill-context';
import { stopAlarmsFor, stopConditionsOf } from './stop-conditions';
import { DRILL_SCENARIO_TAG } from '../report/drills';

/** AWS FIS experiment log schema: version 2 is current (AWS FIS User Guide, "Experiment logging"). */
export const LOG_SCHEMA_VERSION = 2;
/** The tag naming the drills a template belongs to (the same value as the target tag), when one account holds several platforms. */
export const PLATFORM_TAG = 'multi-az-ha-platform:drills';
/** The tag carrying the recovery the report predicts. */
export const PREDICTION_TAG = 'multi-az-ha-platform:predicted-recovery-seconds';

type Target = fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty;
type Action = fis.CfnExperimentTemplate.ExperimentTemplateActionProperty;

export interface DrillTemplateSpec {
  readonly scenario: ScenarioId;
  /** What the drill does, in one sentence of operations language (the prediction is added after it). */
  readonly summary: string;
  readonly targets: Record<string, Target>;
  readonly actions: Record<string, Action>;
  /** The zone under test (0 = zone 1) of a zone drill: its own alarms do not stop it. */
  readonly zoneUnderTest?: number;
  /**
   * `skip` when a target may legitimately resolve to nothing (a database writer outside the zone under test):
   * the actions on it are skipped and the drill goes on. `fail` otherwise.
   */
  readonly emptyTargetResolutionMode: 'skip' | 'fail';
}

/** One experiment template: the actions and targets of a scenario, with the drills' role, log, stop conditions and tags. */
export function newDrillTemplate(scope: Construct, context: DrillContext, spec: DrillTemplateSpec): fis.CfnExperimentTemplate {
  const info = SCENARIOS[spec.scenario];
  const prediction = () => {
    const predicted = context.predictionOf(spec.scenario);
    return predicted === undefined
      ? 'No recovery time was predicted for it.'
      : `Expected recovery ~${secondsText(predicted)} s (the platform report's prediction).`;
  };
  const platform = Object.values(context.targetTag)[0];
  const template = new fis.CfnExperimentTemplate(scope, info.constructId, {
    // Uncached: the prediction may be given after the template is built (PlatformDrills.predictRecovery), even after
    // the platform's recovery check has rendered the template once to compute it.
    description: Lazy.uncachedString({ produce: () => `${info.title}: ${spec.summary} ${prediction()}` }),
    roleArn: context.role.roleArn,
    targets: spec.targets,
    actions: spec.actions,
    stopConditions: stopConditionsOf(stopAlarmsFor(context.props, spec.zoneUnderTest)),
    logConfiguration: {
      logSchemaVersion: LOG_SCHEMA_VERSION,
      // Typed `any` in aws-cdk-lib, so passed to CloudFormation as written: the property names are CloudFormation's.
      cloudWatchLogsConfiguration: { LogGroupArn: context.logGroup.logGroupArn },
    },
    experimentOptions: {
      accountTargeting: 'single-account',
      emptyTargetResolutionMode: spec.emptyTargetResolutionMode,
    },
    tags: {
      Name: `${info.title} (${Stack.of(scope).stackName})`,
      [DRILL_SCENARIO_TAG]: spec.scenario,
      [PLATFORM_TAG]: platform,
    },
  });
  const predicted = context.predictionOf(spec.scenario);
  if (predicted !== undefined) {
    tagPrediction(template, predicted);
  }
  return template;
}

/** Puts the predicted recovery in a template's tag (changing a template's tags replaces it: its id changes). */
export function tagPrediction(template: fis.CfnExperimentTemplate, seconds: number): void {
  template.tags.setTag(PREDICTION_TAG, secondsText(seconds));
}

/** Whole seconds; a number only known at deploy time as it is. */
function secondsText(seconds: number): string {
  return Token.isUnresolved(seconds) ? Tokenization.stringifyNumber(seconds) : String(Math.round(seconds));
}

/** A duration for people: "10 minutes". */
export function durationText(context: DrillContext): string {
  return context.duration.toHumanString();
}
