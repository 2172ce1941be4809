import { Duration, Fn, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkQuorumZoneIsNotServing, subnetsPerZone, validateBroughtVpc, validateNetworkProps } from './validate-network-props';
import {
  acknowledgeCompliance, acknowledgeComplianceOnGrantee, COMPLIANCE_PACKS, INLINE_GRANT_POLICY_REASON, warn,
} from '../private/acknowledgements';
import { allowCloudWatchLogs, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { natGatewayOfZone } from '../private/nat-gateways';
import { isPlaceholderZone } from '../private/placeholder-zones';
import { checkZoneIndex, fail, isToken, propRef, validateArguments, validateProps } from '../private/validation';

/** Options of the network tier. */
export interface NetworkOptions {
  /**
   * An existing VPC to build the platform in, instead of a new one.
   *
   * It must have public, private-with-egress and isolated subnets in each of the two zones, and, for the quorum
   * zone, an isolated subnet in a third zone (without one the platform runs without a quorum zone, and warns).
   * @default - a new VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The two availability zones of the platform: zone 1 (primary) first, then zone 2.
   * @default - the stack's first two availability zones (zone 1 is the first)
   */
  readonly availabilityZones?: string[];

  /**
   * Whether the platform keeps a third zone, the quorum zone, for the quorum members of its data tiers (search
   * masters, broker nodes). The quorum zone holds one isolated subnet and nothing that serves: no app servers,
   * workers, NAT gateway or load balancer node. Losing any one of the three zones then leaves every quorum a
   * majority. Turn it off only in a region (or account) with two zones: the tiers that keep a quorum then say
   * what they lose (a synth warning and the report's zone-loss section). Choose it before the first deploy: the
   * broker's subnets cannot change in place and its name is fixed, so adding or removing the quorum zone later fails
   * the update on the broker.
   * @default true
   */
  readonly quorumZoneEnabled?: boolean;

  /**
   * The quorum zone: a zone of the stack's region other than the two serving zones. With a brought `vpc`, the
   * zone of one of its isolated subnets.
   * @default - the region's third zone: `Fn::GetAZs` index 2 in an environment-agnostic stack, the first of the
   * stack's zones that is not a serving zone otherwise; with a brought VPC, the zone of its first isolated subnet
   * outside the serving zones
   */
  readonly quorumAvailabilityZone?: string;

  /**
   * IPv4 range of the new VPC. Leave unset when `vpc` is given.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * Prefix length of each subnet (public, private, isolated in each serving zone, isolated in the quorum zone), 19 to 28.
   * Leave unset when `vpc` is given.
   * @default 22
   */
  readonly subnetCidrMask?: number;

  /**
   * NAT gateways of the new VPC: 2 (one per zone, so losing a zone leaves the other zone's egress)
   * or 1 (cheaper, but egress of both zones depends on zone 1; a warning says so). Leave unset when `vpc` is given.
   * @default 2
   */
  readonly natGateways?: number;

  /**
   * How long VPC flow logs are kept. Leave unset when `vpc` is given (the platform adds no flow log to it).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/** Properties of {@link PlatformNetwork}. */
export interface PlatformNetworkProps extends NetworkOptions {}

const DEFAULT_CIDR = '10.0.0.0/16';
const DEFAULT_SUBNET_MASK = 22;
/** Public, private and isolated subnets in each of two zones, then the quorum zone's isolated subnet. */
const SERVING_SUBNET_COUNT = 6;
const SUBNET_COUNT = SERVING_SUBNET_COUNT + 1;

const INTERFACE_ENDPOINTS: ReadonlyArray<[string, ec2.InterfaceVpcEndpointAwsService]> = [
  ['Ssm', ec2.InterfaceVpcEndpointAwsService.SSM],
  ['SsmMessages', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES],
  ['Ec2Messages', ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES],
  ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
  ['Kms', ec2.InterfaceVpcEndpointAwsService.KMS],
  ['CloudWatchLogs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
  ['CloudWatchMonitoring', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING],
];

/**
 * The network tier: a VPC over exactly two availability zones with public, private-with-egress
 * (app servers, workers) and isolated (data stores) subnets in each, a NAT gateway per zone,
 * encrypted flow logs, and VPC endpoints for S3, SSM, Secrets Manager, KMS and CloudWatch.
 */
export class PlatformNetwork extends Construct {
  /** The VPC of the platform (created, or the one given). */
  public readonly vpc: ec2.IVpc;

  /** The two zones of the platform: index 0 is zone 1 (primary), index 1 is zone 2. */
  public readonly availabilityZones: string[];

  /** The flow log of the VPC. Only when the platform creates the VPC. */
  public readonly flowLog?: ec2.FlowLog;

  /**
   * The log group that receives the flow logs: kept when the stack is deleted, deleted when the stack's first
   * deployment rolls back. Only when the platform creates the VPC.
   */
  public readonly flowLogGroup?: logs.LogGroup;

  /** The KMS key that encrypts the flow log group, kept like it. Only when the platform creates the VPC. */
  public readonly flowLogKey?: kms.Key;

  /** The interface endpoints, by service name. Only when the platform creates the VPC. */
  public readonly interfaceEndpoints: { [service: string]: ec2.InterfaceVpcEndpoint } = {};

  /** The security group of the interface endpoints: HTTPS from inside the VPC. Only when the platform creates the VPC. */
  public readonly endpointSecurityGroup?: ec2.SecurityGroup;

  /** The S3 gateway endpoint. Only when the platform creates the VPC. */
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;

  /**
   * The NAT gateways of the new VPC: its `configuredGateways` are the gateways (zone, ID), and a private subnet leaves
   * through its own zone's gateway (with one gateway, through that one). Only when the platform creates the VPC:
   * the NAT gateways of a brought VPC are not the platform's to know (the report reads them from the template).
   */
  public readonly natGatewayProvider?: ec2.NatProvider;

  /** The quorum zone: the third zone, holding only quorum members of the data tiers. Only when there is one. */
  public readonly quorumAvailabilityZone?: string;

  /**
   * The isolated subnet of the quorum zone (created with the VPC, or the brought VPC's). Only when there is a
   * quorum zone.
   */
  public readonly quorumSubnet?: ec2.ISubnet;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    validateProps(this, () => validateNetworkProps(props, stack.region, {
      cidr: DEFAULT_CIDR, subnetCidrMask: DEFAULT_SUBNET_MASK, subnetCount: SUBNET_COUNT,
    }));
    const quorumZoneEnabled = props.quorumZoneEnabled ?? true;

    if (props.vpc) {
      this.vpc = props.vpc;
      this.availabilityZones = props.availabilityZones ?? props.vpc.availabilityZones.slice(0, 2);
      validateProps(this, () => validateBroughtVpc(props.vpc!, this.availabilityZones));
      if (quorumZoneEnabled) {
        validateProps(this, () => checkQuorumZoneIsNotServing(props.quorumAvailabilityZone, this.availabilityZones));
        this.quorumSubnet = validateProps(this,
          () => broughtQuorumSubnet(props.vpc!, this.availabilityZones, props.quorumAvailabilityZone));
        this.quorumAvailabilityZone = this.quorumSubnet?.availabilityZone;
      }
      this.warnAboutZones(quorumZoneEnabled);
      warnAboutEndpoints(this, props.vpc);
      return;
    }

    const mask = props.subnetCidrMask ?? DEFAULT_SUBNET_MASK;
    const cidr = props.cidr ?? DEFAULT_CIDR;
    this.natGatewayProvider = ec2.NatProvider.gateway();
    const vpc = this.newVpc(props, this.natGatewayProvider, cidr, mask);
    this.vpc = vpc;
    this.availabilityZones = vpc.availabilityZones.slice(0, 2);
    if (quorumZoneEnabled) {
      validateProps(this, () => checkQuorumZoneIsNotServing(props.quorumAvailabilityZone, this.availabilityZones));
      const zone = props.quorumAvailabilityZone ?? validateProps(this, () => defaultQuorumZone(stack, this.availabilityZones));
      this.quorumAvailabilityZone = zone;
      this.quorumSubnet = newQuorumSubnet(this, vpc, zone, cidr, mask);
    }
    this.warnAboutZones(quorumZoneEnabled);

    const flowLogs = this.newFlowLog(vpc, props.flowLogRetention);
    this.flowLogKey = flowLogs.key;
    this.flowLogGroup = flowLogs.logGroup;
    this.flowLog = flowLogs.flowLog;
    this.s3Endpoint = vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    this.endpointSecurityGroup = this.addInterfaceEndpoints(vpc, cidr);
  }

  /** The VPC of public, private and isolated subnets in the two serving zones (the quorum subnet comes apart). */
  private newVpc(props: PlatformNetworkProps, natGatewayProvider: ec2.NatProvider, cidr: string, mask: number): ec2.Vpc {
    const natGateways = props.natGateways ?? 2;
    if (natGateways === 1) {
      warn(this, 'SingleNatGateway',
        `${propRef(this, 'natGateways')} is 1: outbound traffic of both zones leaves through zone 1, so losing ` +
        'zone 1 also cuts zone 2 off the internet. Use 2 (the default) to keep each zone independent.');
    }
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      ...(props.availabilityZones ? { availabilityZones: props.availabilityZones } : { maxAzs: 2 }),
      natGateways,
      natGatewayProvider,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: mask, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: mask },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: mask },
      ],
      restrictDefaultSecurityGroup: false,
    });
    acknowledgeCompliance(vpc, COMPLIANCE_PACKS, 'VPCDefaultSecurityGroupClosed',
      'Nothing in the platform uses the VPC\'s default security group: every instance, load balancer, data store, ' +
      'endpoint and function gets a security group of its own that admits only the paths the architecture needs. ' +
      'CloudFormation cannot remove the default group\'s rules; aws-cdk-lib does it with a Lambda-backed custom ' +
      'resource at stack level, which the platform does not add to users\' stacks. Close it account-wide with the ' +
      'AWS Config rule vpc-default-security-group-closed (Security Hub EC2.2) and its remediation.');
    for (const subnet of vpc.publicSubnets) {
      acknowledgeCompliance(subnet, COMPLIANCE_PACKS, 'VPCNoUnrestrictedRouteToIGW',
        'The public subnets exist to reach the internet: they hold only the internet-facing zone load balancers ' +
        '(behind AWS WAF, HTTPS only) and the NAT gateways, and launch nothing with a public IP. App servers and ' +
        'workers sit in private subnets (outbound through NAT only) and data stores in isolated subnets with no ' +
        'route out of the VPC.');
    }
    return vpc;
  }

  /** Flow logs to a KMS-encrypted log group; CloudWatch Logs needs the key policy to use the key. */
  private newFlowLog(vpc: ec2.Vpc, retention?: logs.RetentionDays): { key: kms.Key; logGroup: logs.LogGroup; flowLog: ec2.FlowLog } {
    const key = newTierKey(this, 'FlowLogKey', 'Encrypts the VPC flow logs of the MultiAzHaPlatform network');
    allowCloudWatchLogs(key);
    const logGroup = newEncryptedLogGroup(this, 'FlowLogGroup', key, retention ?? logs.RetentionDays.ONE_YEAR);
    const flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    if (flowLog.iamRole) {
      acknowledgeComplianceOnGrantee(flowLog.iamRole, COMPLIANCE_PACKS, 'IAMNoInlinePolicy', INLINE_GRANT_POLICY_REASON);
    }
    return { key, logGroup, flowLog };
  }

  /** The interface endpoints, behind one security group open to the VPC's own range on 443 only. */
  private addInterfaceEndpoints(vpc: ec2.Vpc, cidr: string): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'VPC interface endpoints: HTTPS from inside the VPC',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
    for (const [name, service] of INTERFACE_ENDPOINTS) {
      this.interfaceEndpoints[name] = vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        privateDnsEnabled: true,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [securityGroup],
        open: false,
      });
    }
    return securityGroup;
  }

  /** The public subnets of both zones (where the zone load balancers sit). */
  public get publicSubnets(): ec2.SubnetSelection {
    return { subnets: this.subnetsOf(ec2.SubnetType.PUBLIC, 'vpc') };
  }

  /** The isolated subnets of both zones (where the data stores sit). */
  public get isolatedSubnets(): ec2.SubnetSelection {
    return { subnets: this.subnetsOf(ec2.SubnetType.PRIVATE_ISOLATED, 'vpc') };
  }

  /**
   * The zones of the tiers that keep a quorum (search masters, broker nodes): zone 1, zone 2, then the quorum
   * zone. Only the two serving zones when there is no quorum zone.
   */
  public get quorumZones(): string[] {
    return this.quorumAvailabilityZone === undefined
      ? [...this.availabilityZones]
      : [...this.availabilityZones, this.quorumAvailabilityZone];
  }

  /** The isolated subnet of each of `quorumZones`, in that order: where the tiers that keep a quorum place their members. */
  public get quorumSubnets(): ec2.SubnetSelection {
    const serving = this.subnetsOf(ec2.SubnetType.PRIVATE_ISOLATED, 'vpc');
    return { subnets: this.quorumSubnet ? [...serving, this.quorumSubnet] : serving };
  }

  /** The private-with-egress subnet of one zone (0 = zone 1, 1 = zone 2): app servers and workers of that zone. */
  public privateSubnetOfZone(zoneIndex: number): ec2.SubnetSelection {
    return { subnets: [this.subnetsOf(ec2.SubnetType.PRIVATE_WITH_EGRESS, 'vpc')[zoneIndex]] };
  }

  /**
   * A metric of the NAT gateway that serves one zone (namespace `AWS/NATGateway`, dimension `NatGatewayId`), such as
   * `ConnectionAttemptCount` or `BytesOutToDestination`: the gateway the zone's private subnet leaves through (the
   * zone's own, or the single one when `natGateways` is 1). Only when the platform creates the VPC: for the NAT
   * gateways of a brought VPC, use a `cloudwatch.Metric` with the gateway's ID.
   * @param metricName the metric's name, as the NAT gateway publishes it
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 5 minutes
   */
  public metric(metricName: string, zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/NATGateway',
      metricName,
      dimensionsMap: { NatGatewayId: this.natGatewayIdOfZone(zoneIndex) },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * Connections the zone's NAT gateway could not open for lack of a free source port: egress to a busy destination fails.
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Sum over 5 minutes
   */
  public metricErrorPortAllocation(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ErrorPortAllocation', zoneIndex, { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Packets the zone's NAT gateway dropped (compare with `PacketsInFromSource`: above about 0.01% of them, look at the gateway).
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Sum over 5 minutes
   */
  public metricPacketsDropCount(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PacketsDropCount', zoneIndex, { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Concurrent active TCP connections through the zone's NAT gateway.
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Maximum over 5 minutes
   */
  public metricActiveConnectionCount(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActiveConnectionCount', zoneIndex, { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** The ID of the NAT gateway a zone's private subnet routes through: the zone's own, or the VPC's single gateway. */
  private natGatewayIdOfZone(zoneIndex: number): string {
    checkZoneIndex(this, zoneIndex);
    const provider = this.natGatewayProvider ?? validateProps(this, () => fail('vpc', 'be left unset for the NAT gateway ' +
      'metrics: the NAT gateways of a brought VPC are not the platform\'s; watch them with a cloudwatch.Metric of ' +
      'namespace AWS/NATGateway and the gateway\'s ID as its NatGatewayId dimension', this.vpc));
    const gateway = natGatewayOfZone(provider.configuredGateways, this.availabilityZones[zoneIndex])
      ?? validateArguments(this, () => fail('zoneIndex', 'be a zone with a NAT gateway (the VPC has none for it)', zoneIndex));
    return gateway.gatewayId;
  }

  /**
   * Says that the platform runs without a quorum zone, and when its zones are aws-cdk-lib's placeholders. What a
   * tier's quorum loses with a zone is the tier's to say (the search tier warns with its masters' split), so this
   * warning names no tier's members: the network does not know which tiers are on, nor how many members they have.
   */
  private warnAboutZones(quorumZoneEnabled: boolean): void {
    if (!this.quorumSubnet) {
      const why = quorumZoneEnabled
        ? `The brought ${propRef(this, 'vpc')} has no isolated subnet in a zone other than the two serving zones, so the ` +
          'platform runs without a quorum zone'
        : `${propRef(this, 'quorumZoneEnabled')} is false`;
      warn(this, 'network.no-quorum-zone',
        `${why}: the quorum members of the data tiers share the two serving zones, and a tier whose quorum does not ` +
        'outlive the loss of either zone says so in its own warning. ' +
        `In a region with three zones, keep ${propRef(this, 'quorumZoneEnabled')} true (the default)` +
        (quorumZoneEnabled ? ' and add an isolated subnet in a third zone to the VPC' : '') +
        '. Decide before the first deploy: a deployed broker cannot move to other subnets, so adding the quorum zone ' +
        'later fails the update on it.');
    }
    const zones = [...this.availabilityZones, ...(this.quorumAvailabilityZone ? [this.quorumAvailabilityZone] : [])];
    const placeholders = zones.filter((zone) => !Token.isUnresolved(zone) && isPlaceholderZone(zone));
    if (placeholders.length > 0) {
      const stack = Stack.of(this);
      warn(this, 'network.placeholder-zones',
        `The platform's zones are placeholders (${placeholders.join(', ')}), not zones of ${stack.region}: the stack ` +
        'names an account and a region, and the synthesis had no availability-zones context, so aws-cdk-lib wrote ' +
        'placeholders that cannot deploy. Synthesize with the CDK CLI (it looks the zones up and keeps them in ' +
        `cdk.context.json), add the context entry "availability-zones:account=${stack.account}:region=${stack.region}" ` +
        `to cdk.json, or set ${propRef(this, 'availabilityZones')} and ${propRef(this, 'quorumAvailabilityZone')}.`);
    }
  }

  /** The subnets of a type, one per platform zone, in zone order. */
  private subnetsOf(type: ec2.SubnetType, propPath: string): ec2.ISubnet[] {
    return validateProps(this, () => subnetsPerZone(this.vpc, type, this.availabilityZones, propPath));
  }
}

/** The isolated subnet of a new VPC's quorum zone: the next range after the six subnets of the serving zones. */
function newQuorumSubnet(scope: Construct, vpc: ec2.Vpc, zone: string, cidr: string, mask: number): ec2.ISubnet {
  const subnet = new ec2.PrivateSubnet(scope, 'QuorumSubnet', {
    vpcId: vpc.vpcId,
    availabilityZone: zone,
    cidrBlock: isToken(cidr)
      ? Fn.select(SERVING_SUBNET_COUNT, Fn.cidr(vpc.vpcCidrBlock, SUBNET_COUNT, String(32 - mask)))
      : nthSubnet(cidr, mask, SERVING_SUBNET_COUNT),
    mapPublicIpOnLaunch: false,
  });
  // The tags aws-cdk-lib gives the VPC's own isolated subnets, so Vpc.fromLookup classifies it alike.
  Tags.of(subnet).add('aws-cdk:subnet-name', 'Quorum');
  Tags.of(subnet).add('aws-cdk:subnet-type', 'Isolated');
  return subnet;
}

/** The `index`-th block of size /mask in a concrete IPv4 range (the VPC allocates its subnets in this order). */
function nthSubnet(cidr: string, mask: number, index: number): string {
  const base = cidr.split('/')[0].split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const address = base + index * 2 ** (32 - mask);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.')}/${mask}`;
}

/**
 * The region's third zone. An environment-agnostic stack's serving zones are `Fn::GetAZs` indexes 0 and 1, so the
 * quorum zone is index 2. Otherwise the stack's zones (looked up by the CDK CLI, or from context) name it.
 */
function defaultQuorumZone(stack: Stack, serving: string[]): string {
  const stackZones = stack.availabilityZones;
  if (serving.every((zone) => Token.isUnresolved(zone))) {
    return Fn.select(2, Fn.getAzs());
  }
  const known = stackZones.every((zone) => !Token.isUnresolved(zone));
  const placeholders = stackZones.some(isPlaceholderZone);
  const servingPlaceholders = serving.every(isPlaceholderZone);
  if (!known || (placeholders && !servingPlaceholders)) {
    fail('quorumAvailabilityZone',
      'be given when `.availabilityZones` names the zones and the stack\'s own zones are not known at synth ' +
      '(an environment-agnostic stack, or no availability-zones context): name a third zone of the region, or set ' +
      '`.quorumZoneEnabled` to false', undefined);
  }
  const third = stackZones.find((zone) => !serving.includes(zone));
  if (third === undefined) {
    fail('quorumZoneEnabled', 'be false when the stack\'s region has no zone besides the serving zones ' +
      `(the stack's zones: ${stackZones.join(', ')})`, true);
  }
  return third;
}

/**
 * The database credential rotation runs in the isolated subnets, which have no route out of the VPC: it reaches
 * Secrets Manager only through an interface endpoint. The endpoints of an imported VPC are not visible at synth;
 * those of a VPC built in the same app are.
 */
function warnAboutEndpoints(scope: Construct, vpc: ec2.IVpc): void {
  const hasSecretsManagerEndpoint = vpc.node.findAll().some((child) => child instanceof ec2.InterfaceVpcEndpoint
    && child.node.findAll().some((c) => c instanceof ec2.CfnVPCEndpoint && JSON.stringify(Stack.of(c).resolve(c.serviceName)).includes('secretsmanager')));
  if (hasSecretsManagerEndpoint) {
    return;
  }
  warn(scope, 'network.brought-vpc-endpoints',
    `The brought ${propRef(scope, 'vpc')} shows no Secrets Manager interface endpoint: the database credential rotation runs in ` +
    'its isolated subnets, which reach Secrets Manager only through one (private DNS on), and the instances need ' +
    'SSM, Secrets Manager, KMS and CloudWatch (endpoints, or NAT from the private subnets). Acknowledge this warning ' +
    'once the VPC has them (the endpoints of an imported VPC are not visible at synth).');
}

/** A brought VPC's isolated subnet in the quorum zone: the one named, or the first outside the serving zones. */
function broughtQuorumSubnet(vpc: ec2.IVpc, serving: string[], zone?: string): ec2.ISubnet | undefined {
  const isolated = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnets;
  if (zone === undefined) {
    return isolated.find((s) => !Token.isUnresolved(s.availabilityZone) && !serving.includes(s.availabilityZone));
  }
  const match = isolated.find((s) => s.availabilityZone === zone);
  if (!match) {
    fail('quorumAvailabilityZone', 'be a zone in which the brought `.vpc` has an isolated subnet ' +
      `(its isolated subnets are in ${isolated.map((s) => s.availabilityZone).join(', ')})`, zone);
  }
  return match;
}
