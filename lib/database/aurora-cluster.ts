import { Duration, Stack, Tokenization } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  AURORA_POSTGRES_VERSION, CONNECTIONS_SCALING_SHARE, DEFAULT_AURORA_INSTANCE_TYPE, DEFAULT_READER_MAX,
  DEFAULT_READER_MIN, LOG_EXPORT,
} from './database-defaults';
import type { DatabaseTierProps } from './database-tier';
import { addCredentialRotation, BuiltTopology, dbInstanceType, exportedLogGroup, identifier, sharedDatabaseProps, TopologyContext } from './topology-common';
import { acknowledgeCompliance, HIPAA_SECURITY, NIST_800_53_R5 } from '../private/acknowledgements';

/** Construct IDs of the cluster's two instances (aws-rds creates them under the cluster): part of their logical IDs. */
const WRITER_ID = 'Writer';
const READER_ID = 'Reader';

/** The AURORA topology: what it adds to {@link BuiltTopology}. */
export interface BuiltAuroraCluster extends BuiltTopology {
  readonly cluster: rds.DatabaseCluster;
  /** The writer instance, in zone 1. */
  readonly writerInstance: rds.IAuroraClusterInstance;
  /** The reader instance the tier creates, in zone 2. */
  readonly readerInstance: rds.IAuroraClusterInstance;
  readonly readerScaling: appscaling.ScalableTarget;
  /** Fewest readers Application Auto Scaling keeps. */
  readonly readerMinReplicas: number;
}

/**
 * Aurora PostgreSQL: a writer in zone 1 and a reader in zone 2 at promotion tier 0, the cluster's log group, the
 * rotation of the master credentials, and Application Auto Scaling of the readers on their average connections.
 */
export function buildAuroraCluster(ctx: TopologyContext, props: DatabaseTierProps): BuiltAuroraCluster {
  const tier = ctx.tier;
  const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: AURORA_POSTGRES_VERSION });
  // Aurora PostgreSQL sets rds.force_ssl for the cluster and max_connections per instance.
  const parameterGroup = rds.ParameterGroup.forCluster(tier, 'ClusterParameterGroup', {
    engine,
    description: 'MultiAzHaPlatform database cluster: TLS required',
    parameters: { 'rds.force_ssl': '1' },
  });
  const instanceParameterGroup = rds.ParameterGroup.forInstance(tier, 'InstanceParameterGroup', {
    engine,
    description: 'MultiAzHaPlatform database instances: max_connections',
    parameters: { max_connections: Tokenization.stringifyNumber(ctx.maxConnections) },
  });

  const instanceType = props.instanceType ?? DEFAULT_AURORA_INSTANCE_TYPE;
  const readerMinReplicas = props.readerMinReplicas ?? DEFAULT_READER_MIN;
  const clusterId = identifier(tier, 'cluster');
  const clusterLogs = exportedLogGroup(ctx, 'ClusterLogGroup', `/aws/rds/cluster/${clusterId}/${LOG_EXPORT}`);
  const cluster = newCluster(ctx, {
    engine,
    clusterId,
    parameterGroup,
    instanceParameterGroup,
    instanceType,
    clusterLogs,
  });

  // The instances aws-rds creates under the cluster, with the construct IDs given in newCluster.
  const writerInstance = cluster.node.findChild(WRITER_ID) as rds.IAuroraClusterInstance;
  const readerInstance = cluster.node.findChild(READER_ID) as rds.IAuroraClusterInstance;
  const rotation = addCredentialRotation(ctx, cluster);
  // The rotation schedule rotates as soon as it is created, and an Aurora cluster is available before its instances
  // are: that first rotation could not connect, would fail and leave an AWSPENDING version that makes later rotations
  // fail. The schedule reads the rotation function, which now waits for the instances.
  rotation.node.addDependency(writerInstance, readerInstance);

  return {
    cluster,
    writerInstance,
    readerInstance,
    readerScaling: newReaderScaling(ctx, cluster, props, readerMinReplicas),
    readerMinReplicas,
    instanceType,
    parameterGroup,
    instanceParameterGroup,
    writerEndpoint: cluster.clusterEndpoint,
    readerEndpoint: cluster.clusterReadEndpoint,
    logGroups: [clusterLogs],
    secret: cluster.secret!,
    rotation,
  };
}

