/** The search and messaging families of the tier model: the tiers that keep a quorum across three zones. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { MessagingTier } from '../../messaging/messaging-tier';
import { BrokerModel, SearchModel } from '../../report/model';
import { SearchTier } from '../../search/search-tier';

/** The search tier's domain and the messaging tier's broker, as the report reads them. */
export function searchAndBrokersOfTiers(ctx: TierContext, tiers: PlatformTiers): { searchDomains: SearchModel[]; brokers: BrokerModel[] } {
  return {
    searchDomains: tiers.search ? [searchDomainOf(ctx, tiers.search)] : [],
    brokers: tiers.messaging ? [brokerOf(ctx, tiers.messaging)] : [],
  };
}

function searchDomainOf(ctx: TierContext, search: SearchTier): SearchModel {
  return {
    logicalId: ctx.logicalIdOf(search.domain),
    dataNodes: ctx.num(search.dataNodes) ?? 1,
    dataNodeType: ctx.str(search.dataNodeType),
    masterNodes: ctx.num(search.masterNodes) ?? 3,
    masterNodeType: ctx.str(search.masterNodeType),
    zoneAwareness: search.zoneAwareness,
    availabilityZoneCount: search.zoneAwareness ? search.availabilityZoneCount : 1,
    multiAzWithStandby: search.multiAzWithStandby,
    volumeGiB: ctx.num(search.volumeSizeGiB) ?? 0,
    volumeType: ctx.str(search.volumeType),
    zones: ctx.zonesOfSubnets(search.subnets),
  };
}

function brokerOf(ctx: TierContext, messaging: MessagingTier): BrokerModel {
  return {
    logicalId: ctx.logicalIdOf(messaging.broker),
    engine: messaging.engineType,
    deploymentMode: messaging.deploymentMode,
    hostInstanceType: ctx.str(messaging.hostInstanceType),
    engineVersion: ctx.str(messaging.engineVersion),
    quorumQueuesByDefault: messaging.quorumQueuesByDefault,
    nodes: messaging.nodeCount,
    zones: ctx.zonesOfSubnets(messaging.subnets),
  };
}
