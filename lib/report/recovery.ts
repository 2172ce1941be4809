/**
 * Recovery time and data loss per failure scenario, computed from a template's own settings and AWS's
 * documented failover behaviour. A pure function of the template: the report prints it, and the platform
 * construct can compare the same figures with its recovery targets at synth time.
 *
 * Figures AWS documents are cited next to their constant. Where AWS documents no figure, the constant is a
 * planning assumption and its basis says so; measure it with a game day (RDS reboot with failover,
 * ElastiCache TestFailover, AWS Fault Injection Service) before relying on it.
 */
import { instanceSpec } from './instance-types';
import {
  CacheModel, CfnResource, CfnTemplate, DatabaseModel, DnsRecordModel, isObject, PlatformModel, readPlatform, SearchModel, BrokerModel,
  UNPLACED, zoneName,
} from './template-model';

/** Recovery targets, in seconds: a scenario meets its target when its expected recovery is at most the target. */
export interface RecoveryTargets {
  /** Loss of a whole zone: until clients are served from the other zone. */
  readonly zoneFailureSeconds: number;
  /** Loss of one app server: until the load balancer stops sending it requests. */
  readonly appServerSeconds: number;
  /** Loss of the database writer: until writes succeed again. */
  readonly databaseSeconds: number;
  /** Loss of the cache primary: until writes succeed again. */
  readonly cacheSeconds: number;
  /** Loss of a search node: until every shard is served again. */
  readonly searchNodeSeconds: number;
  /** Loss of a broker node: until publishing and consuming work again. */
  readonly brokerNodeSeconds: number;
}

/**
 * The seed's targets (multi-environment-ha.md, "Failover Scenarios"):
 * - zone 1 failure: RTO < 2 minutes -> 120 s;
 * - app server: "instant (LB removes it)" -> 30 s, the time an ALB health check can reasonably take to remove a
 *   server (2 failed checks 10-15 s apart); nothing is instant;
 * - database: the component table says < 30 s, the Database HA section says RTO < 1 minute: the stricter 30 s;
 * - cache (Redis): < 30 s;
 * - search: "minutes" -> 600 s (10 minutes);
 * - broker: "seconds" -> 60 s.
 */
export const DEFAULT_RECOVERY_TARGETS: RecoveryTargets = {
  zoneFailureSeconds: 120,
  appServerSeconds: 30,
  databaseSeconds: 30,
  cacheSeconds: 30,
  searchNodeSeconds: 600,
  brokerNodeSeconds: 60,
};

/** AWS documentation the figures come from. */
export const CITATIONS = {
  route53HealthChecks: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html',
  route53AliasTtl: 'https://aws.amazon.com/route53/faqs/ (DNS failover: alias records to ELB have a fixed TTL of 60 seconds)',
  albHealthChecks: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  rdsMultiAzInstance: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
  rdsMultiAzCluster: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts-failover.html',
  rdsPointInTimeRestore: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html',
  auroraFaultTolerance: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html#Aurora.Managing.FaultTolerance',
  auroraFaq: 'https://aws.amazon.com/rds/aurora/faqs/ (High availability and replication)',
  elastiCacheMultiAz: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html',
  openSearchMultiAz: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html',
  openSearchMasters: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html',
  mqRabbitMqCluster: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-broker-architecture.html',
  mqQuorumQueues: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/quorum-queues.html',
  mqActiveStandby: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/active-standby-broker-deployment.html',
} as const;

