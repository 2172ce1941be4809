/**
 * Where the nodes of the tiers that AWS places are, when the template says enough: search data nodes and
 * masters over a domain's zones, RabbitMQ cluster nodes over a broker's subnet zones. Shared by the inventory,
 * the recovery notes and the zone-loss section, so they never disagree.
 */
import { BrokerModel, SearchModel, UNPLACED } from './model';
import { MasterQuorum, masterQuorum, spread } from '../private/zone-quorum';

/**
 * A domain's masters over its AvailabilityZoneCount zones (1 without zone awareness), and whether a majority
 * outlives the loss of any one: the rule the search tier warns with.
 */
export function searchMasters(domain: SearchModel): MasterQuorum {
  return masterQuorum(domain.masterNodes, domain.dataNodes, domain.availabilityZoneCount);
}

/**
 * The zones of a domain's nodes, when the template places them: a zone-aware domain with subnets in as many
 * known zones as its AvailabilityZoneCount (a VPC domain's zone count equals its subnet count), or a domain
 * without zone awareness in one known zone. Undefined otherwise.
 */
export function searchZones(domain: SearchModel): string[] | undefined {
  const known = domain.zones.filter((zone) => zone !== UNPLACED);
  if (domain.zoneAwareness && known.length === domain.availabilityZoneCount) {
    return known;
  }
  return !domain.zoneAwareness && known.length === 1 ? known : undefined;
}

/** What a placed domain has in one zone: data nodes, and dedicated masters (a range when OpenSearch Service picks). */
export interface SearchShare {
  readonly dataNodes: number;
  readonly mastersMin: number;
  readonly mastersMax: number;
}

/** The domain's share of a zone, or undefined when the template does not place the domain. */
export function searchShare(domain: SearchModel, zone: string): SearchShare | undefined {
  const zones = searchZones(domain);
  if (!zones) {
    return undefined;
  }
  const i = zones.indexOf(zone);
  if (i < 0) {
    return { dataNodes: 0, mastersMin: 0, mastersMax: 0 };
  }
  const masters = searchMasters(domain);
  return {
    dataNodes: spread(domain.dataNodes, zones.length)[i],
    // Masters one per zone when there are as many zones as masters; otherwise OpenSearch Service picks which zone gets more.
    mastersMin: masters.dedicated ? masters.fewest : 0,
    mastersMax: masters.dedicated ? masters.most : 0,
  };
}

/**
 * The zones of a RabbitMQ cluster's 3 nodes: Amazon MQ runs them in different zones, so with subnets in exactly
 * 3 known zones there is one node in each. Undefined when the template does not say.
 */
export function brokerNodeZones(broker: BrokerModel): string[] | undefined {
  const known = broker.zones.filter((zone) => zone !== UNPLACED);
  return broker.nodes === 3 && known.length === 3 ? known : undefined;
}
