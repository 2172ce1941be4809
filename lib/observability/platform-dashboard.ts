import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { brokerNodeLimits, brokerNodesSeries, showGiB } from './broker-node-metrics';
import { ObservedTiers } from './observed-tiers';
import { AppTier } from '../app-tier/app-tier';
import { CacheTier } from '../cache/cache-tier';
import { DatabaseTier } from '../database/database-tier';
import { GlobalDns } from '../dns/global-dns';
import { MessagingTier } from '../messaging/messaging-tier';
import { fail, isToken } from '../private/validation';
import { SearchTier } from '../search/search-tier';
import { StorageTier } from '../storage/storage-tier';
import { WorkerTier } from '../workers/worker-tier';

/** Options of the platform's CloudWatch dashboard. */
export interface PlatformDashboardOptions {
  /**
   * Name of the dashboard: letters, digits, hyphens and underscores, up to 255 characters.
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;
}

/** Properties of {@link PlatformDashboard}: the tiers to show, and the options. */
export interface PlatformDashboardProps extends PlatformDashboardOptions, ObservedTiers {
  /**
   * Alarms whose state the dashboard shows first (for example `Object.values(alerting.alarms)`).
   * @default - no alarm status panel
   */
  readonly alarms?: cloudwatch.IAlarm[];
}

/** Width of a full row, a half, a third and a quarter of the dashboard grid. */
const FULL = 24;
const HALF = 12;
const THIRD = 8;
const QUARTER = 6;
const HEIGHT = 6;
const MINUTE = Duration.minutes(1);

/**
 * The platform's CloudWatch dashboard: first the seed's panels (request rate and latency by zone, database
 * replication lag, cache hit rate, queue depth and processing rate, error rate by service), then a row per tier.
 * Every graph is drawn from the tiers' `metricXxx()` methods (and metric math over them), except the broker's
 * per-node panels: the messaging tier publishes broker-level metrics only, so those are CloudWatch Metrics Insights
 * queries over the broker's nodes, by its name.
 *
 * Route 53 publishes health check metrics in us-east-1 only: the DNS row reads them from there.
 */
export class PlatformDashboard extends Construct {
  /** Titles of the seed's "Dashboard Panels", in the order they appear. */
  public static readonly SEED_PANEL_TITLES: string[] = [
    'Request rate by zone',
    'Latency by zone (p50, p90, p99)',
    'Database replication lag',
    'Cache hit rate',
    'Queue depth and processing rate',
    'Error rate by service',
  ];

  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    validatePlatformDashboardOptions(props);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });

    this.dashboard.addWidgets(header('# MultiAzHaPlatform',
      'The seed\'s panels first (request rate and latency by zone, database replication lag, cache hit rate, queue ' +
      'depth and processing rate, error rate by service), then one row per tier.'));
    if (props.alarms && props.alarms.length > 0) {
      this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: props.alarms,
        width: FULL,
        height: Math.min(12, 2 + Math.ceil(props.alarms.length / 4)),
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }));
    }
    this.dashboard.addWidgets(...this.seedPanels(props));
    this.dashboard.addWidgets(header('## DNS', 'Route 53 health checks of each zone\'s load balancer (1 = healthy).'));
    this.dashboard.addWidgets(...dnsRow(props.dns));
    this.dashboard.addWidgets(header('## App servers', 'Each zone\'s load balancer, target group and Auto Scaling group.'));
    this.dashboard.addWidgets(...appRow(props.appTier));
    if (props.workers) {
      this.dashboard.addWidgets(header('## Workers', 'Each zone\'s Auto Scaling group of background workers.'));
      this.dashboard.addWidgets(...workersRow(props.workers));
    }
    if (props.database) {
      this.dashboard.addWidgets(header('## Database', 'PostgreSQL: the primary (or Aurora writer) and its replica.'));
      this.dashboard.addWidgets(...databaseRow(props.database));
    }
    if (props.cache) {
      this.dashboard.addWidgets(header('## Cache', 'Each node of the replication group (node 1 created as primary in zone 1).'));
      this.dashboard.addWidgets(...cacheRow(props.cache));
    }
    if (props.search) {
      this.dashboard.addWidgets(header('## Search', 'The OpenSearch Service domain.'));
      this.dashboard.addWidgets(...searchRow(props.search));
    }
    if (props.messaging) {
      this.dashboard.addWidgets(header('## Messaging', 'The RabbitMQ broker (Amazon MQ).'));
      this.dashboard.addWidgets(...messagingRow(props.messaging));
    }
    if (props.storage) {
      this.dashboard.addWidgets(header('## Storage', 'The S3 bucket (daily storage metrics).'));
      this.dashboard.addWidgets(...storageRow(props.storage));
    }
  }

  /** The seed's "Dashboard Panels", for the tiers that are there. */
  private seedPanels(props: PlatformDashboardProps): cloudwatch.IWidget[] {
    const app = props.appTier;
    const zones = app.zoneLoadBalancers.map((_lb, zone) => zone);
    const [requestRate, latency, replicationLag, hitRate, queue, errors] = PlatformDashboard.SEED_PANEL_TITLES;
    const widgets: cloudwatch.IWidget[] = [
      graph(requestRate, zones.map((zone) => app.metricRequestCount(zone, {
        statistic: cloudwatch.Stats.SUM, period: MINUTE, label: `Zone ${zone + 1} requests per minute`,
      })), { width: THIRD, leftLabel: 'Requests / minute' }),
      graph(latency, zones.flatMap((zone) => ['p50', 'p90', 'p99'].map((statistic) => app.metricTargetResponseTime(zone, {
        statistic, period: MINUTE, label: `Zone ${zone + 1} ${statistic}`,
      }))), { width: THIRD, leftLabel: 'Seconds' }),
    ];
    if (props.database) {
      const aurora = props.database.cluster !== undefined;
      widgets.push(graph(replicationLag, [props.database.metricReplicaLag({
        period: MINUTE, label: aurora ? 'Aurora readers (max, ms)' : 'Read replica (max, s)',
      })], { width: THIRD, leftLabel: aurora ? 'Milliseconds' : 'Seconds' }));
    }
    if (props.cache) {
      const cache = props.cache;
      widgets.push(graph(hitRate, nodes(cache).map((node) => cache.metricCacheHitRate(node, {
        period: MINUTE, label: `Node ${node + 1}`,
      })), { width: THIRD, leftLabel: 'Percent', max: 100 }));
    }
    if (props.messaging) {
      const messaging = props.messaging;
      widgets.push(graph(queue, [
        messaging.metricMessageCount({ period: MINUTE, label: 'Queue depth (ready + unacknowledged)' }),
      ], {
        width: THIRD,
        leftLabel: 'Messages',
        right: [
          messaging.metricPublishRate({ period: MINUTE, label: 'Published / s' }),
          messaging.metricAckRate({ period: MINUTE, label: 'Processed (acknowledged) / s' }),
        ],
        rightLabel: 'Messages / second',
      }));
    }
    widgets.push(graph(errors, zones.flatMap((zone) => {
      const z = zone + 1;
      const usingMetrics = {
        [`requests${z}`]: app.metricRequestCount(zone, { statistic: cloudwatch.Stats.SUM }),
        [`target${z}`]: app.metricTarget5xxCount(zone, { statistic: cloudwatch.Stats.SUM }),
        [`elb${z}`]: app.metricElb5xxCount(zone, { statistic: cloudwatch.Stats.SUM }),
      };
      return [
        new cloudwatch.MathExpression({
          expression: `100 * FILL(target${z}, 0) / requests${z}`,
          usingMetrics,
          label: `Zone ${z} app servers (5xx %)`,
          period: MINUTE,
        }),
        new cloudwatch.MathExpression({
          expression: `100 * FILL(elb${z}, 0) / requests${z}`,
          usingMetrics,
          label: `Zone ${z} load balancer (5xx %)`,
          period: MINUTE,
        }),
      ];
    }), { width: THIRD, leftLabel: 'Percent of requests' }));
    return widgets;
  }
}

