import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/**
 * The security group of a data store (`SecurityGroup` in `scope`): no rule in and none out, so nothing reaches the
 * store until the platform allows a tier with `connections.allowDefaultPortFrom(peer)`, on `port`. The description is
 * part of the group's identity: changing it replaces the group.
 */
export function newClosedSecurityGroup(scope: Construct, vpc: ec2.IVpc, description: string, port: number):
{ securityGroup: ec2.SecurityGroup; connections: ec2.Connections } {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', { vpc, description, allowAllOutbound: false });
  return { securityGroup, connections: new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(port) }) };
}
