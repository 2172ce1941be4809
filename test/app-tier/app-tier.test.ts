import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AL2023, userDataOf } from './boot-script';
import { deprecationWarningsDuring } from './deprecation-warnings';
import { AppTierOptions, ErrorRateSource, PlatformErrors } from '../../lib';
import { buildReport } from '../../lib/report/report';
import { errorOf } from '../support/errors';
import { expectGroupsLaunch, expectOneHardenedLaunchTemplate, expectOnDemandInOrder } from '../support/fleet-assertions';
import { expectMetricReads } from '../support/metric-assertions';
import { buildPlatform, defaultPlatform, logicalIdOf, resourcesOf, synthPlatform } from '../support/request-path';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LT = 'AWS::EC2::LaunchTemplate';
const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const POLICY = 'AWS::AutoScaling::ScalingPolicy';
describe('app servers per zone', () => {
  test('one Auto Scaling group per zone, 4 + 4 by default, pinned to that zone\'s private subnet', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs(ASG, 2);
    for (const zone of [1, 2]) {
      template.hasResourceProperties(ASG, {
        MinSize: '4',
        MaxSize: '8',
        DesiredCapacity: Match.absent(),
        VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp(`^PlatformNetworkVpcPrivateSubnet${zone}Subnet`) }],
        TargetGroupARNs: [{ Ref: Match.stringLikeRegexp(`^PlatformAppTierZone${zone}LoadBalancerTargetGroup`) }],
      });
    }
  });

  test('instancesPerZone and maxInstancesPerZone set each zone\'s group', () => {
    const { template } = synthPlatform({ appTier: { instancesPerZone: [3, 5], maxInstancesPerZone: [6, 12] } });
    template.hasResourceProperties(ASG, { MinSize: '3', MaxSize: '6', VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }] });
    template.hasResourceProperties(ASG, { MinSize: '5', MaxSize: '12', VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('PrivateSubnet2') }] });
  });

  test('ELB health checks with a 5 minute grace period by default, overridable', () => {
    defaultPlatform().template.allResourcesProperties(ASG, { HealthCheckType: 'ELB', HealthCheckGracePeriod: 300 });
    const { template } = synthPlatform({ appTier: { healthCheckGracePeriod: Duration.minutes(2) } });
    template.allResourcesProperties(ASG, { HealthCheckGracePeriod: 120 });
  });

  test('rolling updates keep the desired count in service', () => {
    const { template } = defaultPlatform();
    const groups = resourcesOf(template, ASG);
    for (const group of Object.values(groups)) {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ MinInstancesInService: 4, MaxBatchSize: 1 });
    }
  });

  test('a maximum equal to the desired count warns that a rolling update loses capacity', () => {
    const { stack, template } = synthPlatform({ appTier: { instancesPerZone: [2, 2], maxInstancesPerZone: [2, 3] } });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('maxInstancesPerZone\\[0\\]` equals the desired count'));
    const minInService = Object.values(resourcesOf(template, ASG))
      .map((g) => g.UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService).sort();
    expect(minInService).toEqual([1, 2]);
  });
});

