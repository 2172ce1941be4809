import { ArnFormat, Duration, Names, RemovalPolicy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  acknowledge, acknowledgeCompliance, COMPLIANCE_PACKS, HIPAA_SECURITY, NIST_800_53_R5, warn,
} from '../private/acknowledgements';
import {
  allowCloudWatchLogs, KEEP_EXCEPT_ON_FAILED_CREATE, newTierKey, STACK_CREATION_ID_LENGTH, stackCreationId,
} from '../private/encrypted-logs';
import { checkDays, checkInteger, checkNodeType, fail, isToken } from '../private/validation';

/** How the database tier keeps PostgreSQL available when a zone or an instance fails. */
export enum DatabaseTopology {
  /**
   * RDS for PostgreSQL: a Multi-AZ DB instance (synchronous standby in the other zone, failover typically
   * 60-120 s, which misses the 30 s database recovery target) plus a read replica in zone 2 for read traffic.
   */
  MULTI_AZ_INSTANCE = 'MULTI_AZ_INSTANCE',

  /**
   * The default. Aurora PostgreSQL: a writer in zone 1 and a reader in zone 2 that serves reads and is the
   * failover target (failover typically under 30 s), with more readers added and removed by Application Auto
   * Scaling on their average connections.
   */
  AURORA = 'AURORA',
}

/** Options of the database tier: PostgreSQL over both zones. */
export interface DatabaseTierOptions {
  /**
   * Whether the platform builds the database tier. Read by the platform; the construct itself ignores it.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Aurora PostgreSQL with auto-scaled readers, or an RDS Multi-AZ DB instance with a read replica.
   * @default DatabaseTopology.AURORA (failover typically under 30 s; MULTI_AZ_INSTANCE fails over in 60-120 s)
   */
  readonly topology?: DatabaseTopology;

  /**
   * DB instance class of every instance (Aurora writer and readers; or primary, standby, replica), as RDS spells it.
   * Aurora Auto Scaling gives the readers it adds the writer's class.
   * @default - 'db.r7g.2xlarge' (8 vCPU, 64 GiB) for AURORA: Aurora PostgreSQL has no db.m classes, and its
   *   closest class to the seed's 8 vCPU / 32 GiB keeps the 8 vCPUs (db.r7g.xlarge would halve them to match
   *   the memory; the extra memory goes to the buffer cache). 'db.m7g.2xlarge' (8 vCPU, 32 GiB, the seed's size)
   *   for MULTI_AZ_INSTANCE.
   */
  readonly instanceType?: string;

  /**
   * Allocated gp3 storage of the RDS instance, in GiB (20 to 65,536). Only for MULTI_AZ_INSTANCE: Aurora storage grows on its own.
   * @default 500
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Upper bound of RDS storage autoscaling, in GiB: at least 10 % above `allocatedStorageGiB`, at most 65,536.
   * Only for MULTI_AZ_INSTANCE.
   * @default - 1000, or twice `allocatedStorageGiB` when that is larger (at most 65,536; no autoscaling when that leaves under 10 % headroom)
   */
  readonly maxAllocatedStorageGiB?: number;

  /**
   * Days automated backups (point-in-time recovery) are kept, 1 to 35. Under 7 warns.
   * @default 14
   */
  readonly backupRetentionDays?: number;

  /**
   * PostgreSQL `max_connections` of every instance (1 to 262,143). 80 % of it is where Aurora adds readers
   * and where the observability tier alarms.
   * @default 1000 (the seed's 800 connections are 80 %)
   */
  readonly maxConnections?: number;

  /**
   * TCP port PostgreSQL listens on (1150 to 65535, the range RDS accepts). The security groups, the credentials
   * secret, the `database/port` parameter and `port` follow it. A port other than PostgreSQL's 5432 meets AWS Control
   * Tower's CT.RDS.PR.20 for the MULTI_AZ_INSTANCE topology (the control does not read Aurora's instances); clients
   * must then name the port (read it from the secret or the parameter).
   *
   * Choose it before the first deployment with MULTI_AZ_INSTANCE: CloudFormation replaces a DB instance whose `Port`
   * changes, so the update fails on the instances' fixed identifiers (rather than creating an empty database). An
   * Aurora cluster changes its port in place.
   * @default 5432
   */
  readonly port?: number;

  /**
   * Name of the database created in the instance or cluster.
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * Fewest Aurora readers Application Auto Scaling keeps (1 to 15). Only for AURORA.
   * @default 1
   */
  readonly readerMinReplicas?: number;

  /**
   * Most Aurora readers Application Auto Scaling may reach (1 to 15). Only for AURORA.
   * @default 3
   */
  readonly readerMaxReplicas?: number;

  /**
   * Whether RDS refuses to delete the database (`DeletionProtection` on the Aurora cluster or the RDS instances),
   * from the first deployment on. Turning it off warns.
   *
   * It also stops CloudFormation: if the stack's first deployment fails after the database was created, the
   * rollback cannot delete it and ends in ROLLBACK_FAILED. Deploy a new stack with `cdk deploy --no-rollback`
   * (CloudFormation's "preserve successfully provisioned resources"): a failure then leaves the stack in
   * CREATE_FAILED with what was created, and the next `cdk deploy` resumes from there once the cause is fixed.
   * After a ROLLBACK_FAILED: `aws rds modify-db-cluster --db-cluster-identifier <id> --no-deletion-protection
   * --apply-immediately` (`modify-db-instance --db-instance-identifier <id>` for the primary and the replica of
   * MULTI_AZ_INSTANCE; the identifiers are in `aws cloudformation describe-stack-resources`), then
   * `aws cloudformation delete-stack` (RDS takes a final snapshot of the still empty database: delete it after).
   * The setting is part of the template so that compliance checks (cdk-nag RDS10, the NIST, HIPAA and PCI packs)
   * and drift detection see it, and no custom resource has to turn it on after the create.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Weekly maintenance window, UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 30 minutes, clear of the backup window.
   * @default 'sun:03:30-sun:04:30'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * Daily backup window, UTC, `hh24:mi-hh24:mi`, at least 30 minutes.
   * @default '02:00-03:00'
   */
  readonly preferredBackupWindow?: string;

