import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { MultiAzHaPlatform, NetworkOptions, PlatformErrors, PlatformNetwork } from '../../lib';
import { badWholeNumbers, errorOf, expectConfigurationError } from '../support/errors';
import { newTestApp, once, ref } from '../support/fixtures';
import { agnosticPlatform, buildPlatform, defaultPlatform, logicalIdOf, newStack, synthPlatform, TEST_ENV, REQUEST_PATH_ONLY } from '../support/request-path';

interface SubnetLayout {
  readonly type: string;
  readonly zone: unknown;
  readonly cidr: string;
}

/** Type, zone and range of every subnet of a template, in address order. */
function subnetLayout(template: Template): SubnetLayout[] {
  return Object.values(template.findResources('AWS::EC2::Subnet'))
    .map((r: any) => ({
      type: r.Properties.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-type').Value,
      zone: r.Properties.AvailabilityZone,
      cidr: r.Properties.CidrBlock,
    }))
    .sort((a, b) => ipOrder(a.cidr) - ipOrder(b.cidr));
}

function ipOrder(cidr: string): number {
  return cidr.split('/')[0].split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/**
 * The expected subnets at consecutive ranges: public, private, isolated, each in zone 1 then zone 2, then the
 * quorum zone's isolated subnet when `zones` names a third zone.
 */
function expectedLayout(zones: unknown[], cidrs: string[]): SubnetLayout[] {
  const serving = ['Public', 'Public', 'Private', 'Private', 'Isolated', 'Isolated']
    .map((type, i) => ({ type, zone: zones[i % 2], cidr: cidrs[i] }));
  return zones.length > 2 ? [...serving, { type: 'Isolated', zone: zones[2], cidr: cidrs[6] }] : serving;
}

const SUBNETS_22 = ['10.0.0.0/22', '10.0.4.0/22', '10.0.8.0/22', '10.0.12.0/22', '10.0.16.0/22', '10.0.20.0/22', '10.0.24.0/22'];

/** The NAT gateways the private subnets' default routes go through. */
function natGatewaysUsedByRoutes(template: Template): string[] {
  return [...new Set(Object.values(template.findResources('AWS::EC2::Route', {
    Properties: { NatGatewayId: Match.anyValue() },
  })).map((r: any) => r.Properties.NatGatewayId.Ref))].sort();
}

/** The private subnets' route tables of a platform. */
function privateRouteTables(platform: MultiAzHaPlatform): unknown[] {
  return platform.network.vpc.privateSubnets.map((s) => Stack.of(platform).resolve(s.routeTable.routeTableId));
}

const BYO_ATTRS: ec2.VpcAttributes = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidrBlock: '10.1.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  publicSubnetIds: ['subnet-pub1', 'subnet-pub2'],
  privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
  isolatedSubnetIds: ['subnet-iso1', 'subnet-iso2'],
};

/** A platform in a bare stack, in a VPC the caller brings (built in that stack). */
function platformInVpc(makeVpc: (stack: Stack) => ec2.IVpc, network: Omit<NetworkOptions, 'vpc'> = {}) {
  const { stack, hostedZone } = newStack();
  const vpc = makeVpc(stack);
  const platform = new MultiAzHaPlatform(stack, 'Platform', {
    ...REQUEST_PATH_ONLY,
    dns: { hostedZone, recordName: 'app' },
    network: { ...network, vpc },
  });
  return { stack, platform, vpc };
}

describe('VPC range (network.cidr)', () => {
  test('a new 10.0.0.0/16 VPC by default', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: '10.0.0.0/16',
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
    });
  });

  test('network.cidr sets the range of the VPC and its subnets', () => {
    const { template } = synthPlatform({ network: { cidr: '10.20.0.0/18' } });
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/18' });
    expect(subnetLayout(template).map((s) => s.cidr)).toEqual([
      '10.20.0.0/22', '10.20.4.0/22', '10.20.8.0/22', '10.20.12.0/22', '10.20.16.0/22', '10.20.20.0/22', '10.20.24.0/22',
    ]);
    // The endpoints' security group follows the VPC's own range.
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'VPC interface endpoints: HTTPS from inside the VPC',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.20.0.0/18', FromPort: 443, ToPort: 443 })],
    });
  });

  test.each([
    ['not-a-cidr'],
    ['10.0.0/16'],
    ['10.0.0.0'],
    ['300.0.0.0/16'],
    ['10.0.0.0/8'],
    ['10.0.0.0/29'],
    ['10.0.0.0/30'],
  ])('fails when network.cidr is %s (not a VPC-sized IPv4 block)', (cidr) => {
    const escaped = cidr.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    expect(() => buildPlatform({ network: { cidr } })).toThrow(
      new RegExp(`^\`network\\.cidr\` must be an IPv4 CIDR block between /16 and /28 \\(VPC limits\\), got '${escaped}'$`));
  });

  test.each([
    { cidr: '10.0.0.0/22', mask: undefined, subnets: '/22 (default)', message: /`network\.cidr` must be a \/19 or larger to hold 7 subnets of \/22 .*, got '10\.0\.0\.0\/22'/ },
    { cidr: '10.0.0.0/20', mask: undefined, subnets: '/22 (default)', message: /`network\.cidr` must be a \/19 or larger to hold 7 subnets of \/22 .*, got '10\.0\.0\.0\/20'/ },
    { cidr: '10.0.0.0/24', mask: 24, subnets: '/24', message: /`network\.cidr` must be a \/21 or larger to hold 7 subnets of \/24 .*, got '10\.0\.0\.0\/24'/ },
  ])('fails when network.cidr $cidr is too small for 7 subnets of $subnets', ({ cidr, mask, message }) => {
    expect(() => buildPlatform({ network: { cidr, subnetCidrMask: mask } })).toThrow(message);
  });

  test('the error is a platform configuration error naming the prop', () => {
    const err = errorOf(() => buildPlatform({ network: { cidr: '10.0.0.0/24' } }));
    expect(PlatformErrors.isConfigurationError(err)).toBe(true);
    expect(PlatformErrors.propPathOf(err)).toBe('network.cidr');
    expect(err.message).toBe(
      '`network.cidr` must be a /19 or larger to hold 7 subnets of /22 (or lower `network.subnetCidrMask`), got \'10.0.0.0/24\'');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Network');
  });

  test('a network used on its own names its own props, and sibling props without the platform\'s prefix', () => {
    const stack = new Stack(newTestApp(), 'Alone', { env: TEST_ENV });
    const err = errorOf(() => new PlatformNetwork(stack, 'Net', { cidr: '10.0.0.0/24' }));
    expect(PlatformErrors.propPathOf(err)).toBe('cidr');
    expect(PlatformErrors.constructPathOf(err)).toBe('Alone/Net');
    expect(err.stack.split('\n').slice(0, 2)).toEqual([`PlatformConfigurationError: ${err.message}`, '    at construct Alone/Net']);
    expect(err.message).toBe(
      '`cidr` must be a /19 or larger to hold 7 subnets of /22 (or lower `subnetCidrMask`), got \'10.0.0.0/24\'');
  });
});

