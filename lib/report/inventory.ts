import { round2 } from './cost-ledger';
import { instanceSpec } from './instance-types';
import { brokerNodeZones, searchMasters, searchZones } from './placement';
import { BrokerModel, PlatformModel, SearchModel, UNPLACED, zoneName } from './template-model';
import { masterLossPhrase, masterSplitPhrase, spread } from '../private/zone-quorum';

/** The tiers the inventory counts, in report order. */
export const INVENTORY_TIERS = ['App servers', 'Workers', 'Database', 'Cache', 'Search', 'Message broker'] as const;
export type InventoryTier = typeof INVENTORY_TIERS[number];

/** The reference architecture's "Total Resources" table (multi-environment-ha.md). */
export const REFERENCE_TOTALS = { servers: 30, vcpus: 120, memoryGB: 300, storageGB: 3000 } as const;

/** Servers of one type and role, in one zone. */
export interface InventoryItem {
  readonly tier: InventoryTier;
  readonly logicalId: string;
  /** For example 'app server', 'primary or standby', 'replica', 'data node', 'dedicated master', 'broker node'. */
  readonly role: string;
  readonly instanceType?: string;
  /** Zone key, or 'unplaced'. */
  readonly zone: string;
  readonly zoneName: string;
  readonly count: number;
  /** Per server; undefined when the type is unknown. */
  readonly vcpus?: number;
  readonly memoryGiB?: number;
  /** Total for the item (all its servers), GiB. */
  readonly storageGiB: number;
}