interface ClusterSettings {
  readonly engine: rds.IClusterEngine;
  readonly clusterId: string;
  readonly parameterGroup: rds.IParameterGroup;
  readonly instanceParameterGroup: rds.IParameterGroup;
  readonly instanceType: string;
  readonly clusterLogs: logs.LogGroup;
}

function newCluster(ctx: TopologyContext, settings: ClusterSettings): rds.DatabaseCluster {
  const instanceOptions = {
    instanceType: dbInstanceType(settings.instanceType),
    parameterGroup: settings.instanceParameterGroup,
    autoMinorVersionUpgrade: true,
    allowMajorVersionUpgrade: false,
    publiclyAccessible: false,
    preferredMaintenanceWindow: ctx.maintenanceWindow,
    // Set per instance too, or aws-cdk-lib warns that the cluster's setting overrides the instances'.
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: ctx.key,
  };

  const cluster = new rds.DatabaseCluster(ctx.tier, 'Cluster', {
    engine: settings.engine,
    clusterIdentifier: settings.clusterId,
    credentials: rds.Credentials.fromSecret(ctx.credentials),
    defaultDatabaseName: ctx.databaseName,
    // aws-rds puts the writer in promotion tier 0.
    writer: rds.ClusterInstance.provisioned(WRITER_ID, { ...instanceOptions, availabilityZone: ctx.zone1 }),
    // Tier 0, the highest priority, so Aurora promotes the zone 2 reader before any reader Aurora Auto Scaling adds
    // (it puts them in tier 15, the last). The writer is in tier 0 too: after a failover the old writer, back as a
    // reader in zone 1, is the next failover target, and the two zones take the writer role in turn.
    readers: [rds.ClusterInstance.provisioned(READER_ID, { ...instanceOptions, availabilityZone: ctx.zone2, promotionTier: 0 })],
    ...sharedDatabaseProps(ctx),
    parameterGroup: settings.parameterGroup,
    instanceUpdateBehaviour: rds.InstanceUpdateBehaviour.ROLLING,
    storageEncrypted: true,
    storageEncryptionKey: ctx.key,
    backup: { retention: ctx.backupRetention, preferredWindow: ctx.backupWindow },
    cloudwatchLogsExports: [LOG_EXPORT],
  });
  cluster.node.addDependency(settings.clusterLogs);
  for (const id of [WRITER_ID, READER_ID]) {
    acknowledgeCompliance(cluster.node.findChild(id), [NIST_800_53_R5, HIPAA_SECURITY], 'RDSInBackupPlan',
      'AWS Backup protects Aurora at the cluster level (one cluster volume holds the data of every instance): ' +
      'the cluster is in the tier\'s AWS Backup plan (daily snapshots kept 35 days), next to its automated ' +
      'backups with point-in-time recovery. AWS Backup cannot select an Aurora instance.');
  }
  return cluster;
}

/**
 * The reference architecture's "connections > 80 % -> add read replicas": Aurora Auto Scaling on the readers' average
 * connections.
 */
function newReaderScaling(ctx: TopologyContext, cluster: rds.DatabaseCluster, props: DatabaseTierProps,
  readerMinReplicas: number): appscaling.ScalableTarget {
  const readerScaling = new appscaling.ScalableTarget(ctx.tier, 'ReaderScaling', {
    serviceNamespace: appscaling.ServiceNamespace.RDS,
    scalableDimension: 'rds:cluster:ReadReplicaCount',
    resourceId: `cluster:${cluster.clusterIdentifier}`,
    minCapacity: readerMinReplicas,
    maxCapacity: props.readerMaxReplicas ?? DEFAULT_READER_MAX,
    // Aurora Auto Scaling's service-linked role (created on first use), rather than a role of our own.
    role: iam.Role.fromRoleArn(ctx.tier, 'ReaderScalingServiceLinkedRole', Stack.of(ctx.tier).formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: 'aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
    })),
  });
  // Aurora Auto Scaling only acts on a cluster whose instances are all available.
  // After the instances exist (the scalable target references the cluster already).
  readerScaling.node.addDependency(cluster.node.findChild(WRITER_ID), cluster.node.findChild(READER_ID));
  readerScaling.scaleToTrackMetric('ConnectionsTargetTracking', {
    predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
    targetValue: Math.max(1, Math.floor(ctx.maxConnections * CONNECTIONS_SCALING_SHARE)),
    scaleOutCooldown: Duration.minutes(5),
    scaleInCooldown: Duration.minutes(10),
  });
  return readerScaling;
}
