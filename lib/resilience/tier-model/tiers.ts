import { AppTier } from '../../app-tier/app-tier';
import { CacheTier } from '../../cache/cache-tier';
import { DatabaseTier } from '../../database/database-tier';
import { GlobalDns } from '../../dns/global-dns';
import { MessagingTier } from '../../messaging/messaging-tier';
import { PlatformNetwork } from '../../network/platform-network';
import { SearchTier } from '../../search/search-tier';
import { StorageTier } from '../../storage/storage-tier';
import { WorkerTier } from '../../workers/worker-tier';

/** The tiers the model reads (MultiAzHaPlatform has them all): the optional ones are there when enabled. */
export interface PlatformTiers {
  readonly network: PlatformNetwork;
  readonly appTier: AppTier;
  readonly dns: GlobalDns;
  readonly workers?: WorkerTier;
  readonly database?: DatabaseTier;
  readonly cache?: CacheTier;
  readonly search?: SearchTier;
  readonly messaging?: MessagingTier;
  readonly storage?: StorageTier;
}
