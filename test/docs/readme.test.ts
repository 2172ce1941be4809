import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { architectureDiagram } from '../support/diagram';
import { DOC_EXAMPLES_DIR, docExampleModules, markdownFiles, tsExamples } from '../support/doc-examples';
import { defaultPlatform } from '../support/fixtures';
import { REPORT_SAMPLE_FILE, sampleAppReport } from '../support/report-sample';
import { eslintTaskOptions, TYPECHECK_PROJECTS } from '../support/static-checks';
import { tsNodeCommand } from '../support/ts-node';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

describe('README', () => {
  test('keeps the two commands that set up a fresh machine, verbatim, and stays short enough to read to the end', () => {
    const commands = README.split('## The two commands\n')[1].match(/```bash\n([\s\S]*?)```/)![1];
    expect(commands.split('\n').map((line) => line.replace(/\s+#.*$/, '')).filter(Boolean))
      .toEqual(['npm ci && npm run synth', 'npm test']);
    // Long reference lives in docs/ (the house style's README is near cdk-nag's 10 KB).
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(25 * 1024);
  });

  test('the architecture diagram is generated from the default platform\'s template', () => {
    const diagram = README.split('<!-- diagram:start -->\n')[1].split('\n<!-- diagram:end -->')[0];
    expect(diagram).toEqual(architectureDiagram(defaultPlatform().template.toJSON() as any));
    expect(diagram).toContain('App servers: 4 x c7g.xlarge');
  });

  test('README.md and the docs users copy from keep TypeScript examples, and `npm test` type-checks every one', () => {
    expect(tsExamples(README).length).toBeGreaterThanOrEqual(3);
    // The examples of the docs this repository keeps for users, at least (docs/connecting-your-app.md's is a whole app).
    for (const file of ['docs/connecting-your-app.md', 'docs/observability.md', 'docs/validation.md', 'docs/compliance.md']) {
      expect(tsExamples(markdownFiles().get(file) ?? '').length).toBeGreaterThanOrEqual(1);
    }
    const examples = docExampleModules();
    // Every TypeScript fence opens an example: one the extractor would miss (```typescript, ~~~ts, an indented fence)
    // fails here instead of escaping the type-check. A fence inside a table or a sentence is no fence.
    const fences = (text: string) => (text.match(/^\s*(```|~~~)\s*(ts|typescript|tsx)\b/gim) ?? []).length;
    expect(examples.size).toBe([...markdownFiles().values()].reduce((n, text) => n + fences(text), 0));
    // `npm test` starts with the static checks: they write the examples to DOC_EXAMPLES_DIR and run tsc over them.
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
    expect(tasks.test.steps[0]).toEqual({ spawn: 'static-checks' });
    expect(tasks['static-checks'].steps).toEqual([{ exec: 'ts-node --swc test/support/static-checks.ts' }]);
    expect(Object.values(TYPECHECK_PROJECTS)).toEqual(['test/tsconfig.json', DOC_EXAMPLES_DIR]);
  });

  test('the static checks lint what the eslint task lints, with its extensions and cache', () => {
    expect(eslintTaskOptions()).toEqual({
      patterns: ['lib', 'test', 'build-tools', 'projenrc', '.projenrc.ts'],
      extensions: ['.ts', '.tsx'],
      cacheLocation: 'node_modules/.cache/eslint/',
    });
  });

  test('the GitHub workflows set up the newest Node 20, as .ci/run runs on (20.0.0 is too old for jsii and ESLint)', () => {
    const dir = path.join(ROOT, '.github', 'workflows');
    const versions = fs.readdirSync(dir).flatMap((file) =>
      [...fs.readFileSync(path.join(dir, file), 'utf-8').matchAll(/node-version: *"?([^"\n]+)"?/g)].map((m) => m[1]));
    expect(versions.length).toBeGreaterThanOrEqual(3);
    expect([...new Set(versions)].filter((version) => !/^20(\.x)?$/.test(version))).toEqual([]);
  });

  test.each([
    [['eslint', '--fix', '$@', 'lib'], /an option this file does not apply: --fix/],
    [['eslint', '--ext', '.ts', 'lib'], /is not `eslint <options> \$@ <patterns>`: eslint --ext .ts lib/],
    [['npx', 'eslint', '$@', 'lib'], /is not `eslint <options> \$@ <patterns>`: npx eslint/],
  ])('the static checks fail on an eslint task they would not lint alike: %j', (commandLine, error) => {
    expect(() => eslintTaskOptions(commandLine)).toThrow(error);
  });

  test(`${REPORT_SAMPLE_FILE}, the report of the sample app, is what the report command prints today`, () => {
    const committed = fs.readFileSync(path.join(ROOT, REPORT_SAMPLE_FILE), 'utf-8');
    // On a mismatch, run `npx projen readme` and read the diff: it is how the sample platform changed.
    expect(committed).toEqual(sampleAppReport());
  });
});

describe('README minimal example', () => {
  test('synthesizes offline with the cdk.json context it shows: no lookup left to do, no placeholder zones', () => {
    const example = tsExamples(README).find((code) => code.includes('new MultiAzHaPlatform(stack'))!;
    const cdkJson = JSON.parse([...README.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).find((text) => text.includes('availability-zones:'))!);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
    // Inside the repository, so that it resolves aws-cdk-lib from node_modules.
    const script = path.join(__dirname, `readme-example-${process.pid}.ts`);
    fs.writeFileSync(script, `${example.replace(/from 'cdk-multi-az-ha-platform'/, `from '${path.join(ROOT, 'lib')}'`)}\napp.synth();\n`);
    try {
      const [program, ...args] = tsNodeCommand(script);
      execFileSync(program, args, {
        cwd: ROOT,
        env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context), CDK_VALIDATION: 'false' },
        stdio: 'pipe',
      });
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
      expect(manifest.missing).toBeUndefined();
      const template = fs.readFileSync(path.join(outdir, 'Platform.template.json'), 'utf-8');
      expect(template).not.toContain('dummy1');
      expect(template).toContain('"eu-west-1c"'); // the quorum zone
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.rmSync(script, { force: true });
    }
  });
});

describe('CI, defined once (the projen ci:* tasks)', () => {
  const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');
  const tasks: Record<string, { steps?: Array<{ spawn?: string }> }> = JSON.parse(read('.projen/tasks.json')).tasks;
  // The lanes .ci/run reads from .projen/tasks.json (`lane_tasks <task>`), and what each spawns, in order.
  const lanes = [...read('.ci/run').matchAll(/\blane_tasks (ci:[\w:-]+)/g)].map((m) => m[1]);
  const laneSteps = lanes.flatMap((lane) => (tasks[lane]?.steps ?? []).map((step) => step.spawn ?? JSON.stringify(step)));
  const checks = Object.keys(tasks).filter((name) => name.startsWith('ci:') && !lanes.includes(name)).sort();

  test('.ci/run runs every ci:* task once, through its two lanes, and the rest of what it runs is in projen build', () => {
    expect(lanes).toEqual(['ci:checks', 'ci:jest']);
    expect(checks.length).toBeGreaterThanOrEqual(7);
    expect(laneSteps.filter((name) => name.startsWith('ci:')).sort()).toEqual(checks);
    // compile (before the checks that read the compiled library) and npm test: the workflow runs them in `projen build`.
    expect(laneSteps.filter((name) => !name.startsWith('ci:'))).toEqual(['compile', 'test']);
    expect(tasks.build.steps!.map((step) => step.spawn)).toEqual(expect.arrayContaining(['compile', 'test']));
  });

  test('the GitHub build workflow runs projen build and the same ci:* tasks, each once', () => {
    const workflow = read('.github/workflows/build.yml');
    // A job with a Node matrix runs its command once per version (the jest job: ci:jest-node${{ matrix.node }}).
    const nodes = [...(workflow.match(/\n( *)matrix:\n\1 +node:\n((?:\1 +- .+\n)+)/)?.[2] ?? '').matchAll(/- "?([^"\n]+)"?/g)].map((m) => m[1]);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    const runs = [...workflow.matchAll(/^ *run: npx projen (.+)$/gm)]
      .flatMap((m) => (m[1].includes('${{ matrix.node }}') ? nodes.map((node) => m[1].replace('${{ matrix.node }}', node)) : [m[1]]));
    expect(runs).toContain('build');
    expect(runs.filter((name) => name.startsWith('ci:')).sort()).toEqual(checks);
  });
});
