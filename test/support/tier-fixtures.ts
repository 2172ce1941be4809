import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { logicalIdOf, newTestApp, TEST_ENV } from './fixtures';
import { PlatformNetwork } from '../../lib';

/**
 * A stack with the platform's network and two instance roles standing in for the app and worker
 * tiers, for tests of one tier on its own (much faster than the whole platform).
 */
export function newTierStack(env: { account?: string; region?: string } | undefined = TEST_ENV) {
  const app = newTestApp();
  const stack = new Stack(app, 'TierStack', { env });
  const network = new PlatformNetwork(stack, 'Network');
  const appRole = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const workerRole = new iam.Role(stack, 'WorkerRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const appSecurityGroup = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc });
  return { app, stack, network, appRole, workerRole, appSecurityGroup };
}

/** Synthesizes a tier stack. */
export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}

/**
 * Asserts that each of `kept` is kept on update and deletion but not by a failed first deployment
 * (RetainExceptOnCreate), and that no resource whose logical ID starts with `tierPrefix` is plainly Retain.
 */
export function expectKeptExceptOnFailedCreate(template: Template, kept: IConstruct[], tierPrefix: string): void {
  const resources = template.toJSON().Resources as Record<string, any>;
  for (const construct of kept) {
    expect(resources[logicalIdOf(construct)]).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  }
  expect(Object.entries(resources).filter(([id, r]) => id.startsWith(tierPrefix) && r.DeletionPolicy === 'Retain')).toEqual([]);
}
