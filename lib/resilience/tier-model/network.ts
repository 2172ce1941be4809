/** The network family of the tier model: subnets and their kind, NAT gateways and the egress they give. */
import { Reference, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { EgressModel, NatGatewayModel, SubnetKind, SubnetModel } from '../../report/model';
import { NetworkModel } from '../../report/read-network';
import { unique } from '../../report/template-values';

/** The network tier's subnets, NAT gateways and egress, as the report reads them from the template. */
export function networkOfTiers(ctx: TierContext, tiers: PlatformTiers): NetworkModel {
  const network = tiers.network;
  const vpc = network.vpc;
  const kinds: Array<[SubnetKind, ec2.ISubnet[]]> = [
    ['public', vpc.publicSubnets],
    ['private', vpc.privateSubnets],
    // A brought VPC's quorum subnet is one of its isolated subnets.
    ['isolated', unique([...vpc.isolatedSubnets, ...(network.quorumSubnet ? [network.quorumSubnet] : [])])],
  ];
  // A brought VPC's imported subnets are not in the template: the report does not see them; the model names them by ID.
  const subnets: SubnetModel[] = kinds.flatMap(([kind, ofKind]) => ofKind.map((subnet) => ({
    logicalId: ctx.inStack(subnet) ? ctx.logicalIdOf(subnet) : subnet.subnetId,
    zone: ctx.zoneOfSubnet(subnet),
    kind,
  })));

  const gateways = network.natGatewayProvider?.configuredGateways ?? [];
  const natGateways: NatGatewayModel[] = gateways.map((gateway) => ({
    logicalId: logicalIdOfRef(ctx, gateway.gatewayId),
    zone: ctx.zoneOf(gateway.az),
  }));
  // The NAT provider routes a private subnet through its own zone's gateway, else through another (round-robin): the
  // platform's VPC has one gateway per serving zone, or a single one, which every private subnet then uses.
  const egress: EgressModel[] = natGateways.length === 0 ? [] : vpc.privateSubnets.filter(ctx.inStack)
    .map((subnet) => {
      const zone = ctx.zoneOf(subnet.availabilityZone);
      const nat = natGateways.find((gateway) => gateway.zone === zone) ?? natGateways[0];
      return { subnetId: ctx.logicalIdOf(subnet), zone, natGatewayId: nat.logicalId };
    });
  return { subnets, natGateways, egress };
}

/** The logical ID of the resource an identifier token (`Ref`) refers to. */
function logicalIdOfRef(ctx: TierContext, id: string): string {
  const token = Tokenization.reverse(id);
  if (!(token instanceof Reference)) {
    throw new Error(`${id} does not refer to a resource of the template`);
  }
  return ctx.logicalIdOf(token.target);
}