describe('availability zones (network.availabilityZones)', () => {
  test('the stack\'s first two zones by default, zone 1 first', () => {
    const { stack, platform, template } = defaultPlatform();
    expect(stack.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(platform.network.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(subnetLayout(template).map((s) => s.zone)).toEqual([0, 1, 0, 1, 0, 1, 2].map((i) => stack.availabilityZones[i]));
  });

  test('the stack\'s first two zones, by position, in an environment-agnostic stack', () => {
    const { template, platform } = agnosticPlatform();
    expect(platform.network.availabilityZones).toHaveLength(2);
    expect(subnetLayout(template).map((s) => s.zone)).toEqual([0, 1, 0, 1, 0, 1, 2].map((i) => ({
      'Fn::Select': [i, { 'Fn::GetAZs': '' }],
    })));
  });

  test('network.availabilityZones places the subnets in the given zones, zone 1 first', () => {
    const { platform, stack, template } = synthPlatform({ network: { availabilityZones: ['eu-west-1c', 'eu-west-1b'] } });
    expect(stack.region).toBe(TEST_ENV.region);
    expect(platform.network.availabilityZones).toEqual(['eu-west-1c', 'eu-west-1b']);
    // The quorum zone is the stack's zone the serving zones leave.
    expect(subnetLayout(template)).toEqual(expectedLayout(['eu-west-1c', 'eu-west-1b', 'eu-west-1a'], SUBNETS_22));
    expect(platform.network.privateSubnetOfZone(0).subnets![0].availabilityZone).toBe('eu-west-1c');
    expect(platform.network.privateSubnetOfZone(1).subnets![0].availabilityZone).toBe('eu-west-1b');
  });

  test.each([
    { desc: '1 zone', zones: ['eu-west-1a'], message: /^`network\.availabilityZones` must list exactly 2 availability zones, got \["eu-west-1a"\]$/ },
    { desc: '3 zones', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], message: /^`network\.availabilityZones` must list exactly 2 availability zones, got \["eu-west-1a","eu-west-1b","eu-west-1c"\]$/ },
    { desc: 'no zone', zones: [], message: /^`network\.availabilityZones` must list exactly 2 availability zones, got \[\]$/ },
    { desc: 'the same zone twice', zones: ['eu-west-1a', 'eu-west-1a'], message: /^`network\.availabilityZones` must list 2 different availability zones, got \["eu-west-1a","eu-west-1a"\]$/ },
  ])('fails when network.availabilityZones lists $desc: a configuration error naming the prop', ({ zones, message }) => {
    expectConfigurationError(errorOf(() => buildPlatform({ network: { availabilityZones: zones } })), 'network.availabilityZones',
      'TestStack/Platform/Network', message);
  });
});

describe('subnets (network.subnetCidrMask)', () => {
  test('7 subnets by default: public, private-with-egress and isolated in each serving zone, isolated in the quorum zone, each a /22', () => {
    const { stack, template } = defaultPlatform();
    template.resourceCountIs('AWS::EC2::Subnet', 7);
    expect(subnetLayout(template)).toEqual(expectedLayout(stack.availabilityZones, SUBNETS_22));
  });

  test('public subnets do not give instances public addresses', () => {
    const { template } = defaultPlatform();
    const publicSubnets = template.findResources('AWS::EC2::Subnet', {
      Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Public' }]) },
    });
    expect(Object.values(publicSubnets).map((r: any) => r.Properties.MapPublicIpOnLaunch)).toEqual([false, false]);
    // Nor does the quorum zone's subnet.
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'eu-west-1c', MapPublicIpOnLaunch: false,
    });
  });

  test('only public subnets route to the internet gateway and only private ones to a NAT gateway; isolated ones have no default route', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs('AWS::EC2::Route', 4);
    expect(Object.keys(template.findResources('AWS::EC2::Route', { Properties: { GatewayId: Match.anyValue() } }))).toHaveLength(2);
    expect(Object.keys(template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } }))).toHaveLength(2);
  });

  test('network.subnetCidrMask sets the size of each subnet', () => {
    const { stack, template } = synthPlatform({ network: { subnetCidrMask: 24 } });
    expect(subnetLayout(template)).toEqual(expectedLayout(stack.availabilityZones, [
      '10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '10.0.4.0/24', '10.0.5.0/24', '10.0.6.0/24',
    ]));
  });

  test.each(badWholeNumbers('network.subnetCidrMask', 19, 28, 22.5))('fails when network.subnetCidrMask is $value', ({ value, message }) => {
    expect(errorOf(() => buildPlatform({ network: { subnetCidrMask: value } })).message).toBe(message);
  });

  test('privateSubnetOfZone(i) is the private-with-egress subnet of zone i', () => {
    const { platform, stack, template } = defaultPlatform();
    const subnets = template.findResources('AWS::EC2::Subnet');
    [0, 1].forEach((zone) => {
      const selected = platform.network.privateSubnetOfZone(zone).subnets!;
      expect(selected).toHaveLength(1);
      const { Ref: id } = stack.resolve(selected[0].subnetId);
      expect(subnets[id].Properties.AvailabilityZone).toBe(platform.network.availabilityZones[zone]);
      expect(subnets[id].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Private' });
    });
  });

  test.each([
    ['publicSubnets', 'Public'],
    ['isolatedSubnets', 'Isolated'],
  ] as const)('%s are the %s subnets of zone 1 then zone 2', (getter, type) => {
    const { platform, stack, template } = defaultPlatform();
    const subnets = template.findResources('AWS::EC2::Subnet');
    const selected = platform.network[getter].subnets!;
    expect(selected.map((s) => subnets[stack.resolve(s.subnetId).Ref].Properties.AvailabilityZone))
      .toEqual(platform.network.availabilityZones);
    selected.forEach((s) => {
      expect(subnets[stack.resolve(s.subnetId).Ref].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: type });
    });
  });
});

