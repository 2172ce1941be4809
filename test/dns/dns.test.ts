import { App, CfnParameter, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { errorOf, expectEveryHttpsCheck, healthCheckIdOfZone, healthChecksOfType, loadBalancerId, once, recordOfZone } from './dns-fixtures';
import {
  AutoEvacuationOptions, DnsOptions, DnsRouting, GlobalDns, GlobalDnsProps, GrayFailureDetector, MultiAzHaPlatform,
  PlatformErrors, ZoneEvacuation, ZoneTrafficMetrics,
} from '../../lib';
import { buildReport } from '../../lib/report/report';
import { acknowledgementRows } from '../support/acknowledgements';
import { badWholeNumbers } from '../support/errors';
import { newTestApp } from '../support/fixtures';
import {
  agnosticPlatform, buildPlatform, defaultPlatform, logicalIdOf, newStack, REQUEST_PATH_ONLY, Synthesized, synthPlatform,
  TEST_ENV, ZONE_NAME,
} from '../support/request-path';
import { synthAndCollectFindings } from '../support/validation-report';

const HOSTED_ZONE_ID = 'Z0000000000000EXAMPLE';
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** Platforms shared by the record name and certificate tests. */
const fullyQualifiedPlatform = once(() => synthPlatform({ dns: { recordName: 'api.example.com' } }));
const apexPlatform = once(() => synthPlatform({ dns: { recordName: undefined } }));
/** The platform with ACTIVE_ACTIVE routing, shared by the routing and the evacuation tests. */
const activeActive = once(() => synthPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } }));

// Evacuating a zone: the switches, the serving health checks over them, and the commands.
const ZONES = [0, 1];
/** [zone number, zone index] for test names. */
const NAMED_ZONES = [[1, 0], [2, 1]];
const named = once(() => synthPlatform({ dns: { platformName: 'shop-prod' } }));

function servingCheckIdOfZone(s: Synthesized, zone: number): string {
  return logicalIdOf(s.platform.dns.evacuation.servingHealthChecks[zone]);
}

function switchCheckIdOfZone(s: Synthesized, zone: number): string {
  return logicalIdOf(s.platform.dns.evacuation.switchHealthChecks[zone]);
}

function switchAlarmOfZone(s: Synthesized, zone: number): any {
  return s.template.toJSON().Resources[logicalIdOf(s.platform.dns.evacuation.switchAlarms[zone])].Properties;
}

// Automatic evacuation: the gray-failure detector that flips the switches.
/**
 * What the platform passes: each zone's requests, 5xx rate (the app servers' and the load balancer's 5xx, without
 * FILL, under ids of the zone's own) and response time.
 */
function trafficMetricsOf(platform: MultiAzHaPlatform): ZoneTrafficMetrics[] {
  const app = platform.appTier;
  return [1, 2].map((z) => ({
    requestCount: app.metricRequestCount(z - 1),
    errorRate: app.metricErrorRate(z - 1, { fillMissingErrorCounts: false, metricIds: { target: `e${z}a`, elb: `e${z}b`, requests: `q${z}` } }),
    targetResponseTime: app.metricTargetResponseTime(z - 1),
  }));
}

/**
 * A second GlobalDns (record `auto`) over the request path's load balancers, with the gray-failure detector: the
 * DNS tier as the platform builds it once the platform passes the zones' traffic metrics.
 */
function buildAutoDns(autoEvacuation: AutoEvacuationOptions | undefined = { enabled: true }, overrides: Partial<GlobalDnsProps> = {}) {
  const { stack, platform } = buildPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } });
  const hostedZone = stack.node.findChild('HostedZone') as route53.IHostedZone;
  const dns = new GlobalDns(stack, 'AutoDns', {
    hostedZone,
    recordName: 'auto',
    routing: DnsRouting.ACTIVE_ACTIVE,
    autoEvacuation,
    zoneLoadBalancers: platform.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
    zoneTrafficMetrics: trafficMetricsOf(platform),
    ...overrides,
  });
  return { stack, platform, dns };
}

function synthAutoDns(autoEvacuation?: AutoEvacuationOptions, overrides?: Partial<GlobalDnsProps>) {
  const built = buildAutoDns(autoEvacuation, overrides);
  return { ...built, detector: built.dns.autoEvacuation!, template: Template.fromStack(built.stack) };
}

type Synth = ReturnType<typeof synthAutoDns>;
const detected = once(() => synthAutoDns());
const detectedTuned = once(() => synthAutoDns({
  enabled: true,
  errorRateMargin: 10,
  errorRateFactor: 3,
  latencyFactor: 4,
  minimumP99Latency: Duration.millis(500),
  minimumRequestsPerMinute: 1000,
  minutes: 10,
}));

function propsOf(s: Synth, construct: any): any {
  return s.template.toJSON().Resources[logicalIdOf(construct)].Properties;
}

/** A state machine's definition, with each reference rendered `${LogicalId}` (or `${LogicalId.Attribute}`). */
function definitionOf(s: Synth, zone: number): any {
  const parts: any[] = propsOf(s, s.detector.stateMachines[zone]).DefinitionString['Fn::Join'][1];
  return JSON.parse(parts.map((part) => typeof part === 'string' ? part
    : part.Ref ? `\${${part.Ref}}` : `\${${part['Fn::GetAtt'].join('.')}}`).join(''));
}

function ref(construct: any): string {
  return `\${${logicalIdOf(construct)}}`;
}

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

  test('the health checks request the app tier\'s appTier.healthCheckPath, which the app servers answer', () => {
    const s = synthPlatform({ appTier: { healthCheckPath: '/ready' } });
    expect(s.platform.appTier.healthCheckPath).toBe('/ready');
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/ready' });
    expectEveryHttpsCheck(s.template, { ResourcePath: '/ready' });
  });

  test('dns.healthCheckPath wins over appTier.healthCheckPath (a deeper check through the load balancers)', () => {
    const s = synthPlatform({ appTier: { healthCheckPath: '/ready' }, dns: { healthCheckPath: '/ready/deep' } });
    expectEveryHttpsCheck(s.template, { ResourcePath: '/ready/deep' });
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

  test('GlobalDns exposes the interval and failure threshold of its checks, and the load balancers they target', () => {
    const [defaults, custom] = [defaultPlatform().platform.dns, tuned().platform.dns];
    expect([defaults.healthCheckInterval.toSeconds(), defaults.healthCheckFailureThreshold]).toEqual([10, 3]);
    expect([custom.healthCheckInterval.toSeconds(), custom.healthCheckFailureThreshold]).toEqual([30, 5]);
    const appTier = defaultPlatform().platform.appTier;
    expect(defaults.zoneLoadBalancers).toEqual(appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer));
  });

  test.each(badWholeNumbers('dns.healthCheckFailureThreshold', 1, 10, 2.5))('fails when dns.healthCheckFailureThreshold is $value', ({ value, message }) => {
    expect(errorOf(() => buildPlatform({ dns: { healthCheckFailureThreshold: value } })).message).toBe(message);
  });

  test.each([
    { value: Duration.seconds(15), shown: '15 seconds' },
    { value: Duration.seconds(60), shown: '1 minute' },
    { value: Duration.seconds(5), shown: '5 seconds' },
  ])('fails when dns.healthCheckInterval is $shown', ({ value, shown }) => {
    expect(() => buildPlatform({ dns: { healthCheckInterval: value } })).toThrow(new RegExp(
      `^\`dns\\.healthCheckInterval\` must be 10 seconds \\(fast\\) or 30 seconds \\(standard\\), the intervals Route 53 offers, got ${shown}$`));
  });

  test('fails when dns.healthCheckInterval is a number of seconds (JavaScript)', () => {
    expect(() => buildPlatform({ dns: { healthCheckInterval: 30 as any } }))
      .toThrow(/^`dns\.healthCheckInterval` must be a Duration, such as Duration\.minutes\(5\), got 30$/);
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
    expect(GlobalDns.ZONE_WEIGHT).toBe(50);
  });
});

