/** Recovery of each data tier's resource from the loss of its primary node: database, cache, search, broker. */
import { instanceSpec } from './instance-types';
import { searchMasters } from './placement';
import { CITATIONS, FAILOVER_FIGURES, losslessFailover, Recovery } from './recovery-basics';
import { BrokerModel, CacheModel, DatabaseModel, PlatformModel, SearchModel, UNPLACED, zoneName } from './template-model';
import { masterLossPhrase, masterSplitPhrase } from '../private/zone-quorum';

// --- Database ----------------------------------------------------------------------------------------------

export function databaseRecovery(model: PlatformModel, db: DatabaseModel): Recovery {
  const resources = [db.logicalId, ...db.replicaIds, ...db.nodes.map((node) => node.logicalId)].filter((id, i, all) => all.indexOf(id) === i);
  if (db.kind === 'aurora-cluster') {
    return auroraRecovery(db, resources);
  }
  if (db.kind === 'rds-multi-az-cluster') {
    return losslessFailover(FAILOVER_FIGURES.rdsMultiAzCluster, {
      dataLoss: 'none: a reader acknowledges each commit before the writer returns it',
      basis: `${db.logicalId}: Multi-AZ DB cluster: a readable standby is promoted, typically under ${FAILOVER_FIGURES.rdsMultiAzCluster} s (AWS)`,
      citation: CITATIONS.rdsMultiAzCluster,
      resources,
      notes: [],
    });
  }
  const replicaNote = db.replicaIds.length > 0
    ? [`Read replica(s) ${db.replicaIds.join(', ')} are not failover targets: promoting one is manual and loses its replication lag.`]
    : [];
  if (db.multiAz) {
    return losslessFailover(FAILOVER_FIGURES.rdsMultiAzInstance, {
      dataLoss: 'none: the standby is written synchronously',
      basis: `${db.logicalId}: MultiAZ true: RDS fails over to the synchronous standby in the other zone, typically 60–120 s (AWS; the upper end is used)`,
      citation: CITATIONS.rdsMultiAzInstance,
      resources,
      notes: replicaNote,
      cause: 'database-multi-az-instance',
    });
  }
  return {
    automatic: false,
    dataLoss: `up to ${FAILOVER_FIGURES.rdsPointInTimeRestoreDataLoss / 60} minutes of writes if the volume or zone is lost (point-in-time restore)`,
    dataLossSeconds: FAILOVER_FIGURES.rdsPointInTimeRestoreDataLoss,
    basis: `${db.logicalId}: Single-AZ DB instance (MultiAZ false): no standby; RDS recovers the instance on its host failure in minutes, ` +
      'and a lost volume or zone needs a point-in-time restore (many minutes)',
    citation: [CITATIONS.rdsMultiAzInstance, CITATIONS.rdsPointInTimeRestore].join(' ; '),
    resources,
    notes: [...replicaNote, `Zones of ${db.logicalId}: ${db.nodes.map((n) => zoneName(model, n.zone)).join(', ')}.`],
    cause: 'database-single-az',
  };
}

function auroraRecovery(db: DatabaseModel, resources: string[]): Recovery {
  const readers = db.nodes.filter((node) => node.role === 'reader');
  const writer = db.nodes.find((node) => node.role === 'writer');
  if (readers.length > 0) {
    const crossZone = readers.some((reader) => reader.zone !== writer?.zone || reader.zone === UNPLACED);
    return losslessFailover(FAILOVER_FIGURES.auroraWithReplica, {
      dataLoss: 'none: the cluster volume keeps six copies over three zones, shared by every instance',
      basis: `${db.logicalId}: Aurora with ${readers.length} reader(s) (${readers.map((r) => r.logicalId).join(', ')}): the reader with the ` +
        `lowest promotion tier becomes the writer, typically within ${FAILOVER_FIGURES.auroraWithReplica} s (AWS)`,
      citation: [CITATIONS.auroraFaultTolerance, CITATIONS.auroraFaq].join(' ; '),
      resources,
      notes: crossZone ? [] : [`${db.logicalId}: every reader is in the writer's zone: losing that zone leaves no instance.`],
    });
  }
  return losslessFailover(FAILOVER_FIGURES.auroraWithoutReplica, {
    dataLoss: 'none: the cluster volume survives the instance',
    basis: `${db.logicalId}: Aurora with no reader: Aurora attempts to create a new instance (best effort, AWS gives no bound; ` +
      `planning figure ${FAILOVER_FIGURES.auroraWithoutReplica} s)`,
    citation: CITATIONS.auroraFaultTolerance,
    resources,
    notes: [],
    cause: 'database-no-reader',
  });
}

// --- Cache -------------------------------------------------------------------------------------------------