describe('NAT gateways (network.natGateways)', () => {
  test('2 NAT gateways by default, one per zone, each zone\'s private subnet using its own', () => {
    const { platform, template } = defaultPlatform();
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    const publicSubnetRefs = platform.network.vpc.publicSubnets.map((s) => Stack.of(platform).resolve(s.subnetId));
    const nats = Object.values(template.findResources('AWS::EC2::NatGateway')).map((r: any) => r.Properties.SubnetId);
    expect(nats).toEqual(publicSubnetRefs);
    expect(natGatewaysUsedByRoutes(template)).toHaveLength(2);
  });

  test('natGatewayProvider names each NAT gateway and its zone: one per zone, or one in zone 1; none in a brought VPC', () => {
    const gatewaysOf = (network: PlatformNetwork) => network.natGatewayProvider!.configuredGateways
      .map((gateway) => [gateway.az, Stack.of(network).resolve(gateway.gatewayId)]);
    const natRef = (network: PlatformNetwork, zone: number) =>
      ({ Ref: logicalIdOf(network.vpc.publicSubnets[zone].node.findChild('NATGateway')) });
    const { platform } = defaultPlatform();
    expect(gatewaysOf(platform.network)).toEqual([0, 1].map((zone) => [platform.network.availabilityZones[zone], natRef(platform.network, zone)]));
    const single = new PlatformNetwork(new Stack(newTestApp(), 'NatStack', { env: TEST_ENV }), 'Network', { natGateways: 1 });
    expect(gatewaysOf(single)).toEqual([[single.availabilityZones[0], natRef(single, 0)]]);
    const brought = new Stack(newTestApp(), 'BroughtStack', { env: TEST_ENV });
    expect(new PlatformNetwork(brought, 'Network', { vpc: ec2.Vpc.fromVpcAttributes(brought, 'Vpc', BYO_ATTRS) }).natGatewayProvider).toBeUndefined();
  });

  test('no warning about NAT gateways by default', () => {
    const { stack } = defaultPlatform();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('natGateways'))).toEqual([]);
  });

  test('network.natGateways 1 creates one NAT gateway, in zone 1, shared by both zones, and warns', () => {
    const { platform, stack, template } = synthPlatform({ network: { natGateways: 1 } });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::NatGateway', {
      SubnetId: stack.resolve(platform.network.publicSubnets.subnets![0].subnetId),
    });
    expect(natGatewaysUsedByRoutes(template)).toHaveLength(1);

    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('multi-az-ha-platform:SingleNatGateway'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/TestStack/Platform/Network');
    expect(warnings[0].entry.data).toMatch(/^`network\.natGateways` is 1: .*losing zone 1 also cuts zone 2 off the internet/);
    expect(warnings[0].entry.data).toMatch(/multi-az-ha-platform:SingleNatGateway/);
  });

  test('the single NAT gateway warning can be acknowledged', () => {
    const { stack } = buildPlatform({ network: { natGateways: 1 } });
    Validations.of(stack).acknowledge({ id: 'multi-az-ha-platform:SingleNatGateway', reason: 'test environment' });
    Template.fromStack(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('SingleNatGateway'))).toEqual([]);
  });

  test.each(badWholeNumbers('network.natGateways', 1, 2, 1.5))('fails when network.natGateways is $value', ({ value, message }) => {
    expect(errorOf(() => buildPlatform({ network: { natGateways: value } })).message).toBe(message);
  });
});

/** The Ref of the NAT gateway in a zone's public subnet, as the template has it. */
function natGatewayRefOfZone(template: Template, network: PlatformNetwork, zoneIndex: number): unknown {
  const subnetId = Stack.of(network).resolve(network.vpc.publicSubnets[zoneIndex].subnetId);
  const ids = Object.entries(template.findResources('AWS::EC2::NatGateway'))
    .filter(([, r]: [string, any]) => JSON.stringify(r.Properties.SubnetId) === JSON.stringify(subnetId))
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return { Ref: ids[0] };
}

