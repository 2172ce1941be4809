import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import type { HardenedFleet } from '../private/hardened-fleet';

/**
 * What the app tier and the worker tier share: in each zone, an Auto Scaling group of hardened servers pinned to the
 * zone's private subnet, launched from one launch template, with one instance role and one security group. Code that
 * works with either tier (grants, boot commands, fleet metrics) takes a `ServerTier`. It is the base of those two
 * tiers only: a class of your own cannot extend it (its servers are built by code the library does not export).
 */
export abstract class ServerTier extends Construct implements ec2.IConnectable {
  /** The connections of the servers: allow data stores to be reached from here. */
  public abstract readonly connections: ec2.Connections;
  /** The average CPU utilization, in percent, that target tracking keeps each zone's servers at. */
  public abstract readonly cpuTargetUtilizationPercent: number;

  /**
   * The servers: the construct `Servers` the tier creates in its constructor.
   * @internal
   */
  protected abstract readonly _fleet: HardenedFleet;

  /** The Auto Scaling group of each zone: index 0 is zone 1. */
  public get autoScalingGroups(): autoscaling.AutoScalingGroup[] {
    return this._fleet.autoScalingGroups;
  }

  /** The launch template both zones' groups share. Its user data is the platform's boot script, which runs `userData`. */
  public get launchTemplate(): ec2.LaunchTemplate {
    return this._fleet.launchTemplate;
  }

  /** The instance types the groups launch, in order of preference: `instanceType`, then `additionalInstanceTypes`. */
  public get instanceTypes(): ec2.InstanceType[] {
    return this._fleet.instanceTypes;
  }

  /** The instance role of the servers: grant it access to the data stores and queues they use. */
  public get role(): iam.Role {
    return this._fleet.role;
  }

  /** The security group of the servers: only the paths the platform opens reach them. */
  public get securityGroup(): ec2.SecurityGroup {
    return this._fleet.securityGroup;
  }

  /** The fewest servers each zone's group keeps (its minimum size, `instancesPerZone`): zone 1 first. */
  public get minInstancesPerZone(): number[] {
    return this._fleet.minInstancesPerZone;
  }

  /** The most servers each zone's group may scale to (its maximum size, `maxInstancesPerZone`): zone 1 first. */
  public get maxInstancesPerZone(): number[] {
    return this._fleet.maxInstancesPerZone;
  }

  /** Size of each server's root volume, in GiB. */
  public get rootVolumeSizeGiB(): number {
    return this._fleet.rootVolumeSizeGiB;
  }

  /** Volume type of each server's encrypted root volume. */
  public get rootVolumeType(): ec2.EbsDeviceVolumeType {
    return this._fleet.rootVolumeType;
  }

  /** The zone of each zone's group (of its private subnet), zone 1 first; it fails for a subnet imported without its zone. */
  public get availabilityZones(): string[] {
    return this._fleet.availabilityZones;
  }

  /**
   * Adds shell commands to the platform's boot steps of the servers: they run before the team's `userData`, in the
   * order added, and a failing one does not stop the boot. The platform adds the CloudWatch agent's.
   */
  public addPlatformBootCommands(...commands: string[]): void {
    this._fleet.addPlatformBootCommands(...commands);
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
    this._fleet.exportParametersAtBoot(parameterPrefix, publishedBy);
  }

  /**
   * CPU utilization of one zone's servers (`AWS/EC2`, by Auto Scaling group).
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 5 minutes
   */
  public metricCpuUtilization(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._fleet.metricCpuUtilization(zoneIndex, props);
  }

  /**
   * Servers in service in one zone's group (`AWS/AutoScaling` `GroupInServiceInstances`).
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Minimum over 5 minutes
   */
  public metricInServiceInstances(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._fleet.metricInServiceInstances(zoneIndex, props);
  }
}
