import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { PlatformNetworkProps } from './platform-network';
import { checkInteger, fail, isToken } from '../private/validation';

/** The network tier's defaults, and the subnets a new VPC's range must hold, that the checks compare with. */
export interface NetworkDefaults {
  readonly cidr: string;
  readonly subnetCidrMask: number;
  readonly subnetCount: number;
}

/** Checks the network tier's props before any child is created. Paths are relative to the tier's own props. */
export function validateNetworkProps(props: PlatformNetworkProps, region: string, defaults: NetworkDefaults): void {
  const zones = props.availabilityZones;
  if (zones !== undefined && !Array.isArray(zones)) {
    fail('availabilityZones', 'be a list of 2 availability zone names', zones);
  }
  const regionKnown = !Token.isUnresolved(region);
  const checkRegion = (propPath: string, zone: string) => {
    if (typeof zone !== 'string') {
      fail(propPath, 'be an availability zone name', zone);
    }
    if (regionKnown && !isToken(zone) && !zone.startsWith(region)) {
      fail(propPath, `be a zone of the stack's region (${region})`, zone);
    }
  };
  zones?.forEach((zone, i) => checkRegion(`availabilityZones[${i}]`, zone));
  const quorum = props.quorumAvailabilityZone;
  if (quorum !== undefined) {
    checkRegion('quorumAvailabilityZone', quorum);
    if (props.quorumZoneEnabled === false) {
      fail('quorumAvailabilityZone', 'be left unset when `.quorumZoneEnabled` is false', quorum);
    }
  }
  if (zones !== undefined) {
    if (zones.length !== 2) {
      fail('availabilityZones', 'list exactly 2 availability zones', zones);
    }
    if (!zones.some(isToken) && zones[0] === zones[1]) {
      fail('availabilityZones', 'list 2 different availability zones', zones);
    }
  }
  checkInteger('natGateways', props.natGateways, 1, 2);
  // Six subnets need 3 bits below the largest VPC (/16).
  checkInteger('subnetCidrMask', props.subnetCidrMask, 19, 28);
  if (props.vpc) {
    const newVpcOnly = {
      cidr: props.cidr,
      natGateways: props.natGateways,
      subnetCidrMask: props.subnetCidrMask,
      flowLogRetention: props.flowLogRetention,
    };
    for (const [key, value] of Object.entries(newVpcOnly)) {
      if (value !== undefined) {
        fail(key, 'be left unset when `.vpc` is given (it only shapes a new VPC)', value);
      }
    }
    return;
  }
  const cidr = props.cidr ?? defaults.cidr;
  if (isToken(cidr)) {
    return;
  }
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match || match.slice(1, 5).some((o) => Number(o) > 255) || Number(match[5]) < 16 || Number(match[5]) > 28) {
    fail('cidr', 'be an IPv4 CIDR block between /16 and /28 (VPC limits)', cidr);
  }
  const mask = props.subnetCidrMask ?? defaults.subnetCidrMask;
  const needed = mask - Math.ceil(Math.log2(defaults.subnetCount));
  if (Number(match[5]) > needed) {
    fail('cidr', `be a /${needed} or larger to hold ${defaults.subnetCount} subnets of /${mask} ` +
      '(or lower `.subnetCidrMask`)', cidr);
  }
}

/** Checks a brought VPC has the subnets the platform places its tiers in, in both platform zones. */
export function validateBroughtVpc(vpc: ec2.IVpc, zones: string[]): void {
  if (zones.length < 2) {
    fail('vpc', 'span at least 2 availability zones', vpc.availabilityZones);
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
      fail('vpc', `have ${type} subnets in both platform zones`, `no ${type} subnets`);
    }
    subnetsPerZone(vpc, type, zones, 'vpc');
  }
}

/** Checks the quorum zone, when named, is not one of the serving zones. */
export function checkQuorumZoneIsNotServing(quorum: string | undefined, serving: string[]): void {
  if (quorum !== undefined && !isToken(quorum) && serving.includes(quorum)) {
    fail('quorumAvailabilityZone', `be a zone other than the two serving zones (${serving.join(', ')})`, quorum);
  }
}

/** The subnets of a type, one per platform zone in zone order; fails, naming `propPath`, when a zone has none. */
export function subnetsPerZone(vpc: ec2.IVpc, type: ec2.SubnetType, zones: string[], propPath: string): ec2.ISubnet[] {
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
