import { Stack } from 'aws-cdk-lib';
import { buildReport } from '../../lib/report/report';
import { defaultPlatform, logicalIdOf, synthPlatform } from '../support/fixtures';

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