  /**
   * How long the PostgreSQL logs exported to CloudWatch Logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of {@link DatabaseTier}. */
export interface DatabaseTierProps extends DatabaseTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /** The isolated subnets of both zones, for the database subnet group. */
  readonly subnets: ec2.SubnetSelection;
  /** The platform's zones: zone 1 (primary) first, then zone 2. */
  readonly availabilityZones: string[];
}

/** PostgreSQL's default port. */
const DEFAULT_PORT = 5432;
/** The ports RDS accepts for a DB instance or cluster (CloudFormation `Port`, valid values 1150-65535). */
const MIN_PORT = 1150;
const MAX_PORT = 65535;
/** RDS DB instance and cluster identifiers: at most 63 letters, digits and hyphens. */
const MAX_IDENTIFIER_LENGTH = 63;
/** The master user RDS creates; its password lives in the tier's secret. */
const MASTER_USERNAME = 'postgres';
/** Aurora: failover typically under 30 s, the seed's database recovery target (RDS Multi-AZ instance: 60-120 s). */
const DEFAULT_TOPOLOGY = DatabaseTopology.AURORA;
const DEFAULT_INSTANCE_TYPE = 'db.m7g.2xlarge';
const DEFAULT_AURORA_INSTANCE_TYPE = 'db.r7g.2xlarge';
const DEFAULT_ALLOCATED_STORAGE_GIB = 500;
const DEFAULT_MAX_ALLOCATED_STORAGE_GIB = 1000;
/** RDS for PostgreSQL gp3 storage limits. */
const MIN_STORAGE_GIB = 20;
const MAX_STORAGE_GIB = 65536;
const DEFAULT_BACKUP_RETENTION_DAYS = 14;
/** The design asks for at least a week of backups; less is legal but warns. */
const RECOMMENDED_BACKUP_RETENTION_DAYS = 7;
const DEFAULT_MAX_CONNECTIONS = 1000;
/** PostgreSQL's MAX_BACKENDS (2^18 - 1), the highest max_connections RDS and Aurora accept. */
const MAX_CONNECTIONS_LIMIT = 262143;
/** Share of max_connections where Aurora adds readers (and the observability tier alarms). */
const CONNECTIONS_SCALING_SHARE = 0.8;
const DEFAULT_DATABASE_NAME = 'app';
const DEFAULT_READER_MIN = 1;
const DEFAULT_READER_MAX = 3;
/** An Aurora cluster holds at most 15 readers. */
const MAX_AURORA_READERS = 15;
const DEFAULT_BACKUP_WINDOW = '02:00-03:00';
const DEFAULT_MAINTENANCE_WINDOW = 'sun:03:30-sun:04:30';
const CREDENTIAL_ROTATION = Duration.days(30);
const MONITORING_INTERVAL = Duration.seconds(60);
/**
 * Major versions only, so a new stack still creates after AWS retires a minor version ("Cannot find version 17.9
 * for aurora-postgresql"): RDS creates the database on the major version's default minor version, and
 * AutoMinorVersionUpgrade keeps it current. Both engines accept a major-only version at create (RDS for PostgreSQL
 * documents it; Aurora PostgreSQL: AWS::RDS::DBCluster deploys with `EngineVersion: 13`, aws-cloudformation/cfn-lint
 * #3976, accepted by cfn-lint since #3978). EngineVersion is not create-only on AWS::RDS::DBInstance or DBCluster:
 * CloudFormation modifies in place ("Some interruptions"), only when the template value changes, and reads
 * `17.x` as matching `17`. The major version also names the parameter group families (postgres18,
 * aurora-postgresql17); changing it is a major version upgrade. `of()` exists in every aws-cdk-lib 2 release; the
 * features are those of the `VER_*` constants.
 */
const POSTGRES_VERSION = rds.PostgresEngineVersion.of('18', '18', { s3Import: true, s3Export: true });
const AURORA_POSTGRES_VERSION = rds.AuroraPostgresEngineVersion.of('17', '17', { s3Import: true, s3Export: true });
/** The PostgreSQL log RDS exports to CloudWatch Logs (the only one Aurora PostgreSQL has). */
const LOG_EXPORT = 'postgresql';
/** RDS for PostgreSQL also exports the log of engine version upgrades. */
const UPGRADE_LOG_EXPORT = 'upgrade';
/**
 * AWS Backup: a daily snapshot of the database, kept 35 days in the tier's vault, independent of the automated
 * backups. 05:00 UTC is after the default backup window (02:00-03:00) and the Sunday maintenance window.
 */
const AWS_BACKUP_SCHEDULE = { hour: '5', minute: '0' };
const AWS_BACKUP_RETENTION = Duration.days(35);

