// Hand-written template pieces and lookups shared by the report's tests: the shapes of the platform's tiers
// (two serving zones, an isolated subnet in a quorum zone, a search domain, a broker) without a synth.
import { RecoveryScenario } from '../../lib/report/recovery';
import { PlatformReport } from '../../lib/report/report';
import { CfnResource } from '../../lib/report/template-model';
import { ZoneLossTier } from '../../lib/report/zone-loss';

export type Resources = Record<string, CfnResource>;

/** An environment-agnostic zone, as aws-cdk-lib writes it. */
export const getAz = (index: number) => ({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] });

/** A subnet with its own route table; `route` adds a default route through an internet gateway or a NAT gateway. */
function subnet(id: string, zone: unknown, route?: 'igw' | string): Resources {
  const resources: Resources = {
    [`${id}Subnet`]: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: zone, CidrBlock: '10.0.0.0/24' } },
    [`${id}RouteTable`]: { Type: 'AWS::EC2::RouteTable', Properties: {} },
    [`${id}Association`]: {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: { Ref: `${id}Subnet` }, RouteTableId: { Ref: `${id}RouteTable` } },
    },
  };
  if (route) {
    resources[`${id}DefaultRoute`] = {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: { Ref: `${id}RouteTable` },
        DestinationCidrBlock: '0.0.0.0/0',
        ...(route === 'igw' ? { GatewayId: { Ref: 'Igw' } } : { NatGatewayId: { Ref: route } }),
      },
    };
  }
  return resources;
}

export interface NetworkShape {
  /** The zones of zone 1 and zone 2 (GetAZs 0 and 1 by default). */
  readonly serving?: [unknown, unknown];
  /** The quorum zone's AZ value (GetAZs 2 by default); null for none. */
  readonly quorum?: unknown;
  /** NAT gateways: one per zone (2, the default) or one in zone 1. */
  readonly natGateways?: 1 | 2;
}

/**
 * The platform's network: public, private and isolated subnets in zone 1 and zone 2 (logical IDs Public1,
 * Private1, Isolated1, ...), a NAT gateway per zone, and an isolated subnet in the quorum zone (Quorum).
 */
export function network(shape: NetworkShape = {}): Resources {
  const [zone1, zone2] = shape.serving ?? [getAz(0), getAz(1)];
  const quorum = shape.quorum === undefined ? getAz(2) : shape.quorum;
  const nat2 = shape.natGateways === 1 ? 'Nat1' : 'Nat2';
  const resources: Resources = {
    Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
    ...subnet('Public1', zone1, 'igw'),
    ...subnet('Public2', zone2, 'igw'),
    ...subnet('Private1', zone1, 'Nat1'),
    ...subnet('Private2', zone2, nat2),
    ...subnet('Isolated1', zone1),
    ...subnet('Isolated2', zone2),
    Nat1: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Public1Subnet' } } },
    ...(shape.natGateways === 1 ? {} : { Nat2: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Public2Subnet' } } } }),
  };
  return quorum === null ? resources : { ...resources, ...subnet('Quorum', quorum) };
}

/** References to the isolated subnets of zone 1, zone 2 and (when `withQuorum`) the quorum zone. */
export function isolatedSubnets(withQuorum = true): Array<{ Ref: string }> {
  return [{ Ref: 'Isolated1Subnet' }, { Ref: 'Isolated2Subnet' }, ...(withQuorum ? [{ Ref: 'QuorumSubnet' }] : [])];
}

export interface AppServersShape {
  /** The subnet of each zone's group (the private subnets of network() by default). */
  readonly subnets?: [string, string];
  /** Each group's MinSize and MaxSize ('4' and '8' by default). */
  readonly sizes?: [string, string];
}

/** An app server group in each serving zone (App1, App2), registered with that zone's target group. */
export function appServers(shape: AppServersShape = {}): Resources {
  const subnets = shape.subnets ?? ['Private1Subnet', 'Private2Subnet'];
  const [minSize, maxSize] = shape.sizes ?? ['4', '8'];
  const group = (n: 1 | 2): Resources => ({
    [`App${n}`]: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { MinSize: minSize, MaxSize: maxSize, VPCZoneIdentifier: [{ Ref: subnets[n - 1] }], TargetGroupARNs: [{ Ref: `Tg${n}` }] },
    },
    [`Tg${n}`]: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { HealthCheckIntervalSeconds: 10, UnhealthyThresholdCount: 2 } },
  });
  return { ...group(1), ...group(2) };
}

