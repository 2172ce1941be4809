import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as fis from 'aws-cdk-lib/aws-fis';
import { Construct } from 'constructs';
import { DrillContext, FIS_ACTIONS, FIS_RESOURCE_TYPES, taggedTarget } from './drill-context';
import { durationText, newDrillTemplate } from './drill-template';

type Target = fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty;
type Action = fis.CfnExperimentTemplate.ExperimentTemplateActionProperty;

/** The tag EC2 Auto Scaling puts on every instance it launches, naming its group. */
export const GROUP_NAME_TAG = 'aws:autoscaling:groupName';
/** The tag CloudFormation puts on every Auto Scaling group it creates and on the group's instances. */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

/** The running instances of one Auto Scaling group in one zone (the group's tag, the zone's placement). */
export function instancesOf(group: autoscaling.AutoScalingGroup, zone: string): Target {
  return {
    resourceType: FIS_RESOURCE_TYPES.instance,
    resourceTags: { [GROUP_NAME_TAG]: group.autoScalingGroupName },
    filters: [
      { path: 'State.Name', values: ['running'] },
      { path: 'Placement.AvailabilityZone', values: [zone] },
    ],
    selectionMode: 'ALL',
  };
}

/** One Auto Scaling group: its stack's tag, narrowed to the group by name (its ARN holds a UUID only AWS knows). */
function groupOf(group: autoscaling.AutoScalingGroup): Target {
  return {
    resourceType: FIS_RESOURCE_TYPES.autoScalingGroup,
    // The deployed stack's name (not the synthesized one): CloudFormation tags the groups with it.
    resourceTags: { [STACK_NAME_TAG]: Aws.STACK_NAME },
    filters: [{ path: 'AutoScalingGroupName', values: [group.autoScalingGroupName] }],
    selectionMode: 'ALL',
  };
}

