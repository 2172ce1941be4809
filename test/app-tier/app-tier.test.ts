import { App, Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { AL2023, userDataOf } from './boot-script';
import { deprecationWarningsDuring } from './deprecation-warnings';
import { AppTier, AppTierOptions, AppTierProps, ErrorRateSource, MultiAzHaPlatform, PlatformErrors, PlatformNetwork } from '../../lib';
import { WEB_ACL_LOG_DELIVERY_SID } from '../../lib/app-tier/web-acl-logs';
import { ELB_LOG_DELIVERY_SERVICE, regionsWithElbAccount } from '../../lib/private/access-logs';
import { buildReport } from '../../lib/report/report';
import { deployedIn, stackIdsOf } from '../support/deployed';
import { errorOf, expectConfigurationError } from '../support/errors';
import { newTestApp } from '../support/fixtures';
import { expectGroupsLaunch, expectOneHardenedLaunchTemplate, expectOnDemandInOrder } from '../support/fleet-assertions';
import { expectMetricReads } from '../support/metric-assertions';
import { agnosticPlatform, buildPlatform, defaultPlatform, logicalIdOf, resourcesOf, synthPlatform, TEST_ENV } from '../support/request-path';
import { synthAndCollectFindings } from '../support/validation-report';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LT = 'AWS::EC2::LaunchTemplate';
const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const POLICY = 'AWS::AutoScaling::ScalingPolicy';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const LOGS_POLICY = 'AWS::Logs::ResourcePolicy';
const WAF_LOGGING = 'AWS::WAFv2::LoggingConfiguration';
const DISABLED_WARNING = 'multi-az-ha-platform:appTier.DeletionProtectionDisabled';

const { created: STACK_ID, recreated: RECREATED_STACK_ID } = stackIdsOf('TestStack');
const deployed = (value: any, stackId = STACK_ID): any => deployedIn(value, stackId);

/** A stack with the platform's network, for the app tier on its own (no platform around it). */
function tierStack(stackName = 'TestStack') {
  const stack = new Stack(newTestApp(), stackName, { env: TEST_ENV });
  return { stack, network: new PlatformNetwork(stack, 'Network') };
}

/** The app tier on its own, in `scope` (a tier stack's, by default). */
function standaloneTier(props: Partial<AppTierProps> = {}, built = tierStack(), scope: Construct = built.stack) {
  const { stack, network } = built;
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0000000000000EXAMPLE', zoneName: 'example.com',
  });
  const tier = new AppTier(scope, 'AppTier', {
    vpc: network.vpc,
    publicSubnets: network.publicSubnets,
    zoneSubnets: [0, 1].map((zone) => network.privateSubnetOfZone(zone)),
    domainName: 'app.example.com',
    hostedZone,
    ...props,
  });
  return { stack, tier, template: Template.fromStack(stack) };
}

/** The document of a CloudWatch Logs resource policy, resolved (the template holds it as a JSON string). */
function documentOf(stack: Stack, policy: logs.ResourcePolicy): any {
  return stack.resolve(policy.document);
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The value CloudFormation would deploy in `region`: conditions, Fn::If, Fn::FindInMap (which fails on a missing key).
 * For the access logs' Region cases; `deployedIn` (../support/deployed) resolves names built from the stack's ID instead.
 */
function deployedInRegion(region: string, template: any, value: any): any {
  const evaluate = (v: any): any => deployedInRegion(region, template, v);
  const condition = (name: string): boolean => evaluate(template.Conditions[name]);
  if (Array.isArray(value)) {
    return value.map(evaluate).filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const [fn] = Object.keys(value);
  const arg = value[fn];
  switch (fn) {
    case 'Ref':
      return { 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::NoValue': NO_VALUE }[arg as string] ?? `<${arg}>`;
    case 'Condition': return condition(arg);
    case 'Fn::If': return evaluate(condition(arg[0]) ? arg[1] : arg[2]);
    case 'Fn::Equals': return evaluate(arg[0]) === evaluate(arg[1]);
    case 'Fn::Or': return arg.some((c: any) => evaluate(c) === true);
    case 'Fn::Join': return evaluate(arg[1]).join(arg[0]);
    case 'Fn::GetAtt': return `<${arg.join('.')}>`;
    case 'Fn::FindInMap': {
      const [map, top, second] = arg.map(evaluate);
      const found = template.Mappings?.[map]?.[top]?.[second];
      if (found === undefined) {
        throw new Error(`Fn::FindInMap: ${map} has no ${top}/${second}: the deploy fails in ${region}`);
      }
      return found;
    }
    default:
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v)]).filter(([, v]) => v !== NO_VALUE));
  }
}

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