/** A full-width markdown header. */
function header(title: string, text: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({ markdown: `${title}\n${text}`, width: FULL, height: 2 });
}

interface GraphOptions {
  readonly width?: number;
  readonly leftLabel?: string;
  readonly right?: cloudwatch.IMetric[];
  readonly rightLabel?: string;
  readonly max?: number;
  readonly annotations?: cloudwatch.HorizontalAnnotation[];
}

function graph(title: string, left: cloudwatch.IMetric[], options: GraphOptions = {}): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left,
    right: options.right,
    width: options.width ?? QUARTER,
    height: HEIGHT,
    leftYAxis: { label: options.leftLabel, min: 0, max: options.max, showUnits: false },
    rightYAxis: options.right ? { label: options.rightLabel, min: 0, showUnits: false } : undefined,
    leftAnnotations: options.annotations,
  });
}

function zonesOf(count: number): number[] {
  return Array.from({ length: count }, (_, zone) => zone);
}

function nodes(cache: CacheTier): number[] {
  return Array.from({ length: cache.nodeCount }, (_, node) => node);
}

function dnsRow(dns: GlobalDns): cloudwatch.IWidget[] {
  const zones = zonesOf(dns.healthChecks.length);
  return [
    graph('Route 53 health check status', zones.map((zone) => dns.metricHealthCheckStatus(zone, {
      label: `Zone ${zone + 1} (1 = healthy)`,
    })), { width: HALF, max: 1 }),
    graph('Route 53 time to first byte', zones.map((zone) => dns.metricTimeToFirstByte(zone, {
      label: `Zone ${zone + 1} (ms)`,
    })), { width: HALF, leftLabel: 'Milliseconds' }),
  ];
}

