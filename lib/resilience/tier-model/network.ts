/** The network family of the tier model: subnets and their kind, NAT gateways and the egress they give. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { NetworkModel } from '../../report/read-network';

/** The network tier's subnets, NAT gateways and egress, as the report reads them from the template. */
export function networkOfTiers(_ctx: TierContext, _tiers: PlatformTiers): NetworkModel {
  return { subnets: [], natGateways: [], egress: [] };
}
