import { instanceSpec } from './instance-types';
import { computeRecovery, RecoveryScenario } from './recovery';
import { PlatformModel, UNPLACED, zoneName } from './template-model';

/**
 * What a tier still has when a zone is lost:
 * - SERVES: it keeps serving from the other zone(s), after its automatic failover if any;
 * - DEPENDS: it serves or not depending on where AWS placed its nodes (the template does not say);
 * - DOWN: nothing of it serves until the zone comes back or someone acts.
 */
export type ZoneLossStatus = 'SERVES' | 'DEPENDS' | 'DOWN';

export interface ZoneLossTier {
  readonly tier: string;
  readonly status: ZoneLossStatus;
  readonly detail: string;
  /** Servers of the tier left running, and their vCPUs (server tiers only). */
  readonly remainingServers?: number;
  readonly remainingVcpus?: number;
}

export interface ZoneLossReport {
  readonly zone: string;
  readonly zoneName: string;
  readonly tiers: ZoneLossTier[];
}

/** For each zone of the template: what keeps serving in the other zone(s), tier by tier. */
export function buildZoneLoss(model: PlatformModel, scenarios?: RecoveryScenario[]): ZoneLossReport[] {
  const recovery = scenarios ?? computeRecovery(model).scenarios;
  const seconds = (id: string) => recovery.find((s) => s.id === id)?.expectedSeconds;
  return model.zones.map((lostZone) => {
    const lost = lostZone.key;
    const lostName = zoneName(model, lost);
    const survives = (zone: string) => zone !== lost && zone !== UNPLACED;
    const tiers: ZoneLossTier[] = [];

    // Entry: DNS and load balancers.
    if (model.loadBalancers.length > 0) {
      const serving = model.loadBalancers.filter((lb) => lb.zones.some(survives) && (lb.targetZones.length === 0 || lb.targetZones.some(survives)));
      const dns = seconds(`zone-${lostZone.index}-loss`);
      const dnsText = model.dnsRecords.length > 0
        ? dns === undefined ? ' DNS does not fail over on its own.' : dns === 0 ? ' DNS needs no change.' : ` DNS moves clients in ~${dns} s.`
        : '';
      tiers.push({
        tier: 'Load balancers and DNS',
        status: serving.length > 0 ? 'SERVES' : 'DOWN',
        detail: serving.length > 0
          ? `${serving.map((lb) => `${lb.logicalId} (node${lb.zones.filter(survives).length > 1 ? 's' : ''} in ${lb.zones.filter(survives).map((z) => zoneName(model, z)).join(', ')})`).join('; ')} ` +
            `keep${serving.length === 1 ? 's' : ''} serving.${dnsText}`
          : `no load balancer keeps both a node and targets outside ${lostName}.`,
      });
    }

    // Servers.
    for (const [tier, label] of [['app', 'App servers'], ['workers', 'Workers']] as const) {
      const groups = model.serverGroups.filter((group) => group.tier === tier || (tier === 'workers' && group.tier === 'servers'));
      if (groups.length === 0) {
        continue;
      }
      let servers = 0;
      let vcpus = 0;
      let max = 0;
      let total = 0;
      const where = new Set<string>();
      for (const group of groups) {
        const count = group.count ?? 0;
        total += count;
        const inSurvivors = group.zones.filter(survives);
        const share = group.zones.length > 0 ? inSurvivors.length / group.zones.length : 0;
        // Right after the loss a group over several zones keeps its surviving zones' share (it relaunches the rest there later).
        const left = Math.round(count * share);
        servers += left;
        vcpus += left * (instanceSpec(group.instanceType)?.vcpus ?? 0);
        max += inSurvivors.length > 0 ? group.maxSize ?? count : 0;
        inSurvivors.forEach((zone) => where.add(zoneName(model, zone)));
      }
      tiers.push({
        tier: label,
        status: servers > 0 ? 'SERVES' : 'DOWN',
        remainingServers: servers,
        remainingVcpus: vcpus,
        detail: servers > 0
          ? `${servers} of ${total} (${vcpus} vCPUs) in ${[...where].join(', ')}; their groups can scale to ${max}.`
          : `all ${total} are in ${lostName}.`,
      });
    }

    // Database.
    for (const db of model.databases) {
      const nodes = db.nodes;
      const left = nodes.filter((node) => survives(node.zone));
      const roles = (list: typeof nodes) => list.map((node) => `${node.role.replace(/-/g, ' ')} ${node.logicalId} (${zoneName(model, node.zone)})`).join(', ');
      const failover = seconds('database-primary');
      const failoverText = failover === undefined ? 'no automatic failover' : `~${failover} s`;
      if (db.kind === 'rds-instance' && nodes.some((node) => node.role === 'primary-or-standby')) {
        const replicas = nodes.filter((node) => node.role === 'replica');
        tiers.push({
          tier: `Database ${db.logicalId}`,
          status: 'SERVES',
          detail: `the primary or the standby is in each zone: if the primary was in ${lostName}, RDS promotes the standby (${failoverText}).` +
            (replicas.length > 0 ? ` Read replica${replicas.length > 1 ? 's' : ''}: ${replicas.map((r) => `${r.logicalId} ${survives(r.zone) ? 'keeps serving reads' : r.zone === UNPLACED ? 'may be lost' : 'is lost (reads fall to the writer)'}`).join('; ')}.` : ''),
        });
        continue;
      }
      const writer = nodes.find((node) => node.role === 'primary' || node.role === 'writer');
      const standbyLeft = left.some((node) => node.role === 'standby' || node.role === 'reader' || node.role === 'primary-or-standby');
      const writerLost = writer !== undefined && writer.zone === lost;
      const unknown = nodes.some((node) => node.zone === UNPLACED);
      let status: ZoneLossStatus;
      let detail: string;
      if (!writerLost && writer && survives(writer.zone)) {
        status = 'SERVES';
        detail = `the writer ${writer.logicalId} is in ${zoneName(model, writer.zone)} and keeps serving.`;
      } else if (writerLost && standbyLeft && failover !== undefined) {
        status = 'SERVES';
        detail = `the writer is lost; ${roles(left)} survive${left.length === 1 ? 's' : ''} and one is promoted (${failoverText}).`;
      } else if (unknown) {
        status = 'DEPENDS';
        detail = `the template does not place every instance (${roles(nodes)}); it serves if the writer or a promotable standby is outside ${lostName}.`;
      } else {
        status = 'DOWN';
        detail = `the writer is in ${lostName} and nothing promotable is left${left.length > 0 ? ` (left: ${roles(left)})` : ''}.`;
      }
      tiers.push({ tier: `Database ${db.logicalId}`, status, detail });
    }

    // Cache.
    for (const cache of model.caches) {
      const left = cache.nodes.filter((node) => survives(node.zone));
      const primaryLost = cache.nodes.some((node) => node.role === 'primary' && node.zone === lost);
      const unknown = cache.nodes.some((node) => node.zone === UNPLACED);
      let status: ZoneLossStatus;
      let detail: string;
      if (left.length === cache.nodes.length) {
        status = 'SERVES';
        detail = 'no node in the lost zone.';
      } else if (!primaryLost && left.some((node) => node.role === 'primary')) {
        status = 'SERVES';
        detail = `the primary keeps serving; ${cache.nodes.length - left.length} replica(s) lost.`;
      } else if (primaryLost && left.some((node) => node.role === 'replica') && cache.automaticFailover) {
        status = 'SERVES';
        detail = `the primary is lost; a replica in ${[...new Set(left.map((n) => zoneName(model, n.zone)))].join(', ')} is promoted (~${seconds('cache-primary') ?? '?'} s).`;
      } else if (unknown) {
        status = 'DEPENDS';
        detail = 'the template does not say where every node is.';
      } else {
        status = 'DOWN';
        detail = primaryLost && left.length > 0
          ? 'the primary is lost and automatic failover is off: a replica must be promoted by hand.'
          : `every node is in ${lostName}.`;
      }
      tiers.push({ tier: `Cache ${cache.logicalId}`, status, detail });
    }

    // Search.
    for (const domain of model.searchDomains) {
      const zones = domain.zones.filter((zone) => zone !== UNPLACED);
      const spread = domain.zoneAwareness && zones.length === domain.availabilityZoneCount;
      const dataLeft = !spread ? undefined
        : zones.includes(lost) ? domain.dataNodes - Math.ceil(domain.dataNodes / zones.length) : domain.dataNodes;
      const masters = domain.masterNodes;
      let status: ZoneLossStatus;
      let quorum: string;
      if (masters === 0) {
        quorum = 'no dedicated masters: the data nodes elect one';
        status = dataLeft !== undefined && dataLeft > domain.dataNodes / 2 ? 'SERVES' : 'DEPENDS';
      } else if (spread && zones.length >= masters) {
        quorum = `${masters - 1} of ${masters} masters left: quorum kept`;
        status = 'SERVES';
      } else if (spread && zones.length === 2 && masters === 3) {
        quorum = 'masters are split 2 + 1 over the two zones: quorum is kept only if the lost zone held 1 of them (OpenSearch Service chooses)';
        status = 'DEPENDS';
      } else {
        quorum = `${masters} masters, placement not in the template`;
        status = 'DEPENDS';
      }
      if (dataLeft === 0) {
        status = 'DOWN';
      }
      tiers.push({
        tier: `Search ${domain.logicalId}`,
        status,
        detail: `${dataLeft === undefined ? 'data node placement not in the template' : `${dataLeft} of ${domain.dataNodes} data nodes left`}; ${quorum}.`,
      });
    }

    // Broker.
    for (const broker of model.brokers) {
      const zones = broker.zones.filter((zone) => zone !== UNPLACED);
      let status: ZoneLossStatus;
      let detail: string;
      if (broker.deploymentMode === 'CLUSTER_MULTI_AZ') {
        status = 'SERVES';
        detail = 'Amazon MQ runs each of the 3 nodes in a different zone, so at most 1 is lost: 2 of 3 keep the quorum queues\' majority.';
      } else if (broker.deploymentMode === 'ACTIVE_STANDBY_MULTI_AZ') {
        status = 'SERVES';
        detail = `active and standby are in different zones: the survivor serves (~${seconds('broker-node') ?? '?'} s if the active was lost).`;
      } else if (zones.length === 1) {
        status = zones[0] === lost ? 'DOWN' : 'SERVES';
        detail = zones[0] === lost ? `the single broker is in ${lostName}.` : `the single broker is in ${zoneName(model, zones[0])}.`;
      } else {
        status = 'DEPENDS';
        detail = 'a single broker whose zone the template does not fix.';
      }
      tiers.push({ tier: `Message broker ${broker.logicalId}`, status, detail });
    }

    // Egress through NAT gateways.
    const survivingEgress = model.egress.filter((route) => survives(route.zone));
    if (survivingEgress.length > 0) {
      const cut = survivingEgress.filter((route) => model.natGateways.find((nat) => nat.logicalId === route.natGatewayId)?.zone === lost);
      tiers.push({
        tier: 'Internet egress (NAT)',
        status: cut.length === 0 ? 'SERVES' : 'DOWN',
        detail: cut.length === 0
          ? 'private subnets of the other zone(s) leave through their own zone\'s NAT gateway.'
          : `${cut.map((route) => route.subnetId).join(', ')} route through a NAT gateway in ${lostName}: they lose internet egress (VPC endpoints still work).`,
      });
    }

    if (model.template.Resources && Object.values(model.template.Resources).some((r) => r.Type === 'AWS::S3::Bucket')) {
      tiers.push({ tier: 'Object storage (S3)', status: 'SERVES', detail: 'S3 is regional: it stores objects across Availability Zones.' });
    }
    return { zone: lost, zoneName: lostName, tiers };
  });
}
