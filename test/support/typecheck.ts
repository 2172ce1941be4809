// `npx projen typecheck` (the first step of `npm test`): tsc over the tests and the sample app, and over the examples
// of README.md and docs/ (written first, test/support/doc-examples.ts), the two programs side by side (each takes one
// core). Incremental: the state is in node_modules/.cache/typecheck/, so a run after a small change is quicker.
import { spawn } from 'child_process';
import * as path from 'path';
import { DOC_EXAMPLES_DIR, writeDocExamples } from './doc-examples';

const ROOT = path.join(__dirname, '..', '..');

/** The tsc projects, by the name of their incremental state file. */
export const TYPECHECK_PROJECTS: Record<string, string> = { 'test': 'test/tsconfig.json', 'doc-examples': DOC_EXAMPLES_DIR };

/** Runs tsc over one project; resolves to its exit code, its output printed when it ends. */
function tsc(name: string, project: string): Promise<number> {
  const args = [require.resolve('typescript/bin/tsc'), '--noEmit', '--incremental',
    '--tsBuildInfoFile', `node_modules/.cache/typecheck/${name}.tsbuildinfo`, '-p', project];
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, args, { cwd: ROOT });
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => {
      process.stdout.write(output);
      resolve(code ?? 1);
    });
  });
}

if (require.main === module) {
  writeDocExamples();
  void Promise.all(Object.entries(TYPECHECK_PROJECTS).map(([name, project]) => tsc(name, project))).then((codes) => {
    process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
  });
}
