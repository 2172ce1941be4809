#!/usr/bin/env node
/**
 * cdk-multi-az-ha-platform-report: prints the platform report of a synthesized template.
 *
 *   cdk-multi-az-ha-platform-report <template.json | cdk.out directory> [--stack NAME] [--json] [--targets FILE]
 *
 * Exit codes: 0 report printed; 2 bad arguments or input (one line on stderr, no stack trace); 1 internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkRecoveryTargets, RecoveryTargets } from './recovery';
import { renderMarkdown } from './render-markdown';
import { buildReport } from './report';
import { parseTemplateText, ReportInputError } from './template-model';

const COMMAND = 'cdk-multi-az-ha-platform-report';

export const USAGE = `Usage: ${COMMAND} <template.json | cdk.out directory> [options]

Prints the MultiAzHaPlatform report of a synthesized CloudFormation template: inventory per zone,
estimated monthly cost, recovery per failure scenario, and what survives the loss of each zone.

Options:
  --stack NAME      the stack to report on when the cdk.out directory holds several
  --json            print the report's JSON model instead of markdown
  --targets FILE    JSON file overriding recovery targets in seconds, for example
                    {"zoneFailureSeconds": 120, "databaseSeconds": 60}
  -h, --help        print this help
`;

/** Arguments of the command. */
export interface CliArgs {
  readonly input?: string;
  readonly stack?: string;
  readonly json: boolean;
  readonly targets?: string;
  readonly help: boolean;
}

/** Parses the command line (without `node` and the script). Throws ReportInputError for bad arguments. */
export function parseArgs(argv: string[]): CliArgs {
  let input: string | undefined;
  let stack: string | undefined;
  let targets: string | undefined;
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) {
        throw new ReportInputError(`${arg} needs a value`);
      }
      return next;
    };
    if (arg === '--json') {
      json = true;
    } else if (arg === '-h' || arg === '--help') {
      help = true;
    } else if (arg === '--stack') {
      stack = value();
    } else if (arg.startsWith('--stack=')) {
      stack = arg.slice('--stack='.length);
    } else if (arg === '--targets') {
      targets = value();
    } else if (arg.startsWith('--targets=')) {
      targets = arg.slice('--targets='.length);
    } else if (arg.startsWith('-')) {
      throw new ReportInputError(`unknown option ${arg} (see --help)`);
    } else if (input === undefined) {
      input = arg;
    } else {
      throw new ReportInputError(`one template at a time: got ${input} and ${arg}`);
    }
  }
  return { input, stack, json, targets, help };
}

/** The template file to read: the argument itself, or the stack's template in a cdk.out directory. */
export function resolveTemplateFile(input: string, stack?: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new ReportInputError(`cannot read ${input}: no such file or directory`);
  }
  if (!stat.isDirectory()) {
    if (stack) {
      throw new ReportInputError('--stack applies to a cdk.out directory, not to a template file');
    }
    return input;
  }
  const templates = stackTemplates(input);
  if (templates.length === 0) {
    throw new ReportInputError(`${input} holds no CloudFormation stack template (expected a cdk.out directory)`);
  }
  if (stack) {
    const match = templates.find((t) => t.name === stack);
    if (!match) {
      throw new ReportInputError(`${input} has no stack ${stack} (stacks: ${templates.map((t) => t.name).join(', ')})`);
    }
    return match.file;
  }
  if (templates.length > 1) {
    throw new ReportInputError(`${input} holds ${templates.length} stacks (${templates.map((t) => t.name).join(', ')}): choose one with --stack NAME`);
  }
  return templates[0].file;
}

/** Stack templates of a cdk.out directory: from manifest.json, or every *.template.json. */
function stackTemplates(dir: string): Array<{ name: string; file: string }> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifestFile)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      const artifacts: Record<string, any> = manifest?.artifacts ?? {};
      const stacks = Object.entries(artifacts)
        .filter(([, artifact]) => artifact?.type === 'aws:cloudformation:stack' && typeof artifact?.properties?.templateFile === 'string')
        .map(([name, artifact]) => ({ name: artifact.displayName ?? name, file: path.join(dir, artifact.properties.templateFile) }));
      if (stacks.length > 0) {
        return stacks;
      }
    } catch {
      // Fall back to the file names.
    }
  }
  return fs.readdirSync(dir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => ({ name: file.slice(0, -'.template.json'.length), file: path.join(dir, file) }));
}

function readTargets(file: string): Partial<RecoveryTargets> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ReportInputError(`cannot read targets file ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ReportInputError(`targets file ${file} is not valid JSON`);
  }
  try {
    return checkRecoveryTargets(json, `targets file ${file}`);
  } catch (error) {
    throw new ReportInputError((error as Error).message);
  }
}

/** Runs the command; returns the exit code. Output goes through the given writers (the process's by default). */
export function main(argv: string[], stdout: (text: string) => void = (t) => process.stdout.write(t),
  stderr: (text: string) => void = (t) => process.stderr.write(t)): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      stdout(USAGE);
      return 0;
    }
    if (!args.input) {
      throw new ReportInputError('missing the template: give a template.json file or a cdk.out directory (see --help)');
    }
    const file = resolveTemplateFile(args.input, args.stack);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new ReportInputError(`cannot read ${file}`);
    }
    const template = parseTemplateText(text, file);
    const targets = args.targets ? readTargets(args.targets) : undefined;
    const report = buildReport(template, { source: file, targets });
    stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderMarkdown(report)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ReportInputError) {
      stderr(`${COMMAND}: error: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr(`${COMMAND}: internal error: ${message.split('\n')[0]} (please report it with the template)\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