/** The ARN of a subnet, the way AWS FIS targets it. */
export function subnetArn(scope: Construct, subnetId: string): string {
  return Stack.of(scope).formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnetId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * The loss of one serving zone, after AWS FIS's "AZ Availability: Power Interruption" scenario
 * (https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html): every action starts at once and
 * lasts the drill's duration.
 * - The zone's app servers and workers are stopped (`aws:ec2:stop-instances`) and started again after the duration;
 *   `completeIfInstancesTerminated`, because Auto Scaling replaces stopped instances and the action must not fail
 *   when it finds them gone.
 * - Auto Scaling cannot launch into the zone (`aws:ec2:asg-insufficient-instance-capacity-error`, 100 % of launches):
 *   the groups are pinned to the zone, so its capacity stays lost for the duration, as in a real outage.
 * - The zone's subnets lose all traffic in and out (`aws:network:disrupt-connectivity`, scope `all`: FIS swaps in a
 *   deny-all copy of each subnet's network ACL, tagged `managedByFIS=true`, and restores the original after).
 * - The database fails over out of the zone, only if its writer (Aurora, target parameter
 *   `writerAvailabilityZoneIdentifiers`) or its primary (Multi-AZ DB instance, `availabilityZoneIdentifiers`,
 *   rebooted with `forceFailover`) is there; otherwise the target is empty and the action is skipped.
 * - The cache nodes in the zone lose power (`aws:elasticache:replicationgroup-interrupt-az-power`): a primary there
 *   fails over to a replica in the other zone, and no node is replaced in the zone for the duration.
 */
export function zonePowerLossTemplate(scope: Construct, context: DrillContext, zoneIndex: number): fis.CfnExperimentTemplate {
  const props = context.props;
  const zone = props.zones[zoneIndex];
  const az = zone.availabilityZone;
  const duration = context.duration.toIsoString();
  const targets: Record<string, Target> = {};
  const actions: Record<string, Action> = {};
  const did: string[] = [];

  const fleets: Array<[string, autoscaling.AutoScalingGroup | undefined]> = [['AppServers', zone.appServers], ['Workers', zone.workers]];
  for (const [name, group] of fleets) {
    if (!group) {
      continue;
    }
    targets[name] = instancesOf(group, az);
    targets[`${name}Group`] = groupOf(group);
    actions[`Stop-${name}`] = {
      actionId: FIS_ACTIONS.stopInstances,
      description: `Stop the zone's ${name === 'AppServers' ? 'app servers' : 'workers'}; start them again after the drill`,
      parameters: { startInstancesAfterDuration: duration, completeIfInstancesTerminated: 'true' },
      targets: { Instances: name },
    };
    actions[`Block-${name}-Launches`] = {
      actionId: FIS_ACTIONS.asgInsufficientCapacity,
      description: 'Fail every launch of the group in the zone with InsufficientInstanceCapacity',
      parameters: { availabilityZoneIdentifiers: az, duration, percentage: '100' },
      targets: { AutoScalingGroups: `${name}Group` },
    };
  }
  did.push(zone.workers ? 'stops its app servers and workers' : 'stops its app servers');

  targets.Subnets = {
    resourceType: FIS_RESOURCE_TYPES.subnet,
    resourceArns: zone.subnets.map((subnet) => subnetArn(scope, subnet.subnetId)),
    selectionMode: 'ALL',
  };
  actions['Cut-Subnets'] = {
    actionId: FIS_ACTIONS.disruptConnectivity,
    description: 'Deny all traffic in and out of the zone\'s subnets',
    parameters: { scope: 'all', duration },
    targets: { Subnets: 'Subnets' },
  };
  did.push('cuts its subnets');

  addStoreFailovers(context, az, duration, targets, actions);
  const stores = [props.databaseCluster || props.databaseInstance ? 'the database' : undefined,
    props.cacheReplicationGroup ? 'the cache' : undefined].filter((store) => store !== undefined);
  if (stores.length > 0) {
    did.push(`fails ${stores.join(' and ')} over out of it`);
  }
  did.push('blocks launches there');

  return newDrillTemplate(scope, context, {
    scenario: zoneIndex === 0 ? 'zone-1-loss' : 'zone-2-loss',
    summary: `zone ${zoneIndex + 1} (${az}) ${joinList(did)}, for ${durationText(context)}, after AWS FIS's AZ power ` +
      'interruption scenario.',
    targets,
    actions,
    zoneUnderTest: zoneIndex,
    emptyTargetResolutionMode: 'skip',
  });
}

/** The zone drill's data store actions: the database fails over out of the zone, the cache nodes there lose power. */
function addStoreFailovers(context: DrillContext, az: string, duration: string, targets: Record<string, Target>,
  actions: Record<string, Action>): void {
  const props = context.props;
  if (props.databaseCluster) {
    targets.Database = taggedTarget(context, FIS_RESOURCE_TYPES.dbCluster, { writerAvailabilityZoneIdentifiers: az });
    actions['Fail-Over-Database'] = {
      actionId: FIS_ACTIONS.failoverDbCluster,
      description: 'Fail the Aurora writer over to a reader, if the writer is in the zone',
      targets: { Clusters: 'Database' },
    };
  } else if (props.databaseInstance) {
    targets.Database = taggedTarget(context, FIS_RESOURCE_TYPES.dbInstance, { availabilityZoneIdentifiers: az });
    actions['Fail-Over-Database'] = {
      actionId: FIS_ACTIONS.rebootDbInstances,
      description: 'Reboot the Multi-AZ DB instance with failover to its standby, if its primary is in the zone',
      parameters: { forceFailover: 'true' },
      targets: { DBInstances: 'Database' },
    };
  }
  if (props.cacheReplicationGroup) {
    targets.Cache = taggedTarget(context, FIS_RESOURCE_TYPES.replicationGroup, { availabilityZoneIdentifier: az });
    actions['Power-Off-Cache-Nodes'] = {
      actionId: FIS_ACTIONS.interruptCacheAzPower,
      description: 'Power off the cache nodes in the zone; a primary there fails over',
      parameters: { duration },
      targets: { ReplicationGroups: 'Cache' },
    };
  }
}

/** "a, b and c". */
function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