// The next two describes: how app servers boot and tell CloudFormation they are ready: the platform's steps, the
// team's user data, the readiness signal; the creation and update policies that wait for it.
describe('readiness: deploys wait for new app servers to answer the health check', () => {
  test('new app servers signal ready: the first create and each rolling update wait for them, and roll back without', () => {
    const { template } = defaultPlatform();
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.CreationPolicy).toEqual({
        ResourceSignal: { Count: 4, Timeout: 'PT15M' },
        AutoScalingCreationPolicy: { MinSuccessfulInstancesPercent: 100 },
      });
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({
        WaitOnResourceSignals: true, PauseTime: 'PT15M', MinSuccessfulInstancesPercent: 100,
      });
    }
  });

  test.each([
    [Duration.minutes(2), 'PT12M', 120],
    [Duration.minutes(30), 'PT40M', 1800],
    [Duration.hours(2), 'PT1H', 3300],
  ])('a grace period of %s waits %s for the signal and gives the health check %i s of uptime', (grace, pause, seconds) => {
    const { template } = synthPlatform({ appTier: { healthCheckGracePeriod: grace } });
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate.PauseTime).toBe(pause);
      expect(group.CreationPolicy.ResourceSignal.Timeout).toBe(pause);
    }
    expect(userDataOf(template)).toContain(`-lt ${seconds} ]`);
  });

  test('each group waits for its subnet\'s route out before its instances boot', () => {
    const { template, platform } = defaultPlatform();
    platform.appTier.autoScalingGroups.forEach((asg, zone) => {
      const group = resourcesOf(template, ASG)[logicalIdOf(asg)];
      expect(group.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(`PrivateSubnet${zone + 1}DefaultRoute`)]));
    });
  });
});

