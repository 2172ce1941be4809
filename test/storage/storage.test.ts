import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PlatformErrors } from '../../lib';
import { StorageTier, StorageTierOptions } from '../../lib/storage/storage-tier';
import { errorOf, expectConfigurationError } from '../support/errors';
import { buildPlatform, logicalIdOf, once, resourcesOf, withTemplate } from '../support/fixtures';
import { expectMetricMethod } from '../support/metric-assertions';
import { REPLICATED_STORAGE } from '../support/tier-apps';
import { newTierStack } from '../support/tier-fixtures';

const BUCKET = 'AWS::S3::Bucket';
const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
const DESTINATION_BUCKET_ARN = REPLICATED_STORAGE.replicationDestinationBucketArn!;
const DESTINATION_KEY_ARN = REPLICATED_STORAGE.replicationDestinationKmsKeyArn!;

/** The storage tier as the platform wires it: read-write for the app and worker roles. */
function buildStorageTier(options: StorageTierOptions = {}) {
  const fixture = newTierStack();
  const tier = new StorageTier(fixture.stack, 'StorageTier', options);
  tier.grantReadWrite(fixture.appRole);
  tier.grantReadWrite(fixture.workerRole);
  return { ...fixture, tier };
}

function synthStorageTier(options: StorageTierOptions = {}) {
  return withTemplate(buildStorageTier(options));
}

/** The default tier, synthesized once for this file. */
const defaultTier = once(() => synthStorageTier());

/** A tier replicating to another region, with a shorter version retention, synthesized once for this file. */
const replicatedTier = once(() => synthStorageTier(REPLICATED_STORAGE));

function resourceOf(template: Template, type: string, construct: { node: any }): any {
  return resourcesOf(template, type)[logicalIdOf(construct as any)];
}

/** The statements of the bucket policy attached to a bucket. */
function bucketPolicyStatements(template: Template, bucket: s3.Bucket): any[] {
  const policies = Object.values(resourcesOf(template, BUCKET_POLICY))
    .filter((policy) => policy.Properties.Bucket.Ref === logicalIdOf(bucket));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

const PUBLIC_ACCESS_BLOCKED = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
const ACLS_DISABLED = { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] };

describe('bucket (guarantee 4)', () => {
  test('versioned, KMS-encrypted with the tier\'s key and bucket keys, private, ACLs disabled, retained', () => {
    const { template, tier } = defaultTier();
    expect(resourceOf(template, BUCKET, tier.bucket)).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] } },
          }],
        },
        PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCKED,
        OwnershipControls: ACLS_DISABLED,
      },
    });
    expect(resourceOf(template, 'AWS::KMS::Key', tier.key)).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  test('a failed first deployment deletes the bucket and its key; only the access log bucket, which S3 may already have written to, stays', () => {
    const { template } = defaultTier();
    const resources = template.toJSON().Resources as Record<string, any>;
    const byPolicy = (policy: string) => Object.entries(resources)
      .filter(([id, r]) => id.startsWith('StorageTier') && r.DeletionPolicy === policy).map(([id]) => id).sort();
    expect(byPolicy('RetainExceptOnCreate')).toEqual(['StorageTierBucketD437D1EE', 'StorageTierKey8BF74F5D']);
    expect(byPolicy('Retain')).toEqual(['StorageTierAccessLogsBucketA9D1B3E8']);
  });

  test('requests without TLS, or with TLS older than 1.2, are denied', () => {
    const { template, tier } = defaultTier();
    const bucketAndObjects = [
      { 'Fn::GetAtt': [logicalIdOf(tier.bucket), 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(tier.bucket), 'Arn'] }, '/*']] },
    ];
    expect(bucketPolicyStatements(template, tier.bucket)).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: bucketAndObjects,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: bucketAndObjects,
        Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
      },
    ]);
  });

  test('logical IDs of the stateful resources are pinned here', () => {
    const { tier } = defaultTier();
    expect({ bucket: logicalIdOf(tier.bucket), key: logicalIdOf(tier.key), accessLogsBucket: logicalIdOf(tier.accessLogsBucket) })
      .toEqual({ bucket: 'StorageTierBucketD437D1EE', key: 'StorageTierKey8BF74F5D', accessLogsBucket: 'StorageTierAccessLogsBucketA9D1B3E8' });
  });
});

