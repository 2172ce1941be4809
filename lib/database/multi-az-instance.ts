import { Tokenization } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  DEFAULT_ALLOCATED_STORAGE_GIB, DEFAULT_INSTANCE_TYPE, DEFAULT_MAX_ALLOCATED_STORAGE_GIB,
  DEFAULT_PORT, LOG_EXPORT, MAX_STORAGE_GIB, POSTGRES_VERSION, UPGRADE_LOG_EXPORT,
} from './database-defaults';
import type { DatabaseTierProps } from './database-tier';
import { addCredentialRotation, BuiltTopology, dbInstanceType, exportedLogGroup, identifier, sharedDatabaseProps, TopologyContext } from './topology-common';
import { acknowledge, acknowledgeCompliance, COMPLIANCE_PACKS, HIPAA_SECURITY, NIST_800_53_R5 } from '../private/acknowledgements';
import { isToken } from '../private/validation';

/** The MULTI_AZ_INSTANCE topology: what it adds to {@link BuiltTopology}. */
export interface BuiltMultiAzInstance extends BuiltTopology {
  readonly instance: rds.DatabaseInstance;
  readonly readReplica: rds.DatabaseInstanceReadReplica;
  /** The primary's allocated storage, in GiB. */
  readonly allocatedStorageGiB: number;
  /** The storage type of the primary and the read replica. */
  readonly storageType: rds.StorageType;
}

/** The storage of the primary and the read replica. */
const STORAGE_TYPE = rds.StorageType.GP3;

/**
 * RDS for PostgreSQL: a Multi-AZ DB instance (synchronous standby, RDS picks the primary's zone) and a read replica
 * pinned to zone 2, each with its PostgreSQL and upgrade log groups, and the rotation of the master credentials.
 */
export function buildMultiAzInstance(ctx: TopologyContext, props: DatabaseTierProps): BuiltMultiAzInstance {
  const tier = ctx.tier;
  const engine = rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION });
  const instanceType = props.instanceType ?? DEFAULT_INSTANCE_TYPE;
  const allocatedStorage = props.allocatedStorageGiB ?? DEFAULT_ALLOCATED_STORAGE_GIB;
  const maxAllocatedStorage = props.maxAllocatedStorageGiB ?? defaultMaxAllocatedStorage(allocatedStorage);
  const parameterGroup = rds.ParameterGroup.forInstance(tier, 'ParameterGroup', {
    engine,
    description: 'MultiAzHaPlatform database: TLS required, max_connections',
    parameters: { 'rds.force_ssl': '1', 'max_connections': Tokenization.stringifyNumber(ctx.maxConnections) },
  });

  const primaryId = identifier(tier, 'primary');
  const replicaId = identifier(tier, 'replica');
  const primaryLogs = exportedLogGroup(ctx, 'InstanceLogGroup', `/aws/rds/instance/${primaryId}/${LOG_EXPORT}`);
  const replicaLogs = exportedLogGroup(ctx, 'ReadReplicaLogGroup', `/aws/rds/instance/${replicaId}/${LOG_EXPORT}`);
  const primaryUpgradeLogs = exportedLogGroup(ctx, 'InstanceUpgradeLogGroup',
    `/aws/rds/instance/${primaryId}/${UPGRADE_LOG_EXPORT}`);
  const replicaUpgradeLogs = exportedLogGroup(ctx, 'ReadReplicaUpgradeLogGroup',
    `/aws/rds/instance/${replicaId}/${UPGRADE_LOG_EXPORT}`);

  const shared = sharedInstanceProps(ctx, instanceType, parameterGroup);
  // Multi-AZ: RDS rejects AvailabilityZone on a Multi-AZ instance and picks the primary's zone itself.
  const instance = new rds.DatabaseInstance(tier, 'Instance', {
    ...shared,
    engine,
    instanceIdentifier: primaryId,
    multiAz: true,
    allowMajorVersionUpgrade: false,
    credentials: rds.Credentials.fromSecret(ctx.credentials),
    databaseName: ctx.databaseName,
    allocatedStorage,
    maxAllocatedStorage,
    storageEncrypted: true,
    storageEncryptionKey: ctx.key,
    backupRetention: ctx.backupRetention,
    preferredBackupWindow: ctx.backupWindow,
  });
  instance.node.addDependency(primaryLogs, primaryUpgradeLogs);

  // RDS takes no final snapshot of a read replica (its data is the primary's); SNAPSHOT is CDK's default for instances.
  const readReplica = new rds.DatabaseInstanceReadReplica(tier, 'ReadReplica', {
    ...shared,
    sourceDatabaseInstance: instance,
    instanceIdentifier: replicaId,
    availabilityZone: ctx.zone2,
    // Encryption and its key are inherited from the primary: CloudFormation asks not to repeat them on a replica.
    maxAllocatedStorage,
  });
  readReplica.node.addDependency(replicaLogs, replicaUpgradeLogs);
  acknowledgeInstanceFindings(instance, readReplica, ctx.port);

  const rotation = addCredentialRotation(ctx, instance);

  return {
    instance,
    readReplica,
    allocatedStorageGiB: allocatedStorage,
    storageType: STORAGE_TYPE,
    instanceType,
    parameterGroup,
    instanceParameterGroup: parameterGroup,
    writerEndpoint: instance.instanceEndpoint,
    readerEndpoint: readReplica.instanceEndpoint,
    logGroups: [primaryLogs, replicaLogs, primaryUpgradeLogs, replicaUpgradeLogs],
    secret: instance.secret!,
    rotation,
  };
}

