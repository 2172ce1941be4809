import type { AppTierOptions } from './app-tier';
import { checkFleetOptions, FleetDefaults } from '../private/validate-fleet-options';
import { checkHttpPath, checkInteger, checkPort, fail } from '../private/validation';

/** Checks the app tier's options before any child is created. Paths are relative to the tier's own props. */
export function validateAppTierOptions(props: AppTierOptions, defaults: FleetDefaults): void {
  checkFleetOptions(props, defaults);
  checkPort('port', props.port);
  checkHttpPath('healthCheckPath', props.healthCheckPath);
  checkInteger('rateLimitPerFiveMinutes', props.rateLimitPerFiveMinutes, 100, 2_000_000_000);
  if (props.deletionProtection !== undefined && typeof props.deletionProtection !== 'boolean') {
    fail('deletionProtection', 'be true or false', props.deletionProtection);
  }
  const p99 = props.p99LatencyScaleOutThreshold;
  if (p99 && !p99.isUnresolved() && (p99.toMilliseconds() < 10 || p99.toMilliseconds() > 60_000)) {
    fail('p99LatencyScaleOutThreshold', 'be between 10 ms and 60 s', p99);
  }
}

