import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ServerTier } from '../../lib';
import { defaultPlatform } from '../support/fixtures';

// AppTier and WorkerTier share their servers through ServerTier: each tier's own tests cover the values; these tests
// cover what a caller typed on the base class gets.

/** What a caller that takes either tier reads of it. */
function fleetOf(tier: ServerTier) {
  return {
    groups: tier.autoScalingGroups.length,
    min: tier.minInstancesPerZone,
    max: tier.maxInstancesPerZone,
    types: tier.instanceTypes.map(String),
    volume: [tier.rootVolumeSizeGiB, tier.rootVolumeType],
    zones: tier.availabilityZones,
    cpu: tier.cpuTargetUtilizationPercent,
  };
}

describe('ServerTier: what the app tier and the worker tier share', () => {
  test('both tiers are server tiers, each with its own groups, sizes and instance types', () => {
    const { appTier, workers, network } = defaultPlatform().platform;
    expect(appTier).toBeInstanceOf(ServerTier);
    expect(workers).toBeInstanceOf(ServerTier);
    expect([fleetOf(appTier), fleetOf(workers!)]).toEqual([
      { groups: 2, min: [4, 4], max: [8, 8], types: ['c7g.xlarge', 'c6gn.xlarge'], volume: [30, ec2.EbsDeviceVolumeType.GP3], zones: network.availabilityZones, cpu: 70 },
      { groups: 2, min: [3, 2], max: [6, 4], types: ['c7g.large', 'c6gn.large'], volume: [30, ec2.EbsDeviceVolumeType.GP3], zones: network.availabilityZones, cpu: 70 },
    ]);
  });

  test('the launch template, role and security group are the ones the groups launch with', () => {
    const { appTier, workers } = defaultPlatform().platform;
    for (const tier of [appTier, workers!] as ServerTier[]) {
      expect(tier.launchTemplate.role).toBe(tier.role);
      expect(tier.connections.securityGroups).toEqual([tier.securityGroup]);
      expect(tier.autoScalingGroups.map((asg) => asg.role)).toEqual([tier.role, tier.role]);
    }
  });

  test('the fleet metrics read each zone\'s own group', () => {
    const { appTier, workers } = defaultPlatform().platform;
    for (const tier of [appTier, workers!] as ServerTier[]) {
      const groupNames = tier.autoScalingGroups.map((asg) => asg.autoScalingGroupName);
      expect([0, 1].map((zone) => tier.metricCpuUtilization(zone).dimensions)).toEqual(
        groupNames.map((name) => ({ AutoScalingGroupName: name })));
      expect([0, 1].map((zone) => tier.metricInServiceInstances(zone).dimensions)).toEqual(
        groupNames.map((name) => ({ AutoScalingGroupName: name })));
    }
  });
});