/** Failover figures, seconds. `documented` ones are AWS's; the others are planning assumptions (see each basis). */
export const FAILOVER_FIGURES = {
  /** RDS Multi-AZ DB instance: "Failover times are typically 60–120 seconds" (the upper end). Documented. */
  rdsMultiAzInstance: 120,
  /** RDS Multi-AZ DB cluster: "Failover times are typically under 35 seconds". Documented. */
  rdsMultiAzCluster: 35,
  /** Aurora with a replica: the cluster endpoint moves to the promoted replica, typically under 30 s (Aurora FAQ). Documented. */
  auroraWithReplica: 30,
  /** Aurora without a replica: Aurora "will attempt to create a new DB instance" (best effort, no bound given). Assumed. */
  auroraWithoutReplica: 600,
  /** ElastiCache Multi-AZ automatic failover: AWS gives no time, only "a few seconds" for the DNS update. Assumed. */
  elastiCacheAutomaticFailover: 30,
  /** OpenSearch Service node replacement and shard recovery: "minutes", no bound given. Assumed. */
  openSearchNodeRecovery: 300,
  /** RabbitMQ quorum queues elect a new leader (Raft) among the surviving nodes. Assumed. */
  rabbitMqClusterNode: 30,
  /** Amazon MQ active/standby: the standby takes over the shared storage. Assumed. */
  activeMqStandby: 60,
  /** RDS uploads transaction logs to S3 every 5 minutes: the data loss bound of a point-in-time restore. Documented. */
  rdsPointInTimeRestoreDataLoss: 300,
} as const;

/** Whether a scenario meets its target. */
export type RecoveryStatus = 'MEETS' | 'MISSES' | 'NOT_APPLICABLE';

/** Recovery from one failure. */
export interface RecoveryScenario {
  /** 'zone-1-loss', 'zone-2-loss', 'app-server', 'database-primary', 'cache-primary', 'search-node', 'broker-node'. */
  readonly id: string;
  readonly title: string;
  /** Expected time until service is restored, seconds; undefined when nothing restores it automatically. */
  readonly expectedSeconds?: number;
  /** True when AWS (or the template's health checks) restore service without a person acting. */
  readonly automatic: boolean;
  /** What data can be lost. */
  readonly dataLoss: string;
  /** Upper bound of the data loss, seconds of writes (0: none); undefined when it cannot be bounded. */
  readonly dataLossSeconds?: number;
  /** The target, seconds. */
  readonly target: number;
  readonly meets: boolean;
  readonly status: RecoveryStatus;
  /** Which settings of the template and which AWS figure give the expected time. */
  readonly basis: string;
  /** AWS documentation of the figure. */
  readonly citation: string;
  /** Logical IDs of the resources the scenario is about. */
  readonly resources: string[];
  /** What else happens in the scenario (other tiers failing over in parallel, caveats). */
  readonly notes: string[];
}

export interface RecoveryReport {
  readonly targets: RecoveryTargets;
  readonly scenarios: RecoveryScenario[];
}

/** A template, its Resources section, or a model already read with {@link readPlatform}. */
export type RecoveryInput = CfnTemplate | PlatformModel | Record<string, CfnResource>;

/**
 * Computes expected recovery time and data loss for each failure scenario of the seed, from a template's
 * settings, and compares them with the targets (the seed's by default).
 */
export function computeRecovery(input: RecoveryInput, targets: Partial<RecoveryTargets> = {}): RecoveryReport {
  const model = toModel(input);
  const effective: RecoveryTargets = { ...DEFAULT_RECOVERY_TARGETS, ...definedOnly(targets) };
  const scenarios: RecoveryScenario[] = [
    ...zoneScenarios(model, effective.zoneFailureSeconds),
    appServerScenario(model, effective.appServerSeconds),
    worstOf('database-primary', 'Database primary (writer) failure', effective.databaseSeconds,
      model.databases.map((db) => databaseRecovery(model, db)), 'no database in the template'),
    worstOf('cache-primary', 'Cache primary failure', effective.cacheSeconds,
      model.caches.map((cache) => cacheRecovery(cache)), 'no ElastiCache replication group in the template'),
    worstOf('search-node', 'Search node failure', effective.searchNodeSeconds,
      model.searchDomains.map((domain) => searchRecovery(model, domain)), 'no OpenSearch domain in the template'),
    worstOf('broker-node', 'Broker node failure', effective.brokerNodeSeconds,
      model.brokers.map((broker) => brokerRecovery(broker)), 'no Amazon MQ broker in the template'),
  ];
  return { targets: effective, scenarios };
}

