/** The search and messaging families of the tier model: the tiers that keep a quorum across three zones. */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { BrokerModel, SearchModel, UNPLACED } from '../../report/model';
import { unique } from '../../report/template-values';

/** The search tier's domain, as the report reads it. */
export function searchDomainsOfTier(ctx: TierContext, tiers: PlatformTiers): SearchModel[] {
  const search = tiers.search;
  if (!search) {
    return [];
  }
  return [{
    logicalId: ctx.logicalIdOf(search.domain),
    dataNodes: search.dataNodes,
    dataNodeType: search.dataNodeType,
    masterNodes: search.masterNodes,
    masterNodeType: search.masterNodeType,
    zoneAwareness: search.zoneAwareness,
    availabilityZoneCount: search.zoneAwareness ? search.availabilityZoneCount : 1,
    multiAzWithStandby: search.multiAzWithStandby,
    volumeGiB: search.volumeSizeGiB,
    volumeType: search.volumeType,
    zones: zonesOfSubnets(ctx, search.subnets),
  }];
}

/** The messaging tier's broker, as the report reads it. */
export function brokersOfTier(ctx: TierContext, tiers: PlatformTiers): BrokerModel[] {
  const messaging = tiers.messaging;
  if (!messaging) {
    return [];
  }
  return [{
    logicalId: ctx.logicalIdOf(messaging.broker),
    engine: messaging.engineType,
    deploymentMode: messaging.deploymentMode,
    hostInstanceType: messaging.hostInstanceType,
    engineVersion: messaging.engineVersion,
    quorumQueuesByDefault: messaging.quorumQueuesByDefault,
    nodes: messaging.nodeCount,
    zones: zonesOfSubnets(ctx, messaging.subnets),
  }];
}

/**
 * Zones of subnets, without duplicates, as the report reads them: a subnet of the platform's stack has its zone, one
 * the template does not hold (imported, or in another stack) is {@link UNPLACED}.
 */
function zonesOfSubnets(ctx: TierContext, subnets: ec2.ISubnet[]): string[] {
  return unique(subnets.map((subnet) =>
    ec2.Subnet.isVpcSubnet(subnet) && Stack.of(subnet) === ctx.stack ? ctx.zoneOf(subnet.availabilityZone) : UNPLACED));
}
