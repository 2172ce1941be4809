import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { FULL, header } from './dashboard-widgets';
import { ObservedTiers } from './observed-tiers';
import { appTierErrorRatePanel, appTierTrafficPanels, appTierWidgets } from './tiers/app-tier-monitoring';
import { cacheHitRatePanel, cacheWidgets } from './tiers/cache-monitoring';
import { databaseReplicationPanel, databaseWidgets } from './tiers/database-monitoring';
import { dnsWidgets } from './tiers/dns-monitoring';
import { messagingQueuePanel, messagingWidgets } from './tiers/messaging-monitoring';
import { searchWidgets } from './tiers/search-monitoring';
import { storageWidgets } from './tiers/storage-monitoring';
import { workerWidgets } from './tiers/worker-monitoring';
import { fail, isToken, validateProps } from '../private/validation';

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

/**
 * The platform's CloudWatch dashboard: first the key panels (request rate and latency by zone, database
 * replication lag, cache hit rate, queue depth and processing rate, error rate by service), then a row per tier.
 * Every graph is drawn from the tiers' `metricXxx()` methods (and metric math over them), the broker's per-node
 * panels included (`MessagingTier.metricByNode`, a CloudWatch Metrics Insights query over the broker's nodes). Each
 * tier's panels are built next to its alarms.
 *
 * Route 53 publishes health check metrics in us-east-1 only: the DNS row reads them from there.
 */
export class PlatformDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    validateProps(this, () => validatePlatformDashboardOptions(props));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });

    this.dashboard.addWidgets(header('# MultiAzHaPlatform',
      'Key panels first (request rate and latency by zone, database replication lag, cache hit rate, queue ' +
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
    this.dashboard.addWidgets(...keyPanels(props));
    // One section per tier that is there: heading, what it shows, its widgets.
    const sections: Array<[string, string, cloudwatch.IWidget[] | undefined]> = [
      ['## DNS', 'Route 53 health checks of each zone\'s load balancer (1 = healthy).', dnsWidgets(props.dns)],
      ['## App servers', 'Each zone\'s load balancer, target group and Auto Scaling group.', appTierWidgets(props.appTier)],
      ['## Workers', 'Each zone\'s Auto Scaling group of background workers.', props.workers && workerWidgets(props.workers)],
      ['## Database', 'PostgreSQL: the primary (or Aurora writer) and its replica.', props.database && databaseWidgets(props.database)],
      ['## Cache', 'Each node of the replication group (node 1 created as primary in zone 1).', props.cache && cacheWidgets(props.cache)],
      ['## Search', 'The OpenSearch Service domain.', props.search && searchWidgets(props.search)],
      ['## Messaging', 'The RabbitMQ broker (Amazon MQ).', props.messaging && messagingWidgets(props.messaging)],
      ['## Storage', 'The S3 bucket (daily storage metrics).', props.storage && storageWidgets(props.storage)],
    ];
    for (const [heading, description, widgets] of sections) {
      if (widgets) {
        this.dashboard.addWidgets(header(heading, description));
        this.dashboard.addWidgets(...widgets);
      }
    }
  }
}

/** The key panels, in this order, for the tiers that are there. */
function keyPanels(props: PlatformDashboardProps): cloudwatch.IWidget[] {
  return [
    ...appTierTrafficPanels(props.appTier),
    ...(props.database ? [databaseReplicationPanel(props.database)] : []),
    ...(props.cache ? [cacheHitRatePanel(props.cache)] : []),
    ...(props.messaging ? [messagingQueuePanel(props.messaging)] : []),
    appTierErrorRatePanel(props.appTier),
  ];
}

/** Validates the options; the prop path is the platform's `observability` option. */
function validatePlatformDashboardOptions(options: PlatformDashboardOptions): void {
  const name = options.dashboardName;
  if (name !== undefined && !isToken(name) && !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    fail('dashboardName', 'be 1 to 255 letters, digits, hyphens or underscores', name);
  }
}
