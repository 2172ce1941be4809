import { ArnFormat, Aws, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Keeps a resource and its data when the stack is deleted or the resource replaced, but deletes it when the
 * stack's first deployment rolls back (CloudFormation `DeletionPolicy: RetainExceptOnCreate`, `UpdateReplacePolicy:
 * Retain`). With plain RETAIN a failed first create leaves every such resource behind, and a search domain or a
 * broker left in the isolated subnets keeps its network interfaces there, so the subnets and the VPC cannot be
 * deleted either. https://aws.amazon.com/about-aws/whats-new/2023/07/aws-cloudformation-deletion-policies-dev-test-cycle/
 */
export const KEEP_EXCEPT_ON_FAILED_CREATE = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/**
 * A customer-managed KMS key with rotation, kept when the stack is deleted (data encrypted with it stays readable),
 * deleted when the stack's first deployment rolls back (KEEP_EXCEPT_ON_FAILED_CREATE). Its policy lets only AWS
 * services create grants on it (see {@link denyGrantsNotForAwsResources}).
 * @param removalPolicy KEEP_EXCEPT_ON_FAILED_CREATE unless given
 */
export function newTierKey(scope: Construct, id: string, description: string,
  removalPolicy: RemovalPolicy = KEEP_EXCEPT_ON_FAILED_CREATE): kms.Key {
  const key = new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy,
  });
  denyGrantsNotForAwsResources(key);
  return key;
}

/** Sid of the key-policy statement {@link denyGrantsNotForAwsResources} adds. */
export const DENY_GRANTS_SID = 'DenyGrantsNotForAwsResources';

/**
 * Denies `kms:CreateGrant` unless an AWS service asks: for a resource of its own on a caller's behalf
 * (`kms:GrantIsForAWSResource`: RDS, ElastiCache, OpenSearch, Amazon MQ, Amazon Managed Service for Prometheus and
 * Secrets Manager create their grants so, through the caller's forward access session) or as a service principal
 * (`aws:PrincipalIsAWSService`). A person or a role of the account can no longer hand the key's use to another
 * principal with a grant, which the account's `kms:*` statement would otherwise allow. AWS Control Tower's
 * CT.KMS.PR.3 asks for exactly this statement (`BoolIfExists`, both keys false).
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html
 */
function denyGrantsNotForAwsResources(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: DENY_GRANTS_SID,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
    },
  }));
}

/** Lets CloudWatch Logs in this region encrypt log groups of this account with the key. */
export function allowCloudWatchLogs(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
}

/**
 * A log group encrypted with the key (which must allow CloudWatch Logs), kept when the stack is deleted, deleted
 * when the stack's first deployment rolls back (KEEP_EXCEPT_ON_FAILED_CREATE).
 * @param removalPolicy KEEP_EXCEPT_ON_FAILED_CREATE unless given
 */
export function newEncryptedLogGroup(scope: Construct, id: string, key: kms.IKey, retention: logs.RetentionDays,
  removalPolicy: RemovalPolicy = KEEP_EXCEPT_ON_FAILED_CREATE): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    encryptionKey: key,
    retention,
    removalPolicy,
  });
}

/**
 * Lets CloudWatch Logs vended log delivery (AWS WAF logs, AWS FIS experiment logs) write to one log group: a statement
 * with its own Sid in the given account-level resource policy, declared here rather than added by the service at deploy
 * time in a policy of its own (an account has at most 10 per Region), and scoped to this log group's streams.
 */
export function allowVendedLogDelivery(policy: logs.ResourcePolicy, logGroup: logs.ILogGroup, sid: string): void {
  const stack = Stack.of(policy);
  policy.document.addStatements(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroup.logGroupName}:log-stream:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
    },
  }));
}

/** Length of {@link stackCreationId}. */
export const STACK_CREATION_ID_LENGTH = 8;

/**
 * 8 lowercase hex characters that are new each time the stack is created and stay the same across its updates:
 * the first group of the stack's UUID (`arn:...:stack/<name>/<uuid>`; CloudFormation's stack UUIDs are time-based,
 * version 1, and their first group is the fastest-changing part). Appended to the fixed physical name of a resource
 * kept after the stack is deleted (a backup vault, a broker, the log groups RDS names after the database), so that
 * creating the stack again does not collide with what the deleted stack left behind, while an update still finds
 * the same name (a change that would replace the resource keeps failing on the name instead of creating an empty
 * one). A deploy-time value: a Token at synth.
 */
export function stackCreationId(): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
}