describe('server access logs', () => {
  test('the bucket logs access to the tier\'s access log bucket, under bucket/', () => {
    const { template, tier } = defaultTier();
    expect(resourceOf(template, BUCKET, tier.bucket).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalIdOf(tier.accessLogsBucket) },
      LogFilePrefix: 'bucket/',
    });
  });

  test('the access log bucket is SSE-S3 (the only encryption log delivery supports), private, retained, expiring logs after a year', () => {
    const { template, tier } = defaultTier();
    expect(resourceOf(template, BUCKET, tier.accessLogsBucket)).toEqual({
      Type: BUCKET,
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCKED,
        OwnershipControls: ACLS_DISABLED,
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [{ Id: 'ExpireAccessLogs', Status: 'Enabled', ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }],
        },
      },
    });
  });

  test('only S3 log delivery, for this bucket of this account, may write the logs; TLS 1.2 is required', () => {
    const { template, tier } = defaultTier();
    const statements = bucketPolicyStatements(template, tier.accessLogsBucket);
    expect(statements.map((s) => s.Condition)).toEqual(expect.arrayContaining([
      { Bool: { 'aws:SecureTransport': 'false' } },
      { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    ]));
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(tier.accessLogsBucket), 'Arn'] }, '/bucket/*']] },
      Condition: {
        ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(tier.bucket), 'Arn'] } },
        StringEquals: { 'aws:SourceAccount': '123456789012' },
      },
    }]);
  });
});

describe('lifecycle', () => {
  test('noncurrent versions expire after 90 days, forgotten multipart uploads are aborted after 7', () => {
    const { template, tier } = defaultTier();
    expect(resourceOf(template, BUCKET, tier.bucket).Properties.LifecycleConfiguration).toEqual({
      Rules: [{
        Id: 'ExpireNoncurrentVersions',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        ExpiredObjectDeleteMarker: true,
      }],
    });
  });

  test('noncurrentVersionExpirationDays overrides the 90 days', () => {
    const { template, tier } = replicatedTier();
    expect(resourceOf(template, BUCKET, tier.bucket).Properties.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration)
      .toEqual({ NoncurrentDays: 30 });
  });
});