/** Checks a targets object read from a file: known keys, positive numbers. Throws Error with a one-line message. */
export function checkRecoveryTargets(value: unknown, source = 'the targets'): Partial<RecoveryTargets> {
  if (!isObject(value)) {
    throw new Error(`${source} must be a JSON object such as {"databaseSeconds": 60}`);
  }
  const known = Object.keys(DEFAULT_RECOVERY_TARGETS);
  for (const [key, seconds] of Object.entries(value)) {
    if (!known.includes(key)) {
      throw new Error(`${source}: unknown target "${key}" (known: ${known.join(', ')})`);
    }
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new Error(`${source}: "${key}" must be a number of seconds, got ${JSON.stringify(seconds)}`);
    }
  }
  return value as Partial<RecoveryTargets>;
}

// ---------------------------------------------------------------------------------------------------------

/** One resource's recovery, before it is compared with a target. */
interface Recovery {
  readonly expectedSeconds?: number;
  readonly automatic: boolean;
  readonly dataLoss: string;
  readonly dataLossSeconds?: number;
  readonly basis: string;
  readonly citation: string;
  readonly resources: string[];
  readonly notes: string[];
}

function toModel(input: RecoveryInput): PlatformModel {
  if ((input as PlatformModel).kind === 'PlatformModel') {
    return input as PlatformModel;
  }
  if (isObject((input as CfnTemplate).Resources)) {
    return readPlatform(input as CfnTemplate);
  }
  return readPlatform({ Resources: input as Record<string, CfnResource> });
}

function definedOnly(targets: Partial<RecoveryTargets>): Partial<RecoveryTargets> {
  return Object.fromEntries(Object.entries(targets).filter(([, value]) => value !== undefined));
}

function scenario(id: string, title: string, target: number, recovery: Recovery | undefined, notApplicable: string): RecoveryScenario {
  if (!recovery) {
    return {
      id,
      title,
      automatic: false,
      dataLoss: 'n/a',
      target,
      meets: false,
      status: 'NOT_APPLICABLE',
      basis: notApplicable,
      citation: '',
      resources: [],
      notes: [],
    };
  }
  const meets = recovery.expectedSeconds !== undefined && recovery.expectedSeconds <= target;
  return { id, title, target, meets, status: meets ? 'MEETS' : 'MISSES', ...recovery };
}

/** The scenario of a tier with several resources: the slowest one decides (no automatic recovery is slowest). */
function worstOf(id: string, title: string, target: number, recoveries: Recovery[], notApplicable: string): RecoveryScenario {
  if (recoveries.length === 0) {
    return scenario(id, title, target, undefined, notApplicable);
  }
  const rank = (r: Recovery) => r.expectedSeconds ?? Number.POSITIVE_INFINITY;
  const worst = recoveries.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const others = recoveries.filter((r) => r !== worst);
  return scenario(id, title, target, {
    ...worst,
    resources: recoveries.flatMap((r) => r.resources),
    notes: [...worst.notes, ...others.map((r) => `Also: ${r.basis}`)],
  }, notApplicable);
}

// --- Zone loss ---------------------------------------------------------------------------------------------

function zoneScenarios(model: PlatformModel, target: number): RecoveryScenario[] {
  if (model.zones.length === 0) {
    return [scenario('zone-loss', 'Zone failure', target, undefined, 'the template places no resource in a known Availability Zone')];
  }
  return model.zones.map((zone) => scenario(`zone-${zone.index}-loss`, `Zone ${zone.index} (${zone.key}) failure`, target,
    zoneRecovery(model, zone.key), 'no load balancer or DNS record in the template'));
}

/** Zones whose servers a record's load balancer sends traffic to. */
function recordZones(model: PlatformModel, record: DnsRecordModel): string[] {
  const lb = model.loadBalancers.find((l) => l.logicalId === record.aliasLoadBalancerId);
  return lb ? (lb.targetZones.length > 0 ? lb.targetZones : lb.zones) : [];
}

