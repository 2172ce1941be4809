/**
 * The JSON model of the pull-request diff (`cdk-multi-az-ha-platform-report --base BASE HEAD --json`): what a change
 * from the base template to the head template does to stateful resources, recovery, zone-loss survival, cost and
 * inventory. `schemaVersion` is bumped when a field changes meaning or disappears; new fields may be added.
 */
import { RecoveryStatus, RecoveryTargets } from './recovery-basics';
import { ZoneLossStatus } from './zone-loss';

/** Version of {@link PlatformDiff}'s shape. */
export const DIFF_SCHEMA_VERSION = 1;

/** One side of the comparison. */
export interface DiffSide {
  /** The template file it was read from. */
  readonly source?: string;
  readonly resourceCount: number;
  readonly hasPlatformResources: boolean;
  /** The recovery targets this side is judged against (its own template's, `--targets` over them, or the defaults). */
  readonly recoveryTargets: RecoveryTargets;
  /** Where they come from: 'template', 'options' (`--targets`) or 'defaults'; undefined when the report does not say. */
  readonly recoveryTargetsFrom?: string;
}

/**
 * What CloudFormation does to a stateful resource when the head is deployed over the base:
 * - REPLACE: a new resource (empty: no data) is created and the old one deleted, or kept per its UpdateReplacePolicy;
 * - MAY_REPLACE: a changed property replaces it depending on its values (the resource specification says "maybe");
 * - DESTROY: its logical ID is gone from the head (removed or renamed): the resource and its data are deleted;
 * - ORPHAN: its logical ID is gone, and its DeletionPolicy keeps it: the data stays, the stack no longer manages it.
 */
export type StatefulAction = 'REPLACE' | 'MAY_REPLACE' | 'DESTROY' | 'ORPHAN';

/** A resource that holds data and would be replaced or deleted. */
export interface StatefulChange {
  readonly logicalId: string;
  readonly resourceType: string;
  /** The construct path (`Metadata['aws:cdk:path']`) in the base, when the template carries it. */
  readonly constructPath?: string;
  readonly action: StatefulAction;
  /** The properties whose change causes the replacement (REPLACE and MAY_REPLACE). */
  readonly properties: string[];
  /** The resource type changes (base type -> head type): always a replacement. */
  readonly typeChange?: { readonly from: string; readonly to: string };
  /** DESTROY or ORPHAN: resources of the same type the head adds, the likely new name of a renamed construct. */
  readonly addedSameType: Array<{ readonly logicalId: string; readonly constructPath?: string }>;
  /** The base's DeletionPolicy or UpdateReplacePolicy that decides what happens to the old resource, when set. */
  readonly policy?: string;
  /** One line a reviewer reads: what happens and why. */
  readonly reason: string;
}

/** How many resources the head adds, removes, updates and replaces (of every type). */
export interface ResourceChanges {
  readonly added: number;
  readonly removed: number;
  readonly updated: number;
  readonly replaced: number;
  /** Every changed resource, with cloudformation-diff's impact (WILL_CREATE, WILL_UPDATE, WILL_REPLACE, ...). */
  readonly changes: Array<{ readonly logicalId: string; readonly resourceType: string; readonly impact: string }>;
}

/** A scenario's figures on one side. */
export interface RecoveryFigures {
  /** Undefined when nothing restores service automatically. */
  readonly expectedSeconds?: number;
  readonly target: number;
  readonly status: RecoveryStatus;
}

/** One recovery scenario, before and after. */
export interface RecoveryChange {
  readonly id: string;
  readonly title: string;
  /** Absent when the scenario exists only in the head. */
  readonly before?: RecoveryFigures;
  /** Absent when the scenario exists only in the base. */
  readonly after?: RecoveryFigures;
  /** True when the expected time, the target or the status differs (or the scenario is on one side only). */
  readonly changed: boolean;
  /** The head misses a target the base met (or a new scenario misses its target). */
  readonly newlyMissed: boolean;
  /** The head meets a target the base missed. */
  readonly newlyMet: boolean;
}

/** One tier's fate when one zone is lost, before and after. */
export interface ZoneLossChange {
  /** 'zone-1', 'zone-2', 'quorum-zone'. */
  readonly zoneId: string;
  readonly zoneName: string;
  /** The row's title: 'App servers', 'Database <logical ID>', ... */
  readonly tier: string;
  /** Absent when the tier is on one side only. */
  readonly before?: ZoneLossStatus;
  readonly after?: ZoneLossStatus;
  /** The head's detail (the base's when the tier is gone). */
  readonly detail: string;
  /** The tier stops surviving the zone: it is DOWN in the head and was not in the base (or is new and DOWN). */
  readonly newlyDown: boolean;
  /** It serves from the other zones in the head and did not in the base (or is new and serves). */
  readonly newlyServes: boolean;
}

/** A line of the cost estimate that changed. */
export interface CostLineChange {
  readonly logicalId: string;
  readonly item: string;
  /** Monthly USD before and after; undefined when the line is absent or unpriced on that side. */
  readonly beforeUsd?: number;
  readonly afterUsd?: number;
  readonly beforeQuantity?: number;
  readonly afterQuantity?: number;
  readonly deltaUsd: number;
}

export interface CostDiff {
  readonly beforeUsd: number;
  readonly afterUsd: number;
  readonly deltaUsd: number;
  /** Percent of the base's total; undefined when the base costs nothing. */
  readonly deltaPercent?: number;
  readonly lines: CostLineChange[];
}

/** Servers, vCPUs, memory (GiB) and storage (GiB). */
export interface InventoryFigures {
  readonly servers: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

/** A zone (or the totals) whose inventory changed. */
export interface InventoryChange {
  /** The zone key, or 'total'. */
  readonly zone: string;
  readonly zoneName: string;
  readonly before: InventoryFigures;
  readonly after: InventoryFigures;
}

/** The diff of two templates. */
export interface PlatformDiff {
  readonly schemaVersion: typeof DIFF_SCHEMA_VERSION;
  readonly base: DiffSide;
  readonly head: DiffSide;
  /** True when the templates are the same: no resource, parameter, output, condition or metadata differs. */
  readonly noChange: boolean;
  readonly resources: ResourceChanges;
  /** Stateful resources replaced or deleted: what a reviewer must see first. */
  readonly stateful: StatefulChange[];
  /** Every scenario of either side (`changed` says which differ). */
  readonly recovery: RecoveryChange[];
  /** Tiers whose zone-loss status differs, or that are on one side only. */
  readonly zoneLoss: ZoneLossChange[];
  readonly cost: CostDiff;
  /** Zones whose inventory changed, then 'total' when the totals did. */
  readonly inventory: InventoryChange[];
}
