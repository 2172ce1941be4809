import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { AppTierOptions } from './app-tier';
import { checkFleetOptions } from '../private/hardened-fleet';
import { checkHttpPath, checkInteger, checkPerZone, checkPort, fail, isToken } from '../private/validation';

/** The app tier's defaults the checks compare with. */
export interface AppTierDefaults {
  readonly instancesPerZone: number[];
  readonly instanceType: ec2.InstanceType;
}

/** Checks the app tier's options before any child is created. Paths are relative to the tier's own props. */
export function validateAppTierOptions(props: AppTierOptions, defaults: AppTierDefaults): void {
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
  checkPort('port', props.port);
  checkHttpPath('healthCheckPath', props.healthCheckPath);
  checkInteger('rootVolumeSizeGiB', props.rootVolumeSizeGiB, 8, 16384);
  checkInteger('cpuTargetUtilizationPercent', props.cpuTargetUtilizationPercent, 10, 95);
  checkInteger('rateLimitPerFiveMinutes', props.rateLimitPerFiveMinutes, 100, 2_000_000_000);
  if (props.deletionProtection !== undefined && typeof props.deletionProtection !== 'boolean') {
    fail('deletionProtection', 'be true or false', props.deletionProtection);
  }
  const grace = props.healthCheckGracePeriod;
  if (grace && !grace.isUnresolved() && grace.toSeconds() > 7200) {
    fail('healthCheckGracePeriod', 'be at most 2 hours', grace);
  }
  const p99 = props.p99LatencyScaleOutThreshold;
  if (p99 && !p99.isUnresolved() && (p99.toMilliseconds() < 10 || p99.toMilliseconds() > 60_000)) {
    fail('p99LatencyScaleOutThreshold', 'be between 10 ms and 60 s', p99);
  }
}

