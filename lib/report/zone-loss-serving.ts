/** Zone loss for the serving side: load balancers and DNS, app servers and workers, internet egress. */
import { instanceSpec } from './instance-types';
import { zonePhrase } from './template-model';
import { LostZone, ZoneLossRow } from './zone-loss';

type Row = ZoneLossRow;

/** Load balancers that keep a node and targets outside the lost zone, and how long DNS takes to move clients. */
export function entryZoneLoss(lost: LostZone): Row[] {
  const { model } = lost;
  if (model.loadBalancers.length === 0) {
    return [];
  }
  const serving = model.loadBalancers.filter((lb) =>
    lb.zones.some(lost.survives) && (lb.targetZones.length === 0 || lb.targetZones.some(lost.survives)));
  const scenario = lost.recovery.scenarios.find((s) => s.id === `${lost.zone.id}-loss`);
  const dns = scenario?.expectedSeconds;
  const untouched = model.loadBalancers.every((lb) => !lb.zones.includes(lost.zone.key) && !lb.targetZones.includes(lost.zone.key));
  const dnsText = model.dnsRecords.length === 0 ? ''
    : dns === undefined ? ' DNS does not fail over on its own.' : dns === 0 ? ' DNS needs no change.' : ` DNS moves clients in ~${dns} s.`;
  const where = (zones: string[]) => zones.filter(lost.survives).map((z) => zonePhrase(model, z)).join(', ');
  const detail = untouched
    ? `no load balancer node or target in ${lost.name}: nothing changes.${dnsText}`
    : serving.length > 0
      ? `${serving.map((lb) => `${lb.logicalId} (node${lb.zones.filter(lost.survives).length > 1 ? 's' : ''} in ${where(lb.zones)})`).join('; ')} ` +
        `keep${serving.length === 1 ? 's' : ''} serving.${dnsText}`
      : `no load balancer keeps both a node and targets outside ${lost.name}.`;
  return [{
    tier: 'Load balancers and DNS',
    kind: 'entry',
    status: serving.length > 0 ? 'SERVES' : 'DOWN',
    detail,
    // Serving: what slows the DNS failover, if anything (the zone scenario's cause); otherwise nothing serves.
    cause: serving.length > 0 ? scenario?.cause : 'entry-in-one-zone',
    recoverySeconds: serving.length > 0 ? (model.dnsRecords.length > 0 ? dns : 0) : undefined,
    targetSeconds: lost.recovery.targets.zoneFailureSeconds,
  }];
}

/** App servers or workers left in the other zones right after the loss (their groups relaunch the rest there later). */
export function serverZoneLoss(lost: LostZone, tier: 'app' | 'workers'): Row[] {
  const groups = lost.model.serverGroups.filter((group) => group.tier === tier || (tier === 'workers' && group.tier === 'servers'));
  if (groups.length === 0) {
    return [];
  }
  let servers = 0;
  let vcpus = 0;
  let max = 0;
  let total = 0;
  const where = new Set<string>();
  for (const group of groups) {
    const count = group.count ?? 0;
    total += count;
    const inSurvivors = group.zones.filter(lost.survives);
    const share = group.zones.length > 0 ? inSurvivors.length / group.zones.length : 0;
    const left = Math.round(count * share);
    servers += left;
    vcpus += left * (instanceSpec(group.instanceType)?.vcpus ?? 0);
    max += inSurvivors.length > 0 ? group.maxSize ?? count : 0;
    inSurvivors.forEach((zone) => where.add(zonePhrase(lost.model, zone)));
  }
  return [{
    tier: tier === 'app' ? 'App servers' : 'Workers',
    kind: tier === 'app' ? 'app-servers' : 'workers',
    status: servers > 0 ? 'SERVES' : 'DOWN',
    remainingServers: servers,
    remainingVcpus: vcpus,
    recoverySeconds: servers > 0 ? 0 : undefined,
    cause: servers > 0 ? undefined : 'servers-in-one-zone',
    detail: servers > 0
      ? `${servers} of ${total} (${vcpus} vCPUs) in ${[...where].join(', ')}; their groups can scale to ${max}.`
      : `all ${total} are in ${lost.name}.`,
  }];
}

/** Private subnets of the surviving zones whose default route goes through a NAT gateway in the lost zone. */
export function egressZoneLoss(lost: LostZone): Row[] {
  const { model } = lost;
  const surviving = model.egress.filter((route) => lost.survives(route.zone));
  if (surviving.length === 0) {
    return [];
  }
  const cut = surviving.filter((route) => model.natGateways.find((nat) => nat.logicalId === route.natGatewayId)?.zone === lost.zone.key);
  return [{
    tier: 'Internet egress (NAT)',
    kind: 'egress',
    status: cut.length === 0 ? 'SERVES' : 'DOWN',
    recoverySeconds: cut.length === 0 ? 0 : undefined,
    cause: cut.length === 0 ? undefined : 'single-nat-gateway',
    detail: cut.length === 0
      ? 'private subnets of the other zone(s) leave through their own zone\'s NAT gateway.'
      : `${cut.map((route) => route.subnetId).join(', ')} route through a NAT gateway in ${lost.name}: they lose internet egress (VPC endpoints still work).`,
  }];
}
