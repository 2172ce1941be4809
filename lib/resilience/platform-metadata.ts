import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PLATFORM_METADATA_KEY, PlatformMetadata } from '../report/read-metadata';
import { DEFAULT_RECOVERY_TARGETS, RecoveryTargets } from '../report/recovery-basics';
import { azKey } from '../report/template-values';

/**
 * The platform's serving zones in its order (zone 1 first), keyed as the report keys zones (`eu-west-1a`, or
 * `GetAZs[0]`); undefined when one is a value the report cannot key (a parameter).
 */
export function servingZoneKeys(stack: Stack, availabilityZones: string[]): string[] | undefined {
  const keys = availabilityZones.map((zone) => azKey(stack.resolve(zone)));
  return keys.every((key): key is string => key !== undefined) ? keys : undefined;
}

/**
 * Writes the platform's entry in the template's `Metadata` section: the recovery targets it was configured with
 * (defaults filled in), the stack's region when known, and its serving zones in its order, so the report (and the
 * pull-request diff) judges the template by the team's targets, prices it in its region and numbers the zones as
 * the platform does (zone 1 is the first of `network.availabilityZones`, whatever its name sorts as).
 *
 * Two platforms in one stack share the entry: each target is the stricter (shorter) of the two; the zones are the
 * first platform's.
 */
export function writePlatformMetadata(platform: Construct, targets: Partial<RecoveryTargets>, availabilityZones: string[]): void {
  const stack = Stack.of(platform);
  const effective: RecoveryTargets = { ...DEFAULT_RECOVERY_TARGETS, ...targets };
  const existing: PlatformMetadata | undefined = stack.templateOptions.metadata?.[PLATFORM_METADATA_KEY];
  const recoveryTargets: { [key: string]: number } = { ...effective };
  for (const [key, seconds] of Object.entries(existing?.recoveryTargets ?? {})) {
    recoveryTargets[key] = Math.min(seconds as number, recoveryTargets[key] ?? Infinity);
  }
  const zones = existing?.zones ?? servingZoneKeys(stack, availabilityZones);
  const entry: PlatformMetadata = {
    recoveryTargets: recoveryTargets as unknown as RecoveryTargets,
    ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }),
    ...(zones ? { zones } : {}),
  };
  stack.addMetadata(PLATFORM_METADATA_KEY, entry);
}
