import { Arn, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { validateStorageTierProps } from './validate-storage-tier-props';
import { acknowledge, acknowledgeCompliance, acknowledgeOnGrantee, COMPLIANCE_PACKS } from '../private/acknowledgements';
import { KEEP_EXCEPT_ON_FAILED_CREATE, newTierKey } from '../private/encrypted-logs';
import { newLogBucket } from '../private/log-bucket';
import { propRef, validateProps } from '../private/validation';

/**
 * Options of the storage tier: the platform's object storage bucket, optionally replicated to another region.
 */
export interface StorageTierOptions {
  /**
   * Whether the platform builds the storage tier (read by the platform; the tier itself ignores it).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * ARN of an existing, versioned bucket (in this account, usually another region) that receives a copy of
   * every object and delete marker: the reference architecture's multi-region storage. Requires
   * `replicationDestinationKmsKeyArn`.
   * @default - no replication
   */
  readonly replicationDestinationBucketArn?: string;

  /**
   * ARN of the KMS key (in the destination bucket's region) that encrypts the replicas. Required with
   * `replicationDestinationBucketArn`: every object is KMS-encrypted, and S3 replicates such objects only
   * when it is told the key to re-encrypt them with.
   * @default - no replication
   */
  readonly replicationDestinationKmsKeyArn?: string;

  /**
   * Days an object version is kept after a newer version (or a delete marker) replaces it.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/** Properties of {@link StorageTier}. */
export interface StorageTierProps extends StorageTierOptions {}

const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 7;
const ACCESS_LOGS_PREFIX = 'bucket/';

/**
 * The storage tier: an S3 bucket for the platform's objects. Versioned, encrypted with a customer-managed
 * KMS key (S3 Bucket Keys on, so S3 calls KMS once per bucket key rather than once per object), private
 * (public access blocked, ACLs disabled), reachable only over TLS 1.2 or later, with server access logs to a
 * bucket of its own and lifecycle rules that expire old versions and abort forgotten multipart uploads.
 *
 * Both buckets and the key are kept when the stack is deleted. When the stack's first deployment rolls back, the
 * bucket and the key are deleted (RetainExceptOnCreate; if something wrote objects to the bucket meanwhile, S3
 * refuses and the rollback stops there: empty the bucket, then delete the stack). The access logs bucket is kept
 * even then: S3 may already have delivered logs of the first requests into it, and a bucket with objects would
 * stop the rollback; it holds no data of the platform and ties no network resource.
 *
 * With `replicationDestinationBucketArn`, S3 replicates every new object version and delete marker to that
 * bucket (versioning must be on there), re-encrypted with `replicationDestinationKmsKeyArn`, through a role
 * that may read this bucket's versions for replication and write replicas there, and nothing else.
 */
export class StorageTier extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The customer-managed key that encrypts the bucket's objects. */
  public readonly key: kms.Key;
  /** The bucket receiving the bucket's server access logs (SSE-S3: S3 log delivery supports no other encryption). */
  public readonly accessLogsBucket: s3.Bucket;
  /** The role S3 replicates with. Only when `replicationDestinationBucketArn` is given. */
  public readonly replicationRole?: iam.Role;
  /** The customer managed policy of `replicationRole`. Only when `replicationDestinationBucketArn` is given. */
  public readonly replicationPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: StorageTierProps = {}) {
    super(scope, id);
    validateProps(this, () => validateStorageTierProps(props));
    this.key = newTierKey(this, 'Key', 'Encrypts the objects of the MultiAzHaPlatform storage bucket');
    this.accessLogsBucket = this.newAccessLogsBucket();
    const replication = this.replicationTarget(props);
    // S3 assumes the role; the bucket's replication configuration names it. Its policy comes below.
    this.replicationRole = replication && new iam.Role(this, 'ReplicationRole', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: 'Replicates the MultiAzHaPlatform storage bucket to its destination bucket',
    });
    this.bucket = this.newBucket(props, replication);
    this.logAccess();
    if (replication && this.replicationRole) {
      this.replicationPolicy = this.grantReplication(this.replicationRole, replication);
    } else {
      acknowledgeCompliance(this.bucket, COMPLIANCE_PACKS, 'S3BucketReplicationEnabled',
        'Cross-region replication needs a destination bucket in another Region, which this single-Region stack ' +
        'cannot create: the platform replicates every object version and delete marker once ' +
        `${propRef(this, 'replicationDestinationBucketArn')} names one (and this acknowledgement then goes away). Until ` +
        'then the bucket is versioned (old versions kept 90 days by default), KMS-encrypted, kept when the stack ' +
        'is deleted, and S3 stores it across at least three availability zones of the Region.');
    }
  }

  /** The bucket of the storage bucket's server access logs (SSE-S3, the only encryption S3 logging writes to). */
  private newAccessLogsBucket(): s3.Bucket {
    return newLogBucket(this, 'AccessLogsBucket', {
      receives: 'the storage bucket\'s server access logs',
      logsName: 'Server access logs',
      writer: 'the S3 logging service write, for the storage bucket of this account',
      sseS3Only: 'S3 server access logging delivers only to destination buckets whose default encryption is SSE-S3: ' +
        'the Amazon S3 User Guide (Enabling server access logging) states that default encryption with AWS KMS keys ' +
        '(SSE-KMS) is not supported on the destination bucket.',
      minimumTLSVersion: 1.2,
      acknowledgeLoggingCompliance: false,
    });
  }

  /** The replication destination, when both its bucket and its key are given. */
  private replicationTarget(props: StorageTierProps): ReplicationTarget | undefined {
    if (props.replicationDestinationBucketArn === undefined || props.replicationDestinationKmsKeyArn === undefined) {
      return undefined;
    }
    return {
      bucketArn: props.replicationDestinationBucketArn,
      keyArn: props.replicationDestinationKmsKeyArn,
      bucket: s3.Bucket.fromBucketArn(this, 'ReplicationDestination', props.replicationDestinationBucketArn),
      key: kms.Key.fromKeyArn(this, 'ReplicationDestinationKey', props.replicationDestinationKmsKeyArn),
    };
  }

  private newBucket(props: StorageTierProps, replication?: ReplicationTarget): s3.Bucket {
    return new s3.Bucket(this, 'Bucket', {
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
      lifecycleRules: [{
        id: 'ExpireNoncurrentVersions',
        noncurrentVersionExpiration: Duration.days(
          props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS),
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS),
      }],
      replicationRole: this.replicationRole,
      replicationRules: replication && [{
        id: 'ReplicateEverything',
        priority: 0,
        destination: replication.bucket,
        kmsKey: replication.key,
        sseKmsEncryptedObjects: true,
        deleteMarkerReplication: true,
      }],
    });

  }

  private logAccess(): void {
    const stack = Stack.of(this);
    // Server access logs, set on the L1: the L2's serverAccessLogsBucket lets the app's feature flags choose
    // between a bucket policy and a log-delivery ACL, and ACLs are disabled on the logs bucket.
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.loggingConfiguration = {
      destinationBucketName: this.accessLogsBucket.bucketName,
      logFilePrefix: ACCESS_LOGS_PREFIX,
    };
    this.accessLogsBucket.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.accessLogsBucket.arnForObjects(`${ACCESS_LOGS_PREFIX}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }));
  }

  /**
   * Lets a principal read, write and delete the bucket's objects and list the bucket, with the KMS use
   * that needs (through S3 only), and nothing else: no bucket configuration, no ACLs, and no deletion of
   * specific object versions, so earlier versions stay recoverable until the lifecycle rule expires them.
   */
  public grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
    }).combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resourceArns: [this.bucket.arnForObjects('*')],
    })).combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resourceArns: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
    }));
    acknowledgeOnGrantee(grantee.grantPrincipal, this.objectsFinding(),
      'The principal works with the objects of this one bucket, whose keys the application chooses at run ' +
      'time; the wildcard covers object keys in this bucket only, with object-level actions only.');
    return grant;
  }

  /**
   * Any S3 metric of the bucket (`AWS/S3`, dimension `BucketName`); dimensions given in `props.dimensionsMap` are
   * added to it (`StorageType` for the daily storage metrics, `FilterId` for request metrics).
   *
   * @default Average over 1 day
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName,
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.days(1),
      ...props,
      dimensionsMap: { BucketName: this.bucket.bucketName, ...props?.dimensionsMap },
    });
  }

  /**
   * Total size of the bucket's objects in S3 Standard, in bytes (a daily S3 storage metric).
   *
   * @default Average over 1 day
   */
  public metricBucketSizeBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BucketSizeBytes', { ...props, dimensionsMap: { StorageType: 'StandardStorage', ...props?.dimensionsMap } });
  }

  /**
   * Number of objects (all versions, all storage classes) in the bucket (a daily S3 storage metric).
   *
   * @default Average over 1 day
   */
  public metricNumberOfObjects(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfObjects', { ...props, dimensionsMap: { StorageType: 'AllStorageTypes', ...props?.dimensionsMap } });
  }

  /**
   * The replication role's permissions, after the S3 documentation's SSE-KMS replication policy: read the
   * replication configuration and object versions here, replicate into the destination, decrypt with the
   * source key and encrypt with the destination key, each key only through S3 in its own region.
   */
  private grantReplication(role: iam.Role, target: ReplicationTarget): iam.ManagedPolicy {
    const region = Stack.of(this).region;
    // A customer managed policy (IAM keeps its versions), attached to the replication role only.
    const policy = new iam.ManagedPolicy(this, 'ReplicationPolicy', {
      description: 'Replication of the MultiAzHaPlatform storage bucket to its destination bucket',
      roles: [role],
    });
    policy.addStatements(new iam.PolicyStatement({
      actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      resources: [this.bucket.bucketArn],
    }));
    policy.addStatements(new iam.PolicyStatement({
      actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      resources: [this.bucket.arnForObjects('*')],
    }));
    policy.addStatements(new iam.PolicyStatement({
      actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      resources: [`${target.bucketArn}/*`],
    }));
    policy.addStatements(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [this.key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
        // With S3 Bucket Keys the encryption context is the bucket ARN, without them the object ARN.
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [this.bucket.bucketArn, this.bucket.arnForObjects('*')] },
      },
    }));
    policy.addStatements(new iam.PolicyStatement({
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [target.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${Arn.split(target.keyArn, ArnFormat.SLASH_RESOURCE_NAME).region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [target.bucketArn, `${target.bucketArn}/*`] },
      },
    }));

    const reason = 'S3 replication reads object versions of the source bucket and writes replicas into the ' +
      'destination bucket, object by object, whatever their keys: the wildcard covers the objects of one bucket.';
    acknowledge(policy, this.objectsFinding(), reason);
    if (!Token.isUnresolved(target.bucketArn)) {
      acknowledge(policy, `AwsSolutions-IAM5[Resource::${target.bucketArn}/*]`, reason);
    }
    return policy;
  }

  /** The cdk-nag finding of a policy that names every object of the bucket. */
  private objectsFinding(): string {
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/*]`;
  }
}

interface ReplicationTarget {
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
}