describe('NAT gateway metrics (metric, metricXxx)', () => {
  /** What a metric shows: namespace, name, dimensions (resolved), statistic and period. */
  const shown = (network: PlatformNetwork, metric: cloudwatch.Metric) => ({
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: Stack.of(network).resolve(metric.dimensions),
    statistic: metric.statistic,
    period: metric.period.toMinutes(),
  });

  test.each([
    { method: 'metric', call: (n: PlatformNetwork, zone: number) => n.metric('BytesOutToDestination', zone), name: 'BytesOutToDestination', statistic: 'Average' },
    { method: 'metricErrorPortAllocation', call: (n: PlatformNetwork, zone: number) => n.metricErrorPortAllocation(zone), name: 'ErrorPortAllocation', statistic: 'Sum' },
    { method: 'metricPacketsDropCount', call: (n: PlatformNetwork, zone: number) => n.metricPacketsDropCount(zone), name: 'PacketsDropCount', statistic: 'Sum' },
    { method: 'metricActiveConnectionCount', call: (n: PlatformNetwork, zone: number) => n.metricActiveConnectionCount(zone), name: 'ActiveConnectionCount', statistic: 'Maximum' },
  ])('$method of each zone is its own NAT gateway\'s, $statistic over 5 minutes', ({ call, name, statistic }) => {
    const { platform, template } = defaultPlatform();
    for (const zone of [0, 1]) {
      expect(shown(platform.network, call(platform.network, zone))).toEqual({
        namespace: 'AWS/NATGateway',
        metricName: name,
        dimensions: { NatGatewayId: natGatewayRefOfZone(template, platform.network, zone) },
        statistic,
        period: 5,
      });
    }
    expect(natGatewayRefOfZone(template, platform.network, 0)).not.toEqual(natGatewayRefOfZone(template, platform.network, 1));
  });

  test('props override the statistic and period', () => {
    const { network } = defaultPlatform().platform;
    const metric = network.metricPacketsDropCount(1, { statistic: cloudwatch.Stats.AVERAGE, period: Duration.minutes(1) });
    expect([metric.statistic, metric.period.toMinutes()]).toEqual(['Average', 1]);
  });

  test('with network.natGateways 1, both zones give the single NAT gateway, the one their private subnets route through', () => {
    const stack = new Stack(newTestApp(), 'NatStack', { env: TEST_ENV });
    const network = new PlatformNetwork(stack, 'Network', { natGateways: 1 });
    const template = Template.fromStack(stack);
    const single = natGatewayRefOfZone(template, network, 0);
    expect(natGatewaysUsedByRoutes(template)).toEqual([(single as { Ref: string }).Ref]);
    for (const zone of [0, 1]) {
      expect(stack.resolve(network.metricErrorPortAllocation(zone).dimensions)).toEqual({ NatGatewayId: single });
    }
  });

  test.each([
    ['metric', (n: PlatformNetwork) => n.metric('PacketsDropCount', 2), 2],
    ['metricErrorPortAllocation', (n: PlatformNetwork) => n.metricErrorPortAllocation(-1), -1],
    ['metricActiveConnectionCount', (n: PlatformNetwork) => n.metricActiveConnectionCount('1' as any), '\'1\''],
  ])('a bad zone index given to %s names the argument and the network\'s construct path', (_method, call, shownIndex) => {
    expectConfigurationError(errorOf(() => call(defaultPlatform().platform.network)), 'zoneIndex', 'TestStack/Platform/Network',
      `\`zoneIndex\` must be 0 (zone 1) or 1 (zone 2), got ${shownIndex}`);
  });

  test('a network used on its own names its own vpc prop', () => {
    const stack = new Stack(newTestApp(), 'BroughtStack', { env: TEST_ENV });
    const network = new PlatformNetwork(stack, 'Network', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', BYO_ATTRS) });
    expectConfigurationError(errorOf(() => network.metric('ActiveConnectionCount', 1)), 'vpc', 'BroughtStack/Network', /^`vpc` must be left unset/);
  });
});

describe('flow logs (network.flowLogRetention)', () => {
  test('the VPC logs all traffic to a KMS-encrypted log group, kept 365 days by default', () => {
    const { platform, template } = defaultPlatform();
    const network = platform.network;
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      ResourceId: ref(network.vpc),
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: ref(network.flowLogGroup!),
      MaxAggregationInterval: 60,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(network.flowLogKey!), 'Arn'] },
      RetentionInDays: 365,
    });
  });

  test('network.flowLogRetention sets how long flow logs are kept', () => {
    const { platform, template } = synthPlatform({ network: { flowLogRetention: logs.RetentionDays.ONE_MONTH } });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(platform.network.flowLogKey!), 'Arn'] },
      RetentionInDays: 30,
    });
  });

  // Kept on update and delete, but not when the stack's first deployment rolls back (plain Retain left a key and a
  // log group behind for every failed attempt). CloudFormation names the group: a stack created again gets a new one.
  test('the flow log key rotates; key and group are kept when the stack is deleted, not when its first create rolls back', () => {
    const { template, platform } = defaultPlatform();
    const [key, group] = [platform.network.flowLogKey!, platform.network.flowLogGroup!].map((c) => template.toJSON().Resources[logicalIdOf(c)]);
    expect(key).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    expect(group).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    expect(group.Properties).toMatchObject({ KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(platform.network.flowLogKey!), 'Arn'] } });
    expect(group.Properties.LogGroupName).toBeUndefined();
  });

  test('the key policy lets the CloudWatch Logs service of the region use the key for log groups only', () => {
    const { template } = defaultPlatform();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: `logs.${TEST_ENV.region}.amazonaws.com` },
          Action: Match.arrayWith(['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*']),
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${TEST_ENV.region}:${TEST_ENV.account}:log-group:*`]],
              },
            },
          },
        })]),
      },
    });
  });
});

describe('VPC endpoints', () => {
  const INTERFACE_SERVICES = ['ssm', 'ssmmessages', 'ec2messages', 'secretsmanager', 'kms', 'logs', 'monitoring'];

  test('an S3 gateway endpoint on the private subnets\' route tables', () => {
    const { platform, template } = defaultPlatform();
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: ref(platform.network.vpc),
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      RouteTableIds: Match.arrayWith(privateRouteTables(platform)),
    });
  });

  test('exactly 8 endpoints: the S3 gateway and 7 interface endpoints', () => {
    const { template } = defaultPlatform();
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 8);
    expect(Object.keys(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))).toHaveLength(7);
  });

  test.each(INTERFACE_SERVICES)('a %s interface endpoint with private DNS, in the private subnets, behind the endpoint security group', (service) => {
    const { platform, stack, template } = defaultPlatform();
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: `com.amazonaws.${TEST_ENV.region}.${service}`,
      PrivateDnsEnabled: true,
      SubnetIds: [0, 1].map((zone) => stack.resolve(platform.network.privateSubnetOfZone(zone).subnets![0].subnetId)),
      SecurityGroupIds: [{ 'Fn::GetAtt': [logicalIdOf(platform.network.endpointSecurityGroup!), 'GroupId'] }],
    });
  });

  test('the endpoints share one security group, open on 443 only, only to the VPC range, with no egress', () => {
    const { platform, template } = defaultPlatform();
    const sgId = logicalIdOf(platform.network.endpointSecurityGroup!);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: ref(platform.network.vpc),
      SecurityGroupIngress: [{
        CidrIp: '10.0.0.0/16',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        Description: 'HTTPS from inside the VPC',
      }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
    expect(template.findResources('AWS::EC2::SecurityGroup')[sgId].Properties.GroupDescription)
      .toBe('VPC interface endpoints: HTTPS from inside the VPC');
    // No rule added elsewhere widens it.
    const extraRules = [
      ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')),
      ...Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')),
    ].filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(sgId));
    expect(extraRules).toEqual([]);
    const interfaceEndpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
    expect(interfaceEndpoints.map((r: any) => r.Properties.SecurityGroupIds)).toEqual(
      INTERFACE_SERVICES.map(() => [{ 'Fn::GetAtt': [sgId, 'GroupId'] }]));
  });

  test('the interface endpoints are exposed by name', () => {
    const { platform } = defaultPlatform();
    expect(Object.keys(platform.network.interfaceEndpoints).sort()).toEqual(
      ['CloudWatchLogs', 'CloudWatchMonitoring', 'Ec2Messages', 'Kms', 'SecretsManager', 'Ssm', 'SsmMessages']);
  });
});

describe('bring your own VPC (network.vpc)', () => {
  const byo = (() => {
    let value: { stack: Stack; platform: MultiAzHaPlatform; template: Template } | undefined;
    return () => {
      if (!value) {
        const built = platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', BYO_ATTRS));
        value = { ...built, template: Template.fromStack(built.stack) };
      }
      return value;
    };
  })();

  test('creates no VPC, subnets, NAT gateways, flow log or endpoints', () => {
    const { platform, template } = byo();
    for (const type of [
      'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::FlowLog', 'AWS::EC2::VPCEndpoint',
    ]) {
      template.resourceCountIs(type, 0);
    }
    // The only log group and key left belong to the app tier (its WAF logs), none to the network.
    const logGroups = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toEqual([logicalIdOf(platform.appTier.webAclLogGroup)]);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([logicalIdOf(platform.appTier.key)]);
    expect(platform.network.flowLog).toBeUndefined();
    expect(platform.network.flowLogGroup).toBeUndefined();
    expect(platform.network.flowLogKey).toBeUndefined();
    expect(platform.network.endpointSecurityGroup).toBeUndefined();
    expect(platform.network.s3Endpoint).toBeUndefined();
    expect(platform.network.interfaceEndpoints).toEqual({});
  });

  test('the platform uses the brought VPC, its zones and its subnets', () => {
    const { platform, template } = byo();
    expect(platform.network.vpc.vpcId).toBe(BYO_ATTRS.vpcId);
    expect(platform.network.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(platform.network.publicSubnets.subnets!.map((s) => s.subnetId)).toEqual(['subnet-pub1', 'subnet-pub2']);
    expect(platform.network.isolatedSubnets.subnets!.map((s) => s.subnetId)).toEqual(['subnet-iso1', 'subnet-iso2']);
    expect(platform.network.privateSubnetOfZone(0).subnets!.map((s) => s.subnetId)).toEqual(['subnet-priv1']);
    expect(platform.network.privateSubnetOfZone(1).subnets!.map((s) => s.subnetId)).toEqual(['subnet-priv2']);

    template.allResourcesProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: ['subnet-pub1', 'subnet-pub2'] });
    platform.appTier.autoScalingGroups.forEach((asg, zone) => {
      expect(template.findResources('AWS::AutoScaling::AutoScalingGroup')[logicalIdOf(asg)].Properties.VPCZoneIdentifier)
        .toEqual([`subnet-priv${zone + 1}`]);
    });
    template.allResourcesProperties('AWS::EC2::SecurityGroup', { VpcId: BYO_ATTRS.vpcId });
  });

  test('the NAT gateway metrics fail: the brought VPC\'s NAT gateways are not the platform\'s (names network.vpc)', () => {
    const { platform } = byo();
    expectConfigurationError(errorOf(() => platform.network.metricPacketsDropCount(0)), 'network.vpc', 'TestStack/Platform/Network',
      /^`network\.vpc` must be left unset for the NAT gateway metrics: the NAT gateways of a brought VPC are not the platform's; .*cloudwatch\.Metric .*NatGatewayId.*, got the construct TestStack\/ByoVpc$/);
  });

  test('network.availabilityZones picks and orders the zones of a brought VPC', () => {
    const { platform } = platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', BYO_ATTRS),
      { availabilityZones: ['eu-west-1b', 'eu-west-1a'] });
    expect(platform.network.availabilityZones).toEqual(['eu-west-1b', 'eu-west-1a']);
    expect(platform.network.privateSubnetOfZone(0).subnets!.map((s) => s.subnetId)).toEqual(['subnet-priv2']);
    expect(platform.network.privateSubnetOfZone(1).subnets!.map((s) => s.subnetId)).toEqual(['subnet-priv1']);
    expect(platform.network.publicSubnets.subnets!.map((s) => s.subnetId)).toEqual(['subnet-pub2', 'subnet-pub1']);
  });

  test.each([
    { prop: 'cidr', network: { cidr: '10.0.0.0/16' }, message: /^`network\.cidr` must be left unset when `network\.vpc` is given \(it only shapes a new VPC\), got '10\.0\.0\.0\/16'$/ },
    { prop: 'natGateways', network: { natGateways: 2 }, message: /^`network\.natGateways` must be left unset when `network\.vpc` is given \(it only shapes a new VPC\), got 2$/ },
    { prop: 'subnetCidrMask', network: { subnetCidrMask: 24 }, message: /^`network\.subnetCidrMask` must be left unset when `network\.vpc` is given \(it only shapes a new VPC\), got 24$/ },
    { prop: 'flowLogRetention', network: { flowLogRetention: logs.RetentionDays.ONE_MONTH }, message: /^`network\.flowLogRetention` must be left unset when `network\.vpc` is given \(it only shapes a new VPC\), got 30$/ },
  ])('fails when network.$prop is given together with network.vpc', ({ network, message }) => {
    expect(() => platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', BYO_ATTRS), network)).toThrow(message);
  });

  test.each([
    {
      desc: 'lacks isolated subnets (imported)',
      vpc: (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', { ...BYO_ATTRS, isolatedSubnetIds: undefined }),
      message: /^`network\.vpc` must have Isolated subnets in both platform zones, got 'no Isolated subnets'$/,
    },
    {
      desc: 'lacks isolated subnets (CDK default subnets)',
      vpc: (stack: Stack) => new ec2.Vpc(stack, 'ByoVpc', { maxAzs: 2 }),
      message: /^`network\.vpc` must have Isolated subnets in both platform zones, got 'no Isolated subnets'$/,
    },
    {
      desc: 'lacks public subnets',
      vpc: (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', { ...BYO_ATTRS, publicSubnetIds: undefined }),
      message: /^`network\.vpc` must have Public subnets in both platform zones, got 'no Public subnets'$/,
    },
    {
      desc: 'spans only one zone',
      vpc: (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', {
        vpcId: 'vpc-1',
        availabilityZones: ['eu-west-1a'],
        publicSubnetIds: ['subnet-pub1'],
        privateSubnetIds: ['subnet-priv1'],
        isolatedSubnetIds: ['subnet-iso1'],
      }),
      message: /^`network\.vpc` must span at least 2 availability zones, got \["eu-west-1a"\]$/,
    },
  ])('fails when the brought VPC $desc', ({ vpc, message }) => {
    const err = errorOf(() => platformInVpc(vpc));
    expect(err.message).toMatch(message);
    expect(PlatformErrors.isConfigurationError(err)).toBe(true);
    expect(PlatformErrors.propPathOf(err)).toBe('network.vpc');
  });

  test('fails when network.availabilityZones names a zone the brought VPC has no subnets in', () => {
    expect(() => platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', BYO_ATTRS),
      { availabilityZones: ['eu-west-1a', 'eu-west-1c'] }),
    ).toThrow(/^`network\.vpc` must have a Public subnet in each platform zone \(eu-west-1a, eu-west-1c\), got \["eu-west-1a","eu-west-1b"\]$/);
  });
});

/** The request path without a quorum zone (the search tier off, as in every request-path fixture), synthesized once. */
const defaultTwoZonePlatform = once(() => synthPlatform({ network: { quorumZoneEnabled: false } }));

describe('quorum zone (network.quorumZoneEnabled, network.quorumAvailabilityZone)', () => {
  /** The logical IDs of the resources that reference a construct. */
  function referencesTo(template: Template, id: string): string[] {
    return Object.entries(template.toJSON().Resources)
      .filter(([, r]: [string, any]) => JSON.stringify(r).includes(`{"Ref":"${id}"}`))
      .map(([logicalId]) => logicalId);
  }

  test('by default an isolated subnet in the stack\'s third zone, with a route table of its own and no route out', () => {
    const { platform, stack, template } = defaultPlatform();
    expect(platform.network.quorumAvailabilityZone).toBe('eu-west-1c');
    const quorumSubnet = platform.network.quorumSubnet!;
    const id = stack.resolve(quorumSubnet.subnetId).Ref;
    expect(id).toMatch(/^PlatformNetworkQuorumSubnet/);
    const subnet = template.findResources('AWS::EC2::Subnet')[id];
    expect(subnet.Properties).toMatchObject({ AvailabilityZone: 'eu-west-1c', CidrBlock: '10.0.24.0/22', MapPublicIpOnLaunch: false });
    expect(subnet.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'aws-cdk:subnet-name', Value: 'Quorum' },
      { Key: 'aws-cdk:subnet-type', Value: 'Isolated' },
    ]));
    const routeTableId = stack.resolve(quorumSubnet.routeTable.routeTableId).Ref;
    expect(template.findResources('AWS::EC2::Route', { Properties: { RouteTableId: { Ref: routeTableId } } })).toEqual({});
  });

  test('nothing serves in the quorum zone: only its own route table association references its subnet', () => {
    const { platform, stack, template } = defaultPlatform();
    const id = stack.resolve(platform.network.quorumSubnet!.subnetId).Ref;
    const referrers = referencesTo(template, id);
    expect(referrers).toHaveLength(1);
    expect(template.toJSON().Resources[referrers[0]].Type).toBe('AWS::EC2::SubnetRouteTableAssociation');
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('quorumZones and quorumSubnets: zone 1, zone 2, then the quorum zone', () => {
    const { platform, stack } = defaultPlatform();
    expect(platform.network.quorumZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    const subnets = platform.network.quorumSubnets.subnets!;
    expect(subnets.map((s) => s.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(stack.resolve(subnets.slice(0, 2).map((s) => s.subnetId)))
      .toEqual(stack.resolve(platform.network.isolatedSubnets.subnets!.map((s) => s.subnetId)));
  });

  test('no warning about the zones by default', () => {
    const { stack } = defaultPlatform();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('multi-az-ha-platform:network\\.'))).toEqual([]);
  });

  test('Fn::GetAZs index 2 in an environment-agnostic stack', () => {
    const { platform, stack } = agnosticPlatform();
    expect(stack.resolve(platform.network.quorumAvailabilityZone)).toEqual({ 'Fn::Select': [2, { 'Fn::GetAZs': '' }] });
  });

  test('network.quorumAvailabilityZone names the quorum zone', () => {
    const { platform, template } = synthPlatform({
      network: { availabilityZones: ['eu-west-1b', 'eu-west-1c'], quorumAvailabilityZone: 'eu-west-1a' },
    });
    expect(platform.network.quorumZones).toEqual(['eu-west-1b', 'eu-west-1c', 'eu-west-1a']);
    expect(subnetLayout(template)).toEqual(expectedLayout(['eu-west-1b', 'eu-west-1c', 'eu-west-1a'], SUBNETS_22));
  });

  test('network.quorumAvailabilityZone lets an environment-agnostic stack name its serving zones', () => {
    const { platform } = synthPlatform({
      network: { availabilityZones: ['eu-west-1a', 'eu-west-1b'], quorumAvailabilityZone: 'eu-west-1c' },
    }, {});
    expect(platform.network.quorumZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('network.quorumZoneEnabled false: six subnets, the serving zones only, and a warning that says what is lost', () => {
    const { platform, stack, template } = defaultTwoZonePlatform();
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    expect(platform.network.quorumSubnet).toBeUndefined();
    expect(platform.network.quorumAvailabilityZone).toBeUndefined();
    expect(platform.network.quorumZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(platform.network.quorumSubnets.subnets).toHaveLength(2);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('network\\.no-quorum-zone'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/TestStack/Platform/Network');
    expect(warnings[0].entry.data).toMatch(/^`network\.quorumZoneEnabled` is false: the quorum members of the data tiers share the two serving zones, and a tier whose quorum does not outlive the loss of either zone says so in its own warning\. In a region with three zones, keep `network\.quorumZoneEnabled` true \(the default\)\. Decide before the first deploy: a deployed broker cannot move to other subnets/);
  });

  test('with the search tier off, no warning speaks of search masters', () => {
    const { stack } = defaultTwoZonePlatform();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((warning) => String(warning.entry.data));
    expect(warnings.filter((text) => /no-quorum-zone/.test(text))).toHaveLength(1);
    expect(warnings.filter((text) => /search|master/i.test(text))).toEqual([]);
  });

  test('the no-quorum-zone warning can be acknowledged', () => {
    const { stack } = buildPlatform({ network: { quorumZoneEnabled: false } });
    Validations.of(stack).acknowledge({ id: 'multi-az-ha-platform:network.no-quorum-zone', reason: 'a two-zone region' });
    Template.fromStack(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('no-quorum-zone'))).toEqual([]);
  });

  test.each([
    {
      desc: 'the quorum zone is a serving zone (the default zone 1)',
      network: { quorumAvailabilityZone: 'eu-west-1a' },
      path: 'network.quorumAvailabilityZone',
      message: /^`network\.quorumAvailabilityZone` must be a zone other than the two serving zones \(eu-west-1a, eu-west-1b\), got 'eu-west-1a'$/,
    },
    {
      desc: 'the quorum zone is a given serving zone',
      network: { availabilityZones: ['eu-west-1b', 'eu-west-1c'], quorumAvailabilityZone: 'eu-west-1c' },
      path: 'network.quorumAvailabilityZone',
      message: /^`network\.quorumAvailabilityZone` must be a zone other than the two serving zones \(eu-west-1b, eu-west-1c\), got 'eu-west-1c'$/,
    },
    {
      desc: 'the quorum zone is in another region',
      network: { quorumAvailabilityZone: 'us-east-1c' },
      path: 'network.quorumAvailabilityZone',
      message: /^`network\.quorumAvailabilityZone` must be a zone of the stack's region \(eu-west-1\), got 'us-east-1c'$/,
    },
    {
      desc: 'a serving zone is in another region',
      network: { availabilityZones: ['eu-west-1a', 'eu-central-1b'] },
      path: 'network.availabilityZones[1]',
      message: /^`network\.availabilityZones\[1\]` must be a zone of the stack's region \(eu-west-1\), got 'eu-central-1b'$/,
    },
    {
      desc: 'a quorum zone is named with the quorum zone off',
      network: { quorumZoneEnabled: false, quorumAvailabilityZone: 'eu-west-1c' },
      path: 'network.quorumAvailabilityZone',
      message: /^`network\.quorumAvailabilityZone` must be left unset when `network\.quorumZoneEnabled` is false, got 'eu-west-1c'$/,
    },
    {
      desc: 'the zones are a string, not a list (JavaScript)',
      network: { availabilityZones: 'eu-west-1a,eu-west-1b' as any },
      path: 'network.availabilityZones',
      message: /^`network\.availabilityZones` must be a list of 2 availability zone names, got 'eu-west-1a,eu-west-1b'$/,
    },
    {
      desc: 'a zone is a number (JavaScript)',
      network: { quorumAvailabilityZone: 3 as any },
      path: 'network.quorumAvailabilityZone',
      message: /^`network\.quorumAvailabilityZone` must be an availability zone name, got 3$/,
    },
  ])('fails when $desc', ({ network, path, message }) => {
    const err = errorOf(() => buildPlatform({ network }));
    expect(err.message).toMatch(message);
    expect(PlatformErrors.propPathOf(err)).toBe(path);
  });

  test('fails when serving zones are named in an environment-agnostic stack and the quorum zone is not', () => {
    const err = errorOf(() => buildPlatform({ network: { availabilityZones: ['eu-west-1a', 'eu-west-1b'] } }, {}));
    expect(PlatformErrors.propPathOf(err)).toBe('network.quorumAvailabilityZone');
    expect(err.message).toMatch(/must be given when `network\.availabilityZones` names the zones and the stack's own zones are not known at synth/);
  });

  test('fails when the stack\'s region has only the two serving zones', () => {
    const app = new App({ context: { [`availability-zones:account=${TEST_ENV.account}:region=${TEST_ENV.region}`]: ['eu-west-1a', 'eu-west-1b'] } });
    const err = errorOf(() => buildPlatform({}, { env: TEST_ENV }, app));
    expect(PlatformErrors.propPathOf(err)).toBe('network.quorumZoneEnabled');
    expect(err.message).toBe('`network.quorumZoneEnabled` must be false when the stack\'s region has no zone besides the ' +
      'serving zones (the stack\'s zones: eu-west-1a, eu-west-1b), got true');
  });
});

describe('placeholder zones', () => {
  test('a stack with an account and region but no zone context warns that its zones are placeholders', () => {
    const { stack } = buildPlatform({}, { env: TEST_ENV }, new App());
    Template.fromStack(stack);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('network\\.placeholder-zones'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/^The platform's zones are placeholders \(dummy1a, dummy1b, dummy1c\), not zones of eu-west-1: /);
    expect(warnings[0].entry.data).toMatch(/"availability-zones:account=123456789012:region=eu-west-1"/);
  });

  test('no such warning once the zones are known (context) or in an environment-agnostic stack', () => {
    for (const { stack } of [defaultPlatform(), agnosticPlatform()]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('placeholder-zones'))).toEqual([]);
    }
  });
});

describe('quorum zone of a brought VPC', () => {
  const WITH_THIRD_ZONE: ec2.VpcAttributes = {
    ...BYO_ATTRS,
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    publicSubnetIds: ['subnet-pub1', 'subnet-pub2', 'subnet-pub3'],
    privateSubnetIds: ['subnet-priv1', 'subnet-priv2', 'subnet-priv3'],
    isolatedSubnetIds: ['subnet-iso1', 'subnet-iso2', 'subnet-iso3'],
  };

  test('its isolated subnet in a third zone becomes the quorum subnet', () => {
    const { platform } = platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', WITH_THIRD_ZONE));
    expect(platform.network.quorumAvailabilityZone).toBe('eu-west-1c');
    expect(platform.network.quorumSubnets.subnets!.map((s) => s.subnetId)).toEqual(['subnet-iso1', 'subnet-iso2', 'subnet-iso3']);
  });

  test('network.quorumAvailabilityZone picks which of its zones', () => {
    const { platform } = platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', WITH_THIRD_ZONE),
      { availabilityZones: ['eu-west-1b', 'eu-west-1c'], quorumAvailabilityZone: 'eu-west-1a' });
    expect(platform.network.quorumSubnets.subnets!.map((s) => s.subnetId)).toEqual(['subnet-iso2', 'subnet-iso3', 'subnet-iso1']);
  });

  test('without an isolated subnet in a third zone, the platform runs without a quorum zone and warns', () => {
    const { platform, stack } = platformInVpc((scope) => ec2.Vpc.fromVpcAttributes(scope, 'ByoVpc', BYO_ATTRS));
    Template.fromStack(stack);
    expect(platform.network.quorumSubnet).toBeUndefined();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('network\\.no-quorum-zone'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/^The brought `network\.vpc` has no isolated subnet in a zone other than the two serving zones/);
  });

  test('fails when network.quorumAvailabilityZone names a zone without an isolated subnet of the VPC', () => {
    const err = errorOf(() => platformInVpc((stack) => ec2.Vpc.fromVpcAttributes(stack, 'ByoVpc', BYO_ATTRS),
      { quorumAvailabilityZone: 'eu-west-1c' }));
    expect(err.message).toBe('`network.quorumAvailabilityZone` must be a zone in which the brought `network.vpc` has an ' +
      'isolated subnet (its isolated subnets are in eu-west-1a, eu-west-1b), got \'eu-west-1c\'');
  });
});

describe('endpoints of a brought VPC', () => {
  const endpointWarnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('network\\.brought-vpc-endpoints'));

  test('an imported VPC (its endpoints are not visible at synth) warns that rotation needs a Secrets Manager endpoint', () => {
    const { stack } = platformInVpc((scope) => ec2.Vpc.fromVpcAttributes(scope, 'ByoVpc', BYO_ATTRS));
    Template.fromStack(stack);
    const warnings = endpointWarnings(stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/^The brought `network\.vpc` shows no Secrets Manager interface endpoint: the database credential rotation/);
  });

  test('a VPC built in the app with a Secrets Manager endpoint does not warn', () => {
    const { stack } = platformInVpc((scope) => {
      const vpc = new ec2.Vpc(scope, 'ByoVpc', {
        maxAzs: 2,
        subnetConfiguration: [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      });
      vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
      return vpc;
    });
    Template.fromStack(stack);
    expect(endpointWarnings(stack)).toEqual([]);
  });
});
