import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { appServers, broker, getAz, network, Resources, searchDomain } from './report-fixtures';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport } from '../../lib/report/report';
import { readPlatform } from '../../lib/report/template-model';
import { agnosticPlatform, buildPlatform, TEST_ENV } from '../support/fixtures';

const zonesOf = (resources: Resources) => readPlatform({ Resources: resources }).zones.map((zone) => [zone.name, zone.key, zone.role]);

describe('zone roles', () => {
  test('an isolated-only subnet in a third zone, beside two zones that serve, is the quorum zone', () => {
    expect(zonesOf({ ...network(), ...appServers() })).toEqual([
      ['zone 1', 'GetAZs[0]', 'serving'], ['zone 2', 'GetAZs[1]', 'serving'], ['quorum zone', 'GetAZs[2]', 'quorum'],
    ]);
  });

  test('subnets read their kind from their route table: internet gateway, NAT gateway, or no route out', () => {
    const subnets = readPlatform({ Resources: network() }).subnets;
    expect(Object.fromEntries(subnets.map((s) => [s.logicalId, s.kind]))).toEqual({
      Public1Subnet: 'public',
      Public2Subnet: 'public',
      Private1Subnet: 'private',
      Private2Subnet: 'private',
      Isolated1Subnet: 'isolated',
      Isolated2Subnet: 'isolated',
      QuorumSubnet: 'isolated',
    });
  });

  test('serving zones are numbered first, whatever the quorum zone\'s name sorts as', () => {
    const resources = network({ serving: ['eu-west-1b', 'eu-west-1c'], quorum: 'eu-west-1a' });
    expect(zonesOf(resources)).toEqual([
      ['zone 1', 'eu-west-1b', 'serving'], ['zone 2', 'eu-west-1c', 'serving'], ['quorum zone', 'eu-west-1a', 'quorum'],
    ]);
  });

  test('zone 1 is the platform\'s first zone, from its template metadata, whatever its name sorts as', () => {
    const resources = network({ serving: ['eu-west-1c', 'eu-west-1b'], quorum: 'eu-west-1a' });
    const metadata = { MultiAzHaPlatform: { zones: ['eu-west-1c', 'eu-west-1b'] } };
    expect(readPlatform({ Resources: resources, Metadata: metadata }).zones.map((zone) => [zone.name, zone.key, zone.role])).toEqual([
      ['zone 1', 'eu-west-1c', 'serving'], ['zone 2', 'eu-west-1b', 'serving'], ['quorum zone', 'eu-west-1a', 'quorum'],
    ]);
    // Without it (another tool's template), the report has nothing but the names to go by.
    expect(zonesOf(resources).map(([name, key]) => `${name}=${key}`))
      .toEqual(['zone 1=eu-west-1b', 'zone 2=eu-west-1c', 'quorum zone=eu-west-1a']);
  });

  test.each([
    ['not a list', 'eu-west-1a'],
    ['a list with a number', ['eu-west-1a', 2]],
  ])('a metadata zone list that is %s is an input error, naming the entry', (_name, zones) => {
    const template = { Resources: network(), Metadata: { MultiAzHaPlatform: { zones } } };
    expect(() => buildReport(template)).toThrow(/Metadata\.MultiAzHaPlatform\.zones must be a list of zone names/);
  });

  test('without the quorum subnet the template has two zones', () => {
    expect(zonesOf(network({ quorum: null }))).toEqual([['zone 1', 'GetAZs[0]', 'serving'], ['zone 2', 'GetAZs[1]', 'serving']]);
  });

  test('a zone with servers serves even without public or private subnets', () => {
    const resources: Resources = {
      Isolated: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1c' } },
      Servers: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '2', AvailabilityZones: ['us-east-1a', 'us-east-1b'] } },
    };
    expect(zonesOf(resources)).toEqual([
      ['zone 1', 'us-east-1a', 'serving'], ['zone 2', 'us-east-1b', 'serving'], ['quorum zone', 'us-east-1c', 'quorum'],
    ]);
  });

  test.each([
    ['only isolated subnets: nothing serves, so no zone is a quorum zone', {
      A: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1a' } },
      B: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1b' } },
    }],
    ['subnets tagged by aws-cdk-lib, without route tables', {
      A: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1a', Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Public' }] } },
      B: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1b', MapPublicIpOnLaunch: true } },
    }],
  ])('%s', (_name, resources: Resources) => {
    expect(zonesOf(resources)).toEqual([['zone 1', 'us-east-1a', 'serving'], ['zone 2', 'us-east-1b', 'serving']]);
  });

  test('the sample app\'s environment-agnostic platform: GetAZs 0 and 1 serve, GetAZs 2 is the quorum zone', () => {
    const report = buildReport(agnosticPlatform().template.toJSON());
    expect(report.zones.map((zone) => `${zone.name} (${zone.key})`)).toEqual(['zone 1 (GetAZs[0])', 'zone 2 (GetAZs[1])', 'quorum zone (GetAZs[2])']);
    expect(report.recovery.scenarios.map((s) => s.id).slice(0, 3)).toEqual(['zone-1-loss', 'zone-2-loss', 'quorum-zone-loss']);
  });

  test('quorum members in the quorum zone land in its inventory column', () => {
    const report = buildReport({ Resources: { ...network(), ...appServers(), ...searchDomain(3), ...broker() } });
    const quorum = report.inventory.zones.find((zone) => zone.zoneName === 'quorum zone')!;
    expect(quorum.tiers.filter((tier) => tier.servers > 0).map((tier) => [tier.tier, tier.servers])).toEqual([['Search', 3], ['Message broker', 1]]);
    expect(report.inventory.zones.map((zone) => zone.zone)).not.toContain('unplaced');
  });
});

