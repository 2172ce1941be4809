import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { fail } from '../private/validation';

// The one way the platform builds an alarm: every tier's alarms (tiers/*-monitoring.ts) are specs that this
// factory turns into a CloudWatch alarm with the same description layout and an alarm and OK action to the
// topic of the alarm's severity. Not exported from the library.

/** Where an alarm notifies. */
export enum Severity {
  /** Pages on-call: the critical topic. */
  CRITICAL = 'CRITICAL',
  /** Notifies the team: the warning topic. */
  WARNING = 'WARNING',
}

/** The period of the metric, and how many periods (of how many) must breach. */
export interface EvaluationWindow {
  readonly period: Duration;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** Zone Down pages within about two minutes: every target of the zone has failed its health checks by then. */
export const ZONE_DOWN: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 2, datapointsToAlarm: 2 };
/** Error rate over 1-minute periods, in 3 of the last 5 minutes: a burst is not an incident, a trend is. */
export const ERROR_RATE: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 5, datapointsToAlarm: 3 };
/** Replication lag above the threshold for 3 minutes in a row: a vacuum or a batch spike is not a network problem. */
export const REPLICATION_LAG: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 3, datapointsToAlarm: 3 };
/**
 * Scaling triggers and tier health: 15 minutes above the threshold. Scaling reacts to the same signals within
 * minutes, so an alarm means it has not caught up (the group is at its maximum, or scaling fails).
 */
export const SUSTAINED: EvaluationWindow = { period: Duration.minutes(5), evaluationPeriods: 3, datapointsToAlarm: 3 };
/** AWS's recommended alarms for OpenSearch Service, period for period. */
export const SEARCH_RED: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 1, datapointsToAlarm: 1 };
export const SEARCH_YELLOW: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 5, datapointsToAlarm: 5 };
export const SEARCH_STORAGE: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 1, datapointsToAlarm: 1 };

/**
 * The common shape of a tier-health warning, spread into its spec (which states its metric, threshold and
 * comparison): beyond the threshold for 15 minutes (SUSTAINED), to the warning topic; missing data keeps the alarm's
 * state rather than counting as a breach (a gap is an outage or stopped metrics, which other alarms and AWS's events
 * report, not this threshold's).
 */
export const HEALTH_WARNING: Pick<AlarmSpec, 'window' | 'treatMissingData' | 'severity'> = {
  window: SUSTAINED,
  treatMissingData: cloudwatch.TreatMissingData.MISSING,
  severity: Severity.WARNING,
};

/** What the receiver of each severity does first; an alarm's action adds the specific step. */
export const PAGE = 'Page on-call';
export const NOTIFY = 'Notify team';
export const INVESTIGATE = 'Investigate';
export const CHECK_NETWORK = 'Check network';

/** How one alarm evaluates and whom it tells. */
export interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly window: EvaluationWindow;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly severity: Severity;
  /** The alert (or health check) the alarm implements, as on-call knows it: "Zone Down (all health checks fail)". */
  readonly implements: string;
  /** What the alarm means when it fires, and why missing data is treated the way it is. */
  readonly condition: string;
  /** What the person who receives it does. */
  readonly action: string;
}

/** The two topics alarms notify, by severity. */
export interface AlertTopics {
  readonly critical: sns.ITopic;
  readonly warning: sns.ITopic;
}

/**
 * Builds alarms from specs in one scope (construct IDs, and so logical IDs, are the spec's id under that scope),
 * notifies the topic of each alarm's severity on ALARM and OK, and records every alarm and rule by ID.
 */
export class AlarmFactory {
  constructor(
    /** The construct the alarms are created in. */
    public readonly scope: Construct,
    private readonly topics: AlertTopics,
    private readonly alarms: { [id: string]: cloudwatch.Alarm },
    private readonly rules: { [id: string]: events.Rule },
  ) {}

  /** The topic an alarm (or rule) of this severity notifies. */
  public topicFor(severity: Severity): sns.ITopic {
    return severity === Severity.CRITICAL ? this.topics.critical : this.topics.warning;
  }

  public addAlarm(id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods: spec.window.evaluationPeriods,
      datapointsToAlarm: spec.window.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      alarmDescription: `${spec.implements}. ${spec.condition} Action: ${spec.action}. ` +
        `Severity: ${spec.severity === Severity.CRITICAL ? 'critical' : 'warning'}.`,
    });
    const action = new cwactions.SnsAction(this.topicFor(spec.severity));
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms[id] = alarm;
    return alarm;
  }

  /** Records an EventBridge rule a tier built in this scope. */
  public addRule(id: string, rule: events.Rule): void {
    this.rules[id] = rule;
  }
}

/** A duration for people: milliseconds under a second, otherwise seconds. */
export function showDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} seconds`;
}

/** A size in MiB, fractions allowed. */
export function mebibytesOf(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** A size for people: GiB when whole, otherwise MiB. */
export function showSize(size: Size): string {
  const mebibytes = mebibytesOf(size);
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
}

/**
 * A free storage threshold must stay below the storage it watches (`capacityGiB`, undefined when unknown at synth),
 * or its alarm always fires. `capacity` names that storage in the message.
 */
export function checkFreeStorageBelow(propPath: string, threshold: Size | undefined, capacityGiB: number | undefined,
  capacity: string): void {
  if (threshold && !threshold.isUnresolved() && capacityGiB !== undefined && mebibytesOf(threshold) >= capacityGiB * 1024) {
    fail(propPath, `be less than ${capacity} (${capacityGiB} GiB), or it always fires`, showSize(threshold));
  }
}
