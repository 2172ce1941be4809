import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { newTestApp } from './fixtures';

export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly paths: string[];
}

/**
 * Synthesizes an app with its validation plugins and returns every finding they reported.
 * aws-cdk-lib throws when a plugin reports an error and writes the report either way.
 */
export function synthAndCollectFindings(makeApp: (outdir: string) => App): { findings: Finding[]; plugins: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-validation-'));
  try {
    const app = makeApp(outdir);
    // aws-cdk-lib also prints the report (a warning block per synth) to stderr: the file is what is read, tests print no noise.
    const printError = console.error;
    console.error = () => undefined;
    try {
      app.synth();
    } catch (error) {
      if (!/Validation ?[Ff]ailed/.test(String(error))) {
        throw error;
      }
    } finally {
      console.error = printError;
    }
    const reportFile = path.join(outdir, 'validation-report.json');
    const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')) : { pluginReports: [] };
    const findings: Finding[] = report.pluginReports.flatMap((plugin: any) => plugin.violations.map((v: any) => ({
      plugin: plugin.pluginName,
      rule: v.ruleName,
      paths: (v.violatingConstructs ?? v.violatingResources ?? []).map((c: any) => c.constructPath),
    })));
    return { findings, plugins: report.pluginReports.map((p: any) => p.pluginName) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Runs cdk-nag's AwsSolutions pack over the app `build` fills, plus a canary stack holding a bucket the
 * pack must flag (AwsSolutions-S1 and AwsSolutions-S10), in one synth. Returns the rules the canary's
 * findings name (sorted) and every other finding.
 */
export function awsSolutionsFindings(build: (app: App) => void): { canaryRules: string[]; others: Finding[] } {
  const { findings } = synthAndCollectFindings((outdir) => {
    const app = newTestApp({ outdir });
    build(app);
    new s3.Bucket(new Stack(app, 'Canary'), 'NonCompliantBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return app;
  });
  const canary = findings.filter((f) => f.paths.every((p) => p.startsWith('Canary/')));
  return { canaryRules: canary.map((f) => f.rule).sort(), others: findings.filter((f) => !canary.includes(f)) };
}

/** Asserts that cdk-nag's AwsSolutions pack ran (its canary drew S1 and S10) and found nothing in the app `build` fills. */
export function expectNoAwsSolutionsFinding(build: (app: App) => void): void {
  const { canaryRules, others } = awsSolutionsFindings(build);
  expect(canaryRules).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
  expect(others).toEqual([]);
}

/**
 * Runs the CloudFormation schema validation aws-cdk-lib performs at synth (test/support/setup-env.ts
 * turns it off for the unit tests) over the app `build` fills, plus a canary stack holding a bucket with
 * a property the schema does not know, in one synth. The validation is on for this synth only.
 * Returns how many findings the canary drew and every other finding.
 */
export function schemaValidationFindings(build: (app: App) => void): { canaryFindings: number; others: Finding[] } {
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    const { findings } = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      build(app);
      const canary = new s3.Bucket(new Stack(app, 'Canary'), 'Bucket');
      (canary.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotASchemaProperty', true);
      return app;
    });
    const canary = findings.filter((f) => f.paths.length > 0 && f.paths.every((p) => p?.startsWith('Canary/')));
    return { canaryFindings: canary.length, others: findings.filter((f) => !canary.includes(f)) };
  } finally {
    if (previous === undefined) {
      delete process.env.CDK_VALIDATION;
    } else {
      process.env.CDK_VALIDATION = previous;
    }
  }
}

/** Asserts that the CloudFormation schema validation ran (its canary drew findings) and found nothing in the app `build` fills. */
export function expectNoSchemaFinding(build: (app: App) => void): void {
  const { canaryFindings, others } = schemaValidationFindings(build);
  expect(canaryFindings).toBeGreaterThan(0);
  expect(others).toEqual([]);
}

/** Where @cdklabs/cdk-validator-cfnguard keeps the Control Tower rules it bundles, one `ct-<service>-pr-<n>.guard` file each. */
const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

/**
 * The Control Tower control ID (CT.S3.PR.2) of each bundled guard rule, by the rule name the plugin reports
 * (s3_bucket_logging_enabled_check): each file holds one top-level rule, `rule <name> when is_cfn_template(...)`.
 */
export function controlTowerControlIds(): Map<string, string> {
  const ids = new Map<string, string>();
  for (const service of fs.readdirSync(CONTROL_TOWER_RULES)) {
    for (const file of fs.readdirSync(path.join(CONTROL_TOWER_RULES, service))) {
      const text = fs.readFileSync(path.join(CONTROL_TOWER_RULES, service, file), 'utf-8');
      const ruleName = /^rule (\w+) when is_cfn_template/m.exec(text)?.[1];
      if (ruleName) {
        ids.set(ruleName, path.parse(file).name.toUpperCase().replace(/-PR-/, '.PR.').replace(/^CT-/, 'CT.'));
      }
    }
  }
  return ids;
}

/** The CloudFormation resource types of every stack in `app`. */
function resourceTypesIn(app: App): Set<string> {
  return new Set(app.node.findAll().filter(CfnResource.isCfnResource).map((resource) => resource.cfnResourceType));
}

/**
 * The bundled Control Tower rule files that can apply to templates holding `resourceTypes`: each rule selects the
 * resources it checks by type (`Resources.*[ Type == 'AWS::S3::Bucket' ]`), so a rule naming none of the types
 * finds nothing, and skipping it leaves the findings as they are. A rule that names no type at all is kept. This
 * is how aws-cdk-lib picks the rules of its own synth-time validation; cfn-guard's time grows with rules times
 * template size (all 237 rules over a platform: 17 s; the 109 that apply: 7 s, same report).
 */
function controlTowerRulesFor(resourceTypes: Set<string>): string[] {
  return fs.readdirSync(CONTROL_TOWER_RULES).flatMap((service) => fs.readdirSync(path.join(CONTROL_TOWER_RULES, service))
    .map((file) => path.join(CONTROL_TOWER_RULES, service, file)))
    .filter((file) => {
      const named = fs.readFileSync(file, 'utf-8').match(/AWS::\w+::\w+/g) ?? [];
      return named.length === 0 || named.some((type) => resourceTypes.has(type));
    })
    .sort();
}

export interface ControlTowerFinding {
  /** The control ID, CT.S3.PR.2. */
  readonly control: string;
  /** The construct paths of the resources that fail it. */
  readonly paths: string[];
}

/**
 * Runs AWS Control Tower's proactive controls (cfn-guard, through @cdklabs/cdk-validator-cfnguard) over the app
 * `build` fills, plus a canary stack holding a bucket that fails CT.S3.PR.1 (block public access off), in one synth.
 * Returns the controls the canary fails (sorted) and the other findings, one per control (sorted by control).
 */
export function controlTowerFindings(build: (app: App) => void): { canaryControls: string[]; others: ControlTowerFinding[] } {
  const ids = controlTowerControlIds();
  const { findings } = synthAndCollectFindings((outdir) => {
    const app = newTestApp({ outdir });
    build(app);
    new s3.Bucket(new Stack(app, 'Canary'), 'NonCompliantBucket');
    // A platform's guard report runs past the 1 MB Node gives a child process's stdout by default.
    Validations.of(app).addPlugins(new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: controlTowerRulesFor(resourceTypesIn(app)),
      maxBuffer: 256 * 1024 * 1024,
    }));
    return app;
  });
  const byControl = new Map<string, Set<string>>();
  const canary = new Set<string>();
  for (const finding of findings) {
    const control = ids.get(finding.rule) ?? finding.rule;
    // The plugin reports an empty path next to the real resources for some rules (CT.KMS.PR.3): it takes the
    // resource from where a check ended, which for a comparison with a literal is the literal.
    const paths = finding.paths.filter((p) => p !== '');
    const platformPaths = paths.filter((p) => !p.startsWith('Canary/'));
    if (platformPaths.length < paths.length) {
      canary.add(control);
    }
    if (platformPaths.length > 0 || paths.length === 0) {
      byControl.set(control, new Set([...byControl.get(control) ?? [], ...platformPaths]));
    }
  }
  return {
    canaryControls: [...canary].sort(),
    others: [...byControl].map(([control, paths]) => ({ control, paths: [...paths].sort() })).sort((a, b) => a.control.localeCompare(b.control)),
  };
}
