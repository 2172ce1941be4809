import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';

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