/** Seconds until Route 53 stops answering with a record: its health check's detection time plus the answer's TTL. */
function recordRemoval(model: PlatformModel, record: DnsRecordModel): { seconds?: number; basis: string } {
  const check = model.healthChecks.find((hc) => hc.logicalId === record.healthCheckId);
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

function zoneRecovery(model: PlatformModel, lost: string): Recovery | undefined {
  const notes = statefulNotes(model, lost);
  const records = model.dnsRecords.filter((record) => record.aliasLoadBalancerId !== undefined);
  const citation = [CITATIONS.route53HealthChecks, CITATIONS.route53AliasTtl].join(' ; ');
  if (records.length === 0) {
    return loadBalancerOnlyZoneRecovery(model, lost, notes);
  }
  const served = (record: DnsRecordModel) => recordZones(model, record);
  const dies = (record: DnsRecordModel) => served(record).length > 0 && served(record).every((zone) => zone === lost);
  const survivors = records.filter((record) => !dies(record));
  const affected = records.filter(dies);
  const resources = [...new Set([...records.map((r) => r.logicalId), ...records.map((r) => r.healthCheckId).filter((id): id is string => !!id)])];
  if (survivors.length === 0) {
    return {
      automatic: false,
      dataLoss: 'in-flight requests',
      basis: `every record's load balancer sends traffic only to ${zoneName(model, lost)}: nothing serves from another zone`,
      citation,
      resources,
      notes,
    };
  }
  if (affected.length === 0) {
    return {
      expectedSeconds: 0,
      automatic: true,
      dataLoss: 'none (in-flight requests of servers in the lost zone)',
      dataLossSeconds: 0,
      basis: `no DNS record depends only on ${zoneName(model, lost)}'s servers; the load balancers drop its targets`,
      citation,
      resources,
      notes,
    };
  }
  const failover = affected.every((record) => record.routing === 'failover');
  if (failover && affected.every((record) => record.failover === 'SECONDARY')) {
    const primaries = records.filter((record) => record.failover === 'PRIMARY').map((record) => record.logicalId);
    return {
      expectedSeconds: 0,
      automatic: true,
      dataLoss: 'none (the zone was not serving)',
      dataLossSeconds: 0,
      basis: `the lost zone serves only the SECONDARY record (${affected.map((r) => r.logicalId).join(', ')}); ` +
        `the PRIMARY record (${primaries.join(', ')}) keeps answering: no DNS change`,
      citation,
      resources,
      notes,
    };
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
    };
  }
  const tgs = model.targetGroups.filter((tg) => lbs.some((lb) => lb.targetGroupIds.includes(tg.logicalId)));
  const detection = Math.max(0, ...tgs.map((tg) => tg.intervalSeconds * tg.unhealthyThreshold));
  return {
    expectedSeconds: detection,
    automatic: true,
    dataLoss: 'none stored; requests in flight in the lost zone fail',
    dataLossSeconds: 0,
    basis: `no DNS record in the template: load balancers spanning zones drop the lost zone's targets after their health checks (${detection} s)`,
    citation: CITATIONS.albHealthChecks,
    resources: lbs.map((lb) => lb.logicalId),
    notes,
  };
}

/** What the stateful tiers do in parallel when a zone is lost. */
function statefulNotes(model: PlatformModel, lost: string): string[] {
  const notes: string[] = [];
  const where = zoneName(model, lost);
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
  return notes;
}

// --- App server --------------------------------------------------------------------------------------------

function appServerScenario(model: PlatformModel, target: number): RecoveryScenario {
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
    }, '');
  }
  const slowest = tgs.reduce((a, b) => (b.intervalSeconds * b.unhealthyThreshold > a.intervalSeconds * a.unhealthyThreshold ? b : a));
  const seconds = slowest.intervalSeconds * slowest.unhealthyThreshold;
  return scenario('app-server', 'App server failure', target, {
    expectedSeconds: seconds,
    automatic: true,
    dataLoss: 'none stored on the server; its requests in flight fail',
    dataLossSeconds: 0,
    basis: `target group ${slowest.logicalId}: UnhealthyThresholdCount ${slowest.unhealthyThreshold} × HealthCheckIntervalSeconds ` +
      `${slowest.intervalSeconds} s = ${seconds} s until the load balancer stops routing to the server` +
      (slowest.defaulted ? ' (AWS defaults: the template does not set them)' : ''),
    citation: CITATIONS.albHealthChecks,
    resources: [...groups.map((g) => g.logicalId), ...tgs.map((tg) => tg.logicalId)],
    notes: ['Auto Scaling then replaces the instance (ELB health checks); capacity returns after the launch and the health check grace period.'],
  }, '');
}

