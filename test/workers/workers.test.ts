import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { MultiAzHaPlatform, PlatformErrors } from '../../lib';
import { WorkerTier, WorkerTierOptions } from '../../lib/workers/worker-tier';
import { AL2023, userDataOf } from '../app-tier/boot-script';
import { deprecationWarningsDuring } from '../app-tier/deprecation-warnings';
import { errorOf, expectConfigurationError } from '../support/errors';
import { buildPlatform, logicalIdOf, newStack, resourcesOf, withTemplate } from '../support/fixtures';
import { expectGroupsLaunch, expectOneHardenedLaunchTemplate, expectOnDemandInOrder } from '../support/fleet-assertions';
import { expectMetricReads } from '../support/metric-assertions';
import { queueDepth } from '../support/tier-apps';
import { newTierStack } from '../support/tier-fixtures';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LT = 'AWS::EC2::LaunchTemplate';
const POLICY = 'AWS::AutoScaling::ScalingPolicy';
const ALARM = 'AWS::CloudWatch::Alarm';
const SG = 'AWS::EC2::SecurityGroup';

/** A worker tier on the platform network, with a queue-depth metric unless `withQueue` is false. */
function buildTier(options: WorkerTierOptions = {}, withQueue = true) {
  const fixture = newTierStack();
  const tier = new WorkerTier(fixture.stack, 'Workers', {
    ...options,
    vpc: fixture.network.vpc,
    zoneSubnets: [0, 1].map((zone) => fixture.network.privateSubnetOfZone(zone)),
    queueDepthMetric: withQueue ? queueDepth() : undefined,
  });
  return { ...fixture, tier };
}

function synthTier(options: WorkerTierOptions = {}, withQueue = true) {
  return withTemplate(buildTier(options, withQueue));
}

type Synthesized = ReturnType<typeof synthTier>;
const cache = new Map<string, Synthesized>();
function cached(key: string, make: () => Synthesized): Synthesized {
  if (!cache.has(key)) {
    cache.set(key, make());
  }
  return cache.get(key)!;
}
/** The default tier, scaling on queue depth (messaging on). */
const defaultTier = () => cached('queue', () => synthTier());
/** The default tier without a queue-depth metric (messaging off). */
const cpuTier = () => cached('cpu', () => synthTier({}, false));

/** A worker tier with every option overridden, and a data store the workers are allowed to reach. */
const customTier = () => cached('custom', () => {
  const userData = ec2.UserData.forLinux();
  userData.addCommands('echo my-own-worker');
  const built = buildTier({
    instancesPerZone: [2, 4],
    maxInstancesPerZone: [5, 9],
    instanceType: new ec2.InstanceType('m7g.xlarge'),
    machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0123456789abcdef0' }),
    userData,
    rootVolumeSizeGiB: 64,
    healthCheckGracePeriod: Duration.minutes(2),
    queueDepthScaleOutThreshold: 5000,
    queueDepthScaleInThreshold: 500,
  });
  const store = new ec2.Connections({
    securityGroups: [new ec2.SecurityGroup(built.stack, 'StoreSecurityGroup', { vpc: built.network.vpc, allowAllOutbound: false })],
    defaultPort: ec2.Port.tcp(5432),
  });
  store.allowDefaultPortFrom(built.tier);
  return withTemplate(built);
});

/** The queue-depth policy (`QueueDepthScaleOut` / `QueueDepthScaleIn`) of one zone's group. */
function queuePolicyOf(tier: WorkerTier, zone: number, id: 'QueueDepthScaleOut' | 'QueueDepthScaleIn') {
  const child = id === 'QueueDepthScaleOut' ? 'UpperPolicy' : 'LowerPolicy';
  return tier.autoScalingGroups[zone].node.findChild(id).node.findChild(child);
}

/**
 * A worker tier on the platform network (no queue-depth metric), for the boot tests; `boot` adds the platform's steps
 * before it is synthesized.
 */
function synthTierWithBoot(options: WorkerTierOptions = {}, boot: (tier: WorkerTier) => void = () => {}) {
  const fixture = newTierStack();
  const tier = new WorkerTier(fixture.stack, 'Workers', {
    ...options,
    vpc: fixture.network.vpc,
    zoneSubnets: [0, 1].map((zone) => fixture.network.privateSubnetOfZone(zone)),
  });
  boot(tier);
  return { ...fixture, tier, template: Template.fromStack(fixture.stack) };
}

let booted: ReturnType<typeof synthTierWithBoot> | undefined;
/** A worker tier booted as the platform boots it: its own steps, then the team's, with the parameters exported. */
function bootedTier() {
  return booted ??= synthTierWithBoot({ userData: teamUserData('echo my-own-worker') }, (tier) => {
    tier.addPlatformBootCommands('echo platform-step-1', 'echo platform-step-2');
    tier.exportParametersAtBoot('/shop/prod');
  });
}

function teamUserData(command: string): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(command);
  return userData;
}

