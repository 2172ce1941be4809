import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { WorkerTierProps } from './worker-tier';
import { checkFleetOptions } from '../private/hardened-fleet';
import { checkInteger, checkPerZone, fail, isToken } from '../private/validation';

/** The worker tier's defaults the checks compare with. */
export interface WorkerTierDefaults {
  readonly instancesPerZone: number[];
  readonly instanceType: ec2.InstanceType;
  readonly queueDepthScaleOutThreshold: number;
  readonly queueDepthScaleInThreshold: number;
}

/** Checks the worker tier's props before any child is created. Paths are relative to the tier's own props. */
export function validateWorkerTierProps(props: WorkerTierProps, defaults: WorkerTierDefaults): void {
  if (props.zoneSubnets.length !== 2) {
    fail('zoneSubnets', 'list exactly 2 subnet selections (one per zone)', props.zoneSubnets.length);
  }
  checkFleetOptions(props, defaults.instanceType);
  checkPerZone('instancesPerZone', props.instancesPerZone, 1);
  checkPerZone('maxInstancesPerZone', props.maxInstancesPerZone, 1);
  const desired = props.instancesPerZone ?? defaults.instancesPerZone;
  props.maxInstancesPerZone?.forEach((max, zone) => {
    if (!isToken(max) && !isToken(desired[zone]) && max < desired[zone]) {
      fail(`maxInstancesPerZone[${zone}]`,
        `be at least the desired count \`.instancesPerZone[${zone}]\` (${desired[zone]})`, max);
    }
  });
  checkInteger('rootVolumeSizeGiB', props.rootVolumeSizeGiB, 8, 16384);
  checkInteger('cpuTargetUtilizationPercent', props.cpuTargetUtilizationPercent, 10, 95);
  const grace = props.healthCheckGracePeriod;
  if (grace && !grace.isUnresolved() && grace.toSeconds() > 7200) {
    fail('healthCheckGracePeriod', 'be at most 2 hours', grace);
  }

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
