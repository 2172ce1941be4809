/** The search and messaging families of the tier model: the tiers that keep a quorum across three zones. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { BrokerModel, SearchModel } from '../../report/model';

/** The search tier's domain, as the report reads it. */
export function searchDomainsOfTier(_ctx: TierContext, _tiers: PlatformTiers): SearchModel[] {
  return [];
}

/** The messaging tier's broker, as the report reads it. */
export function brokersOfTier(_ctx: TierContext, _tiers: PlatformTiers): BrokerModel[] {
  return [];
}
