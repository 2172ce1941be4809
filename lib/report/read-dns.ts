/** The DNS side of the model: Route 53 health checks and the records of the platform's name. */
import { DnsRecordModel, HealthCheckModel } from './model';
import { ReadContext } from './read-context';
import { bool, isObject, list, num, propsOf, refOf, refsIn, str } from './template-values';

/** Alias records to Elastic Load Balancing carry the load balancer's fixed 60 s TTL (Route 53 FAQ, "DNS failover"). */
export const ELB_ALIAS_TTL_SECONDS = 60;

/** Route 53 health check defaults (CloudFormation `HealthCheckConfig`). */
export const HEALTH_CHECK_DEFAULTS = { intervalSeconds: 30, failureThreshold: 3 };

/** Reads Route 53 health checks and the A, AAAA and CNAME records (of record sets and record set groups). */
export function readDns(ctx: ReadContext): { healthChecks: HealthCheckModel[]; dnsRecords: DnsRecordModel[]; detectorWindowSeconds: number[] } {
  const healthChecks: HealthCheckModel[] = ctx.ofType('AWS::Route53::HealthCheck').map(([id, check]) => {
    const config = isObject(propsOf(check).HealthCheckConfig) ? propsOf(check).HealthCheckConfig : {};
    const lb = refsIn(config.FullyQualifiedDomainName).find((ref) => ctx.resources[ref]?.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const alarmId = isObject(config.AlarmIdentifier) ? refOf(config.AlarmIdentifier.Name) : undefined;
    const alarm = alarmId ? propsOf(ctx.resources[alarmId] ?? {}) : undefined;
    return {
      logicalId: id,
      type: str(config.Type),
      intervalSeconds: num(config.RequestInterval) ?? HEALTH_CHECK_DEFAULTS.intervalSeconds,
      failureThreshold: num(config.FailureThreshold) ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
      measureLatency: bool(config.MeasureLatency) ?? false,
      targetLoadBalancerId: lb,
      childIds: list(config.ChildHealthChecks).map(refOf).filter((ref): ref is string => ref !== undefined),
      alarmId,
      alarmWindowSeconds: alarm && num(alarm.Period) !== undefined ? num(alarm.Period)! * (num(alarm.EvaluationPeriods) ?? 1) : undefined,
    };
  });

  const recordSets: Array<[string, Record<string, any>]> = [
    ...ctx.ofType('AWS::Route53::RecordSet').map(([id, record]): [string, Record<string, any>] => [id, propsOf(record)]),
    ...ctx.ofType('AWS::Route53::RecordSetGroup').flatMap(([id, group]) =>
      list(propsOf(group).RecordSets).filter(isObject).map((record, i): [string, Record<string, any>] => [`${id}[${i}]`, record])),
  ];
  const dnsRecords: DnsRecordModel[] = recordSets
    .filter(([, p]) => ['A', 'AAAA', 'CNAME'].includes(str(p.Type) ?? ''))
    .map(([id, p]) => {
      const alias = isObject(p.AliasTarget) ? p.AliasTarget : undefined;
      const lb = alias ? refsIn(alias.DNSName).find((ref) => ctx.resources[ref]?.Type?.startsWith('AWS::ElasticLoadBalancing')) : undefined;
      const routing: DnsRecordModel['routing'] = p.Failover !== undefined ? 'failover'
        : p.Weight !== undefined ? 'weighted'
          : p.Region !== undefined ? 'latency'
            : p.GeoLocation !== undefined ? 'geolocation'
              : p.MultiValueAnswer !== undefined ? 'multivalue' : 'simple';
      const isElbAlias = alias !== undefined && (lb !== undefined || /elb\.amazonaws\.com/.test(JSON.stringify(alias.DNSName)));
      return {
        logicalId: id,
        name: str(p.Name),
        type: str(p.Type),
        routing,
        failover: str(p.Failover),
        weight: num(p.Weight),
        healthCheckId: refOf(p.HealthCheckId),
        evaluateTargetHealth: alias ? bool(alias.EvaluateTargetHealth) ?? false : false,
        aliasLoadBalancerId: lb,
        alias: alias !== undefined,
        ttlSeconds: alias ? (isElbAlias ? ELB_ALIAS_TTL_SECONDS : undefined) : num(p.TTL),
      };
    });
  return { healthChecks, dnsRecords, detectorWindowSeconds: detectorWindows(ctx) };
}

/**
 * How long the alarms that EventBridge rules on CloudWatch alarm state changes watch (the gray-failure detectors)
 * take to fire once their condition holds: DatapointsToAlarm periods (CloudWatch's default for it is
 * EvaluationPeriods). An M-of-N alarm fires on the M-th breaching period; the other N - M periods are slack.
 */
function detectorWindows(ctx: ReadContext): number[] {
  const resources = ctx.resources;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(propsOf(r).EventPattern ?? {}).includes('aws.cloudwatch'))
    .flatMap((r) => refsIn(propsOf(r).EventPattern))
    .map((id) => resources[id])
    .filter((alarm) => alarm?.Type === 'AWS::CloudWatch::Alarm')
    .map((alarm) => {
      const p = propsOf(alarm);
      const period = num(p.Period) ?? list(p.Metrics).map((m: any) => num(m?.MetricStat?.Period) ?? num(m?.Period))
        .find((value): value is number => value !== undefined) ?? 60;
      return period * (num(p.DatapointsToAlarm) ?? num(p.EvaluationPeriods) ?? 1);
    });
}

