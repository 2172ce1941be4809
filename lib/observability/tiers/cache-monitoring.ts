import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CacheTier } from '../../cache/cache-tier';
import { AlarmFactory, CHECK_NETWORK, HEALTH_WARNING, NOTIFY, REPLICATION_LAG, Severity, showDuration, SUSTAINED } from '../alarm-spec';
import { AlertThresholds, RuleThresholds } from '../alert-thresholds';
import { graph, indexes, MINUTE, THIRD } from '../dashboard-widgets';
import { PrometheusRule, replicationLagRule } from '../prometheus-rule';

// The cache's alarms and dashboard panels, per node of the replication group.

/** Replication lag, engine CPU, memory and evictions, for every node. */
export function cacheAlarms(alarms: AlarmFactory, cache: CacheTier, thresholds: AlertThresholds): void {
  const { replicationLag: lag, cacheCpuPercent: cpu, cacheMemoryPercent: memory, cacheEvictions: evictions } = thresholds;
  for (const node of indexes(cache.nodeCount)) {
    const n = node + 1;
    // Every node, not just the replica created in zone 2: after a failover the former primary is the replica.
    alarms.addAlarm(`CacheNode${n}ReplicationLag`, {
      metric: cache.metricReplicationLag({ nodeIndex: node, period: REPLICATION_LAG.period }),
      threshold: lag.toSeconds({ integral: false }),
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: REPLICATION_LAG,
      // Only a node that is currently a replica reports ReplicationLag: the primary's silence is normal.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      severity: Severity.WARNING,
      implements: 'Replication Lag',
      condition: `Cache node ${n}, as a replica, has lagged the primary by more than ${showDuration(lag)} for 3 minutes: ` +
        'a failover to it would lose the writes it has not received.',
      action: `${CHECK_NETWORK}: the connectivity between the zones (AWS Health Dashboard), then the primary's write load`,
    });

    alarms.addAlarm(`CacheNode${n}HighCpu`, {
      // ElastiCache publishes every minute for a running node: a gap is the node, not its load.
      ...HEALTH_WARNING,
      metric: cache.metricEngineCpuUtilization({ nodeIndex: node, period: SUSTAINED.period }),
      threshold: cpu,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      implements: 'Cache health (CPU)',
      condition: `Cache node ${n}'s engine thread has been more than ${cpu} % busy for 15 minutes: commands queue up.`,
      action: `${NOTIFY}: look for slow commands (slow log), or scale the node type up`,
    });

    alarms.addAlarm(`CacheNode${n}HighMemory`, {
      ...HEALTH_WARNING,
      metric: cache.metricMemoryUsedPercent({ nodeIndex: node, period: SUSTAINED.period }),
      threshold: memory,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      implements: 'Cache health (memory)',
      condition: `Cache node ${n} has used more than ${memory} % of its maxmemory for 15 minutes; it evicts keys near 100 %.`,
      action: `${NOTIFY}: set TTLs on keys, or scale the node type up`,
    });

    alarms.addAlarm(`CacheNode${n}Evictions`, {
      metric: cache.metricEvictions({ nodeIndex: node, statistic: cloudwatch.Stats.SUM, period: SUSTAINED.period }),
      threshold: evictions,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      // A node with nothing to evict may publish nothing: that is the healthy case.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      severity: Severity.WARNING,
      implements: 'Cache health (evictions)',
      condition: `Cache node ${n} evicted more than ${evictions} keys in each of 3 consecutive 5-minute periods: ` +
        'it is full, and data the app expects is dropped.',
      action: `${NOTIFY}: scale the node type up, or set TTLs on keys`,
    });
  }
}

/** Title of the cache's key panel, at the top of the dashboard. */
export const HIT_RATE_TITLE = 'Cache hit rate';

/** Key panel: the hit rate of each node. */
export function cacheHitRatePanel(cache: CacheTier): cloudwatch.IWidget {
  return graph(HIT_RATE_TITLE, indexes(cache.nodeCount).map((node) => cache.metricCacheHitRate({
    nodeIndex: node, period: MINUTE, label: `Node ${node + 1}`,
  })), { width: THIRD, leftLabel: 'Percent', max: 100 });
}

/** The cache's row: engine CPU, memory, evictions and replication lag, per node. */
export function cacheWidgets(cache: CacheTier): cloudwatch.IWidget[] {
  const all = indexes(cache.nodeCount);
  return [
    graph('Cache: engine CPU utilization', all.map((node) => cache.metricEngineCpuUtilization({
      nodeIndex: node, period: MINUTE, label: `Node ${node + 1}`,
    })), { leftLabel: 'Percent', max: 100 }),
    graph('Cache: memory used (% of maxmemory)', all.map((node) => cache.metricMemoryUsedPercent({
      nodeIndex: node, period: MINUTE, label: `Node ${node + 1}`,
    })), { leftLabel: 'Percent', max: 100 }),
    graph('Cache: evictions', all.map((node) => cache.metricEvictions({
      nodeIndex: node, period: MINUTE, label: `Node ${node + 1}`,
    })), { leftLabel: 'Keys / minute' }),
    graph('Cache: replication lag', all.map((node) => cache.metricReplicationLag({
      nodeIndex: node, period: MINUTE, label: `Node ${node + 1} (as a replica)`,
    })), { leftLabel: 'Seconds' }),
  ];
}

/** Prometheus ReplicationLag of the cache, at the alarms' threshold. */
export function cacheReplicationLagPrometheusRule(thresholds: RuleThresholds): PrometheusRule {
  return replicationLagRule(thresholds, 'cache', 'redis_connected_slave_lag_seconds', 'Cache',
    'A cache replica of {{ $labels.instance }} is {{ $value }} s behind its primary: check the network between the zones.');
}