/**
 * The database tier: PostgreSQL over both zones, in the isolated subnets, reachable only through
 * `connections` on `port` (5432 unless given) and only over TLS.
 *
 * - `AURORA` (default): an Aurora PostgreSQL cluster with its writer in zone 1 and a reader in zone 2 at promotion
 *   tier 0, which serves reads and is the failover target (failover typically under 30 s), and Application Auto
 *   Scaling adding readers when their average connections pass 80 % of `maxConnections`.
 * - `MULTI_AZ_INSTANCE`: an RDS for PostgreSQL Multi-AZ DB instance (synchronous standby, failover typically
 *   60-120 s) and a read replica pinned to zone 2. RDS does not let a Multi-AZ instance name its zone, so the primary
 *   starts in either zone of the subnet group (and changes zone on every failover); the replica always serves reads
 *   from zone 2.
 *
 * Both: storage, Performance Insights, logs and the credentials secret encrypted with the tier's KMS key;
 * `rds.force_ssl`; IAM database authentication; master credentials generated into Secrets Manager and
 * rotated every 30 days; backups kept `backupRetentionDays` (and after deletion), a daily AWS Backup snapshot kept
 * 35 days in a vault where no one may delete recovery points, a final snapshot when the database is removed,
 * deletion protection; enhanced monitoring every 60 s; PostgreSQL logs (and, on RDS for PostgreSQL, upgrade logs)
 * in CloudWatch Logs.
 *
 * Instance and cluster identifiers are fixed for the life of the stack (the stack name, the construct path and
 * a part that is new each time the stack is created, e.g. `mystack-database-1a2b3c4d-cluster-5e6f7a8b`), so a
 * change that would replace the database fails instead of silently creating an empty one, and creating the stack
 * again after a deletion does not collide with the log groups and backup vault the deleted stack kept.
 *
 * What stays when the stack is deleted: the key, the credentials secret, the log groups and the backup vault
 * (with its recovery points), and a final snapshot of the database. A first deployment that rolls back deletes
 * them all (RetainExceptOnCreate), except the database itself while deletion protection is on (see
 * `deletionProtection`).
 */