describe('several instance types per group (CT.AUTOSCALING.PR.6)', () => {
  test('by default each zone\'s group launches on-demand c7g.xlarge first, then c6gn.xlarge (same size, arm64)', () => {
    const { template, platform } = defaultPlatform();
    expectGroupsLaunch(template, ['c7g.xlarge', 'c6gn.xlarge']);
    expectOnDemandInOrder(template);
    // The launch template keeps the primary type: its version does not change with the list.
    template.hasResourceProperties(LT, { LaunchTemplateData: Match.objectLike({ InstanceType: 'c7g.xlarge' }) });
    expect(platform.appTier.instanceTypes.map(String)).toEqual(['c7g.xlarge', 'c6gn.xlarge']);
  });

  test('additionalInstanceTypes follow instanceType, in their order', () => {
    const { template } = synthPlatform({
      appTier: {
        instanceType: new ec2.InstanceType('m7i.xlarge'),
        additionalInstanceTypes: [new ec2.InstanceType('m6i.xlarge'), new ec2.InstanceType('m5.xlarge')],
      },
    });
    expectGroupsLaunch(template, ['m7i.xlarge', 'm6i.xlarge', 'm5.xlarge']);
  });

  test.each([
    ['an instanceType of your own and no additional types', { instanceType: new ec2.InstanceType('m7g.large') }, 'm7g.large'],
    ['an empty list', { additionalInstanceTypes: [] }, 'c7g.xlarge'],
  ])('%s: the groups launch from the launch template alone', (_name, appTier, type) => {
    const { template, platform } = synthPlatform({ appTier });
    const lt = logicalIdOf(platform.appTier.launchTemplate);
    template.allResourcesProperties(ASG, {
      MixedInstancesPolicy: Match.absent(),
      LaunchTemplate: { LaunchTemplateId: { Ref: lt }, Version: { 'Fn::GetAtt': [lt, 'LatestVersionNumber'] } },
    });
    template.hasResourceProperties(LT, { LaunchTemplateData: Match.objectLike({ InstanceType: type }) });
  });

  test('the groups keep their logical IDs, creation policy (every instance signals) and rolling updates', () => {
    const { template, platform } = defaultPlatform();
    const groups = resourcesOf(template, ASG);
    expect(Object.keys(groups).sort()).toEqual(
      platform.appTier.autoScalingGroups.map((group) => logicalIdOf(group)).sort());
    expect(Object.keys(groups).sort()).toEqual(['PlatformAppTierServersZone1GroupASGC6F6D027', 'PlatformAppTierServersZone2GroupASGE048CD1C']);
    for (const group of Object.values(groups)) {
      expect(group.CreationPolicy.ResourceSignal).toMatchObject({ Count: 4 });
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ WaitOnResourceSignals: true, MinInstancesInService: 4, MaxBatchSize: 1 });
    }
  });

  test('the report counts and prices the groups as their first type: the same inventory and cost as one type', () => {
    const mixed = defaultPlatform().template.toJSON();
    const single = JSON.parse(JSON.stringify(mixed));
    for (const group of Object.values<any>(single.Resources).filter((r) => r.Type === ASG)) {
      group.Properties.LaunchTemplate = group.Properties.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification;
      delete group.Properties.MixedInstancesPolicy;
    }
    const [mixedReport, singleReport] = [buildReport(mixed), buildReport(single)];
    expect(mixedReport.inventory).toEqual(singleReport.inventory);
    expect(mixedReport.cost).toEqual(singleReport.cost);
    expect(JSON.stringify(mixedReport.inventory)).toContain('c7g.xlarge');
    expect(JSON.stringify(mixedReport.inventory)).not.toContain('c6g');
  });

  test('a type whose size the platform does not know warns, with an id users can acknowledge', () => {
    const { stack } = buildPlatform({ appTier: { additionalInstanceTypes: [new ec2.InstanceType('c6gd.xlarge')] } });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp(
      '`appTier.additionalInstanceTypes\\[0\\]` \\(c6gd.xlarge\\) or `appTier.instanceType` \\(c7g.xlarge\\) is a type whose vCPUs.*appTier.InstanceTypeSizeUnknown'));
    expect(Annotations.fromStack(defaultPlatform().stack).findWarning('*', Match.stringLikeRegexp('InstanceTypeSizeUnknown'))).toEqual([]);
  });

  const c = (name: string) => new ec2.InstanceType(name);
  test.each<[string, unknown, unknown, RegExp]>([
    ['a larger type', undefined, [c('c7g.2xlarge')],
      /^`appTier.additionalInstanceTypes\[0\]` must have the vCPUs and memory of `appTier.instanceType` \(c7g.xlarge: 4 vCPU, 8 GiB\): the platform sizes each zone from one type, and this one has 8 vCPU, 16 GiB, got 'c7g.2xlarge'$/],
    ['more memory', undefined, [c('m6g.xlarge')], /^`appTier.additionalInstanceTypes\[0\]` must have the vCPUs and memory .*this one has 4 vCPU, 16 GiB, got 'm6g.xlarge'$/],
    ['another CPU architecture', undefined, [c('c7i.xlarge')],
      /^`appTier.additionalInstanceTypes\[0\]` must have the CPU architecture of `appTier.instanceType` \(c7g.xlarge: arm64\): the launch template's one image boots every type, got 'c7i.xlarge'$/],
    ['another CPU architecture than a type of your own', c('m7i.large'), [c('m7g.large')],
      /^`appTier.additionalInstanceTypes\[0\]` must have the CPU architecture of `appTier.instanceType` \(m7i.large: x86_64\).*got 'm7g.large'$/],
    ['the primary type again', undefined, [c('c7g.xlarge')],
      /^`appTier.additionalInstanceTypes\[0\]` must differ from `appTier.instanceType` \(c7g.xlarge\) and from the other additional types, got 'c7g.xlarge'$/],
    ['a type twice', undefined, [c('c6gn.xlarge'), c('c6gn.xlarge')], /^`appTier.additionalInstanceTypes\[1\]` must differ from .*got 'c6gn.xlarge'$/],
    ['a family of unknown architecture', undefined, [c('u-3tb1.56xlarge')],
      /^`appTier.additionalInstanceTypes\[0\]` must be of a family whose CPU architecture aws-cdk-lib knows .*got 'u-3tb1.56xlarge'$/],
    ['a name that is no type', undefined, ['c6g'], /^`appTier.additionalInstanceTypes\[0\]` must be an EC2 instance type such as c6gn.xlarge .*got 'c6g'$/],
    ['a number', undefined, [42], /^`appTier.additionalInstanceTypes\[0\]` must be an ec2.InstanceType, .*got 42$/],
    ['one type, not a list', undefined, c('c6gn.xlarge'), /^`appTier.additionalInstanceTypes` must be a list, got /],
    ['40 types', undefined, Array.from({ length: 40 }, (_, i) => `c6g.x${i}`), /^`appTier.additionalInstanceTypes` must list at most 39 types \(an Auto Scaling group takes 40 with `appTier.instanceType`\), got 40$/],
  ])('fails when additionalInstanceTypes has %s', (_name, instanceType, additionalInstanceTypes, message) => {
    expect(() => buildPlatform({ appTier: { instanceType, additionalInstanceTypes } as AppTierOptions })).toThrow(message);
  });
});

