import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, main, parseArgs } from '../../lib/report/cli';
import { PlatformDiff } from '../../lib/report/diff';
import { DIFF_HEADINGS, NO_CHANGE } from '../../lib/report/diff-render';
import { PRICE_TABLE_DATE } from '../../lib/report/prices';
import { HEADINGS } from '../../lib/report/render-markdown';
import { PlatformReport } from '../../lib/report/report';
import { defaultPlatform } from '../support/fixtures';
import { tsNodeCommand } from '../support/ts-node';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join('lib', 'report', 'cli.ts');

/**
 * Runs the CLI the way a user would: a node process from the TypeScript sources, so the exit code, stdout and stderr
 * are the process's. A few tests do (about 2 s each); the others call {@link run}.
 */
function runProcess(...args: string[]) {
  const [program, ...argv] = tsNodeCommand(CLI, ...args);
  const result = spawnSync(program, argv, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI's main() in this process: the same code after the process starts, with its output captured. */
function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = main(args, (text) => { stdout += text; }, (text) => { stderr += text; });
  return { status, stdout, stderr };
}

/** The error output is one line, names the problem, and shows no stack trace. */
function expectOneLineError(result: ReturnType<typeof runProcess>, message: RegExp) {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^cdk-multi-az-ha-platform-report: error: /);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(message);
}

let dir: string;
let templateFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-report-'));
  templateFile = path.join(dir, 'platform.template.json');
  fs.writeFileSync(templateFile, JSON.stringify(defaultPlatform().template.toJSON()));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('report on the default platform', () => {
  test('prints markdown with the four sections and the price table date', () => {
    const result = runProcess(templateFile);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith(`${HEADINGS.title}\n`)).toBe(true);
    for (const heading of [HEADINGS.inventory, HEADINGS.cost, HEADINGS.recovery, HEADINGS.zoneLoss]) {
      expect(result.stdout).toContain(`\n${heading}\n`);
    }
    expect(result.stdout).toContain(`price table of **${PRICE_TABLE_DATE}**`);
    expect(result.stdout).toMatch(/\| Zone 1 \(eu-west-1a\) failure \| 90 s \| ≤ 120 s \| yes \|/);
    expect(result.stdout).toMatch(/\| Quorum zone \(eu-west-1c\) failure \| 0 s \| ≤ 120 s \| yes \|/);
    expect(result.stdout).toContain('### If quorum zone (`eu-west-1c`) is lost');
  });

  test('--json prints the JSON model', () => {
    const result = run(templateFile, '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as PlatformReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.recovery.scenarios.find((s) => s.id === 'zone-1-loss')?.expectedSeconds).toBe(90);
    expect(report.inventory.totals.servers).toBe(29);
    expect(report).toMatchObject({ zonesArePlaceholders: false, warnings: [] });
    expect(report.zones.map((zone) => zone.name)).toEqual(['zone 1', 'zone 2', 'quorum zone']);
  });

  test('--targets overrides the recovery targets', () => {
    const targets = write('targets.json', JSON.stringify({ databaseSeconds: 20 }));
    const report = JSON.parse(run(templateFile, '--json', '--targets', targets).stdout) as PlatformReport;
    expect(report.recovery.scenarios.find((s) => s.id === 'database-primary')).toMatchObject({ target: 20, meets: false });
  });

  test('reads the single stack of a cdk.out directory, or the one named by --stack', () => {
    const single = path.join(dir, 'single.out');
    write('single.out/Sample.template.json', fs.readFileSync(templateFile, 'utf8'));
    write('single.out/manifest.json', JSON.stringify({
      version: '48.0.0',
      artifacts: { Sample: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Sample.template.json' } } },
    }));
    expect(run(single).stdout).toContain(HEADINGS.recovery);

    const two = path.join(dir, 'two.out');
    write('two.out/A.template.json', fs.readFileSync(templateFile, 'utf8'));
    write('two.out/B.template.json', JSON.stringify({ Resources: {} }));
    expectOneLineError(run(two), /holds 2 stacks \(A, B\): choose one with --stack NAME/);
    expect(run(two, '--stack', 'B').stdout).toMatch(/No platform resources found/);
    expectOneLineError(run(two, '--stack', 'C'), /has no stack C/);
  });
});

describe('bad input', () => {
  test.each([
    ['malformed JSON', '{"Resources": {', /is not valid JSON/],
    ['a JSON array', '[1, 2, 3]', /is not a CloudFormation template: expected a JSON object with "Resources", got an array/],
    ['JSON that is not a template', '{"name": "cdk-multi-az-ha-platform"}', /has no "Resources" section/],
    ['a resource without a Type', '{"Resources": {"Broken": {"Properties": {}}}}', /resource "Broken" has no "Type"/],
  ])('%s: exit code 2 and a one-line error', (_name, content, message) => {
    expectOneLineError(run(write(`bad-${_name.replace(/\W+/g, '-')}.json`, content)), message);
  });

  test('a missing file, no argument, an unknown option, a bad targets file', () => {
    expectOneLineError(runProcess(path.join(dir, 'nope.json')), /cannot read .*nope\.json: no such file or directory/);
    expectOneLineError(run(), /missing the template/);
    expectOneLineError(run(templateFile, '--yaml'), /unknown option --yaml/);
    expectOneLineError(run(templateFile, '--targets', write('bad-targets.json', '{"db": 1}')), /unknown target "db"/);
  });

  test('a template without the platform\'s resources: an empty report that says so', () => {
    const result = run(write('empty.json', '{"Resources": {}}'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/No platform resources found/);
  });

  test('--help prints the usage', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: cdk-multi-az-ha-platform-report <template\.json \| cdk\.out directory>/);
  });
});

