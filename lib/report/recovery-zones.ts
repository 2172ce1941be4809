/** Recovery from the loss of a whole zone (DNS and load balancers) and of one app server. */
import { brokerNodeZones, searchMasters, SearchShare, searchShare } from './placement';
import { CITATIONS, losslessFailover, Recovery, RecoveryScenario, scenario } from './recovery-basics';
import { brokerRecovery, cacheRecovery, databaseRecovery, searchRecovery } from './recovery-tiers';
import { DnsRecordModel, HealthCheckModel, PlatformModel, SearchModel, UNPLACED, ZoneInfo, zoneName, zonePhrase } from './template-model';
import { masterLossPhrase, masterSplitPhrase } from '../private/zone-quorum';

// --- Zone loss ---------------------------------------------------------------------------------------------

export function zoneScenarios(model: PlatformModel, target: number): RecoveryScenario[] {
  if (model.zones.length === 0) {
    return [scenario('zone-loss', 'Zone failure', target, undefined, 'the template places no resource in a known Availability Zone')];
  }
  return model.zones.map((zone) => scenario(`${zone.id}-loss`, `${capitalize(zone.name)} (${zone.key}) failure`, target,
    zoneRecovery(model, zone), 'no load balancer or DNS record in the template'));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Zones whose servers a record's load balancer sends traffic to. */
function recordZones(model: PlatformModel, record: DnsRecordModel): string[] {
  const lb = model.loadBalancers.find((l) => l.logicalId === record.aliasLoadBalancerId);
  return lb ? (lb.targetZones.length > 0 ? lb.targetZones : lb.zones) : [];
}

/**
 * The check that watches the endpoint: the record's own, or, for a CALCULATED check (the zone's HTTPS check AND its
 * evacuation switch), its child that checks an endpoint.
 */
function endpointCheckOf(model: PlatformModel, id: string | undefined): HealthCheckModel | undefined {
  const check = model.healthChecks.find((hc) => hc.logicalId === id);
  if (check?.type !== 'CALCULATED') {
    return check;
  }
  return model.healthChecks.find((hc) => check.childIds.includes(hc.logicalId) && hc.type !== 'CALCULATED' && hc.type !== 'CLOUDWATCH_METRIC');
}

/**
 * The evacuation path of a zone whose record follows a calculated check with a CLOUDWATCH_METRIC switch: the switch
 * alarm's window, then the alias TTL (Route 53's own pickup of the alarm's data is not published). Automatic
 * evacuation adds its detector's window and the load balancer metrics' delay.
 */
export function evacuationNote(model: PlatformModel, record: DnsRecordModel): string | undefined {
  const check = model.healthChecks.find((hc) => hc.logicalId === record.healthCheckId);
  const switchCheck = check?.type === 'CALCULATED'
    ? model.healthChecks.find((hc) => check.childIds.includes(hc.logicalId) && hc.type === 'CLOUDWATCH_METRIC') : undefined;
  if (!switchCheck || switchCheck.alarmWindowSeconds === undefined || record.ttlSeconds === undefined) {
    return undefined;
  }
  const manual = switchCheck.alarmWindowSeconds + record.ttlSeconds;
  const detectors = model.detectorWindowSeconds;
  const automatic = detectors.length > 0 ? Math.max(...detectors) + METRIC_DELAY_SECONDS + manual : undefined;
  return `Evacuating a sick zone (its record ${record.logicalId} follows calculated check ${check!.logicalId}): the switch ` +
    `alarm's ${switchCheck.alarmWindowSeconds} s + the ${record.ttlSeconds} s TTL = ~${manual} s after the operator's command ` +
    '(plus Route 53\'s pickup of the alarm data, unpublished: plan for a minute more)' +
    (automatic !== undefined ? `; automatic evacuation adds its detector's ${Math.max(...detectors)} s and ~${METRIC_DELAY_SECONDS} s ` +
      `of load balancer metric delay: ~${automatic} s.` : '.');
}

/** Load balancer metrics reach CloudWatch about a minute after the fact. */
const METRIC_DELAY_SECONDS = 60;

/** Seconds until Route 53 stops answering with a record: its health check's detection time plus the answer's TTL. */
function recordRemoval(model: PlatformModel, record: DnsRecordModel): { seconds?: number; basis: string } {
  const check = endpointCheckOf(model, record.healthCheckId);
  const ttl = record.ttlSeconds;
  const ttlText = ttl === undefined ? 'an unknown TTL' : record.alias ? `the alias record's ${ttl} s TTL (fixed for load balancers)` : `TTL ${ttl} s`;
  if (check) {
    const detection = check.intervalSeconds * check.failureThreshold;
    return {
      seconds: ttl === undefined ? undefined : detection + ttl,
      basis: `${record.logicalId}: health check ${check.logicalId} RequestInterval ${check.intervalSeconds} s × FailureThreshold ` +
        `${check.failureThreshold} = ${detection} s to detect, + ${ttlText} = ${ttl === undefined ? '?' : detection + ttl} s`,
    };
  }
  if (record.evaluateTargetHealth) {
    const lb = model.loadBalancers.find((l) => l.logicalId === record.aliasLoadBalancerId);
    const tgs = model.targetGroups.filter((tg) => lb?.targetGroupIds.includes(tg.logicalId));
    const detection = Math.max(0, ...tgs.map((tg) => tg.intervalSeconds * tg.unhealthyThreshold));
    return {
      seconds: ttl === undefined || tgs.length === 0 ? undefined : detection + ttl,
      basis: `${record.logicalId}: no Route 53 health check; EvaluateTargetHealth marks it unhealthy when its load balancer has no ` +
        `healthy target (${detection} s from the target group checks) + ${ttlText}`,
    };
  }
  return { basis: `${record.logicalId} has no health check and does not evaluate target health: Route 53 keeps answering with it` };
}

function zoneRecovery(model: PlatformModel, zone: ZoneInfo): Recovery | undefined {
  const lost = zone.key;
  const notes = statefulNotes(model, lost);
  const records = model.dnsRecords.filter((record) => record.aliasLoadBalancerId !== undefined);
  const citation = [CITATIONS.route53HealthChecks, CITATIONS.route53AliasTtl].join(' ; ');
  if (records.length === 0) {
    return loadBalancerOnlyZoneRecovery(model, lost, notes);
  }
  const served = (record: DnsRecordModel) => recordZones(model, record);
  const dies = (record: DnsRecordModel) => served(record).length > 0 && served(record).every((z) => z === lost);
  const survivors = records.filter((record) => !dies(record));
  const affected = records.filter(dies);
  notes.push(...affected.map((record) => evacuationNote(model, record)).filter((note): note is string => note !== undefined));
  const resources = [...new Set([...records.map((r) => r.logicalId), ...records.map((r) => r.healthCheckId).filter((id): id is string => !!id)])];
  if (survivors.length === 0) {
    return {
      automatic: false,
      dataLoss: 'in-flight requests',
      basis: `every record's load balancer sends traffic only to ${zoneName(model, lost)}: nothing serves from another zone`,
      citation,
      resources,
      notes,
      cause: 'entry-in-one-zone',
    };
  }
  if (affected.length === 0) {
    return losslessFailover(0, {
      dataLoss: zone.role === 'quorum' ? 'none: no client traffic in the zone' : 'none (in-flight requests of servers in the lost zone)',
      basis: zone.role === 'quorum'
        ? `nothing serves clients in the ${zone.name} (no load balancer node, no server): no DNS change; the data tiers lose ` +
          'only quorum members there and keep their majority'
        : `no DNS record depends only on ${zoneName(model, lost)}'s servers; the load balancers drop its targets`,
      citation,
      resources,
      notes,
    });
  }
  const failover = affected.every((record) => record.routing === 'failover');
  if (failover && affected.every((record) => record.failover === 'SECONDARY')) {
    const primaries = records.filter((record) => record.failover === 'PRIMARY').map((record) => record.logicalId);
    return losslessFailover(0, {
      dataLoss: 'none (the zone was not serving)',
      basis: `the lost zone serves only the SECONDARY record (${affected.map((r) => r.logicalId).join(', ')}); ` +
        `the PRIMARY record (${primaries.join(', ')}) keeps answering: no DNS change`,
      citation,
      resources,
      notes,
    });
  }
  const removals = affected.filter((record) => !failover || record.failover !== 'SECONDARY').map((record) => recordRemoval(model, record));
  const unknown = removals.find((removal) => removal.seconds === undefined);
  const slowest = removals.reduce((a, b) => ((b.seconds ?? 0) > (a.seconds ?? 0) ? b : a));
  const how = failover ? 'failover routing: Route 53 answers with the SECONDARY record once the PRIMARY is unhealthy'
    : `${affected[0].routing} routing: Route 53 stops answering with the lost zone's record once it is unhealthy`;
  return {
    expectedSeconds: unknown ? undefined : slowest.seconds,
    automatic: !unknown,
    dataLoss: 'none stored; requests in flight in the lost zone fail',
    dataLossSeconds: 0,
    basis: `${(unknown ?? slowest).basis} (${how})`,
    citation,
    resources,
    notes,
    cause: unknown ? 'dns-no-failover' : 'dns-slow-failover',
  };
}

function loadBalancerOnlyZoneRecovery(model: PlatformModel, lost: string, notes: string[]): Recovery | undefined {
  const lbs = model.loadBalancers.filter((lb) => lb.targetZones.some((zone) => zone !== lost) && lb.zones.some((zone) => zone !== lost));
  if (model.loadBalancers.length === 0) {
    return undefined;
  }
  if (lbs.length === 0) {
    return {
      automatic: false,
      dataLoss: 'in-flight requests',
      basis: `no load balancer keeps a node and targets outside ${zoneName(model, lost)}, and no DNS failover`,
      citation: CITATIONS.albHealthChecks,
      resources: model.loadBalancers.map((lb) => lb.logicalId),
      notes,
      cause: 'entry-in-one-zone',
    };
  }
  const tgs = model.targetGroups.filter((tg) => lbs.some((lb) => lb.targetGroupIds.includes(tg.logicalId)));
  const detection = Math.max(0, ...tgs.map((tg) => tg.intervalSeconds * tg.unhealthyThreshold));
  return losslessFailover(detection, {
    dataLoss: 'none stored; requests in flight in the lost zone fail',
    basis: `no DNS record in the template: load balancers spanning zones drop the lost zone's targets after their health checks (${detection} s)`,
    citation: CITATIONS.albHealthChecks,
    resources: lbs.map((lb) => lb.logicalId),
    notes,
    cause: 'slow-target-group-health-check',
  });
}

/** What the stateful tiers do in parallel when a zone is lost. */
function statefulNotes(model: PlatformModel, lost: string): string[] {
  const notes: string[] = [];
  const where = zonePhrase(model, lost);
  for (const db of model.databases) {
    const writer = db.nodes.find((node) => node.role === 'primary' || node.role === 'writer');
    const unpinned = db.nodes.some((node) => node.role === 'primary-or-standby');
    const recovery = databaseRecovery(model, db);
    const time = recovery.expectedSeconds === undefined ? 'no automatic failover' : `~${recovery.expectedSeconds} s`;
    if (unpinned && db.nodes.some((node) => node.zone === lost)) {
      notes.push(`Database ${db.logicalId}: if its primary is in ${where} (RDS picks the zone), writes stop until the standby is promoted (${time}).`);
    } else if (writer && (writer.zone === lost || writer.zone === UNPLACED)) {
      notes.push(`Database ${db.logicalId}: its writer ${writer.zone === lost ? 'is' : 'may be'} in ${where}: writes stop until failover (${time}).`);
    }
  }
  for (const cache of model.caches) {
    if (cache.nodes.some((node) => node.role === 'primary' && (node.zone === lost || node.zone === UNPLACED))) {
      const recovery = cacheRecovery(cache);
      notes.push(`Cache ${cache.logicalId}: its primary ${cache.nodes.find((n) => n.role === 'primary')!.zone === lost ? 'is' : 'may be'} in ${where}: ` +
        `writes stop until a replica is promoted (${recovery.expectedSeconds === undefined ? 'no automatic failover' : `~${recovery.expectedSeconds} s`}).`);
    }
  }
  return [...notes, ...quorumNotes(model, lost)];
}

/** What the tiers that keep a quorum lose with a zone: search data nodes and masters, broker nodes. */
function quorumNotes(model: PlatformModel, lost: string): string[] {
  const notes: string[] = [];
  const where = zonePhrase(model, lost);
  for (const domain of model.searchDomains) {
    const share = searchShare(domain, lost);
    if (!share || share.dataNodes + share.mastersMax === 0) {
      continue;
    }
    const standby = domain.multiAzWithStandby
      ? `; if its data nodes were the active ones, the standby zone's are promoted (~${searchRecovery(model, domain).expectedSeconds} s)` : '';
    notes.push(`Search ${domain.logicalId}: ${searchQuorumNote(domain, share, where)}${standby}.`);
  }
  for (const broker of model.brokers) {
    if (brokerNodeZones(broker)?.includes(lost)) {
      notes.push(`Message broker ${broker.logicalId}: 1 of its 3 nodes is in ${where}: the other 2 keep quorum queues' majority ` +
        `(~${brokerRecovery(broker).expectedSeconds} s for the queues it led).`);
    }
  }
  return notes;
}

/** A search domain's nodes in the lost zone, and whether its masters (dedicated, or the data nodes) keep their quorum. */
function searchQuorumNote(domain: SearchModel, share: SearchShare, where: string): string {
  const masters = searchMasters(domain);
  const data = `${share.dataNodes} of ${domain.dataNodes} data nodes`;
  if (!masters.dedicated) {
    return `${data} (master-eligible: no dedicated masters) are in ${where}: ` +
      (masters.onZoneLoss === 'kept' ? 'the data nodes left elect a master' : 'the data nodes left may not be a majority');
  }
  const count = share.mastersMin === share.mastersMax ? `${share.mastersMax}` : `${share.mastersMin} or ${share.mastersMax}`;
  const verdict = masters.onZoneLoss === 'kept' ? 'the other masters keep the quorum'
    : `the masters ${masters.onZoneLoss === 'depends' ? 'may lose' : 'lose'} their quorum (${masterSplitPhrase(masters)}: ${masterLossPhrase(masters)})`;
  return `${data} and ${count} of ${masters.members} dedicated masters are in ${where}: ${verdict}`;
}

// --- App server --------------------------------------------------------------------------------------------

export function appServerScenario(model: PlatformModel, target: number): RecoveryScenario {
  const groups = model.serverGroups.filter((group) => group.tier === 'app');
  if (groups.length === 0) {
    return scenario('app-server', 'App server failure', target, undefined, 'no app server group (an Auto Scaling group behind a load balancer)');
  }
  const tgs = model.targetGroups.filter((tg) => groups.some((group) => group.targetGroupIds.includes(tg.logicalId)));
  if (tgs.length === 0) {
    return scenario('app-server', 'App server failure', target, {
      automatic: false,
      dataLoss: 'requests sent to the failed server',
      resources: groups.map((g) => g.logicalId),
      notes: [],
      basis: 'the app server groups register with no target group: no load balancer health check removes a failed server',
      citation: CITATIONS.albHealthChecks,
      cause: 'slow-target-group-health-check',
    }, '');
  }
  const slowest = tgs.reduce((a, b) => (b.intervalSeconds * b.unhealthyThreshold > a.intervalSeconds * a.unhealthyThreshold ? b : a));
  const seconds = slowest.intervalSeconds * slowest.unhealthyThreshold;
  return scenario('app-server', 'App server failure', target, losslessFailover(seconds, {
    dataLoss: 'none stored on the server; its requests in flight fail',
    basis: `target group ${slowest.logicalId}: UnhealthyThresholdCount ${slowest.unhealthyThreshold} × HealthCheckIntervalSeconds ` +
      `${slowest.intervalSeconds} s = ${seconds} s until the load balancer stops routing to the server` +
      (slowest.defaulted ? ' (AWS defaults: the template does not set them)' : ''),
    citation: CITATIONS.albHealthChecks,
    resources: [...groups.map((g) => g.logicalId), ...tgs.map((tg) => tg.logicalId)],
    notes: ['Auto Scaling then replaces the instance (ELB health checks); capacity returns after the launch and the health check grace period.'],
    cause: 'slow-target-group-health-check',
  }), '');
}
