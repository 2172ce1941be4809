import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
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
    try {
      app.synth();
    } catch (error) {
      if (!/Validation ?[Ff]ailed/.test(String(error))) {
        throw error;
      }
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
