import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AppTier, ErrorRateSource } from '../../app-tier/app-tier';
import {
  AlarmFactory, ERROR_RATE, INVESTIGATE, NOTIFY, PAGE, Severity, showDuration, SUSTAINED, ZONE_DOWN,
} from '../alarm-spec';
import { AlertThresholds, RuleThresholds } from '../alert-thresholds';
import { graph, indexes, MINUTE, THIRD } from '../dashboard-widgets';
import { JOB_APP, PrometheusRule, ruleNumber } from '../prometheus-rule';
import { belowMinimumAlarm, fleetGraphs } from './fleet-monitoring';

// The app tier's alarms and dashboard panels: each zone's load balancer, target group and app servers.

/** Zone Down, High Error Rate, CPU and p99 latency, and the app servers in service, for each zone. */
export function appTierAlarms(alarms: AlarmFactory, app: AppTier, thresholds: AlertThresholds): void {
  const { errorRatePercent: errorRate, cpuPercent: cpu, p99Latency: p99 } = thresholds;
  app.zoneLoadBalancers.forEach((_lb, zone) => {
    const z = zone + 1;
    alarms.addAlarm(`Zone${z}Down`, {
      metric: app.metricHealthyHostCount(zone, { statistic: cloudwatch.Stats.MINIMUM, period: ZONE_DOWN.period }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      window: ZONE_DOWN,
      // No HealthyHostCount at all means the load balancer or every target is gone: as down as zero.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      severity: Severity.CRITICAL,
      implements: 'Zone Down (all health checks fail)',
      condition: `Zone ${z} has no healthy app server behind its load balancer for 2 minutes; Route 53 takes the ` +
        'zone out of DNS. Missing data counts as down: the load balancer or its targets are gone.',
      action: `${PAGE}: DNS already sends the zone's traffic to the other zone; find why its app servers fail their ` +
        'health checks (target group health, Auto Scaling activity, AWS Health Dashboard)',
    });

    alarms.addAlarm(`Zone${z}HighErrorRate`, {
      metric: app.metricErrorRate(zone, {
        source: ErrorRateSource.ALL,
        period: ERROR_RATE.period,
        label: `Zone ${z} 5xx responses (% of requests)`,
        metricIds: { target: 'target5xx', elb: 'elb5xx', requests: 'requests' },
      }),
      threshold: errorRate,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: ERROR_RATE,
      // No requests, no rate: an idle zone is not failing (Zone Down covers a zone that cannot serve).
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      severity: Severity.WARNING,
      implements: 'High Error Rate (5xx responses)',
      condition: `More than ${errorRate} % of zone ${z}'s requests got a 5xx response (from the app servers or the ` +
        'load balancer itself) in 3 of the last 5 minutes. Minutes without requests do not count.',
      action: `${INVESTIGATE}: the app servers' logs and traces (which requests fail), and the data stores behind them`,
    });

    alarms.addAlarm(`Zone${z}AppServersHighCpu`, {
      metric: app.metricCpuUtilization(zone, { statistic: cloudwatch.Stats.AVERAGE, period: SUSTAINED.period }),
      threshold: cpu,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      // No CPU datapoint means no running app server: Zone Down and the in-service alarm report that.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      severity: Severity.WARNING,
      implements: 'CPU utilization (scaling has not caught up)',
      condition: `Zone ${z}'s app servers averaged more than ${cpu} % CPU for 15 minutes although target tracking ` +
        'adds servers within minutes: the group is at its maximum or cannot launch.',
      action: `${NOTIFY}: add app servers (raise appTier.maxInstancesPerZone, or check the group's scaling activity)`,
    });

    alarms.addAlarm(`Zone${z}HighP99Latency`, {
      metric: app.metricTargetResponseTime(zone, { statistic: cloudwatch.Stats.p(99), period: SUSTAINED.period }),
      // TargetResponseTime is in seconds.
      threshold: p99.toMilliseconds() / 1000,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      // No requests, no response time: an idle zone is not slow.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      severity: Severity.WARNING,
      implements: 'Response time p99 (scaling has not caught up)',
      condition: `Zone ${z}'s p99 response time stayed above ${showDuration(p99)} for 15 minutes although the group ` +
        'scales out on it within minutes.',
      action: `${NOTIFY}: scale horizontally (check the group's maximum, and the data stores behind the app)`,
    });

    belowMinimumAlarm(alarms, `Zone${z}AppServersBelowMinimum`, 'app servers', z, app.minInstancesPerZone[zone],
      app.metricInServiceInstances(zone, { period: SUSTAINED.period }));
  });
}

/** Titles of the app tier's key panels, at the top of the dashboard. */
export const REQUEST_RATE_TITLE = 'Request rate by zone';
export const LATENCY_TITLE = 'Latency by zone (p50, p90, p99)';
export const ERROR_RATE_TITLE = 'Error rate by service';

/** Key panels: requests per minute, and p50/p90/p99 response time, by zone. */
export function appTierTrafficPanels(app: AppTier): cloudwatch.IWidget[] {
  const zones = indexes(app.zoneLoadBalancers.length);
  return [
    graph(REQUEST_RATE_TITLE, zones.map((zone) => app.metricRequestCount(zone, {
      statistic: cloudwatch.Stats.SUM, period: MINUTE, label: `Zone ${zone + 1} requests per minute`,
    })), { width: THIRD, leftLabel: 'Requests / minute' }),
    graph(LATENCY_TITLE, zones.flatMap((zone) => [50, 90, 99].map((percentile) => app.metricTargetResponseTime(zone, {
      statistic: cloudwatch.Stats.p(percentile), period: MINUTE, label: `Zone ${zone + 1} p${percentile}`,
    }))), { width: THIRD, leftLabel: 'Seconds' }),
  ];
}

/** Key panel: 5xx responses as a percentage of requests, by zone and source (app servers, load balancer). */
export function appTierErrorRatePanel(app: AppTier): cloudwatch.IWidget {
  const zones = indexes(app.zoneLoadBalancers.length);
  return graph(ERROR_RATE_TITLE, zones.flatMap((zone) => {
    const z = zone + 1;
    const metricIds = { requests: `requests${z}`, target: `target${z}`, elb: `elb${z}` };
    return [
      app.metricErrorRate(zone, { source: ErrorRateSource.APP_SERVERS, period: MINUTE, label: `Zone ${z} app servers (5xx %)`, metricIds }),
      app.metricErrorRate(zone, { source: ErrorRateSource.LOAD_BALANCER, period: MINUTE, label: `Zone ${z} load balancer (5xx %)`, metricIds }),
    ];
  }), { width: THIRD, leftLabel: 'Percent of requests' });
}

/** The app servers' row: healthy hosts, in service, CPU and 5xx counts, by zone. */
export function appTierWidgets(app: AppTier): cloudwatch.IWidget[] {
  const zones = indexes(app.zoneLoadBalancers.length);
  return [
    graph('App servers: healthy hosts', zones.map((zone) => app.metricHealthyHostCount(zone, {
      statistic: cloudwatch.Stats.MINIMUM, period: MINUTE, label: `Zone ${zone + 1} healthy (min)`,
    })), { leftLabel: 'Hosts' }),
    ...fleetGraphs(app, 'App servers'),
    graph('App servers: 5xx responses', zones.flatMap((zone) => [
      app.metricTarget5xxCount(zone, { statistic: cloudwatch.Stats.SUM, period: MINUTE, label: `Zone ${zone + 1} app servers` }),
      app.metricElb5xxCount(zone, { statistic: cloudwatch.Stats.SUM, period: MINUTE, label: `Zone ${zone + 1} load balancer` }),
    ]), { leftLabel: 'Responses / minute' }),
  ];
}

/** How long a zone counts as "seen" after its last app sample: ZoneDown stays firing that long. */
const ZONE_MEMORY = '6h';

/** Prometheus ZoneDown: no app server of a zone that reported in the last 6 hours is up. */
export function zoneDownRule(): PrometheusRule {
  return {
    alert: 'ZoneDown',
    expr: `count by (zone) (max_over_time(up{job="${JOB_APP}"}[${ZONE_MEMORY}])) `
      + `unless count by (zone) (up{job="${JOB_APP}"} == 1)`,
    for: '1m',
    labels: { severity: 'critical' },
    annotations: {
      summary: 'Zone {{ $labels.zone }} is down: none of its app servers is up',
      description: 'No app server of zone {{ $labels.zone }} has answered its scrape for 1 minute. '
        + 'Check the zone\'s load balancer target group and Auto Scaling group; DNS fails over to the other zone.',
    },
  };
}

/** Prometheus HighErrorRate: 5xx above the error rate threshold of a zone's responses, the alarms' threshold. */
export function highErrorRatePrometheusRule(thresholds: RuleThresholds): PrometheusRule {
  const percent = ruleNumber(thresholds.errorRatePercent);
  return {
    alert: 'HighErrorRate',
    expr: `sum by (zone) (rate(http_requests_total{job="${JOB_APP}",code=~"5.."}[5m])) `
      + `/ sum by (zone) (rate(http_requests_total{job="${JOB_APP}"}[5m])) * 100 > ${percent}`,
    for: '5m',
    labels: { severity: 'warning' },
    annotations: {
      summary: `More than ${percent} % of the responses in zone {{ $labels.zone }} are 5xx`,
      description: '{{ $value | printf "%.2f" }} % of the HTTP responses of zone {{ $labels.zone }} were 5xx '
        + 'over the last 5 minutes: investigate the app servers and their dependencies.',
    },
  };
}