describe('record name (dns.recordName)', () => {
  test('a relative name is placed in the hosted zone', () => {
    const s = defaultPlatform();
    expect(s.platform.dns.domainName).toBe('app.example.com');
    expect(s.platform.dns.recordName).toBe('app.example.com.');
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
    expect(s.platform.dns.recordName).toBe(`${ZONE_NAME}.`);
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
    { recordName: 'App.EXAMPLE.com', name: 'App.example.com.' },
    { recordName: 'API.EXAMPLE.COM.', name: 'API.example.com.' },
    { recordName: 'EXAMPLE.COM', name: 'example.com.' },
  ])('a record name $recordName in the zone\'s domain, in other letter case, names the records $name (not nested into the zone again)',
    ({ recordName, name }) => {
      const { platform, template } = synthPlatform({ ...REQUEST_PATH_ONLY, dns: { recordName } });
      expect(platform.dns.recordName).toBe(name);
      template.resourceCountIs('AWS::Route53::RecordSet', 2);
      template.allResourcesProperties('AWS::Route53::RecordSet', { Name: name });
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

describe('a hosted zone whose name is known at deploy only (an import, a parameter)', () => {
  const withZoneName = (recordName: string) => {
    const { stack } = newStack();
    const zoneName = Fn.importValue('SharedZoneName');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'ImportedZone', { hostedZoneId: HOSTED_ZONE_ID, zoneName });
    const platform = new MultiAzHaPlatform(stack, 'Platform', { ...REQUEST_PATH_ONLY, dns: { hostedZone, recordName } });
    return { stack, platform, template: Template.fromStack(stack) };
  };
  const inZone = (prefix: string, suffix = '') => ({ 'Fn::Join': ['', [prefix, { 'Fn::ImportValue': 'SharedZoneName' }, ...(suffix ? [suffix] : [])]] });

  test('a relative record name is inside the zone: the records, the certificate and dns.domainName all name app.<zone>', () => {
    const { stack, platform, template } = withZoneName('app');
    expect(stack.resolve(platform.dns.domainName)).toEqual(inZone('app.'));
    template.allResourcesProperties('AWS::Route53::RecordSet', { Name: inZone('app.', '.') });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: inZone('app.') });
  });

  test('a record name with a trailing dot is fully qualified, as given', () => {
    const { platform, template } = withZoneName('api.example.com.');
    expect(platform.dns.domainName).toBe('api.example.com');
    template.allResourcesProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.' });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com' });
  });

  test('a dotted name without the trailing dot is inside the zone, with a warning that says how to make it fully qualified', () => {
    const { stack, template } = withZoneName('api.example.com');
    template.allResourcesProperties('AWS::Route53::RecordSet', { Name: inZone('api.example.com.', '.') });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('dns\\.RecordNameInUnknownZone'));
    expect(warnings.map((w) => w.entry.data)).toEqual([expect.stringContaining(
      "`dns.recordName` 'api.example.com' is taken as a name inside the hosted zone, whose name is known at deploy only: the " +
      "records will be named api.example.com.<zone name>. If it is fully qualified, end it with a dot ('api.example.com.').")]);
    expect(Annotations.fromStack(withZoneName('app').stack).findWarning('*', Match.stringLikeRegexp('RecordNameInUnknownZone'))).toEqual([]);
  });

  test('fails when the record name is not a DNS name, even though the zone has no name to compare it with yet', () => {
    expect(() => withZoneName('bad name!')).toThrow(/^`dns\.recordName` must be a DNS name .*, got 'bad name!'$/);
  });
});

describe('a record name known at deploy only (a parameter)', () => {
  const withRecordName = (recordName: (stack: Stack) => string) => {
    const { stack, hostedZone } = newStack();
    const platform = new MultiAzHaPlatform(stack, 'Platform', { ...REQUEST_PATH_ONLY, dns: { hostedZone, recordName: recordName(stack) } });
    return { stack, platform, template: Template.fromStack(stack) };
  };
  const parameter = (stack: Stack) => new CfnParameter(stack, 'RecordName', { type: 'String' }).valueAsString;

  test.each([
    { desc: 'the parameter alone', recordName: (stack: Stack) => parameter(stack), name: [{ Ref: 'RecordName' }, '.example.com'] },
    { desc: 'a prefix and the parameter', recordName: (stack: Stack) => `app-${parameter(stack)}`, name: ['app-', { Ref: 'RecordName' }, '.example.com'] },
    { desc: 'the parameter and a trailing dot', recordName: (stack: Stack) => `${parameter(stack)}.`, name: [{ Ref: 'RecordName' }] },
    { desc: 'the parameter and the zone', recordName: (stack: Stack) => `${parameter(stack)}.example.com`, name: [{ Ref: 'RecordName' }, '.example.com'] },
  ])('$desc: the records, the certificate and dns.domainName name the same domain', ({ recordName, name }) => {
    const { stack, platform, template } = withRecordName(recordName);
    // As CloudFormation's Fn::Join comes out of aws-cdk-lib: adjacent strings merged.
    const join = (parts: unknown[]) => {
      const merged = parts.reduce<unknown[]>((out, part) => (typeof part === 'string' && typeof out[out.length - 1] === 'string'
        ? [...out.slice(0, -1), `${out[out.length - 1]}${part}`] : [...out, part]), []);
      return merged.length === 1 ? merged[0] : { 'Fn::Join': ['', merged] };
    };
    expect(stack.resolve(platform.dns.domainName)).toEqual(join(name));
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: join(name) });
    template.allResourcesProperties('AWS::Route53::RecordSet', { Name: join([...name, '.']) });
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
    { method: 'metricHealthCheckStatus', metricName: 'HealthCheckStatus', statistic: cloudwatch.Stats.MINIMUM, zone: 0 },
    { method: 'metricHealthCheckStatus', metricName: 'HealthCheckStatus', statistic: cloudwatch.Stats.MINIMUM, zone: 1 },
    { method: 'metricTimeToFirstByte', metricName: 'TimeToFirstByte', statistic: cloudwatch.Stats.AVERAGE, zone: 0 },
    { method: 'metricTimeToFirstByte', metricName: 'TimeToFirstByte', statistic: cloudwatch.Stats.AVERAGE, zone: 1 },
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

  test('metric(name, zone) reads any Route 53 metric of the zone\'s health check, in us-east-1: Average over 1 minute by default', () => {
    const s = defaultPlatform();
    const metric = s.platform.dns.metric('SSLHandshakeTime', 1);
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toSeconds(), metric.region])
      .toEqual(['AWS/Route53', 'SSLHandshakeTime', cloudwatch.Stats.AVERAGE, 60, 'us-east-1']);
    expect(s.stack.resolve(metric.dimensions)).toEqual({ HealthCheckId: { Ref: healthCheckIdOfZone(s, 1) } });
    const zone1 = s.platform.dns.metric('ConnectionTime', 0, { statistic: cloudwatch.Stats.p(90), period: Duration.minutes(5) });
    expect([zone1.statistic, zone1.period.toMinutes(), zone1.region]).toEqual(['p90', 5, 'us-east-1']);
    expect(s.stack.resolve(zone1.dimensions)).toEqual({ HealthCheckId: { Ref: healthCheckIdOfZone(s, 0) } });
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
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Dns');
  });

  test.each([2, -1, 0.5])('fails when metric is given zone index %d, naming the argument as written and the DNS construct\'s path', (zone) => {
    const err = errorOf(() => defaultPlatform().platform.dns.metric('HealthCheckStatus', zone));
    expect(err.message).toBe(`\`zoneIndex\` must be 0 (zone 1) or 1 (zone 2), got ${zone}`);
    expect(PlatformErrors.propPathOf(err)).toBe('zoneIndex');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Dns');
    expect(err.stack).toContain('at construct TestStack/Platform/Dns');
  });
});

