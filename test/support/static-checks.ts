// What `npm test` runs before jest (the static-checks task), side by side, one process a core: tsc over the tests and
// the sample app, tsc over the examples of README.md and docs/ (written first, test/support/doc-examples.ts), and
// ESLint (projen's eslint task, which .projenrc.ts configures). `--no-lint` type-checks only (the typecheck task).
// tsc is incremental and ESLint caches its results (node_modules/.cache/), so a run after a small change is quicker.
import { spawn } from 'child_process';
import * as path from 'path';
import { DOC_EXAMPLES_DIR, writeDocExamples } from './doc-examples';

const ROOT = path.join(__dirname, '..', '..');

/** The tsc projects, by the name of their incremental state file. */
export const TYPECHECK_PROJECTS: Record<string, string> = { 'test': 'test/tsconfig.json', 'doc-examples': DOC_EXAMPLES_DIR };

/** Runs a node script; resolves to its exit code, its output printed when it ends (so outputs do not interleave). */
function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT });
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => {
      process.stdout.write(`${output}${script}: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => {
      process.stdout.write(output);
      resolve(code ?? 1);
    });
  });
}

if (require.main === module) {
  writeDocExamples();
  const checks = Object.entries(TYPECHECK_PROJECTS).map(([name, project]) => run(require.resolve('typescript/bin/tsc'),
    ['--noEmit', '--incremental', '--tsBuildInfoFile', `node_modules/.cache/typecheck/${name}.tsbuildinfo`, '-p', project]));
  if (!process.argv.includes('--no-lint')) {
    checks.push(run(path.join(path.dirname(require.resolve('projen/package.json')), 'bin', 'projen'), ['eslint']));
  }
  void Promise.all(checks).then((codes) => {
    process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
  });
}