describe('workers per zone', () => {
  test('one Auto Scaling group per zone, 3 + 2 by default (max twice), pinned to that zone\'s private subnet', () => {
    const { template } = defaultTier();
    template.resourceCountIs(ASG, 2);
    template.hasResourceProperties(ASG, {
      MinSize: '3',
      MaxSize: '6',
      DesiredCapacity: Match.absent(),
      VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('^NetworkVpcPrivateSubnet1Subnet') }],
    });
    template.hasResourceProperties(ASG, {
      MinSize: '2',
      MaxSize: '4',
      DesiredCapacity: Match.absent(),
      VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('^NetworkVpcPrivateSubnet2Subnet') }],
    });
  });

  test('instancesPerZone and maxInstancesPerZone set each zone\'s group', () => {
    const { template } = customTier();
    template.hasResourceProperties(ASG, { MinSize: '2', MaxSize: '5', VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }] });
    template.hasResourceProperties(ASG, { MinSize: '4', MaxSize: '9', VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('PrivateSubnet2') }] });
  });

  test('EC2 status checks (no load balancer) with a 5 minute grace period by default, overridable', () => {
    defaultTier().template.allResourcesProperties(ASG, {
      HealthCheckType: 'EC2', HealthCheckGracePeriod: 300, TargetGroupARNs: Match.absent(), LoadBalancerNames: Match.absent(),
    });
    customTier().template.allResourcesProperties(ASG, { HealthCheckType: 'EC2', HealthCheckGracePeriod: 120 });
  });

  test('rolling updates keep the desired count in service; group metrics are collected', () => {
    const { template } = defaultTier();
    const groups = Object.values(resourcesOf(template, ASG));
    expect(groups.map((g) => g.UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService).sort()).toEqual([2, 3]);
    for (const group of groups) {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ MaxBatchSize: 1 });
      expect(group.Properties.MetricsCollection).toEqual([{ Granularity: '1Minute' }]);
    }
  });

  test('a maximum equal to the desired count warns (workers.NoRollingHeadroom); the default does not', () => {
    const { stack, template } = synthTier({ instancesPerZone: [2, 2], maxInstancesPerZone: [2, 3] });
    Annotations.fromStack(stack).hasWarning('/TierStack/Workers/Servers',
      Match.stringLikeRegexp('^`maxInstancesPerZone\\[0\\]` equals the desired count \\(2\\).*\\[ack: Annotation::multi-az-ha-platform:workers.NoRollingHeadroom\\]$'));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('maxInstancesPerZone\\[1\\]'));
    const minInService = Object.values(resourcesOf(template, ASG))
      .map((g) => g.UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService).sort();
    expect(minInService).toEqual([1, 2]);
    Annotations.fromStack(defaultTier().stack).hasNoWarning('*', Match.stringLikeRegexp('NoRollingHeadroom'));
  });
});

describe('metrics and exposed settings', () => {
  test('metric(name, zone) reads any EC2 metric of the zone\'s workers, Average over 5 minutes by default', () => {
    const { tier, stack } = buildTier();
    const metric = tier.metric('NetworkIn', 1);
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toSeconds()]).toEqual(['AWS/EC2', 'NetworkIn', 'Average', 300]);
    expect(stack.resolve(metric.dimensions)).toEqual({ AutoScalingGroupName: { Ref: logicalIdOf(tier.autoScalingGroups[1]) } });
    expect(() => tier.metric('NetworkIn', 2)).toThrow(/`zoneIndex` must be 0 \(zone 1\) or 1 \(zone 2\), got 2/);
  });

  test('minInstancesPerZone is each zone\'s group minimum', () => {
    expect(buildTier().tier.minInstancesPerZone).toEqual([3, 2]);
    expect(buildTier({ instancesPerZone: [2, 4] }).tier.minInstancesPerZone).toEqual([2, 4]);
  });

  test('maxInstancesPerZone, availabilityZones and the root volume settings are each zone\'s group\'s', () => {
    const { tier, network } = buildTier();
    expect([tier.maxInstancesPerZone, tier.availabilityZones]).toEqual([[6, 4], network.availabilityZones]);
    expect([tier.rootVolumeSizeGiB, tier.rootVolumeType]).toEqual([30, ec2.EbsDeviceVolumeType.GP3]);
    const custom = buildTier({ instancesPerZone: [2, 2], maxInstancesPerZone: [5, 7], rootVolumeSizeGiB: 64 }).tier;
    expect([custom.maxInstancesPerZone, custom.rootVolumeSizeGiB]).toEqual([[5, 7], 64]);
  });

  test('a tier in subnets imported without their zone builds: only reading availabilityZones fails', () => {
    const fixture = newTierStack();
    const subnets = [0, 1].map((zone) => ec2.Subnet.fromSubnetId(fixture.stack, `Imported${zone}`, `subnet-0000000${zone}`));
    const tier = new WorkerTier(fixture.stack, 'Workers', { vpc: fixture.network.vpc, zoneSubnets: subnets.map((subnet) => ({ subnets: [subnet] })) });
    expect(tier.autoScalingGroups).toHaveLength(2);
    expect(() => tier.availabilityZones).toThrow(/availability zone/i);
  });

  test('cpuTargetUtilizationPercent exposes the CPU target: 70 by default, the one given otherwise, the one the groups track', () => {
    expect(buildTier().tier.cpuTargetUtilizationPercent).toBe(70);
    const { template, tier } = synthTier({ cpuTargetUtilizationPercent: 55 }, false);
    expect(tier.cpuTargetUtilizationPercent).toBe(55);
    template.allResourcesProperties(POLICY, { TargetTrackingConfiguration: Match.objectLike({ TargetValue: tier.cpuTargetUtilizationPercent }) });
  });
});

