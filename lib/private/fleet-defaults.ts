import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

// The props of the app tier and the workers that their fleet builds from, and the defaults each tier states next to
// its props (its FLEET_DEFAULTS), in one shape.

/**
 * The props of a tier of servers that its fleet builds from: `AppTierOptions` and `WorkerTierOptions` have each. A
 * JavaScript caller may name the instance types.
 */
export interface FleetSettings {
  readonly instanceType?: ec2.InstanceType | string;
  /**
   * Types Auto Scaling launches, in this order, when the instance type has no capacity in the zone. Unset: the tier's
   * default list when the instance type is the default too, none otherwise. None: the launch template alone.
   */
  readonly additionalInstanceTypes?: Array<ec2.InstanceType | string>;
  readonly machineImage?: ec2.IMachineImage;
  /** Size of each instance's root volume, in GiB; 30 GiB when not given. */
  readonly rootVolumeSizeGiB?: number;
  /** Desired (= minimum) instances per zone; the tier's default when not given. */
  readonly instancesPerZone?: number[];
  /** Twice `instancesPerZone` when not given. */
  readonly maxInstancesPerZone?: number[];
  /** Also how long a new instance has to become ready: the readiness check gives up at this much uptime. */
  readonly healthCheckGracePeriod?: Duration;
}

/** A tier of servers' defaults: what its fleet builds from, and its checks compare with, when a prop is unset. */
export interface FleetDefaults {
  readonly instanceType: ec2.InstanceType;
  readonly instancesPerZone: number[];
  /** The second choices of the default instance type (the fleet launches them only with that type). */
  readonly additionalInstanceTypes: ec2.InstanceType[];
  /** How long a new instance has before failed checks replace it, and to become ready. */
  readonly healthCheckGracePeriod: Duration;
}

/**
 * The default instance types of a tier of servers, at the tier's size: c7g (Graviton3), then as the second choice of
 * each group the same size (vCPUs, memory) and CPU architecture on Graviton2, c6gn, in another capacity pool. Like
 * c7g, c6gn is a Nitro type that encrypts traffic between instances (CT.AUTOSCALING.PR.11).
 */
export function gravitonFleetTypes(size: ec2.InstanceSize): Pick<FleetDefaults, 'instanceType' | 'additionalInstanceTypes'> {
  return {
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.C7G, size),
    additionalInstanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.C6GN, size)],
  };
}