describe('cross-region replication', () => {
  test('none by default: no replication configuration, no replication role', () => {
    const { template, tier } = defaultTier();
    expect(resourceOf(template, BUCKET, tier.bucket).Properties.ReplicationConfiguration).toBeUndefined();
    expect(tier.replicationRole).toBeUndefined();
    template.resourcePropertiesCountIs('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' } })] }),
    }, 0);
  });

  test('every object and delete marker is replicated, re-encrypted with the destination key', () => {
    const { template, tier } = replicatedTier();
    expect(resourceOf(template, BUCKET, tier.bucket).Properties.ReplicationConfiguration).toEqual({
      Role: { 'Fn::GetAtt': [logicalIdOf(tier.replicationRole!), 'Arn'] },
      Rules: [{
        Id: 'ReplicateEverything',
        Status: 'Enabled',
        Priority: 0,
        Filter: { Prefix: '' },
        Destination: { Bucket: DESTINATION_BUCKET_ARN, EncryptionConfiguration: { ReplicaKmsKeyID: DESTINATION_KEY_ARN } },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        DeleteMarkerReplication: { Status: 'Enabled' },
      }],
    });
  });

  test('the replication role, assumed by S3, may do exactly what replicating KMS-encrypted objects needs, through its customer-managed policy', () => {
    const { template, tier } = replicatedTier();
    const role = tier.replicationRole!;
    expect(resourceOf(template, 'AWS::IAM::Role', role).Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 's3.amazonaws.com' } },
    ]);
    // No inline policy on the role: its permissions are the customer-managed ReplicationPolicy's alone.
    expect(role.node.tryFindChild('DefaultPolicy')).toBeUndefined();
    expect(resourceOf(template, 'AWS::IAM::Role', role).Properties.Policies).toBeUndefined();
    expect(resourceOf(template, 'AWS::IAM::Role', role).Properties.ManagedPolicyArns).toBeUndefined();
    expect(Object.keys(resourcesOf(template, 'AWS::IAM::Policy')).filter((id) => id.startsWith('StorageTier'))).toEqual([]);
    const bucketArn = { 'Fn::GetAtt': [logicalIdOf(tier.bucket), 'Arn'] };
    const objects = { 'Fn::Join': ['', [bucketArn, '/*']] };
    expect(tier.replicationPolicy!.node.path).toBe('TierStack/StorageTier/ReplicationPolicy');
    const policy = resourceOf(template, 'AWS::IAM::ManagedPolicy', tier.replicationPolicy!);
    expect(policy.Properties.Description).toBe('Replication of the MultiAzHaPlatform storage bucket to its destination bucket');
    expect(policy.Properties.Roles).toEqual([{ Ref: logicalIdOf(role) }]);
    expect(policy.Properties.Users).toBeUndefined();
    expect(policy.Properties.Groups).toBeUndefined();
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: bucketArn },
      {
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: objects,
      },
      {
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: `${DESTINATION_BUCKET_ARN}/*`,
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] },
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, objects] },
        },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: DESTINATION_KEY_ARN,
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [DESTINATION_BUCKET_ARN, `${DESTINATION_BUCKET_ARN}/*`] },
        },
      },
    ]);
    // The wildcard findings are acknowledged on the policy that holds the wildcards, not on the role.
    const acknowledged = (construct: { node: any }) => construct.node.metadata
      .filter((m: any) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m: any) => Object.keys(m.data).map((id) => id.replace(/^Annotation::/, '')));
    expect(acknowledged(tier.replicationPolicy!)).toEqual([
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(tier.bucket)}.Arn>/*]`,
      `AwsSolutions-IAM5[Resource::${DESTINATION_BUCKET_ARN}/*]`,
    ]);
    expect(acknowledged(role)).toEqual([]);
  });

  test('destination ARNs known only at deploy time are not checked at synth', () => {
    expect(() => buildStorageTier({
      replicationDestinationBucketArn: Fn.importValue('ReplicaBucketArn'),
      replicationDestinationKmsKeyArn: Fn.importValue('ReplicaKeyArn'),
    })).not.toThrow();
  });
});

describe('grantReadWrite', () => {
  test('objects of this bucket (no version deletes), listing, and the key through S3 only: nothing else', () => {
    const { template, tier, appRole } = defaultTier();
    const bucketArn = { 'Fn::GetAtt': [logicalIdOf(tier.bucket), 'Arn'] };
    const policy = resourceOf(template, 'AWS::IAM::Policy', appRole.node.findChild('DefaultPolicy'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        Resource: { 'Fn::Join': ['', [bucketArn, '/*']] },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
    ]);
  });
});

describe('metrics', () => {
  test.each([
    ['metricBucketSizeBytes', 'BucketSizeBytes', 'StandardStorage'],
    ['metricNumberOfObjects', 'NumberOfObjects', 'AllStorageTypes'],
  ] as const)('%s reads the daily AWS/S3 %s of the bucket (the average over 1 day)', (method, metricName, storageType) => {
    const { stack, tier } = defaultTier();
    const metric = expectMetricMethod((props) => tier[method](props),
      { namespace: 'AWS/S3', metricName, statistic: cloudwatch.Stats.AVERAGE, period: Duration.days(1) }, cloudwatch.Stats.MAXIMUM);
    expect(stack.resolve(metric.dimensions)).toEqual({ BucketName: { Ref: logicalIdOf(tier.bucket) }, StorageType: storageType });
  });

  test('metric reads any AWS/S3 metric of the bucket, with the dimensions given added to the bucket\'s', () => {
    const { stack, tier } = defaultTier();
    const metric = tier.metric('AllRequests', { statistic: cloudwatch.Stats.SUM, dimensionsMap: { FilterId: 'EntireBucket' } });
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toDays()]).toEqual(['AWS/S3', 'AllRequests', cloudwatch.Stats.SUM, 1]);
    expect(stack.resolve(metric.dimensions)).toEqual({ BucketName: { Ref: logicalIdOf(tier.bucket) }, FilterId: 'EntireBucket' });
    expect(stack.resolve(tier.metric('BucketSizeBytes').dimensions)).toEqual({ BucketName: { Ref: logicalIdOf(tier.bucket) } });
    expect(tier.metric('BucketSizeBytes').statistic).toBe(cloudwatch.Stats.AVERAGE);
  });
});

describe('bad input', () => {
  test.each([
    [{ noncurrentVersionExpirationDays: 0 }, /^`noncurrentVersionExpirationDays` must be at least 1, got 0/],
    [{ noncurrentVersionExpirationDays: 1.5 }, /^`noncurrentVersionExpirationDays` must be a whole number, got 1.5/],
    [{ replicationDestinationBucketArn: DESTINATION_BUCKET_ARN, replicationDestinationKmsKeyArn: 'alias/replica' },
      /^`replicationDestinationKmsKeyArn` must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key\/<key id>, got 'alias\/replica'/],
    [{ replicationDestinationBucketArn: DESTINATION_BUCKET_ARN },
      /^`replicationDestinationKmsKeyArn` must be given with `replicationDestinationBucketArn` \(the objects are KMS-encrypted, .*\), got undefined/],
    [{ replicationDestinationKmsKeyArn: DESTINATION_KEY_ARN },
      /^`replicationDestinationKmsKeyArn` must be left unset unless `replicationDestinationBucketArn` is given, got 'arn:aws:kms:/],
  ] as Array<[StorageTierOptions, RegExp]>)('fails when storage is %j', (options, message) => {
    expect(() => new StorageTier(new Stack(), 'StorageTier', options)).toThrow(message);
  });

  test.each([
    'my-bucket',
    'arn:aws:s3:::ab',
    'arn:aws:sqs:eu-west-1:123456789012:q',
    'arn:aws:s3:::My-Bucket',
    'arn:aws:s3:::my..bucket',
    'arn:aws:s3:::192.168.1.1',
    'arn:aws:s3:::my-bucket/prefix',
    'arn:aws:s3:::xn--bucket',
  ])('fails when storage.replicationDestinationBucketArn is %s', (arn) => {
    const escaped = arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    expect(() => new StorageTier(new Stack(), 'StorageTier', { ...REPLICATED_STORAGE, replicationDestinationBucketArn: arn })).toThrow(new RegExp(
      '^`replicationDestinationBucketArn` must be an S3 bucket ARN, arn:<partition>:s3:::<bucket name> \\(3 to 63 ' +
      `lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit\\), got '${escaped}'`));
  });

  test('a storage tier used on its own names its own props, and the construct, for every jsii language', () => {
    const caught = errorOf(() => new StorageTier(new Stack(undefined, 'Alone'), 'StorageTier', { replicationDestinationBucketArn: DESTINATION_BUCKET_ARN }));
    expectConfigurationError(caught, 'replicationDestinationKmsKeyArn', 'Alone/StorageTier',
      /^`replicationDestinationKmsKeyArn` must be given with `replicationDestinationBucketArn` \(/);
  });

  test('under the platform, the same error names the platform\'s props', () => {
    const caught = errorOf(() => buildPlatform({ storage: { replicationDestinationBucketArn: DESTINATION_BUCKET_ARN } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('storage.replicationDestinationKmsKeyArn');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform/Storage');
    expect(caught.message).toMatch(/^`storage\.replicationDestinationKmsKeyArn` must be given with `storage\.replicationDestinationBucketArn` \(/);
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over a default and a replicating storage tier (fixed and
// environment-agnostic), with every other tier's checks, in one synth each.
