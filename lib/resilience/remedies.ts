import { ResilienceCause } from '../report/causes';
import { RecoveryTargets } from '../report/recovery';
import { ZoneLossTierKind } from '../report/zone-loss';

/**
 * The one table of what restores a recovery target or a zone's survival: the platform settings for each cause
 * the report finds in a template. The synth-time warnings quote it.
 */
export const REMEDIES: Readonly<Record<ResilienceCause, string>> = {
  'dns-no-failover': 'Route 53 health checks on each zone\'s record, which the DNS tier creates (`dns.routing` failover or active-active)',
  'dns-slow-failover': 'a faster DNS failover: `dns.healthCheckInterval` of 10 seconds (the default) and a lower `dns.healthCheckFailureThreshold`',
  'entry-in-one-zone': 'a load balancer and app servers in each serving zone: `appTier.instancesPerZone` of at least 1 per zone',
  'slow-target-group-health-check': 'a faster target group health check (interval and unhealthy threshold of each zone\'s target group)',
  'servers-in-one-zone': 'servers in each serving zone: `appTier.instancesPerZone` and `workers.instancesPerZone` of at least 1 per zone',
  'single-nat-gateway': '`network.natGateways: 2` (the default: each serving zone leaves through its own NAT gateway)',
  'database-multi-az-instance': '`database.topology: DatabaseTopology.AURORA` (the default: failover to the reader in the other zone, typically under 30 s)',
  'database-single-az': 'a standby in the other zone: `database.topology: DatabaseTopology.AURORA` (the default), or a Multi-AZ DB instance',
  'database-no-reader': 'an Aurora reader in the other zone: `database.readerMinReplicas` of at least 1 (the default)',
  'database-no-standby-elsewhere': 'a promotable instance in another zone: `database.topology: DatabaseTopology.AURORA` (the default: writer in zone 1, reader in zone 2)',
  'database-placement-unknown': 'instances pinned to different zones: `database.topology: DatabaseTopology.AURORA` (the default: writer in zone 1, reader in zone 2)',
  'cache-no-failover': '`cache.replicasPerPrimary` of at least 1 (the default), which keeps automatic failover and Multi-AZ on',
  'cache-placement-unknown': 'the cache tier\'s own placement (primary in zone 1, a replica in zone 2): no escape hatch over `PreferredCacheClusterAZs`',
  'search-too-few-masters': '`search.masterNodes` of 3 or 5 (default 3): a majority survives the loss of one',
  'search-single-data-node': '`search.dataNodes` of at least 2 per zone (default 6 over three zones)',
  'search-masters-two-zones': 'a third zone for the search masters: `network.quorumZoneEnabled: true` (the default; with a brought ' +
    '`network.vpc`, an isolated subnet in a third zone)',
  'search-quorum-lost': 'one dedicated master per zone over three zones: `search.masterNodes: 3` with `network.quorumZoneEnabled: true` (the defaults)',
  'search-data-in-one-zone': 'data nodes in every zone of the domain: `search.dataNodes` a multiple of its zone count (default 6 over three zones)',
  'search-placement-unknown': 'the search tier\'s own zone awareness over the platform\'s zones: no escape hatch over `VPCOptions.SubnetIds` or `ZoneAwarenessConfig`',
  'broker-classic-queues': 'RabbitMQ 4.2, where quorum queues are the default: `messaging.engineVersion: \'4.2\'` on an mq.m7g host ' +
    '(`messaging.hostInstanceType: \'mq.m7g.large\'`, the defaults); on 3.13, every client must declare its queues with `x-queue-type: quorum`',
  'broker-single-instance': 'the messaging tier\'s `CLUSTER_MULTI_AZ` deployment mode (3 nodes, each in its own zone): no escape hatch over `DeploymentMode`',
};

/** A scenario's target option, the report's key for it, and the remedy when the report names no cause. */
export interface ScenarioTarget {
  readonly option: 'zoneFailure' | 'appServerFailure' | 'databaseFailure' | 'cacheFailure' | 'searchNodeFailure' | 'brokerNodeFailure';
  readonly key: keyof RecoveryTargets;
  readonly fallback: ResilienceCause;
}

/** By scenario id; every '<zone id>-loss' scenario uses {@link ZONE_LOSS_TARGET}. */
export const SCENARIO_TARGETS: Readonly<Record<string, ScenarioTarget>> = {
  'app-server': { option: 'appServerFailure', key: 'appServerSeconds', fallback: 'slow-target-group-health-check' },
  'database-primary': { option: 'databaseFailure', key: 'databaseSeconds', fallback: 'database-multi-az-instance' },
  'cache-primary': { option: 'cacheFailure', key: 'cacheSeconds', fallback: 'cache-no-failover' },
  'search-node': { option: 'searchNodeFailure', key: 'searchNodeSeconds', fallback: 'search-too-few-masters' },
  'broker-node': { option: 'brokerNodeFailure', key: 'brokerNodeSeconds', fallback: 'broker-single-instance' },
};

export const ZONE_LOSS_TARGET: ScenarioTarget = { option: 'zoneFailure', key: 'zoneFailureSeconds', fallback: 'dns-slow-failover' };

/** The target of a scenario id ('zone-1-loss', 'quorum-zone-loss', 'database-primary', ...). */
export function scenarioTarget(id: string): ScenarioTarget | undefined {
  return id.endsWith('-loss') ? ZONE_LOSS_TARGET : SCENARIO_TARGETS[id];
}

/** Every target option with its key, once. */
export const TARGET_OPTIONS: ReadonlyArray<ScenarioTarget> = [ZONE_LOSS_TARGET, ...Object.values(SCENARIO_TARGETS)];

/** When a zone-loss row names no cause: the remedy of its kind of tier. */
export const ZONE_LOSS_FALLBACK: Readonly<Partial<Record<ZoneLossTierKind, ResilienceCause>>> = {
  'entry': 'entry-in-one-zone',
  'app-servers': 'servers-in-one-zone',
  'workers': 'servers-in-one-zone',
  'database': 'database-no-standby-elsewhere',
  'cache': 'cache-no-failover',
  'search': 'search-masters-two-zones',
  'broker': 'broker-single-instance',
  'egress': 'single-nat-gateway',
};