describe('serving health checks: a zone is in DNS only while its HTTPS check passes and its switch is off', () => {
  test.each([
    ['FAILOVER', defaultPlatform],
    ['ACTIVE_ACTIVE', activeActive],
  ])('%s: one CALCULATED check per zone over its HTTPS check and its switch check, 2 of 2 healthy', (_routing, platform) => {
    const s = platform();
    const calculated = healthChecksOfType(s.template, 'CALCULATED');
    expect(Object.keys(calculated).sort()).toEqual(ZONES.map((zone) => servingCheckIdOfZone(s, zone)).sort());
    ZONES.forEach((zone) => {
      expect(calculated[servingCheckIdOfZone(s, zone)].Properties.HealthCheckConfig).toEqual({
        Type: 'CALCULATED',
        ChildHealthChecks: [{ Ref: healthCheckIdOfZone(s, zone) }, { Ref: switchCheckIdOfZone(s, zone) }],
        HealthThreshold: 2,
        Inverted: false,
      });
    });
  });

  test.each([
    ['FAILOVER', defaultPlatform, { Failover: 'PRIMARY' }, { Failover: 'SECONDARY' }],
    ['ACTIVE_ACTIVE', activeActive, { Weight: 50 }, { Weight: 50 }],
  ])('%s: each zone\'s record follows its zone\'s serving check', (_routing, platform, zone1, zone2) => {
    const s = platform();
    [zone1, zone2].forEach((routing, zone) => {
      expect(recordOfZone(s, zone)).toEqual(expect.objectContaining({
        ...routing,
        SetIdentifier: `zone-${zone + 1}`,
        HealthCheckId: { Ref: servingCheckIdOfZone(s, zone) },
      }));
    });
  });

  test('six health checks in all: per zone HTTPS, switch and serving', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs('AWS::Route53::HealthCheck', 6);
    expect(Object.keys(healthChecksOfType(template, 'HTTPS'))).toHaveLength(2);
    expect(Object.keys(healthChecksOfType(template, 'CLOUDWATCH_METRIC'))).toHaveLength(2);
    expect(Object.keys(healthChecksOfType(template, 'CALCULATED'))).toHaveLength(2);
  });
});

describe('stable logical IDs', () => {
  // The HTTPS checks and the records existed before the evacuation switch: a new ID would replace them (a record
  // replaced is deleted and created again). Only the records' HealthCheckId changes, which CloudFormation updates
  // in place ("Update requires: No interruption").
  test('the HTTPS health checks and the records keep their logical IDs', () => {
    const { platform } = defaultPlatform();
    expect(platform.dns.healthChecks.map((check) => logicalIdOf(check)))
      .toEqual(['PlatformDnsZone1HealthCheckD789F27A', 'PlatformDnsZone2HealthCheck9535544D']);
    expect(platform.dns.records.map((record) => logicalIdOf(record)))
      .toEqual(['PlatformDnsZone1Record88423989', 'PlatformDnsZone2Record4DF186CE']);
  });

  test('the switch alarms and health checks have logical IDs of their own (a renamed alarm starts with no state)', () => {
    const { evacuation } = defaultPlatform().platform.dns;
    expect([...evacuation.switchAlarms, ...evacuation.switchHealthChecks, ...evacuation.servingHealthChecks]
      .map((construct) => logicalIdOf(construct))).toEqual([
      'PlatformDnsEvacuationZone1SwitchA883D534',
      'PlatformDnsEvacuationZone2Switch59B49D38',
      'PlatformDnsEvacuationZone1SwitchHealthCheck4E520DB3',
      'PlatformDnsEvacuationZone2SwitchHealthCheckA511D6F6',
      'PlatformDnsEvacuationZone1ServingHealthCheck56B781A4',
      'PlatformDnsEvacuationZone2ServingHealthCheckDF0436AC',
    ]);
  });
});

describe('the switch alarm of each zone', () => {
  test.each(NAMED_ZONES)('zone %d: Maximum of MultiAzHaPlatform/ZoneEvacuated for its Platform and Zone, over 1 minute', (_n, zone) => {
    expect(switchAlarmOfZone(defaultPlatform(), zone)).toEqual(expect.objectContaining({
      Namespace: 'MultiAzHaPlatform',
      MetricName: 'ZoneEvacuated',
      Dimensions: [{ Name: 'Platform', Value: 'TestStack/Platform' }, { Name: 'Zone', Value: `zone-${zone + 1}` }],
      Statistic: 'Maximum',
      Period: 60,
    }));
  });

  test.each(NAMED_ZONES)('zone %d: ALARM from one datapoint of 1; missing data keeps the last state', (_n, zone) => {
    const alarm = switchAlarmOfZone(defaultPlatform(), zone);
    expect(alarm).toEqual(expect.objectContaining({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'ignore',
    }));
    expect([ZoneEvacuation.SWITCH_PERIOD.toSeconds(), ZoneEvacuation.SWITCH_EVALUATION_PERIODS]).toEqual([60, 1]);
    // What Route 53 follows: a standard-resolution metric, a plain statistic, no metric math.
    expect(alarm.Metrics).toBeUndefined();
    expect(alarm.ExtendedStatistic).toBeUndefined();
  });

  test('the description says what happened and gives the restore command', () => {
    const alarm = switchAlarmOfZone(defaultPlatform(), 1);
    expect(alarm.AlarmDescription).toMatch(/^Zone 2 of TestStack\/Platform is evacuated: Route 53 no longer answers with it/);
    expect(alarm.AlarmDescription).toContain(`put it back with: ${defaultPlatform().platform.dns.restoreCommand(1)} `);
    expect(alarm.AlarmDescription).toContain('If zone 1 is evacuated or unhealthy too, Route 53 ignores the switches');
    expect(alarm.AlarmDescription.length).toBeLessThanOrEqual(1024);
  });

  test('the description fits CloudWatch\'s 1024 characters with the longest platform name', () => {
    const s = synthPlatform({ dns: { platformName: `p${'x'.repeat(99)}` } });
    ZONES.forEach((zone) => expect(switchAlarmOfZone(s, zone).AlarmDescription.length).toBeLessThanOrEqual(1024));
  });

  test('metricZoneEvacuated is the metric the alarm watches', () => {
    const s = defaultPlatform();
    const metric = s.platform.dns.evacuation.metricZoneEvacuated(1);
    expect(metric.namespace).toBe(ZoneEvacuation.NAMESPACE);
    expect(metric.metricName).toBe(ZoneEvacuation.METRIC_NAME);
    expect(metric.dimensions).toEqual({ Platform: 'TestStack/Platform', Zone: 'zone-2' });
    expect(metric.statistic).toBe('Maximum');
    expect(metric.period.toSeconds()).toBe(60);
  });
});

