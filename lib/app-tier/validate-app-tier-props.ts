import type { AppTierOptions } from './app-tier';
import { FleetDefaults } from '../private/fleet-defaults';
import { checkFleetOptions } from '../private/validate-fleet-options';
import { checkHttpPath, checkInteger, checkPort, concreteDuration, fail } from '../private/validation';

/** Checks the app tier's options before any child is created. Paths are relative to the tier's own props. */
export function validateAppTierOptions(props: AppTierOptions, defaults: FleetDefaults): void {
  checkFleetOptions(props, defaults);
  checkPort('port', props.port);
  checkHttpPath('healthCheckPath', props.healthCheckPath);
  checkInteger('rateLimitPerFiveMinutes', props.rateLimitPerFiveMinutes, 100, 2_000_000_000);
  if (props.deletionProtection !== undefined && typeof props.deletionProtection !== 'boolean') {
    fail('deletionProtection', 'be true or false', props.deletionProtection);
  }
  const p99 = concreteDuration('p99LatencyScaleOutThreshold', props.p99LatencyScaleOutThreshold);
  const p99Ms = p99?.toMilliseconds({ integral: false });
  if (p99 && p99Ms !== undefined && (p99Ms < 10 || p99Ms > 60_000)) {
    fail('p99LatencyScaleOutThreshold', 'be between 10 ms and 60 s', p99);
  }
}