describe('several instance types per group (CT.AUTOSCALING.PR.6)', () => {
  test('by default each zone\'s group launches on-demand c7g.large first, then c6gn.large (same size, arm64)', () => {
    const { template, tier } = defaultTier();
    expectGroupsLaunch(template, ['c7g.large', 'c6gn.large']);
    expectOnDemandInOrder(template);
    expect(tier.instanceTypes.map(String)).toEqual(['c7g.large', 'c6gn.large']);
  });

  test('additionalInstanceTypes follow instanceType; a type of your own alone, or an empty list, launches one type', () => {
    const given = synthTier({ instanceType: new ec2.InstanceType('m7i.large'), additionalInstanceTypes: [new ec2.InstanceType('m6i.large')] });
    expectGroupsLaunch(given.template, ['m7i.large', 'm6i.large']);
    for (const options of [{ instanceType: new ec2.InstanceType('m7i.large') }, { additionalInstanceTypes: [] }]) {
      const { template } = synthTier(options);
      template.allResourcesProperties(ASG, { MixedInstancesPolicy: Match.absent(), LaunchTemplate: Match.objectLike({}) });
    }
  });

  test.each<[string, unknown, RegExp]>([
    ['[c6gn.xlarge] (other vCPUs and memory)', [new ec2.InstanceType('c6gn.xlarge')],
      /^`additionalInstanceTypes\[0\]` must have the vCPUs and memory of `instanceType` \(c7g.large: 2 vCPU, 4 GiB\).*got 'c6gn.xlarge'$/],
    ['[c6i.large] (another CPU architecture)', [new ec2.InstanceType('c6i.large')],
      /^`additionalInstanceTypes\[0\]` must have the CPU architecture of `instanceType` \(c7g.large: arm64\).*got 'c6i.large'$/],
    ["['c6gn.large', 7]", ['c6gn.large', 7], /^`additionalInstanceTypes\[1\]` must be an ec2.InstanceType, .*got 7$/],
  ])('fails when workers.additionalInstanceTypes is %s', (_label, additionalInstanceTypes, message) => {
    expect(() => buildTier({ additionalInstanceTypes } as WorkerTierOptions)).toThrow(message);
  });
});

describe('launch template', () => {
  test('one hardened launch template shared by both zones: IMDSv2, encrypted gp3, no public IP, no key pair', () => {
    const { template, tier } = defaultTier();
    expectOneHardenedLaunchTemplate(template, tier.launchTemplate, 'c7g.large');
    // Resolved when each instance launches: a deploy never moves the image.
    template.hasResourceProperties(LT, { LaunchTemplateData: Match.objectLike({ ImageId: `resolve:ssm:${AL2023}-arm64` }) });
    expect(JSON.stringify(template.toJSON().Parameters ?? {})).not.toMatch(/ami-amazon-linux-latest/);
  });

  test('instanceType, rootVolumeSizeGiB, machineImage and userData override the defaults', () => {
    customTier().template.hasResourceProperties(LT, {
      LaunchTemplateData: Match.objectLike({
        InstanceType: 'm7g.xlarge',
        ImageId: 'ami-0123456789abcdef0',
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 64, Encrypted: true }) })],
      }),
    });
    expect(userDataOf(customTier().template)).toContain('\necho my-own-worker\n');
    expect(JSON.stringify(customTier().template.toJSON())).not.toContain('placeholder-worker');
  });

  // JavaScript and Python callers can pass the name: the image still follows the type's architecture.
  test.each([
    ['c7g.large', 'arm64'],
    ['m7i.large', 'x86_64'],
    ['r7gd.xlarge', 'arm64'],
  ])('instanceType \'%s\' given as a string gets the %s image', (instanceType, arch) => {
    synthTier({ instanceType: instanceType as unknown as ec2.InstanceType }).template.hasResourceProperties(LT, {
      LaunchTemplateData: Match.objectLike({ InstanceType: instanceType, ImageId: `resolve:ssm:${AL2023}-${arch}` }),
    });
  });

  test('the default user data runs a placeholder worker under systemd that logs a heartbeat', () => {
    const script = userDataOf(defaultTier().template);
    expect(script).toContain('Description=MultiAzHaPlatform placeholder worker (replace with workers.userData)');
    expect(script).toContain('ExecStart=/bin/bash /opt/placeholder-worker/worker.sh');
    expect(script).toContain('Restart=always');
    expect(script).toContain('echo "placeholder worker on $(hostname): idle, heartbeat"');
    expect(script).toContain('systemctl enable --now placeholder-worker.service');
  });

  test('the instance role allows SSM Session Manager, the CloudWatch agent and the readiness signal, and nothing else', () => {
    const { template, tier } = defaultTier();
    const role = resourcesOf(template, 'AWS::IAM::Role')[logicalIdOf(tier.role)];
    expect(role.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchAgentServerPolicy']] },
    ]);
    expect(role.Properties.Policies).toBeUndefined();
    const inline = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(logicalIdOf(tier.role)));
    // aws-cdk-lib grants the signal when the groups wait for signals: on this stack only.
    expect(inline.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[
      { Action: 'cloudformation:SignalResource', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
    ]]);
  });
});

