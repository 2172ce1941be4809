import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { DatabaseTopology, MultiAzHaPlatform, PlatformErrors } from '../../lib';
import { PREDICTION_TAG } from '../../lib/drills/drill-template';
import { ResilienceCause } from '../../lib/report/causes';
import { readPlatformMetadata } from '../../lib/report/read-metadata';
import { CfnTemplate, readPlatform } from '../../lib/report/template-model';
import { resilienceCheck, resilienceFindings } from '../../lib/resilience/findings';
import { REMEDIES } from '../../lib/resilience/remedies';
import { modelOfTiers } from '../../lib/resilience/tier-model';
import { appServers, broker, entry, network, searchDomain } from '../report/report-fixtures';
import { errorOf } from '../support/errors';
import { broughtVpcWithOneNatGateway, buildPlatform, logicalIdOf, newStack, PlatformOverrides } from '../support/fixtures';

const OFF = { enabled: false };
// The recovery checks read the whole platform; the observability tier adds nothing they read.
const LEAN = { observability: OFF };

/** The platform's resilience warnings, by id (after `multi-az-ha-platform:resilience.`). */
function recoveryWarnings(overrides: PlatformOverrides = {}, edit?: (built: ReturnType<typeof buildPlatform>) => void): Record<string, string> {
  const built = buildPlatform({ ...LEAN, ...overrides });
  edit?.(built);
  return warningsOf(built.stack);
}

function warningsOf(stack: Stack): Record<string, string> {
  const found: Record<string, string> = {};
  for (const w of Annotations.fromStack(stack).findWarning('*', Match.anyValue())) {
    const match = /\[ack: Annotation::multi-az-ha-platform:resilience\.([a-z0-9.-]+)\]/.exec(String(w.entry.data));
    if (match) {
      found[match[1]] = String(w.entry.data);
    }
  }
  return found;
}

describe('the default platform', () => {
  test('prints no resilience warning: every target met, every tier serving after the loss of any zone', () => {
    expect(recoveryWarnings()).toEqual({});
  });

  test('nor with the observability tier on', () => {
    expect(warningsOf(buildPlatform().stack)).toEqual({});
  });
});

