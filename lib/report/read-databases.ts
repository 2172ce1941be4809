/**
 * The database and cache side of the model: RDS DB instances with their standbys and read replicas, Aurora
 * clusters and Multi-AZ DB clusters, ElastiCache replication groups and cache clusters, each node in its zone.
 */
import { CacheModel, DatabaseModel, DatabaseNodeModel, UNPLACED } from './model';
import { ReadContext } from './read-context';
import { bool, CfnResource, isObject, list, num, propsOf, refOf, refsIn, str } from './template-values';

type Entry = [string, CfnResource];

/** Reads every database: RDS instances (with standby and replicas), Aurora clusters, Multi-AZ DB clusters. */
export function readDatabases(ctx: ReadContext): DatabaseModel[] {
  const clusterMembers = new Map<string, Entry[]>();
  const standalone: Entry[] = [];
  for (const entry of ctx.ofType('AWS::RDS::DBInstance')) {
    const cluster = refOf(propsOf(entry[1]).DBClusterIdentifier);
    if (cluster && ctx.resources[cluster]?.Type === 'AWS::RDS::DBCluster') {
      clusterMembers.set(cluster, [...(clusterMembers.get(cluster) ?? []), entry]);
    } else {
      standalone.push(entry);
    }
  }
  return [
    ...readInstanceDatabases(ctx, standalone),
    ...ctx.ofType('AWS::RDS::DBCluster').map(([id, cluster]) => readCluster(ctx, id, cluster, clusterMembers.get(id) ?? [])),
  ];
}

/** Zones of the DB subnet group a DBSubnetGroupName refers to. */
function subnetGroupZones(ctx: ReadContext, value: unknown): string[] {
  const id = refOf(value);
  const group = id ? ctx.resources[id] : undefined;
  return group?.Type === 'AWS::RDS::DBSubnetGroup' ? ctx.zonesOfSubnets(propsOf(group).SubnetIds) : [];
}

/** RDS DB instances that are not read replicas of an instance of the template, each with its standby and replicas. */
function readInstanceDatabases(ctx: ReadContext, standalone: Entry[]): DatabaseModel[] {
  const instanceIds = new Set(standalone.map(([id]) => id));
  const sourceOf = (resource: CfnResource): string | undefined => {
    const source = propsOf(resource).SourceDBInstanceIdentifier;
    return source === undefined ? undefined : refsIn(source).find((ref) => instanceIds.has(ref)) ?? '(outside the template)';
  };
  const primaries = standalone.filter(([, r]) => sourceOf(r) === undefined || sourceOf(r) === '(outside the template)');
  return primaries.map(([id, resource]) => {
    const p = propsOf(resource);
    const multiAz = bool(p.MultiAZ) ?? false;
    const subnetZones = subnetGroupZones(ctx, p.DBSubnetGroupName);
    const storage = num(p.AllocatedStorage);
    const instanceClass = str(p.DBInstanceClass);
    const az = ctx.zoneOf(p.AvailabilityZone);
    const isReplica = sourceOf(resource) !== undefined;
    const nodes: DatabaseNodeModel[] = [];
    if (multiAz && !az && subnetZones.length === 2 && !subnetZones.includes(UNPLACED)) {
      // RDS places the primary and the standby in different zones of the subnet group; which is which is its choice.
      subnetZones.forEach((zone) => nodes.push({ logicalId: id, role: 'primary-or-standby', zone, instanceClass, storageGiB: storage }));
    } else {
      nodes.push({ logicalId: id, role: isReplica ? 'replica' : 'primary', zone: az ?? UNPLACED, instanceClass, storageGiB: storage });
      if (multiAz) {
        const other = subnetZones.filter((zone) => zone !== az && zone !== UNPLACED);
        nodes.push({ logicalId: id, role: 'standby', zone: az && other.length === 1 ? other[0] : UNPLACED, instanceClass, storageGiB: storage });
      }
    }
    const replicas = standalone.filter(([, r]) => sourceOf(r) === id);
    for (const [replicaId, replica] of replicas) {
      const rp = propsOf(replica);
      const replicaStorage = num(rp.AllocatedStorage) ?? storage;
      const replicaClass = str(rp.DBInstanceClass) ?? instanceClass;
      nodes.push({ logicalId: replicaId, role: 'replica', zone: ctx.zoneOf(rp.AvailabilityZone) ?? UNPLACED, instanceClass: replicaClass, storageGiB: replicaStorage });
      if (bool(rp.MultiAZ)) {
        nodes.push({ logicalId: replicaId, role: 'standby', zone: UNPLACED, instanceClass: replicaClass, storageGiB: replicaStorage });
      }
    }
    return {
      logicalId: id,
      kind: 'rds-instance',
      engine: str(p.Engine),
      multiAz,
      nodes,
      replicaIds: replicas.map(([replicaId]) => replicaId),
      subnetZones,
      storageType: str(p.StorageType) ?? (p.Iops !== undefined ? 'io1' : 'gp2'),
      backupRetentionDays: num(p.BackupRetentionPeriod) ?? (isReplica ? 0 : 1),
    };
  });
}

