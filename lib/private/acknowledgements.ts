import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

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