export interface EntryShape {
  /** Failover records (PRIMARY in zone 1, SECONDARY in zone 2; the default) or weighted records (50 each). */
  readonly routing?: 'failover' | 'weighted';
  /** The health checks' options beyond their type and target (a 10 s interval and a threshold of 3 by default). */
  readonly check?: Record<string, unknown>;
  /** The subnets of both load balancers (the public subnets of network() by default). */
  readonly subnets?: [string, string];
}

/**
 * A load balancer per serving zone (in both public subnets, forwarding to its zone's group) behind a failover record
 * pair, each record with a health check of its load balancer.
 */
export function entry(shape: EntryShape = {}): Resources {
  const [subnet1, subnet2] = shape.subnets ?? ['Public1Subnet', 'Public2Subnet'];
  const check = shape.check ?? { RequestInterval: 10, FailureThreshold: 3 };
  const zone = (n: 1 | 2): Resources => ({
    [`Lb${n}`]: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: subnet1 }, { Ref: subnet2 }] } },
    [`Listener${n}`]: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: `Lb${n}` }, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: `Tg${n}` } }] },
    },
    [`Check${n}`]: {
      Type: 'AWS::Route53::HealthCheck',
      Properties: { HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: { 'Fn::GetAtt': [`Lb${n}`, 'DNSName'] }, ...check } },
    },
    [`Record${n}`]: {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        Name: 'app.example.com.',
        Type: 'A',
        SetIdentifier: `zone-${n}`,
        ...(shape.routing === 'weighted' ? { Weight: 50 } : { Failover: n === 1 ? 'PRIMARY' : 'SECONDARY' }),
        HealthCheckId: { Ref: `Check${n}` },
        AliasTarget: { DNSName: { 'Fn::GetAtt': [`Lb${n}`, 'DNSName'] }, HostedZoneId: 'Z', EvaluateTargetHealth: true },
      },
    },
  });
  return { ...zone(1), ...zone(2) };
}

/** The default search domain: 3 zones, 3 masters, 6 data nodes with Multi-AZ with Standby; or the 2-zone layout. */
export function searchDomain(zones: 2 | 3, overrides: Record<string, unknown> = {}): Resources {
  return {
    Search: {
      Type: 'AWS::OpenSearchService::Domain',
      Properties: {
        ClusterConfig: {
          InstanceCount: zones === 3 ? 6 : 4,
          InstanceType: 'r7g.large.search',
          DedicatedMasterEnabled: true,
          DedicatedMasterCount: 3,
          DedicatedMasterType: 'm7g.large.search',
          ZoneAwarenessEnabled: true,
          ZoneAwarenessConfig: { AvailabilityZoneCount: zones },
          MultiAZWithStandbyEnabled: zones === 3,
          ...overrides,
        },
        EBSOptions: { EBSEnabled: true, VolumeSize: 256, VolumeType: 'gp3' },
        VPCOptions: { SubnetIds: isolatedSubnets(zones === 3) },
      },
    },
  };
}

/** A RabbitMQ cluster: 4.2 on mq.m7g.large by default. */
export function broker(engineVersion = '4.2', hostInstanceType = 'mq.m7g.large', withQuorum = true): Resources {
  return {
    Broker: {
      Type: 'AWS::AmazonMQ::Broker',
      Properties: {
        EngineType: 'RABBITMQ',
        EngineVersion: engineVersion,
        DeploymentMode: 'CLUSTER_MULTI_AZ',
        HostInstanceType: hostInstanceType,
        SubnetIds: isolatedSubnets(withQuorum),
      },
    },
  };
}

export function scenarioOf(report: PlatformReport, id: string): RecoveryScenario {
  const found = report.recovery.scenarios.find((s) => s.id === id);
  if (!found) {
    throw new Error(`no scenario ${id} (have ${report.recovery.scenarios.map((s) => s.id).join(', ')})`);
  }
  return found;
}

/** The inventory totals of one tier in one zone (by zone key, or 'unplaced'). */
export function tierInZone(report: PlatformReport, zone: string, tier: string) {
  const found = report.inventory.zones.find((z) => z.zone === zone);
  if (!found) {
    throw new Error(`no inventory column for ${zone} (have ${report.inventory.zones.map((z) => z.zone).join(', ')})`);
  }
  return found.tiers.find((t) => t.tier === tier)!;
}

/** The zone-loss row of a kind of tier when the zone with this id ('zone-1', 'quorum-zone') is lost. */
export function zoneLossRow(report: PlatformReport, zoneId: string, kind: ZoneLossTier['kind']): ZoneLossTier {
  const zone = report.zoneLoss.find((z) => z.zoneId === zoneId);
  const row = zone?.tiers.find((t) => t.kind === kind);
  if (!row) {
    throw new Error(`no ${kind} row for ${zoneId} (zones: ${report.zoneLoss.map((z) => z.zoneId).join(', ')})`);
  }
  return row;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