// --- Database ----------------------------------------------------------------------------------------------

function databaseRecovery(model: PlatformModel, db: DatabaseModel): Recovery {
  const resources = [db.logicalId, ...db.replicaIds, ...db.nodes.map((node) => node.logicalId)].filter((id, i, all) => all.indexOf(id) === i);
  if (db.kind === 'aurora-cluster') {
    const readers = db.nodes.filter((node) => node.role === 'reader');
    const writer = db.nodes.find((node) => node.role === 'writer');
    if (readers.length > 0) {
      const crossZone = readers.some((reader) => reader.zone !== writer?.zone || reader.zone === UNPLACED);
      return {
        expectedSeconds: FAILOVER_FIGURES.auroraWithReplica,
        automatic: true,
        dataLoss: 'none: the cluster volume keeps six copies over three zones, shared by every instance',
        dataLossSeconds: 0,
        basis: `${db.logicalId}: Aurora with ${readers.length} reader(s) (${readers.map((r) => r.logicalId).join(', ')}): the reader with the ` +
          `lowest promotion tier becomes the writer, typically within ${FAILOVER_FIGURES.auroraWithReplica} s (AWS)`,
        citation: [CITATIONS.auroraFaultTolerance, CITATIONS.auroraFaq].join(' ; '),
        resources,
        notes: crossZone ? [] : [`${db.logicalId}: every reader is in the writer's zone: losing that zone leaves no instance.`],
      };
    }
    return {
      expectedSeconds: FAILOVER_FIGURES.auroraWithoutReplica,
      automatic: true,
      dataLoss: 'none: the cluster volume survives the instance',
      dataLossSeconds: 0,
      basis: `${db.logicalId}: Aurora with no reader: Aurora attempts to create a new instance (best effort, AWS gives no bound; ` +
        `planning figure ${FAILOVER_FIGURES.auroraWithoutReplica} s)`,
      citation: CITATIONS.auroraFaultTolerance,
      resources,
      notes: [],
    };
  }
  if (db.kind === 'rds-multi-az-cluster') {
    return {
      expectedSeconds: FAILOVER_FIGURES.rdsMultiAzCluster,
      automatic: true,
      dataLoss: 'none: a reader acknowledges each commit before the writer returns it',
      dataLossSeconds: 0,
      basis: `${db.logicalId}: Multi-AZ DB cluster: a readable standby is promoted, typically under ${FAILOVER_FIGURES.rdsMultiAzCluster} s (AWS)`,
      citation: CITATIONS.rdsMultiAzCluster,
      resources,
      notes: [],
    };
  }
  const replicaNote = db.replicaIds.length > 0
    ? [`Read replica(s) ${db.replicaIds.join(', ')} are not failover targets: promoting one is manual and loses its replication lag.`]
    : [];
  if (db.multiAz) {
    return {
      expectedSeconds: FAILOVER_FIGURES.rdsMultiAzInstance,
      automatic: true,
      dataLoss: 'none: the standby is written synchronously',
      dataLossSeconds: 0,
      basis: `${db.logicalId}: MultiAZ true: RDS fails over to the synchronous standby in the other zone, typically 60–120 s (AWS; the upper end is used)`,
      citation: CITATIONS.rdsMultiAzInstance,
      resources,
      notes: replicaNote,
    };
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
  };
}

// --- Cache -------------------------------------------------------------------------------------------------