export class DatabaseTier extends Construct implements ec2.IConnectable {
  /** The topology the tier was built with. */
  public readonly topology: DatabaseTopology;
  /** The Multi-AZ RDS instance. Only when `topology` is MULTI_AZ_INSTANCE. */
  public readonly instance?: rds.DatabaseInstance;
  /** The read replica in zone 2. Only when `topology` is MULTI_AZ_INSTANCE. */
  public readonly readReplica?: rds.DatabaseInstanceReadReplica;
  /** The Aurora PostgreSQL cluster. Only when `topology` is AURORA. */
  public readonly cluster?: rds.DatabaseCluster;
  /** Application Auto Scaling of the Aurora readers. Only when `topology` is AURORA. */
  public readonly readerScaling?: appscaling.ScalableTarget;
  /**
   * The master user's credentials as clients read them (username, password, host, port, dbname): the secret
   * attached to the instance or cluster, rotated every 30 days.
   */
  public readonly secret: secretsmanager.ISecret;
  /** The generated secret behind `secret`, encrypted with the tier key and kept when the stack is deleted. */
  public readonly credentials: rds.DatabaseSecret;
  /** The rotation of `secret`: a Secrets Manager rotation function in the isolated subnets. */
  public readonly rotation: secretsmanager.SecretRotation;
  /** Where writes go: the instance endpoint (follows failover) or the Aurora cluster endpoint. */
  public readonly writerEndpoint: rds.Endpoint;
  /** Where reads go: the read replica's endpoint or the Aurora reader endpoint. */
  public readonly readerEndpoint: rds.Endpoint;
  /** The port PostgreSQL listens on (`database.port`, 5432 by default). */
  public readonly port: number;
  /** The customer-managed KMS key of storage, Performance Insights, logs and the secret. */
  public readonly key: kms.Key;
  /** The parameter group that forces TLS: the instances' group, or the Aurora cluster parameter group. */
  public readonly parameterGroup: rds.IParameterGroup;
  /** The parameter group that sets `max_connections` on every instance (the same as `parameterGroup` for MULTI_AZ_INSTANCE). */
  public readonly instanceParameterGroup: rds.IParameterGroup;
  /** The security group of the database: no rule until the platform allows a tier in. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The security group of the rotation function: out to the database and to HTTPS inside the VPC only. */
  public readonly rotationSecurityGroup: ec2.SecurityGroup;
  /** The subnet group: the isolated subnets of both zones. */
  public readonly subnetGroup: rds.SubnetGroup;
  /** The role RDS enhanced monitoring publishes with. */
  public readonly monitoringRole: iam.Role;
  /**
   * The log groups RDS exports to: the PostgreSQL logs of the primary then the replica, then their upgrade logs
   * (MULTI_AZ_INSTANCE); or the cluster's PostgreSQL log (AURORA).
   */
  public readonly logGroups: logs.LogGroup[];
  /** The AWS Backup plan that snapshots the primary instance, or the Aurora cluster, every day. */
  public readonly backupPlan: backup.BackupPlan;
  /**
   * The vault of `backupPlan`: encrypted with the tier key, kept when the stack is deleted, recovery points
   * undeletable. Its name ends with a part that is new each time the stack is created.
   */
  public readonly backupVault: backup.BackupVault;
  /** Whether RDS refuses to delete the database (see `DatabaseTierOptions.deletionProtection`). */
  public readonly deletionProtection: boolean;
  /** PostgreSQL `max_connections` of every instance. */
  public readonly maxConnections: number;
  /** The connections of the database: allow app servers and workers in on `port` with `allowDefaultPortFrom`. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: DatabaseTierProps) {
    super(scope, id);
    validateDatabaseTierProps(props);

    this.topology = props.topology ?? DEFAULT_TOPOLOGY;
    this.port = props.port ?? DEFAULT_PORT;
    this.maxConnections = props.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    const backupRetentionDays = props.backupRetentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS;
    const deletionProtection = this.deletionProtection = props.deletionProtection ?? true;
    if (!isToken(backupRetentionDays) && backupRetentionDays < RECOMMENDED_BACKUP_RETENTION_DAYS) {
      warn(this, 'database.ShortBackupRetention',
        `\`database.backupRetentionDays\` is ${backupRetentionDays}: point-in-time recovery reaches back less than ` +
        `the ${RECOMMENDED_BACKUP_RETENTION_DAYS} days the platform design asks for.`);
    }
    if (!deletionProtection) {
      warn(this, 'database.DeletionProtectionDisabled',
        '`database.deletionProtection` is false: a stack deletion or a mistaken change can delete the database ' +
        '(a final snapshot is still taken).');
    }

    this.key = newTierKey(this, 'Key',
      'Encrypts the MultiAzHaPlatform database: storage, Performance Insights, logs and credentials');
    allowCloudWatchLogs(this.key);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      // The description is part of the group's identity (changing it replaces the group): unchanged for 5432.
      description: `PostgreSQL: only the tiers the platform allows reach port ${this.port}`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    // The rotation function reaches the database (the rule is added by the rotation) and the Secrets Manager
    // interface endpoint inside the VPC, and nothing else: the isolated subnets have no route out anyway.
    this.rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: 'Rotation of the database credentials: to PostgreSQL and to HTTPS VPC endpoints only',
      allowAllOutbound: false,
    });
    this.rotationSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443),
      'Secrets Manager through its VPC interface endpoint');

    this.monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      description: 'Publishes RDS enhanced monitoring of the MultiAzHaPlatform database',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    acknowledge(this.monitoringRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy RDS enhanced monitoring requires: it only ' +
      'lets RDS write OS metrics to the RDSOSMetrics log group.');

    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      description: 'Isolated subnets of both zones of the MultiAzHaPlatform database',
    });

    const common: CommonSettings = {
      vpc: props.vpc,
      subnets: props.subnets,
      subnetGroup: this.subnetGroup,
      zone1: props.availabilityZones[0],
      zone2: props.availabilityZones[1],
      databaseName: props.databaseName ?? DEFAULT_DATABASE_NAME,
      backupRetention: Duration.days(backupRetentionDays),
      backupWindow: props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW,
      maintenanceWindow: props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
      deletionProtection,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    };

    // The master credentials, generated by Secrets Manager. Kept when the stack goes: every snapshot needs them.
    this.credentials = new rds.DatabaseSecret(this, 'Credentials', {
      username: MASTER_USERNAME,
      encryptionKey: this.key,
    });
    this.credentials.applyRemovalPolicy(KEEP_EXCEPT_ON_FAILED_CREATE);

    let built: BuiltTopology;
    if (this.topology === DatabaseTopology.AURORA) {
      const aurora = this.buildAurora(props, common);
      this.cluster = aurora.cluster;
      this.readerScaling = aurora.readerScaling;
      built = aurora;
    } else {
      const instance = this.buildMultiAzInstance(props, common);
      this.instance = instance.instance;
      this.readReplica = instance.readReplica;
      built = instance;
    }
    this.parameterGroup = built.parameterGroup;
    this.instanceParameterGroup = built.instanceParameterGroup;
    this.writerEndpoint = built.writerEndpoint;
    this.readerEndpoint = built.readerEndpoint;
    this.logGroups = built.logGroups;
    this.secret = built.secret;
    this.rotation = built.rotation;

    // Snapshots outside the database's own backups: they outlive its automated backups and its deletion, and
    // the vault policy denies deleting them (NIST 800-53 CP-9, HIPAA 164.308(a)(7)(ii)(A)).
    this.backupVault = new backup.BackupVault(this, 'BackupVault', {
      // AWS::Backup::BackupVault requires a name (at most 50 characters), and the vault outlives the stack.
      backupVaultName: `${Names.uniqueResourceName(this, { maxLength: 50 - 1 - STACK_CREATION_ID_LENGTH, separator: '-' })}` +
        `-${stackCreationId()}`,
      encryptionKey: this.key,
      blockRecoveryPointDeletion: true,
      removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
    });
    this.backupPlan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: Names.uniqueResourceName(this, { maxLength: 50, separator: '-' }),
      backupVault: this.backupVault,
      backupPlanRules: [new backup.BackupPlanRule({
        ruleName: 'DailySnapshot',
        scheduleExpression: events.Schedule.cron(AWS_BACKUP_SCHEDULE),
        deleteAfter: AWS_BACKUP_RETENTION,
      })],
    });
    const selection = this.backupPlan.addSelection('Selection', {
      backupSelectionName: 'Database',
      resources: [this.cluster
        ? backup.BackupResource.fromRdsDatabaseCluster(this.cluster)
        : backup.BackupResource.fromRdsDatabaseInstance(this.instance!)],
    });
    acknowledge(selection.node.findChild('Role'),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup needs to snapshot the ' +
      'resources of a backup selection; this role is assumable by AWS Backup only and serves this selection only.');
  }

  /** Lets the grantee read the master credentials from Secrets Manager (and decrypt them with the tier key). */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    // The generated secret knows its key (the attachment does not), so the grant includes kms:Decrypt.
    return this.credentials.grantRead(grantee);
  }

  /**
   * Lets the grantee connect with IAM database authentication (`rds-db:connect`) as `dbUser`, to every instance
   * of the tier (primary and read replica, or the Aurora cluster). The database user must exist and hold `rds_iam`.
   * @param dbUser the PostgreSQL user to connect as; prefer an application user over the default master user
   */
  public grantConnect(grantee: iam.IGrantable, dbUser?: string): iam.Grant {
    const user = dbUser ?? MASTER_USERNAME;
    const resourceIds = this.cluster
      ? [this.cluster.clusterResourceIdentifier]
      // The L1 attribute: the replica's L2 `instanceResourceId` is its ARN unless a feature flag is set.
      : [this.instance!, this.readReplica!].map((db) => (db.node.defaultChild as rds.CfnDBInstance).attrDbiResourceId);
    const stack = Stack.of(this);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['rds-db:connect'],
      resourceArns: resourceIds.map((resourceId) => stack.formatArn({
        service: 'rds-db',
        resource: 'dbuser',
        resourceName: `${resourceId}/${user}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })),
    });
  }

  /** CPU utilization (average) of the primary instance, or of the Aurora writer. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric('CPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Free storage (minimum, bytes): `FreeStorageSpace` of the primary instance, or, on Aurora (whose cluster
   * volume grows on its own), `FreeLocalStorage` of the writer (temporary tables and logs).
   */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const metricName = this.cluster ? 'FreeLocalStorage' : 'FreeStorageSpace';
    return this.writerMetric(metricName, { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /** Freeable memory (minimum, bytes) of the primary instance, or of the Aurora writer. */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Client connections (maximum) of the primary instance, or of the Aurora writer. Compare with
   * `maxConnections` (80 % of it is the seed's alarm point).
   */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric('DatabaseConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Replication lag (maximum): `ReplicaLag` of the read replica, in seconds, or `AuroraReplicaLag` of the
   * Aurora readers, in milliseconds. Convert an alarm threshold with `replicaLagThreshold`.
   */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.cluster) {
      return this.rdsMetric('AuroraReplicaLag', { DBClusterIdentifier: this.cluster.clusterIdentifier, Role: 'READER' },
        { statistic: cloudwatch.Stats.MAXIMUM, ...props });
    }
    return this.rdsMetric('ReplicaLag', { DBInstanceIdentifier: this.readReplica!.instanceIdentifier },
      { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** A replication lag in the unit of `metricReplicaLag()`: seconds (RDS `ReplicaLag`) or milliseconds (`AuroraReplicaLag`). */
  public replicaLagThreshold(lag: Duration): number {
    return this.cluster ? lag.toMilliseconds() : lag.toSeconds();
  }

  private writerMetric(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensions: cloudwatch.DimensionsMap = this.cluster
      ? { DBClusterIdentifier: this.cluster.clusterIdentifier, Role: 'WRITER' }
      : { DBInstanceIdentifier: this.instance!.instanceIdentifier };
    return this.rdsMetric(metricName, dimensions, props);
  }

  private rdsMetric(metricName: string, dimensionsMap: cloudwatch.DimensionsMap, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap, ...props });
  }

  private buildMultiAzInstance(props: DatabaseTierProps, common: CommonSettings) {
    const engine = rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION });
    const instanceType = dbInstanceType(props.instanceType ?? DEFAULT_INSTANCE_TYPE);
    const allocatedStorage = props.allocatedStorageGiB ?? DEFAULT_ALLOCATED_STORAGE_GIB;
    const maxAllocatedStorage = props.maxAllocatedStorageGiB ?? defaultMaxAllocatedStorage(allocatedStorage);
    const parameterGroup = rds.ParameterGroup.forInstance(this, 'ParameterGroup', {
      engine,
      description: 'MultiAzHaPlatform database: TLS required, max_connections',
      parameters: { 'rds.force_ssl': '1', 'max_connections': Tokenization.stringifyNumber(this.maxConnections) },
    });

    const primaryId = this.identifier('primary');
    const replicaId = this.identifier('replica');
    const primaryLogs = this.exportedLogGroup('InstanceLogGroup', `/aws/rds/instance/${primaryId}/${LOG_EXPORT}`, common);
    const replicaLogs = this.exportedLogGroup('ReadReplicaLogGroup', `/aws/rds/instance/${replicaId}/${LOG_EXPORT}`, common);
    const primaryUpgradeLogs = this.exportedLogGroup('InstanceUpgradeLogGroup',
      `/aws/rds/instance/${primaryId}/${UPGRADE_LOG_EXPORT}`, common);
    const replicaUpgradeLogs = this.exportedLogGroup('ReadReplicaUpgradeLogGroup',
      `/aws/rds/instance/${replicaId}/${UPGRADE_LOG_EXPORT}`, common);

    const shared = {
      vpc: common.vpc,
      vpcSubnets: common.subnets,
      subnetGroup: common.subnetGroup,
      securityGroups: [this.securityGroup],
      port: this.port,
      instanceType,
      parameterGroup,
      storageType: rds.StorageType.GP3,
      iamAuthentication: true,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: common.maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      monitoringInterval: MONITORING_INTERVAL,
      monitoringRole: this.monitoringRole,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
      cloudwatchLogsExports: [LOG_EXPORT, UPGRADE_LOG_EXPORT],
      deletionProtection: common.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    };

    // Multi-AZ: RDS rejects AvailabilityZone on a Multi-AZ instance and picks the primary's zone itself.
    const instance = new rds.DatabaseInstance(this, 'Instance', {
      ...shared,
      engine,
      instanceIdentifier: primaryId,
      multiAz: true,
      allowMajorVersionUpgrade: false,
      credentials: rds.Credentials.fromSecret(this.credentials),
      databaseName: common.databaseName,
      allocatedStorage,
      maxAllocatedStorage,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      backupRetention: common.backupRetention,
      preferredBackupWindow: common.backupWindow,
    });
    instance.node.addDependency(primaryLogs, primaryUpgradeLogs);

    // RDS takes no final snapshot of a read replica (its data is the primary's); SNAPSHOT is CDK's default for instances.
    const readReplica = new rds.DatabaseInstanceReadReplica(this, 'ReadReplica', {
      ...shared,
      sourceDatabaseInstance: instance,
      instanceIdentifier: replicaId,
      availabilityZone: common.zone2,
      // Encryption and its key are inherited from the primary: CloudFormation asks not to repeat them on a replica.
      maxAllocatedStorage,
    });
    readReplica.node.addDependency(replicaLogs, replicaUpgradeLogs);

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
    if (this.port === DEFAULT_PORT) {
      for (const db of [instance, readReplica]) {
        acknowledge(db, 'AwsSolutions-RDS11',
          'PostgreSQL keeps its standard port 5432 so clients and tooling work unchanged; the database sits in ' +
          'isolated subnets and its security group admits only the platform\'s own tiers, so a non-default port ' +
          'would add no protection.');
      }
    } else {
      acknowledge(readReplica, 'AwsSolutions-RDS11',
        `The read replica listens on \`database.port\` (${this.port}), not PostgreSQL's default, like its primary, ` +
        'which passes this rule. The rule cannot tell for a read replica: a replica has no Engine property (it takes ' +
        'its primary\'s), and the rule fails every DB instance without one.');
    }

    const rotation = instance.addRotationSingleUser({
      automaticallyAfter: CREDENTIAL_ROTATION,
      securityGroup: this.rotationSecurityGroup,
      vpcSubnets: common.subnets,
    });
    this.pinRotationPort();

    return {
      instance,
      readReplica,
      parameterGroup,
      instanceParameterGroup: parameterGroup,
      writerEndpoint: instance.instanceEndpoint,
      readerEndpoint: readReplica.instanceEndpoint,
      logGroups: [primaryLogs, replicaLogs, primaryUpgradeLogs, replicaUpgradeLogs],
      secret: instance.secret!,
      rotation,
    };
  }

  private buildAurora(props: DatabaseTierProps, common: CommonSettings) {
    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: AURORA_POSTGRES_VERSION });
    const instanceType = dbInstanceType(props.instanceType ?? DEFAULT_AURORA_INSTANCE_TYPE);
    // Aurora PostgreSQL sets rds.force_ssl for the cluster and max_connections per instance.
    const parameterGroup = rds.ParameterGroup.forCluster(this, 'ClusterParameterGroup', {
      engine,
      description: 'MultiAzHaPlatform database cluster: TLS required',
      parameters: { 'rds.force_ssl': '1' },
    });
    const instanceParameterGroup = rds.ParameterGroup.forInstance(this, 'InstanceParameterGroup', {
      engine,
      description: 'MultiAzHaPlatform database instances: max_connections',
      parameters: { max_connections: Tokenization.stringifyNumber(this.maxConnections) },
    });

    const clusterId = this.identifier('cluster');
    const clusterLogs = this.exportedLogGroup('ClusterLogGroup', `/aws/rds/cluster/${clusterId}/${LOG_EXPORT}`, common);
    const instanceOptions = {
      instanceType,
      parameterGroup: instanceParameterGroup,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      publiclyAccessible: false,
      preferredMaintenanceWindow: common.maintenanceWindow,
      // Set per instance too, or aws-cdk-lib warns that the cluster's setting overrides the instances'.
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
    };

    const cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: clusterId,
      credentials: rds.Credentials.fromSecret(this.credentials),
      defaultDatabaseName: common.databaseName,
      // aws-rds puts the writer in promotion tier 0.
      writer: rds.ClusterInstance.provisioned('Writer', { ...instanceOptions, availabilityZone: common.zone1 }),
      // Tier 0, the highest priority, so Aurora promotes the zone 2 reader before any reader Aurora Auto Scaling adds
      // (it puts them in tier 15, the last). The writer is in tier 0 too: after a failover the old writer, back as a
      // reader in zone 1, is the next failover target, and the two zones take the writer role in turn.
      readers: [rds.ClusterInstance.provisioned('Reader', { ...instanceOptions, availabilityZone: common.zone2, promotionTier: 0 })],
      vpc: common.vpc,
      vpcSubnets: common.subnets,
      subnetGroup: common.subnetGroup,
      securityGroups: [this.securityGroup],
      port: this.port,
      parameterGroup,
      // Aurora upgrades minor versions automatically only when the cluster and every instance allow it.
      autoMinorVersionUpgrade: true,
      instanceUpdateBehaviour: rds.InstanceUpdateBehaviour.ROLLING,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      iamAuthentication: true,
      backup: { retention: common.backupRetention, preferredWindow: common.backupWindow },
      preferredMaintenanceWindow: common.maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      monitoringInterval: MONITORING_INTERVAL,
      monitoringRole: this.monitoringRole,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
      cloudwatchLogsExports: [LOG_EXPORT],
      deletionProtection: common.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    cluster.node.addDependency(clusterLogs);
    for (const id of ['Writer', 'Reader']) {
      acknowledgeCompliance(cluster.node.findChild(id), [NIST_800_53_R5, HIPAA_SECURITY], 'RDSInBackupPlan',
        'AWS Backup protects Aurora at the cluster level (one cluster volume holds the data of every instance): ' +
        'the cluster is in the tier\'s AWS Backup plan (daily snapshots kept 35 days), next to its automated ' +
        'backups with point-in-time recovery. AWS Backup cannot select an Aurora instance.');
    }

    const rotation = cluster.addRotationSingleUser({
      automaticallyAfter: CREDENTIAL_ROTATION,
      securityGroup: this.rotationSecurityGroup,
      vpcSubnets: common.subnets,
    });
    this.pinRotationPort();

    // The seed's "connections > 80 % -> add read replicas": Aurora Auto Scaling on the readers' average connections.
    const readerScaling = new appscaling.ScalableTarget(this, 'ReaderScaling', {
      serviceNamespace: appscaling.ServiceNamespace.RDS,
      scalableDimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${cluster.clusterIdentifier}`,
      minCapacity: props.readerMinReplicas ?? DEFAULT_READER_MIN,
      maxCapacity: props.readerMaxReplicas ?? DEFAULT_READER_MAX,
      // Aurora Auto Scaling's service-linked role (created on first use), rather than a role of our own.
      role: iam.Role.fromRoleArn(this, 'ReaderScalingServiceLinkedRole', Stack.of(this).formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: 'aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
      })),
    });
    // Aurora Auto Scaling only acts on a cluster whose instances are all available.
    // After the instances exist (the scalable target references the cluster already).
    readerScaling.node.addDependency(cluster.node.findChild('Writer'), cluster.node.findChild('Reader'));
    readerScaling.scaleToTrackMetric('ConnectionsTargetTracking', {
      predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
      targetValue: Math.max(1, Math.floor(this.maxConnections * CONNECTIONS_SCALING_SHARE)),
      scaleOutCooldown: Duration.minutes(5),
      scaleInCooldown: Duration.minutes(10),
    });

    return {
      cluster,
      readerScaling,
      parameterGroup,
      instanceParameterGroup,
      writerEndpoint: cluster.clusterEndpoint,
      readerEndpoint: cluster.clusterReadEndpoint,
      logGroups: [clusterLogs],
      secret: cluster.secret!,
      rotation,
    };
  }

  /**
   * The rotation opens the path from its function to the database on the database's default port, which aws-rds
   * gives as the instance's or cluster's Endpoint.Port attribute. The port is known at synth (`port`): write it as a number
   * in both rules, so they say what they allow without a deploy-time lookup, and rule checkers (cdk-nag's EC2
   * port rules) can read them.
   */
  private pinRotationPort(): void {
    const rules = [...this.securityGroup.node.children, ...this.rotationSecurityGroup.node.children]
      .filter((c): c is ec2.CfnSecurityGroupIngress | ec2.CfnSecurityGroupEgress =>
        c instanceof ec2.CfnSecurityGroupIngress || c instanceof ec2.CfnSecurityGroupEgress);
    for (const rule of rules) {
      if (Token.isUnresolved(rule.fromPort) || Token.isUnresolved(rule.toPort)) {
        rule.fromPort = this.port;
        rule.toPort = this.port;
      }
    }
  }

  /**
   * A log group named the way RDS names an export's group, created before the database so it carries the tier
   * key and a retention (RDS would otherwise create it unencrypted, kept forever). Kept when the stack is deleted,
   * except when the stack's first deployment rolls back.
   */
  private exportedLogGroup(id: string, logGroupName: string, common: CommonSettings): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      logGroupName,
      encryptionKey: this.key,
      retention: common.logRetention,
      removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
    });
  }

  /**
   * A fixed, lowercase RDS identifier (at most 63 characters, starting with a letter): the stack name, the tier's
   * path and a hash of it, the role, and the stack's creation ID. Fixed names make a replacement fail rather than
   * create an empty database, and let the log groups exist before the database; the creation ID keeps a stack
   * created again from colliding with the log groups a deleted one kept.
   */
  private identifier(role: string): string {
    const maxLength = MAX_IDENTIFIER_LENGTH - role.length - STACK_CREATION_ID_LENGTH - 2;
    return `${Names.uniqueResourceName(this, { maxLength, separator: '-' }).toLowerCase()}-${role}-${stackCreationId()}`;
  }
}

interface CommonSettings {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly subnetGroup: rds.SubnetGroup;
  readonly zone1: string;
  readonly zone2: string;
  readonly databaseName: string;
  readonly backupRetention: Duration;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly logRetention: logs.RetentionDays;
}

interface BuiltTopology {
  readonly parameterGroup: rds.IParameterGroup;
  readonly instanceParameterGroup: rds.IParameterGroup;
  readonly writerEndpoint: rds.Endpoint;
  readonly readerEndpoint: rds.Endpoint;
  readonly logGroups: logs.LogGroup[];
  readonly secret: secretsmanager.ISecret;
  readonly rotation: secretsmanager.SecretRotation;
}

/** `db.m7g.2xlarge` -> the ec2.InstanceType `m7g.2xlarge` (aws-rds adds the `db.` prefix back). */
function dbInstanceType(type: string): ec2.InstanceType {
  return new ec2.InstanceType(type.replace(/^db\./, ''));
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
function minimumAutoscalingCeiling(allocated: number): number {
  return Math.ceil(allocated * 1.1);
}

function validateDatabaseTierProps(props: DatabaseTierProps): void {
  const topologies = Object.values(DatabaseTopology) as string[];
  if (props.topology !== undefined && !topologies.includes(props.topology)) {
    fail('database.topology', `be one of ${topologies.join(', ')}`, props.topology);
  }
  const aurora = (props.topology ?? DEFAULT_TOPOLOGY) === DatabaseTopology.AURORA;

  if (props.availabilityZones.length < 2) {
    fail('availabilityZones', 'list the platform\'s 2 zones (zone 1 first)', props.availabilityZones);
  }

  checkNodeType('database.instanceType', props.instanceType, { prefix: 'db.' });
  if (aurora && props.instanceType !== undefined && !isToken(props.instanceType) && !/^db\.(r|x|t)/.test(props.instanceType)) {
    fail('database.instanceType', 'be an instance class Aurora PostgreSQL offers (db.r*, db.x2g* or db.t*; ' +
      'Aurora has no db.m classes) when `database.topology` is AURORA', props.instanceType);
  }

  // Options of the other topology fail rather than being silently ignored.
  const storage = { allocatedStorageGiB: props.allocatedStorageGiB, maxAllocatedStorageGiB: props.maxAllocatedStorageGiB };
  const readers = { readerMinReplicas: props.readerMinReplicas, readerMaxReplicas: props.readerMaxReplicas };
  const misplaced = aurora
    ? { options: storage, rule: 'be left unset when `database.topology` is AURORA (the cluster volume grows on its own)' }
    : { options: readers, rule: 'be left unset unless `database.topology` is AURORA (the instance topology has one read replica)' };
  for (const [key, value] of Object.entries(misplaced.options)) {
    if (value !== undefined) {
      fail(`database.${key}`, misplaced.rule, value);
    }
  }

  checkInteger('database.allocatedStorageGiB', props.allocatedStorageGiB, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  checkInteger('database.maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  const allocated = props.allocatedStorageGiB ?? DEFAULT_ALLOCATED_STORAGE_GIB;
  const max = props.maxAllocatedStorageGiB;
  if (max !== undefined && !isToken(max) && !isToken(allocated) && max < minimumAutoscalingCeiling(allocated)) {
    fail('database.maxAllocatedStorageGiB', `be at least 10 % above \`database.allocatedStorageGiB\` (${allocated}), ` +
      `so at least ${minimumAutoscalingCeiling(allocated)}, for RDS storage autoscaling`, max);
  }

  checkDays('database.backupRetentionDays', props.backupRetentionDays, 1, 35);
  checkInteger('database.maxConnections', props.maxConnections, 1, MAX_CONNECTIONS_LIMIT);
  if (aurora && isToken(props.maxConnections)) {
    fail('database.maxConnections', 'be a number known at synth time when `database.topology` is AURORA ' +
      '(80 % of it is the reader scaling target)', props.maxConnections);
  }

  checkInteger('database.readerMinReplicas', props.readerMinReplicas, 1, MAX_AURORA_READERS);
  checkInteger('database.readerMaxReplicas', props.readerMaxReplicas, 1, MAX_AURORA_READERS);
  const readerMin = props.readerMinReplicas ?? DEFAULT_READER_MIN;
  const readerMax = props.readerMaxReplicas ?? DEFAULT_READER_MAX;
  if (aurora && !isToken(readerMin) && !isToken(readerMax) && readerMin > readerMax) {
    fail('database.readerMinReplicas', `be at most \`database.readerMaxReplicas\` (${readerMax})`, readerMin);
  }

  checkInteger('database.port', props.port, MIN_PORT, MAX_PORT);

  const name = props.databaseName;
  if (name !== undefined && !isToken(name) && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    fail('database.databaseName', 'be 1 to 63 letters, digits or underscores, starting with a letter', name);
  }

  validateWindows(props);
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Start and length in minutes of a window (within a day, or within a week for the maintenance window). */
interface Window {
  readonly start: number;
  readonly length: number;
}