/** Servers, vCPUs, memory and storage. */
export interface InventoryTotals {
  readonly servers: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

export interface ZoneInventory extends InventoryTotals {
  readonly zone: string;
  readonly zoneName: string;
  /** Totals of each tier in the zone. */
  readonly tiers: Array<{ readonly tier: InventoryTier } & InventoryTotals>;
}

export interface InventoryReport {
  readonly items: InventoryItem[];
  /** One entry per zone of the template, then 'unplaced' when some servers have no known zone. */
  readonly zones: ZoneInventory[];
  readonly totals: InventoryTotals;
  readonly referenceArchitecture: typeof REFERENCE_TOTALS;
  /** Instance types missing from the size table: their vCPUs and memory are not counted. */
  readonly unknownTypes: string[];
  readonly notes: string[];
}

/** Adds servers to the inventory, merging those of the same resource, role, type and zone. */
type AddServers = (tier: InventoryTier, logicalId: string, role: string, instanceType: string | undefined, zone: string,
  count: number, storageGiB: number) => void;

/** Counts the servers of each tier per zone, with their vCPUs, memory and storage. */
export function buildInventory(model: PlatformModel): InventoryReport {
  const items: InventoryItem[] = [];
  const notes: string[] = [];
  const add: AddServers = (tier, logicalId, role, instanceType, zone, count, storageGiB) => {
    if (count <= 0) {
      return;
    }
    const existing = items.findIndex((item) => item.tier === tier && item.logicalId === logicalId && item.role === role &&
      item.instanceType === instanceType && item.zone === zone);
    const spec = instanceSpec(instanceType);
    if (existing >= 0) {
      const item = items[existing];
      items[existing] = { ...item, count: item.count + count, storageGiB: item.storageGiB + storageGiB };
    } else {
      items.push({
        tier,
        logicalId,
        role,
        instanceType,
        zone,
        zoneName: zoneName(model, zone),
        count,
        vcpus: spec?.vcpus,
        memoryGiB: spec?.memoryGiB,
        storageGiB,
      });
    }
  };

  addServerGroups(model, add, notes);
  addDatabases(model, add, notes);
  for (const cache of model.caches) {
    cache.nodes.forEach((node) => add('Cache', cache.logicalId, node.role, cache.nodeType, node.zone, 1, 0));
  }
  model.searchDomains.forEach((domain) => addSearchDomain(domain, add, notes));
  model.brokers.forEach((broker) => addBroker(broker, add, notes));

  const unknownTypes = [...new Set(items.filter((item) => item.vcpus === undefined).map((item) => item.instanceType ?? '(not a literal)'))];
  if (unknownTypes.length > 0) {
    notes.push(`Unknown instance types (vCPUs and memory not counted): ${unknownTypes.join(', ')}.`);
  }
  notes.push('Load balancers, NAT gateways and other managed network resources are not servers and are not counted.');

  const zoneKeys = [...model.zones.map((zone) => zone.key), ...(items.some((item) => item.zone === UNPLACED) ? [UNPLACED] : [])];
  const zones: ZoneInventory[] = zoneKeys.map((zone) => {
    const inZone = items.filter((item) => item.zone === zone);
    return {
      zone,
      zoneName: zoneName(model, zone),
      ...totalsOf(inZone),
      tiers: INVENTORY_TIERS.map((tier) => ({ tier, ...totalsOf(inZone.filter((item) => item.tier === tier)) })),
    };
  });
  return { items, zones, totals: totalsOf(items), referenceArchitecture: REFERENCE_TOTALS, unknownTypes, notes };
}

function addServerGroups(model: PlatformModel, add: AddServers, notes: string[]): void {
  for (const group of model.serverGroups) {
    const tier: InventoryTier = group.tier === 'app' ? 'App servers' : 'Workers';
    const role = group.tier === 'app' ? 'app server' : group.tier === 'workers' ? 'worker' : 'server';
    if (group.count === undefined) {
      notes.push(`${group.logicalId}: its size is not a literal in the template (a parameter or a token), so its servers are not counted.`);
      continue;
    }
    // An Auto Scaling group over several zones balances its instances across them.
    spread(group.count, group.zones.length).forEach((count, i) =>
      add(tier, group.logicalId, role, group.instanceType, group.zones[i], count, count * group.volumeGiB));
    if (group.zones.length > 1) {
      notes.push(`${group.logicalId} spans ${group.zones.length} zones: Auto Scaling balances its ${group.count} instances across them.`);
    }
  }
}

function addDatabases(model: PlatformModel, add: AddServers, notes: string[]): void {
  for (const db of model.databases) {
    for (const node of db.nodes) {
      const role = node.role === 'primary-or-standby' ? 'primary or standby' : node.role;
      add('Database', node.logicalId, role, node.instanceClass, node.zone, 1, node.storageGiB ?? 0);
    }
    if (db.kind === 'rds-instance' && db.nodes.some((node) => node.role === 'primary-or-standby')) {
      notes.push(`${db.logicalId} is a Multi-AZ DB instance: RDS keeps the primary and its standby in different zones of the subnet ` +
        'group and picks which zone holds the primary (it changes on every failover).');
    }
    if (db.kind === 'aurora-cluster') {
      notes.push(`${db.logicalId} (Aurora): storage is the cluster volume, which grows with the data and is not counted here.` +
        (db.autoScaledReadersMin !== undefined ? ` Application Auto Scaling adds readers on load (at least ${db.autoScaledReadersMin}).` : ''));
    }
  }
}

/** Data nodes spread evenly over the domain's zones; dedicated masters one per zone when there are as many zones as masters. */
function addSearchDomain(domain: SearchModel, add: AddServers, notes: string[]): void {
  const zones = searchZones(domain);
  if (zones) {
    spread(domain.dataNodes, zones.length).forEach((count, i) =>
      add('Search', domain.logicalId, 'data node', domain.dataNodeType, zones[i], count, count * domain.volumeGiB));
    if (domain.multiAzWithStandby) {
      const perZone = spread(domain.dataNodes, zones.length);
      notes.push(`${domain.logicalId}: Multi-AZ with Standby: ${perZone.join(' + ')} data nodes, a full copy of the data in each zone; ` +
        `OpenSearch Service keeps one zone's nodes on standby (it chooses which), so ${domain.dataNodes - perZone[0]} serve.`);
    }
  } else {
    add('Search', domain.logicalId, 'data node', domain.dataNodeType, UNPLACED, domain.dataNodes, domain.dataNodes * domain.volumeGiB);
  }
  if (domain.masterNodes === 0) {
    return;
  }
  const masters = searchMasters(domain);
  if (zones && masters.most === 1 && masters.fewest === 1) {
    zones.forEach((zone) => add('Search', domain.logicalId, 'dedicated master', domain.masterNodeType, zone, 1, 0));
    return;
  }
  add('Search', domain.logicalId, 'dedicated master', domain.masterNodeType, UNPLACED, domain.masterNodes, 0);
  if (masters.zoneCount > 1) {
    notes.push(`${domain.logicalId}: ${masterSplitPhrase(masters)}` +
      (masters.most === masters.fewest ? '' : ' (OpenSearch Service picks which zone gets more)') +
      (masters.onZoneLoss === 'kept' ? '.' : `: ${masterLossPhrase(masters)} (a third zone for the masters keeps it).`));
  }
}

/**
 * Amazon MQ runs a RabbitMQ cluster's 3 nodes in 3 different zones: with subnets in exactly 3 zones, one node in
 * each. Otherwise the template does not say which zones.
 */
function addBroker(broker: BrokerModel, add: AddServers, notes: string[]): void {
  const zones = broker.zones.filter((zone) => zone !== UNPLACED);
  if (broker.nodes === 1 && zones.length === 1) {
    add('Message broker', broker.logicalId, 'broker', broker.hostInstanceType, zones[0], 1, 0);
  } else if (broker.nodes === 2 && zones.length === 2) {
    zones.forEach((zone) => add('Message broker', broker.logicalId, 'active or standby', broker.hostInstanceType, zone, 1, 0));
  } else if (brokerNodeZones(broker)) {
    brokerNodeZones(broker)!.forEach((zone) => add('Message broker', broker.logicalId, 'cluster node', broker.hostInstanceType, zone, 1, 0));
    notes.push(`${broker.logicalId}: Amazon MQ runs the 3 RabbitMQ cluster nodes in different Availability Zones; its subnets ` +
      'are in exactly 3 zones, one node in each.');
  } else {
    add('Message broker', broker.logicalId, broker.nodes === 3 ? 'cluster node' : 'broker', broker.hostInstanceType, UNPLACED, broker.nodes, 0);
    if (broker.nodes === 3) {
      notes.push(`${broker.logicalId}: Amazon MQ runs the 3 RabbitMQ cluster nodes in different Availability Zones it chooses ` +
        `(its subnets are in ${zones.length} zone${zones.length === 1 ? '' : 's'}); the broker is reached through endpoints in those subnets.`);
    }
  }
}

/** Totals of a list of items (unknown types count as servers, without vCPUs or memory). */
export function totalsOf(items: InventoryItem[]): InventoryTotals {
  return {
    servers: items.reduce((sum, item) => sum + item.count, 0),
    vcpus: items.reduce((sum, item) => sum + item.count * (item.vcpus ?? 0), 0),
    memoryGiB: round2(items.reduce((sum, item) => sum + item.count * (item.memoryGiB ?? 0), 0)),
    storageGiB: items.reduce((sum, item) => sum + item.storageGiB, 0),
  };
}