export function cacheRecovery(cache: CacheModel): Recovery {
  const resources = [cache.logicalId];
  if (cache.engine === 'memcached') {
    return {
      automatic: false,
      dataLoss: 'the failed node\'s share of the cache (memcached does not replicate)',
      basis: `${cache.logicalId}: memcached has no replicas: a failed node is replaced empty`,
      citation: CITATIONS.elastiCacheMultiAz,
      resources,
      notes: [],
      cause: 'cache-no-failover',
    };
  }
  if (cache.replicasPerShard === 0) {
    return {
      automatic: false,
      dataLoss: 'everything written since the last snapshot (the replacement node starts empty or from the snapshot)',
      basis: `${cache.logicalId}: no replica (NumCacheClusters ${cache.replicasPerShard + 1}): no failover; ElastiCache replaces the failed primary (minutes)`,
      citation: CITATIONS.elastiCacheMultiAz,
      resources,
      notes: [],
      cause: 'cache-no-failover',
    };
  }
  if (!cache.automaticFailover) {
    return {
      automatic: false,
      dataLoss: 'writes not yet replicated (asynchronous replication)',
      basis: `${cache.logicalId}: ${cache.replicasPerShard} replica(s) per shard but AutomaticFailoverEnabled false: a person must promote a replica`,
      citation: CITATIONS.elastiCacheMultiAz,
      resources,
      notes: [],
      cause: 'cache-no-failover',
    };
  }
  const zones = new Set(cache.nodes.map((node) => node.zone));
  return {
    expectedSeconds: FAILOVER_FIGURES.elastiCacheAutomaticFailover,
    automatic: true,
    dataLoss: 'writes not yet replicated to the promoted replica (asynchronous replication: usually under a second)',
    basis: `${cache.logicalId}: AutomaticFailoverEnabled with ${cache.replicasPerShard} replica(s) per shard` +
      `${cache.multiAz ? ', MultiAZEnabled' : ''}: ElastiCache promotes the replica with the least lag and moves the primary endpoint ` +
      `(AWS gives no failover time; planning figure ${FAILOVER_FIGURES.elastiCacheAutomaticFailover} s, measure with TestFailover)`,
    citation: CITATIONS.elastiCacheMultiAz,
    resources,
    notes: zones.size < 2 && !zones.has(UNPLACED) ? [`${cache.logicalId}: all its nodes are in one zone.`] : [],
  };
}

// --- Search ------------------------------------------------------------------------------------------------

export function searchRecovery(model: PlatformModel, domain: SearchModel): Recovery {
  const resources = [domain.logicalId];
  const citation = [CITATIONS.openSearchMultiAz, CITATIONS.openSearchMasters].join(' ; ');
  const masterEligible = domain.masterNodes > 0 ? domain.masterNodes : domain.dataNodes;
  const masterKind = domain.masterNodes > 0 ? 'dedicated masters' : 'master-eligible data nodes (no dedicated masters)';
  if (masterEligible < 3) {
    return {
      automatic: false,
      dataLoss: domain.dataNodes < 2 ? 'index data since the last automated snapshot' : 'none if indexes have replicas',
      basis: `${domain.logicalId}: ${masterEligible} ${masterKind}: losing one leaves no majority to elect a master; the domain ` +
        'stops accepting writes until OpenSearch Service replaces the node (AWS recommends 3 dedicated masters)',
      citation,
      resources,
      notes: [],
      cause: 'search-too-few-masters',
    };
  }
  if (domain.dataNodes < 2) {
    return {
      automatic: false,
      dataLoss: 'index data since the last automated snapshot (no node can hold a replica shard)',
      basis: `${domain.logicalId}: 1 data node: no replica shard can exist; its failure takes the indexes down until the node is replaced`,
      citation,
      resources,
      notes: [],
      cause: 'search-single-data-node',
    };
  }
  const notes = searchNotes(model, domain);
  const zones = `${domain.dataNodes} data nodes${domain.zoneAwareness ? ` with zone awareness over ${domain.availabilityZoneCount} zones` : ''}, ` +
    `${masterEligible} ${masterKind}`;
  if (domain.multiAzWithStandby) {
    return losslessFailover(FAILOVER_FIGURES.openSearchStandbyFailover, {
      dataLoss: 'none: Multi-AZ with Standby keeps a full copy of the data in each zone (synchronous replication)',
      basis: `${domain.logicalId}: ${zones}, Multi-AZ with Standby: OpenSearch Service promotes standby nodes to active in less than ` +
        `a minute (AWS: ${FAILOVER_FIGURES.openSearchStandbyFailover} s used), without moving shards`,
      citation: [CITATIONS.openSearchStandby, CITATIONS.openSearchMultiAz].join(' ; '),
      resources,
      notes,
    });
  }
  return losslessFailover(FAILOVER_FIGURES.openSearchNodeRecovery, {
    dataLoss: 'none when every index has at least one replica (an index setting, not in the template)',
    basis: `${domain.logicalId}: ${zones}: replica shards take over at once, OpenSearch Service replaces the node and re-replicates ` +
      `(minutes, AWS gives no bound; planning figure ${FAILOVER_FIGURES.openSearchNodeRecovery} s)`,
    citation,
    resources,
    notes,
  });
}