describe('the switch health check of each zone (CLOUDWATCH_METRIC)', () => {
  test.each(NAMED_ZONES)('zone %d follows its switch alarm in the stack\'s region; no data keeps the last known status', (_n, zone) => {
    const s = defaultPlatform();
    const check = healthChecksOfType(s.template, 'CLOUDWATCH_METRIC')[switchCheckIdOfZone(s, zone)];
    expect(check.Properties.HealthCheckConfig).toEqual({
      Type: 'CLOUDWATCH_METRIC',
      AlarmIdentifier: { Name: { Ref: logicalIdOf(s.platform.dns.evacuation.switchAlarms[zone]) }, Region: 'eu-west-1' },
      // Route 53 reads the alarm's data stream, not its state: `Healthy` would put the zone back once the
      // evacuate command's datapoint leaves the period. A new check with no status yet is healthy.
      InsufficientDataHealthStatus: 'LastKnownStatus',
      Inverted: false,
    });
  });

  test('an environment-agnostic stack names the region at deploy', () => {
    const s = agnosticPlatform();
    for (const check of Object.values(healthChecksOfType(s.template, 'CLOUDWATCH_METRIC'))) {
      expect(check.Properties.HealthCheckConfig.AlarmIdentifier.Region).toEqual({ Ref: 'AWS::Region' });
    }
  });
});

describe('the evacuate and restore commands', () => {
  test.each([
    { zone: 0, value: 1, method: 'evacuateCommand' },
    { zone: 1, value: 1, method: 'evacuateCommand' },
    { zone: 0, value: 0, method: 'restoreCommand' },
    { zone: 1, value: 0, method: 'restoreCommand' },
  ] as const)('$method($zone) puts $value on the zone\'s evacuation metric, in the stack\'s region', ({ zone, value, method }) => {
    expect(defaultPlatform().platform.dns[method](zone)).toBe('aws cloudwatch put-metric-data --region eu-west-1 ' +
      '--namespace MultiAzHaPlatform --metric-name ZoneEvacuated ' +
      `--dimensions Platform=TestStack/Platform,Zone=zone-${zone + 1} --value ${value}`);
  });

  test('the commands name the metric the switch alarm watches', () => {
    const s = defaultPlatform();
    const alarm = switchAlarmOfZone(s, 0);
    const command = s.platform.dns.evacuateCommand(0);
    expect(command).toContain(`--namespace ${alarm.Namespace} --metric-name ${alarm.MetricName} `);
    expect(command).toContain(`--dimensions ${alarm.Dimensions.map((d: any) => `${d.Name}=${d.Value}`).join(',')} `);
  });

  test('an environment-agnostic stack: no --region (the CLI\'s default region must be the stack\'s)', () => {
    expect(agnosticPlatform().platform.dns.evacuateCommand(0)).toBe('aws cloudwatch put-metric-data ' +
      '--namespace MultiAzHaPlatform --metric-name ZoneEvacuated --dimensions Platform=TestStack/Platform,Zone=zone-1 --value 1');
  });

  test.each([2, -1, 0.5])('fails when the zone index is %d', (zone) => {
    const err = errorOf(() => defaultPlatform().platform.dns.evacuateCommand(zone));
    expect(err.message).toBe(`\`zoneIndex\` must be 0 (zone 1) or 1 (zone 2), got ${zone}`);
    expect(PlatformErrors.isConfigurationError(err)).toBe(true);
    // The argument keeps its name (no `dns.` prefix: it is not a prop); the error names the evacuation construct.
    expect(PlatformErrors.propPathOf(err)).toBe('zoneIndex');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Dns/Evacuation');
  });
});

describe('platform name (dns.platformName)', () => {
  test('the stack name and the platform\'s construct path by default', () => {
    expect(defaultPlatform().platform.dns.evacuation.platformName).toBe('TestStack/Platform');
  });

  test('dns.platformName sets the Platform dimension of the alarms and the commands', () => {
    const s = named();
    expect(s.platform.dns.evacuation.platformName).toBe('shop-prod');
    ZONES.forEach((zone) => {
      expect(switchAlarmOfZone(s, zone).Dimensions).toEqual([
        { Name: 'Platform', Value: 'shop-prod' }, { Name: 'Zone', Value: `zone-${zone + 1}` },
      ]);
      expect(s.platform.dns.restoreCommand(zone)).toContain(` --dimensions Platform=shop-prod,Zone=zone-${zone + 1} `);
    });
  });

  test('characters a shell would need quoted become - in the default name', () => {
    const stack = new Stack(new App(), 'Alone');
    const checks = [0, 1].map((zone) => route53.HealthCheck.fromHealthCheckId(stack, `Check${zone}`, `id-${zone}`));
    const evacuation = new ZoneEvacuation(new Construct(stack, 'My Platform, EU'), 'Evacuation', { zoneHealthChecks: checks });
    expect(evacuation.platformName).toBe('Alone/My-Platform--EU');
  });

  test.each([
    { value: 'my platform', shown: '\'my platform\'', desc: '\'my platform\'' },
    { value: 'a,b', shown: '\'a,b\'', desc: '\'a,b\'' },
    { value: 'Zone=1', shown: '\'Zone=1\'', desc: '\'Zone=1\'' },
    { value: '-leading', shown: '\'-leading\'', desc: '\'-leading\'' },
    { value: '', shown: '\'\'', desc: '\'\'' },
    { value: 'x'.repeat(101), shown: `'${'x'.repeat(101)}'`, desc: '101 characters long' },
  ])('fails when dns.platformName is $desc', ({ value, shown }) => {
    const err = errorOf(() => buildPlatform({ dns: { platformName: value } }));
    expect(PlatformErrors.propPathOf(err)).toBe('dns.platformName');
    expect(err.message).toBe('`dns.platformName` must be 1 to 100 letters, digits and . _ / : - starting with a letter ' +
      'or digit (the `Platform` dimension of the zone evacuation metric, typed unquoted in the evacuation commands), ' +
      `got ${shown}`);
  });
});

describe('telling on-call (addEvacuationAlarmActions)', () => {
  const withTopic = once(() => {
    const built = buildPlatform();
    const topic = new sns.Topic(built.stack, 'Warnings');
    built.platform.dns.addEvacuationAlarmActions(new cwactions.SnsAction(topic));
    return { ...built, topic, template: Template.fromStack(built.stack) };
  });

  test('the switch alarms notify the topic when a zone is evacuated (ALARM) and put back (OK)', () => {
    const { platform, template, topic } = withTopic();
    platform.dns.evacuation.switchAlarms.forEach((alarm) => {
      const props = template.toJSON().Resources[logicalIdOf(alarm)].Properties;
      expect(props.AlarmActions).toEqual([{ Ref: logicalIdOf(topic) }]);
      expect(props.OKActions).toEqual([{ Ref: logicalIdOf(topic) }]);
    });
  });

  test('without the observability tier nobody is notified: the alarms only drive Route 53', () => {
    const s = defaultPlatform();
    ZONES.forEach((zone) => {
      expect(switchAlarmOfZone(s, zone).AlarmActions).toBeUndefined();
      expect(switchAlarmOfZone(s, zone).OKActions).toBeUndefined();
    });
  });

  test('CloudWatchAlarmAction is acknowledged on a switch alarm only while it notifies nobody', () => {
    const rules = (stack: Stack) => acknowledgementRows(stack)
      .filter((row) => row.resource.startsWith('Dns/Evacuation/')).map((row) => `${row.rule} ${row.resource}`);
    expect(rules(defaultPlatform().stack)).toEqual([
      'HIPAA.Security-CloudWatchAlarmAction Dns/Evacuation/Zone{1,2}Switch',
      'NIST.800.53.R5-CloudWatchAlarmAction Dns/Evacuation/Zone{1,2}Switch',
    ]);
    expect(rules(withTopic().stack)).toEqual([]);
  });
});