describe('in process', () => {
  test('parses its arguments', () => {
    expect(parseArgs(['t.json', '--json', '--stack=S', '--targets', 'x.json'])).toEqual({
      input: 't.json', stack: 'S', json: true, targets: 'x.json', failOn: [], help: false,
    });
    expect(parseArgs(['--base', 'b.json', 'h.json', '--fail-on', 'zone-loss', '--fail-on=cost-increase:5'])).toMatchObject({
      input: 'h.json', base: 'b.json', failOn: ['zone-loss', 'cost-increase:5'],
    });
    expect(() => parseArgs(['--base', 'b.json', 'h.json', 'x.json'])).toThrow(/--base compares two templates: got h.json and x.json/);
    expect(() => parseArgs(['a.json', 'b.json'])).toThrow(/one template at a time/);
    expect(() => parseArgs(['--stack'])).toThrow(/--stack needs a value/);
  });

  test('returns 0 with the report, 2 with a one-line error', () => {
    expect(run(templateFile)).toMatchObject({ status: 0, stderr: '' });
    const bad = run(write('in-process-bad.json', 'not json'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^cdk-multi-az-ha-platform-report: error: .* is not valid JSON \(.*\)\n$/);
  });

  test('placeholder zones: a warning at the top of the markdown, and in --json', () => {
    const subnet = (zone: string) => ({ Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: zone, MapPublicIpOnLaunch: true } });
    const template = {
      Resources: {
        A: subnet('dummy1a'),
        B: subnet('dummy1b'),
        Servers: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '2', VPCZoneIdentifier: [{ Ref: 'A' }, { Ref: 'B' }] } },
      },
    };
    const file = write('placeholders.json', JSON.stringify(template));
    const markdown = run(file);
    expect(markdown.stdout.split('\n').slice(0, 6).join('\n')).toMatch(/> \*\*WARNING \(placeholder-zones\):\*\* The zones are placeholders \(dummy1a, dummy1b\)/);
    const json = JSON.parse(run(file, '--json').stdout) as PlatformReport;
    // Placeholder zones name no region: the cost section's prices-region warning follows.
    expect(json).toMatchObject({ zonesArePlaceholders: true, warnings: [{ id: 'placeholder-zones' }, { id: 'prices-region' }] });
  });

  test('--stack on a template file is an error', () => {
    expect(run(templateFile, '--stack', 'X')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--stack applies to a cdk.out directory/) });
  });
});

