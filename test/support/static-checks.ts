// What `npm test` runs before jest (the static-checks task), on both cores. In this process: tsc over the tests and the
// sample app (test/tsconfig.json, which takes in lib/), then ESLint as projen's eslint task runs it, given that same
// TypeScript program for its type-aware rules (@typescript-eslint/no-floating-promises, return-await): left to
// itself, ESLint builds a program of its own, about 10 s of a cold run. Beside it, in a process of its own: tsc over
// the examples of README.md and docs/ (written first, test/support/doc-examples.ts). `--no-lint` type-checks only
// (the typecheck task). tsc is incremental and ESLint caches its results (node_modules/.cache/), so a run after a
// small change is quicker.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { DOC_EXAMPLES_DIR, writeDocExamples } from './doc-examples';
import { sourceFilesAt } from './source-files';

const ROOT = path.join(__dirname, '..', '..');

/** The tsc projects, by the name of their incremental state file. */
export const TYPECHECK_PROJECTS: Record<string, string> = { 'test': 'test/tsconfig.json', 'doc-examples': DOC_EXAMPLES_DIR };

const buildInfoFile = (name: string) => path.join(ROOT, 'node_modules', '.cache', 'typecheck', `${name}.tsbuildinfo`);

/** What the eslint task (.projen/tasks.json, as .projenrc.ts generates it) lints, and how. */
export interface EslintTaskOptions {
  /** The files and folders it lints. */
  readonly patterns: string[];
  /** The extensions of the files it lints in those folders. */
  readonly extensions: string[];
  /** Where it caches its results, if it does. */
  readonly cacheLocation?: string;
}

/** The eslint task's command line, as .projenrc.ts generates it. */
function eslintTaskCommand(): string[] {
  return JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks.eslint.steps[0].execArgs;
}

/** Reads the eslint task's command line; an option this file does not apply fails, so that both lint alike. */
export function eslintTaskOptions(commandLine: string[] = eslintTaskCommand()): EslintTaskOptions {
  const [command, ...args] = commandLine;
  const shape = new Error(`static-checks: the eslint task is not \`eslint <options> $@ <patterns>\`: ${[command, ...args].join(' ')}`);
  if (command !== 'eslint') {
    throw shape;
  }
  let extensions: string[] = ['.js'];
  let cache = false;
  let cacheLocation: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '$@') {
      return { patterns: args.slice(i + 1), extensions, cacheLocation: cache ? cacheLocation ?? '.eslintcache' : undefined };
    } else if (arg === '--ext') {
      extensions = args[++i].split(',');
    } else if (arg === '--cache') {
      cache = true;
    } else if (arg === '--cache-location') {
      cacheLocation = args[++i];
    } else if (!arg.startsWith('-')) {
      throw shape;
    } else if (arg !== '--no-error-on-unmatched-pattern') {
      throw new Error(`static-checks: the eslint task has an option this file does not apply: ${arg}`);
    }
  }
  throw shape;
}

/** Prints diagnostics as tsc does (with colour and context on a terminal); returns how many there were. */
function report(diagnostics: readonly ts.Diagnostic[]): number {
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
  if (diagnostics.length > 0) {
    const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    process.stdout.write(`${format(diagnostics, host)}\nFound ${diagnostics.length} error(s) in ${TYPECHECK_PROJECTS.test}.\n`);
  }
  return diagnostics.length;
}

