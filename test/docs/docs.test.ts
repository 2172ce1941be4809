import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { ACKNOWLEDGEMENTS_FILE, acknowledgementRows, acknowledgementTable } from '../support/acknowledgements';
import { defaultPlatform } from '../support/fixtures';
import { DEFAULTS_FILE, markedKeys, optionsSections, optionsTable, tableIn } from '../support/options-tables';
import { sourceFilesAt } from '../support/source-files';
import { tsNodeCommand } from '../support/ts-node';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');
/** README.md and every markdown file of docs/, by path from the repository root. */
const MARKDOWN = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`)];

describe(ACKNOWLEDGEMENTS_FILE, () => {
  test('the acknowledgement table lists exactly the acknowledgements in the code, with their reasons', () => {
    const table = read(ACKNOWLEDGEMENTS_FILE).split('<!-- acknowledgements:start -->\n')[1].split('\n<!-- acknowledgements:end -->')[0];
    // On a mismatch, run `npx projen readme` and read the diff.
    expect(table).toEqual(acknowledgementTable(acknowledgementRows(defaultPlatform().stack)));
  });
});

describe(DEFAULTS_FILE, () => {
  const text = read(DEFAULTS_FILE);
  const sections = optionsSections();

  test('has a table for every options object of the platform\'s props, and none for options that no longer exist', () => {
    expect(sections.map((s) => s.key)).toEqual(expect.arrayContaining(['platform', 'network', 'dns', 'appTier', 'workers',
      'database', 'cache', 'search', 'messaging', 'storage', 'observability', 'drills', 'resilience']));
    expect(markedKeys(text).sort()).toEqual(sections.map((s) => s.key).sort());
  });

  test.each(optionsSections().map((s) => [s.key]))('the %s table is generated from the props\' doc comments', (key) => {
    // On a mismatch, run `npx projen readme` and read the diff: it is how the documented options changed.
    expect(tableIn(text, key)).toEqual(optionsTable(sections.find((s) => s.key === key)!));
  });

  test('the tables show the defaults the tiers document, for example', () => {
    expect(tableIn(text, 'network')).toContain('| `network.natGateways` | `2` |');
    expect(tableIn(text, 'appTier')).toContain('| `appTier.instancesPerZone` | `[4, 4]` |');
    expect(tableIn(text, 'database')).toContain('| `database.topology` | `DatabaseTopology.AURORA`');
    expect(text).not.toMatch(/\bseed\b/i);
  });
});

/** Every public `metric` and `metricXxx` method of the library's exported classes (lib/private aside), with its `@default`. */
function publicMetricMethods(): Array<{ method: string; default?: string }> {
  const libFiles = sourceFilesAt(path.join(ROOT, 'lib')).filter((file) => !file.includes(`${path.sep}private${path.sep}`));
  return libFiles.flatMap((file) => {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
    return source.statements.filter(ts.isClassDeclaration)
      .filter((cls) => hasModifier(cls, ts.SyntaxKind.ExportKeyword))
      .flatMap((cls) => cls.members.filter(ts.isMethodDeclaration)
        .filter((m) => /^metric([A-Z]\w*)?$/.test(m.name.getText(source)))
        .filter((m) => !hasModifier(m, ts.SyntaxKind.PrivateKeyword) && !hasModifier(m, ts.SyntaxKind.ProtectedKeyword))
        .map((m) => ({
          method: `${cls.name!.text}.${m.name.getText(source)}`,
          default: ts.getJSDocTags(m).filter((tag) => tag.tagName.text === 'default').map((tag) => ts.getTextOfJSDocComment(tag.comment))[0],
        })));
  });
}

function hasModifier(node: ts.HasModifiers, kind: ts.SyntaxKind): boolean {
  return (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

describe('metric methods', () => {
  test('every public metric method documents its default as aws-cdk-lib does: `@default <statistic> over <period>`', () => {
    const methods = publicMetricMethods();
    expect(methods.map((m) => m.method)).toEqual(expect.arrayContaining(['AppTier.metric', 'GlobalDns.metric', 'MessagingTier.metricMessageCount',
      'PlatformLogsAndTraces.metricMemoryUsedPercent']));
    const statistic = '(Average|Sum|Minimum|Maximum|SampleCount|p\\d+(\\.\\d+)?)';
    const undocumented = methods.filter((m) => !new RegExp(`^${statistic}\\b.* over \\d+ (second|minute|hour|day)s?\\b`).test(m.default ?? ''));
    expect(undocumented).toEqual([]);
  });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

describe('links', () => {
  test.each(MARKDOWN.map((f) => [f]))('every relative link of %s resolves, to a file and to a heading in it', (file) => {
    const text = read(file);
    const broken: string[] = [];
    for (const [, target] of withoutCode(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) {
        continue; // https:, mailto:
      }
      const [relative, anchor] = target.split('#');
      const resolved = relative ? path.join(path.dirname(path.join(ROOT, file)), relative) : path.join(ROOT, file);
      if (!fs.existsSync(resolved)) {
        broken.push(`${target}: no such file`);
      } else if (anchor && resolved.endsWith('.md') && !anchorsIn(fs.readFileSync(resolved, 'utf-8')).has(anchor)) {
        broken.push(`${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('README.md links every document it moved to docs/', () => {
    const readme = read('README.md');
    for (const file of ['first-deploy', 'defaults', 'connecting-your-app', 'observability', 'runbook', 'drills',
      'validation', 'compliance', 'reference-architecture', 'development']) {
      expect(readme).toContain(`](docs/${file}.md)`);
    }
  });
});

