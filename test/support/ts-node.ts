import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The command line (program first) that runs a TypeScript file in a node process of its own: ts-node transpiling
 * with SWC, as the sample's cdk.json runs bin/app.ts. No type-check there: `npm test` type-checks once.
 */
export function tsNodeCommand(script: string, ...args: string[]): string[] {
  return [process.execPath, require.resolve('ts-node/dist/bin.js'), '--swc', script, ...args];
}

/** The command line (program first) the CDK CLI runs for the sample app: cdk.json's `app`. */
export function sampleAppCommand(): string[] {
  const [program, ...args] = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf-8')).app.split(' ');
  return [program === 'node' ? process.execPath : program, ...args];
}
