/** The network family of the tier model: subnets and their kind, NAT gateways and the egress they give. */
import { Reference, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { natGatewayOfZone } from '../../private/nat-gateways';
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
  const egress: EgressModel[] = vpc.privateSubnets.filter(ctx.inStack).flatMap((subnet) => {
    const gateway = natGatewayOfZone(gateways, subnet.availabilityZone);
    return gateway
      ? [{ subnetId: ctx.logicalIdOf(subnet), zone: ctx.zoneOf(subnet.availabilityZone), natGatewayId: logicalIdOfRef(ctx, gateway.gatewayId) }]
      : [];
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
