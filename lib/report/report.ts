import { buildCost, CostReport } from './cost';
import { buildDrills, DrillReport } from './drills';
import { buildInventory, InventoryReport } from './inventory';
import { PlatformMetadata, readPlatformMetadata } from './read-metadata';
import { computeRecovery, RecoveryReport, RecoveryTargets } from './recovery';
import {
  CfnTemplate, hasPlatformResources, parseTemplate, PlatformModel, readPlatform, ReportInputError, ZoneInfo,
} from './template-model';
import { buildZoneLoss, ZoneLossReport } from './zone-loss';

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** Where the template came from, printed in the report. */
  readonly source?: string;
  /**
   * Recovery targets overriding those the template carries (the platform writes its `resilience.targets` in the
   * template's metadata) and the defaults.
   */
  readonly targets?: Partial<RecoveryTargets>;
}

/** A warning printed at the top of the report. */
export interface ReportWarning {
  readonly id: string;
  readonly message: string;
}

/** The report's JSON model (what `--json` prints). */
export interface PlatformReport {
  /** Bumped when a field changes meaning or disappears. */
  readonly schemaVersion: 1;
  readonly source?: string;
  /** False when the template holds none of the platform's resources: every section is then empty. */
  readonly hasPlatformResources: boolean;
  /** Why the report is empty, when it is. */
  readonly emptyReason?: string;
  readonly resourceCount: number;
  readonly zones: ZoneInfo[];
  /**
   * True when the template's zones are aws-cdk-lib's offline placeholders (dummy1a, dummy1b, dummy1c): the stack
   * names an account and a region and was synthesized without availability-zones context. It cannot deploy.
   */
  readonly zonesArePlaceholders: boolean;
  /** What a reviewer must see before the figures: each with a stable id ('placeholder-zones', 'prices-region'). */
  readonly warnings: ReportWarning[];
  readonly inventory: InventoryReport;
  readonly cost: CostReport;
  readonly recovery: RecoveryReport;
  /**
   * Where the recovery targets come from: 'template' (the platform's `resilience.targets`, written in the template's
   * metadata), 'options' (given to the report, for example `--targets FILE`, over the template's) or 'defaults'.
   */
  readonly recoveryTargetsFrom: 'defaults' | 'template' | 'options';
  readonly zoneLoss: ZoneLossReport[];
  /** The AWS FIS experiment templates (zone-failure drills), with the recovery predicted for each scenario. */
  readonly drills: DrillReport[];
}

/**
 * Builds the report of a synthesized template: inventory per zone, monthly cost, recovery per failure
 * scenario and what survives the loss of each zone. Accepts the parsed JSON of a template (it is checked:
 * a value that is not a template throws ReportInputError).
 */
export function buildReport(template: unknown, options: ReportOptions = {}): PlatformReport {
  const checked: CfnTemplate = parseTemplate(template, options.source);
  const model = readPlatform(checked);
  const present = hasPlatformResources(model);
  const fromTemplate = checkedPlatformMetadata(checked, options.source).recoveryTargets;
  const cost = buildCost(model);
  const recovery = computeRecovery(model, { ...fromTemplate, ...options.targets });
  return {
    schemaVersion: 1,
    source: options.source,
    hasPlatformResources: present,
    emptyReason: present ? undefined
      : 'the template has none of the platform\'s resources (Auto Scaling groups, databases, caches, search domains, brokers, load balancers, DNS records)',
    resourceCount: Object.keys(checked.Resources).length,
    zones: model.zones,
    zonesArePlaceholders: model.placeholderZones,
    warnings: [...reportWarnings(model), ...(present ? cost.warnings : [])],
    inventory: buildInventory(model),
    cost,
    recovery: present ? recovery : { targets: recovery.targets, scenarios: [] },
    recoveryTargetsFrom: options.targets ? 'options' : fromTemplate ? 'template' : 'defaults',
    zoneLoss: present ? buildZoneLoss(model, recovery) : [],
    drills: present ? buildDrills(model, recovery) : [],
  };
}

/** The template's platform metadata (recovery targets, region); a malformed entry is an input error. */
function checkedPlatformMetadata(template: CfnTemplate, source?: string): PlatformMetadata {
  try {
    return readPlatformMetadata(template);
  } catch (error) {
    throw new ReportInputError(`${source ?? 'the input'}: ${(error as Error).message}`);
  }
}

function reportWarnings(model: PlatformModel): ReportWarning[] {
  if (!model.placeholderZones) {
    return [];
  }
  const zones = model.zones.map((zone) => zone.key).join(', ');
  return [{
    id: 'placeholder-zones',
    message: `The zones are placeholders (${zones}), not zones of a region: the stack names an account and a region and was ` +
      'synthesized without availability-zones context, so aws-cdk-lib wrote placeholders that cannot deploy. Pass the zones ' +
      '(`network.availabilityZones`, and the quorum zone) or add the context (synthesize with the CDK CLI, which looks ' +
      'them up into cdk.context.json, or add "availability-zones:account=<account>:region=<region>" to cdk.json). The figures ' +
      'below are computed for these placeholder zones.',
  }];
}
