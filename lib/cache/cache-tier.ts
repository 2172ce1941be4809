import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { validateCacheTierProps } from './validate-cache-tier-props';
import { acknowledge, acknowledgeUnrotatedSecret, warn } from '../private/acknowledgements';
import { newClosedSecurityGroup } from '../private/closed-security-group';
import { allowCloudWatchLogs, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { grantSecretRead } from '../private/secret-grants';
import { fail, propRef, validateArguments, validateProps } from '../private/validation';

/** The in-memory engine of the cache tier. Both speak the Redis protocol, so clients work with either. */
export enum CacheEngine {
  /** Valkey, the Linux Foundation fork of Redis OSS (ElastiCache's recommended engine, lower node price). */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}

/** Options of the cache tier: an ElastiCache replication group with a primary in zone 1 and replicas in zone 2. */
export interface CacheTierOptions {
  /**
   * Whether the platform builds the cache tier (read by the platform; the tier itself ignores it).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The cache engine. On a deployed cache, REDIS to VALKEY upgrades in place; VALKEY to REDIS fails the update
   * (ElastiCache does not go back from Valkey to Redis OSS in place).
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;

  /**
   * Engine version, major.minor (for example '8.2' for Valkey, '7.1' for Redis OSS), one the chosen engine has:
   * Valkey 7.2 and later; Redis OSS 7.0 or 7.1 (ElastiCache's Redis OSS line ends at 7.1, and required in-transit
   * encryption needs 7.0).
   * @default - '8.2' for Valkey, '7.1' for Redis OSS
   */
  readonly engineVersion?: string;

  /**
   * Node type of the primary and of every replica, spelled the ElastiCache way.
   * @default 'cache.m7g.xlarge' (4 vCPU, 12.93 GiB, Graviton)
   */
  readonly nodeType?: string;

  /**
   * Replicas of the primary (1 to 5). Replicas alternate between zone 2 and zone 1, starting in zone 2. Choose it
   * before the first deploy: the nodes' zones (`PreferredCacheClusterAZs`) cannot change in place, so changing it
   * later replaces the replication group with a new, empty one at a new endpoint (the report's PR review flags it).
   * @default 1
   */
  readonly replicasPerPrimary?: number;

  /**
   * Days ElastiCache keeps automatic daily snapshots (0 to 35; 0 turns snapshots off and warns).
   * @default 15
   */
  readonly snapshotRetentionDays?: number;

  /**
   * Daily UTC time range of the automatic snapshot, 'hh24:mi-hh24:mi', at least 60 minutes.
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;

  /**
   * Weekly UTC maintenance window, 'ddd:hh24:mi-ddd:hh24:mi', at least 60 minutes.
   * @default 'sun:05:00-sun:06:00'
   */
  readonly maintenanceWindow?: string;

  /**
   * How long the slow log and the engine log are kept in CloudWatch Logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Options of a metric of one node of the cache tier. */
export interface CacheNodeMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The node: 0 is the node created as the primary in zone 1, 1 the first replica (zone 2), and so on. Which node is
   * the primary changes with failovers.
   * @default - 0 (1 for `metricReplicationLag`, which only replicas report)
   */
  readonly nodeIndex?: number;
}

/** Properties of {@link CacheTier}. */
export interface CacheTierProps extends CacheTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /** The subnets of the cache nodes: the isolated subnets of both zones. */
  readonly subnets: ec2.SubnetSelection;
  /** The zones of the platform, zone 1 (where the primary starts) first. */
  readonly availabilityZones: string[];
}

/** Redis protocol port; ElastiCache serves TLS on it when in-transit encryption is on. */
const CACHE_PORT = 6379;
const DEFAULT_NODE_TYPE = 'cache.m7g.xlarge';
const DEFAULT_REPLICAS = 1;
/** Two weeks and a day of daily snapshots: what NIST 800-53 and HIPAA checks (AWS Config) ask of ElastiCache. */
const DEFAULT_SNAPSHOT_RETENTION_DAYS = 15;
const DEFAULT_SNAPSHOT_WINDOW = '03:00-04:00';
const DEFAULT_MAINTENANCE_WINDOW = 'sun:05:00-sun:06:00';
/**
 * Current versions ElastiCache creates in every Region: Valkey 8.2 (vector search release, available in all
 * AWS Regions per the ElastiCache "Getting started with vector search" guide) and Redis OSS 7.1, the last
 * Redis OSS line ElastiCache offers.
 */
