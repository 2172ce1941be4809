/**
 * The serving side of the model: target groups and their health checks, load balancers and the zones they
 * send traffic to, and the Auto Scaling groups of app servers and workers.
 */
import { LoadBalancerModel, ServerGroupModel, TargetGroupModel, UNPLACED } from './model';
import { ReadContext } from './read-context';
import { CfnResource, isObject, list, num, propsOf, refOf, refsIn, str, unique } from './template-values';

/** AWS defaults of an ALB/NLB target group health check (instance or IP targets, HTTP/HTTPS). */
export const TARGET_GROUP_DEFAULTS = { intervalSeconds: 30, unhealthyThreshold: 2, healthyThreshold: 5 };

/** The servers of a template and what sends them traffic. */
export interface ServersModel {
  readonly targetGroups: TargetGroupModel[];
  readonly serverGroups: ServerGroupModel[];
  readonly loadBalancers: LoadBalancerModel[];
}

/** Reads target groups, Auto Scaling groups and load balancers (through listeners and rules to their target groups). */
export function readServers(ctx: ReadContext): ServersModel {
  const { targetGroups, lbTargetGroups } = readTargetGroups(ctx);
  const targetGroupIds = new Set(targetGroups.map((tg) => tg.logicalId));

  // Server groups.
  const serverGroups: ServerGroupModel[] = ctx.ofType('AWS::AutoScaling::AutoScalingGroup').map(([id, asg]) => {
    const p = propsOf(asg);
    const launch = launchSettings(ctx.resources, p);
    const tgs = refsIn(p.TargetGroupARNs).filter((tg) => targetGroupIds.has(tg));
    const zones = p.VPCZoneIdentifier !== undefined
      ? ctx.zonesOfSubnets(p.VPCZoneIdentifier)
      : unique(list(p.AvailabilityZones).map((az) => ctx.zoneOf(az) ?? UNPLACED));
    const minSize = num(p.MinSize);
    const tier: ServerGroupModel['tier'] = /worker/i.test(id) ? 'workers'
      : tgs.length > 0 || list(p.LoadBalancerNames).length > 0 ? 'app'
        : /app|web|server/i.test(id) ? 'app' : 'workers';
    return {
      logicalId: id,
      tier,
      zones: zones.length > 0 ? zones : [UNPLACED],
      count: num(p.DesiredCapacity) ?? minSize,
      minSize,
      maxSize: num(p.MaxSize),
      ...launch,
      targetGroupIds: tgs,
    };
  });

  const loadBalancers: LoadBalancerModel[] = ctx.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map(([id, lb]) => {
    const p = propsOf(lb);
    const subnets = p.Subnets !== undefined ? p.Subnets : list(p.SubnetMappings).map((mapping) => isObject(mapping) ? mapping.SubnetId : undefined);
    const tgs = [...(lbTargetGroups.get(id) ?? [])];
    return {
      logicalId: id,
      type: str(p.Type) ?? 'application',
      scheme: str(p.Scheme) ?? 'internet-facing',
      zones: ctx.zonesOfSubnets(subnets),
      targetGroupIds: tgs,
      targetZones: unique(serverGroups.filter((group) => group.targetGroupIds.some((tg) => tgs.includes(tg))).flatMap((group) => group.zones)),
    };
  });

  return { targetGroups, serverGroups, loadBalancers };
}

/** Target groups, and the target groups each load balancer forwards to (through its listeners and their rules). */
function readTargetGroups(ctx: ReadContext): { targetGroups: TargetGroupModel[]; lbTargetGroups: Map<string, Set<string>> } {
  const targetGroups: TargetGroupModel[] = ctx.ofType('AWS::ElasticLoadBalancingV2::TargetGroup').map(([id, tg]) => {
    const p = propsOf(tg);
    const interval = num(p.HealthCheckIntervalSeconds);
    const unhealthy = num(p.UnhealthyThresholdCount);
    return {
      logicalId: id,
      intervalSeconds: interval ?? TARGET_GROUP_DEFAULTS.intervalSeconds,
      unhealthyThreshold: unhealthy ?? TARGET_GROUP_DEFAULTS.unhealthyThreshold,
      healthyThreshold: num(p.HealthyThresholdCount) ?? TARGET_GROUP_DEFAULTS.healthyThreshold,
      defaulted: interval === undefined || unhealthy === undefined,
    };
  });
  const targetGroupIds = new Set(targetGroups.map((tg) => tg.logicalId));
  const listenerLb = new Map<string, string>();
  const lbTargetGroups = new Map<string, Set<string>>();
  const addLbTarget = (lb: string | undefined, actions: unknown) => {
    if (!lb) {
      return;
    }
    const set = lbTargetGroups.get(lb) ?? new Set<string>();
    refsIn(actions).filter((id) => targetGroupIds.has(id)).forEach((id) => set.add(id));
    lbTargetGroups.set(lb, set);
  };
  for (const [id, listener] of ctx.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = refOf(propsOf(listener).LoadBalancerArn);
    if (lb) {
      listenerLb.set(id, lb);
    }
    addLbTarget(lb, propsOf(listener).DefaultActions);
  }
  for (const [, rule] of ctx.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = refOf(propsOf(rule).ListenerArn);
    addLbTarget(listener && listenerLb.get(listener), propsOf(rule).Actions);
  }
  return { targetGroups, lbTargetGroups };
}

interface LaunchSettings {
  readonly instanceType?: string;
  readonly volumeGiB: number;
  readonly volumeType?: string;
}

/** Instance type and volumes of an Auto Scaling group's launch template, mixed instances policy or launch configuration. */
function launchSettings(resources: Record<string, CfnResource>, asg: Record<string, any>): LaunchSettings {
  const mixed = isObject(asg.MixedInstancesPolicy) && isObject(asg.MixedInstancesPolicy.LaunchTemplate)
    ? asg.MixedInstancesPolicy.LaunchTemplate : undefined;
  const spec = isObject(asg.LaunchTemplate) ? asg.LaunchTemplate
    : mixed && isObject(mixed.LaunchTemplateSpecification) ? mixed.LaunchTemplateSpecification : undefined;
  let data: Record<string, any> = {};
  if (spec) {
    const id = refsIn(spec.LaunchTemplateId ?? spec.LaunchTemplateName)[0];
    const launchTemplate = id ? resources[id] : undefined;
    const launchData = propsOf(launchTemplate).LaunchTemplateData;
    data = isObject(launchData) ? launchData : {};
  } else {
    const id = refOf(asg.LaunchConfigurationName);
    data = id ? propsOf(resources[id]) : {};
  }
  const override = mixed ? list(mixed.Overrides).filter(isObject).map((o) => str(o.InstanceType)).find(Boolean) : undefined;
  const volumes = list(data.BlockDeviceMappings).filter(isObject).map((mapping) => isObject(mapping.Ebs) ? mapping.Ebs : {});
  return {
    instanceType: override ?? str(data.InstanceType),
    volumeGiB: volumes.reduce((sum, ebs) => sum + (num(ebs.VolumeSize) ?? 0), 0),
    volumeType: volumes.length > 0 ? str(volumes[0].VolumeType) ?? 'gp2' : undefined,
  };
}