/** An Aurora cluster with its member instances, or a Multi-AZ DB cluster (a writer and two readable standbys). */
function readCluster(ctx: ReadContext, id: string, cluster: CfnResource, members: Entry[]): DatabaseModel {
  const p = propsOf(cluster);
  const engine = str(p.Engine);
  const subnetZones = subnetGroupZones(ctx, p.DBSubnetGroupName);
  if (p.DBClusterInstanceClass !== undefined && !engine?.startsWith('aurora')) {
    const instanceClass = str(p.DBClusterInstanceClass);
    const storage = num(p.AllocatedStorage);
    const zones = subnetZones.length === 3 ? subnetZones : [UNPLACED, UNPLACED, UNPLACED];
    return {
      logicalId: id,
      kind: 'rds-multi-az-cluster',
      engine,
      multiAz: true,
      nodes: zones.map((zone, i) => ({ logicalId: id, role: i === 0 ? 'writer' : 'reader', zone, instanceClass, storageGiB: storage })),
      replicaIds: [],
      subnetZones,
      storageType: str(p.StorageType),
      backupRetentionDays: num(p.BackupRetentionPeriod) ?? 1,
    };
  }
  const sorted = members
    .map(([memberId, member]) => ({ memberId, mp: propsOf(member) }))
    .sort((a, b) => (num(a.mp.PromotionTier) ?? 1) - (num(b.mp.PromotionTier) ?? 1));
  const nodes: DatabaseNodeModel[] = sorted.map(({ memberId, mp }, i) => ({
    logicalId: memberId,
    role: i === 0 ? 'writer' : 'reader',
    zone: ctx.zoneOf(mp.AvailabilityZone) ?? UNPLACED,
    instanceClass: str(mp.DBInstanceClass),
  }));
  const scaling = ctx.ofType('AWS::ApplicationAutoScaling::ScalableTarget').find(([, r]) =>
    str(propsOf(r).ScalableDimension) === 'rds:cluster:ReadReplicaCount' && refsIn(propsOf(r).ResourceId).includes(id));
  const placed = new Set(nodes.map((node) => node.zone));
  return {
    logicalId: id,
    kind: 'aurora-cluster',
    engine,
    multiAz: nodes.length > 1 && (placed.size > 1 || placed.has(UNPLACED)),
    nodes,
    replicaIds: [],
    subnetZones,
    storageType: 'aurora',
    backupRetentionDays: num(p.BackupRetentionPeriod) ?? 1,
    autoScaledReadersMin: scaling ? num(propsOf(scaling[1]).MinCapacity) : undefined,
  };
}

/** Reads ElastiCache replication groups and cache clusters, each node in its zone. */
export function readCaches(ctx: ReadContext): CacheModel[] {
  const caches: CacheModel[] = ctx.ofType('AWS::ElastiCache::ReplicationGroup').map(([id, group]) => readReplicationGroup(ctx, id, propsOf(group)));
  for (const [id, cluster] of ctx.ofType('AWS::ElastiCache::CacheCluster')) {
    const p = propsOf(cluster);
    const count = num(p.NumCacheNodes) ?? 1;
    caches.push({
      logicalId: id,
      kind: 'cache-cluster',
      engine: (str(p.Engine) ?? 'redis').toLowerCase(),
      nodeType: str(p.CacheNodeType),
      shards: 1,
      replicasPerShard: 0,
      automaticFailover: false,
      multiAz: false,
      nodes: Array.from({ length: count }, (_, i) => ({
        // Memcached nodes are independent partitions; a single Redis node is a primary without replica.
        role: 'primary' as const,
        zone: ctx.zoneOf(list(p.PreferredAvailabilityZones)[i] ?? p.PreferredAvailabilityZone) ?? UNPLACED,
      })),
    });
  }
  return caches;
}

function readReplicationGroup(ctx: ReadContext, id: string, p: Record<string, any>): CacheModel {
  const nodeGroups = list(p.NodeGroupConfiguration).filter(isObject);
  const shards = num(p.NumNodeGroups) ?? (nodeGroups.length || 1);
  const clusterModeDisabled = p.NumNodeGroups === undefined && p.ReplicasPerNodeGroup === undefined && nodeGroups.length === 0;
  const replicasPerShard = clusterModeDisabled
    ? Math.max(0, (num(p.NumCacheClusters) ?? list(p.PreferredCacheClusterAZs).length ?? 1) - 1)
    : num(p.ReplicasPerNodeGroup) ?? (nodeGroups.length > 0 ? num(nodeGroups[0].ReplicaCount) ?? 1 : 1);
  const nodes: CacheModel['nodes'] = [];
  for (let shard = 0; shard < shards; shard++) {
    const config = nodeGroups[shard] ?? {};
    const azs = clusterModeDisabled
      ? list(p.PreferredCacheClusterAZs)
      : [config.PrimaryAvailabilityZone, ...list(config.ReplicaAvailabilityZones)];
    for (let i = 0; i <= replicasPerShard; i++) {
      nodes.push({ role: i === 0 ? 'primary' : 'replica', zone: ctx.zoneOf(azs[i]) ?? UNPLACED });
    }
  }
  return {
    logicalId: id,
    kind: 'replication-group',
    engine: (str(p.Engine) ?? 'redis').toLowerCase(),
    nodeType: str(p.CacheNodeType),
    shards,
    replicasPerShard,
    automaticFailover: bool(p.AutomaticFailoverEnabled) ?? !clusterModeDisabled,
    multiAz: bool(p.MultiAZEnabled) ?? false,
    nodes,
  };
}