// The next two describes: how workers boot and tell CloudFormation they are ready: the platform's steps, the team's
// user data, then a signal carrying the user data's exit status (workers have no health endpoint); the policies that
// wait for it.
describe('readiness: deploys wait for new workers to finish their boot', () => {
  test('the first create and each rolling update wait for every new worker\'s signal, and roll back without', () => {
    const { template, tier } = synthTierWithBoot();
    tier.autoScalingGroups.forEach((asg, zone) => {
      const group = resourcesOf(template, ASG)[logicalIdOf(asg)];
      expect(group.CreationPolicy).toEqual({
        ResourceSignal: { Count: [3, 2][zone], Timeout: 'PT15M' },
        AutoScalingCreationPolicy: { MinSuccessfulInstancesPercent: 100 },
      });
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({
        WaitOnResourceSignals: true, PauseTime: 'PT15M', MinSuccessfulInstancesPercent: 100, MaxBatchSize: 1,
      });
      // A new worker needs its subnet's route out (packages, SSM, the signal) from its first boot on.
      expect(group.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(`PrivateSubnet${zone + 1}DefaultRoute`)]));
    });
  });

  test('healthCheckGracePeriod plus 10 minutes is how long CloudFormation waits for the signal', () => {
    const { template } = synthTierWithBoot({ healthCheckGracePeriod: Duration.minutes(2) });
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate.PauseTime).toBe('PT12M');
      expect(group.CreationPolicy.ResourceSignal.Timeout).toBe('PT12M');
    }
  });
});

describe('boot: the platform\'s steps, then the team\'s user data, then the readiness signal', () => {
  test('platform steps first (in the order added), then the team\'s user data, then the signal', () => {
    const script = userDataOf(bootedTier().template);
    const order = ['aws-cfn-bootstrap', 'echo platform-step-1', 'echo platform-step-2', 'source /opt/multi-az-ha-platform/env',
      '\necho my-own-worker\n', 'platform_signal "$team_status"'].map((text) => {
      expect(script).toContain(text);
      return script.indexOf(text);
    });
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('a worker is ready when its user data exits with status 0: the signal carries that status to its zone\'s group', () => {
    const { template, tier, network } = bootedTier();
    const script = userDataOf(template);
    expect(script).toContain('/var/lib/multi-az-ha-platform/user-data; team_status=$?\n' +
      'platform_signal "$team_status" "user data exited with status $team_status"');
    expect(script).not.toContain('curl -s -o /dev/null');
    tier.autoScalingGroups.forEach((asg, zone) => {
      const subnet = logicalIdOf(network.privateSubnetOfZone(zone).subnets![0]);
      expect(script).toContain(`<<{"Ref":"${subnet}"}>>) resource=${logicalIdOf(asg)} ;;`);
    });
    expect(script).toContain('cfn-signal --stack <<{"Ref":"AWS::StackName"}>> --resource "$resource" --region eu-west-1 --exit-code "$1"');
    expect(script).toContain('exit "$team_status"');
  });

  test('the parameters under the prefix become PLATFORM_<TIER>_<NAME> for the user data, a script and a unit file', () => {
    const script = userDataOf(bootedTier().template);
    expect(script).toContain('aws ssm get-parameters-by-path --region eu-west-1 --path \'/shop/prod\' --recursive');
    expect(script).toContain('cat > /opt/multi-az-ha-platform/env <<\'ENV\'');
    expect(script).toContain('> /etc/multi-az-ha-platform/platform.env');
    expect(userDataOf(synthTierWithBoot().template)).not.toContain('get-parameters-by-path');
  });

  test('the groups wait for what publishes the parameters', () => {
    const { template, tier } = synthTierWithBoot({}, (t) => {
      const publisher = new ssm.StringParameter(t, 'Published', { stringValue: 'x' });
      t.exportParametersAtBoot('/shop/prod', publisher);
    });
    const published = logicalIdOf(tier.node.findChild('Published'));
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.DependsOn).toEqual(expect.arrayContaining([published]));
    }
  });

  test('the team\'s user data object is never changed, and runs as its own program', () => {
    const userData = teamUserData('echo mine');
    const before = userData.render();
    const { template } = synthTierWithBoot({ userData }, (tier) => tier.addPlatformBootCommands('echo platform'));
    expect(userData.render()).toBe(before);
    expect(userDataOf(template)).toContain(`<<'MULTI_AZ_HA_PLATFORM_USER_DATA'\n${before}\nMULTI_AZ_HA_PLATFORM_USER_DATA\n`);
  });
});

