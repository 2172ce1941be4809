import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { GlobalDns } from '../../dns/global-dns';
import { graph, HALF, indexes } from '../dashboard-widgets';

// The DNS row of the dashboard. No alarm here: Route 53 publishes health check metrics in us-east-1 only and an
// alarm cannot watch another region, so Zone Down watches the zone's target group (app-tier-monitoring.ts).

/** The DNS row: each zone's Route 53 health check status and time to first byte. */
export function dnsWidgets(dns: GlobalDns): cloudwatch.IWidget[] {
  const zones = indexes(dns.healthChecks.length);
  return [
    graph('Route 53 health check status', zones.map((zone) => dns.metricHealthCheckStatus(zone, {
      label: `Zone ${zone + 1} (1 = healthy)`,
    })), { width: HALF, max: 1 }),
    graph('Route 53 time to first byte', zones.map((zone) => dns.metricTimeToFirstByte(zone, {
      label: `Zone ${zone + 1} (ms)`,
    })), { width: HALF, leftLabel: 'Milliseconds' }),
  ];
}
