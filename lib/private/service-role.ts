import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The AWS service that assumes a role, and which of its resources may. */
export interface RoleUser {
  /** The service's name in its principal and ARNs: `states` (`states.amazonaws.com`). */
  readonly service: string;
  /** The resource type whose resources of this account and region may use the role: any of the service's when not given. */
  readonly resource?: string;
  /** How the service's ARNs separate the resource type and name. */
  readonly arnFormat?: ArnFormat;
}

/**
 * A role only `user.service` may assume, and only on behalf of this account and, with `user.resource`, of those
 * resources of this account and region (cross-service confused deputy prevention).
 */
export function newServiceRole(scope: Construct, id: string, description: string, user: RoleUser): iam.Role {
  const stack = Stack.of(scope);
  const sourceArn = user.resource === undefined ? undefined
    : stack.formatArn({ service: user.service, resource: user.resource, resourceName: '*', arnFormat: user.arnFormat });
  return new iam.Role(scope, id, {
    description,
    assumedBy: new iam.ServicePrincipal(`${user.service}.amazonaws.com`).withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ...(sourceArn === undefined ? {} : { ArnLike: { 'aws:SourceArn': sourceArn } }),
    }),
  });
}

/**
 * A customer managed policy attached to `role` only: IAM keeps its versions (an inline policy has none), and a
 * reviewer reads the role's permissions in one document.
 */
export function newRolePolicy(scope: Construct, id: string, role: iam.IRole, description: string,
  statements: iam.PolicyStatement[]): iam.ManagedPolicy {
  return new iam.ManagedPolicy(scope, id, { description, roles: [role], statements });
}