describe('scaling on queue depth', () => {
  test.each([
    ['out by 1 at 10,000 messages (2 at twice that) after 3 periods', 'QueueDepthScaleOut', {
      EstimatedInstanceWarmup: 180,
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10000, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 10000, ScalingAdjustment: 2 },
      ],
    }, { Threshold: 10000, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3 }],
    ['in by 1 at or below 1,000 messages after 10 periods', 'QueueDepthScaleIn', {
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }],
    }, { Threshold: 1000, ComparisonOperator: 'LessThanOrEqualToThreshold', EvaluationPeriods: 10 }],
  ] as const)('each zone\'s group steps %s', (_steps, id, steps, alarm) => {
    const { template, tier } = defaultTier();
    tier.autoScalingGroups.forEach((asg, zone) => {
      const policy = logicalIdOf(queuePolicyOf(tier, zone, id));
      expect(resourcesOf(template, POLICY)[policy].Properties).toEqual({
        AutoScalingGroupName: { Ref: logicalIdOf(asg) },
        PolicyType: 'StepScaling',
        AdjustmentType: 'ChangeInCapacity',
        MetricAggregationType: 'Average',
        ...steps,
      });
      template.hasResourceProperties(ALARM, {
        Namespace: 'AWS/AmazonMQ',
        MetricName: 'MessageCount',
        Dimensions: [{ Name: 'Broker', Value: 'b' }],
        ...alarm,
        AlarmActions: [{ Ref: policy }],
      });
    });
  });

  test('exactly these two policies and alarms per zone: no CPU target tracking beside them', () => {
    const { template } = defaultTier();
    template.resourceCountIs(POLICY, 4);
    template.resourceCountIs(ALARM, 4);
    expect(Object.values(resourcesOf(template, POLICY)).every((p) => p.Properties.PolicyType === 'StepScaling')).toBe(true);
  });

  test('the policies and alarms keep their logical IDs and every property; they aggregate as the metric does', () => {
    const fixture = newTierStack();
    new WorkerTier(fixture.stack, 'Workers', {
      vpc: fixture.network.vpc,
      zoneSubnets: [0, 1].map((zone) => fixture.network.privateSubnetOfZone(zone)),
      queueDepthMetric: new cloudwatch.Metric({
        namespace: 'AWS/AmazonMQ', metricName: 'MessageCount', dimensionsMap: { Broker: 'b' }, statistic: 'Maximum',
      }),
      queueDepthScaleOutThreshold: 5000,
      queueDepthScaleInThreshold: 500,
    });
    const template = Template.fromStack(fixture.stack);
    const policies = resourcesOf(template, POLICY);
    const alarms = resourcesOf(template, ALARM);
    const zone1 = 'WorkersServersZone1Group';
    const metric = { Namespace: 'AWS/AmazonMQ', MetricName: 'MessageCount', Dimensions: [{ Name: 'Broker', Value: 'b' }], Period: 300, Statistic: 'Maximum' };
    expect(policies[`${zone1}QueueDepthScaleOutUpperPolicy0B4C9142`].Properties).toEqual({
      AutoScalingGroupName: { Ref: `${zone1}ASG3F42F8EF` },
      PolicyType: 'StepScaling',
      AdjustmentType: 'ChangeInCapacity',
      MetricAggregationType: 'Maximum',
      EstimatedInstanceWarmup: 180,
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 5000, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 5000, ScalingAdjustment: 2 },
      ],
    });
    expect(alarms[`${zone1}QueueDepthScaleOutUpperAlarm7AC815B7`].Properties).toEqual({
      ...metric,
      AlarmActions: [{ Ref: `${zone1}QueueDepthScaleOutUpperPolicy0B4C9142` }],
      AlarmDescription: 'Messages are piling up on the broker: its queue depth has been at least 5000 for 15 minutes. This alarm ' +
        'scales zone 1\'s workers out: Auto Scaling adds 1 worker (2 at 10000 messages or more) while it is in ALARM, up to the ' +
        'group\'s maximum of 6 (maxInstancesPerZone); the other zone\'s group scales on the same queue depth. No action while the ' +
        'groups grow. Act only if the group stays at its maximum and the queue keeps growing: check that the workers consume ' +
        '(their logs, the broker\'s consumer count), and raise maxInstancesPerZone if the load is real.',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      Threshold: 5000,
    });
    expect(policies[`${zone1}QueueDepthScaleInLowerPolicy6901DC2E`].Properties).toEqual({
      AutoScalingGroupName: { Ref: `${zone1}ASG3F42F8EF` },
      PolicyType: 'StepScaling',
      AdjustmentType: 'ChangeInCapacity',
      MetricAggregationType: 'Maximum',
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }],
    });
    expect(alarms[`${zone1}QueueDepthScaleInLowerAlarm5903433C`].Properties).toEqual({
      ...metric,
      AlarmActions: [{ Ref: `${zone1}QueueDepthScaleInLowerPolicy6901DC2E` }],
      AlarmDescription: 'The broker\'s queue depth has been at most 500 for 50 minutes: the backlog is worked off. This alarm ' +
        'scales zone 1\'s workers in: Auto Scaling removes 1 worker at a time while it is in ALARM, down to the group\'s minimum ' +
        'of 3 (instancesPerZone). It is in ALARM whenever the queue is short, the usual state: no action needed.',
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      EvaluationPeriods: 10,
      Threshold: 500,
    });
    expect(Object.keys(policies).filter((id) => id.startsWith('WorkersServersZone2Group')).sort()).toEqual([
      'WorkersServersZone2GroupQueueDepthScaleInLowerPolicyB368DEF9',
      'WorkersServersZone2GroupQueueDepthScaleOutUpperPolicy2E909800',
    ]);
    expect(Object.keys(alarms).filter((id) => id.startsWith('WorkersServersZone2Group')).sort()).toEqual([
      'WorkersServersZone2GroupQueueDepthScaleInLowerAlarmFAE35A0B',
      'WorkersServersZone2GroupQueueDepthScaleOutUpperAlarm07379669',
    ]);
  });

  test('synthesizing the tier prints no deprecation warning', () => {
    const warnings = deprecationWarningsDuring(() => {
      const fixtures = jest.requireActual<typeof import('../support/tier-fixtures')>('../support/tier-fixtures');
      const workers = jest.requireActual<typeof import('../../lib/workers/worker-tier')>('../../lib/workers/worker-tier');
      const metrics = jest.requireActual<typeof import('aws-cdk-lib/aws-cloudwatch')>('aws-cdk-lib/aws-cloudwatch');
      const fixture = fixtures.newTierStack();
      new workers.WorkerTier(fixture.stack, 'Workers', {
        vpc: fixture.network.vpc,
        zoneSubnets: [0, 1].map((zone) => fixture.network.privateSubnetOfZone(zone)),
        queueDepthMetric: new metrics.Metric({ namespace: 'AWS/AmazonMQ', metricName: 'MessageCount' }),
      });
      fixtures.templateOf(fixture.stack);
    });
    expect(warnings).toEqual([]);
  });

  test('queueDepthScaleOutThreshold and queueDepthScaleInThreshold move the alarms and the steps', () => {
    const { template } = customTier();
    template.hasResourceProperties(ALARM, { ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 5000 });
    template.hasResourceProperties(ALARM, { ComparisonOperator: 'LessThanOrEqualToThreshold', Threshold: 500 });
    template.hasResourceProperties(POLICY, {
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 5000, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 5000, ScalingAdjustment: 2 },
      ],
    });
  });
  test('the queue alarms tell on-call what they watch, what Auto Scaling does, and when to act (zone 2, options and platform)', () => {
    const description = (template: Template, tier: WorkerTier, zone: number, id: 'QueueDepthScaleOut' | 'QueueDepthScaleIn') => {
      const alarm = tier.autoScalingGroups[zone].node.findChild(id).node.findChild(id === 'QueueDepthScaleOut' ? 'UpperAlarm' : 'LowerAlarm');
      return template.toJSON().Resources[logicalIdOf(alarm)].Properties.AlarmDescription as string;
    };
    const { template, tier } = customTier();
    const scaleOut = description(template, tier, 1, 'QueueDepthScaleOut');
    expect(scaleOut).toMatch(/^Messages are piling up on the broker: its queue depth has been at least 5000 for 15 minutes\. /);
    expect(scaleOut).toContain('This alarm scales zone 2\'s workers out: Auto Scaling adds 1 worker (2 at 10000 messages or more) while ' +
      'it is in ALARM, up to the group\'s maximum of 9 (maxInstancesPerZone)');
    expect(scaleOut).toContain('Act only if the group stays at its maximum and the queue keeps growing');
    const scaleIn = description(template, tier, 1, 'QueueDepthScaleIn');
    expect(scaleIn).toMatch(/^The broker's queue depth has been at most 500 for 50 minutes: the backlog is worked off\. /);
    expect(scaleIn).toContain('removes 1 worker at a time while it is in ALARM, down to the group\'s minimum of 4 (instancesPerZone)');
    expect(scaleIn).toMatch(/It is in ALARM whenever the queue is short, the usual state: no action needed\.$/);
    [scaleOut, scaleIn].forEach((text) => expect(text.length).toBeLessThanOrEqual(1024));

    // Under the platform: the broker's queue depth over 1 minute, the platform's prop names.
    const { stack, platform } = buildPlatform();
    const platformTemplate = Template.fromStack(stack);
    expect(description(platformTemplate, platform.workers!, 0, 'QueueDepthScaleOut')).toMatch(
      /^Messages are piling up on the broker: its queue depth has been at least 10000 for 3 minutes\. .* maximum of 6 \(workers\.maxInstancesPerZone\)/);
    expect(description(platformTemplate, platform.workers!, 1, 'QueueDepthScaleIn')).toMatch(
      /^The broker's queue depth has been at most 1000 for 10 minutes: .* minimum of 2 \(workers\.instancesPerZone\)\. /);
  });
});

