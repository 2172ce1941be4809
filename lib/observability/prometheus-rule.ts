import { Tokenization } from 'aws-cdk-lib';
import type { RuleThresholds } from './alert-thresholds';

// The shape of one Prometheus alerting rule, for the rules each tier's monitoring file defines next to its
// CloudWatch alarms; managed-prometheus.ts puts them in one rule group. Not exported from the library.

/** One alerting rule of the Prometheus rules file format (its fields in the order the file lists them). */
export interface PrometheusRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly [name: string]: string };
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** The scrape job of the app servers, that the app tier's rules select on. */
export const JOB_APP = 'app';

/** A threshold as it appears in a rule (a Token stays a Token). */
export function ruleNumber(value: number): string {
  return Tokenization.stringifyNumber(value);
}

/**
 * A tier's ReplicationLag rule, at the alarms' threshold: a warning when the most any replica of an instance lags
 * (`lagMetric`, in seconds) stays above it for 2 minutes.
 */
export function replicationLagRule(thresholds: RuleThresholds, tier: string, lagMetric: string,
  summarySubject: string, description: string): PrometheusRule {
  const lagSeconds = ruleNumber(thresholds.replicationLag.toSeconds());
  return {
    alert: 'ReplicationLag',
    expr: `max by (job, instance) (${lagMetric}) > ${lagSeconds}`,
    for: '2m',
    labels: { severity: 'warning', tier },
    annotations: {
      summary: `${summarySubject} replication lag above ${lagSeconds} s`,
      description,
    },
  };
}
