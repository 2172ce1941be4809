import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { errorOf, expectEveryHttpsCheck, healthCheckIdOfZone, healthChecksOfType, loadBalancerId, once, recordOfZone } from './dns-fixtures';
import { DnsOptions, DnsRouting, GlobalDns, MultiAzHaPlatform, PlatformErrors } from '../../lib';
import { buildPlatform, defaultPlatform, logicalIdOf, newStack, REQUEST_PATH_ONLY, synthPlatform, ZONE_NAME } from '../support/request-path';

const HOSTED_ZONE_ID = 'Z0000000000000EXAMPLE';
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** Platforms shared by the record name and certificate tests. */
const fullyQualifiedPlatform = once(() => synthPlatform({ dns: { recordName: 'api.example.com' } }));
const apexPlatform = once(() => synthPlatform({ dns: { recordName: undefined } }));

describe('health checks', () => {
  // One platform with all three health check props overridden; each override test asserts one of them.
  const tuned = once(() => synthPlatform({
    dns: { healthCheckPath: '/ready', healthCheckInterval: Duration.seconds(30), healthCheckFailureThreshold: 5 },
  }));

  test('one HTTPS health check per zone, on port 443 of that zone\'s load balancer, measuring latency', () => {
    const s = defaultPlatform();
    expect(Object.keys(healthChecksOfType(s.template, 'HTTPS'))).toHaveLength(2);
    [0, 1].forEach((zone) => {
      s.template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({
          Type: 'HTTPS',
          FullyQualifiedDomainName: { 'Fn::GetAtt': [loadBalancerId(s.platform, zone), 'DNSName'] },
          Port: 443,
          MeasureLatency: true,
        }),
      });
    });
    expect(s.platform.dns.healthChecks.map((hc) => logicalIdOf(hc))).toEqual([healthCheckIdOfZone(s, 0), healthCheckIdOfZone(s, 1)]);
  });

  test('no SNI: each check names its zone\'s load balancer, which no certificate of the listener covers', () => {
    // The check targets the load balancer's own DNS name (one zone), not the platform's record name. Sent as SNI,
    // that name matches no certificate of the HTTPS listener (the platform's name only), which Route 53 requires of
    // SNI (it then retries without the name). Without SNI the listener presents its default certificate.
    const s = defaultPlatform();
    expectEveryHttpsCheck(s.template, { EnableSNI: false });
    for (const check of Object.values(healthChecksOfType(s.template, 'HTTPS'))) {
      expect(check.Properties.HealthCheckConfig.IPAddress).toBeUndefined();
    }
    [0, 1].forEach((zone) => {
      const check = s.template.toJSON().Resources[healthCheckIdOfZone(s, zone)].Properties.HealthCheckConfig;
      expect(check.FullyQualifiedDomainName).toEqual({ 'Fn::GetAtt': [loadBalancerId(s.platform, zone), 'DNSName'] });
    });
    const listeners = Object.values(s.template.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Protocol: 'HTTPS' } }));
    expect(listeners).toHaveLength(2);
    for (const listener of listeners as any[]) {
      expect(listener.Properties.Certificates).toEqual([{ CertificateArn: { Ref: logicalIdOf(s.platform.appTier.certificate) } }]);
    }
    s.template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerCertificate', 0);
    s.template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.example.com', SubjectAlternativeNames: Match.absent() });
  });

  test('the health checks request /health by default', () => {
    expectEveryHttpsCheck(defaultPlatform().template, { ResourcePath: '/health' });
  });

  test('dns.healthCheckPath sets the path the health checks request', () => {
    expectEveryHttpsCheck(tuned().template, { ResourcePath: '/ready' });
  });

  test('the health checks run every 10 seconds (fast) by default', () => {
    expectEveryHttpsCheck(defaultPlatform().template, { RequestInterval: 10 });
  });

  test('dns.healthCheckInterval sets the request interval', () => {
    expectEveryHttpsCheck(tuned().template, { RequestInterval: 30 });
  });

  test('a zone is unhealthy after 3 failed checks by default', () => {
    expectEveryHttpsCheck(defaultPlatform().template, { FailureThreshold: 3 });
  });

  test('dns.healthCheckFailureThreshold sets the failed checks before a zone is unhealthy', () => {
    const { template } = tuned();
    expectEveryHttpsCheck(template, { FailureThreshold: 5, Type: 'HTTPS', Port: 443, MeasureLatency: true });
  });

  test.each([
    { value: 0, message: /^`dns\.healthCheckFailureThreshold` must be at least 1, got 0$/ },
    { value: 11, message: /^`dns\.healthCheckFailureThreshold` must be at most 10, got 11$/ },
    { value: 2.5, message: /^`dns\.healthCheckFailureThreshold` must be a whole number, got 2\.5$/ },
  ])('fails when dns.healthCheckFailureThreshold is $value', ({ value, message }) => {
    expect(() => buildPlatform({ dns: { healthCheckFailureThreshold: value } })).toThrow(message);
  });

  test.each([
    { value: Duration.seconds(15), shown: '15 seconds' },
    { value: Duration.seconds(60), shown: '1 minute' },
    { value: Duration.seconds(5), shown: '5 seconds' },
  ])('fails when dns.healthCheckInterval is $shown', ({ value, shown }) => {
    expect(() => buildPlatform({ dns: { healthCheckInterval: value } })).toThrow(new RegExp(
      `^\`dns\\.healthCheckInterval\` must be 10 seconds \\(fast\\) or 30 seconds \\(standard\\), the intervals Route 53 offers, got ${shown}$`));
  });

  test.each([
    { value: 'health', message: /^`dns\.healthCheckPath` must be an HTTP path that starts with "\/" .*, got 'health'$/ },
    { value: '/a b', message: /^`dns\.healthCheckPath` must be an HTTP path that starts with "\/" \(no spaces, .*\), got '\/a b'$/ },
    { value: '', message: /^`dns\.healthCheckPath` must be an HTTP path that starts with "\/" .*, got ''$/ },
  ])('fails when dns.healthCheckPath is \'$value\'', ({ value, message }) => {
    expect(() => buildPlatform({ dns: { healthCheckPath: value } })).toThrow(message);
  });

  test('a health check error is a platform configuration error naming the prop', () => {
    const err = errorOf(() => buildPlatform({ dns: { healthCheckFailureThreshold: 0 } }));
    expect(PlatformErrors.isConfigurationError(err)).toBe(true);
    expect(PlatformErrors.propPathOf(err)).toBe('dns.healthCheckFailureThreshold');
  });
});