describe('scaling without a queue-depth metric (messaging off)', () => {
  test('each zone\'s group tracks 70 % CPU, and no queue alarm exists', () => {
    const { template, tier } = cpuTier();
    template.resourceCountIs(POLICY, 2);
    template.resourceCountIs(ALARM, 0);
    for (const asg of tier.autoScalingGroups) {
      template.hasResourceProperties(POLICY, {
        AutoScalingGroupName: { Ref: logicalIdOf(asg) },
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
          TargetValue: 70,
        },
      });
    }
  });

  test('cpuTargetUtilizationPercent sets the target; an Intel instance type gets the x86_64 image', () => {
    const { template } = synthTier({ cpuTargetUtilizationPercent: 55, instanceType: new ec2.InstanceType('m7i.large') }, false);
    template.allResourcesProperties(POLICY, { TargetTrackingConfiguration: Match.objectLike({ TargetValue: 55 }) });
    template.hasResourceProperties(LT, {
      LaunchTemplateData: Match.objectLike({ InstanceType: 'm7i.large', ImageId: `resolve:ssm:${AL2023}-x86_64` }),
    });
  });
});

describe('security group and connections', () => {
  test('the workers accept no inbound traffic and may reach out', () => {
    const { template, tier } = defaultTier();
    const sgId = logicalIdOf(tier.securityGroup);
    const sg = resourcesOf(template, SG)[sgId];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes(sgId));
    expect(ingress).toEqual([]);
    template.allResourcesProperties(LT, {
      LaunchTemplateData: Match.objectLike({
        NetworkInterfaces: [Match.objectLike({ Groups: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }] })],
      }),
    });
  });

  test('the tier is connectable without a default port: a data store opens its own port to the workers', () => {
    const { tier, template } = customTier();
    expect(tier.connections.defaultPort).toBeUndefined();
    expect(tier.connections.securityGroups).toEqual([tier.securityGroup]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalIdOf(tier.securityGroup), 'GroupId'] },
    });
    const workerSg = resourcesOf(template, SG)[logicalIdOf(tier.securityGroup)];
    expect(workerSg.Properties.SecurityGroupIngress).toBeUndefined();
  });
});

