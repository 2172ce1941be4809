import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as library from '../../lib';
import { ServerTier } from '../../lib/private/server-tier';
import { acknowledgedRules } from '../support/acknowledgements';
import { buildPlatform, defaultPlatform } from '../support/fixtures';

// AppTier and WorkerTier share their servers' members through the library's private base class ServerTier: each
// tier's own tests cover the values; these tests cover what the library's code typed on the base class reads.

/** What a caller that takes either tier reads of it. */
function fleetOf(tier: ServerTier) {
  return {
    groups: tier.autoScalingGroups.length,
    min: tier.minInstancesPerZone,
    max: tier.maxInstancesPerZone,
    types: tier.instanceTypes.map(String),
    volume: [tier.rootVolumeSizeGiB, tier.rootVolumeType],
    zones: tier.availabilityZones,
  };
}

describe('ServerTier: what the app tier and the worker tier share', () => {
  test('the base class is not exported: jsii gives its members to AppTier and WorkerTier, and nothing else extends it', () => {
    expect(Object.keys(library)).not.toContain('ServerTier');
    expect(Object.keys(library)).toEqual(expect.arrayContaining(['AppTier', 'WorkerTier']));
  });

  test('both tiers are server tiers, each with its own groups, sizes and instance types', () => {
    const { appTier, workers, network } = defaultPlatform().platform;
    expect(appTier).toBeInstanceOf(ServerTier);
    expect(workers).toBeInstanceOf(ServerTier);
    expect([fleetOf(appTier), fleetOf(workers!)]).toEqual([
      { groups: 2, min: [4, 4], max: [8, 8], types: ['c7g.xlarge', 'c6gn.xlarge'], volume: [30, ec2.EbsDeviceVolumeType.GP3], zones: network.availabilityZones },
      { groups: 2, min: [3, 2], max: [6, 4], types: ['c7g.large', 'c6gn.large'], volume: [30, ec2.EbsDeviceVolumeType.GP3], zones: network.availabilityZones },
    ]);
  });

  test('the launch template, role and security group are the ones the groups launch with', () => {
    const { appTier, workers } = defaultPlatform().platform;
    for (const tier of [appTier, workers!]) {
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

  test('a launch template whose image EC2 resolves at launch acknowledges aws-cdk-lib 2.269\'s ImageId format finding; an AMI does not', () => {
    const { appTier, workers } = defaultPlatform().platform;
    for (const tier of [appTier, workers!]) {
      expect(acknowledgedRules(tier.launchTemplate.node.defaultChild!)['CloudFormation-Validate::E1152'])
        .toMatch(/^The launch template's ImageId is `resolve:ssm:<parameter>`/);
    }
    const custom = buildPlatform({
      appTier: { machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch('/team/images/app-server') },
      workers: { machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }) },
    });
    expect(acknowledgedRules(custom.platform.workers!.launchTemplate.node.defaultChild!)).not.toHaveProperty(['CloudFormation-Validate::E1152']);
    expect(acknowledgedRules(custom.platform.appTier.launchTemplate.node.defaultChild!)).toHaveProperty(['CloudFormation-Validate::E1152']);
  });
});