describe('placeholder zones', () => {
  const placeholders: Resources = {
    ...network({ serving: ['dummy1a', 'dummy1b'], quorum: 'dummy1c' }),
    ...appServers(),
  };

  test('aws-cdk-lib\'s offline placeholders (dummy1a, dummy1b, dummy1c) are flagged in the model and the JSON', () => {
    const report = buildReport({ Resources: placeholders });
    expect(report.zonesArePlaceholders).toBe(true);
    // Placeholder zones name no region either: the cost section's prices-region warning follows (cost-regions.test.ts).
    expect(report.warnings.map((w) => w.id)).toEqual(['placeholder-zones', 'prices-region']);
    expect(report.warnings[0].message).toMatch(/^The zones are placeholders \(dummy1a, dummy1b, dummy1c\)/);
    expect(report.warnings[0].message).toMatch(/Pass the zones .*or add the context/);
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ zonesArePlaceholders: true, warnings: [{ id: 'placeholder-zones' }, { id: 'prices-region' }] });
  });

  test('the markdown says so at the top, before the zones and the figures', () => {
    const markdown = renderMarkdown(buildReport({ Resources: placeholders }, { source: 'cdk.out/Stack.template.json' }));
    const warning = markdown.indexOf('> **WARNING (placeholder-zones):** The zones are placeholders');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(markdown.indexOf('Zones: zone 1'));
  });

  test('a stack with an account and a region, synthesized without zone context, gets them', () => {
    const { stack } = buildPlatform({ observability: { enabled: false } }, { env: TEST_ENV }, new App());
    const report = buildReport(Template.fromStack(stack).toJSON());
    expect(report.zones.map((zone) => zone.key)).toEqual(['dummy1a', 'dummy1b', 'dummy1c']);
    expect(report.zonesArePlaceholders).toBe(true);
  });

  test.each([
    ['real zones', { ...network({ serving: ['eu-west-1a', 'eu-west-1b'], quorum: 'eu-west-1c' }), ...appServers() }],
    ['environment-agnostic zones', { ...network(), ...appServers() }],
    ['a zone whose name merely contains "dummy"', { ...network({ serving: ['dummy-zone-a', 'eu-west-1b'], quorum: null }), ...appServers() }],
  ])('%s are not placeholders', (_name, resources: Resources) => {
    const report = buildReport({ Resources: resources });
    expect(report.zonesArePlaceholders).toBe(false);
    expect(report.warnings.filter((w) => w.id !== 'prices-region')).toEqual([]);
  });

  test('the zone helper reads GetAZs indexes', () => {
    expect(zonesOf({ S: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: getAz(4) } } })).toEqual([['zone 1', 'GetAZs[4]', 'serving']]);
  });
});
