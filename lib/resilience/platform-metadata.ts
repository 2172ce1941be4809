import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PLATFORM_METADATA_KEY, PlatformMetadata } from '../report/read-metadata';
import { DEFAULT_RECOVERY_TARGETS, RecoveryTargets } from '../report/recovery-basics';

/**
 * Writes the platform's entry in the template's `Metadata` section: the recovery targets it was configured with
 * (defaults filled in) and the stack's region when known, so the report (and the pull-request diff) judges the
 * template by the team's targets and prices it in its region.
 *
 * Two platforms in one stack share the entry: each target is the stricter (shorter) of the two.
 */
export function writePlatformMetadata(platform: Construct, targets: Partial<RecoveryTargets>): void {
  const stack = Stack.of(platform);
  const effective: RecoveryTargets = { ...DEFAULT_RECOVERY_TARGETS, ...targets };
  const existing: PlatformMetadata | undefined = stack.templateOptions.metadata?.[PLATFORM_METADATA_KEY];
  const recoveryTargets: { [key: string]: number } = { ...effective };
  for (const [key, seconds] of Object.entries(existing?.recoveryTargets ?? {})) {
    recoveryTargets[key] = Math.min(seconds as number, recoveryTargets[key] ?? Infinity);
  }
  const entry: PlatformMetadata = {
    recoveryTargets: recoveryTargets as unknown as RecoveryTargets,
    ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }),
  };
  stack.addMetadata(PLATFORM_METADATA_KEY, entry);
}
