import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { architectureDiagram } from '../support/diagram';
import { defaultPlatform } from '../support/fixtures';
import { REPORT_SAMPLE_FILE, sampleAppReport } from '../support/report-sample';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
/**
 * Every markdown file of docs/, by its path from the repository root.
 */
const DOCS = new Map(fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md'))
  .map((name) => [`docs/${name}`, fs.readFileSync(path.join(ROOT, 'docs', name), 'utf-8')]));
const tsExamples = (markdown: string) => [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/** What snippets without imports of their own may use, as the README's prose introduces them. */
const PRELUDE = `
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiAzHaPlatform } from 'cdk-multi-az-ha-platform';
declare const app: App;
declare const platform: MultiAzHaPlatform;
void Stack; void cloudwatch; void elbv2; void subscriptions; void AwsSolutionsChecks; void Validations; void HIPAASecurityChecks; void NIST80053R5Checks; void PCIDSS321Checks;
`;

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

  test('every TypeScript example of README.md and docs/*.md compiles against the library', () => {
    const snippets = [['README.md', tsExamples(README)] as const, ...[...DOCS].map(([file, text]) => [file, tsExamples(text)] as const)]
      .flatMap(([file, codes]) => codes.map((code, i) => ({ name: `${path.basename(file, '.md')}-snippet-${i}.ts`, code })));
    expect(tsExamples(README).length).toBeGreaterThanOrEqual(3);
    // The examples of the docs this repository keeps for users, at least (docs/connecting-your-app.md's is a whole app).
    for (const file of ['docs/connecting-your-app.md', 'docs/observability.md', 'docs/validation.md', 'docs/compliance.md']) {
      expect(tsExamples(DOCS.get(file) ?? '').length).toBeGreaterThanOrEqual(1);
    }
    const files = new Map(snippets.map(({ name, code }) => [
      path.join(ROOT, 'test', 'docs', name),
      /^import /m.test(code) ? `${code}\nexport {};\n` : `${PRELUDE}\n${code}\nexport {};\n`,
    ]));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: ['node'],
      baseUrl: ROOT,
      paths: { 'cdk-multi-az-ha-platform': ['lib/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => files.get(path.resolve(file)) ?? readFile(file);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
    const program = ts.createProgram([...files.keys()], options, host);
    const errors = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(path.resolve(d.file.fileName)))
      .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
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
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
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
