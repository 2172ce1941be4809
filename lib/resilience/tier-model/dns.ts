/** The DNS family of the tier model: Route 53 health checks, the records, the gray-failure detectors' windows. */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { DnsRouting, GlobalDns } from '../../dns/global-dns';
import { GrayFailureDetector } from '../../dns/gray-failure-detector';
import { ZoneEvacuation } from '../../dns/zone-evacuation';
import { DnsRecordModel, HealthCheckModel } from '../../report/model';
import { ELB_ALIAS_TTL_SECONDS, HEALTH_CHECK_DEFAULTS } from '../../report/read-dns';

/**
 * What a health check's config leaves to CloudFormation (`HealthCheckConfig` defaults, as the report reads them):
 * the switch and serving checks set neither interval nor threshold, which apply to endpoint checks only.
 */
const UNSET = { ...HEALTH_CHECK_DEFAULTS, measureLatency: false, childIds: [] };

/** The global DNS's health checks and records, and the windows of its detectors' alarms, as the report reads them. */
export function dnsOfTiers(ctx: TierContext, tiers: PlatformTiers):
{ healthChecks: HealthCheckModel[]; dnsRecords: DnsRecordModel[]; detectorWindowSeconds: number[] } {
  const dns = tiers.dns;
  return {
    healthChecks: healthChecksOf(ctx, dns),
    dnsRecords: recordsOf(ctx, dns),
    detectorWindowSeconds: dns.autoEvacuation ? detectorWindows(ctx, dns.autoEvacuation) : [],
  };
}

/** In the template's order: the zones' HTTPS checks, then the evacuation's switch checks and serving checks. */
function healthChecksOf(ctx: TierContext, dns: GlobalDns): HealthCheckModel[] {
  const evacuation = dns.evacuation;
  const endpoints = dns.healthChecks.map((check, zone): HealthCheckModel => ({
    logicalId: ctx.logicalIdOf(check),
    // GlobalDns checks each zone's load balancer over HTTPS, latency measured (its TimeToFirstByte metric).
    type: route53.HealthCheckType.HTTPS,
    intervalSeconds: ctx.num(dns.healthCheckInterval.toSeconds()) ?? HEALTH_CHECK_DEFAULTS.intervalSeconds,
    failureThreshold: ctx.num(dns.healthCheckFailureThreshold) ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
    measureLatency: true,
    targetLoadBalancerId: loadBalancerId(ctx, dns.zoneLoadBalancers[zone]),
    childIds: [],
  }));
  const switches = evacuation.switchHealthChecks.map((check, zone): HealthCheckModel => ({
    ...UNSET,
    logicalId: ctx.logicalIdOf(check),
    type: route53.HealthCheckType.CLOUDWATCH_METRIC,
    alarmId: ctx.logicalIdOf(evacuation.switchAlarms[zone]),
    alarmWindowSeconds: ZoneEvacuation.SWITCH_PERIOD.toSeconds() * ZoneEvacuation.SWITCH_EVALUATION_PERIODS,
  }));
  const serving = evacuation.servingHealthChecks.map((check, zone): HealthCheckModel => ({
    ...UNSET,
    logicalId: ctx.logicalIdOf(check),
    type: route53.HealthCheckType.CALCULATED,
    // Healthy while both children are: the zone's HTTPS check and its switch check.
    childIds: [dns.healthChecks[zone], evacuation.switchHealthChecks[zone]].map((child) => ctx.logicalIdOf(child)),
  }));
  return [...endpoints, ...switches, ...serving];
}

/** Each zone's alias A record to its load balancer, following the zone's serving check. */
function recordsOf(ctx: TierContext, dns: GlobalDns): DnsRecordModel[] {
  const failover = dns.routing === DnsRouting.FAILOVER;
  return dns.records.map((record, zone): DnsRecordModel => ({
    logicalId: ctx.logicalIdOf(record),
    name: ctx.str(dns.recordName),
    type: route53.RecordType.A,
    routing: failover ? 'failover' : 'weighted',
    // FAILOVER: zone 1 serves while healthy (DnsRouting.FAILOVER).
    failover: failover ? (zone === 0 ? route53.Failover.PRIMARY : route53.Failover.SECONDARY) : undefined,
    weight: failover ? undefined : GlobalDns.ZONE_WEIGHT,
    healthCheckId: ctx.logicalIdOf(dns.evacuation.servingHealthChecks[zone]),
    evaluateTargetHealth: true,
    aliasLoadBalancerId: loadBalancerId(ctx, dns.zoneLoadBalancers[zone]),
    alias: true,
    ttlSeconds: ELB_ALIAS_TTL_SECONDS,
  }));
}

/**
 * How long each zone's outlier alarm, which an EventBridge rule of the detector watches, takes to fire (zone 1
 * first): its DatapointsToAlarm minutes, as the report reads them. None when `minutes` is not known at synth.
 */
function detectorWindows(ctx: TierContext, detector: GrayFailureDetector): number[] {
  const minutes = ctx.num(detector.detectionTime.toMinutes());
  return minutes === undefined ? [] : detector.rules.map(() => minutes * 60);
}

/** The logical ID of a load balancer of the template; none for one imported. */
function loadBalancerId(ctx: TierContext, loadBalancer: elbv2.IApplicationLoadBalancer): string | undefined {
  return loadBalancer.node.defaultChild ? ctx.logicalIdOf(loadBalancer) : undefined;
}
