/** The database and cache families of the tier model. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { CacheModel, DatabaseModel } from '../../report/model';

/** The database tier's database (instance, replica, or Aurora cluster), as the report reads it. */
export function databasesOfTier(_ctx: TierContext, _tiers: PlatformTiers): DatabaseModel[] {
  return [];
}

/** The cache tier's replication group, as the report reads it. */
export function cachesOfTier(_ctx: TierContext, _tiers: PlatformTiers): CacheModel[] {
  return [];
}
