import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { buildAuroraCluster } from './aurora-cluster';
import { newDatabaseBackup } from './database-backup';
import {
  DEFAULT_BACKUP_RETENTION_DAYS, DEFAULT_BACKUP_WINDOW, DEFAULT_DATABASE_NAME, DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_MAX_CONNECTIONS, DEFAULT_PORT, DEFAULT_TOPOLOGY, MASTER_USERNAME, RECOMMENDED_BACKUP_RETENTION_DAYS,
} from './database-defaults';
import { DatabaseTopology } from './database-topology';
import { buildMultiAzInstance } from './multi-az-instance';
import { BuiltTopology, newMonitoringRole, newRotationSecurityGroup, TopologyContext } from './topology-common';
import { validateDatabaseTierProps } from './validate-database-tier-props';
import { warn } from '../private/acknowledgements';
import { newClosedSecurityGroup } from '../private/closed-security-group';
import { allowCloudWatchLogs, KEEP_EXCEPT_ON_FAILED_CREATE, newTierKey } from '../private/encrypted-logs';
import { grantSecretRead } from '../private/secret-grants';
import { isToken, propRef, validateProps } from '../private/validation';

export * from './database-topology';

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
   *   closest class to the reference architecture's 8 vCPU / 32 GiB keeps the 8 vCPUs (db.r7g.xlarge would halve
   *   them to match the memory; the extra memory goes to the buffer cache). 'db.m7g.2xlarge' (8 vCPU, 32 GiB, the
   *   reference architecture's size) for MULTI_AZ_INSTANCE.
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
   * @default 1000 (the reference architecture's 800 connections are 80 %)
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
   * Name of the database created in the instance or cluster. Choose it before the first deploy: RDS cannot rename
   * it in place, and the fixed identifiers make the replacement fail, so a later change fails the update.
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
  /** The Aurora writer instance, in zone 1. Only when `topology` is AURORA. */
  public readonly writerInstance?: rds.IAuroraClusterInstance;
  /** The Aurora reader instance the tier creates, in zone 2 (not those Auto Scaling adds). Only when `topology` is AURORA. */
  public readonly readerInstance?: rds.IAuroraClusterInstance;
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
  /** The subnets of `subnetGroup`. */
  public readonly subnets: ec2.ISubnet[];
  /** The zone of the Aurora writer (zone 1). Only when `topology` is AURORA: RDS picks the zone of a Multi-AZ instance. */
  public readonly writerAvailabilityZone?: string;
  /** The zone of the Aurora reader the tier creates, or of the read replica (zone 2). */
  public readonly readerAvailabilityZone: string;
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
  /**
   * The primary's allocated gp3 storage, in GiB (`allocatedStorageGiB`, 500 by default). Only when `topology` is
   * MULTI_AZ_INSTANCE: Aurora's cluster volume grows on its own.
   */
  public readonly allocatedStorageGiB?: number;
  /** The storage type of the primary and the read replica (gp3). Only when `topology` is MULTI_AZ_INSTANCE. */
  public readonly storageType?: rds.StorageType;
  /** DB instance class of every instance the tier creates, as RDS spells it (`instanceType`, or the topology's default). */
  public readonly instanceType: string;
  /** Days automated backups (point-in-time recovery) are kept (`backupRetentionDays`, 14 by default). */
  public readonly backupRetentionDays: number;
  /** Fewest Aurora readers Application Auto Scaling keeps (`readerMinReplicas`, 1 by default). Only when `topology` is AURORA. */
  public readonly readerMinReplicas?: number;
  /** The connections of the database: allow app servers and workers in on `port` with `allowDefaultPortFrom`. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: DatabaseTierProps) {
    super(scope, id);
    validateProps(this, () => validateDatabaseTierProps(props));

    this.topology = props.topology ?? DEFAULT_TOPOLOGY;
    this.port = props.port ?? DEFAULT_PORT;
    this.maxConnections = props.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.backupRetentionDays = props.backupRetentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS;
    this.deletionProtection = props.deletionProtection ?? true;
    this.warnRiskyChoices(this.backupRetentionDays);

    this.key = newTierKey(this, 'Key',
      'Encrypts the MultiAzHaPlatform database: storage, Performance Insights, logs and credentials');
    allowCloudWatchLogs(this.key);

    // The description is part of the group's identity (changing it replaces the group): unchanged for 5432.
    ({ securityGroup: this.securityGroup, connections: this.connections } = newClosedSecurityGroup(this, props.vpc,
      `PostgreSQL: only the tiers the platform allows reach port ${this.port}`, this.port));
    this.rotationSecurityGroup = newRotationSecurityGroup(this, props.vpc);
    this.monitoringRole = newMonitoringRole(this);
    this.subnets = props.vpc.selectSubnets(props.subnets).subnets;
    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: { subnets: this.subnets },
      description: 'Isolated subnets of both zones of the MultiAzHaPlatform database',
    });

    // The master credentials, generated by Secrets Manager. Kept when the stack goes: every snapshot needs them.
    this.credentials = new rds.DatabaseSecret(this, 'Credentials', {
      username: MASTER_USERNAME,
      encryptionKey: this.key,
    });
    this.credentials.applyRemovalPolicy(KEEP_EXCEPT_ON_FAILED_CREATE);

    const [zone1, zone2] = props.availabilityZones;
    this.readerAvailabilityZone = zone2;
    const context = this.topologyContext(props, zone1);
    let built: BuiltTopology;
    if (this.topology === DatabaseTopology.AURORA) {
      const aurora = built = buildAuroraCluster(context, props);
      this.cluster = aurora.cluster;
      this.writerInstance = aurora.writerInstance;
      this.readerInstance = aurora.readerInstance;
      this.writerAvailabilityZone = zone1;
      this.readerScaling = aurora.readerScaling;
      this.readerMinReplicas = aurora.readerMinReplicas;
    } else {
      const instance = built = buildMultiAzInstance(context, props);
      this.instance = instance.instance;
      this.readReplica = instance.readReplica;
      this.allocatedStorageGiB = instance.allocatedStorageGiB;
      this.storageType = instance.storageType;
    }
    this.instanceType = built.instanceType;
    this.parameterGroup = built.parameterGroup;
    this.instanceParameterGroup = built.instanceParameterGroup;
    this.writerEndpoint = built.writerEndpoint;
    this.readerEndpoint = built.readerEndpoint;
    this.logGroups = built.logGroups;
    this.secret = built.secret;
    this.rotation = built.rotation;

    const { backupVault, backupPlan } = newDatabaseBackup(this, this.key, this.cluster
      ? backup.BackupResource.fromRdsDatabaseCluster(this.cluster)
      : backup.BackupResource.fromRdsDatabaseInstance(this.instance!));
    this.backupVault = backupVault;
    this.backupPlan = backupPlan;
  }

  /**
   * Lets the grantee read the master credentials from Secrets Manager (and decrypt them with the tier key). A grantee
   * in another stack of the same account gets both permissions in its own policy, so the tier's stack does not refer
   * back to the grantee's (no dependency cycle).
   */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    // The generated secret knows its key (the attachment does not).
    return grantSecretRead(this.credentials, grantee);
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

  /**
   * A metric of the writer (namespace `AWS/RDS`): the primary instance (dimension `DBInstanceIdentifier`), or the
   * Aurora cluster's writer (dimensions `DBClusterIdentifier` and `Role` WRITER), such as `ReadIOPS` or `WriteLatency`.
   * @param metricName the metric's name, as RDS publishes it
   * @default Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric(metricName, props ?? {});
  }

  /**
   * CPU utilization of the primary instance, or of the Aurora writer.
   * @default Average over 5 minutes
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric('CPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Free storage, in bytes: `FreeStorageSpace` of the primary instance, or, on Aurora (whose cluster volume grows on
   * its own), `FreeLocalStorage` of the writer (temporary tables and logs).
   * @default Minimum over 5 minutes
   */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const metricName = this.cluster ? 'FreeLocalStorage' : 'FreeStorageSpace';
    return this.writerMetric(metricName, { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Freeable memory, in bytes, of the primary instance, or of the Aurora writer.
   * @default Minimum over 5 minutes
   */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Client connections of the primary instance, or of the Aurora writer. Compare with `maxConnections` (80 % of it
   * is the reference architecture's alarm point).
   * @default Maximum over 5 minutes
   */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.writerMetric('DatabaseConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Replication lag: `ReplicaLag` of the read replica, in seconds, or `AuroraReplicaLag` of the Aurora readers, in
   * milliseconds. Convert an alarm threshold with `replicationLagThreshold`. The same concept, and name, as the cache
   * tier's `metricReplicationLag`.
   * @default Maximum over 5 minutes
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.cluster) {
      return this.rdsMetric('AuroraReplicaLag', { DBClusterIdentifier: this.cluster.clusterIdentifier, Role: 'READER' },
        { statistic: cloudwatch.Stats.MAXIMUM, ...props });
    }
    return this.rdsMetric('ReplicaLag', { DBInstanceIdentifier: this.readReplica!.instanceIdentifier },
      { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * A replication lag in the unit of `metricReplicationLag()`: seconds (RDS `ReplicaLag`) or milliseconds
   * (`AuroraReplicaLag`).
   */
  public replicationLagThreshold(lag: Duration): number {
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

  private warnRiskyChoices(backupRetentionDays: number): void {
    if (!isToken(backupRetentionDays) && backupRetentionDays < RECOMMENDED_BACKUP_RETENTION_DAYS) {
      warn(this, 'database.ShortBackupRetention',
        `${propRef(this, 'backupRetentionDays')} is ${backupRetentionDays}: point-in-time recovery reaches back less than ` +
        `the ${RECOMMENDED_BACKUP_RETENTION_DAYS} days the platform design asks for.`);
    }
    if (!this.deletionProtection) {
      warn(this, 'database.DeletionProtectionDisabled',
        `${propRef(this, 'deletionProtection')} is false: a stack deletion or a mistaken change can delete the database ` +
        '(a final snapshot is still taken).');
    }
  }

  private topologyContext(props: DatabaseTierProps, zone1: string): TopologyContext {
    return {
      tier: this,
      vpc: props.vpc,
      subnets: { subnets: this.subnets },
      subnetGroup: this.subnetGroup,
      zone1,
      zone2: this.readerAvailabilityZone,
      databaseName: props.databaseName ?? DEFAULT_DATABASE_NAME,
      backupRetention: Duration.days(this.backupRetentionDays),
      backupWindow: props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW,
      maintenanceWindow: props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
      deletionProtection: this.deletionProtection,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      port: this.port,
      maxConnections: this.maxConnections,
      key: this.key,
      credentials: this.credentials,
      securityGroup: this.securityGroup,
      rotationSecurityGroup: this.rotationSecurityGroup,
      monitoringRole: this.monitoringRole,
    };
  }
}
