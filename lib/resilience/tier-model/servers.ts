/** The servers family of the tier model: app server and worker groups, load balancers, target groups. */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { ServerTier } from '../../private/server-tier';
import { LoadBalancerModel, ServerGroupModel, TargetGroupModel, UNPLACED } from '../../report/model';
import { TARGET_GROUP_DEFAULTS } from '../../report/read-servers';
import { unique } from '../../report/template-values';

/** The app tier's and workers' groups, the zones' load balancers and target groups, as the report reads them. */
export function serversOfTiers(ctx: TierContext, tiers: PlatformTiers):
{ serverGroups: ServerGroupModel[]; loadBalancers: LoadBalancerModel[]; targetGroups: TargetGroupModel[] } {
  const zoneLbs = tiers.appTier.zoneLoadBalancers;
  const targetGroups = zoneLbs.map((lb) => targetGroupOf(ctx, lb.targetGroup));
  const serverGroups = [
    // Each zone's load balancer sends to its own zone's group only.
    ...groupsOf(ctx, tiers.appTier, 'app', (zone) => [targetGroups[zone].logicalId]),
    ...(tiers.workers ? groupsOf(ctx, tiers.workers, 'workers', () => []) : []),
  ];
  const loadBalancers: LoadBalancerModel[] = zoneLbs.map((lb, zone) => {
    const targetGroupIds = [targetGroups[zone].logicalId];
    return {
      logicalId: ctx.logicalIdOf(lb.loadBalancer),
      type: 'application',
      scheme: lb.internetFacing ? 'internet-facing' : 'internal',
      zones: ctx.zonesRead(() => lb.availabilityZones),
      targetGroupIds,
      targetZones: unique(serverGroups.filter((group) => group.targetGroupIds.some((tg) => targetGroupIds.includes(tg)))
        .flatMap((group) => group.zones)),
    };
  });
  return { serverGroups, loadBalancers, targetGroups };
}

/** One zone's group per zone of a tier of servers. */
function groupsOf(ctx: TierContext, tier: ServerTier, kind: ServerGroupModel['tier'], targetGroupIds: (zone: number) => string[]):
ServerGroupModel[] {
  // The groups launch the first type while they can; the report counts and prices them as that type.
  const instanceType = ctx.str(tier.instanceTypes[0].toString());
  const zones = ctx.zonesRead(() => tier.availabilityZones);
  return tier.autoScalingGroups.map((asg, zone) => ({
    logicalId: ctx.logicalIdOf(asg),
    tier: kind,
    zones: [zones[zone] ?? UNPLACED],
    // No desired capacity: a group keeps its minimum.
    count: ctx.num(tier.minInstancesPerZone[zone]),
    minSize: ctx.num(tier.minInstancesPerZone[zone]),
    maxSize: ctx.num(tier.maxInstancesPerZone[zone]),
    instanceType,
    volumeGiB: ctx.num(tier.rootVolumeSizeGiB) ?? 0,
    volumeType: ctx.str(tier.rootVolumeType),
    targetGroupIds: targetGroupIds(zone),
  }));
}

/** A target group's health check, with AWS's defaults for what it leaves unset. */
function targetGroupOf(ctx: TierContext, targetGroup: elbv2.ApplicationTargetGroup): TargetGroupModel {
  const check = targetGroup.healthCheck;
  const interval = check.interval ? ctx.num(check.interval.toSeconds()) : undefined;
  const unhealthy = ctx.num(check.unhealthyThresholdCount);
  const healthy = ctx.num(check.healthyThresholdCount);
  return {
    logicalId: ctx.logicalIdOf(targetGroup),
    intervalSeconds: interval ?? TARGET_GROUP_DEFAULTS.intervalSeconds,
    unhealthyThreshold: unhealthy ?? TARGET_GROUP_DEFAULTS.unhealthyThreshold,
    healthyThreshold: healthy ?? TARGET_GROUP_DEFAULTS.healthyThreshold,
    defaulted: interval === undefined || unhealthy === undefined,
  };
}