/** `tsc --noEmit --incremental -p test/tsconfig.json`, in this process: the program, and whether it type-checks. */
function typeCheckTests(): { program: ts.Program; ok: boolean } {
  const unrecoverable: ts.Diagnostic[] = [];
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, TYPECHECK_PROJECTS.test),
    { noEmit: true, incremental: true, tsBuildInfoFile: buildInfoFile('test') },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => unrecoverable.push(diagnostic) });
  if (!config) {
    report(unrecoverable);
    throw new Error(`static-checks: cannot read ${TYPECHECK_PROJECTS.test}`);
  }
  const builder = ts.createIncrementalProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  // As tsc reports them (emitFilesAndReportErrors): the semantic ones only without syntax errors, and with noEmit the
  // declaration ones (tsconfig.json's `declaration` reaches the tests) only when nothing came before them.
  const diagnostics = [...builder.getConfigFileParsingDiagnostics(), ...builder.getOptionsDiagnostics(), ...builder.getSyntacticDiagnostics()];
  if (diagnostics.length === 0) {
    diagnostics.push(...builder.getGlobalDiagnostics(), ...builder.getSemanticDiagnostics());
    if (diagnostics.length === 0 && (config.options.declaration || config.options.composite)) {
      diagnostics.push(...builder.getDeclarationDiagnostics());
    }
  }
  diagnostics.push(...builder.emit().diagnostics); // with noEmit, only the incremental state
  return { program: builder.getProgram(), ok: report(ts.sortAndDeduplicateDiagnostics(diagnostics)) === 0 };
}

/**
 * ESLint as the eslint task runs it (its configuration, files and cache), with `programs` for the type-aware rules:
 * the tests' program, and for the files it lacks (.projenrc.ts), one with the options of tsconfig.json, the
 * project the configuration's projectService falls back to. Resolves to whether it found no error.
 */
async function lint(testProgram: ts.Program): Promise<boolean> {
  const task = eslintTaskOptions();
  const others = task.patterns.flatMap((pattern) => sourceFilesAt(path.join(ROOT, pattern), task.extensions))
    .filter((file) => !testProgram.getSourceFile(file));
  const programs = [testProgram];
  if (others.length > 0) {
    const { options } = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    programs.push(ts.createProgram({ rootNames: others, options }));
  }
  // eslint 9 runs .eslintrc.json (projen's format) through this class; the eslint CLI does when ESLINT_USE_FLAT_CONFIG=false.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LegacyESLint } = require('eslint/use-at-your-own-risk');
  const eslint = new LegacyESLint({
    cwd: ROOT,
    extensions: task.extensions,
    errorOnUnmatchedPattern: false,
    cache: task.cacheLocation !== undefined,
    // A cache of its own beside the task's: ESLint drops a cache made with another configuration (here: the programs),
    // so sharing one would make each re-lint every file after the other.
    cacheLocation: task.cacheLocation && (task.cacheLocation.endsWith('/') ? `${task.cacheLocation}static-checks/` : `${task.cacheLocation}-static-checks`),
    // ESLint deep-copies overrideConfig, so typescript-eslint gets copies of the programs: that works because a
    // TypeScript program's methods are closures over its state; nothing here may rely on the programs' identity.
    overrideConfig: { parserOptions: { projectService: false, programs } },
  });
  const results = await eslint.lintFiles(task.patterns);
  const output = (await eslint.loadFormatter('stylish')).format(results);
  if (output) {
    process.stdout.write(`${output}\n`);
  }
  return results.every((result: { errorCount: number }) => result.errorCount === 0);
}

/** Runs a node script; resolves to whether it exited 0, its output printed when it ends (so outputs do not interleave). */
function run(script: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT });
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => {
      process.stdout.write(`${output}${script}: ${error.message}\n`);
      resolve(false);
    });
    child.on('close', (code) => {
      process.stdout.write(output);
      resolve(code === 0);
    });
  });
}

async function main(): Promise<boolean> {
  writeDocExamples();
  const docExamples = run(require.resolve('typescript/bin/tsc'),
    ['--noEmit', '--incremental', '--tsBuildInfoFile', buildInfoFile('doc-examples'), '-p', TYPECHECK_PROJECTS['doc-examples']]);
  const tests = typeCheckTests();
  const linted = process.argv.includes('--no-lint') || await lint(tests.program);
  return [tests.ok, linted, await docExamples].every(Boolean);
}

if (require.main === module) {
  main().then((ok) => {
    process.exitCode = ok ? 0 : 1;
  }, (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
