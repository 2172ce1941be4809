import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  acknowledgeCompliance, acknowledgeComplianceOnGrantee, COMPLIANCE_PACKS, INLINE_GRANT_POLICY_REASON, warn,
} from '../private/acknowledgements';
import { allowCloudWatchLogs, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { checkInteger, fail, isToken } from '../private/validation';

/** Options of the network tier. */
export interface NetworkOptions {
  /**
   * An existing VPC to build the platform in, instead of a new one.
   *
   * It must have public, private-with-egress and isolated subnets in each of the two zones.
   * @default - a new VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The two availability zones of the platform: zone 1 (primary) first, then zone 2.
   * @default - the stack's first two availability zones (zone 1 is the first)
   */
  readonly availabilityZones?: string[];

  /**
   * IPv4 range of the new VPC. Leave unset when `vpc` is given.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * Prefix length of each of the six subnets (public, private, isolated in each zone), 19 to 28.
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
/** Public, private and isolated subnets in each of two zones. */
const SUBNET_COUNT = 6;

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

  /** The log group that receives the flow logs. Only when the platform creates the VPC. */
  public readonly flowLogGroup?: logs.LogGroup;

  /** The KMS key that encrypts the flow log group. Only when the platform creates the VPC. */
  public readonly flowLogKey?: kms.Key;

  /** The interface endpoints, by service name. Only when the platform creates the VPC. */
  public readonly interfaceEndpoints: { [service: string]: ec2.InterfaceVpcEndpoint } = {};

  /** The security group of the interface endpoints: HTTPS from inside the VPC. Only when the platform creates the VPC. */
  public readonly endpointSecurityGroup?: ec2.SecurityGroup;

  /** The S3 gateway endpoint. Only when the platform creates the VPC. */
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps = {}) {
    super(scope, id);
    validateNetworkProps(props);

    if (props.vpc) {
      this.vpc = props.vpc;
      this.availabilityZones = props.availabilityZones ?? props.vpc.availabilityZones.slice(0, 2);
      validateBroughtVpc(props.vpc, this.availabilityZones);
      return;
    }

    const natGateways = props.natGateways ?? 2;
    if (natGateways === 1) {
      warn(this, 'SingleNatGateway',
        '`network.natGateways` is 1: outbound traffic of both zones leaves through zone 1, so losing ' +
        'zone 1 also cuts zone 2 off the internet. Use 2 (the default) to keep each zone independent.');
    }
    const mask = props.subnetCidrMask ?? DEFAULT_SUBNET_MASK;
    const cidr = props.cidr ?? DEFAULT_CIDR;
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      ...(props.availabilityZones ? { availabilityZones: props.availabilityZones } : { maxAzs: 2 }),
      natGateways,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: mask, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: mask },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: mask },
      ],
      restrictDefaultSecurityGroup: false,
    });
    this.vpc = vpc;
    this.availabilityZones = vpc.availabilityZones.slice(0, 2);
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

    // Flow logs go to a KMS-encrypted log group; CloudWatch Logs needs the key policy to use the key.
    this.flowLogKey = newTierKey(this, 'FlowLogKey', 'Encrypts the VPC flow logs of the MultiAzHaPlatform network');
    allowCloudWatchLogs(this.flowLogKey);
    this.flowLogGroup = newEncryptedLogGroup(this, 'FlowLogGroup', this.flowLogKey,
      props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR);
    this.flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    if (this.flowLog.iamRole) {
      acknowledgeComplianceOnGrantee(this.flowLog.iamRole, COMPLIANCE_PACKS, 'IAMNoInlinePolicy', INLINE_GRANT_POLICY_REASON);
    }

    this.s3Endpoint = vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    // One security group for all interface endpoints, open to the VPC's own range on 443 only.
    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'VPC interface endpoints: HTTPS from inside the VPC',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
    for (const [name, service] of INTERFACE_ENDPOINTS) {
      this.interfaceEndpoints[name] = vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        privateDnsEnabled: true,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [this.endpointSecurityGroup],
        open: false,
      });
    }
  }

  /** The public subnets of both zones (where the zone load balancers sit). */
  public get publicSubnets(): ec2.SubnetSelection {
    return { subnets: this.subnetsOf(ec2.SubnetType.PUBLIC, 'network.vpc') };
  }

  /** The isolated subnets of both zones (where the data stores sit). */
  public get isolatedSubnets(): ec2.SubnetSelection {
    return { subnets: this.subnetsOf(ec2.SubnetType.PRIVATE_ISOLATED, 'network.vpc') };
  }

  /** The private-with-egress subnet of one zone (0 = zone 1, 1 = zone 2): app servers and workers of that zone. */
  public privateSubnetOfZone(zoneIndex: number): ec2.SubnetSelection {
    return { subnets: [this.subnetsOf(ec2.SubnetType.PRIVATE_WITH_EGRESS, 'network.vpc')[zoneIndex]] };
  }

  /** The subnets of a type, one per platform zone, in zone order. */
  private subnetsOf(type: ec2.SubnetType, propPath: string): ec2.ISubnet[] {
    return subnetsPerZone(this.vpc, type, this.availabilityZones, propPath);
  }
}

