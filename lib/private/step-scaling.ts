import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';

/** One step of a step scaling policy: the metric value where it starts, and the change in instances. */
export interface ScalingStep {
  /** Scale out: the step applies at or above this value. Scale in: at or below it. */
  readonly at: number;
  /** Instances to add (scale out, positive) or remove (scale in, negative). */
  readonly change: number;
}

/** A step scaling policy on one metric, in one direction, and the alarm that runs it. */
export interface StepScalingOptions {
  readonly metric: cloudwatch.IMetric;
  /**
   * The alarm's description, for on-call: which group and metric, the threshold, what the alarm does (adds or
   * removes instances), and when a person needs to act. {@link evaluationTime} says how long the metric must breach.
   */
  readonly alarmDescription: string;
  /** Ordered away from the threshold (rising for scale out, falling for scale in); the first step's value is it. */
  readonly steps: [ScalingStep, ...ScalingStep[]];
  readonly evaluationPeriods: number;
  /** @default - the group's default instance warmup */
  readonly estimatedInstanceWarmup?: Duration;
}

/** The scaling policy and its alarm. */
export interface StepScaling {
  readonly policy: autoscaling.StepScalingAction;
  readonly alarm: cloudwatch.Alarm;
}

/**
 * Scales `group` out in steps when `metric` reaches the first step: what `group.scaleOnMetric(id, ...)` builds for
 * steps above the threshold (the same constructs and logical IDs, `<id>/UpperPolicy` and `<id>/UpperAlarm`).
 * scaleOnMetric always passes a `cooldown` key, which makes every synth print a deprecation warning.
 */
export function scaleOutInSteps(group: autoscaling.IAutoScalingGroup, id: string, options: StepScalingOptions): StepScaling {
  return stepScaling(group, id, options, 'Upper');
}

/**
 * Scales `group` in in steps when `metric` falls to the first step: `group.scaleOnMetric(id, ...)` for steps below
 * the threshold (`<id>/LowerPolicy` and `<id>/LowerAlarm`), without its deprecation warning.
 */
export function scaleInInSteps(group: autoscaling.IAutoScalingGroup, id: string, options: StepScalingOptions): StepScaling {
  return stepScaling(group, id, options, 'Lower');
}

function stepScaling(group: autoscaling.IAutoScalingGroup, id: string, options: StepScalingOptions, side: 'Upper' | 'Lower'): StepScaling {
  const { metric, steps } = options;
  const scope = new Construct(group, id);
  // No `cooldown` key at all: jsii warns on its presence, even when undefined.
  const policy = new autoscaling.StepScalingAction(scope, `${side}Policy`, {
    autoScalingGroup: group,
    adjustmentType: autoscaling.AdjustmentType.CHANGE_IN_CAPACITY,
    estimatedInstanceWarmup: options.estimatedInstanceWarmup,
    metricAggregationType: aggregationTypeOf(metric),
  });
  // Bounds are relative to the alarm threshold; the step farthest from it is open-ended.
  const threshold = steps[0].at;
  steps.forEach((step, i) => {
    const next = steps[i + 1] === undefined ? undefined : steps[i + 1].at - threshold;
    const start = step.at - threshold;
    policy.addAdjustment(side === 'Upper'
      ? { adjustment: step.change, lowerBound: start, upperBound: next }
      : { adjustment: step.change, upperBound: start, lowerBound: next });
  });
  const alarm = new cloudwatch.Alarm(scope, `${side}Alarm`, {
    metric,
    alarmDescription: options.alarmDescription,
    comparisonOperator: side === 'Upper'
      ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
      : cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: options.evaluationPeriods,
    threshold,
  });
  alarm.addAlarmAction(new cwactions.AutoScalingAction(policy));
  return { policy, alarm };
}

/** How long `metric` must breach for its scaling alarm to fire, `evaluationPeriods` periods in a row: "3 minutes". */
export function evaluationTime(metric: cloudwatch.IMetric, evaluationPeriods: number): string {
  const config = metric.toMetricConfig();
  const seconds = config.metricStat?.period.toSeconds() ?? config.mathExpression?.period ?? Duration.minutes(5).toSeconds();
  return Duration.seconds(seconds * evaluationPeriods).toHumanString();
}

/** The aggregation scaleOnMetric derives from the metric's statistic: the same one, or Average. */
function aggregationTypeOf(metric: cloudwatch.IMetric): autoscaling.MetricAggregationType | undefined {
  const statistic = metric.toMetricConfig().metricStat?.statistic;
  switch (statistic) {
    case undefined: return undefined;
    case cloudwatch.Stats.MINIMUM: return autoscaling.MetricAggregationType.MINIMUM;
    case cloudwatch.Stats.MAXIMUM: return autoscaling.MetricAggregationType.MAXIMUM;
    default: return autoscaling.MetricAggregationType.AVERAGE;
  }
}
