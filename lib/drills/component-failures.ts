import { Aws } from 'aws-cdk-lib';
import * as fis from 'aws-cdk-lib/aws-fis';
import { Construct } from 'constructs';
import { DrillContext, FIS_ACTIONS, FIS_RESOURCE_TYPES, taggedTarget } from './drill-context';
import { durationText, newDrillTemplate } from './drill-template';
import { STACK_NAME_TAG } from './zone-power-loss';

/**
 * The loss of one app server: AWS FIS terminates one running app server, chosen at random among both zones'
 * (`aws:ec2:terminate-instances`, `COUNT(1)`). The app servers are found by the tag CloudFormation puts on every
 * instance of the stack's Auto Scaling groups, narrowed to instances holding all of the app servers' security
 * groups; the role may terminate only instances of the app server groups, whatever the target resolves to.
 */
export function appServerLossTemplate(scope: Construct, context: DrillContext): fis.CfnExperimentTemplate {
  const groups = context.props.zones.map((zone) => zone.appServers);
  const securityGroupIds = [...new Set(groups.flatMap((group) => group.connections.securityGroups.map((sg) => sg.securityGroupId)))];
  return newDrillTemplate(scope, context, {
    scenario: 'app-server',
    summary: 'terminates one running app server, chosen at random in either zone; Auto Scaling replaces it.',
    targets: {
      AppServers: {
        resourceType: FIS_RESOURCE_TYPES.instance,
        // The deployed stack's name (not the synthesized one): CloudFormation tags the groups with it.
        resourceTags: { [STACK_NAME_TAG]: Aws.STACK_NAME },
        filters: [
          { path: 'State.Name', values: ['running'] },
          // One filter per security group (filters are ANDed): an instance must hold every one of the app servers'.
          ...securityGroupIds.map((id) => ({ path: 'NetworkInterfaces.Groups.GroupId', values: [id] })),
        ],
        selectionMode: 'COUNT(1)',
      },
    },
    actions: {
      'Terminate-App-Server': {
        actionId: FIS_ACTIONS.terminateInstances,
        description: 'Terminate one app server',
        targets: { Instances: 'AppServers' },
      },
    },
    emptyTargetResolutionMode: 'fail',
  });
}

/**
 * The failover of the database primary, wherever it is: the Aurora writer fails over to a reader
 * (`aws:rds:failover-db-cluster`), or the Multi-AZ DB instance reboots with failover to its standby
 * (`aws:rds:reboot-db-instances`, `forceFailover`). Only when there is a database.
 */
export function databasePrimaryFailoverTemplate(scope: Construct, context: DrillContext): fis.CfnExperimentTemplate | undefined {
  const props = context.props;
  if (!props.databaseCluster && !props.databaseInstance) {
    return undefined;
  }
  const aurora = props.databaseCluster !== undefined;
  return newDrillTemplate(scope, context, {
    scenario: 'database-primary',
    summary: aurora
      ? 'fails the Aurora writer over to a reader in the other zone.'
      : 'reboots the Multi-AZ DB instance with failover to its standby in the other zone.',
    targets: {
      Database: taggedTarget(context, aurora ? FIS_RESOURCE_TYPES.dbCluster : FIS_RESOURCE_TYPES.dbInstance),
    },
    actions: aurora
      ? {
        'Fail-Over-Database': {
          actionId: FIS_ACTIONS.failoverDbCluster,
          description: 'Fail the Aurora writer over to a reader',
          targets: { Clusters: 'Database' },
        },
      }
      : {
        'Fail-Over-Database': {
          actionId: FIS_ACTIONS.rebootDbInstances,
          description: 'Reboot the Multi-AZ DB instance with failover to its standby',
          parameters: { forceFailover: 'true' },
          targets: { DBInstances: 'Database' },
        },
      },
    emptyTargetResolutionMode: 'fail',
  });
}

/**
 * The failover of the cache primary. AWS FIS has no ElastiCache action but the power interruption of a zone's nodes,
 * so this drill powers off the replication group's nodes in zone 1, where the platform places the primary: the
 * primary fails over to the replica in zone 2, and no node is replaced in zone 1 for the duration. Nothing else is
 * touched. Only when there is a cache.
 */
export function cachePrimaryFailoverTemplate(scope: Construct, context: DrillContext): fis.CfnExperimentTemplate | undefined {
  const cache = context.props.cacheReplicationGroup;
  if (!cache) {
    return undefined;
  }
  const zone1 = context.props.zones[0].availabilityZone;
  return newDrillTemplate(scope, context, {
    scenario: 'cache-primary',
    summary: `powers off the cache nodes in zone 1 (${zone1}), where the primary is placed, for ${durationText(context)}: ` +
      'the primary fails over to zone 2 (FIS has no other cache failover action).',
    targets: {
      Cache: taggedTarget(context, FIS_RESOURCE_TYPES.replicationGroup, { availabilityZoneIdentifier: zone1 }),
    },
    actions: {
      'Power-Off-Zone-1-Cache-Nodes': {
        actionId: FIS_ACTIONS.interruptCacheAzPower,
        description: 'Power off the cache nodes in zone 1; the primary fails over to zone 2',
        parameters: { duration: context.duration.toIsoString() },
        targets: { ReplicationGroups: 'Cache' },
      },
    },
    emptyTargetResolutionMode: 'fail',
  });
}