describe('launch template', () => {
  test('one hardened launch template shared by both zones', () => {
    const { template } = defaultPlatform();
    expectOneHardenedLaunchTemplate(template, defaultPlatform().platform.appTier.launchTemplate, 'c7g.xlarge');
  });

  test('Amazon Linux 2023, resolved when each instance launches: a deploy never moves the image', () => {
    const { template } = defaultPlatform();
    template.hasResourceProperties(LT, {
      LaunchTemplateData: Match.objectLike({ InstanceType: 'c7g.xlarge', ImageId: `resolve:ssm:${AL2023}-arm64` }),
    });
    // No template parameter resolves the image at deploy time.
    expect(JSON.stringify(template.toJSON().Parameters ?? {})).not.toMatch(/ami-amazon-linux-latest/);
  });

  // JavaScript and Python callers can pass the name: the image still follows the type's architecture.
  test.each([
    [new ec2.InstanceType('m7i.xlarge'), 'm7i.xlarge', 'x86_64'],
    [ec2.InstanceType.of(ec2.InstanceClass.R8G, ec2.InstanceSize.LARGE), 'r8g.large', 'arm64'],
    ['c7g.large', 'c7g.large', 'arm64'],
    ['m7gd.2xlarge', 'm7gd.2xlarge', 'arm64'],
    ['a1.large', 'a1.large', 'arm64'],
    ['c7i.large', 'c7i.large', 'x86_64'],
  ])('instanceType %s runs %s on the %s image', (instanceType, name, arch) => {
    synthPlatform({ appTier: { instanceType: instanceType as ec2.InstanceType } }).template.hasResourceProperties(LT, {
      LaunchTemplateData: Match.objectLike({ InstanceType: name, ImageId: `resolve:ssm:${AL2023}-${arch}` }),
    });
  });

  test('rootVolumeSizeGiB, machineImage and userData override the defaults', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo my-own-app');
    const { template } = synthPlatform({
      appTier: {
        rootVolumeSizeGiB: 64,
        machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0123456789abcdef0' }),
        userData,
      },
    });
    template.hasResourceProperties(LT, {
      LaunchTemplateData: Match.objectLike({
        ImageId: 'ami-0123456789abcdef0',
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 64 }) })],
      }),
    });
    expect(userDataOf(template)).toContain('\necho my-own-app\n');
    expect(userDataOf(template)).not.toContain('placeholder-app');
  });

  test('the default user data starts a placeholder service on the app port that answers the health check path', () => {
    const { template } = synthPlatform({ appTier: { port: 9000, healthCheckPath: '/ready' } });
    const script = userDataOf(template);
    expect(script).toContain('"0.0.0.0", 9000');
    expect(script).toContain('self.path == "/ready"');
    expect(script).toContain('systemctl enable --now placeholder-app.service');
  });

  test('the instance role allows SSM Session Manager and the CloudWatch agent, and nothing else', () => {
    const { template } = defaultPlatform();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
      }),
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchAgentServerPolicy']] },
      ],
    });
  });
});