function appRow(app: AppTier): cloudwatch.IWidget[] {
  const zones = zonesOf(app.zoneLoadBalancers.length);
  return [
    graph('App servers: healthy hosts', zones.map((zone) => app.metricHealthyHostCount(zone, {
      statistic: cloudwatch.Stats.MINIMUM, period: MINUTE, label: `Zone ${zone + 1} healthy (min)`,
    })), { leftLabel: 'Hosts' }),
    graph('App servers: in service', zones.map((zone) => app.metricInServiceInstances(zone, {
      period: MINUTE, label: `Zone ${zone + 1} in service (min)`,
    })), { leftLabel: 'Instances' }),
    graph('App servers: CPU utilization', zones.map((zone) => app.metricCpuUtilization(zone, {
      period: MINUTE, label: `Zone ${zone + 1} average`,
    })), { leftLabel: 'Percent', max: 100 }),
    graph('App servers: 5xx responses', zones.flatMap((zone) => [
      app.metricTarget5xxCount(zone, { statistic: cloudwatch.Stats.SUM, period: MINUTE, label: `Zone ${zone + 1} app servers` }),
      app.metricElb5xxCount(zone, { statistic: cloudwatch.Stats.SUM, period: MINUTE, label: `Zone ${zone + 1} load balancer` }),
    ]), { leftLabel: 'Responses / minute' }),
  ];
}

function workersRow(workers: WorkerTier): cloudwatch.IWidget[] {
  const zones = zonesOf(workers.autoScalingGroups.length);
  return [
    graph('Workers: in service', zones.map((zone) => workers.metricInServiceInstances(zone, {
      period: MINUTE, label: `Zone ${zone + 1} in service (min)`,
    })), { width: HALF, leftLabel: 'Instances' }),
    graph('Workers: CPU utilization', zones.map((zone) => workers.metricCpuUtilization(zone, {
      period: MINUTE, label: `Zone ${zone + 1} average`,
    })), { width: HALF, leftLabel: 'Percent', max: 100 }),
  ];
}

function databaseRow(database: DatabaseTier): cloudwatch.IWidget[] {
  const writer = database.cluster ? 'Writer' : 'Primary';
  const maxConnections = isToken(database.maxConnections)
    ? []
    : [{ value: database.maxConnections, label: `max_connections (${database.maxConnections})` }];
  return [
    graph('Database: CPU utilization', [
      database.metricCpuUtilization({ period: MINUTE, label: `${writer} CPU` }),
    ], { leftLabel: 'Percent', max: 100 }),
    graph('Database: connections', [
      database.metricDatabaseConnections({ period: MINUTE, label: `${writer} connections (max)` }),
    ], { leftLabel: 'Connections', annotations: maxConnections }),
    graph('Database: free storage', [
      database.metricFreeStorageSpace({ period: MINUTE, label: database.cluster ? 'Writer free local storage' : 'Primary free storage' }),
    ], { leftLabel: 'Bytes' }),
    graph('Database: freeable memory', [
      database.metricFreeableMemory({ period: MINUTE, label: `${writer} freeable memory` }),
    ], { leftLabel: 'Bytes' }),
  ];
}