describe('each opt-out comes back as a warning that names the setting restoring it', () => {
  test.each([
    ['no quorum zone', { network: { quorumZoneEnabled: false } },
      ['zone-loss.search'], /`network.quorumZoneEnabled: true` \(the default/],
    ['a Multi-AZ DB instance', { database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE } },
      ['database-primary'], /To meet it: `database.topology: DatabaseTopology.AURORA`/],
    ['RabbitMQ 3.13 on mq.m5.large', { messaging: { hostInstanceType: 'mq.m5.large' } },
      ['zone-loss.broker'], /`messaging.engineVersion: '4.2'` on an mq.m7g host/],
    ['RabbitMQ 3.13 on mq.m7g', { messaging: { engineVersion: '3.13' } },
      ['zone-loss.broker'], /x-queue-type: quorum/],
    ['one NAT gateway', { network: { natGateways: 1 } },
      ['zone-loss.egress'], /`network.natGateways: 2` \(the default/],
  ] as Array<[string, PlatformOverrides, string[], RegExp]>)('%s', (_name, overrides, ids, remedy) => {
    const warnings = recoveryWarnings(overrides);
    expect(Object.keys(warnings).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(warnings[id]).toMatch(remedy);
    }
  });

  test('a zone-loss warning says which zone, which tier and what is left', () => {
    const warnings = recoveryWarnings({ network: { natGateways: 1 } });
    expect(warnings['zone-loss.egress']).toMatch(
      /^Internet egress \(NAT\) does not survive the loss of zone 1 \(eu-west-1a\)\. After the loss of zone 1 \(eu-west-1a\), it stops serving: \w*PrivateSubnet2\w* route through a NAT gateway in zone 1/);
  });

  test('one warning per tier names every zone whose loss it does not survive, the quorum zone included', () => {
    const warnings = recoveryWarnings({ messaging: { engineVersion: '3.13' } });
    expect(warnings['zone-loss.broker']).toMatch(
      /^Message broker \w+ may not survive the loss of zone 1 \(eu-west-1a\) or zone 2 \(eu-west-1b\) or the quorum zone \(eu-west-1c\)\. After the loss of zone 1 \(eu-west-1a\), it is not sure to keep serving/);
    expect(warnings['zone-loss.broker']).toMatch(/After the loss of the quorum zone \(eu-west-1c\), it is not sure to keep serving/);
  });
});

describe('recovery targets', () => {
  test('a standard (30 s) health check interval misses the 2 minute zone failover target', () => {
    const warnings = recoveryWarnings({ dns: { healthCheckInterval: Duration.seconds(30) } });
    expect(Object.keys(warnings)).toEqual(['zone-1-loss']);
    expect(warnings['zone-1-loss']).toMatch(/about 150 s .* misses `resilience.targets.zoneFailure` of 120 s.*dns.healthCheckInterval/);
  });

  test('a stricter zone target is missed by the default DNS failover (90 s); the quorum zone needs no DNS change', () => {
    const warnings = recoveryWarnings({ resilience: { targets: { zoneFailure: Duration.seconds(60) } } });
    expect(Object.keys(warnings)).toEqual(['zone-1-loss']);
    expect(warnings['zone-1-loss']).toMatch(/about 90 s/);
  });

  test('a stricter database target is missed by Aurora (30 s)', () => {
    const warnings = recoveryWarnings({ resilience: { targets: { databaseFailure: Duration.seconds(20) } } });
    expect(Object.keys(warnings)).toEqual(['database-primary']);
    expect(warnings['database-primary']).toMatch(/about 30 s .* misses `resilience.targets.databaseFailure` of 20 s/);
  });

  test('a relaxed database target is met by the Multi-AZ DB instance', () => {
    expect(recoveryWarnings({
      database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE },
      resilience: { targets: { databaseFailure: Duration.minutes(3) } },
    })).toEqual({});
  });

  test('an escape hatch is not a tier setting: a cache without its replica warns in the report, not at synth', () => {
    const built = buildPlatform(LEAN);
    const group = built.platform.cache!.replicationGroup as elasticache.CfnReplicationGroup;
    group.addPropertyOverride('NumCacheClusters', 1);
    group.addPropertyOverride('AutomaticFailoverEnabled', false);
    group.addPropertyOverride('MultiAZEnabled', false);
    group.addPropertyOverride('PreferredCacheClusterAZs', ['eu-west-1a']);
    expect(warningsOf(built.stack)).toEqual({});
    const findings = resilienceFindings(Template.fromStack(built.stack).toJSON().Resources);
    expect(findings.map((f) => f.id).sort()).toEqual(['resilience.cache-primary', 'resilience.zone-loss.cache']);
    expect(findings.find((f) => f.id === 'resilience.cache-primary')!.message)
      .toMatch(/Cache primary failure: no automatic recovery .* misses `resilience.targets.cacheFailure`.*`cache.replicasPerPrimary`/);
  });

  test('tiers turned off are not checked', () => {
    expect(recoveryWarnings({ database: OFF, messaging: OFF })).toEqual({});
  });

  test.each([
    ['database-primary', { database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE } }],
    ['zone-loss.egress', { network: { natGateways: 1 } }],
  ] as Array<[string, PlatformOverrides]>)('the %s warning can be acknowledged by its id', (id, overrides) => {
    const built = buildPlatform({ ...LEAN, ...overrides });
    Validations.of(built.platform).acknowledge({ id: `Annotation::multi-az-ha-platform:resilience.${id}`, reason: 'accepted' });
    expect(warningsOf(built.stack)).toEqual({});
  });

  test.each([
    [{ databaseFailure: Duration.seconds(0) }, /`resilience.targets.databaseFailure` must be longer than 0 seconds, got 0 seconds/],
    [{ zoneFailure: Duration.millis(0) }, /`resilience.targets.zoneFailure` must be longer than 0 seconds/],
    [{ zoneFailure: 120 as unknown as Duration }, /`resilience.targets.zoneFailure` must be a Duration, such as Duration.minutes\(5\), got 120$/],
  ])('fails when resilience.targets is %j', (targets, message) => {
    const caught = errorOf(() => buildPlatform({ ...LEAN, resilience: { targets } }));
    expect(String(caught)).toMatch(message);
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform');
  });
});