describe('zone load balancers', () => {
  test('one internet-facing ALB per zone, each in the public subnets of both zones', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs(ALB, 2);
    template.allResourcesProperties(ALB, {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: [
        { Ref: Match.stringLikeRegexp('^PlatformNetworkVpcPublicSubnet1Subnet') },
        { Ref: Match.stringLikeRegexp('^PlatformNetworkVpcPublicSubnet2Subnet') },
      ],
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    for (const zone of [1, 2]) {
      template.hasResourceProperties(ALB, {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.prefix', Value: `zone-${zone}` }]),
      });
    }
  });

  test('HTTPS on 443 with a TLS 1.2+ policy, forwarding to the zone\'s own target group', () => {
    const { template, platform } = defaultPlatform();
    for (const zone of platform.appTier.zoneLoadBalancers) {
      template.hasResourceProperties(LISTENER, {
        LoadBalancerArn: { Ref: logicalIdOf(zone.loadBalancer) },
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: logicalIdOf(zone.targetGroup) } }],
      });
    }
  });

  test('HTTP on 80 only redirects to HTTPS', () => {
    const { template } = defaultPlatform();
    const http = Object.values(resourcesOf(template, LISTENER)).filter((l) => l.Properties.Port === 80);
    expect(http).toHaveLength(2);
    for (const listener of http) {
      expect(listener.Properties.DefaultActions).toEqual([
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ]);
    }
  });

  test('a DNS-validated certificate for the record name unless dns.certificate is given', () => {
    defaultPlatform().template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'app.example.com', HostedZoneId: 'Z0000000000000EXAMPLE' }],
    });
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const { template } = synthPlatform({ dns: { certificate: acm.Certificate.fromCertificateArn(new Stack(), 'Cert', arn) } });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties(LISTENER, { Port: 443, Certificates: [{ CertificateArn: arn }] });
  });

  test('target groups check the app\'s health path on the app port', () => {
    defaultPlatform().template.allResourcesProperties(TG, {
      Port: 8080, Protocol: 'HTTP', HealthCheckPath: '/health', Matcher: { HttpCode: '200' }, TargetType: 'instance',
    });
    synthPlatform({ appTier: { port: 3000, healthCheckPath: '/healthz' } }).template
      .allResourcesProperties(TG, { Port: 3000, HealthCheckPath: '/healthz' });
  });

  test('a WAF web ACL per load balancer: AWS managed rule groups and a rate-based rule', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs('AWS::WAFv2::WebACL', 2);
    template.allResourcesProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Priority: 0, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Priority: 1, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }),
        Match.objectLike({ Priority: 2, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } } }),
        Match.objectLike({ Priority: 3, Action: { Block: {} }, Statement: { RateBasedStatement: Match.objectLike({ Limit: 2000, AggregateKeyType: 'IP' }) } }),
      ],
    });
    for (const zone of defaultPlatform().platform.appTier.zoneLoadBalancers) {
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        ResourceArn: { Ref: logicalIdOf(zone.loadBalancer) },
        WebACLArn: { 'Fn::GetAtt': [logicalIdOf(zone.webAcl), 'Arn'] },
      });
    }
    synthPlatform({ appTier: { rateLimitPerFiveMinutes: 500 } }).template.allResourcesProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } })]),
    });
  });
});

