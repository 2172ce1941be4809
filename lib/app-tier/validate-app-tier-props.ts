import type { AppTierOptions } from './app-tier';
import { FleetDefaults } from '../private/fleet-defaults';
import { checkP99Latency } from '../private/latency';
import { checkFleetOptions } from '../private/validate-fleet-options';
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
  checkP99Latency('p99LatencyScaleOutThreshold', props.p99LatencyScaleOutThreshold);
}

