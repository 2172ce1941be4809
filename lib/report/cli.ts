#!/usr/bin/env node
/**
 * cdk-multi-az-ha-platform-report: prints the platform report of a synthesized template, or (with --base) the diff
 * of two templates for a pull request.
 *
 *   cdk-multi-az-ha-platform-report <template.json | cdk.out directory> [--stack NAME] [--json] [--targets FILE]
 *   cdk-multi-az-ha-platform-report --base <base> <head> [--stack NAME] [--json] [--targets FILE] [--fail-on RULES]
 *
 * Exit codes: 0 printed (and no --fail-on rule tripped); 1 a --fail-on rule tripped (named on stderr and in the
 * output); 2 bad arguments or input (one line on stderr, no stack trace); 3 internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildDiff } from './diff';
import { renderDiffMarkdown, renderPolicy } from './diff-render';
import { DIFF_ONLY_RULES, evaluateDiffRules, evaluateReportRules, FailOnRule, parseFailOn, RuleOutcome, ruleLabel } from './diff-rules';
import { checkRecoveryTargets, RecoveryTargets } from './recovery';
import { renderMarkdown } from './render-markdown';
import { buildReport } from './report';
import { CfnTemplate, parseTemplateText, ReportInputError } from './template-model';

const COMMAND = 'cdk-multi-az-ha-platform-report';

/** The exit codes. */
export const EXIT = { ok: 0, ruleTripped: 1, usage: 2, internal: 3 } as const;

export const USAGE = `Usage: ${COMMAND} <template.json | cdk.out directory> [options]
       ${COMMAND} --base <base template.json | cdk.out directory> <head template.json | cdk.out directory> [options]

Prints the MultiAzHaPlatform report of a synthesized CloudFormation template: inventory per zone,
estimated monthly cost, recovery per failure scenario, and what survives the loss of each zone.
With --base, prints what the head changes against the base, for a pull request: stateful resources
replaced or deleted, recovery, zone-loss survival, cost and inventory ("No infrastructure change"
when the templates are the same). Works offline.

Options:
  --base BASE       the base template (or cdk.out directory) to compare the head with
  --stack NAME      the stack to report on when a cdk.out directory holds several (both sides)
  --json            print the JSON model (the report's, or the diff's) instead of markdown
  --targets FILE    JSON file overriding recovery targets in seconds, for example
                    {"zoneFailureSeconds": 120, "databaseSeconds": 60}; over each template's own
  --fail-on RULES   exit 1 when one of these comma-separated rules trips:
                      stateful-replacement     a stateful resource is replaced or deleted (needs --base)
                      recovery-target          the head misses a recovery target
                      zone-loss                a tier does not survive a zone's loss (with --base: newly)
                      cost-increase:PERCENT    the monthly estimate grows by more than PERCENT (needs --base)
  -h, --help        print this help

Exit codes: 0 printed, no rule tripped; 1 a --fail-on rule tripped; 2 bad arguments or input;
3 internal error.
`;

/** Arguments of the command. */
export interface CliArgs {
  /** The template (the head, with --base). */
  readonly input?: string;
  readonly base?: string;
  readonly stack?: string;
  readonly json: boolean;
  readonly targets?: string;
  /** --fail-on values as given (each comma-separated). */
  readonly failOn: string[];
  readonly help: boolean;
}

/** Parses the command line (without `node` and the script). Throws ReportInputError for bad arguments. */
export function parseArgs(argv: string[]): CliArgs {
  let input: string | undefined;
  let stack: string | undefined;
  let targets: string | undefined;
  let base: string | undefined;
  const failOn: string[] = [];
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
    } else if (arg === '--base') {
      base = value();
    } else if (arg.startsWith('--base=')) {
      base = arg.slice('--base='.length);
    } else if (arg === '--fail-on') {
      failOn.push(value());
    } else if (arg.startsWith('--fail-on=')) {
      failOn.push(arg.slice('--fail-on='.length));
    } else if (arg.startsWith('-')) {
      throw new ReportInputError(`unknown option ${arg} (see --help)`);
    } else if (input === undefined) {
      input = arg;
    } else {
      throw new ReportInputError(base === undefined
        ? `one template at a time: got ${input} and ${arg} (to compare two, give the base with --base)`
        : `--base compares two templates: got ${input} and ${arg} besides the base ${base}`);
    }
  }
  return { input, base, stack, json, targets, failOn, help };
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