describe('bad input: the evacuation switches (ZoneEvacuation)', () => {
  test('ZoneEvacuation on its own fails without exactly 2 zone health checks, naming its own prop', () => {
    const stack = new Stack(new App(), 'Alone');
    const check = route53.HealthCheck.fromHealthCheckId(stack, 'Check', 'id-1');
    const err = errorOf(() => new ZoneEvacuation(stack, 'Evacuation', { zoneHealthChecks: [check] }));
    expect(err.message).toBe('`zoneHealthChecks` must list exactly 2 health checks (one per zone, zone 1 first), got 1');
  });

  test('ZoneEvacuation on its own: the default name is the stack name, and the health checks follow the given checks', () => {
    const stack = new Stack(new App(), 'Alone', { env: { account: '123456789012', region: 'us-east-2' } });
    const checks = [0, 1].map((zone) => route53.HealthCheck.fromHealthCheckId(stack, `Check${zone}`, `id-${zone}`));
    const evacuation = new ZoneEvacuation(stack, 'Evacuation', { zoneHealthChecks: checks });
    expect(evacuation.platformName).toBe('Alone');
    expect(evacuation.evacuateCommand(1)).toContain(' --region us-east-2 ');
    expect(stack.resolve((evacuation.servingHealthChecks[1].node.defaultChild as route53.CfnHealthCheck).healthCheckConfig))
      .toEqual(expect.objectContaining({ childHealthChecks: ['id-1', { Ref: expect.stringMatching(/^EvacuationZone2SwitchHealthCheck/) }] }));
  });
});

describe('off by default', () => {
  test('the default platform has no detector: no outlier alarms, rules or state machines', () => {
    const { platform, template } = defaultPlatform();
    expect(platform.dns.autoEvacuation).toBeUndefined();
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm: any) => alarm.Properties.Metrics))
      .toEqual([]);
  });

  test.each([
    ['enabled: false (with thresholds)', { enabled: false, minutes: 10 }],
    ['no enabled', { minutes: 10 }],
  ])('%s: no detector, and no traffic metrics needed', (_name, options) => {
    const { dns, stack } = buildAutoDns(options, { zoneTrafficMetrics: undefined });
    expect(dns.autoEvacuation).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });
});

describe('outlier alarms (gray-failure detection)', () => {
  test('zone 1 is an outlier when both zones carry 300 requests a minute and its 5xx rate is 5 points and 5 times zone 2\'s, or its p99 3 times zone 2\'s and at least 1 s (no FILL)', () => {
    const s = detected();
    const metrics: any[] = propsOf(s, s.detector.outlierAlarms[0]).Metrics;
    expect(metrics.filter((m) => m.ReturnData)).toEqual([expect.objectContaining({
      Expression: '(q1 >= 300 AND q2 >= 300) AND (((r1 - r2) >= 5 AND r1 >= 5 * r2) OR (p1 >= 3 * p2 AND p1 >= 1))',
    })]);
    const expressions = Object.fromEntries(metrics.filter((m) => m.Expression && !m.ReturnData).map((m) => [m.Id, m.Expression]));
    expect(expressions).toEqual({
      r1: '100 * (e1a + e1b) / q1',
      r2: '100 * (e2a + e2b) / q2',
    });
    const stats = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id,
      `${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Period}`]));
    expect(stats).toEqual({
      q1: 'RequestCount Sum 60',
      q2: 'RequestCount Sum 60',
      e1a: 'HTTPCode_Target_5XX_Count Sum 60',
      e1b: 'HTTPCode_ELB_5XX_Count Sum 60',
      e2a: 'HTTPCode_Target_5XX_Count Sum 60',
      e2b: 'HTTPCode_ELB_5XX_Count Sum 60',
      p1: 'TargetResponseTime p99 60',
      p2: 'TargetResponseTime p99 60',
    });
    // Each id reads its own zone's load balancer (or target group): q1, e1a, e1b, p1 zone 1; q2, e2a, e2b, p2 zone 2.
    for (const m of metrics.filter((metric) => metric.MetricStat)) {
      const zone = m.Id.slice(1, 2);
      expect(JSON.stringify(m.MetricStat.Metric.Dimensions)).toContain(`PlatformAppTierZone${zone}LoadBalancer`);
      expect(JSON.stringify(m.MetricStat.Metric.Dimensions)).not.toContain(`PlatformAppTierZone${3 - Number(zone)}`);
    }
  });

  test('the platform\'s detector reads each zone\'s 5xx rate from the app tier (AppTier.metricErrorRate, no FILL), its request count once', () => {
    const s = synthPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE, autoEvacuation: { enabled: true } } });
    const metrics: any[] = s.template.toJSON().Resources[logicalIdOf(s.platform.dns.autoEvacuation!.outlierAlarms[0])].Properties.Metrics;
    expect(metrics.map((m) => m.Id)).toEqual(['expr_1', 'q1', 'q2', 'r1', 'e1a', 'e1b', 'r2', 'e2a', 'e2b', 'p1', 'p2']);
    expect(metrics.filter((m) => m.Expression && !m.ReturnData).map((m) => [m.Id, m.Expression, m.Label])).toEqual([
      ['r1', '100 * (e1a + e1b) / q1', 'Zone 1 5xx rate (%)'],
      ['r2', '100 * (e2a + e2b) / q2', 'Zone 2 5xx rate (%)'],
    ]);
    const stats = metrics.filter((m) => m.MetricStat).map((m) => `${m.Id} ${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Period}`);
    expect(stats).toEqual([
      'q1 RequestCount Sum 60', 'q2 RequestCount Sum 60',
      'e1a HTTPCode_Target_5XX_Count Sum 60', 'e1b HTTPCode_ELB_5XX_Count Sum 60',
      'e2a HTTPCode_Target_5XX_Count Sum 60', 'e2b HTTPCode_ELB_5XX_Count Sum 60',
      'p1 TargetResponseTime p99 60', 'p2 TargetResponseTime p99 60',
    ]);
    // The report counts the alarm's 5 breaching minutes of 6 (the sixth is slack), then the metrics' delay, the switch
    // alarm and the alias TTL.
    const zone1 = buildReport(s.template.toJSON()).recovery.scenarios.find((scenario) => scenario.id === 'zone-1-loss')!;
    expect(zone1.notes).toContainEqual(expect.stringMatching(/= ~120 s after the operator's command .*; automatic evacuation adds its detector's 300 s and ~60 s of load balancer metric delay: ~480 s\.$/));
  });

  test('zone 2\'s alarm is the mirror image: zone 2 against zone 1', () => {
    const s = detected();
    const metrics: any[] = propsOf(s, s.detector.outlierAlarms[1]).Metrics;
    expect(metrics.find((m) => m.ReturnData).Expression).toBe('(q2 >= 300 AND q1 >= 300) AND ' +
      '(((r2 - r1) >= 5 AND r2 >= 5 * r1) OR (p2 >= 3 * p1 AND p2 >= 1))');
  });

  test.each([0, 1])('zone index %d: fires after 5 outlier minutes of the last 6; a minute without data is not an outlier minute', (zone) => {
    const s = detected();
    expect(propsOf(s, s.detector.outlierAlarms[zone])).toEqual(expect.objectContaining({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 6,
      DatapointsToAlarm: 5,
      TreatMissingData: 'notBreaching',
    }));
  });

  test('the thresholds override the defaults, in the expression and the evaluation', () => {
    const s = detectedTuned();
    const alarm = propsOf(s, s.detector.outlierAlarms[0]);
    expect(alarm.Metrics.find((m: any) => m.ReturnData).Expression).toBe('(q1 >= 1000 AND q2 >= 1000) ' +
      'AND (((r1 - r2) >= 10 AND r1 >= 3 * r2) OR (p1 >= 4 * p2 AND p1 >= 0.5))');
    expect(alarm).toEqual(expect.objectContaining({ EvaluationPeriods: 11, DatapointsToAlarm: 10 }));
    expect(s.detector.detectionTime.toMinutes()).toBe(10);
    expect(s.detector.outlierEvaluationPeriods).toBe(11);
  });

  test('the detector exposes its thresholds (defaults)', () => {
    const { detector } = detected();
    expect({
      errorRateMargin: detector.errorRateMargin,
      errorRateFactor: detector.errorRateFactor,
      latencyFactor: detector.latencyFactor,
      minimumP99Latency: detector.minimumP99Latency.toSeconds(),
      minimumRequestsPerMinute: detector.minimumRequestsPerMinute,
      detectionMinutes: detector.detectionTime.toMinutes(),
    }).toEqual({
      errorRateMargin: 5, errorRateFactor: 5, latencyFactor: 3, minimumP99Latency: 1, minimumRequestsPerMinute: 300, detectionMinutes: 5,
    });
    // Each outlier alarm evaluates `minutes` + 1 one-minute periods.
    expect([GrayFailureDetector.OUTLIER_PERIOD.toSeconds(), detector.outlierEvaluationPeriods]).toEqual([60, 6]);
  });

  test('the description fits CloudWatch\'s 1024 characters with the longest platform name', () => {
    const s = synthAutoDns({ enabled: true, minimumP99Latency: Duration.millis(1500) }, { platformName: `p${'x'.repeat(99)}` });
    s.detector.outlierAlarms.forEach((alarm) => expect(propsOf(s, alarm).AlarmDescription.length).toBeLessThanOrEqual(1024));
  });

  test('the description says what the alarm means and how to put the zone back', () => {
    const s = detected();
    const description: string = propsOf(s, s.detector.outlierAlarms[0]).AlarmDescription;
    expect(description).toMatch(/^Zone 1 of TestStack has been far worse than zone 2 in 5 of the last 6 minutes/);
    expect(description).toContain(`put it back with: ${s.dns.restoreCommand(0)}.`);
    expect(description.length).toBeLessThanOrEqual(1024);
  });
});