function subnetsPerZone(vpc: ec2.IVpc, type: ec2.SubnetType, zones: string[], propPath: string): ec2.ISubnet[] {
  const subnets = vpc.selectSubnets({ subnetType: type }).subnets;
  return zones.map((zone, i) => {
    // Zones that are tokens (an environment-agnostic stack) follow the VPC's own zone order.
    const match = Token.isUnresolved(zone)
      ? subnets[i]
      : subnets.find((s) => s.availabilityZone === zone);
    if (!match) {
      fail(propPath, `have a ${type} subnet in each platform zone (${zones.join(', ')})`,
        subnets.map((s) => s.availabilityZone));
    }
    return match;
  });
}

function validateNetworkProps(props: PlatformNetworkProps): void {
  const zones = props.availabilityZones;
  if (zones !== undefined) {
    if (zones.length !== 2) {
      fail('network.availabilityZones', 'list exactly 2 availability zones', zones);
    }
    if (!zones.some(isToken) && zones[0] === zones[1]) {
      fail('network.availabilityZones', 'list 2 different availability zones', zones);
    }
  }
  checkInteger('network.natGateways', props.natGateways, 1, 2);
  // Six subnets need 3 bits below the largest VPC (/16).
  checkInteger('network.subnetCidrMask', props.subnetCidrMask, 19, 28);
  if (props.vpc) {
    const newVpcOnly = {
      cidr: props.cidr,
      natGateways: props.natGateways,
      subnetCidrMask: props.subnetCidrMask,
      flowLogRetention: props.flowLogRetention,
    };
    for (const [key, value] of Object.entries(newVpcOnly)) {
      if (value !== undefined) {
        fail(`network.${key}`, 'be left unset when `network.vpc` is given (it only shapes a new VPC)', value);
      }
    }
    return;
  }
  const cidr = props.cidr ?? DEFAULT_CIDR;
  if (isToken(cidr)) {
    return;
  }
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match || match.slice(1, 5).some((o) => Number(o) > 255) || Number(match[5]) < 16 || Number(match[5]) > 28) {
    fail('network.cidr', 'be an IPv4 CIDR block between /16 and /28 (VPC limits)', cidr);
  }
  const mask = props.subnetCidrMask ?? DEFAULT_SUBNET_MASK;
  const needed = mask - Math.ceil(Math.log2(SUBNET_COUNT));
  if (Number(match[5]) > needed) {
    fail('network.cidr', `be a /${needed} or larger to hold ${SUBNET_COUNT} subnets of /${mask} ` +
      '(or lower `network.subnetCidrMask`)', cidr);
  }
}

function validateBroughtVpc(vpc: ec2.IVpc, zones: string[]): void {
  if (zones.length < 2) {
    fail('network.vpc', 'span at least 2 availability zones', vpc.availabilityZones);
  }
  const types = [ec2.SubnetType.PUBLIC, ec2.SubnetType.PRIVATE_WITH_EGRESS, ec2.SubnetType.PRIVATE_ISOLATED];
  for (const type of types) {
    let subnets: ec2.ISubnet[];
    try {
      subnets = vpc.selectSubnets({ subnetType: type }).subnets;
    } catch {
      subnets = [];
    }
    if (subnets.length === 0) {
      fail('network.vpc', `have ${type} subnets in both platform zones`, `no ${type} subnets`);
    }
    subnetsPerZone(vpc, type, zones, 'network.vpc');
  }
}
