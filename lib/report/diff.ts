/**
 * The pull-request diff: what deploying the head template over the base does. Each side is reported with
 * {@link buildReport} against its own template's recovery targets (the platform writes its `resilience.targets` in
 * the template's metadata), with the given targets over both; the two reports are then compared section by section.
 * Which stateful resources are replaced or deleted comes from the diff engine of `cdk diff` (diff-stateful.ts).
 */
import { DIFF_SCHEMA_VERSION, DiffSide, PlatformDiff } from './diff-model';
import { diffCost, diffInventory, diffRecovery, diffZoneLoss } from './diff-sections';
import { diffTemplates, resourceChanges, statefulChanges } from './diff-stateful';
import { RecoveryTargets } from './recovery-basics';
import { buildReport, PlatformReport } from './report';
import { parseTemplate } from './template-model';

export * from './diff-model';

/** Options of {@link buildDiff}. */
export interface DiffOptions {
  /** Where the base template came from, printed in the diff. */
  readonly baseSource?: string;
  /** Where the head template came from. */
  readonly headSource?: string;
  /** Recovery targets overriding, on both sides, those each template carries (key by key) and the defaults. */
  readonly targets?: Partial<RecoveryTargets>;
}

/** The diff and the two reports it compares (the single-template rules and tests read them). */
export interface DiffResult {
  readonly diff: PlatformDiff;
  readonly baseReport: PlatformReport;
  readonly headReport: PlatformReport;
}

/**
 * Compares a base template with a head template (parsed JSON of each; a value that is not a template throws
 * ReportInputError naming its source).
 */
export function buildDiff(base: unknown, head: unknown, options: DiffOptions = {}): DiffResult {
  const baseTemplate = parseTemplate(base, options.baseSource ?? 'the base template');
  const headTemplate = parseTemplate(head, options.headSource ?? 'the head template');
  const baseReport = buildReport(baseTemplate, { source: options.baseSource, targets: options.targets });
  const headReport = buildReport(headTemplate, { source: options.headSource, targets: options.targets });
  const templateDiff = diffTemplates(baseTemplate, headTemplate);
  const diff: PlatformDiff = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: side(baseReport),
    head: side(headReport),
    noChange: templateDiff.differenceCount === 0,
    resources: resourceChanges(templateDiff),
    stateful: statefulChanges(templateDiff, baseTemplate, headTemplate),
    recovery: diffRecovery(baseReport, headReport),
    zoneLoss: diffZoneLoss(baseReport, headReport),
    cost: diffCost(baseReport, headReport),
    inventory: diffInventory(baseReport, headReport),
  };
  return { diff, baseReport, headReport };
}

function side(report: PlatformReport): DiffSide {
  const from: unknown = (report as unknown as Record<string, unknown>).recoveryTargetsFrom;
  return {
    source: report.source,
    resourceCount: report.resourceCount,
    hasPlatformResources: report.hasPlatformResources,
    recoveryTargets: report.recovery.targets,
    recoveryTargetsFrom: typeof from === 'string' ? from : undefined,
  };
}
