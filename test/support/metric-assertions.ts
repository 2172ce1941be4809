import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Asserts which metric a tier's `metricXxx()` reads: its namespace, its name and its statistic. */
export function expectMetricReads(metric: cloudwatch.Metric, namespace: string, metricName: string, statistic: string): void {
  expect(metric.namespace).toBe(namespace);
  expect(metric.metricName).toBe(metricName);
  expect(metric.statistic).toBe(statistic);
}

/** What a tier's `metricXxx()` reads by default. */
export interface MetricDefaults {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly period: Duration;
}

/**
 * Asserts what a tier's `metricXxx(props?)` reads by default (namespace, name, statistic and period) and that a
 * statistic given (`otherStatistic`) replaces the default one; returns the default metric, for its dimensions.
 */
export function expectMetricMethod(metricOf: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric, defaults: MetricDefaults,
  otherStatistic: string): cloudwatch.Metric {
  const metric = metricOf();
  expectMetricReads(metric, defaults.namespace, defaults.metricName, defaults.statistic);
  expect(metric.period.toSeconds()).toBe(defaults.period.toSeconds());
  expect(metricOf({ statistic: otherStatistic }).statistic).toBe(otherStatistic);
  return metric;
}