describe('scaling', () => {
  test('target tracking keeps each zone at 70 % CPU by default, overridable', () => {
    const { template } = defaultPlatform();
    const tracking = Object.values(resourcesOf(template, POLICY)).filter((p) => p.Properties.PolicyType === 'TargetTrackingScaling');
    expect(tracking).toHaveLength(2);
    for (const p of tracking) {
      expect(p.Properties.TargetTrackingConfiguration).toEqual({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        TargetValue: 70,
      });
    }
    synthPlatform({ appTier: { cpuTargetUtilizationPercent: 55 } }).template.hasResourceProperties(POLICY, {
      TargetTrackingConfiguration: Match.objectLike({ TargetValue: 55 }),
    });
  });

  test('a zone scales out by a step when its p99 target response time exceeds 500 ms', () => {
    const { template, platform } = defaultPlatform();
    for (const asg of platform.appTier.autoScalingGroups) {
      const policy = logicalIdOf(asg.node.findChild('P99LatencyScaleOut').node.findChild('UpperPolicy'));
      template.hasResourceProperties(POLICY, {
        AutoScalingGroupName: { Ref: logicalIdOf(asg) },
        PolicyType: 'StepScaling',
        AdjustmentType: 'ChangeInCapacity',
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 0.5, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 0.5, ScalingAdjustment: 2 },
        ],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'TargetResponseTime',
        Namespace: 'AWS/ApplicationELB',
        ExtendedStatistic: 'p99',
        Threshold: 0.5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: policy }],
        Dimensions: Match.arrayWith([Match.objectLike({ Name: 'TargetGroup' })]),
      });
    }
  });

  test('p99LatencyScaleOutThreshold moves the alarm', () => {
    synthPlatform({ appTier: { p99LatencyScaleOutThreshold: Duration.millis(250) } }).template
      .hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', Threshold: 0.25 });
  });

  test('the p99 policy and alarm keep their logical IDs and every property', () => {
    const { template } = defaultPlatform();
    const zone1 = 'PlatformAppTierServersZone1Group';
    // The load balancer's full name: the last three parts of its listener's ARN.
    const segment = (part: number) => ({ 'Fn::Select': [part, { 'Fn::Split': ['/', { Ref: 'PlatformAppTierZone1LoadBalancerHttps2C631FED' }] }] });
    expect(resourcesOf(template, POLICY)[`${zone1}P99LatencyScaleOutUpperPolicyD673136F`].Properties).toEqual({
      AutoScalingGroupName: { Ref: `${zone1}ASGC6F6D027` },
      PolicyType: 'StepScaling',
      AdjustmentType: 'ChangeInCapacity',
      MetricAggregationType: 'Average',
      EstimatedInstanceWarmup: 180,
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 0.5, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 0.5, ScalingAdjustment: 2 },
      ],
    });
    expect(resourcesOf(template, 'AWS::CloudWatch::Alarm')[`${zone1}P99LatencyScaleOutUpperAlarm128B3411`].Properties).toEqual({
      AlarmActions: [{ Ref: `${zone1}P99LatencyScaleOutUpperPolicyD673136F` }],
      AlarmDescription: 'Upper threshold scaling alarm',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [
        { Name: 'LoadBalancer', Value: { 'Fn::Join': ['', [segment(1), '/', segment(2), '/', segment(3)]] } },
        { Name: 'TargetGroup', Value: { 'Fn::GetAtt': ['PlatformAppTierZone1LoadBalancerTargetGroupA7C42265', 'TargetGroupFullName'] } },
      ],
      EvaluationPeriods: 3,
      ExtendedStatistic: 'p99',
      MetricName: 'TargetResponseTime',
      Namespace: 'AWS/ApplicationELB',
      Period: 60,
      Threshold: 0.5,
    });
  });

  test('synthesizing the app tier prints no deprecation warning', () => {
    const warnings = deprecationWarningsDuring(() => {
      jest.requireActual<typeof import('../support/request-path')>('../support/request-path').synthPlatform();
    });
    expect(warnings).toEqual([]);
  });

  test('the deprecation check sees the warning scaleOnMetric used to print', () => {
    const warnings = deprecationWarningsDuring(() => {
      const { Stack: FreshStack } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
      const autoscaling = jest.requireActual<typeof import('aws-cdk-lib/aws-autoscaling')>('aws-cdk-lib/aws-autoscaling');
      const stack = new FreshStack();
      const group = autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Group', 'group');
      new autoscaling.StepScalingAction(stack, 'Policy', { autoScalingGroup: group, cooldown: undefined });
    });
    expect(warnings).toEqual([expect.stringContaining('aws-cdk-lib.aws_autoscaling.StepScalingActionProps#cooldown is deprecated')]);
  });
});

