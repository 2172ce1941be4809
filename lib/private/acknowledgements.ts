import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on exactly this construct, with the reason a security reviewer reads.
 * The README's acknowledgement table is generated from these (test/docs/readme.test.ts checks it).
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

/** Adds a warning users can acknowledge with `Validations.of(scope).acknowledge(...)`. */
export function warn(scope: IConstruct, id: string, message: string): void {
  Validations.of(scope).addWarning(`multi-az-ha-platform:${id}`, message);
}

/**
 * Acknowledges a finding on the policy a grant wrote to a principal (its DefaultPolicy, or the principal
 * itself). Principals that are not constructs (imported by ARN) hold no policy of ours: nothing to do.
 */
export function acknowledgeOnGrantee(principal: iam.IPrincipal, rule: string, reason: string): void {
  if (!Construct.isConstruct(principal)) {
    return;
  }
  acknowledge(principal.node.tryFindChild('DefaultPolicy') ?? principal, rule, reason);
}
