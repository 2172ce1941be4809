/**
 * `--fail-on` rules: the CI gates a team chooses. Each rule is evaluated over the diff (with `--base`) or over one
 * template's report (recovery-target and zone-loss only), and says whether it trips and why, naming the resources.
 *
 * - stateful-replacement: a stateful resource is replaced, may be replaced, deleted or orphaned (needs --base);
 * - recovery-target: the head misses a recovery target (every miss, not only new ones: a target is a promise);
 * - zone-loss: a tier does not survive the loss of a zone (status DOWN). With --base only tiers the change makes DOWN
 *   (they were not DOWN in the base, or are new): a gap the team already lives with does not block every pull request;
 * - cost-increase:<percent>: the estimated monthly total grows by more than <percent> percent (needs --base).
 */
import { PlatformDiff } from './diff-model';
import { money } from './markdown';
import { PlatformReport } from './report';
import { ReportInputError } from './template-model';

export type FailOnRule =
  | { readonly name: 'stateful-replacement' }
  | { readonly name: 'recovery-target' }
  | { readonly name: 'zone-loss' }
  | { readonly name: 'cost-increase'; readonly percent: number };

/** The rule names, as `--fail-on` spells them. */
export const RULE_NAMES = ['stateful-replacement', 'recovery-target', 'zone-loss', 'cost-increase:<percent>'] as const;

/** Rules that compare two templates: a usage error without --base. */
export const DIFF_ONLY_RULES: ReadonlyArray<FailOnRule['name']> = ['stateful-replacement', 'cost-increase'];

/** A rule's outcome. */
export interface RuleOutcome {
  /** The rule as given ('cost-increase:10'). */
  readonly rule: string;
  readonly tripped: boolean;
  /** Why it tripped, one line per resource or scenario; empty when it did not. */
  readonly reasons: string[];
}

/** Parses `--fail-on` values (comma-separated, the option may repeat). Throws ReportInputError for a bad rule. */
export function parseFailOn(values: string[]): FailOnRule[] {
  const rules: FailOnRule[] = [];
  for (const text of values.flatMap((value) => value.split(',')).map((rule) => rule.trim())) {
    if (text === 'stateful-replacement' || text === 'recovery-target' || text === 'zone-loss') {
      rules.push({ name: text });
    } else if (text.startsWith('cost-increase:')) {
      const value = text.slice('cost-increase:'.length).replace(/%$/, '');
      if (!/^\d+(\.\d+)?$/.test(value)) {
        throw new ReportInputError(`--fail-on ${text}: the percent must be a number such as cost-increase:10, got "${value}"`);
      }
      rules.push({ name: 'cost-increase', percent: Number(value) });
    } else if (text === 'cost-increase') {
      throw new ReportInputError('--fail-on cost-increase needs a percent, for example cost-increase:10');
    } else {
      throw new ReportInputError(`--fail-on: unknown rule "${text}" (rules: ${RULE_NAMES.join(', ')})`);
    }
  }
  if (rules.length === 0) {
    throw new ReportInputError(`--fail-on needs at least one rule (rules: ${RULE_NAMES.join(', ')})`);
  }
  return rules;
}

/** The rule as the user wrote it. */
export function ruleLabel(rule: FailOnRule): string {
  return rule.name === 'cost-increase' ? `cost-increase:${rule.percent}` : rule.name;
}

/** Evaluates the rules over a diff. */
export function evaluateDiffRules(rules: FailOnRule[], diff: PlatformDiff): RuleOutcome[] {
  return rules.map((rule) => outcome(rule, diffReasons(rule, diff)));
}

/** Evaluates recovery-target and zone-loss over one template's report (the others need --base). */
export function evaluateReportRules(rules: FailOnRule[], report: PlatformReport): RuleOutcome[] {
  return rules.map((rule) => {
    switch (rule.name) {
      case 'recovery-target':
        return outcome(rule, missedTargets(report));
      case 'zone-loss':
        return outcome(rule, report.zoneLoss.flatMap((zone) => zone.tiers
          .filter((tier) => tier.status === 'DOWN')
          .map((tier) => `${tier.tier}, if ${zone.zoneName} is lost: DOWN: ${tier.detail}`)));
      default:
        throw new ReportInputError(`--fail-on ${ruleLabel(rule)} compares two templates: give the base with --base`);
    }
  });
}

function diffReasons(rule: FailOnRule, diff: PlatformDiff): string[] {
  switch (rule.name) {
    case 'stateful-replacement':
      return diff.stateful.map((change) => `${change.resourceType} ${change.constructPath ?? '(no construct path)'} ` +
        `(logical ID ${change.logicalId}): ${change.reason}`);
    case 'recovery-target':
      return diff.recovery
        .filter((s) => s.after?.status === 'MISSES')
        .map((s) => `${s.title}: ${seconds(s.after!.expectedSeconds)}, target ${s.after!.target} s` +
          (s.newlyMissed ? ` (the base: ${s.before ? `${seconds(s.before.expectedSeconds)}, ${s.before.status === 'MEETS' ? 'met' : 'n/a'}` : 'no such scenario'})` : ' (missed in the base too)'));
    case 'zone-loss':
      return diff.zoneLoss
        .filter((z) => z.newlyDown)
        .map((z) => `${z.tier}, if ${z.zoneName} is lost: DOWN (${z.before ? `was ${z.before}` : 'new in the head'}): ${z.detail}`);
    case 'cost-increase': {
      const { beforeUsd, afterUsd, deltaUsd, deltaPercent } = diff.cost;
      const grows = deltaUsd > 0 && (deltaPercent === undefined || deltaPercent > rule.percent);
      return grows ? [`the estimated monthly cost grows from ${money(beforeUsd)} to ${money(afterUsd)} (+${money(deltaUsd)}, ` +
        `${deltaPercent === undefined ? 'from nothing' : `+${deltaPercent}%`}), more than the ${rule.percent}% allowed`] : [];
    }
  }
}

function missedTargets(report: PlatformReport): string[] {
  return report.recovery.scenarios
    .filter((s) => s.status === 'MISSES')
    .map((s) => `${s.title}: ${seconds(s.expectedSeconds)}, target ${s.target} s` +
      (s.resources.length ? ` (${s.resources.join(', ')})` : ''));
}

function outcome(rule: FailOnRule, reasons: string[]): RuleOutcome {
  return { rule: ruleLabel(rule), tripped: reasons.length > 0, reasons };
}

function seconds(value: number | undefined): string {
  return value === undefined ? 'no automatic recovery' : `${value} s`;
}