const DEFAULT_ENGINE_VERSIONS: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: '8.2',
  [CacheEngine.REDIS]: '7.1',
};
const AUTH_TOKEN_KEY = 'authToken';

/**
 * The cache tier: an ElastiCache (Valkey or Redis OSS) replication group, cluster mode disabled, with the
 * primary in zone 1 and its replicas in zone 2 (then alternating), Multi-AZ with automatic failover.
 *
 * Data is encrypted at rest with a customer-managed KMS key and in transit (TLS required). Clients
 * authenticate with an AUTH token generated by Secrets Manager: one credential to distribute, which
 * `grantReadAuthToken` hands out, and which CloudFormation receives only as a dynamic reference. (RBAC
 * user groups would add users, a user group and a second secret per user for a single application role.)
 *
 * When the stack is deleted, ElastiCache takes a final snapshot, and the key (which the snapshot needs) and the log
 * groups are kept; when the stack's first deployment rolls back, they are deleted (RetainExceptOnCreate).
 */
export class CacheTier extends Construct implements ec2.IConnectable {
  /** The replication group (there is no L2 for ElastiCache). */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The subnet group of the cache nodes (the isolated subnets). */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The secret holding the AUTH token, as JSON `{"authToken": "..."}`. */
  public readonly authSecret: secretsmanager.Secret;
  /** The customer-managed key that encrypts the cache data, its snapshots, its log groups and the AUTH token secret. */
  public readonly key: kms.Key;
  /** The log group receiving the slow log. */
  public readonly slowLogGroup: logs.LogGroup;
  /** The log group receiving the engine log. */
  public readonly engineLogGroup: logs.LogGroup;
  /** The security group of the cache nodes: nothing may connect until the platform allows it. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The connections of the cache: `allowDefaultPortFrom(peer)` opens the cache port to that peer. */
  public readonly connections: ec2.Connections;
  /** The engine of the replication group. */
  public readonly engine: CacheEngine;
  /** The engine version of the replication group. */
  public readonly engineVersion: string;
  /** Nodes in the replication group: the primary and its replicas. */
  public readonly nodeCount: number;
  /** Node type of the primary and of every replica, spelled the ElastiCache way (`nodeType`, 'cache.m7g.xlarge' by default). */
  public readonly nodeType: string;
  /** The zone of each node, node 0 (created as the primary, zone 1) first: its replicas alternate zone 2, zone 1. */
  public readonly nodeAvailabilityZones: string[];
  /** Whether ElastiCache keeps the primary and its replicas in different zones and fails over across them (Multi-AZ). */
  public readonly multiAz: boolean;
  /** Whether ElastiCache promotes a replica when the primary fails. */
  public readonly automaticFailover: boolean;
  /** The port clients connect to (TLS). */
  public readonly port: number;
  /** Address of the primary endpoint (reads and writes; follows the primary after a failover). */
  public readonly primaryEndpointAddress: string;
  /** Port of the primary endpoint. */
  public readonly primaryEndpointPort: string;
  /** Address of the reader endpoint (reads, spread over the replicas). */
  public readonly readerEndpointAddress: string;

