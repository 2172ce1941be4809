import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** A role an AWS service assumes for the platform. */
export interface ServiceRoleProps {
  /** The service principal: `states.amazonaws.com`. */
  readonly service: string;
  readonly description: string;
  /** The ARN pattern of the service's resources that may use the role: any of this account's when not given. */
  readonly sourceArn?: string;
}

/**
 * A role only `service` may assume, and only on behalf of this account and, with `sourceArn`, of those resources
 * (cross-service confused deputy prevention).
 */
export function newServiceRole(scope: Construct, id: string, props: ServiceRoleProps): iam.Role {
  return new iam.Role(scope, id, {
    description: props.description,
    assumedBy: new iam.ServicePrincipal(props.service).withConditions({
      StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
      ...(props.sourceArn === undefined ? {} : { ArnLike: { 'aws:SourceArn': props.sourceArn } }),
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
