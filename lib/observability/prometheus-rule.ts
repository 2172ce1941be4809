import { Tokenization } from 'aws-cdk-lib';

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
