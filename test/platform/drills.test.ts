import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MultiAzHaPlatform } from '../../lib';
import { buildReport } from '../../lib/report/report';
import { modelOfTiers } from '../../lib/resilience/tier-model';
import { broughtVpcWithOneNatGateway, defaultPlatform, logicalIdOf, once, synthPlatform } from '../support/fixtures';
import * as requestPath from '../support/request-path';

/** The FIS experiment templates of a template, by their scenario tag. */
function drillsOf(template: { toJSON(): any }): Record<string, any> {
  return Object.fromEntries(Object.values(template.toJSON().Resources)
    .filter((r: any) => r.Type === 'AWS::FIS::ExperimentTemplate')
    .map((r: any) => [r.Properties.Tags['multi-az-ha-platform:drill'], r.Properties]));
}

describe('the platform\'s drills (AWS FIS)', () => {
  test('one experiment template per failure the platform claims to survive', () => {
    expect(Object.keys(drillsOf(defaultPlatform().template)).sort())
      .toEqual(['app-server', 'cache-primary', 'database-primary', 'zone-1-loss', 'zone-2-loss']);
  });

  test('each carries the recovery the report predicts for its scenario (tag and description)', () => {
    const { template } = defaultPlatform();
    const report = buildReport(template.toJSON());
    for (const [scenario, props] of Object.entries(drillsOf(template))) {
      const predicted = report.recovery.scenarios.find((s) => s.id === scenario)!.expectedSeconds!;
      expect(props.Tags['multi-az-ha-platform:predicted-recovery-seconds']).toBe(String(predicted));
      expect(props.Description).toContain(`${predicted} s`);
    }
    expect(report.drills.map((d) => [d.scenario, d.predictedSeconds]).sort()).toEqual(
      Object.keys(drillsOf(template)).sort().map((id) => [id, report.recovery.scenarios.find((s) => s.id === id)!.expectedSeconds]));
  });

  test('a zone\'s drill is not stopped by its own zone going down, but by the other zone\'s alarms', () => {
    const { platform, template } = defaultPlatform();
    const stack = Stack.of(platform);
    const alarms = platform.observability!.alerting.alarms;
    const arnOf = (id: string) => stack.resolve(alarms[id].alarmArn);
    const drills = drillsOf(template);
    const stops = (scenario: string) => drills[scenario].StopConditions.map((c: any) => c.Value);
    expect(stops('zone-1-loss')).not.toContainEqual(arnOf('Zone1Down'));
    expect(stops('zone-1-loss')).toEqual(expect.arrayContaining([arnOf('Zone2Down'), arnOf('Zone2HighErrorRate')]));
    expect(stops('zone-2-loss')).not.toContainEqual(arnOf('Zone2Down'));
    expect(stops('zone-2-loss')).toEqual(expect.arrayContaining([arnOf('Zone1Down'), arnOf('Zone1HighErrorRate')]));
  });

  test('the Aurora cluster is what the database drill fails over', () => {
    const { platform, template } = defaultPlatform();
    const drill = drillsOf(template)['database-primary'];
    expect(Object.values(drill.Actions).map((a: any) => a.ActionId)).toEqual(['aws:rds:failover-db-cluster']);
    expect(JSON.stringify(drill.Targets)).toContain('aws:rds:cluster');
    expect(logicalIdOf(platform.database!.cluster!)).toBe('PlatformDatabaseCluster4F5E008D');
  });

  test('drills.enabled false: no experiment template, no role', () => {
    const { platform, template } = synthPlatform({ drills: { enabled: false } });
    expect(platform.drills).toBeUndefined();
    expect(drillsOf(template)).toEqual({});
  });

  test('the report\'s zone failure figures include the evacuation path: the switch alarm and the alias TTL', () => {
    const report = buildReport(defaultPlatform().template.toJSON());
    for (const id of ['zone-1-loss', 'zone-2-loss']) {
      expect(report.recovery.scenarios.find((s) => s.id === id)!.notes).toContainEqual(
        expect.stringMatching(/^Evacuating a sick zone .*: the switch alarm's 60 s \+ the 60 s TTL = ~120 s after the operator's command/));
    }
  });
});

describe('zones given in reverse alphabetical order (zone 1 is eu-west-1c, the primary DNS zone)', () => {
  // The request path and the drills; a zone failure target the primary zone (90 s of DNS failover) misses.
  const reversed = once(() => requestPath.synthPlatform({
    network: { availabilityZones: ['eu-west-1c', 'eu-west-1b'] },
    drills: {},
    resilience: { targets: { zoneFailure: Duration.seconds(60) } },
  }));

  test('each zone\'s drill carries the recovery predicted for that same zone, and the report numbers the zones as the platform does', () => {
    const { platform, template } = reversed();
    const report = buildReport(template.toJSON());
    expect(report.zones.map((zone) => zone.key)).toEqual(['eu-west-1c', 'eu-west-1b', 'eu-west-1a']);
    expect(modelOfTiers(platform).zones).toEqual(report.zones);
    const drills = drillsOf(template);
    const predictions = platform.network.availabilityZones.map((az, i) => {
      const drill = drills[`zone-${i + 1}-loss`];
      expect(drill.Description).toContain(`zone ${i + 1} (${az})`);
      const scenario = report.recovery.scenarios.find((s) => s.id === `${report.zones.find((zone) => zone.key === az)!.id}-loss`)!;
      expect(drill.Tags['multi-az-ha-platform:predicted-recovery-seconds']).toBe(String(scenario.expectedSeconds));
      return [az, scenario.expectedSeconds];
    });
    // Failover routing: losing the primary zone waits for DNS; losing the secondary changes nothing.
    expect(predictions).toEqual([['eu-west-1c', 90], ['eu-west-1b', 0]]);
  });

  test('in a brought VPC whose own zone order differs, the report still numbers the zones as the platform does', () => {
    const { stack, hostedZone } = requestPath.newStack();
    const vpc = broughtVpcWithOneNatGateway(stack);
    const platform = new MultiAzHaPlatform(stack, 'Platform', {
      ...requestPath.REQUEST_PATH_ONLY,
      drills: {},
      dns: { hostedZone, recordName: 'app' },
      network: { vpc, availabilityZones: ['eu-west-1b', 'eu-west-1a'] },
    });
    const template = Template.fromStack(stack).toJSON();
    const report = buildReport(template);
    expect(report.zones.slice(0, 2).map((zone) => `${zone.name}=${zone.key}`)).toEqual(['zone 1=eu-west-1b', 'zone 2=eu-west-1a']);
    expect(modelOfTiers(platform).zones).toEqual(report.zones);
    const drills = drillsOf(Template.fromStack(stack));
    expect(drills['zone-1-loss'].Tags['multi-az-ha-platform:predicted-recovery-seconds'])
      .toBe(String(report.recovery.scenarios.find((scenario) => scenario.id === 'zone-1-loss')!.expectedSeconds));
  });

  test('the synth-time resilience warning names the primary zone as zone 1', () => {
    const warnings = Annotations.fromStack(reversed().stack).findWarning('*', Match.stringLikeRegexp('resilience\\.zone-\\d-loss'))
      .map((w) => String(w.entry.data));
    expect(warnings).toEqual([expect.stringMatching(/^Zone 1 \(eu-west-1c\) failure: about 90 s .*\[ack: Annotation::multi-az-ha-platform:resilience\.zone-1-loss\]$/s)]);
  });
});
