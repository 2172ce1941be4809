import { PlatformNetwork } from '../../network/platform-network';
import { ObservedTiers } from '../../observability/observed-tiers';

/** The tiers the model reads (MultiAzHaPlatform has them all): the observed tiers and the network. */
export interface PlatformTiers extends ObservedTiers {
  readonly network: PlatformNetwork;
}
