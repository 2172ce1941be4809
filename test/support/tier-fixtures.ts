import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { logicalIdOf, newTestApp, TEST_ENV } from './fixtures';
import { PlatformNetwork, PlatformNetworkProps } from '../../lib';

type Env = { account?: string; region?: string };

/**
 * A tier stack in `app` (an app or a stage of one): the platform's network, an EC2 instance role for each of
 * `roleIds` standing in for the app or worker tier, and the app servers' security group.
 */
export function tierStackIn<R extends 'AppRole' | 'WorkerRole'>(app: Stage, env: Env | undefined, roleIds: readonly R[],
  stackName = 'TierStack', networkProps: PlatformNetworkProps = {}) {
  const stack = new Stack(app, stackName, { env });
  const network = new PlatformNetwork(stack, 'Network', networkProps);
  const roles = Object.fromEntries(roleIds.map((id) =>
    [id, new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') })])) as Record<R, iam.Role>;
  const appSecurityGroup = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc });
  return { stack, network, roles, appSecurityGroup };
}

/**
 * A stack with the platform's network and two instance roles standing in for the app and worker
 * tiers, for tests of one tier on its own (much faster than the whole platform).
 */
export function newTierStack(env: Env | undefined = TEST_ENV) {
  const app = newTestApp();
  const { stack, network, roles, appSecurityGroup } = tierStackIn(app, env, ['AppRole', 'WorkerRole']);
  return { app, stack, network, appRole: roles.AppRole, workerRole: roles.WorkerRole, appSecurityGroup };
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
