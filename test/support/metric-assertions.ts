import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Asserts which metric a tier's `metricXxx()` reads: its namespace, its name and its statistic. */
export function expectMetricReads(metric: cloudwatch.Metric, namespace: string, metricName: string, statistic: string): void {
  expect(metric.namespace).toBe(namespace);
  expect(metric.metricName).toBe(metricName);
  expect(metric.statistic).toBe(statistic);
}