describe('exposed children and metrics', () => {
  test('both zones\' groups, the shared launch template, role and security group are reachable', () => {
    const { tier } = defaultTier();
    expect(tier.autoScalingGroups).toHaveLength(2);
    expect(tier.autoScalingGroups.map((g) => g.node.path)).toEqual([
      'TierStack/Workers/Servers/Zone1Group', 'TierStack/Workers/Servers/Zone2Group',
    ]);
    expect(tier.launchTemplate.node.defaultChild).toBeDefined();
    expect(tier.role.node.path).toBe('TierStack/Workers/Servers/InstanceRole');
    expect(tier.securityGroup.node.path).toBe('TierStack/Workers/Servers/SecurityGroup');
  });

  test.each([
    ['metricCpuUtilization', 'AWS/EC2', 'CPUUtilization', 'Average'],
    ['metricInServiceInstances', 'AWS/AutoScaling', 'GroupInServiceInstances', 'Minimum'],
  ] as const)('%s reads the zone group\'s %s %s (%s)', (method, namespace, metricName, statistic) => {
    const { tier, stack } = defaultTier();
    tier.autoScalingGroups.forEach((asg, zone) => {
      const metric = tier[method](zone);
      expectMetricReads(metric, namespace, metricName, statistic);
      expect(stack.resolve(metric.dimensions)).toEqual({ AutoScalingGroupName: { Ref: logicalIdOf(asg) } });
    });
    expect(tier[method](0, { statistic: 'Maximum', period: Duration.minutes(1) }).statistic).toBe('Maximum');
  });

  test('a metric of a zone that does not exist fails with the zone index', () => {
    expect(() => defaultTier().tier.metricInServiceInstances(2)).toThrow(/`zoneIndex` must be 0 \(zone 1\) or 1 \(zone 2\), got 2/);
    expect(() => defaultTier().tier.metricCpuUtilization(-1)).toThrow(/`zoneIndex` must be 0 \(zone 1\) or 1 \(zone 2\), got -1/);
  });

  test('a bad zone index names the argument and the tier\'s construct path (not its fleet\'s)', () => {
    const { tier } = defaultTier();
    expectConfigurationError(errorOf(() => tier.metricCpuUtilization(-1)), 'zoneIndex', 'TierStack/Workers',
      '`zoneIndex` must be 0 (zone 1) or 1 (zone 2), got -1');
    // From JavaScript, '1' would index the groups' array.
    expectConfigurationError(errorOf(() => tier.metricCpuUtilization('1' as any)), 'zoneIndex', 'TierStack/Workers',
      '`zoneIndex` must be 0 (zone 1) or 1 (zone 2), got \'1\'');
  });
});