describe('routing (dns.routing)', () => {
  const activeActive = once(() => synthPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } }));

  test('FAILOVER by default: zone 1 is PRIMARY and zone 2 SECONDARY, each following its own zone\'s serving health check', () => {
    const s = defaultPlatform();
    expect(s.platform.dns.routing).toBe(DnsRouting.FAILOVER);
    s.template.resourceCountIs('AWS::Route53::RecordSet', 2);
    [['PRIMARY', 'zone-1'], ['SECONDARY', 'zone-2']].forEach(([failover, setIdentifier], zone) => {
      const record = recordOfZone(s, zone);
      expect(record).toEqual(expect.objectContaining({
        Type: 'A',
        HostedZoneId: HOSTED_ZONE_ID,
        Failover: failover,
        SetIdentifier: setIdentifier,
        HealthCheckId: { Ref: logicalIdOf(s.platform.dns.evacuation.servingHealthChecks[zone]) },
      }));
      expect(record.Weight).toBeUndefined();
      expect(record.AliasTarget).toEqual({
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [loadBalancerId(s.platform, zone), 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [loadBalancerId(s.platform, zone), 'CanonicalHostedZoneID'] },
        EvaluateTargetHealth: true,
      });
    });
  });

  test('ACTIVE_ACTIVE: both zones weighted 50, each following its own zone\'s serving health check, no failover', () => {
    const s = activeActive();
    expect(s.platform.dns.routing).toBe(DnsRouting.ACTIVE_ACTIVE);
    s.template.resourceCountIs('AWS::Route53::RecordSet', 2);
    expect(Object.keys(healthChecksOfType(s.template, 'HTTPS'))).toHaveLength(2);
    [0, 1].forEach((zone) => {
      const record = recordOfZone(s, zone);
      expect(record).toEqual(expect.objectContaining({
        Type: 'A',
        Name: 'app.example.com.',
        Weight: 50,
        SetIdentifier: `zone-${zone + 1}`,
        HealthCheckId: { Ref: logicalIdOf(s.platform.dns.evacuation.servingHealthChecks[zone]) },
        AliasTarget: expect.objectContaining({ EvaluateTargetHealth: true }),
      }));
      expect(record.Failover).toBeUndefined();
    });
    s.template.allResourcesProperties('AWS::Route53::RecordSet', { Failover: Match.absent(), Weight: 50 });
  });
});