describe('findings from a template', () => {
  const platform = { ...network(), ...appServers(), ...entry() };

  test('the new defaults\' shape has none', () => {
    expect(resilienceFindings({ ...platform, ...searchDomain(3), ...broker() })).toEqual([]);
  });

  test('a two-zone domain gives one finding that names both serving zones, with a stable id', () => {
    const findings = resilienceFindings({ ...network({ quorum: null }), ...appServers(), ...entry(), ...searchDomain(2) });
    expect(findings.map((f) => f.id)).toEqual(['resilience.zone-loss.search']);
    expect(findings[0].message).toMatch(/may not survive the loss of zone 1 \(\S+\) or zone 2 \(\S+\)\. After the loss of zone 1/);
    expect(findings[0].message).toContain(REMEDIES['search-masters-two-zones']);
  });

  test('several causes in one tier name every remedy', () => {
    const findings = resilienceFindings({
      ...platform,
      ...broker('3.13', 'mq.m5.large'),
      Single: {
        Type: 'AWS::AmazonMQ::Broker', Properties: { EngineType: 'RABBITMQ', DeploymentMode: 'SINGLE_INSTANCE', SubnetIds: [{ Ref: 'Isolated1Subnet' }] },
      },
    });
    const zone1 = findings.find((f) => f.id === 'resilience.zone-loss.broker')!;
    expect(zone1.message).toContain(REMEDIES['broker-classic-queues']);
    expect(zone1.message).toContain(REMEDIES['broker-single-instance']);
  });

  test.each(Object.entries(REMEDIES) as Array<[ResilienceCause, string]>)('the remedy of %s names a setting', (_cause, remedy) => {
    expect(remedy).toMatch(/`[^`]+`|target group/);
  });
});

// A brought VPC: the tiers know the zone of each subnet they were given, imported or not; the template knows only the
// subnets it holds, and the NAT gateways of a VPC the platform did not make are not a tier setting.
describe('the synth-time check of a platform in a brought VPC', () => {
  const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const subnetIds = (kind: string) => ZONES.map((_zone, i) => `subnet-${kind}${i + 1}`);

  function checked(makeVpc: (stack: Stack) => ec2.IVpc): { atSynth: string[]; inReport: string[] } {
    const { stack, hostedZone } = newStack();
    new MultiAzHaPlatform(stack, 'Platform', { ...LEAN, dns: { hostedZone, recordName: 'app' }, network: { vpc: makeVpc(stack) } });
    const findings = resilienceFindings(Template.fromStack(stack).toJSON().Resources);
    return { atSynth: Object.keys(warningsOf(stack)).sort(), inReport: findings.map((f) => f.id.replace(/^resilience\./, '')).sort() };
  }

  test('imported subnets: the tiers place every tier in its zones, so no warning; the report cannot place them', () => {
    expect(checked((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ZONES,
      publicSubnetIds: subnetIds('pub'),
      privateSubnetIds: subnetIds('priv'),
      isolatedSubnetIds: subnetIds('iso'),
    }))).toEqual({ atSynth: [], inReport: ['zone-loss.app-servers', 'zone-loss.entry', 'zone-loss.search', 'zone-loss.workers'] });
  });

  test('a VPC of the stack with one NAT gateway: the report sees it, the synth-time check does not', () => {
    expect(checked(broughtVpcWithOneNatGateway)).toEqual({ atSynth: [], inReport: ['zone-loss.egress'] });
  });
});

// The check builds its model from the tiers' settings; what it concludes must be what the report concludes from the
// synthesized template: the same findings, the same recovery figures, with and without findings and targets. An escape
// hatch is not a tier setting: only the report sees it.
describe('the synth-time check concludes what the report reads in the synthesized template', () => {
  test.each([
    ['the defaults: no finding', {}, undefined, 0, 0],
    ['one NAT gateway, RabbitMQ 3.13, a 60 s zone target: three findings', {
      network: { natGateways: 1 },
      messaging: { engineVersion: '3.13' },
      resilience: { targets: { zoneFailure: Duration.seconds(60) } },
    }, undefined, 3, 3],
    ['a cache without its replica, through an escape hatch: two findings in the report only', {}, ({ platform }: ReturnType<typeof buildPlatform>) => {
      const group = platform.cache!.replicationGroup as elasticache.CfnReplicationGroup;
      group.addPropertyOverride('NumCacheClusters', 1);
      group.addPropertyOverride('AutomaticFailoverEnabled', false);
    }, 0, 2],
  ] as const)('%s', (_name, overrides, edit, atSynth, inReport) => {
    const built = buildPlatform({ ...LEAN, ...overrides });
    edit?.(built);
    const warnings = warningsOf(built.stack);
    const template = Template.fromStack(built.stack).toJSON();
    const targets = readPlatformMetadata(template).recoveryTargets;
    const report = resilienceCheck(readPlatform(template as CfnTemplate), targets);
    const check = resilienceCheck(modelOfTiers(built.platform), targets);
    expect([Object.keys(warnings).length, report.findings.length]).toEqual([atSynth, inReport]);
    // The warnings are the check's findings; without an escape hatch, the report's too.
    expect(Object.keys(warnings).sort()).toEqual(check.findings.map((f) => f.id.replace(/^resilience\./, '')).sort());
    for (const finding of check.findings) {
      expect(warnings[finding.id.replace(/^resilience\./, '')]).toContain(finding.message);
    }
    if (atSynth === inReport) {
      expect(check).toEqual(report);
    }
    // The drills carry the check's recovery figures (what the tiers set): each scenario's, on its experiment template.
    const tagged = check.scenarios.filter((scenario) => built.platform.drills?.templates[scenario.id] && scenario.expectedSeconds !== undefined);
    expect(tagged.length).toBeGreaterThan(0);
    for (const scenario of tagged) {
      const experiment = template.Resources[logicalIdOf(built.platform.drills!.templates[scenario.id])];
      expect([scenario.id, experiment.Properties.Tags[PREDICTION_TAG]]).toEqual([scenario.id, String(scenario.expectedSeconds)]);
    }
  });
});
