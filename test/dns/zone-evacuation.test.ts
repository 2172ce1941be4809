import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { errorOf, healthCheckIdOfZone, healthChecksOfType, once, recordOfZone } from './dns-fixtures';
import { DnsRouting, PlatformErrors, ZoneEvacuation } from '../../lib';
import { acknowledgementRows } from '../support/acknowledgements';
import { agnosticPlatform, buildPlatform, defaultPlatform, logicalIdOf, Synthesized, synthPlatform } from '../support/request-path';

const ZONES = [0, 1];
/** [zone number, zone index] for test names. */
const NAMED_ZONES = [[1, 0], [2, 1]];
const activeActive = once(() => synthPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } }));
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

describe('bad input', () => {
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