/** A template read from a file or a cdk.out directory. */
interface Input {
  readonly file: string;
  readonly template: CfnTemplate;
}

function readInput(input: string, stack?: string): Input {
  const file = resolveTemplateFile(input, stack);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ReportInputError(`cannot read ${file}`);
  }
  return { file, template: parseTemplateText(text, file) };
}

type Writer = (text: string) => void;

/** Runs the command; returns the exit code. Output goes through the given writers (the process's by default). */
export function main(argv: string[], stdout: Writer = (t) => process.stdout.write(t),
  stderr: Writer = (t) => process.stderr.write(t)): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      stdout(USAGE);
      return EXIT.ok;
    }
    const rules = args.failOn.length > 0 ? parseFailOn(args.failOn) : [];
    if (args.base !== undefined && !args.input) {
      throw new ReportInputError(`--base ${args.base} needs the head template too: ${COMMAND} --base BASE HEAD (see --help)`);
    }
    if (!args.input) {
      throw new ReportInputError('missing the template: give a template.json file or a cdk.out directory (see --help)');
    }
    const diffOnly = rules.find((rule) => DIFF_ONLY_RULES.includes(rule.name));
    if (args.base === undefined && diffOnly) {
      throw new ReportInputError(`--fail-on ${ruleLabel(diffOnly)} compares two templates: give the base with --base BASE`);
    }
    const targets = args.targets ? readTargets(args.targets) : undefined;
    const outcomes = args.base === undefined
      ? runReport(args, args.input, rules, targets, stdout)
      : runDiff(args, args.base, args.input, rules, targets, stdout);
    const tripped = outcomes.filter((o) => o.tripped);
    for (const o of tripped) {
      stderr(`${COMMAND}: --fail-on ${o.rule} tripped:\n${o.reasons.map((reason) => `  - ${reason}\n`).join('')}`);
    }
    return tripped.length > 0 ? EXIT.ruleTripped : EXIT.ok;
  } catch (error) {
    if (error instanceof ReportInputError) {
      stderr(`${COMMAND}: error: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr(`${COMMAND}: internal error: ${message.split('\n')[0]} (please report it with the template)\n`);
    return EXIT.internal;
  }
}

/** One template's report; recovery-target and zone-loss rules judge it. */
function runReport(args: CliArgs, input: string, rules: FailOnRule[], targets: Partial<RecoveryTargets> | undefined,
  stdout: Writer): RuleOutcome[] {
  const { file, template } = readInput(input, args.stack);
  const report = buildReport(template, { source: file, targets });
  const outcomes = evaluateReportRules(rules, report);
  if (args.json) {
    stdout(`${JSON.stringify(outcomes.length > 0 ? { ...report, policy: outcomes } : report, null, 2)}\n`);
  } else {
    const policy: string[] = [];
    renderPolicy(outcomes, policy);
    stdout(`${renderMarkdown(report)}\n${policy.length > 0 ? `${policy.join('\n')}\n` : ''}`);
  }
  return outcomes;
}

/** The diff of the base and the head; every rule judges it. */
function runDiff(args: CliArgs, baseInput: string, headInput: string, rules: FailOnRule[],
  targets: Partial<RecoveryTargets> | undefined, stdout: Writer): RuleOutcome[] {
  const base = readInput(baseInput, args.stack);
  const head = readInput(headInput, args.stack);
  const { diff } = buildDiff(base.template, head.template, { baseSource: base.file, headSource: head.file, targets });
  const outcomes = evaluateDiffRules(rules, diff);
  stdout(args.json
    ? `${JSON.stringify(outcomes.length > 0 ? { ...diff, policy: outcomes } : diff, null, 2)}\n`
    : `${renderDiffMarkdown(diff, outcomes)}\n`);
  return outcomes;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