  constructor(scope: Construct, id: string, props: CacheTierProps) {
    super(scope, id);
    validateProps(this, () => validateCacheTierProps(props));

    this.engine = props.engine ?? CacheEngine.VALKEY;
    this.engineVersion = props.engineVersion ?? DEFAULT_ENGINE_VERSIONS[this.engine];
    const replicas = props.replicasPerPrimary ?? DEFAULT_REPLICAS;
    this.nodeCount = 1 + replicas;
    this.nodeType = props.nodeType ?? DEFAULT_NODE_TYPE;
    // The primary goes to the first zone listed, then replicas alternate zone 2, zone 1, ...
    this.nodeAvailabilityZones = Array.from({ length: this.nodeCount }, (_, i) => props.availabilityZones[i % 2]);
    this.multiAz = true;
    this.automaticFailover = true;
    this.port = CACHE_PORT;
    const snapshotRetentionDays = props.snapshotRetentionDays ?? DEFAULT_SNAPSHOT_RETENTION_DAYS;
    if (snapshotRetentionDays === 0) {
      warn(this, 'CacheSnapshotsDisabled',
        `${propRef(this, 'snapshotRetentionDays')} is 0: ElastiCache takes no automatic snapshot, so the cache cannot be ` +
        'restored after losing every node (only the final snapshot on stack deletion remains). Keep at least 1 day.');
    }

    // Kept with the final snapshot when the stack is deleted (the snapshot needs the key); deleted when the stack's
    // first deployment rolls back.
    this.key = newTierKey(this, 'Key', 'Encrypts the MultiAzHaPlatform cache: data at rest, snapshots, logs and AUTH token');
    allowCloudWatchLogs(this.key);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.slowLogGroup = newEncryptedLogGroup(this, 'SlowLogGroup', this.key, logRetention);
    this.engineLogGroup = newEncryptedLogGroup(this, 'EngineLogGroup', this.key, logRetention);

    this.authSecret = this.newAuthSecret();
    ({ securityGroup: this.securityGroup, connections: this.connections } = newClosedSecurityGroup(this, props.vpc,
      'MultiAzHaPlatform cache nodes: TLS on the cache port from the tiers the platform allows', CACHE_PORT));

    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: 'MultiAzHaPlatform cache: the isolated subnets of both zones',
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
    });

    this.replicationGroup = this.newReplicationGroup(props, snapshotRetentionDays);
    this.primaryEndpointAddress = this.replicationGroup.attrPrimaryEndPointAddress;
    this.primaryEndpointPort = this.replicationGroup.attrPrimaryEndPointPort;
    this.readerEndpointAddress = this.replicationGroup.attrReaderEndPointAddress;
  }

  /** The AUTH token, generated by Secrets Manager and encrypted with the tier's key. */
  private newAuthSecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'AuthSecret', {
      description: 'AUTH token of the MultiAzHaPlatform cache (ElastiCache replication group)',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: AUTH_TOKEN_KEY,
        // ElastiCache takes 16-128 printable characters and, of the non-alphanumerics, only !&#$^<>-.
        // Letters and digits alone avoid every escaping question in client URLs: 64 of them are ~380 bits.
        passwordLength: 64,
        excludePunctuation: true,
        requireEachIncludedType: true,
      },
      encryptionKey: this.key,
    });
    acknowledgeUnrotatedSecret(secret, 'ElastiCache AUTH tokens have no Secrets Manager rotation function: rotating one ' +
      'is a two-step ModifyReplicationGroup (ROTATE, then SET once every client uses the new token), an operator runbook. ' +
      'The 64-character token exists only in Secrets Manager, reaches CloudFormation as a dynamic reference, ' +
      'and only principals given grantReadAuthToken can read it; the network allows only the platform\'s tiers.');

    return secret;
  }

  /** The replication group: TLS, AUTH, KMS at rest, Multi-AZ with automatic failover, logs to the tier's groups. */
  private newReplicationGroup(props: CacheTierProps, snapshotRetentionDays: number): elasticache.CfnReplicationGroup {
    const group = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: 'MultiAzHaPlatform cache: primary in zone 1, replica in zone 2',
      engine: this.engine,
      engineVersion: this.engineVersion,
      cacheNodeType: this.nodeType,
      numCacheClusters: this.nodeCount,
      preferredCacheClusterAZs: this.nodeAvailabilityZones,
      multiAzEnabled: this.multiAz,
      automaticFailoverEnabled: this.automaticFailover,
      autoMinorVersionUpgrade: true,
      port: CACHE_PORT,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: this.key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: this.authSecret.secretValueFromJson(AUTH_TOKEN_KEY).unsafeUnwrap(),
      snapshotRetentionLimit: snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW,
      preferredMaintenanceWindow: props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
      logDeliveryConfigurations: [
        logDelivery('slow-log', this.slowLogGroup),
        logDelivery('engine-log', this.engineLogGroup),
      ],
    });
    // A final snapshot is taken when the stack deletes (or CloudFormation replaces) the replication group.
    group.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);

    if (this.engine === CacheEngine.REDIS) {
      acknowledge(group, 'AwsSolutions-AEC5',
        'The cache keeps the Redis protocol port 6379 so that clients and tooling work unchanged. A different ' +
        'port hides nothing inside the VPC: the isolated subnets have no route to the internet, the security ' +
        'group admits only the platform\'s tiers, TLS is required and every client must present the AUTH token.');
    }

    return group;
  }

  /**
   * Lets a principal read the AUTH token (and only that secret), and decrypt it with the tier key through Secrets
   * Manager. A grantee in another stack of the same account gets both permissions in its own policy, so the tier's
   * stack does not refer back to the grantee's (no dependency cycle).
   */
  public grantReadAuthToken(grantee: iam.IGrantable): iam.Grant {
    return grantSecretRead(this.authSecret, grantee);
  }

  /**
   * The ElastiCache cluster ID of one node, the `CacheClusterId` dimension of its metrics:
   * `<replication group id>-001` for node 0 (created as the primary in zone 1), `-002` for node 1, ...
   */
  public memberClusterId(nodeIndex: number): string {
    if (!Number.isInteger(nodeIndex) || nodeIndex < 0 || nodeIndex >= this.nodeCount) {
      validateArguments(this, () => fail('nodeIndex',
        `be a node index from 0 to ${this.nodeCount - 1} (0 is the node created as primary in zone 1)`, nodeIndex));
    }
    return `${this.replicationGroup.ref}-${String(nodeIndex + 1).padStart(3, '0')}`;
  }

  /**
   * Any ElastiCache metric of one node (`AWS/ElastiCache`, dimension `CacheClusterId`), for example 'CurrConnections'.
   *
   * @default Average over 1 minute, of node 0 (`props.nodeIndex`)
   */
  public metric(metricName: string, props?: CacheNodeMetricOptions): cloudwatch.Metric {
    const { nodeIndex, ...options } = props ?? {};
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.memberClusterId(nodeIndex ?? 0) },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
      ...options,
    });
  }

  /**
   * Host CPU utilization of one node, in percent.
   *
   * @default Average over 1 minute, of node 0 (`props.nodeIndex`)
   */
  public metricCpuUtilization(props?: CacheNodeMetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', props);
  }

  /**
   * CPU utilization of the engine thread of one node, in percent: the saturation signal of Valkey and Redis.
   *
   * @default Average over 1 minute, of node 0 (`props.nodeIndex`)
   */
  public metricEngineCpuUtilization(props?: CacheNodeMetricOptions): cloudwatch.Metric {
    return this.metric('EngineCPUUtilization', props);
  }

  /**
   * Share of one node's maxmemory in use, in percent (`DatabaseMemoryUsagePercentage`); evictions start near 100.
   *
   * @default Maximum over 1 minute, of node 0 (`props.nodeIndex`)
   */
  public metricMemoryUsedPercent(props?: CacheNodeMetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseMemoryUsagePercentage', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Keys evicted from one node because it ran out of memory.
   *
   * @default Sum over 1 minute, of node 0 (`props.nodeIndex`)
   */
  public metricEvictions(props?: CacheNodeMetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Cache hits as a percentage of lookups on one node.
   *
   * @default Average over 1 minute, of node 0 (`props.nodeIndex`)
   */
  public metricCacheHitRate(props?: CacheNodeMetricOptions): cloudwatch.Metric {
    return this.metric('CacheHitRate', props);
  }

  /**
   * Seconds a replica lags behind the primary. Only a node that is currently a replica reports it:
   * node 1 (the replica created in zone 2) by default; after a failover, the former primary does.
   *
   * @default Maximum over 1 minute, of node 1 (`props.nodeIndex`)
   */
  public metricReplicationLag(props?: CacheNodeMetricOptions): cloudwatch.Metric {
    return this.metric('ReplicationLag', { statistic: cloudwatch.Stats.MAXIMUM, ...props, nodeIndex: props?.nodeIndex ?? 1 });
  }
}

function logDelivery(logType: string, logGroup: logs.ILogGroup): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty {
  return {
    logType,
    logFormat: 'json',
    destinationType: 'cloudwatch-logs',
    destinationDetails: { cloudWatchLogsDetails: { logGroup: logGroup.logGroupName } },
  };
}