describe('--base: the pull-request diff', () => {
  /** The default platform with its database cluster renamed (every reference follows, as a construct rename does). */
  function renamedDatabase(): { file: string; cluster: string } {
    const text = fs.readFileSync(templateFile, 'utf8');
    const cluster = Object.entries(JSON.parse(text).Resources as Record<string, { Type: string }>)
      .find(([, r]) => r.Type === 'AWS::RDS::DBCluster')![0];
    return { file: write('renamed-db.json', text.split(`"${cluster}"`).join('"PlatformPrimaryDatabaseCluster0123ABCD"')), cluster };
  }

  test('the same template as base and head: "No infrastructure change", exit 0 (through the process)', () => {
    const result = runProcess('--base', templateFile, templateFile, '--fail-on', 'stateful-replacement,recovery-target,zone-loss,cost-increase:0');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout.startsWith(`${DIFF_HEADINGS.title}\n`)).toBe(true);
    expect(result.stdout).toContain(NO_CHANGE);
    expect(result.stdout).toContain('- passed `stateful-replacement`');
  });

  test('a renamed database fails --fail-on stateful-replacement: exit 1, the cluster named on stderr and in the markdown', () => {
    const { file, cluster } = renamedDatabase();
    const result = run('--base', templateFile, file, '--fail-on', 'stateful-replacement');
    expect(result.status).toBe(EXIT.ruleTripped);
    expect(result.stderr).toMatch(new RegExp(`^cdk-multi-az-ha-platform-report: --fail-on stateful-replacement tripped:\n  - AWS::RDS::DBCluster .*\\(logical ID ${cluster}\\): its logical ID is gone`));
    expect(result.stdout).toContain('- **FAILED** `stateful-replacement`:');
    expect(result.stdout).toContain(`| AWS::RDS::DBCluster | ${cluster} | **DESTROY**`);
    // Without the rule, the same diff is printed and the exit code is 0.
    expect(run('--base', templateFile, file)).toMatchObject({ status: EXIT.ok, stderr: '' });
  });

  test('--json prints the diff model with the rules\' outcome', () => {
    const { file, cluster } = renamedDatabase();
    const result = run('--base', templateFile, file, '--json', '--fail-on', 'stateful-replacement,cost-increase:50');
    expect(result.status).toBe(EXIT.ruleTripped);
    const diff = JSON.parse(result.stdout) as PlatformDiff & { policy: Array<{ rule: string; tripped: boolean }> };
    expect(diff).toMatchObject({ schemaVersion: 1, noChange: false, base: { source: templateFile }, head: { source: file } });
    expect(diff.stateful[0]).toMatchObject({ logicalId: cluster, action: 'DESTROY' });
    expect(diff.policy).toEqual([
      expect.objectContaining({ rule: 'stateful-replacement', tripped: true }),
      { rule: 'cost-increase:50', tripped: false, reasons: [] },
    ]);
  });

  test('without --base, recovery-target and zone-loss gate one template', () => {
    const strict = write('strict-targets.json', JSON.stringify({ databaseSeconds: 1 }));
    const missed = run(templateFile, '--targets', strict, '--fail-on', 'recovery-target');
    expect(missed.status).toBe(EXIT.ruleTripped);
    expect(missed.stderr).toMatch(/--fail-on recovery-target tripped:\n  - Database primary \(writer\) failure: \d+ s, target 1 s/);
    expect(missed.stdout).toContain(`${DIFF_HEADINGS.policy}\n\n- **FAILED** \`recovery-target\`:`);
    expect(run(templateFile, '--fail-on', 'recovery-target,zone-loss')).toMatchObject({ status: EXIT.ok, stderr: '' });
    const json = JSON.parse(run(templateFile, '--json', '--targets', strict, '--fail-on', 'recovery-target').stdout);
    expect(json).toMatchObject({ schemaVersion: 1, policy: [{ rule: 'recovery-target', tripped: true }] });
  });

  test.each([
    [['--base', 'BASE', 'HEAD', '--fail-on', 'replacement'], /--fail-on: unknown rule "replacement" \(rules: stateful-replacement, recovery-target, zone-loss, cost-increase:<percent>\)/],
    [['--base', 'BASE', 'HEAD', '--fail-on', 'cost-increase:ten'], /--fail-on cost-increase:ten: the percent must be a number such as cost-increase:10, got "ten"/],
    [['--base', 'BASE', 'HEAD', '--fail-on', 'cost-increase:-5'], /the percent must be a number .* got "-5"/],
    [['--base', 'BASE', 'HEAD', '--fail-on', 'cost-increase'], /--fail-on cost-increase needs a percent/],
    [['--base', 'BASE', 'HEAD', '--fail-on', ','], /--fail-on: unknown rule ""/],
    [['--base', 'BASE'], /--base .* needs the head template too/],
    [['--base'], /--base needs a value/],
    [['HEAD', '--fail-on', 'stateful-replacement'], /--fail-on stateful-replacement compares two templates: give the base with --base/],
    [['HEAD', '--fail-on', 'zone-loss,cost-increase:5'], /--fail-on cost-increase:5 compares two templates/],
    [['--base', path.join(os.tmpdir(), 'no-such-base.json'), 'HEAD'], /cannot read .*no-such-base\.json: no such file or directory/],
  ])('%j: exit 2 and a one-line error', (args, message) => {
    const result = run(...args.map((arg) => (arg === 'BASE' || arg === 'HEAD' ? templateFile : arg)));
    expect(result).toMatchObject({ status: EXIT.usage, stdout: '' });
    expect(result.stderr).toMatch(/^cdk-multi-az-ha-platform-report: error: /);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  test('an internal error exits 3, not 1 (which means a rule tripped)', () => {
    let stderr = '';
    const status = main([templateFile], () => { throw new Error('stdout closed'); }, (text) => { stderr += text; });
    expect(status).toBe(EXIT.internal);
    expect(EXIT).toEqual({ ok: 0, ruleTripped: 1, usage: 2, internal: 3 });
    expect(stderr).toBe('cdk-multi-az-ha-platform-report: internal error: stdout closed (please report it with the template)\n');
  });
});