/** What the primary and the read replica share. */
function sharedInstanceProps(ctx: TopologyContext, instanceType: string, parameterGroup: rds.IParameterGroup) {
  return {
    ...sharedDatabaseProps(ctx),
    instanceType: dbInstanceType(instanceType),
    parameterGroup,
    storageType: STORAGE_TYPE,
    publiclyAccessible: false,
    cloudwatchLogsExports: [LOG_EXPORT, UPGRADE_LOG_EXPORT],
  };
}

/** The rule findings the read replica (and, on 5432, both instances) keep, with the reasons. */
function acknowledgeInstanceFindings(instance: rds.DatabaseInstance, readReplica: rds.DatabaseInstanceReadReplica, port: number): void {
  const replicaEncrypted = 'The read replica is encrypted: a same-Region replica inherits storage encryption and ' +
    'the customer-managed KMS key of its encrypted primary, and CloudFormation documents that StorageEncrypted ' +
    'and KmsKeyId must not be set next to SourceDBInstanceIdentifier (they only apply to cross-Region replicas).';
  acknowledge(readReplica, 'AwsSolutions-RDS2', replicaEncrypted);
  acknowledgeCompliance(readReplica, COMPLIANCE_PACKS, 'RDSStorageEncrypted', replicaEncrypted);
  const replicaSingleAz = 'The read replica serves reads from zone 2 and is not itself Multi-AZ: the primary is a ' +
    'Multi-AZ DB instance with a synchronous standby, and a lost replica is rebuilt from the primary without data loss.';
  acknowledge(readReplica, 'AwsSolutions-RDS3', replicaSingleAz);
  acknowledgeCompliance(readReplica, [NIST_800_53_R5, HIPAA_SECURITY], 'RDSMultiAZSupport', replicaSingleAz);
  acknowledgeCompliance(readReplica, [NIST_800_53_R5, HIPAA_SECURITY], 'RDSInBackupPlan',
    'The read replica holds no data of its own: it replays the primary, which is in the tier\'s AWS Backup plan ' +
    '(daily snapshots kept 35 days) and keeps automated backups with point-in-time recovery. A snapshot of the ' +
    'replica would be a second copy of the same data.');
  if (port === DEFAULT_PORT) {
    for (const db of [instance, readReplica]) {
      acknowledge(db, 'AwsSolutions-RDS11',
        'PostgreSQL keeps its standard port 5432 so clients and tooling work unchanged; the database sits in ' +
        'isolated subnets and its security group admits only the platform\'s own tiers, so a non-default port ' +
        'would add no protection.');
    }
  } else {
    acknowledge(readReplica, 'AwsSolutions-RDS11',
      `The read replica listens on \`database.port\` (${port}), not PostgreSQL's default, like its primary, ` +
      'which passes this rule. The rule cannot tell for a read replica: a replica has no Engine property (it takes ' +
      'its primary\'s), and the rule fails every DB instance without one.');
  }
}

/** 1000 GiB, or twice the allocated storage; none when the 65,536 GiB ceiling leaves under 10 % headroom. */
function defaultMaxAllocatedStorage(allocated: number): number | undefined {
  if (isToken(allocated)) {
    return undefined;
  }
  const max = Math.min(MAX_STORAGE_GIB, Math.max(DEFAULT_MAX_ALLOCATED_STORAGE_GIB, 2 * allocated));
  return max >= minimumAutoscalingCeiling(allocated) ? max : undefined;
}

/** RDS requires the storage autoscaling ceiling at least 10 % above the allocated storage. */
export function minimumAutoscalingCeiling(allocated: number): number {
  return Math.ceil(allocated * 1.1);
}
