import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The NAT gateway a private subnet in `availabilityZone` routes through, in the platform's VPC: the zone's own, or
 * the VPC's single gateway (`network.natGateways` 1). aws-cdk-lib's NAT provider routes a subnet through its own
 * zone's gateway when there is one, else through the others in turn; the platform's VPC has one gateway per serving
 * zone or a single one, so no other case arises. Undefined when it does (no gateway for the zone, and not one only).
 * The network tier's NAT gateway metrics and the resilience check's egress both read it.
 */
export function natGatewayOfZone(gateways: ec2.GatewayConfig[], availabilityZone: string): ec2.GatewayConfig | undefined {
  return gateways.find((gateway) => gateway.az === availabilityZone) ?? (gateways.length === 1 ? gateways[0] : undefined);
}