function validateWindows(props: DatabaseTierProps): void {
  const backupText = props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW;
  const maintenanceText = props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  if (isToken(backupText) || isToken(maintenanceText)) {
    return;
  }
  const backupWindow = parseBackupWindow(backupText);
  const maintenance = parseMaintenanceWindow(maintenanceText);
  // The backup window recurs daily; look at every day the maintenance window may touch.
  for (let day = -1; day <= 14; day++) {
    const start = day * MINUTES_PER_DAY + backupWindow.start;
    if (start < maintenance.start + maintenance.length && maintenance.start < start + backupWindow.length) {
      fail('database.preferredMaintenanceWindow', `not overlap \`database.preferredBackupWindow\` ('${backupText}')`,
        maintenanceText);
    }
  }
}

function parseBackupWindow(text: string): Window {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  const start = match ? clock(match[1], match[2]) : undefined;
  const end = match ? clock(match[3], match[4]) : undefined;
  if (start === undefined || end === undefined) {
    fail('database.preferredBackupWindow', 'be a daily UTC window hh24:mi-hh24:mi', text);
  }
  const length = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (length < 30) {
    fail('database.preferredBackupWindow', 'last at least 30 minutes', text);
  }
  return { start, length };
}

function parseMaintenanceWindow(text: string): Window {
  const match = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/i.exec(text);
  const startDay = match ? DAYS.indexOf(match[1].toLowerCase()) : -1;
  const endDay = match ? DAYS.indexOf(match[4].toLowerCase()) : -1;
  const startClock = match ? clock(match[2], match[3]) : undefined;
  const endClock = match ? clock(match[5], match[6]) : undefined;
  if (startDay < 0 || endDay < 0 || startClock === undefined || endClock === undefined) {
    fail('database.preferredMaintenanceWindow', 'be a weekly UTC window ddd:hh24:mi-ddd:hh24:mi (days mon to sun)', text);
  }
  const start = startDay * MINUTES_PER_DAY + startClock;
  const end = endDay * MINUTES_PER_DAY + endClock;
  const length = (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  if (length < 30) {
    fail('database.preferredMaintenanceWindow', 'last at least 30 minutes', text);
  }
  return { start, length };
}

/** Minutes after midnight of hh:mi, or undefined when out of range. */
function clock(hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}
