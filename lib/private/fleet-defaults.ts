import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

// The defaults the app tier and the workers state next to their props (each tier's FLEET_DEFAULTS), in one shape.

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
