/** The search and messaging families of the tier model: the tiers that keep a quorum across three zones. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { BrokerModel, SearchModel } from '../../report/model';

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
    zones: ctx.zonesOfSubnets(search.subnets),
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
    zones: ctx.zonesOfSubnets(messaging.subnets),
  }];
}
