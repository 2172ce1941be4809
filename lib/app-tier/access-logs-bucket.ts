import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeCompliance, COMPLIANCE_PACKS } from '../private/acknowledgements';

/** The bucket of the zone load balancers' access logs, kept a year, with the rule findings it keeps and why. */
export function newAccessLogsBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogsBucket', {
    // Load balancer access logs support SSE-S3 only.
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    // Not RetainExceptOnCreate: once a load balancer logs, the bucket holds objects and a rollback could not delete it.
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { id: 'ExpireAccessLogs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
    ],
  });
  const noAccessLogs = 'This bucket only receives the load balancers\' access logs; logging access to it would ' +
    'write a log of every log delivery. Its policy lets only Elastic Load Balancing write, and denies requests ' +
    'without TLS.';
  acknowledge(bucket, 'AwsSolutions-S1', noAccessLogs);
  acknowledgeCompliance(bucket, COMPLIANCE_PACKS, 'S3BucketLoggingEnabled', noAccessLogs);
  acknowledgeCompliance(bucket, COMPLIANCE_PACKS, 'S3DefaultEncryptionKMS',
    'Elastic Load Balancing writes access logs only to buckets encrypted with Amazon S3 managed keys (SSE-S3): ' +
    'the Application Load Balancer guide lists SSE-S3 as the only supported server-side encryption, and ' +
    'aws-cdk-lib refuses a KMS-encrypted access log bucket. The logs are encrypted at rest with AES-256; the ' +
    'bucket blocks public access, disables ACLs and denies requests without TLS.');
  acknowledgeCompliance(bucket, COMPLIANCE_PACKS, 'S3BucketReplicationEnabled',
    'Load balancer access logs are operational records kept for a year, not data the platform restores from. ' +
    'The bucket is versioned, kept when the stack is deleted, and S3 stores it across at least three ' +
    'availability zones of the Region, so the loss of either platform zone loses no log; AWS WAF request logs ' +
    'are also in CloudWatch Logs.');
  return bucket;
}
