/**
 * The platform's template-level metadata: what the construct knew at synth that the resources do not say, so the
 * report judges a template by the team's own settings.
 *
 *   "Metadata": { "MultiAzHaPlatform": { "recoveryTargets": { "zoneFailureSeconds": 120, ... }, "region": "eu-west-1",
 *     "zones": ["eu-west-1c", "eu-west-1b"] } }
 *
 * The construct writes it (lib/resilience/platform-metadata.ts); the report reads it here. A template without it
 * (another tool's, or an older release's) is reported against the default targets.
 */
import { checkRecoveryTargets, RecoveryTargets } from './recovery';
import { isObject } from './template-values';

/** The key of the platform's entry in the template's `Metadata` section. */
export const PLATFORM_METADATA_KEY = 'MultiAzHaPlatform';

/** The platform's entry in the template's `Metadata` section. */
export interface PlatformMetadata {
  /** The recovery targets the platform was configured with (`resilience.targets`, defaults filled in), in seconds. */
  readonly recoveryTargets?: Partial<RecoveryTargets>;
  /** The stack's region, when it was known at synth (an environment-agnostic stack has none). */
  readonly region?: string;
  /**
   * The platform's serving zones in its order, zone 1 first (`network.availabilityZones`), as the report keys zones
   * (`eu-west-1a`, or `GetAZs[0]`). Without it, the report numbers the serving zones by name.
   */
  readonly zones?: string[];
}

/** The zones of the platform's entry when they are a list of names; no check (readPlatformMetadata checks). */
export function platformZoneOrder(template: unknown): string[] {
  const metadata = isObject(template) && isObject(template.Metadata) ? template.Metadata[PLATFORM_METADATA_KEY] : undefined;
  const zones = isObject(metadata) ? metadata.zones : undefined;
  return Array.isArray(zones) && zones.every((zone) => typeof zone === 'string') ? zones : [];
}

/**
 * Reads the platform's metadata from a parsed template. Throws Error with a one-line message when the entry is
 * there but malformed (a hand-edited template): judging against targets nobody set would mislead the reviewer.
 */
export function readPlatformMetadata(template: unknown): PlatformMetadata {
  const metadata = isObject(template) && isObject(template.Metadata) ? template.Metadata[PLATFORM_METADATA_KEY] : undefined;
  if (metadata === undefined) {
    return {};
  }
  const where = `the template's Metadata.${PLATFORM_METADATA_KEY}`;
  if (!isObject(metadata)) {
    throw new Error(`${where} must be an object, got ${JSON.stringify(metadata)}`);
  }
  const region = metadata.region;
  if (region !== undefined && (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))) {
    throw new Error(`${where}.region must be a region name such as eu-west-1, got ${JSON.stringify(region)}`);
  }
  const zones = metadata.zones;
  if (zones !== undefined && (!Array.isArray(zones) || !zones.every((zone) => typeof zone === 'string' && zone.length > 0))) {
    throw new Error(`${where}.zones must be a list of zone names such as ["eu-west-1a", "eu-west-1b"], got ${JSON.stringify(zones)}`);
  }
  const recoveryTargets = metadata.recoveryTargets === undefined ? undefined
    : checkRecoveryTargets(metadata.recoveryTargets, `${where}.recoveryTargets`);
  return { recoveryTargets, region, zones };
}