function cacheRow(cache: CacheTier): cloudwatch.IWidget[] {
  const all = nodes(cache);
  return [
    graph('Cache: engine CPU utilization', all.map((node) => cache.metricEngineCpuUtilization(node, {
      period: MINUTE, label: `Node ${node + 1}`,
    })), { leftLabel: 'Percent', max: 100 }),
    graph('Cache: memory used (% of maxmemory)', all.map((node) => cache.metricMemoryUsage(node, {
      period: MINUTE, label: `Node ${node + 1}`,
    })), { leftLabel: 'Percent', max: 100 }),
    graph('Cache: evictions', all.map((node) => cache.metricEvictions(node, {
      period: MINUTE, label: `Node ${node + 1}`,
    })), { leftLabel: 'Keys / minute' }),
    graph('Cache: replication lag', all.map((node) => cache.metricReplicationLag(node, {
      period: MINUTE, label: `Node ${node + 1} (as a replica)`,
    })), { leftLabel: 'Seconds' }),
  ];
}

function searchRow(search: SearchTier): cloudwatch.IWidget[] {
  return [
    graph('Search: cluster status', [
      search.metricClusterStatusRed({ period: MINUTE, label: 'Red (primary shard unassigned)' }),
      search.metricClusterStatusYellow({ period: MINUTE, label: 'Yellow (replica shard unassigned)' }),
      search.metricMasterReachable({ period: MINUTE, label: 'Master reachable' }),
    ], { max: 1 }),
    graph('Search: free storage (least free node)', [
      search.metricFreeStorageSpace({ period: MINUTE, label: 'Free storage (MiB)' }),
    ], { leftLabel: 'MiB' }),
    graph('Search: JVM memory pressure', [
      search.metricJvmMemoryPressure({ period: MINUTE, label: 'Data nodes (max)' }),
    ], { leftLabel: 'Percent', max: 100 }),
    graph('Search: CPU utilization', [
      search.metricCpuUtilization({ period: MINUTE, label: 'Data nodes (max)' }),
    ], { leftLabel: 'Percent', max: 100 }),
  ];
}

function messagingRow(messaging: MessagingTier): cloudwatch.IWidget[] {
  // Per node: RabbitMQ blocks every publisher when one node reaches its memory or disk limit, and the broker-level
  // metrics of a cluster add the three nodes up. A graph takes one Metrics Insights query: the limits, the same on
  // every node, are lines drawn at Amazon MQ's published values.
  const limits = brokerNodeLimits(messaging);
  const limitLine = (bytes: number | undefined, label: string): cloudwatch.HorizontalAnnotation[] | undefined =>
    bytes === undefined ? undefined : [{ value: bytes, label: `${label} (${showGiB(bytes)} per node): publishers block` }];
  return [
    graph('Broker: CPU by node', [brokerNodesSeries(messaging, 'SystemCpuUtilization', MINUTE)], { leftLabel: 'Percent', max: 100 }),
    graph('Broker: memory used by node', [brokerNodesSeries(messaging, 'RabbitMQMemUsed', MINUTE)], {
      leftLabel: 'Bytes', annotations: limitLine(limits?.memoryLimitBytes, 'Memory limit'),
    }),
    graph('Broker: free disk by node', [brokerNodesSeries(messaging, 'RabbitMQDiskFree', MINUTE)], {
      leftLabel: 'Bytes', annotations: limitLine(limits?.diskFreeLimitBytes, 'Free disk limit'),
    }),
    graph('Broker: consumers and connections', [
      messaging.metricConsumerCount({ period: MINUTE, label: 'Consumers' }),
      messaging.metricConnectionCount({ period: MINUTE, label: 'Connections' }),
      messaging.metricMessageReadyCount({ period: MINUTE, label: 'Ready messages' }),
    ]),
  ];
}

function storageRow(storage: StorageTier): cloudwatch.IWidget[] {
  return [
    graph('Storage: bucket size (Standard)', [storage.metricBucketSizeBytes({ label: 'Bytes' })], { width: HALF, leftLabel: 'Bytes' }),
    graph('Storage: objects', [storage.metricNumberOfObjects({ label: 'Objects (all versions)' })], { width: HALF, leftLabel: 'Objects' }),
  ];
}

/** Validates the options; the prop path is the platform's `observability` option. */
function validatePlatformDashboardOptions(options: PlatformDashboardOptions): void {
  const name = options.dashboardName;
  if (name !== undefined && !isToken(name) && !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    fail('observability.dashboardName', 'be 1 to 255 letters, digits, hyphens or underscores', name);
  }
}