describe('record name (dns.recordName)', () => {
  test('a relative name is placed in the hosted zone', () => {
    const s = defaultPlatform();
    expect(s.platform.dns.domainName).toBe('app.example.com');
    s.template.allResourcesProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', HostedZoneId: HOSTED_ZONE_ID });
  });

  test('a fully qualified name inside the zone is kept', () => {
    const s = fullyQualifiedPlatform();
    expect(s.platform.dns.domainName).toBe('api.example.com');
    s.template.resourceCountIs('AWS::Route53::RecordSet', 2);
    s.template.allResourcesProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.' });
  });

  test('the zone apex when omitted', () => {
    const s = apexPlatform();
    expect(s.platform.dns.domainName).toBe(ZONE_NAME);
    s.template.resourceCountIs('AWS::Route53::RecordSet', 2);
    s.template.allResourcesProperties('AWS::Route53::RecordSet', { Name: 'example.com.' });
  });

  test.each([
    { recordName: 'app', domainName: 'app.example.com' },
    { recordName: 'a.b', domainName: 'a.b.example.com' },
    { recordName: 'api.example.com', domainName: 'api.example.com' },
    { recordName: 'api.example.com.', domainName: 'api.example.com' },
    { recordName: 'example.com.', domainName: 'example.com' },
    { recordName: undefined, domainName: 'example.com' },
  ])('GlobalDns.domainNameOf: $recordName -> $domainName', ({ recordName, domainName }) => {
    const { hostedZone } = newStack();
    expect(GlobalDns.domainNameOf({ hostedZone, recordName })).toBe(domainName);
  });

  test.each([
    { desc: 'an upper-case fully qualified record name', zoneName: 'example.com', recordName: 'API.EXAMPLE.COM' },
    { desc: 'a mixed-case hosted zone name', zoneName: 'Example.COM', recordName: 'api.example.com' },
  ])('GlobalDns.domainNameOf keeps $desc fully qualified (DNS names are case-insensitive)', ({ zoneName, recordName }) => {
    const { stack } = newStack();
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'MixedCaseZone', { hostedZoneId: HOSTED_ZONE_ID, zoneName });
    expect(GlobalDns.domainNameOf({ hostedZone, recordName }).toLowerCase()).toBe('api.example.com');
  });

  test.each([
    { value: 'app.other.com', message: /^`dns\.recordName` must be inside the hosted zone's domain example\.com, got 'app\.other\.com'$/ },
    { value: 'www.example.org.', message: /^`dns\.recordName` must be inside the hosted zone's domain example\.com, got 'www\.example\.org\.'$/ },
    { value: 'bad name!', message: /^`dns\.recordName` must be a DNS name \(letters, digits, hyphens and dots; labels up to 63 characters\), got 'bad name!'$/ },
    { value: `${'a'.repeat(64)}`, message: /^`dns\.recordName` must be a DNS name .*, got 'a{64}'$/ },
  ])('fails when dns.recordName is \'$value\'', ({ value, message }) => {
    expect(() => buildPlatform({ dns: { recordName: value } })).toThrow(message);
  });

  test('a record name error is a platform configuration error naming the prop', () => {
    const err = errorOf(() => buildPlatform({ dns: { recordName: 'app.other.com' } }));
    expect(PlatformErrors.isConfigurationError(err)).toBe(true);
    expect(PlatformErrors.propPathOf(err)).toBe('dns.recordName');
  });
});

describe('certificate (dns.certificate)', () => {
  const withCertificate = once(() => {
    const { stack, hostedZone } = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
    const dns: DnsOptions = { hostedZone, recordName: 'app', certificate };
    const platform = new MultiAzHaPlatform(stack, 'Platform', { dns });
    return { app: stack.node.root as App, stack, platform, template: Template.fromStack(stack) };
  });

  test('a DNS-validated certificate for the record name by default, used by both HTTPS listeners', () => {
    const { platform, template } = defaultPlatform();
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'app.example.com', HostedZoneId: HOSTED_ZONE_ID }],
    });
    const certificateRef = { Ref: logicalIdOf(platform.appTier.certificate) };
    const httpsListeners = template.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Protocol: 'HTTPS' } });
    expect(Object.values(httpsListeners).map((r: any) => r.Properties.Certificates)).toEqual([
      [{ CertificateArn: certificateRef }], [{ CertificateArn: certificateRef }],
    ]);
  });

  test.each([
    { desc: 'a fully qualified record name', platform: fullyQualifiedPlatform, domainName: 'api.example.com' },
    { desc: 'the zone apex', platform: apexPlatform, domainName: 'example.com' },
  ])('the certificate follows the record name: $desc', ({ platform, domainName }) => {
    const { template } = platform();
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: domainName,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: domainName, HostedZoneId: HOSTED_ZONE_ID }],
    });
  });

  test.each([
    { desc: 'another region than the stack\'s', arn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555', fails: true },
    { desc: 'the stack\'s region', arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555', fails: false },
  ])('a certificate of $desc: fails at synth when it cannot serve the load balancers', ({ arn, fails }) => {
    const build = () => {
      const { stack, hostedZone } = newStack();
      const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', arn);
      return new MultiAzHaPlatform(stack, 'Platform', { ...REQUEST_PATH_ONLY, dns: { hostedZone, recordName: 'app', certificate } });
    };
    if (!fails) {
      expect(build).not.toThrow();
      return;
    }
    let caught: any;
    try {
      build();
    } catch (error) {
      caught = error;
    }
    expect(PlatformErrors.propPathOf(caught)).toBe('dns.certificate');
    expect(caught.message).toBe('`dns.certificate` must be an ACM certificate of the stack\'s region (eu-west-1): a load ' +
      `balancer's listener takes only certificates of its own region, got '${arn}'`);
  });

  test('no certificate is created when dns.certificate is given; the listeners use it', () => {
    const { template } = withCertificate();
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    const httpsListeners = template.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Protocol: 'HTTPS' } });
    expect(Object.values(httpsListeners).map((r: any) => r.Properties.Certificates)).toEqual([
      [{ CertificateArn: CERTIFICATE_ARN }], [{ CertificateArn: CERTIFICATE_ARN }],
    ]);
  });
});