describe('feeding the switch: EventBridge rule and Step Functions state machine', () => {
  test.each([0, 1])('zone index %d: a rule on its outlier alarm\'s change to ALARM starts its state machine', (zone) => {
    const s = detected();
    expect(propsOf(s, s.detector.rules[zone])).toEqual(expect.objectContaining({
      EventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'resources': [{ 'Fn::GetAtt': [logicalIdOf(s.detector.outlierAlarms[zone]), 'Arn'] }],
        'detail': { state: { value: ['ALARM'] } },
      },
      State: 'ENABLED',
      Targets: [expect.objectContaining({
        Arn: { Ref: logicalIdOf(s.detector.stateMachines[zone]) },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^AutoDnsAutoEvacuationEventsRole/), 'Arn'] },
      })],
    }));
  });

  test.each([[0, 1], [1, 0]])('zone index %d: reads the other zone\'s switch and outlier alarm, then sets its own switch to 1', (zone, other) => {
    const s = detected();
    const definition = definitionOf(s, zone);
    const [z, o] = [zone + 1, other + 1];
    const [readSwitch, readOutlier, choice, keepLast, keepBoth, evacuate] = [`Zone${z}ReadZone${o}Switch`,
      `Zone${z}ReadZone${o}Outlier`, `Zone${z}CanEvacuate`, `Zone${z}KeepLastZone`, `Zone${z}KeepBothZones`, `Zone${z}Evacuate`];
    expect(definition.StartAt).toBe(readSwitch);
    expect(Object.keys(definition.States).sort()).toEqual([choice, evacuate, keepBoth, keepLast, readOutlier, readSwitch].sort());
    [[readSwitch, s.dns.evacuation.switchAlarms[other], '$.otherSwitch', readOutlier],
      [readOutlier, s.detector.outlierAlarms[other], '$.otherOutlier', choice]].forEach(([state, alarm, resultPath, next]) => {
      expect(definition.States[state as string]).toEqual(expect.objectContaining({
        Type: 'Task',
        Resource: 'arn:${AWS::Partition}:states:::aws-sdk:cloudwatch:describeAlarms',
        Parameters: { AlarmNames: [ref(alarm)] },
        ResultSelector: { 'state.$': '$.MetricAlarms[0].StateValue' },
        ResultPath: resultPath,
        Next: next,
      }));
    });
    expect(definition.States[choice]).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.otherSwitch.state', StringEquals: 'ALARM', Next: keepLast },
        { Variable: '$.otherOutlier.state', StringEquals: 'ALARM', Next: keepBoth },
      ],
      Default: evacuate,
    });
    expect(definition.States[keepLast]).toEqual(expect.objectContaining({ Type: 'Fail', Error: 'OtherZoneEvacuated' }));
    expect(definition.States[keepBoth]).toEqual(expect.objectContaining({ Type: 'Fail', Error: 'BothZonesOutliers' }));
    expect(definition.States[evacuate]).toEqual(expect.objectContaining({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::aws-sdk:cloudwatch:putMetricData',
      Parameters: {
        Namespace: 'MultiAzHaPlatform',
        MetricData: [{
          MetricName: 'ZoneEvacuated',
          Dimensions: [{ Name: 'Platform', Value: 'TestStack' }, { Name: 'Zone', Value: `zone-${z}` }],
          Value: 1,
        }],
      },
      End: true,
    }));
  });

  test('the state machine sets the same metric the switch alarm watches and the evacuate command sets', () => {
    const s = detected();
    const alarm = propsOf(s, s.dns.evacuation.switchAlarms[1]);
    const put = definitionOf(s, 1).States.Zone2Evacuate.Parameters;
    expect([put.Namespace, put.MetricData[0].MetricName, put.MetricData[0].Dimensions])
      .toEqual([alarm.Namespace, alarm.MetricName, alarm.Dimensions]);
    expect(s.dns.evacuateCommand(1)).toContain('--dimensions Platform=TestStack,Zone=zone-2 --value 1');
  });

  test('the state machines log every execution to an encrypted log group, trace with X-Ray, and wait for their policy', () => {
    const s = detected();
    s.detector.stateMachines.forEach((machine) => {
      const resource = s.template.toJSON().Resources[logicalIdOf(machine)];
      expect(resource.Properties).toEqual(expect.objectContaining({
        RoleArn: { 'Fn::GetAtt': [logicalIdOf(s.detector.role), 'Arn'] },
        LoggingConfiguration: {
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalIdOf(s.detector.logGroup), 'Arn'] } } }],
          IncludeExecutionData: true,
          Level: 'ALL',
        },
        TracingConfiguration: { Enabled: true },
      }));
      expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AutoDnsAutoEvacuationPolicy/)]));
    });
    const group = propsOf(s, s.detector.logGroup);
    expect(group).toEqual(expect.objectContaining({
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(s.detector.key), 'Arn'] },
      RetentionInDays: 365,
    }));
    expect(group.LogGroupName['Fn::Join'][1][0]).toMatch(/^\/aws\/vendedlogs\/states\//);
    // Its name is fixed for the stack's life: kept after autoEvacuation is turned off, it would make turning it on
    // again fail on the name. It goes with the detector.
    const resource = s.template.toJSON().Resources[logicalIdOf(s.detector.logGroup)];
    expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
  });

  test('the role: assumed by Step Functions of this account; PutMetricData in the MultiAzHaPlatform namespace only', () => {
    const s = detected();
    const trust = propsOf(s, s.detector.role).AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([expect.objectContaining({
      Principal: { Service: 'states.amazonaws.com' },
      Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
    })]);
    const policies = Object.values(s.template.findResources('AWS::IAM::ManagedPolicy')).filter((policy: any) =>
      JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: logicalIdOf(s.detector.role) }]));
    expect(policies).toHaveLength(1);
    const statements: any[] = (policies[0] as any).Properties.PolicyDocument.Statement;
    const cloudwatchStatements = statements.filter((st) => [st.Action].flat().some((a: string) => a.startsWith('cloudwatch:')));
    expect(cloudwatchStatements).toEqual([
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'MultiAzHaPlatform' } },
      }),
      expect.objectContaining({
        Action: 'cloudwatch:DescribeAlarms',
        Resource: [...s.dns.evacuation.switchAlarms, ...s.detector.outlierAlarms]
          .map((alarm) => ({ 'Fn::GetAtt': [logicalIdOf(alarm), 'Arn'] })),
      }),
    ]);
    // Nothing else than log delivery and tracing, and no inline policy on the role.
    expect(statements.flatMap((st) => [st.Action].flat()).filter((a: string) => !/^(cloudwatch|logs|xray):/.test(a))).toEqual([]);
    const inline = Object.values(s.template.findResources('AWS::IAM::Policy')).filter((policy: any) =>
      JSON.stringify(policy.Properties.Roles ?? []).includes(logicalIdOf(s.detector.role)));
    expect(inline).toEqual([]);
  });

  test('EventBridge may start the two state machines and nothing else', () => {
    const s = detected();
    const policy = Object.values(s.template.findResources('AWS::IAM::ManagedPolicy'))
      .find((p: any) => p.Properties.Description?.includes('start its state machines')) as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({
      Action: 'states:StartExecution',
      Resource: s.detector.stateMachines.map((machine) => ({ Ref: logicalIdOf(machine) })),
    })]);
  });
});