/** What a node failure does not show: the masters' placement over the zones, zone awareness. */
function searchNotes(model: PlatformModel, domain: SearchModel): string[] {
  const notes: string[] = [];
  const knownZones = domain.zones.filter((zone) => zone !== UNPLACED);
  const masters = searchMasters(domain);
  if (domain.zoneAwareness && masters.onZoneLoss !== 'kept') {
    notes.push(`${domain.logicalId}: ${masterSplitPhrase(masters)}: ${masterLossPhrase(masters)} until OpenSearch Service ` +
      `replaces them (a node failure does not). ${masters.dedicated ? 'A third zone for the masters keeps it' : 'Dedicated masters in 3 zones keep it'}.`);
  }
  if (!domain.zoneAwareness && knownZones.length <= 1) {
    notes.push(`${domain.logicalId}: zone awareness is off: every data node is in ${zoneName(model, knownZones[0] ?? UNPLACED)}.`);
  }
  return notes;
}

// --- Broker ------------------------------------------------------------------------------------------------

export function brokerRecovery(broker: BrokerModel): Recovery {
  const resources = [broker.logicalId];
  if (broker.deploymentMode === 'CLUSTER_MULTI_AZ') {
    return clusterBrokerRecovery(broker);
  }
  if (broker.deploymentMode === 'ACTIVE_STANDBY_MULTI_AZ') {
    return losslessFailover(FAILOVER_FIGURES.activeMqStandby, {
      dataLoss: 'none: active and standby share storage',
      basis: `${broker.logicalId}: ACTIVE_STANDBY_MULTI_AZ: the standby takes over (planning figure ${FAILOVER_FIGURES.activeMqStandby} s)`,
      citation: CITATIONS.mqActiveStandby,
      resources,
      notes: [],
    });
  }
  return {
    automatic: false,
    dataLoss: 'messages on the broker until it is replaced; an Availability Zone outage can lose them',
    basis: `${broker.logicalId}: ${broker.deploymentMode ?? 'SINGLE_INSTANCE'}: one broker, no failover; Amazon MQ replaces it (minutes)`,
    citation: CITATIONS.mqRabbitMqCluster,
    resources,
    notes: [],
    cause: 'broker-single-instance',
  };
}

/**
 * A RabbitMQ cluster: quorum queues elect a new leader among the 2 surviving nodes. On RabbitMQ 4.2 and later
 * quorum is the default queue type; before, queues are classic unless clients declare them quorum, and Amazon MQ
 * mirrors classic queues to every node (a promoted mirror can miss what was not yet replicated to it).
 */
function clusterBrokerRecovery(broker: BrokerModel): Recovery {
  const size = instanceSpec(broker.hostInstanceType);
  const sized = size ? ` (${broker.hostInstanceType}: ${size.vcpus} vCPU, ${size.memoryGiB} GiB)` : '';
  const version = broker.engineVersion ? ` ${broker.engineVersion}` : '';
  const base = `${broker.logicalId}: ${broker.engine}${version} CLUSTER_MULTI_AZ, 3 nodes${sized}: quorum queues elect a new leader among ` +
    `the 2 surviving nodes; clients reconnect through the broker's load balancer (planning figure ${FAILOVER_FIGURES.rabbitMqClusterNode} s)`;
  const common = {
    expectedSeconds: FAILOVER_FIGURES.rabbitMqClusterNode,
    automatic: true,
    resources: [broker.logicalId],
  };
  if (broker.quorumQueuesByDefault === true) {
    return {
      ...common,
      dataLoss: `none: quorum queues are the default queue type on RabbitMQ${version} (a majority of nodes holds every confirmed message)`,
      dataLossSeconds: 0,
      basis: `${base}; quorum is the default queue type`,
      citation: [CITATIONS.mqRabbitMq4, CITATIONS.mqQuorumQueues].join(' ; '),
      notes: [],
    };
  }
  const which = broker.quorumQueuesByDefault === false ? `RabbitMQ${version}` : 'the engine version (not a literal in the template)';
  return {
    ...common,
    dataLoss: `queues are classic unless clients declare them quorum (${which}): a classic queue's messages not yet copied to the ` +
      'mirror Amazon MQ promotes are lost; none for quorum queues',
    basis: `${base}; on ${which} the default queue type is classic: only queues clients declare with x-queue-type quorum get that`,
    citation: [CITATIONS.mqQuorumQueues, CITATIONS.mqClusterDefaults, CITATIONS.mqRabbitMq4].join(' ; '),
    notes: [`${broker.logicalId}: classic queues are the default before RabbitMQ 4.2: the template cannot say which queues clients declare quorum.`],
    cause: 'broker-classic-queues',
  };
}