describe('bad input', () => {
  test.each<[WorkerTierOptions, RegExp]>([
    [{ instancesPerZone: [3] }, /^`instancesPerZone` must list exactly 2 counts \(one per zone\), got \[3\]$/],
    [{ instancesPerZone: [3, 2, 1] }, /^`instancesPerZone` must list exactly 2 counts \(one per zone\), got \[3,2,1\]$/],
    [{ instancesPerZone: [3, 0] }, /^`instancesPerZone\[1\]` must be at least 1, got 0$/],
    [{ instancesPerZone: [1.5, 2] }, /^`instancesPerZone\[0\]` must be a whole number, got 1.5$/],
    [{ maxInstancesPerZone: [6] }, /^`maxInstancesPerZone` must list exactly 2 counts \(one per zone\), got \[6\]$/],
    [{ maxInstancesPerZone: [2, 4] }, /^`maxInstancesPerZone\[0\]` must be at least the desired count `instancesPerZone\[0\]` \(3\), got 2$/],
    [{ instancesPerZone: [4, 4], maxInstancesPerZone: [8, 3] }, /^`maxInstancesPerZone\[1\]` must be at least the desired count `instancesPerZone\[1\]` \(4\), got 3$/],
    [{ rootVolumeSizeGiB: 4 }, /^`rootVolumeSizeGiB` must be at least 8, got 4$/],
    [{ cpuTargetUtilizationPercent: 100 }, /^`cpuTargetUtilizationPercent` must be at most 95, got 100$/],
    [{ healthCheckGracePeriod: Duration.hours(3) }, /^`healthCheckGracePeriod` must be at most 2 hours, got 3 hours$/],
    [{ queueDepthScaleOutThreshold: 0 }, /^`queueDepthScaleOutThreshold` must be at least 1, got 0$/],
    [{ queueDepthScaleInThreshold: 0 }, /^`queueDepthScaleInThreshold` must be at least 1, got 0$/],
    [{ queueDepthScaleOutThreshold: 100.5 }, /^`queueDepthScaleOutThreshold` must be a whole number, got 100.5$/],
    [{ queueDepthScaleInThreshold: 10000 }, /^`queueDepthScaleInThreshold` must be lower than `queueDepthScaleOutThreshold` \(10000\), got 10000$/],
    [{ queueDepthScaleOutThreshold: 200, queueDepthScaleInThreshold: 300 }, /^`queueDepthScaleInThreshold` must be lower than `queueDepthScaleOutThreshold` \(200\), got 300$/],
    [{ queueDepthScaleOutThreshold: 500 }, /^`queueDepthScaleOutThreshold` must be higher than `queueDepthScaleInThreshold` \(1000, the default\), got 500$/],
  ])('fails when workers is %j', (workers, message) => {
    expect(() => buildTier(workers)).toThrow(message);
  });

  // JavaScript and Python callers are not stopped by the types: a wrong value must name the prop, not crash later.
  test.each<[keyof WorkerTierOptions, unknown, RegExp]>([
    ['instanceType', 7, /^`instanceType` must be an ec2.InstanceType, such as .*, got 7$/],
    ['instanceType', { name: 'c7g.large' }, /^`instanceType` must be an ec2.InstanceType, .*, got \{"name":"c7g.large"\}$/],
    ['instanceType', 'large', /^`instanceType` must be an EC2 instance type such as c7g.xlarge .*, got 'large'$/],
    ['machineImage', { imageId: 'ami-0123456789abcdef0' }, /^`machineImage` must be an ec2.IMachineImage, .*, got \{"imageId":"ami-0123456789abcdef0"\}$/],
    ['userData', ['echo hi'], /^`userData` must be an ec2.UserData, such as ec2.UserData.forLinux\(\), got \["echo hi"\]$/],
    ['userData', ec2.UserData.custom('#cloud-config'), /^`userData` must be a Linux shell script .*, got '#cloud-config'$/],
    ['healthCheckGracePeriod', 300, /^`healthCheckGracePeriod` must be a Duration, such as Duration.minutes\(5\), got 300$/],
  ])('fails when workers.%s is %p', (prop, value, message) => {
    expect(() => buildTier({ [prop]: value } as WorkerTierOptions)).toThrow(message);
  });

  test('thresholds are checked even without a queue-depth metric', () => {
    expect(() => buildTier({ queueDepthScaleInThreshold: 20000 }, false))
      .toThrow(/`queueDepthScaleInThreshold` must be lower than `queueDepthScaleOutThreshold` \(10000\), got 20000/);
  });

  test('the platform must pass one subnet selection per zone', () => {
    const { stack, network } = newTierStack();
    expect(() => new WorkerTier(stack, 'Workers', { vpc: network.vpc, zoneSubnets: [network.privateSubnetOfZone(0)] }))
      .toThrow(/^`zoneSubnets` must list exactly 2 subnet selections \(one per zone\), got 1$/);
  });

  test('the error names the prop path and fails before any child is created', () => {
    const { stack, network } = newTierStack();
    const caught = errorOf(() => {
      new WorkerTier(stack, 'Workers', {
        vpc: network.vpc,
        zoneSubnets: [0, 1].map((zone) => network.privateSubnetOfZone(zone)),
        instancesPerZone: [0, 2],
      });
    });
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    // On its own, the tier names its own props and its own construct path.
    expect(PlatformErrors.propPathOf(caught)).toBe('instancesPerZone[0]');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TierStack/Workers');
    expect((caught as Error).message).toBe('`instancesPerZone[0]` must be at least 1, got 0');
    expect(stack.node.tryFindChild('Workers')?.node.children ?? []).toEqual([]);
  });

  test('under the platform, the same rule names the platform\'s props, sibling props included', () => {
    const caught = errorOf(() => buildPlatform({ workers: { instancesPerZone: [4, 4], maxInstancesPerZone: [8, 3] } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('workers.maxInstancesPerZone[1]');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform/Workers');
    expect((caught as Error).message).toBe(
      '`workers.maxInstancesPerZone[1]` must be at least the desired count `workers.instancesPerZone[1]` (4), got 3');
  });

  test.each(['appTier', 'workers'] as const)('%s.instancesPerZone from a parameter needs maxInstancesPerZone: no template can double it', (tier) => {
    const { stack, hostedZone } = newStack();
    const count = new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
    const caught = errorOf(() => new MultiAzHaPlatform(stack, 'Platform', {
      dns: { hostedZone, recordName: 'app' },
      [tier]: { instancesPerZone: [count, 2] },
    }));
    expect(PlatformErrors.propPathOf(caught)).toBe(`${tier}.maxInstancesPerZone`);
    expect((caught as Error).message).toBe(`\`${tier}.maxInstancesPerZone\` must be given when \`${tier}.instancesPerZone\` holds a ` +
      'Token (a parameter, an import): its default, twice the count, cannot be computed before the deploy, got undefined');
    const { stack: given, hostedZone: zone } = newStack();
    const param = new CfnParameter(given, 'Count', { type: 'Number' }).valueAsNumber;
    expect(() => new MultiAzHaPlatform(given, 'Platform', {
      dns: { hostedZone: zone, recordName: 'app' },
      [tier]: { instancesPerZone: [param, 2], maxInstancesPerZone: [6, 6] },
    })).not.toThrow();
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over both worker scaling modes (queue depth and CPU), with every other
// tier's checks, in one synth each.