describe('security groups', () => {
  test('the load balancers accept 443 and 80 from the internet, and nothing else', () => {
    const { template, platform } = defaultPlatform();
    for (const zone of platform.appTier.zoneLoadBalancers) {
      const sg = resourcesOf(template, 'AWS::EC2::SecurityGroup')[logicalIdOf(zone.securityGroup)];
      expect(sg.Properties.SecurityGroupIngress).toEqual([
        expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
        expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' }),
      ]);
    }
  });

  test('only the load balancers reach the app servers, and only on the app port', () => {
    const { template, platform } = defaultPlatform();
    const appSg = logicalIdOf(platform.appTier.securityGroup);
    const appSgResource = resourcesOf(template, 'AWS::EC2::SecurityGroup')[appSg];
    expect(appSgResource.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes(appSg));
    expect(ingress).toHaveLength(2);
    for (const zone of platform.appTier.zoneLoadBalancers) {
      const lbSg = logicalIdOf(zone.securityGroup);
      expect(ingress.map((r) => r.Properties)).toContainEqual(expect.objectContaining({
        IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': [lbSg, 'GroupId'] },
      }));
    }
  });

  test('the tier is connectable: its default port is the app port', () => {
    const { platform } = defaultPlatform();
    expect(platform.appTier.connections.defaultPort?.toString()).toBe('8080');
    expect(platform.appTier.connections.securityGroups).toEqual([platform.appTier.securityGroup]);
  });
});

