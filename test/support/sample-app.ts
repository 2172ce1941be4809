import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sampleAppCommand } from './ts-node';

const ROOT = path.join(__dirname, '..', '..');

/** Runs the sample app the way the CDK CLI does (cdk.json's command; no credentials, no lookups) and returns its cloud assembly. */
export function synthSampleApp(context: Record<string, string> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-sample-'));
  try {
    const [program, ...args] = sampleAppCommand();
    execFileSync(program, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify(context),
        CDK_VALIDATION: 'false',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        AWS_REGION: '',
        AWS_DEFAULT_REGION: '',
      },
      stdio: 'pipe',
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
    const stack = manifest.artifacts.MultiAzHaPlatformSample;
    const template = JSON.parse(fs.readFileSync(path.join(outdir, stack.properties.templateFile), 'utf-8'));
    // The warnings the CDK CLI prints, from the assembly's metadata (id: the construct path).
    const metadataFile = stack.additionalMetadataFile ? path.join(outdir, stack.additionalMetadataFile) : undefined;
    const metadata = metadataFile ? JSON.parse(fs.readFileSync(metadataFile, 'utf-8')) : stack.metadata ?? {};
    const warnings = Object.values(metadata).flat()
      .filter((entry: any) => entry.type === 'aws:cdk:warning')
      .map((entry: any) => String(entry.data));
    return { environment: stack.environment as string, template, missing: manifest.missing, warnings };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

