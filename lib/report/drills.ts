/**
 * The zone-failure drills of a template: its AWS FIS experiment templates, each with the recovery the report
 * predicts for the scenario it rehearses, so a team compares what it measured with what was promised.
 */
import { TemplateModel } from './model';
import { RecoveryReport } from './recovery';
import { isObject, list, num, propsOf, str } from './template-values';

/**
 * The tag that names the failure scenario a drill rehearses (a recovery scenario id: `zone-1-loss`, `app-server`...):
 * the drills write it, the report reads it, and `aws fis list-experiment-templates` queries can select on it.
 */
export const DRILL_SCENARIO_TAG = 'multi-az-ha-platform:drill';

/** One AWS FIS experiment template. */
export interface DrillReport {
  readonly logicalId: string;
  /** The recovery scenario it rehearses, from its `multi-az-ha-platform:drill` tag; undefined for other templates. */
  readonly scenario?: string;
  /** The scenario's title in the recovery section, or the template's description. */
  readonly title: string;
  /** FIS action IDs, in the template's order (`aws:ec2:stop-instances`, ...). */
  readonly actions: string[];
  /** The longest action duration, in seconds, when the template says. */
  readonly durationSeconds?: number;
  /** How many CloudWatch alarms stop it. */
  readonly stopAlarms: number;
  /** The recovery the report computes for the scenario, in seconds. */
  readonly predictedSeconds?: number;
  readonly targetSeconds?: number;
}

/** The template's FIS experiment templates, with the recovery predicted for each one's scenario. */
export function buildDrills(model: TemplateModel, recovery: RecoveryReport): DrillReport[] {
  return Object.entries(model.template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::FIS::ExperimentTemplate')
    .map(([logicalId, resource]) => {
      const p = propsOf(resource);
      const tags = isObject(p.Tags) ? p.Tags : {};
      const scenarioId = str(tags[DRILL_SCENARIO_TAG]);
      const scenario = recovery.scenarios.find((s) => s.id === scenarioId);
      const actions = isObject(p.Actions) ? Object.values(p.Actions).filter(isObject) : [];
      const durations = actions.map((action) => isoSeconds(str(isObject(action.Parameters) ? action.Parameters.duration : undefined)))
        .filter((seconds): seconds is number => seconds !== undefined);
      return {
        logicalId,
        scenario: scenarioId,
        title: scenario?.title ?? str(p.Description) ?? logicalId,
        actions: actions.map((action) => str(action.ActionId) ?? '?'),
        durationSeconds: durations.length > 0 ? Math.max(...durations) : undefined,
        stopAlarms: list(p.StopConditions).filter((c) => isObject(c) && c.Source === 'aws:cloudwatch:alarm').length,
        predictedSeconds: scenario?.expectedSeconds,
        targetSeconds: scenario?.target,
      };
    });
}

/** Seconds of an ISO 8601 duration FIS accepts (PT10M, PT1H30M, PT45S); undefined otherwise. */
export function isoSeconds(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  if (!match || (match[1] === undefined && match[2] === undefined && match[3] === undefined)) {
    return undefined;
  }
  return (num(match[1]) ?? 0) * 3600 + (num(match[2]) ?? 0) * 60 + (num(match[3]) ?? 0);
}