function cacheRecovery(cache: CacheModel): Recovery {
  const resources = [cache.logicalId];
  if (cache.engine === 'memcached') {
    return {
      automatic: false,
      dataLoss: 'the failed node\'s share of the cache (memcached does not replicate)',
      basis: `${cache.logicalId}: memcached has no replicas: a failed node is replaced empty`,
      citation: CITATIONS.elastiCacheMultiAz,
      resources,
      notes: [],
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

function searchRecovery(model: PlatformModel, domain: SearchModel): Recovery {
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
    };
  }
  const notes: string[] = [];
  const knownZones = domain.zones.filter((zone) => zone !== UNPLACED);
  if (domain.masterNodes === 3 && domain.zoneAwareness && domain.availabilityZoneCount === 2) {
    notes.push(`${domain.logicalId}: 3 dedicated masters over 2 zones are split 2 + 1: losing the zone with 2 loses the master quorum ` +
      'until OpenSearch Service replaces them (a node failure does not).');
  }
  if (!domain.zoneAwareness && knownZones.length <= 1) {
    notes.push(`${domain.logicalId}: zone awareness is off: every data node is in ${zoneName(model, knownZones[0] ?? UNPLACED)}.`);
  }
  return {
    expectedSeconds: FAILOVER_FIGURES.openSearchNodeRecovery,
    automatic: true,
    dataLoss: 'none when every index has at least one replica (an index setting, not in the template)',
    dataLossSeconds: 0,
    basis: `${domain.logicalId}: ${domain.dataNodes} data nodes${domain.zoneAwareness ? ` with zone awareness over ${domain.availabilityZoneCount} zones` : ''}, ` +
      `${masterEligible} ${masterKind}: replica shards take over at once, OpenSearch Service replaces the node and re-replicates ` +
      `(minutes, AWS gives no bound; planning figure ${FAILOVER_FIGURES.openSearchNodeRecovery} s)`,
    citation,
    resources,
    notes,
  };
}

// --- Broker ------------------------------------------------------------------------------------------------

function brokerRecovery(broker: BrokerModel): Recovery {
  const resources = [broker.logicalId];
  const size = instanceSpec(broker.hostInstanceType);
  const sized = size ? ` (${broker.hostInstanceType}: ${size.vcpus} vCPU, ${size.memoryGiB} GiB)` : '';
  if (broker.deploymentMode === 'CLUSTER_MULTI_AZ') {
    return {
      expectedSeconds: FAILOVER_FIGURES.rabbitMqClusterNode,
      automatic: true,
      dataLoss: 'none for quorum queues (a majority holds every confirmed message); unsynchronised messages of classic queues',
      dataLossSeconds: 0,
      basis: `${broker.logicalId}: ${broker.engine} CLUSTER_MULTI_AZ, 3 nodes${sized}: quorum queues elect a new leader among the 2 ` +
        `surviving nodes; clients reconnect through the broker's load balancer (planning figure ${FAILOVER_FIGURES.rabbitMqClusterNode} s)`,
      citation: [CITATIONS.mqRabbitMqCluster, CITATIONS.mqQuorumQueues].join(' ; '),
      resources,
      notes: [],
    };
  }
  if (broker.deploymentMode === 'ACTIVE_STANDBY_MULTI_AZ') {
    return {
      expectedSeconds: FAILOVER_FIGURES.activeMqStandby,
      automatic: true,
      dataLoss: 'none: active and standby share storage',
      dataLossSeconds: 0,
      basis: `${broker.logicalId}: ACTIVE_STANDBY_MULTI_AZ: the standby takes over (planning figure ${FAILOVER_FIGURES.activeMqStandby} s)`,
      citation: CITATIONS.mqActiveStandby,
      resources,
      notes: [],
    };
  }
  return {
    automatic: false,
    dataLoss: 'messages on the broker until it is replaced; an Availability Zone outage can lose them',
    basis: `${broker.logicalId}: ${broker.deploymentMode ?? 'SINGLE_INSTANCE'}: one broker, no failover; Amazon MQ replaces it (minutes)`,
    citation: CITATIONS.mqRabbitMqCluster,
    resources,
    notes: [],
  };
}