describe('telling on-call', () => {
  test('addEvacuationAlarmActions also notifies on the outlier alarms; CloudWatchAlarmAction is acknowledged only while silent', () => {
    const silent = detected();
    const ackRows = (stack: Stack) => [...new Set(stack.node.findAll()
      .filter((construct) => construct.node.path.includes('/AutoDns/'))
      .flatMap((construct) => construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data).filter((rule) => rule.endsWith('CloudWatchAlarmAction'))
          .map((rule) => `${rule.replace(/^Annotation::/, '')} ${construct.node.path.split('/AutoDns/')[1].replace(/Zone[12]/g, 'Zone{1,2}')}`))))].sort();
    expect(ackRows(silent.stack)).toEqual([
      'HIPAA.Security-CloudWatchAlarmAction AutoEvacuation/Zone{1,2}OutlierAlarm',
      'HIPAA.Security-CloudWatchAlarmAction Evacuation/Zone{1,2}Switch',
      'NIST.800.53.R5-CloudWatchAlarmAction AutoEvacuation/Zone{1,2}OutlierAlarm',
      'NIST.800.53.R5-CloudWatchAlarmAction Evacuation/Zone{1,2}Switch',
    ]);

    const { stack, dns } = buildAutoDns();
    const topic = new sns.Topic(stack, 'Warnings');
    dns.addEvacuationAlarmActions(new cwactions.SnsAction(topic));
    const template = Template.fromStack(stack).toJSON();
    [...dns.autoEvacuation!.outlierAlarms, ...dns.evacuation.switchAlarms].forEach((alarm) => {
      const props = template.Resources[logicalIdOf(alarm)].Properties;
      expect([props.AlarmActions, props.OKActions]).toEqual([[{ Ref: logicalIdOf(topic) }], [{ Ref: logicalIdOf(topic) }]]);
    });
    expect(ackRows(stack)).toEqual([]);
  });
});

