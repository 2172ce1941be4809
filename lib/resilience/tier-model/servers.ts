/** The servers family of the tier model: app server and worker groups, load balancers, target groups. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { LoadBalancerModel, ServerGroupModel, TargetGroupModel } from '../../report/model';

/** The app tier's and workers' groups, the zones' load balancers and target groups, as the report reads them. */
export function serversOfTiers(_ctx: TierContext, _tiers: PlatformTiers):
{ serverGroups: ServerGroupModel[]; loadBalancers: LoadBalancerModel[]; targetGroups: TargetGroupModel[] } {
  return { serverGroups: [], loadBalancers: [], targetGroups: [] };
}
