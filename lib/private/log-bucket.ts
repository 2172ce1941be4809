import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeCompliance, COMPLIANCE_PACKS } from './acknowledgements';

/** What a bucket of AWS-delivered logs receives, who writes it, and why it keeps SSE-S3. */
export interface LogBucketProps {
  /** The logs, as the acknowledgements name them: `the load balancers' access logs`. */
  readonly receives: string;
  /** The same logs as the subject of a sentence: `Load balancer access logs`. */
  readonly logsName: string;
  /** Who alone may write, as the bucket policy says: `Elastic Load Balancing write`. */
  readonly writer: string;
  /** Why the delivering service needs SSE-S3 (with the source that says so). */
  readonly sseS3Only: string;
  /** The oldest TLS version the bucket accepts, when stricter than any TLS. */
  readonly minimumTLSVersion?: number;
  /** Appended to why the bucket is not replicated: where else the logs are. */
  readonly alsoIn?: string;
  /**
   * Whether the compliance packs' S3BucketLoggingEnabled applies (it does not to the destination of S3 server access
   * logging, which those packs accept unlogged).
   */
  readonly acknowledgeLoggingCompliance: boolean;
}

/**
 * A bucket that receives logs an AWS service delivers: SSE-S3 (log delivery writes to no KMS-encrypted bucket),
 * private, TLS only, versioned, its logs kept a year, and kept when the stack is deleted or its first deployment rolls
 * back (logs may be in it already, and S3 deletes no bucket with objects); with the rule findings it keeps and why.
 */
export function newLogBucket(scope: Construct, id: string, props: LogBucketProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: props.minimumTLSVersion,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { id: 'ExpireAccessLogs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
    ],
  });
  const tls = props.minimumTLSVersion === undefined ? 'TLS' : `TLS ${props.minimumTLSVersion.toFixed(1)}`;
  const noAccessLogs = `This bucket only receives ${props.receives}; logging access to it would write a log of every ` +
    `log delivery. Its policy lets only ${props.writer}, and denies requests without ${tls}.`;
  acknowledge(bucket, 'AwsSolutions-S1', noAccessLogs);
  if (props.acknowledgeLoggingCompliance) {
    acknowledgeCompliance(bucket, COMPLIANCE_PACKS, 'S3BucketLoggingEnabled', noAccessLogs);
  }
  acknowledgeCompliance(bucket, COMPLIANCE_PACKS, 'S3DefaultEncryptionKMS', `${props.sseS3Only} The logs are encrypted ` +
    `at rest with AES-256; the bucket blocks public access, disables ACLs and denies requests without ${tls}.`);
  acknowledgeCompliance(bucket, COMPLIANCE_PACKS, 'S3BucketReplicationEnabled', `${props.logsName} are operational ` +
    'records kept for a year, not data the platform restores from. The bucket is versioned, kept when the stack is ' +
    'deleted, and S3 stores it across at least three availability zones of the Region, so the loss of either ' +
    `platform zone loses no log${props.alsoIn ?? ''}.`);
  return bucket;
}
