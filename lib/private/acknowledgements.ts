import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Every cdk-nag finding the platform keeps, with the reason a security reviewer reads.
 * The README's acknowledgement table is checked against this list by a test.
 */
export const ACKNOWLEDGEMENT_REASONS = {
  'AwsSolutions-EC23':
    'The zone load balancers are the public entry point of the platform: they must accept HTTPS (443) from ' +
    'any address, and HTTP (80) only to redirect to HTTPS. AWS WAF (managed rule groups and a rate limit) ' +
    'filters the traffic; nothing else in the platform accepts traffic from the internet.',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]':
    'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager and patching, which ' +
    'replace SSH on the instances; AWS updates it as the SSM agent changes.',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy]':
    'CloudWatchAgentServerPolicy is the AWS-maintained minimum for the CloudWatch agent to publish ' +
    'metrics and logs from the instances.',
  'AwsSolutions-S1':
    'This bucket only receives access logs (load balancer logs, or server access logs of other buckets); ' +
    'logging its own access would log every log write into itself. Access to it is limited by its policy.',
  'AwsSolutions-AS3':
    'Scaling activity is recorded in the group\'s activity history, its CloudWatch group metrics (all ' +
    'enabled) and EventBridge events; the platform alerts from CloudWatch alarms, not per-group SNS notifications.',
} as const;

/** A rule id the platform acknowledges somewhere. */
export type AcknowledgedRule = keyof typeof ACKNOWLEDGEMENT_REASONS;

/** Acknowledges cdk-nag findings on exactly this construct, with the catalogued reason. */
export function acknowledge(scope: IConstruct, ...rules: AcknowledgedRule[]): void {
  Validations.of(scope).acknowledge(...rules.map((id) => ({ id, reason: ACKNOWLEDGEMENT_REASONS[id] })));
}

/** Adds a warning users can acknowledge with `Validations.of(scope).acknowledge(...)`. */
export function warn(scope: IConstruct, id: string, message: string): void {
  Validations.of(scope).addWarning(`multi-az-ha-platform:${id}`, message);
}
