import { AppTier } from '../app-tier/app-tier';
import { CacheTier } from '../cache/cache-tier';
import { DatabaseTier } from '../database/database-tier';
import { GlobalDns } from '../dns/global-dns';
import { MessagingTier } from '../messaging/messaging-tier';
import { SearchTier } from '../search/search-tier';
import { StorageTier } from '../storage/storage-tier';
import { WorkerTier } from '../workers/worker-tier';

/** The tiers the observability constructs watch. A tier left out gets no alarm, panel or row. */
export interface ObservedTiers {
  /** The app tier: the load balancer and app servers of each zone. */
  readonly appTier: AppTier;
  /** The global DNS (its health checks are on the dashboard: Route 53 publishes their metrics in us-east-1 only). */
  readonly dns: GlobalDns;
  /**
   * The workers.
   * @default - none
   */
  readonly workers?: WorkerTier;
  /**
   * The database.
   * @default - none
   */
  readonly database?: DatabaseTier;
  /**
   * The cache.
   * @default - none
   */
  readonly cache?: CacheTier;
  /**
   * The search cluster.
   * @default - none
   */
  readonly search?: SearchTier;
  /**
   * The message broker.
   * @default - none
   */
  readonly messaging?: MessagingTier;
  /**
   * Object storage (dashboard only).
   * @default - none
   */
  readonly storage?: StorageTier;
}
