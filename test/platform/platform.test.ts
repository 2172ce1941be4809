import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DnsRouting, MultiAzHaPlatform } from '../../lib';
import { buildPlatform, defaultPlatform, logicalIdOf, newStack } from '../support/fixtures';

describe('whole platform', () => {
  test('default platform snapshot (fixed environment)', () => {
    expect(defaultPlatform().template.toJSON()).toMatchSnapshot();
  });

  test('every tier is a public property and its main resources are reachable for escape hatches', () => {
    const { platform } = defaultPlatform();
    expect(platform.network.vpc.node.defaultChild).toBeInstanceOf(ec2.CfnVPC);
    expect(platform.appTier.autoScalingGroups[0].node.defaultChild).toBeDefined();
    expect(platform.dns.records).toHaveLength(2);
    expect(platform.dns.healthChecks).toHaveLength(2);
  });

  test('an escape hatch on an exposed child lands in the template', () => {
    const { stack, platform } = buildPlatform();
    const cfnAlb = platform.appTier.zoneLoadBalancers[0].loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer;
    cfnAlb.addPropertyOverride('IpAddressType', 'dualstack');
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'dualstack' });
  });

  test('the default platform raises no warnings of its own', () => {
    expect(platformWarnings(defaultPlatform().stack)).toEqual([]);
  });

  test('a risky choice raises a warning with an id users can acknowledge', () => {
    const risky = buildPlatform({ network: { natGateways: 1 } });
    expect(platformWarnings(risky.stack)).toEqual([expect.stringContaining('[ack: Annotation::multi-az-ha-platform:SingleNatGateway]')]);

    const acknowledged = buildPlatform({ network: { natGateways: 1 } });
    Validations.of(acknowledged.platform).acknowledge({ id: 'Annotation::multi-az-ha-platform:SingleNatGateway', reason: 'a dev account' });
    expect(platformWarnings(acknowledged.stack)).toEqual([]);
  });
});

/** The platform's own warnings (not aws-cdk-lib's) on a stack. */
function platformWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data))
    .filter((message) => message.includes('multi-az-ha-platform:'));
}

describe('request path across both zones (guarantee 1 and 2)', () => {
  test('each zone has its own load balancer, app servers and health check, so losing one zone leaves the other serving', () => {
    const { template, platform } = defaultPlatform();
    const zones = platform.appTier.zoneLoadBalancers.map((zone, i) => ({
      alb: logicalIdOf(zone.loadBalancer),
      targetGroup: logicalIdOf(zone.targetGroup),
      asg: logicalIdOf(platform.appTier.autoScalingGroups[i]),
      subnet: logicalIdOf((platform.network.privateSubnetOfZone(i).subnets![0] as ec2.Subnet)),
      healthCheck: logicalIdOf(platform.dns.healthChecks[i]),
    }));
    expect(new Set(zones.flatMap((z) => Object.values(z))).size).toBe(10);
    zones.forEach((zone) => {
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        VPCZoneIdentifier: [{ Ref: zone.subnet }],
        TargetGroupARNs: [{ Ref: zone.targetGroup }],
      });
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: { 'Fn::GetAtt': [zone.alb, 'DNSName'] } }),
      });
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        HealthCheckId: { Ref: zone.healthCheck },
        AliasTarget: Match.objectLike({ DNSName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [zone.alb, 'DNSName'] }])]) }) }),
      });
    });
  });
});

describe('stable logical IDs (guarantee 5)', () => {
  // Changing one of these replaces the resource on the next deploy. A failure here means a refactor
  // renamed a construct: restore the ID instead of updating this list.
  test('stateful and addressable resources keep their logical IDs', () => {
    const { platform } = defaultPlatform();
    const ids = {
      vpc: logicalIdOf(platform.network.vpc),
      flowLogGroup: logicalIdOf(platform.network.flowLogGroup!),
      flowLogKey: logicalIdOf(platform.network.flowLogKey!),
      accessLogsBucket: logicalIdOf(platform.appTier.accessLogsBucket),
      certificate: logicalIdOf(platform.appTier.certificate),
      zone1LoadBalancer: logicalIdOf(platform.appTier.zoneLoadBalancers[0].loadBalancer),
      zone2LoadBalancer: logicalIdOf(platform.appTier.zoneLoadBalancers[1].loadBalancer),
      zone1Group: logicalIdOf(platform.appTier.autoScalingGroups[0]),
      zone2Group: logicalIdOf(platform.appTier.autoScalingGroups[1]),
      zone1Record: logicalIdOf(platform.dns.records[0]),
      zone2Record: logicalIdOf(platform.dns.records[1]),
    };
    expect(ids).toEqual({
      vpc: 'PlatformNetworkVpcED8BFD03',
      flowLogGroup: 'PlatformNetworkFlowLogGroup6E4BFBFF',
      flowLogKey: 'PlatformNetworkFlowLogKeyA8CBA491',
      accessLogsBucket: 'PlatformAppTierAccessLogsBucket39EE9CB9',
      certificate: 'PlatformAppTierCertificateC9E1EAAA',
      zone1LoadBalancer: 'PlatformAppTierZone1LoadBalancerE90A08AA',
      zone2LoadBalancer: 'PlatformAppTierZone2LoadBalancerBC5FD986',
      zone1Group: 'PlatformAppTierServersZone1GroupASGC6F6D027',
      zone2Group: 'PlatformAppTierServersZone2GroupASGE048CD1C',
      zone1Record: 'PlatformDnsZone1Record88423989',
      zone2Record: 'PlatformDnsZone2Record4DF186CE',
    });
  });

  test('stateful resources are retained when removed from the stack', () => {
    const { template, platform } = defaultPlatform();
    for (const construct of [platform.network.flowLogGroup!, platform.network.flowLogKey!, platform.appTier.accessLogsBucket]) {
      const id = logicalIdOf(construct);
      expect(template.toJSON().Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});

describe('fully customised platform', () => {
  test('every tier option flows to its tier', () => {
    const { stack, hostedZone } = newStack();
    const platform = new MultiAzHaPlatform(stack, 'Platform', {
      network: {
        cidr: '10.20.0.0/16',
        availabilityZones: ['eu-west-1b', 'eu-west-1c'],
        subnetCidrMask: 24,
        flowLogRetention: logs.RetentionDays.THREE_MONTHS,
      },
      dns: { hostedZone, recordName: 'shop', routing: DnsRouting.ACTIVE_ACTIVE, healthCheckFailureThreshold: 2 },
      appTier: { instancesPerZone: [2, 3], maxInstancesPerZone: [4, 6], port: 9000, instanceType: new ec2.InstanceType('m7g.large') },
    });
    const template = Template.fromStack(stack);
    expect(platform.network.availabilityZones).toEqual(['eu-west-1b', 'eu-west-1c']);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'shop.example.com.', Weight: 50 });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '3', MaxSize: '6' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 9000 });
    expect(template.toJSON()).toMatchSnapshot();
  });
});