test('README.md sums up the committed report: its servers by zone, vCPUs, memory, storage and monthly cost', () => {
  const report = read('docs/platform-report.md');
  const total = report.match(/^\| \*\*Total\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*([\d.]+)\*\* \| \*\*(\d+)\*\* \|$/m)!;
  const [zone1, zone2, quorum, servers, vcpus, memory, storage] = total.slice(1).map(Number);
  const onDemand = Number(report.match(/^\| On-demand \| \$([\d,.]+) \|/m)![1].replace(/,/g, ''));
  expect(read('README.md').replace(/\s+/g, ' ')).toContain(`The default platform: ${servers} servers (${zone1} in zone 1, ${zone2} in zone 2, ` +
    `${quorum} in the quorum zone), ${vcpus} vCPUs, ${Math.round(memory)} GiB of memory, ${(storage / 1000).toFixed(1)} TB of ` +
    `provisioned storage plus the Aurora cluster volume, about $${(Math.round(onDemand / 10) * 10).toLocaleString('en-US')} a month on demand.`);
});

test('docs/validation.md lists every warning id the library raises', () => {
  const table = read('docs/validation.md');
  // Each warn(scope, '<id>', ...) in lib/, its id as written: a template's placeholders stand for a prop or tier name.
  const ids = sourceFilesAt(path.join(ROOT, 'lib')).flatMap((file) =>
    [...fs.readFileSync(file, 'utf-8').matchAll(/\bwarn\([\w.]+,\s*(['`])([^'`]+)\1/g)].map((m) => m[2]));
  expect(ids.length).toBeGreaterThan(20);
  const undocumented = ids.filter((id) => {
    const pattern = new RegExp(`\`multi-az-ha-platform:${id.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.*+?^()|[\]\\]/g, '\\$&')).join('[A-Za-z]+')}\``);
    return !pattern.test(table);
  });
  expect(undocumented).toEqual([]);
});

// The library's design of record calls the reference architecture "the seed"; nothing users read does: API.md (the
// props' doc comments), the docs, the report (docs/platform-report.md) and the errors.
test.each([...MARKDOWN, 'API.md'].map((f) => [f]))('%s says "the reference architecture", never "the seed"', (file) => {
  expect(read(file)).not.toMatch(/\bseed\b/i);
});

describe('docs/connecting-your-app.md', () => {
  test('its multi-stack example synthesizes, and only the app\'s stack refers to the other (no dependency cycle)', () => {
    const example = read('docs/connecting-your-app.md').match(/```ts\n([\s\S]*?)```/)![1];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'multi-stack-example-'));
    // Inside the repository, so that it resolves aws-cdk-lib from node_modules.
    const script = path.join(__dirname, `multi-stack-example-${process.pid}.ts`);
    fs.writeFileSync(script, `${example.replace(/from 'cdk-multi-az-ha-platform'/, `from '${path.join(ROOT, 'lib')}'`)}\napp.synth();\n`);
    try {
      const [program, ...args] = tsNodeCommand(script);
      execFileSync(program, args, {
        cwd: ROOT,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_VALIDATION: 'false',
          CDK_CONTEXT_JSON: JSON.stringify({
            'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
          }),
        },
        stdio: 'pipe',
      });
      const platform = fs.readFileSync(path.join(outdir, 'Platform.template.json'), 'utf-8');
      const orders = JSON.parse(fs.readFileSync(path.join(outdir, 'Orders.template.json'), 'utf-8'));
      expect(platform).not.toContain('Fn::ImportValue');
      const ingress = Object.values(orders.Resources as Record<string, { Type: string; Properties: any }>)
        .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress');
      expect(ingress.map((r) => r.Properties.Description).sort()).toEqual(['Orders to PostgreSQL', 'Orders to the cache']);
      expect(JSON.stringify(orders)).toContain('Fn::ImportValue');
      // The grants: both secrets readable, both keys usable only through Secrets Manager, from the role's policy.
      const statements = Object.values(orders.Resources as Record<string, { Type: string; Properties: any }>)
        .filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((r) => r.Properties.PolicyDocument.Statement);
      const imported = (statement: any) => String(statement.Resource['Fn::ImportValue']).replace(/^Platform:ExportsOutput(Ref|FnGetAtt)Platform/, '');
      const decrypt = statements.filter((st: any) => st.Action === 'kms:Decrypt');
      expect(decrypt.map((st: any) => st.Condition)).toEqual([0, 1].map(() => ({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } })));
      expect(decrypt.map(imported)).toEqual([expect.stringMatching(/^DatabaseKey\w+Arn/), expect.stringMatching(/^CacheKey\w+Arn/)]);
      const reads = statements.filter((st: any) => String(st.Action) === 'secretsmanager:GetSecretValue,secretsmanager:DescribeSecret');
      expect(reads.map(imported)).toEqual([expect.stringMatching(/^DatabaseCredentials/), expect.stringMatching(/^CacheAuthSecret/)]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.rmSync(script, { force: true });
    }
  });
});
