import { Aws, CfnCondition, CfnMapping, Fn, ICfnConditionExpression, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/** The principal that writes ALB access logs in the Regions opened since August 2022 (they have no ELB account). */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** CloudFormation accepts 2 to 10 conditions in one Fn::Or. */
const MAX_CONDITIONS_PER_OR = 10;

/**
 * Sends an ALB's access logs to a bucket.
 *
 * With a concrete region this is aws-cdk-lib's `logAccessLogs`, which grants the Region's ELB account, or the log
 * delivery service principal where the Region has no ELB account. aws-cdk-lib refuses an environment-agnostic stack,
 * because the principal depends on the Region, so there the policy decides at deploy time
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
 * - the log delivery service principal may write in every Region;
 * - the ELB account of the Region may write too, only where the Region has one: a condition lists the Regions of
 *   aws-cdk-lib's ELB account facts, so the mapping is only read for a Region it holds. No Region opened since
 *   August 2022 has an ELB account, so a Region missing from the list (one opened after this aws-cdk-lib) is one that
 *   uses the service principal, and a plain `Fn::FindInMap` would have failed there.
 */
export function enableAccessLogs(alb: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(alb);
  if (!Token.isUnresolved(stack.region)) {
    alb.logAccessLogs(bucket, prefix);
    return;
  }
  alb.setAttribute('access_logs.s3.enabled', 'true');
  alb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  alb.setAttribute('access_logs.s3.prefix', prefix);
  const { accounts, hasAccount } = elbAccountsOf(bucket);
  const elbAccountRoot = Fn.conditionIf(hasAccount.logicalId,
    `arn:${stack.partition}:iam::${accounts.findInMap(Aws.REGION, 'account')}:root`,
    Aws.NO_VALUE);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    // Where the Region has no ELB account, Fn::If removes the AWS principal and the service principal remains.
    principals: [new iam.ServicePrincipal(ELB_LOG_DELIVERY_SERVICE), new iam.ArnPrincipal(elbAccountRoot.toString())],
    resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`)],
  }));
  // The load balancer checks that it may write before it starts.
  const policy = bucket.policy?.node.defaultChild;
  if (policy) {
    alb.node.addDependency(policy);
  }
}

/** The Regions that have an ELB account, by aws-cdk-lib's region facts (every partition). */
export function regionsWithElbAccount(): Record<string, string> {
  const accounts: Record<string, string> = {};
  for (const region of RegionInfo.regions) {
    if (region.elbv2Account) {
      accounts[region.name] = region.elbv2Account;
    }
  }
  return accounts;
}

/** One mapping and one condition per bucket, shared by every load balancer that logs to it. */
function elbAccountsOf(bucket: s3.IBucket): { accounts: CfnMapping; hasAccount: CfnCondition } {
  const existing = bucket.node.tryFindChild('ElbAccounts') as CfnMapping | undefined;
  if (existing) {
    return { accounts: existing, hasAccount: bucket.node.findChild('RegionHasElbAccount') as CfnCondition };
  }
  const byRegion = regionsWithElbAccount();
  const accounts = new CfnMapping(bucket, 'ElbAccounts', {
    mapping: Object.fromEntries(Object.entries(byRegion).map(([region, account]) => [region, { account }])),
  });
  const hasAccount = new CfnCondition(bucket, 'RegionHasElbAccount', {
    expression: anyOf(Object.keys(byRegion).map((region) => Fn.conditionEquals(Aws.REGION, region))),
  });
  return { accounts, hasAccount };
}

/** Fn::Or over any number of conditions, nested in groups of at most 10. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) {
    return conditions[0];
  }
  if (conditions.length <= MAX_CONDITIONS_PER_OR) {
    return Fn.conditionOr(...conditions);
  }
  const groups: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += MAX_CONDITIONS_PER_OR) {
    groups.push(anyOf(conditions.slice(i, i + MAX_CONDITIONS_PER_OR)));
  }
  return anyOf(groups);
}