describe('exposed children and metrics', () => {
  test('each zone\'s load balancer, listener, target group, web ACL and group are reachable', () => {
    const { platform } = defaultPlatform();
    const tier = platform.appTier;
    expect(tier.zoneLoadBalancers).toHaveLength(2);
    expect(tier.autoScalingGroups).toHaveLength(2);
    expect(tier.zoneLoadBalancers[0].loadBalancer.node.path).toContain('Zone1LoadBalancer');
    expect(tier.zoneLoadBalancers[1].httpsListener.node.path).toContain('Zone2LoadBalancer');
    expect(tier.zoneLoadBalancers[0].webAcl.scope).toBe('REGIONAL');
    expect(tier.launchTemplate.node.defaultChild).toBeDefined();
    expect(tier.port).toBe(8080);
  });

  test.each([
    ['metricTargetResponseTime', 'TargetResponseTime', 'p99'],
    ['metricRequestCount', 'RequestCount', 'Sum'],
    ['metricHealthyHostCount', 'HealthyHostCount', 'Average'],
    ['metricTarget5xxCount', 'HTTPCode_Target_5XX_Count', 'Sum'],
    ['metricElb5xxCount', 'HTTPCode_ELB_5XX_Count', 'Sum'],
  ] as const)('%s reads the zone\'s %s', (method, metricName, statistic) => {
    const metric = defaultPlatform().platform.appTier[method](1);
    expectMetricReads(metric, 'AWS/ApplicationELB', metricName, statistic);
  });

  test.each([
    ['metricCpuUtilization', 'AWS/EC2', 'CPUUtilization', 'Average'],
    ['metricInServiceInstances', 'AWS/AutoScaling', 'GroupInServiceInstances', 'Minimum'],
  ] as const)('%s reads the zone group\'s %s %s', (method, namespace, metricName, statistic) => {
    const { platform, stack } = defaultPlatform();
    const metric = platform.appTier[method](1);
    expectMetricReads(metric, namespace, metricName, statistic);
    expect(stack.resolve(metric.dimensions)).toEqual({ AutoScalingGroupName: { Ref: logicalIdOf(platform.appTier.autoScalingGroups[1]) } });
  });

  test('metric(name, zone) reads any load balancer metric of the zone, Average over 5 minutes by default', () => {
    const { platform, stack } = defaultPlatform();
    const metric = platform.appTier.metric('ActiveConnectionCount', 1);
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toSeconds()])
      .toEqual(['AWS/ApplicationELB', 'ActiveConnectionCount', 'Average', 300]);
    expect(stack.resolve(metric.dimensions)).toEqual(stack.resolve(platform.appTier.metricRequestCount(1).dimensions));
    expect(stack.resolve(metric.dimensions)).not.toEqual(stack.resolve(platform.appTier.metricRequestCount(0).dimensions));
  });

  test('metricErrorRate is the zone\'s 5xx (app servers and load balancer) as a percentage of its requests', () => {
    const { platform, stack } = defaultPlatform();
    const rate = platform.appTier.metricErrorRate(0);
    expect(rate.expression).toBe('100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests');
    expect(rate.period.toSeconds()).toBe(300);
    const using = rate.usingMetrics as Record<string, cloudwatch.Metric>;
    expect(Object.keys(using)).toEqual(['target5xx', 'elb5xx', 'requests']);
    expect(Object.values(using).map((m) => [m.metricName, m.statistic])).toEqual([
      ['HTTPCode_Target_5XX_Count', 'Sum'], ['HTTPCode_ELB_5XX_Count', 'Sum'], ['RequestCount', 'Sum'],
    ]);
    expect(stack.resolve(using.requests.dimensions)).toEqual(stack.resolve(platform.appTier.metricRequestCount(0).dimensions));
  });

  test('metricErrorRate counts one source with the ids given, in their order', () => {
    const rate = defaultPlatform().platform.appTier.metricErrorRate(1, {
      source: ErrorRateSource.LOAD_BALANCER, metricIds: { requests: 'r2', target: 't2', elb: 'e2' }, label: 'LB', period: Duration.minutes(1),
    });
    expect(rate.expression).toBe('100 * FILL(e2, 0) / r2');
    expect(Object.keys(rate.usingMetrics)).toEqual(['r2', 't2', 'e2']);
    expect([rate.label, rate.period.toSeconds()]).toEqual(['LB', 60]);
    expect(defaultPlatform().platform.appTier.metricErrorRate(1, { source: ErrorRateSource.APP_SERVERS }).expression)
      .toBe('100 * FILL(target5xx, 0) / requests');
  });

  test('minInstancesPerZone and cpuTargetUtilizationPercent expose the groups\' minimum and the CPU target', () => {
    expect(defaultPlatform().platform.appTier.minInstancesPerZone).toEqual([4, 4]);
    expect(defaultPlatform().platform.appTier.cpuTargetUtilizationPercent).toBe(70);
    const custom = buildPlatform({ appTier: { instancesPerZone: [2, 3], cpuTargetUtilizationPercent: 55 } }).platform.appTier;
    expect(custom.minInstancesPerZone).toEqual([2, 3]);
    expect(custom.cpuTargetUtilizationPercent).toBe(55);
  });

  test('a metric of a zone that does not exist fails with the zone index', () => {
    expect(() => defaultPlatform().platform.appTier.metricRequestCount(2)).toThrow(/`zoneIndex` must be 0 \(zone 1\) or 1 \(zone 2\), got 2/);
  });
});

