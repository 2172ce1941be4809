/**
 * Zone loss for the tiers that keep a quorum: a search domain's dedicated masters (and data nodes), a RabbitMQ
 * cluster's nodes. Two zones cannot hold a majority through the loss of either; three can.
 */
import { brokerNodeZones, searchMasters, searchShare, searchZones } from './placement';
import { FAILOVER_FIGURES } from './recovery-basics';
import { brokerRecovery, searchRecovery } from './recovery-tiers';
import { BrokerModel, SearchModel, UNPLACED, zonePhrase } from './template-model';
import { LostZone, ZoneLossRow } from './zone-loss';
import { spread } from '../private/zone-quorum';

type Row = ZoneLossRow;

export function searchZoneLoss(lost: LostZone, domain: SearchModel): Row {
  const { model } = lost;
  const row = { tier: `Search ${domain.logicalId}`, kind: 'search' as const, targetSeconds: lost.recovery.targets.searchNodeSeconds };
  const zones = searchZones(domain);
  const share = searchShare(domain, lost.zone.key);
  if (!zones || !share) {
    return {
      ...row,
      status: 'DEPENDS',
      cause: 'search-placement-unknown',
      detail: `the template does not place the domain's nodes in zones (zone awareness or subnets): it serves if OpenSearch Service kept a copy outside ${lost.name}.`,
    };
  }
  if (share.dataNodes + share.mastersMax === 0) {
    return { ...row, status: 'SERVES', recoverySeconds: 0, detail: `no node of the domain in ${lost.name}: nothing changes.` };
  }
  const dataLeft = domain.dataNodes - share.dataNodes;
  const others = zones.filter(lost.survives).map((zone) => zonePhrase(model, zone)).join(', ');
  const data = `${dataLeft} of ${domain.dataNodes} data nodes left${dataLeft > 0 ? ` (in ${others})` : ''}`;
  const quorum = quorumVerdict(domain);
  if (dataLeft === 0) {
    return { ...row, status: 'DOWN', cause: 'search-data-in-one-zone', detail: `${data}; ${quorum.text}.` };
  }
  if (quorum.status !== 'SERVES') {
    return { ...row, status: quorum.status, cause: quorum.cause, detail: `${data}; ${quorum.text}.` };
  }
  const recovery = searchRecovery(model, domain).expectedSeconds;
  const standby = domain.multiAzWithStandby
    ? ` Multi-AZ with Standby: ${spread(domain.dataNodes, zones.length).join(' + ')} data nodes, one zone's on standby; if ${lost.name}'s ` +
      `were active, OpenSearch Service promotes the standby zone's in under a minute (AWS: ${FAILOVER_FIGURES.openSearchStandbyFailover} s used, ` +
      'source under "Search node failure"), without moving shards; if they were the standby, nothing changes.'
    : ' Replica shards in the other zones take over; OpenSearch Service replaces the nodes and re-replicates.';
  return { ...row, status: 'SERVES', recoverySeconds: recovery, detail: `${data}; ${quorum.text}.${standby}` };
}

interface QuorumVerdict {
  readonly status: ZoneLossRow['status'];
  readonly text: string;
  readonly cause?: ZoneLossRow['cause'];
}

/** Whether the masters (dedicated, or master-eligible data nodes) keep a majority without the lost zone's. */
function quorumVerdict(domain: SearchModel): QuorumVerdict {
  const masters = searchMasters(domain);
  const { members, zoneCount, most, fewest } = masters;
  if (!masters.dedicated) {
    return masters.onZoneLoss === 'kept' ? { status: 'SERVES', text: 'no dedicated masters: the data nodes left elect one' }
      : { status: 'DEPENDS', cause: 'search-too-few-masters', text: 'no dedicated masters: the data nodes left may not be a majority' };
  }
  if (masters.onZoneLoss === 'kept') {
    const placed = most === fewest ? `${members - most} of ${members} masters left` : `at least ${members - most} of ${members} masters left`;
    return { status: 'SERVES', text: `${placed}${zoneCount === members ? ' (one per zone)' : ''}: quorum kept` };
  }
  if (masters.onZoneLoss === 'depends') {
    return {
      status: 'DEPENDS',
      cause: zoneCount === 2 ? 'search-masters-two-zones' : 'search-quorum-lost',
      text: `masters are split ${masters.split.join(' + ')} over the ${zoneCount} zones: quorum is kept only if the lost ` +
        `zone held ${fewest} of them (OpenSearch Service chooses)`,
    };
  }
  return { status: 'DOWN', cause: 'search-quorum-lost', text: `the masters left are not a majority of ${members}: the cluster cannot elect a master` };
}

export function brokerZoneLoss(lost: LostZone, broker: BrokerModel): Row {
  const row = { tier: `Message broker ${broker.logicalId}`, kind: 'broker' as const, targetSeconds: lost.recovery.targets.brokerNodeSeconds };
  const recovery = brokerRecovery(broker).expectedSeconds;
  if (broker.deploymentMode === 'CLUSTER_MULTI_AZ') {
    return { ...row, ...clusterZoneLoss(lost, broker, recovery) };
  }
  if (broker.deploymentMode === 'ACTIVE_STANDBY_MULTI_AZ') {
    return {
      ...row,
      status: 'SERVES',
      recoverySeconds: recovery,
      detail: `active and standby are in different zones: the survivor serves (~${recovery ?? '?'} s if the active was lost).`,
    };
  }
  const zones = broker.zones.filter((zone) => zone !== UNPLACED);
  if (zones.length === 1) {
    return zones[0] === lost.zone.key
      ? { ...row, status: 'DOWN', cause: 'broker-single-instance', detail: `the single broker is in ${lost.name}.` }
      : { ...row, status: 'SERVES', recoverySeconds: 0, detail: `the single broker is in ${zonePhrase(lost.model, zones[0])}.` };
  }
  return { ...row, status: 'DEPENDS', cause: 'broker-single-instance', detail: 'a single broker whose zone the template does not fix.' };
}

/** A RabbitMQ cluster: at most one of its 3 nodes (each in its own zone) is lost; the queue type decides what that costs. */
function clusterZoneLoss(lost: LostZone, broker: BrokerModel, recovery: number | undefined): Omit<Row, 'tier' | 'kind'> {
  const zones = brokerNodeZones(broker);
  if (zones && !zones.includes(lost.zone.key)) {
    return { status: 'SERVES', recoverySeconds: 0, detail: `no node in ${lost.name}: nothing changes.` };
  }
  const where = zones
    ? `one node in each of ${zones.map((zone) => zonePhrase(lost.model, zone)).join(', ')}: 2 of 3 left`
    : 'Amazon MQ runs each of the 3 nodes in a different zone, so at most 1 is lost: 2 of 3 left';
  if (broker.quorumQueuesByDefault === true) {
    return {
      status: 'SERVES',
      recoverySeconds: recovery,
      detail: `${where} keep the majority of quorum queues (the default queue type on RabbitMQ ${broker.engineVersion}); the queues the ` +
        `lost node led elect a new leader (~${recovery ?? '?'} s).`,
    };
  }
  const version = broker.quorumQueuesByDefault === false ? `RabbitMQ ${broker.engineVersion}` : 'this engine version (not a literal in the template)';
  return {
    status: 'DEPENDS',
    cause: 'broker-classic-queues',
    recoverySeconds: recovery,
    detail: `${where}. On ${version} queues are classic unless clients declare them quorum: quorum queues keep their majority, ` +
      'classic queues fail over to a mirror that can miss messages not yet copied to it. Which queues clients declare is not in the template.',
  };
}
