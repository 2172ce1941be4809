import type { WorkerTierProps } from './worker-tier';
import { FleetDefaults } from '../private/fleet-defaults';
import { checkFleetOptions } from '../private/validate-fleet-options';
import { checkInteger, fail, isToken } from '../private/validation';

/** The worker tier's defaults the checks compare with. */
export interface WorkerTierDefaults extends FleetDefaults {
  readonly queueDepthScaleOutThreshold: number;
  readonly queueDepthScaleInThreshold: number;
}

/** Checks the worker tier's props before any child is created. Paths are relative to the tier's own props. */
export function validateWorkerTierProps(props: WorkerTierProps, defaults: WorkerTierDefaults): void {
  if (props.zoneSubnets.length !== 2) {
    fail('zoneSubnets', 'list exactly 2 subnet selections (one per zone)', props.zoneSubnets.length);
  }
  checkFleetOptions(props, defaults);
  checkInteger('queueDepthScaleOutThreshold', props.queueDepthScaleOutThreshold, 1);
  checkInteger('queueDepthScaleInThreshold', props.queueDepthScaleInThreshold, 1);
  const scaleOut = props.queueDepthScaleOutThreshold ?? defaults.queueDepthScaleOutThreshold;
  const scaleIn = props.queueDepthScaleInThreshold ?? defaults.queueDepthScaleInThreshold;
  if (!isToken(scaleOut) && !isToken(scaleIn) && scaleIn >= scaleOut) {
    // Name the prop the user set: a lowered scale-out threshold can collide with the default scale-in one.
    if (props.queueDepthScaleInThreshold === undefined) {
      fail('queueDepthScaleOutThreshold',
        `be higher than \`.queueDepthScaleInThreshold\` (${scaleIn}, the default)`, scaleOut);
    }
    fail('queueDepthScaleInThreshold',
      `be lower than \`.queueDepthScaleOutThreshold\` (${scaleOut})`, scaleIn);
  }
}
