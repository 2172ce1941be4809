/** The database and cache families of the tier model. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { CacheTier } from '../../cache/cache-tier';
import { DatabaseTier } from '../../database/database-tier';
import { CacheModel, DatabaseModel, DatabaseNodeModel, UNPLACED } from '../../report/model';

/** The database tier's database (instance and replica, or Aurora cluster) and the cache tier's replication group. */
export function storesOfTiers(ctx: TierContext, tiers: PlatformTiers): { databases: DatabaseModel[]; caches: CacheModel[] } {
  return {
    databases: tiers.database ? [databaseOf(ctx, tiers.database)] : [],
    caches: tiers.cache ? [replicationGroupOf(ctx, tiers.cache)] : [],
  };
}

function databaseOf(ctx: TierContext, database: DatabaseTier): DatabaseModel {
  const subnetZones = ctx.zonesOfSubnets(database.subnets);
  return database.cluster ? auroraCluster(ctx, database, subnetZones) : multiAzInstance(ctx, database, subnetZones);
}

/** The Aurora cluster: the writer and the reader the tier creates, and the readers Auto Scaling keeps at least. */
function auroraCluster(ctx: TierContext, database: DatabaseTier, subnetZones: string[]): DatabaseModel {
  const instanceClass = ctx.str(database.instanceType);
  const nodes: DatabaseNodeModel[] = [
    { logicalId: ctx.logicalIdOf(database.writerInstance!), role: 'writer', zone: ctx.zoneOf(database.writerAvailabilityZone!), instanceClass },
    { logicalId: ctx.logicalIdOf(database.readerInstance!), role: 'reader', zone: ctx.zoneOf(database.readerAvailabilityZone), instanceClass },
  ];
  const placed = new Set(nodes.map((node) => node.zone));
  return {
    logicalId: ctx.logicalIdOf(database.cluster!),
    kind: 'aurora-cluster',
    engine: database.cluster!.engine?.engineType,
    multiAz: nodes.length > 1 && placed.size > 1,
    nodes,
    replicaIds: [],
    subnetZones,
    storageType: 'aurora',
    backupRetentionDays: ctx.num(database.backupRetentionDays) ?? 1,
    autoScaledReadersMin: ctx.num(database.readerMinReplicas),
  };
}

/**
 * The Multi-AZ DB instance and its read replica. RDS places the primary and its standby in the two zones of the subnet
 * group, which is which its choice; with any other subnet group the report cannot place them either.
 */
function multiAzInstance(ctx: TierContext, database: DatabaseTier, subnetZones: string[]): DatabaseModel {
  const primaryId = ctx.logicalIdOf(database.instance!);
  const replicaId = ctx.logicalIdOf(database.readReplica!);
  const node = {
    instanceClass: ctx.str(database.instanceType),
    storageGiB: ctx.num(database.allocatedStorageGiB),
  };
  const primaryNodes: DatabaseNodeModel[] = subnetZones.length === 2 && !subnetZones.includes(UNPLACED)
    ? subnetZones.map((zone) => ({ logicalId: primaryId, role: 'primary-or-standby', zone, ...node }))
    : [{ logicalId: primaryId, role: 'primary', zone: UNPLACED, ...node }, { logicalId: primaryId, role: 'standby', zone: UNPLACED, ...node }];
  return {
    logicalId: primaryId,
    kind: 'rds-instance',
    engine: database.instance!.engine?.engineType,
    multiAz: true,
    nodes: [...primaryNodes, { logicalId: replicaId, role: 'replica', zone: ctx.zoneOf(database.readerAvailabilityZone), ...node }],
    replicaIds: [replicaId],
    subnetZones,
    storageType: database.storageType,
    backupRetentionDays: ctx.num(database.backupRetentionDays) ?? 1,
  };
}

/** The cache tier's replication group: cluster mode disabled. */
function replicationGroupOf(ctx: TierContext, cache: CacheTier): CacheModel {
  return {
    logicalId: ctx.logicalIdOf(cache.replicationGroup),
    kind: 'replication-group',
    engine: cache.engine,
    nodeType: ctx.str(cache.nodeType),
    // Cluster mode disabled: one shard, the primary and its replicas.
    shards: 1,
    replicasPerShard: cache.nodeCount - 1,
    automaticFailover: cache.automaticFailover,
    multiAz: cache.multiAz,
    nodes: cache.nodeAvailabilityZones.map((zone, i) => ({ role: i === 0 ? 'primary' : 'replica', zone: ctx.zoneOf(zone) })),
  };
}
