// Helpers shared by the DNS tier's tests: find the health checks, records and alarms of each zone in a template.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MultiAzHaPlatform } from '../../lib';
import { logicalIdOf, Synthesized } from '../support/request-path';

/** The logical ID of zone `zone`'s load balancer (0 = zone 1). */
export function loadBalancerId(platform: MultiAzHaPlatform, zone: number): string {
  return logicalIdOf(platform.appTier.zoneLoadBalancers[zone].loadBalancer);
}

/** The logical ID of the HTTPS health check that targets zone `zone`'s load balancer, found by its target. */
export function healthCheckIdOfZone(s: Synthesized, zone: number): string {
  const found = s.template.findResources('AWS::Route53::HealthCheck', {
    Properties: {
      HealthCheckConfig: Match.objectLike({
        FullyQualifiedDomainName: { 'Fn::GetAtt': [loadBalancerId(s.platform, zone), 'DNSName'] },
      }),
    },
  });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The health checks of one type (HTTPS, CALCULATED, CLOUDWATCH_METRIC), by logical ID. */
export function healthChecksOfType(template: Template, type: string): Record<string, any> {
  return template.findResources('AWS::Route53::HealthCheck', {
    Properties: { HealthCheckConfig: Match.objectLike({ Type: type }) },
  });
}

/** Asserts every HTTPS health check of the template has these config properties (and that there are 2). */
export function expectEveryHttpsCheck(template: Template, config: Record<string, unknown>): void {
  const checks = Object.values(healthChecksOfType(template, 'HTTPS'));
  expect(checks).toHaveLength(2);
  for (const check of checks) {
    expect(check.Properties.HealthCheckConfig).toEqual(expect.objectContaining(config));
  }
}

/** The A record of the template that aliases zone `zone`'s load balancer. */
export function recordOfZone(s: Synthesized, zone: number): any {
  const found = Object.values(s.template.findResources('AWS::Route53::RecordSet', {
    Properties: {
      Type: 'A',
      AliasTarget: Match.objectLike({
        HostedZoneId: { 'Fn::GetAtt': [loadBalancerId(s.platform, zone), 'CanonicalHostedZoneID'] },
      }),
    },
  }));
  expect(found).toHaveLength(1);
  return (found[0] as any).Properties;
}

/** Memoizes one synthesis, so the tests of a describe share it. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export { errorOf } from '../support/errors';
