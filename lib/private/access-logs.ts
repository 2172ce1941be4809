import { Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';

/**
 * Sends an ALB's access logs to a bucket.
 *
 * With a concrete region this is aws-cdk-lib's `logAccessLogs`. aws-cdk-lib refuses an
 * environment-agnostic stack, because the principal that writes the logs depends on the region:
 * then the ELB account of the deploy region comes from a CloudFormation mapping of aws-cdk-lib's
 * region facts (every region that has one), and the log delivery service principal covers the
 * regions opened since August 2022.
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
  const objects = bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`);
  const elbAccount = stack.regionalFact(FactName.ELBV2_ACCOUNT);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(`arn:${stack.partition}:iam::${elbAccount}:root`)],
    resources: [objects],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [objects],
  }));
  // The load balancer checks that it may write before it starts.
  const policy = bucket.policy?.node.defaultChild;
  if (policy) {
    alb.node.addDependency(policy);
  }
}