describe('metrics', () => {
  test.each([
    { method: 'metricHealthCheckStatus', metricName: 'HealthCheckStatus', statistic: 'Minimum', zone: 0 },
    { method: 'metricHealthCheckStatus', metricName: 'HealthCheckStatus', statistic: 'Minimum', zone: 1 },
    { method: 'metricTimeToFirstByte', metricName: 'TimeToFirstByte', statistic: 'Average', zone: 0 },
    { method: 'metricTimeToFirstByte', metricName: 'TimeToFirstByte', statistic: 'Average', zone: 1 },
  ] as const)('$method($zone) is the Route 53 $metricName of zone $zone\'s health check, in us-east-1', ({ method, metricName, statistic, zone }) => {
    const s = defaultPlatform();
    const metric = s.platform.dns[method](zone);
    expect(metric.namespace).toBe('AWS/Route53');
    expect(metric.metricName).toBe(metricName);
    expect(metric.region).toBe('us-east-1');
    expect(metric.statistic).toBe(statistic);
    expect(metric.period.toSeconds()).toBe(60);
    expect(Object.keys(metric.dimensions ?? {})).toEqual(['HealthCheckId']);
    expect(s.stack.resolve(metric.dimensions!.HealthCheckId)).toEqual({ Ref: healthCheckIdOfZone(s, zone) });
  });

  test('metric options override the defaults', () => {
    const metric = defaultPlatform().platform.dns.metricTimeToFirstByte(1, { statistic: 'p90', period: Duration.minutes(5) });
    expect(metric.statistic).toBe('p90');
    expect(metric.period.toMinutes()).toBe(5);
    expect(metric.region).toBe('us-east-1');
  });

  test.each([
    ['metricHealthCheckStatus', 2],
    ['metricTimeToFirstByte', 2],
    ['metricHealthCheckStatus', -1],
  ] as const)('fails when %s is given zone index %d', (method, zone) => {
    const dns = defaultPlatform().platform.dns;
    const err = errorOf(() => dns[method](zone));
    expect(err.message).toMatch(new RegExp(`^\`zoneIndex\` must be 0 \\(zone 1\\) or 1 \\(zone 2\\), got ${zone}$`));
    expect(PlatformErrors.isConfigurationError(err)).toBe(true);
  });
});