describe('bad input', () => {
  test.each([
    [{ instancesPerZone: [4] }, /`appTier.instancesPerZone` must list exactly 2 counts \(one per zone\), got \[4\]/],
    [{ instancesPerZone: [4, 4, 4] }, /`appTier.instancesPerZone` must list exactly 2 counts.*got \[4,4,4\]/],
    [{ instancesPerZone: [4, 0] }, /`appTier.instancesPerZone\[1\]` must be at least 1, got 0/],
    [{ instancesPerZone: [2.5, 4] }, /`appTier.instancesPerZone\[0\]` must be a whole number, got 2.5/],
    [{ maxInstancesPerZone: [8] }, /`appTier.maxInstancesPerZone` must list exactly 2 counts.*got \[8\]/],
    [{ maxInstancesPerZone: [3, 8] }, /`appTier.maxInstancesPerZone\[0\]` must be at least the desired count `appTier.instancesPerZone\[0\]` \(4\), got 3/],
    [{ port: 0 }, /`appTier.port` must be at least 1, got 0/],
    [{ port: 70000 }, /`appTier.port` must be at most 65535, got 70000/],
    [{ healthCheckPath: 'health' }, /`appTier.healthCheckPath` must be an HTTP path that starts with "\/".*got 'health'/],
    [{ rootVolumeSizeGiB: 4 }, /`appTier.rootVolumeSizeGiB` must be at least 8, got 4/],
    [{ cpuTargetUtilizationPercent: 100 }, /`appTier.cpuTargetUtilizationPercent` must be at most 95, got 100/],
    [{ rateLimitPerFiveMinutes: 10 }, /`appTier.rateLimitPerFiveMinutes` must be at least 100, got 10/],
    [{ healthCheckGracePeriod: Duration.hours(3) }, /`appTier.healthCheckGracePeriod` must be at most 2 hours, got 3 hours/],
    [{ p99LatencyScaleOutThreshold: Duration.millis(5) }, /`appTier.p99LatencyScaleOutThreshold` must be between 10 ms and 60 s, got 5 millis/],
  ])('fails when appTier is %j', (appTier, message) => {
    expect(() => buildPlatform({ appTier })).toThrow(message);
  });

  // JavaScript and Python callers are not stopped by the types: a wrong value must name the prop, not crash later.
  test.each<[keyof AppTierOptions, unknown, RegExp]>([
    ['instanceType', 42, /^`appTier.instanceType` must be an ec2.InstanceType, such as ec2.InstanceType.of\(.*\), got 42$/],
    ['instanceType', {}, /^`appTier.instanceType` must be an ec2.InstanceType, .*, got \{\}$/],
    ['instanceType', { instanceType: 'c7g.large' }, /^`appTier.instanceType` must be an ec2.InstanceType, .*, got \{"instanceType":"c7g.large"\}$/],
    ['instanceType', 'c7g', /^`appTier.instanceType` must be an EC2 instance type such as c7g.xlarge .*, got 'c7g'$/],
    ['instanceType', 'C7G.LARGE', /^`appTier.instanceType` must be an EC2 instance type such as c7g.xlarge .*, got 'C7G.LARGE'$/],
    ['instanceType', 'u-3tb1.56xlarge', /^`appTier.instanceType` must be of a family whose CPU architecture .*, or come with `appTier.machineImage`, got 'u-3tb1.56xlarge'$/],
    ['instanceType', new ec2.InstanceType(Lazy.string({ produce: () => 'c7g.large' })),
      /^`appTier.instanceType` must be known at synth when `appTier.machineImage` is not given/],
    ['machineImage', 'ami-0123456789abcdef0', /^`appTier.machineImage` must be an ec2.IMachineImage, .*, got 'ami-0123456789abcdef0'$/],
    ['userData', 'echo hello', /^`appTier.userData` must be an ec2.UserData, such as ec2.UserData.forLinux\(\), got 'echo hello'$/],
    ['userData', ec2.UserData.custom('#cloud-config\npackages: [nginx]'), /^`appTier.userData` must be a Linux shell script .*, got '#cloud-config'$/],
    ['userData', ec2.UserData.forWindows(), /^`appTier.userData` must be a Linux shell script .*, got '<powershell><\/powershell>'$/],
  ])('fails when appTier.%s is %p', (prop, value, message) => {
    expect(() => buildPlatform({ appTier: { [prop]: value } as AppTierOptions })).toThrow(message);
  });

  test('an instance type known only at deploy time is accepted with a machine image', () => {
    const instanceType = new ec2.InstanceType(Lazy.string({ produce: () => 'c7g.large' }));
    const machineImage = ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0123456789abcdef0' });
    expect(() => buildPlatform({ appTier: { instanceType, machineImage } })).not.toThrow();
  });

  test('the error can be told apart from other synth failures', () => {
    const caught = errorOf(() => buildPlatform({ appTier: { instancesPerZone: [0, 4] } }));
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    expect(PlatformErrors.propPathOf(caught)).toBe('appTier.instancesPerZone[0]');
    expect(PlatformErrors.isConfigurationError(new Error('other'))).toBe(false);
  });
});
