import { Construct } from 'constructs';
import { resilienceCheck } from './findings';
import { writePlatformMetadata } from './platform-metadata';
import { TARGET_OPTIONS } from './remedies';
import { RecoveryTargetOptions, ResilienceOptions } from './resilience-options';
import { modelOfTiers, PlatformTiers } from './tier-model';
import { warn } from '../private/acknowledgements';
import { checkAtSynth } from '../private/at-synth';
import { concreteDuration, fail, validateProps } from '../private/validation';
import { RecoveryScenario, RecoveryTargets } from '../report/recovery';

/**
 * Compares the platform's recovery, computed from its tiers' settings, with the targets, at synth time. It warns
 * once per missed target (`multi-az-ha-platform:resilience.<scenario>`), and once per tier that does not keep serving
 * after the loss of some zone (`multi-az-ha-platform:resilience.zone-loss.<tier>`, naming the zones: zone 1, zone 2,
 * the quorum zone), on the platform construct, each naming the setting that restores it.
 *
 * The figures are those of the platform report (`cdk-multi-az-ha-platform-report`): the same model, built from the
 * tiers' readonly settings instead of read from the template, with the targets the report reads back from the
 * template's metadata. Escape hatches are not tier settings: the report, which reads the template, is what sees them.
 */
export function checkRecoveryAtSynth(platform: Construct & PlatformTiers, options: ResilienceOptions = {},
  onScenarios?: (scenarios: RecoveryScenario[]) => void): void {
  const targets = validateProps(platform, () => toSeconds(options.targets ?? {}));
  writePlatformMetadata(platform, targets, platform.network.availabilityZones);
  checkAtSynth(platform, () => {
    const { findings, scenarios } = resilienceCheck(modelOfTiers(platform), targets);
    for (const finding of findings) {
      warn(platform, finding.id, finding.message);
    }
    onScenarios?.(scenarios);
  });
}

function toSeconds(options: RecoveryTargetOptions): Partial<RecoveryTargets> {
  const targets: { [key: string]: number } = {};
  for (const { option, key } of TARGET_OPTIONS) {
    const given = options[option];
    const value = concreteDuration(`resilience.targets.${option}`, given);
    if (given !== undefined && value === undefined) {
      fail(`resilience.targets.${option}`, 'be a concrete duration', given);
    }
    if (value === undefined) {
      continue;
    }
    const seconds = value.toSeconds({ integral: false });
    if (seconds <= 0) {
      fail(`resilience.targets.${option}`, 'be longer than 0 seconds', value);
    }
    targets[key] = seconds;
  }
  return targets as Partial<RecoveryTargets>;
}
