import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import type { HardenedFleet } from './hardened-fleet';

/** The construct ID of a tier's servers: part of the logical IDs of its groups, role and launch template. */
export const SERVERS_ID = 'Servers';

/**
 * What the app tier and the worker tier share: in each zone, an Auto Scaling group of hardened servers pinned to the
 * zone's private subnet, launched from one launch template, with one instance role and one security group. The tier
 * creates its servers (a HardenedFleet) as its child `SERVERS_ID` in its constructor; these members read them.
 *
 * Not exported (`@internal`): jsii erases it and gives AppTier and WorkerTier each these members, so no class outside
 * the library can extend it, and the servers stay private (no protected member).
 * @internal
 */
export abstract class ServerTier extends Construct {
  private get fleet(): HardenedFleet {
    return this.node.findChild(SERVERS_ID) as HardenedFleet;
  }

  /** The Auto Scaling group of each zone: index 0 is zone 1. */
  public get autoScalingGroups(): autoscaling.AutoScalingGroup[] {
    return this.fleet.autoScalingGroups;
  }

  /** The launch template both zones' groups share. Its user data is the platform's boot script, which runs `userData`. */
  public get launchTemplate(): ec2.LaunchTemplate {
    return this.fleet.launchTemplate;
  }

  /** The instance types the groups launch, in order of preference: `instanceType`, then `additionalInstanceTypes`. */
  public get instanceTypes(): ec2.InstanceType[] {
    return this.fleet.instanceTypes;
  }

  /** The instance role of the servers: grant it what they use (the data stores, the queue). */
  public get role(): iam.Role {
    return this.fleet.role;
  }

  /**
   * The security group of the servers. Only the paths the platform opens reach them: the app servers' port from their
   * zone's load balancer, and nothing for the workers.
   */
  public get securityGroup(): ec2.SecurityGroup {
    return this.fleet.securityGroup;
  }

  /** The fewest servers each zone's group keeps (its minimum size, `instancesPerZone`): zone 1 first. */
  public get minInstancesPerZone(): number[] {
    return this.fleet.minInstancesPerZone;
  }

  /** The most servers each zone's group may scale to (its maximum size, `maxInstancesPerZone`): zone 1 first. */
  public get maxInstancesPerZone(): number[] {
    return this.fleet.maxInstancesPerZone;
  }

  /** Size of each server's root volume, in GiB. */
  public get rootVolumeSizeGiB(): number {
    return this.fleet.rootVolumeSizeGiB;
  }

  /** Volume type of each server's encrypted root volume. */
  public get rootVolumeType(): ec2.EbsDeviceVolumeType {
    return this.fleet.rootVolumeType;
  }

  /** The zone of each zone's group (of its private subnet), zone 1 first; it fails for a subnet imported without its zone. */
  public get availabilityZones(): string[] {
    return this.fleet.availabilityZones;
  }

  /**
   * Adds shell commands to the platform's boot steps of the servers: they run before the team's `userData`, in the
   * order added, and a failing one does not stop the boot. The platform adds the CloudWatch agent's.
   */
  public addPlatformBootCommands(...commands: string[]): void {
    this.fleet.addPlatformBootCommands(...commands);
  }

  /**
   * Exports the SSM parameters under `parameterPrefix` at boot, before the team's `userData` runs, as
   * `PLATFORM_<TIER>_<NAME>` environment variables (`<prefix>/database/writer-endpoint` is
   * `PLATFORM_DATABASE_WRITER_ENDPOINT`), and writes `/opt/multi-az-ha-platform/env` (source it to read them again)
   * and `/etc/multi-az-ha-platform/platform.env` (systemd `EnvironmentFile=`). The role must be allowed to read them.
   * @param parameterPrefix the path the parameters live under
   * @param publishedBy what creates the parameters: the groups wait for it on create, so their first instances find
   *   every parameter
   */
  public exportParametersAtBoot(parameterPrefix: string, publishedBy?: IDependable): void {
    this.fleet.exportParametersAtBoot(parameterPrefix, publishedBy);
  }

  /**
   * CPU utilization of one zone's servers (`AWS/EC2`, by Auto Scaling group).
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 5 minutes
   */
  public metricCpuUtilization(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fleet.metricCpuUtilization(zoneIndex, props);
  }

  /**
   * Servers in service in one zone's group (`AWS/AutoScaling` `GroupInServiceInstances`).
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Minimum over 5 minutes
   */
  public metricInServiceInstances(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fleet.metricInServiceInstances(zoneIndex, props);
  }
}