describe('bad input: automatic evacuation (dns.autoEvacuation)', () => {
  test.each([
    { prop: 'errorRateMargin', value: 0, rule: 'be between 0.1 and 100 percentage points', shown: '0' },
    { prop: 'errorRateMargin', value: 101, rule: 'be between 0.1 and 100 percentage points', shown: '101' },
    { prop: 'errorRateFactor', value: 1.5, rule: 'be at least 2 (an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone over a difference both zones share)', shown: '1.5' },
    { prop: 'latencyFactor', value: 1, rule: 'be at least 2 (an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone over a difference both zones share)', shown: '1' },
    { prop: 'latencyFactor', value: Infinity, rule: 'be at least 2 (an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone over a difference both zones share)', shown: 'Infinity' },
    { prop: 'errorRateFactor', value: '3', rule: 'be at least 2 (an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone over a difference both zones share)', shown: '\'3\'' },
    { prop: 'minimumP99Latency', value: Duration.millis(50), rule: 'be between 100 milliseconds and 1 minute (below 100 ms a p99 three times another zone\'s is still fast, not a gray failure)', shown: '50 millis' },
    { prop: 'minimumP99Latency', value: Duration.minutes(2), rule: 'be between 100 milliseconds and 1 minute (below 100 ms a p99 three times another zone\'s is still fast, not a gray failure)', shown: '2 minutes' },
    { prop: 'minimumP99Latency', value: 500, rule: 'be a Duration, such as Duration.minutes(5)', shown: '500' },
    { prop: 'minimumRequestsPerMinute', value: 10, rule: 'be at least 20 (with fewer requests one failed request is 5 % of a minute: noise, not an outlier)', shown: '10' },
    { prop: 'minimumRequestsPerMinute', value: 100.5, rule: 'be a whole number', shown: '100.5' },
    { prop: 'minutes', value: 2, rule: 'be at least 3', shown: '2' },
    { prop: 'minutes', value: 61, rule: 'be at most 60', shown: '61' },
    { prop: 'minutes', value: 4.5, rule: 'be a whole number', shown: '4.5' },
  ])('fails when autoEvacuation.$prop is $shown, naming the DNS construct\'s own prop', ({ prop, value, rule, shown }) => {
    const err = errorOf(() => buildAutoDns({ enabled: true, [prop]: value }));
    expect(PlatformErrors.propPathOf(err)).toBe(`autoEvacuation.${prop}`);
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/AutoDns');
    expect(err.message).toBe(`\`autoEvacuation.${prop}\` must ${rule}, got ${shown}`);
  });

  test('under the platform, the same rule names the platform\'s props, the sibling prop included', () => {
    const err = errorOf(() => buildPlatform({ dns: { autoEvacuation: { enabled: true } } }));
    expect(PlatformErrors.propPathOf(err)).toBe('dns.autoEvacuation.enabled');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Dns');
    expect(err.message).toMatch(/^`dns\.autoEvacuation\.enabled` must go with `dns\.routing` ACTIVE_ACTIVE: /);
  });

  test('thresholds are checked on the platform too, even before the detector is enabled', () => {
    const err = errorOf(() => buildPlatform({ dns: { autoEvacuation: { minutes: 1 } } }));
    expect(PlatformErrors.propPathOf(err)).toBe('dns.autoEvacuation.minutes');
  });

  test('fails with FAILOVER routing: zone 2 carries no traffic to compare zone 1 with', () => {
    const err = errorOf(() => buildAutoDns({ enabled: true }, { routing: DnsRouting.FAILOVER }));
    expect(err.message).toBe('`autoEvacuation.enabled` must go with `routing` ACTIVE_ACTIVE: with FAILOVER routing ' +
      'zone 2 serves no traffic while zone 1 is healthy, so there is no other zone to compare zone 1 with, got true');
  });

  test.each([
    { desc: 'no traffic metrics', metrics: undefined, path: 'zoneTrafficMetrics', message: /must list the traffic metrics of both zones .* when `autoEvacuation` is enabled, got undefined$/ },
    { desc: 'one zone\'s metrics', metrics: 'one', path: 'zoneTrafficMetrics', message: /must list the traffic metrics of exactly 2 zones \(zone 1 first\), got 1$/ },
    { desc: 'no 5xx rate', metrics: 'noErrorRate', path: 'zoneTrafficMetrics[0]', message: /must give requestCount, errorRate and targetResponseTime, got / },
    {
      desc: 'both zones\' error rates under the same ids',
      metrics: 'sameIds',
      path: 'zoneTrafficMetrics[1].errorRate',
      message: /must read its metrics under ids of its own: not those of zone 1's error rate \(both are in each outlier alarm\), got \["target5xx","elb5xx","requests"\]$/,
    },
    {
      desc: 'an error rate under an id of the alarm',
      metrics: 'alarmIds',
      path: 'zoneTrafficMetrics[1].errorRate',
      message: /must read its metrics under ids the outlier alarms leave it: not `q1`, `r1`, `r2`, `p1`, `p2`, got \["p2","q1"\]$/,
    },
    {
      desc: 'error rates of 4 5xx counts each (12 metrics in the alarm)',
      metrics: 'fourCounts',
      path: 'zoneTrafficMetrics',
      message: /must read at most 10 metrics in each outlier alarm \(CloudWatch's limit for metric math alarms\): both zones' request counts and response times, and the metrics their error rates read, got 12$/,
    },
  ])('fails with $desc', ({ metrics, path, message }) => {
    const err = errorOf(() => {
      const { stack, platform } = buildPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } });
      const all = trafficMetricsOf(platform);
      const app = platform.appTier;
      /** Zone z's 5xx rate over four 5xx counts (the two of each zone's load balancer), read with its request count. */
      const fourCounts = (z: number) => new cloudwatch.MathExpression({
        expression: `100 * (e${z}a + e${z}b + e${z}c + e${z}d) / q${z}`,
        usingMetrics: {
          [`e${z}a`]: app.metricTarget5xxCount(0),
          [`e${z}b`]: app.metricElb5xxCount(0),
          [`e${z}c`]: app.metricTarget5xxCount(1),
          [`e${z}d`]: app.metricElb5xxCount(1),
          [`q${z}`]: app.metricRequestCount(z - 1),
        },
      });
      const variants: Record<string, ZoneTrafficMetrics[]> = {
        one: [all[0]],
        noErrorRate: [{ ...all[0], errorRate: undefined as any }, all[1]],
        sameIds: [0, 1].map((zone) => ({ ...all[zone], errorRate: app.metricErrorRate(zone, { fillMissingErrorCounts: false }) })),
        alarmIds: [all[0], { ...all[1], errorRate: app.metricErrorRate(1, { metricIds: { target: 'p2', elb: 'e2b', requests: 'q1' } }) }],
        fourCounts: [1, 2].map((z) => ({ ...all[z - 1], errorRate: fourCounts(z) })),
      };
      return new GlobalDns(stack, 'AutoDns', {
        hostedZone: stack.node.findChild('HostedZone') as route53.IHostedZone,
        routing: DnsRouting.ACTIVE_ACTIVE,
        autoEvacuation: { enabled: true },
        zoneLoadBalancers: platform.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
        zoneTrafficMetrics: metrics === undefined ? undefined : variants[metrics],
      });
    });
    expect(PlatformErrors.propPathOf(err)).toBe(path);
    expect(err.message).toMatch(message);
  });

  test('fails when dns.autoEvacuation is not an object (JavaScript)', () => {
    const err = errorOf(() => buildPlatform({ dns: { autoEvacuation: true as any } }));
    expect(err.message).toBe('`dns.autoEvacuation` must be an object of options, got true');
  });

  test('the detector on its own reports its own prop paths', () => {
    const { dns, platform } = buildAutoDns(undefined);
    const err = errorOf(() => new GrayFailureDetector(dns, 'Detector', {
      evacuation: dns.evacuation, zoneTrafficMetrics: trafficMetricsOf(platform), minutes: 100,
    }));
    expect(err.message).toBe('`minutes` must be at most 60, got 100');
  });
});

describe('cdk-nag: AwsSolutions and the three compliance packs', () => {
  test('the platform with automatic evacuation has no unacknowledged finding, and every pack ran', () => {
    const { findings, plugins } = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      const { stack, hostedZone } = newStack({ env: TEST_ENV }, app);
      const platform = new MultiAzHaPlatform(stack, 'Platform', { dns: { hostedZone, recordName: 'app', routing: DnsRouting.ACTIVE_ACTIVE } });
      new GlobalDns(stack, 'AutoDns', {
        hostedZone,
        recordName: 'auto',
        routing: DnsRouting.ACTIVE_ACTIVE,
        autoEvacuation: { enabled: true },
        zoneLoadBalancers: platform.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
        zoneTrafficMetrics: trafficMetricsOf(platform),
      });
      // Canaries every pack must flag, so "no other finding" means something.
      const canary = new Stack(app, 'Canary');
      new s3.Bucket(canary, 'NonCompliantBucket');
      new logs.LogGroup(canary, 'UnencryptedLogGroup', { retention: logs.RetentionDays.INFINITE });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app),
        new PCIDSS321Checks(app));
      return app;
    });
    expect(plugins.sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
    const all = findings.flatMap((f) => f.paths.map((path) => `${f.rule} ${path}`));
    const canary = all.filter((f) => f.includes(' Canary/'));
    expect(canary).toEqual(expect.arrayContaining([
      'AwsSolutions-S1 Canary/NonCompliantBucket/Resource',
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) =>
        `${pack}-CloudWatchLogGroupEncrypted Canary/UnencryptedLogGroup/Resource`),
    ]));
    expect(all.filter((f) => !canary.includes(f))).toEqual([]);
  });
});
