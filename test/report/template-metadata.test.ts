import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MultiAzHaPlatform } from '../../lib';
import { DEFAULT_RECOVERY_TARGETS } from '../../lib/report/recovery';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport } from '../../lib/report/report';
import { ReportInputError } from '../../lib/report/template-model';
import { agnosticPlatform, buildPlatform, defaultPlatform, newStack } from '../support/fixtures';

const scenario = (report: ReturnType<typeof buildReport>, id: string) => report.recovery.scenarios.find((s) => s.id === id)!;

describe('the platform writes its recovery targets and region in the template, and the report judges by them', () => {
  const configured = (() => {
    const { stack } = buildPlatform({
      resilience: { targets: { databaseFailure: Duration.seconds(10), zoneFailure: Duration.minutes(5) } },
    });
    return Template.fromStack(stack).toJSON();
  })();

  test('the default platform carries the default targets, its region and its serving zones in its order', () => {
    expect(defaultPlatform().template.toJSON().Metadata.MultiAzHaPlatform).toEqual({
      recoveryTargets: DEFAULT_RECOVERY_TARGETS,
      region: 'eu-west-1',
      zones: ['eu-west-1a', 'eu-west-1b'],
    });
  });

  test('configured targets travel in seconds, the others stay the defaults', () => {
    expect(configured.Metadata.MultiAzHaPlatform.recoveryTargets).toEqual({
      ...DEFAULT_RECOVERY_TARGETS, databaseSeconds: 10, zoneFailureSeconds: 300,
    });
  });

  test('the report judges by the template\'s targets: a 10 s database target is missed, and the markdown says whose targets', () => {
    const report = buildReport(configured);
    expect(report.recoveryTargetsFrom).toBe('template');
    expect(scenario(report, 'database-primary')).toMatchObject({ target: 10, meets: false });
    expect(report.recovery.targets.zoneFailureSeconds).toBe(300);
    expect(renderMarkdown(report)).toContain('Targets: the platform\'s own (`resilience.targets`');
  });

  test('targets given to the report override the template\'s', () => {
    const report = buildReport(configured, { targets: { databaseSeconds: 600 } });
    expect(report.recoveryTargetsFrom).toBe('options');
    expect(scenario(report, 'database-primary')).toMatchObject({ target: 600, meets: true });
    expect(report.recovery.targets.zoneFailureSeconds).toBe(300);
  });

  test('a template without the metadata is judged by the defaults, and says so', () => {
    const { Metadata, ...bare } = configured;
    const report = buildReport(bare);
    expect(report.recoveryTargetsFrom).toBe('defaults');
    expect(report.recovery.targets).toEqual(DEFAULT_RECOVERY_TARGETS);
    expect(renderMarkdown(report)).toContain('Targets: the defaults');
  });

  test.each([
    ['not an object', 'fast', /Metadata\.MultiAzHaPlatform must be an object, got "fast"/],
    ['an unknown target', { recoveryTargets: { dbSeconds: 1 } }, /Metadata\.MultiAzHaPlatform\.recoveryTargets: unknown target "dbSeconds"/],
    ['a negative target', { recoveryTargets: { databaseSeconds: -1 } }, /"databaseSeconds" must be a number of seconds greater than 0, got -1/],
    ['a region that is no region', { region: 'Europe' }, /Metadata\.MultiAzHaPlatform\.region must be a region name such as eu-west-1, got "Europe"/],
  ])('a malformed entry (%s) is an input error naming it', (_case, entry, message) => {
    const template = { ...configured, Metadata: { ...configured.Metadata, MultiAzHaPlatform: entry } };
    expect(() => buildReport(template, { source: 'head.json' })).toThrow(ReportInputError);
    expect(() => buildReport(template, { source: 'head.json' })).toThrow(message);
  });

  test('an environment-agnostic stack carries no region', () => {
    const entry = agnosticPlatform().template.toJSON().Metadata.MultiAzHaPlatform;
    expect(entry.recoveryTargets).toEqual(DEFAULT_RECOVERY_TARGETS);
    expect(entry).not.toHaveProperty('region');
  });

  test('two platforms in one stack share the entry with the stricter target of each', () => {
    const { stack, hostedZone } = newStack();
    new MultiAzHaPlatform(stack, 'A', {
      dns: { hostedZone, recordName: 'a' },
      resilience: { targets: { databaseFailure: Duration.seconds(20), cacheFailure: Duration.seconds(90) } },
    });
    new MultiAzHaPlatform(stack, 'B', {
      dns: { hostedZone, recordName: 'b' },
      resilience: { targets: { databaseFailure: Duration.seconds(45), cacheFailure: Duration.seconds(15) } },
    });
    const targets = stack.templateOptions.metadata?.MultiAzHaPlatform.recoveryTargets;
    expect(targets).toMatchObject({ databaseSeconds: 20, cacheSeconds: 15, zoneFailureSeconds: 120 });
  });
});