describe('boot: the platform\'s steps, then the team\'s user data, then the readiness signal', () => {
  const withTelemetry = () => {
    const team = ec2.UserData.forLinux();
    team.addCommands('echo my-own-app');
    const before = team.render();
    const synthesized = synthPlatform({ appTier: { userData: team }, observability: {} });
    return { ...synthesized, team, before, script: userDataOf(synthesized.template) };
  };
  let booted: ReturnType<typeof withTelemetry>;
  const boot = () => booted ??= withTelemetry();

  test('the CloudWatch agent and the parameters come before the team\'s commands, the signal after them', () => {
    const { script } = boot();
    const at = (text: string) => {
      expect(script).toContain(text);
      return script.indexOf(text);
    };
    const order = [
      at('dnf install -y aws-cfn-bootstrap'),
      at('amazon-cloudwatch-agent-ctl -a fetch-config'),
      at('source /opt/multi-az-ha-platform/env'),
      at('\necho my-own-app\n'),
      at('platform_signal "$ready"'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('the team\'s user data is never changed, and runs as its own program', () => {
    const { script, team, before } = boot();
    expect(team.render()).toBe(before);
    expect(script).toContain(`cat > /var/lib/multi-az-ha-platform/user-data <<'MULTI_AZ_HA_PLATFORM_USER_DATA'\n${before}\nMULTI_AZ_HA_PLATFORM_USER_DATA\n`);
    expect(script).toContain('/var/lib/multi-az-ha-platform/user-data &');
  });

  test('the platform\'s SSM parameters are exported as PLATFORM_<TIER>_<NAME>, and written for later shells and units', () => {
    const text = userDataOf(synthPlatform({ parameterPrefix: '/shop/prod' }).template);
    expect(text).toContain('aws ssm get-parameters-by-path --region eu-west-1 --path \'/shop/prod\' --recursive');
    expect(text).toContain('key="${name#/shop/prod/}"; key="PLATFORM_${key//[^A-Za-z0-9]/_}"; export "${key^^}=$value"');
    expect(text).toContain('> /etc/multi-az-ha-platform/platform.env');
  });

  test('the groups are created after the parameters, so the first app servers find every one of them', () => {
    const { template, platform } = defaultPlatform();
    const parameters = Object.values(platform.parameters.parameters).map((parameter) => logicalIdOf(parameter));
    expect(parameters.length).toBeGreaterThan(1);
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.DependsOn).toEqual(expect.arrayContaining(parameters));
    }
  });

  test('a user data object shared by both fleets gets the agent once in each launch template', () => {
    const shared = ec2.UserData.forLinux();
    shared.addCommands('echo shared');
    const before = shared.render();
    const { template } = synthPlatform({ appTier: { userData: shared }, workers: { userData: shared }, observability: {} });
    const scripts = Object.values(resourcesOf(template, LT)).map((lt) => JSON.stringify(lt.Properties.LaunchTemplateData.UserData));
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      expect(script.split('amazon-cloudwatch-agent-ctl -a fetch-config')).toHaveLength(2);
    }
    expect(shared.render()).toBe(before);
  });

  test('an app server is ready once the health check path answers 200 on localhost; it signals its own zone\'s group', () => {
    const { template, platform } = synthPlatform({ appTier: { port: 9000, healthCheckPath: '/ready' } });
    const script = userDataOf(template);
    expect(script).toContain('url=\'http://localhost:9000/ready\'');
    expect(script).toContain('if [ "$(curl -s -o /dev/null -w \'%{http_code}\' --max-time 5 "$url")" = 200 ]; then ready=0; break; fi');
    platform.appTier.autoScalingGroups.forEach((asg, zone) => {
      expect(script).toContain(`<<{"Ref":"${logicalIdOf(platform.network.privateSubnetOfZone(zone).subnets![0])}"}>>) resource=${logicalIdOf(asg)} ;;`);
    });
    // The deployed stack's name, so a stack deployed under another name still receives the signal.
    expect(script).toContain('cfn-signal --stack <<{"Ref":"AWS::StackName"}>> --resource "$resource" --region eu-west-1 --exit-code "$1"');
  });

  test('a team\'s user data cannot end the platform\'s copy of it early', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('MULTI_AZ_HA_PLATFORM_USER_DATA');
    expect(() => synthPlatform({ appTier: { userData } }))
      .toThrow(/`appTier.userData` must not contain a line "MULTI_AZ_HA_PLATFORM_USER_DATA"/);
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

// Where the load balancers' access logs go, and who may write them, in every Region.
describe('access logs', () => {
  test('an encrypted, private, TLS-only bucket that is kept when the stack is deleted', () => {
    const { template } = defaultPlatform();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
  });

  test('in a concrete region the regional ELB account writes the logs', () => {
    defaultPlatform().template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { AWS: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':iam::156460612806:root')])] }) },
        })]),
      }),
    });
  });

  test('in an environment-agnostic stack the log delivery service may write, and the ELB account only where the Region has one', () => {
    const { template } = agnosticPlatform();
    const json = template.toJSON();
    const conditions = Object.entries(json.Conditions as Record<string, unknown>).filter(([id]) => id.includes('RegionHasElbAccount'));
    expect(conditions).toHaveLength(1);
    const regions = JSON.stringify(conditions[0][1]).match(/"[a-z]{2}(-[a-z]+)+-\d"/g)!.map((r) => JSON.parse(r)).sort();
    expect(regions).toEqual(Object.keys(regionsWithElbAccount()).sort());
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));
    expect(regions).not.toEqual(expect.arrayContaining(['ap-south-2']));
    template.allResourcesProperties(ALB, {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
  });

  // Evaluated as CloudFormation would in each Region: a plain Fn::FindInMap failed in the Regions opened since 2022.
  test.each([
    ['us-east-1', '127311923021'],
    ['eu-west-1', '156460612806'],
    ['ap-southeast-2', '783225319266'],
    ['ap-south-2', 'none'],
    ['eu-south-2', 'none'],
    ['il-central-1', 'none'],
    ['mx-central-1', 'none'],
    ['xx-future-1', 'none'],
  ])('an environment-agnostic stack deployed in %s lets the log delivery service write, and ELB account %s', (region, account) => {
    const json = agnosticPlatform().template.toJSON();
    const [policy] = Object.entries(resourcesOf(agnosticPlatform().template, 'AWS::S3::BucketPolicy'))
      .filter(([id]) => id.startsWith('PlatformAppTierAccessLogsBucket')).map(([, p]) => p);
    const writes = deployedInRegion(region, json, policy.Properties.PolicyDocument).Statement
      .filter((statement: any) => statement.Action === 's3:PutObject');
    expect(writes).toHaveLength(2);
    for (const statement of writes) {
      expect(statement.Principal).toEqual({
        Service: ELB_LOG_DELIVERY_SERVICE,
        ...(account === 'none' ? {} : { AWS: `arn:aws:iam::${account}:root` }),
      });
    }
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
      AlarmDescription: 'Zone 1\'s app servers are slow: their p99 response time has been at least 0.5 s for 3 minutes. This alarm ' +
        'scales the zone\'s group out: Auto Scaling adds 1 app server (2 at 1 s or more) while it is in ALARM, up to the group\'s ' +
        'maximum of 8 (appTier.maxInstancesPerZone). No action while the group grows. Act only if the group stays at its maximum ' +
        'and this alarm stays in ALARM: find what slows the app servers (their logs, the database, the cache), and raise ' +
        'appTier.maxInstancesPerZone if the load is real.',
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

  test('the p99 alarm tells on-call which zone is slow, from what threshold, what Auto Scaling does, and when to act', () => {
    const description = (built: { stack: Stack; template: Template }, asg: Construct) => built.template.toJSON()
      .Resources[logicalIdOf(asg.node.findChild('P99LatencyScaleOut').node.findChild('UpperAlarm'))].Properties.AlarmDescription;
    const tuned = synthPlatform({
      appTier: { p99LatencyScaleOutThreshold: Duration.millis(250), instancesPerZone: [2, 3], maxInstancesPerZone: [4, 6] },
    });
    const zone2: string = description(tuned, tuned.platform.appTier.autoScalingGroups[1]);
    expect(zone2).toMatch(/^Zone 2's app servers are slow: their p99 response time has been at least 0\.25 s for 3 minutes\. /);
    expect(zone2).toContain('Auto Scaling adds 1 app server (2 at 0.5 s or more) while it is in ALARM, up to the group\'s maximum of 6 ' +
      '(appTier.maxInstancesPerZone). No action while the group grows. Act only if the group stays at its maximum');
    expect(description(tuned, tuned.platform.appTier.autoScalingGroups[0])).toContain('Zone 1\'s app servers are slow: ');
    expect(description(tuned, tuned.platform.appTier.autoScalingGroups[0])).toContain(' maximum of 4 (appTier.maxInstancesPerZone)');
    // On its own, the tier names its own prop.
    const alone = standaloneTier({ maxInstancesPerZone: [5, 7] });
    const ownProp: string = description(alone, alone.tier.autoScalingGroups[1]);
    expect(ownProp).toContain(' maximum of 7 (maxInstancesPerZone). ');
    expect(ownProp).toMatch(/raise maxInstancesPerZone if the load is real\.$/);
    expect(ownProp.length).toBeLessThanOrEqual(1024);
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

  test('metricErrorRate with fillMissingErrorCounts false reads the 5xx counts as they are (no FILL), for each source', () => {
    const app = defaultPlatform().platform.appTier;
    const unfilled = (source?: ErrorRateSource) => app.metricErrorRate(0, { fillMissingErrorCounts: false, source }).expression;
    expect([unfilled(), unfilled(ErrorRateSource.APP_SERVERS), unfilled(ErrorRateSource.LOAD_BALANCER)]).toEqual([
      '100 * (target5xx + elb5xx) / requests', '100 * target5xx / requests', '100 * elb5xx / requests',
    ]);
    expect(app.metricErrorRate(0, { fillMissingErrorCounts: true }).expression).toBe('100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests');
  });

  test('minInstancesPerZone and cpuTargetUtilizationPercent expose the groups\' minimum and the CPU target', () => {
    expect(defaultPlatform().platform.appTier.minInstancesPerZone).toEqual([4, 4]);
    expect(defaultPlatform().platform.appTier.cpuTargetUtilizationPercent).toBe(70);
    const custom = buildPlatform({ appTier: { instancesPerZone: [2, 3], cpuTargetUtilizationPercent: 55 } }).platform.appTier;
    expect(custom.minInstancesPerZone).toEqual([2, 3]);
    expect(custom.cpuTargetUtilizationPercent).toBe(55);
  });

  test('maxInstancesPerZone, availabilityZones and the root volume settings are each zone\'s group\'s', () => {
    const { appTier, network } = defaultPlatform().platform;
    expect([appTier.maxInstancesPerZone, appTier.availabilityZones]).toEqual([[8, 8], network.availabilityZones]);
    expect([appTier.rootVolumeSizeGiB, appTier.rootVolumeType]).toEqual([30, ec2.EbsDeviceVolumeType.GP3]);
    const custom = buildPlatform({ appTier: { instancesPerZone: [2, 3], maxInstancesPerZone: [5, 7], rootVolumeSizeGiB: 64 } }).platform.appTier;
    expect([custom.maxInstancesPerZone, custom.rootVolumeSizeGiB]).toEqual([[5, 7], 64]);
  });

  test('each zone load balancer is internet-facing, with a node in both zones', () => {
    const { appTier, network } = defaultPlatform().platform;
    for (const lb of appTier.zoneLoadBalancers) {
      expect([lb.internetFacing, lb.availabilityZones]).toEqual([true, network.availabilityZones]);
    }
  });

  test('a metric of a zone that does not exist fails with the zone index', () => {
    expect(() => defaultPlatform().platform.appTier.metricRequestCount(2)).toThrow(/`zoneIndex` must be 0 \(zone 1\) or 1 \(zone 2\), got 2/);
  });

  test.each([
    ['metricRequestCount (a load balancer metric)', (tier: AppTier) => tier.metricRequestCount(5)],
    ['metricCpuUtilization (an Auto Scaling group metric)', (tier: AppTier) => tier.metricCpuUtilization(5)],
  ])('a bad zone index given to %s names the argument and the app tier\'s construct path', (_name, call) => {
    const appTier = defaultPlatform().platform.appTier;
    expectConfigurationError(errorOf(() => call(appTier)), 'zoneIndex', 'TestStack/Platform/AppTier',
      '`zoneIndex` must be 0 (zone 1) or 1 (zone 2), got 5');
  });

  // From JavaScript, '1' would index the zones' arrays; every tier's zone metrics take the numbers 0 and 1 only.
  test.each([
    ['AppTier.metricRequestCount', (p: MultiAzHaPlatform) => p.appTier.metricRequestCount('1' as any), 'TestStack/Platform/AppTier'],
    ['AppTier.metricInServiceInstances', (p: MultiAzHaPlatform) => p.appTier.metricInServiceInstances('1' as any), 'TestStack/Platform/AppTier'],
    ['GlobalDns.metricHealthCheckStatus', (p: MultiAzHaPlatform) => p.dns.metricHealthCheckStatus('1' as any), 'TestStack/Platform/Dns'],
  ])('%s refuses the zone index \'1\' (a string)', (_method, call, constructPath) => {
    expectConfigurationError(errorOf(() => call(defaultPlatform().platform)), 'zoneIndex', constructPath,
      '`zoneIndex` must be 0 (zone 1) or 1 (zone 2), got \'1\'');
  });
});

// The next three describes: what a real deploy needs from the app tier beyond its schema: a failed first create
// that rolls back cleanly (or says how to clean up), a stack that can be created again after a deletion, and
// CloudWatch Logs resource policies that leave room in the account (at most 10 per Region).
describe('deletion protection (appTier.deletionProtection)', () => {
  test('on by default: both load balancers refuse deletion, and no warning', () => {
    const { template, platform, stack } = defaultPlatform();
    expect(platform.appTier.deletionProtection).toBe(true);
    template.resourceCountIs(ALB, 2);
    template.allResourcesProperties(ALB, {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('appTier.DeletionProtectionDisabled'))).toEqual([]);
  });

  test('false turns it off on both load balancers and warns, with an id users can acknowledge', () => {
    const { template, platform, stack } = synthPlatform({ appTier: { deletionProtection: false } });
    expect(platform.appTier.deletionProtection).toBe(false);
    template.allResourcesProperties(ALB, {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
    const warnings = Annotations.fromStack(stack).findWarning(`/${stack.stackName}/Platform/AppTier`, Match.stringLikeRegexp(
      '`appTier.deletionProtection` is false: .*delete the zone load balancers'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain(`[ack: Annotation::${DISABLED_WARNING}]`);

    const acknowledged = buildPlatform({ appTier: { deletionProtection: false } });
    Validations.of(acknowledged.platform).acknowledge({ id: `Annotation::${DISABLED_WARNING}`, reason: 'a test stack' });
    expect(Annotations.fromStack(acknowledged.stack).findWarning('*', Match.stringLikeRegexp('appTier.deletionProtection'))).toEqual([]);
  });

  test.each([['false'], [0], ['no']])('fails when appTier.deletionProtection is %p (JavaScript callers)', (value) => {
    const caught = errorOf(() => buildPlatform({ appTier: { deletionProtection: value as unknown as boolean } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('appTier.deletionProtection');
    expect((caught as Error).message).toMatch(/^`appTier.deletionProtection` must be true or false, got /);
  });

  // The compliance packs check the attribute: the default stays clean, and an explicit opt-out shows in the packs
  // that have the rule (NIST 800-53 rev 5 and HIPAA; PCI DSS 3.2.1 has none), on both load balancers, for the user
  // to acknowledge.
  const PACKS: Array<[string, (app: App) => NagPack]> = [
    ['NIST.800.53.R5', (app) => new NIST80053R5Checks(app)],
    ['HIPAA.Security', (app) => new HIPAASecurityChecks(app)],
    ['PCI.DSS.321', (app) => new PCIDSS321Checks(app)],
  ];
  function deletionProtectionFindings(deletionProtection: boolean | undefined): string[] {
    const { findings } = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      buildPlatform({ appTier: { deletionProtection } }, { env: TEST_ENV }, app);
      Validations.of(app).addPlugins(...PACKS.map(([, pack]) => pack(app)));
      return app;
    });
    return findings.filter((f) => f.rule.endsWith('-ELBDeletionProtectionEnabled'))
      .flatMap((f) => f.paths.map((path) => `${f.rule} ${path}`)).sort();
  }

  test('the compliance packs find nothing by default, and both load balancers when it is turned off', () => {
    expect(deletionProtectionFindings(undefined)).toEqual([]);
    expect(deletionProtectionFindings(false)).toEqual(['HIPAA.Security', 'NIST.800.53.R5'].flatMap((pack) => [1, 2].map((zone) =>
      `${pack}-ELBDeletionProtectionEnabled TestStack/Platform/AppTier/Zone${zone}LoadBalancer/LoadBalancer/Resource`)));
  });
});

describe('the AWS WAF log group', () => {
  test('kept with its key when the stack is deleted, but not when the stack\'s first deployment rolls back', () => {
    const { template, platform } = defaultPlatform();
    for (const construct of [platform.appTier.webAclLogGroup, platform.appTier.key]) {
      expect(template.toJSON().Resources[logicalIdOf(construct)])
        .toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  // The group is kept after a stack deletion: a fixed name would make creating the stack again fail on it.
  test('named aws-waf-logs-<stack>-<path>-<part of the stack ID>: the same across updates, new each time the stack is created', () => {
    const { template, platform } = defaultPlatform();
    const name = template.toJSON().Resources[logicalIdOf(platform.appTier.webAclLogGroup)].Properties.LogGroupName;
    expect(deployed(name)).toBe('aws-waf-logs-TestStack-Platform-AppTier-BD6693B1-1c2fa620');
    expect(deployed(name, RECREATED_STACK_ID)).toBe('aws-waf-logs-TestStack-Platform-AppTier-BD6693B1-7d9e3b40');
  });

  test('a long stack name and construct path still give a name AWS WAF and CloudWatch Logs accept', () => {
    const built = tierStack(`Platform${'Production'.repeat(12)}`);
    const scope = new Construct(new Construct(built.stack, 'Teams'.repeat(40)), 'Storefront'.repeat(20));
    const { tier, template } = standaloneTier({}, built, scope);
    expect(built.stack.stackName).toHaveLength(128);
    const name = deployed(resourcesOf(template, LOG_GROUP)[logicalIdOf(tier.webAclLogGroup)].Properties.LogGroupName);
    expect(name).toMatch(/^aws-waf-logs-PlatformProduction[A-Za-z0-9-]+-1c2fa620$/);
    expect(name.length).toBeLessThanOrEqual(512);
  });

  test('AWS WAF logs to that group', () => {
    const { template, platform } = defaultPlatform();
    const group = logicalIdOf(platform.appTier.webAclLogGroup);
    const configs = Object.values(resourcesOf(template, WAF_LOGGING));
    expect(configs).toHaveLength(2);
    for (const config of configs) {
      expect(JSON.stringify(config.Properties.LogDestinationConfigs)).toContain(`{"Ref":"${group}"}`);
    }
  });
});

describe('CloudWatch Logs resource policy (appTier.logsResourcePolicy)', () => {
  test('on its own, the tier creates one policy that lets log delivery write to its AWS WAF log group only', () => {
    const { stack, tier, template } = standaloneTier();
    expect(Object.keys(resourcesOf(template, LOGS_POLICY))).toEqual([logicalIdOf(tier.logsResourcePolicy)]);
    expect(tier.logsResourcePolicy.node.scope).toBe(tier);
    expect(documentOf(stack, tier.logsResourcePolicy).Statement).toEqual([{
      Sid: WEB_ACL_LOG_DELIVERY_SID,
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:',
          { Ref: logicalIdOf(tier.webAclLogGroup) }, ':log-stream:*']],
      },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:*']] } },
      },
    }]);
    // CloudWatch Logs checks at creation that delivery may write to the group.
    for (const config of Object.values(resourcesOf(template, WAF_LOGGING))) {
      expect(config.DependsOn).toContain(logicalIdOf(tier.logsResourcePolicy));
    }
  });

  test('given a shared policy, the tier adds its statement there and creates none of its own', () => {
    const built = tierStack();
    const stack = built.stack;
    const shared = new logs.ResourcePolicy(stack, 'SharedLogDelivery', {
      policyStatements: [new iam.PolicyStatement({
        sid: 'SomeoneElse',
        principals: [new iam.ServicePrincipal('es.amazonaws.com')],
        actions: ['logs:PutLogEvents'],
        resources: ['arn:aws:logs:eu-west-1:123456789012:log-group:other:*'],
      })],
    });
    const { tier, template } = standaloneTier({ logsResourcePolicy: shared }, built);
    expect(tier.logsResourcePolicy).toBe(shared);
    expect(Object.keys(resourcesOf(template, LOGS_POLICY))).toEqual([logicalIdOf(shared)]);
    const statements = documentOf(stack, shared).Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual(['SomeoneElse', WEB_ACL_LOG_DELIVERY_SID]);
    expect(JSON.stringify(statements[1].Resource)).toContain(`{"Ref":"${logicalIdOf(tier.webAclLogGroup)}"}`);
    for (const config of Object.values(resourcesOf(template, WAF_LOGGING))) {
      expect(config.DependsOn).toContain(logicalIdOf(shared));
    }
  });
});

describe('prop paths: the app tier on its own names its own props', () => {
  test('a rule of the tier names its own prop and sibling prop, and its own construct path', () => {
    const err = errorOf(() => standaloneTier({ instancesPerZone: [4, 4], maxInstancesPerZone: [8, 3] }));
    expect(PlatformErrors.propPathOf(err)).toBe('maxInstancesPerZone[1]');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/AppTier');
    expect(err.message).toBe('`maxInstancesPerZone[1]` must be at least the desired count `instancesPerZone[1]` (4), got 3');
  });

  test('a rule of its servers (checked at synth) names the tier\'s prop: `userData` on its own, `appTier.userData` under the platform', () => {
    const userData = () => {
      const script = ec2.UserData.forLinux();
      script.addCommands('MULTI_AZ_HA_PLATFORM_USER_DATA');
      return script;
    };
    const alone = errorOf(() => standaloneTier({ userData: userData() }));
    expect(PlatformErrors.propPathOf(alone)).toBe('userData');
    expect(PlatformErrors.constructPathOf(alone)).toBe('TestStack/AppTier/Servers');
    // Raised while the template resolves, so aws-cdk-lib prefixes "Resolution error: " to the message.
    expect(alone.message).toMatch(/(^|: )`userData` must not contain a line "MULTI_AZ_HA_PLATFORM_USER_DATA" \(the platform ends its copy of the script there\), got 'MULTI_AZ_HA_PLATFORM_USER_DATA'/);

    const underPlatform = errorOf(() => synthPlatform({ appTier: { userData: userData() } }));
    expect(PlatformErrors.propPathOf(underPlatform)).toBe('appTier.userData');
    expect(PlatformErrors.constructPathOf(underPlatform)).toBe('TestStack/Platform/AppTier/Servers');
  });

  test('its warnings name its own props', () => {
    const { stack } = standaloneTier({ deletionProtection: false });
    expect(Annotations.fromStack(stack).findWarning('/TestStack/AppTier', Match.stringLikeRegexp(DISABLED_WARNING))
      .map((w) => w.entry.data)).toEqual([expect.stringMatching(/^`deletionProtection` is false: /)]);
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
    [{ p99LatencyScaleOutThreshold: Duration.millis(5) }, /`appTier.p99LatencyScaleOutThreshold` must be between 10 millis and 1 minute, got 5 millis/],
    [{ p99LatencyScaleOutThreshold: Duration.seconds(61) }, /`appTier.p99LatencyScaleOutThreshold` must be between 10 millis and 1 minute, got 1 minute 1 second/],
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
    ['machineImage', 'ami-0123456789abcdef0', /^`appTier.machineImage` must be an ec2.IMachineImage, .*, got 'ami-0123456789abcdef0'$/],
    ['userData', 'echo hello', /^`appTier.userData` must be an ec2.UserData, such as ec2.UserData.forLinux\(\), got 'echo hello'$/],
    ['userData', ec2.UserData.custom('#cloud-config\npackages: [nginx]'), /^`appTier.userData` must be a Linux shell script .*, got '#cloud-config'$/],
    ['userData', ec2.UserData.forWindows(), /^`appTier.userData` must be a Linux shell script .*, got '<powershell><\/powershell>'$/],
    ['p99LatencyScaleOutThreshold', 500, /^`appTier.p99LatencyScaleOutThreshold` must be a Duration, such as Duration.minutes\(5\), got 500$/],
    ['healthCheckGracePeriod', '5m', /^`appTier.healthCheckGracePeriod` must be a Duration, such as Duration.minutes\(5\), got '5m'$/],
  ])('fails when appTier.%s is %p', (prop, value, message) => {
    expect(() => buildPlatform({ appTier: { [prop]: value } as AppTierOptions })).toThrow(message);
  });

  // Its own test: a token's text changes with every token created before it, so it would make an unstable test name.
  test('fails when appTier.instanceType is known only at deploy time and appTier.machineImage is not given', () => {
    const instanceType = new ec2.InstanceType(Lazy.string({ produce: () => 'c7g.large' }));
    expect(() => buildPlatform({ appTier: { instanceType } })).toThrow(
      /^`appTier.instanceType` must be known at synth when `appTier.machineImage` is not given/);
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
