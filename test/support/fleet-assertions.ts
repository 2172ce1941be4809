import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { logicalIdOf } from './fixtures';

/**
 * Asserts the hardening every fleet shares (lib/private/hardened-fleet.ts): one launch template of `instanceType`, no
 * launch configuration, IMDSv2 only, no public IP, an encrypted 30 GiB gp3 root volume, no key pair, detailed
 * monitoring; and every Auto Scaling group launches its latest version through a mixed instances policy.
 */
export function expectOneHardenedLaunchTemplate(template: Template, launchTemplate: ec2.LaunchTemplate, instanceType: string): void {
  template.resourceCountIs('AWS::EC2::LaunchTemplate', 1);
  template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
  template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
    LaunchTemplateData: Match.objectLike({
      InstanceType: instanceType,
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      NetworkInterfaces: [Match.objectLike({ AssociatePublicIpAddress: false, DeviceIndex: 0 })],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 30, DeleteOnTermination: true } }],
      KeyName: Match.absent(),
      Monitoring: { Enabled: true },
    }),
  });
  const lt = logicalIdOf(launchTemplate);
  template.allResourcesProperties('AWS::AutoScaling::AutoScalingGroup', {
    LaunchTemplate: Match.absent(),
    MixedInstancesPolicy: Match.objectLike({
      LaunchTemplate: Match.objectLike({
        LaunchTemplateSpecification: { LaunchTemplateId: { Ref: lt }, Version: { 'Fn::GetAtt': [lt, 'LatestVersionNumber'] } },
      }),
    }),
  });
}

/**
 * Asserts that each zone's group (two of them) launches `types` (CT.AUTOSCALING.PR.6): its mixed instances policy
 * overrides the launch template with them, in that order.
 */
export function expectGroupsLaunch(template: Template, types: string[]): void {
  const overrides = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))
    .map((group) => group.Properties.MixedInstancesPolicy?.LaunchTemplate.Overrides);
  expect(overrides).toEqual([0, 1].map(() => types.map((type) => ({ InstanceType: type }))));
}

/** Asserts that every Auto Scaling group launches on demand only, its instance types taken in their order. */
export function expectOnDemandInOrder(template: Template): void {
  template.allResourcesProperties('AWS::AutoScaling::AutoScalingGroup', {
    MixedInstancesPolicy: Match.objectLike({
      InstancesDistribution: { OnDemandAllocationStrategy: 'prioritized', OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 100 },
    }),
  });
}
