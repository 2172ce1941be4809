import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FIS_ACTIONS } from './drill-context';
import type { PlatformDrillsProps } from './platform-drills';
import { GROUP_NAME_TAG, subnetArn } from './zone-power-loss';
import { acknowledgeComplianceOnGrantee, acknowledgeOnGrantee, COMPLIANCE_PACKS, iam5Finding } from '../private/acknowledgements';
import { newServiceRole } from '../private/service-role';

/**
 * The role AWS FIS assumes to run the drills: the permissions each action of the AWS FIS actions reference lists,
 * narrowed to this platform's resources by ARN or by condition. See the statements' comments for what each allows.
 */
export function newDrillRole(scope: Construct, props: PlatformDrillsProps): iam.Role {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName?: string, arnFormat = ArnFormat.SLASH_RESOURCE_NAME) =>
    stack.formatArn({ service, resource, resourceName, arnFormat });

  const role = newServiceRole(scope, 'Role', 'Lets AWS FIS run the MultiAzHaPlatform drills, on this platform\'s resources only',
    { service: 'fis', resource: 'experiment' });

  const appGroups = props.zones.map((zone) => zone.appServers);
  const groups = [...appGroups, ...props.zones.flatMap((zone) => zone.workers ? [zone.workers] : [])];
  const anyInstance = arn('ec2', 'instance', '*');
  const anyNetworkAcl = arn('ec2', 'network-acl', '*');
  const anyKey = arn('kms', 'key', '*');
  const anyLogGroup = arn('logs', 'log-group', '*', ArnFormat.COLON_RESOURCE_NAME);
  const vpc = arn('ec2', 'vpc', props.vpc.vpcId);
  const statements = [
    // Zone drills: stop the zone's app servers and workers and start them again. Instances of the platform's groups only.
    new iam.PolicyStatement({
      sid: 'StopAndStartPlatformInstances',
      actions: ['ec2:StopInstances', 'ec2:StartInstances'],
      resources: [anyInstance],
      conditions: { StringEquals: { [`ec2:ResourceTag/${GROUP_NAME_TAG}`]: groupNames(groups) } },
    }),
    // App server drill: terminate one instance of the app server groups, nothing else.
    new iam.PolicyStatement({
      sid: 'TerminateAppServers',
      actions: ['ec2:TerminateInstances'],
      resources: [anyInstance],
      conditions: { StringEquals: { [`ec2:ResourceTag/${GROUP_NAME_TAG}`]: groupNames(appGroups) } },
    }),
    // Starting an instance with an encrypted EBS volume needs a grant on the volume's key, made by EC2 only.
    new iam.PolicyStatement({
      sid: 'RestartEncryptedVolumes',
      actions: ['kms:CreateGrant'],
      resources: [anyKey],
      conditions: {
        StringEquals: { 'kms:ViaService': `ec2.${stack.region}.${stack.urlSuffix}` },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
    // Zone drills: fail the launches of the platform's groups in the zone. InjectApiError has no resource type: the
    // FIS condition keys scope it to this action and these groups (AWS FIS User Guide, "Example: Use condition keys
    // for ec2:InjectApiError").
    new iam.PolicyStatement({
      sid: 'BlockPlatformGroupLaunches',
      actions: ['ec2:InjectApiError'],
      resources: ['*'],
      conditions: {
        'StringEquals': { 'ec2:FisActionId': [FIS_ACTIONS.asgInsufficientCapacity] },
        'ForAllValues:ArnLike': { 'ec2:FisTargetArns': groups.map((group) => group.autoScalingGroupArn) },
      },
    }),
    ...networkAclStatements(scope, props, anyNetworkAcl, vpc),
    ...storeStatements(props),
    // Log delivery to the drills' log group; the resource policy it needs is declared with the log group.
    new iam.PolicyStatement({
      sid: 'FindExperimentLogGroup',
      actions: ['logs:DescribeLogGroups'],
      resources: [anyLogGroup],
    }),
    new iam.PolicyStatement({
      sid: 'ApisWithoutResourceLevelPermissions',
      actions: [...new Set([
        ...READS,
        ...(props.databaseCluster ? ['rds:DescribeDBClusters'] : []),
        ...(props.databaseInstance ? ['rds:DescribeDBInstances'] : []),
        ...(props.cacheReplicationGroup ? ['elasticache:DescribeReplicationGroups'] : []),
        'logs:CreateLogDelivery',
        'logs:DescribeResourcePolicies',
      ])],
      resources: ['*'],
    }),
  ];
  statements.forEach((statement) => role.addToPrincipalPolicy(statement));
  acknowledgeRole(role, stack, { anyInstance, anyNetworkAcl, anyKey, anyLogGroup });
  return role;
}

/**
 * Zone drills: cut the zone's subnets. FIS creates a copy of the subnet's network ACL tagged managedByFIS=true, fills it
 * with deny entries, swaps it in, and deletes it after (AWSFaultInjectionSimulatorNetworkAccess, narrowed to this
 * account, Region and VPC, and to the zones' subnets).
 */
function networkAclStatements(scope: Construct, props: PlatformDrillsProps, anyNetworkAcl: string, vpc: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'CreateFisNetworkAcl',
      actions: ['ec2:CreateNetworkAcl'],
      resources: [anyNetworkAcl],
      conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } },
    }),
    new iam.PolicyStatement({
      sid: 'CreateFisNetworkAclInPlatformVpc',
      actions: ['ec2:CreateNetworkAcl'],
      resources: [vpc],
    }),
    new iam.PolicyStatement({
      sid: 'TagFisNetworkAcl',
      actions: ['ec2:CreateTags'],
      resources: [anyNetworkAcl],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' } },
    }),
    new iam.PolicyStatement({
      sid: 'ChangeFisNetworkAcl',
      actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
      resources: [anyNetworkAcl, vpc],
      conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
    }),
    new iam.PolicyStatement({
      sid: 'SwapNetworkAclOfZoneSubnets',
      actions: ['ec2:ReplaceNetworkAclAssociation'],
      resources: [...props.zones.flatMap((zone) => zone.subnets.map((subnet) => subnetArn(scope, subnet.subnetId))), anyNetworkAcl],
    }),
  ];
}

/** Read APIs the actions list, none of which has resource-level permissions. */
const READS = [
  'ec2:DescribeInstances', 'autoscaling:DescribeAutoScalingGroups',
  'ec2:DescribeSubnets', 'ec2:DescribeNetworkAcls', 'ec2:DescribeVpcs', 'ec2:DescribeManagedPrefixLists',
  'tag:GetResources',
];

function groupNames(groups: autoscaling.AutoScalingGroup[]): string[] {
  return groups.map((group) => group.autoScalingGroupName);
}

/** Fail over the given database, interrupt the given cache: each by its own ARN. */
function storeStatements(props: PlatformDrillsProps): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  if (props.databaseCluster) {
    statements.push(new iam.PolicyStatement({
      sid: 'FailOverPlatformDatabase',
      actions: ['rds:FailoverDBCluster'],
      resources: [props.databaseCluster.clusterArn],
    }));
  }
  if (props.databaseInstance) {
    statements.push(new iam.PolicyStatement({
      sid: 'RebootPlatformDatabase',
      actions: ['rds:RebootDBInstance'],
      resources: [props.databaseInstance.instanceArn],
    }));
  }
  const cache = props.cacheReplicationGroup;
  if (cache) {
    statements.push(new iam.PolicyStatement({
      sid: 'InterruptPlatformCache',
      actions: ['elasticache:InterruptClusterAzPower'],
      resources: [Stack.of(cache).formatArn({
        service: 'elasticache', resource: 'replicationgroup', resourceName: cache.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    }));
  }
  return statements;
}

/** The wildcards of the role's policy, each acknowledged with the reason a security reviewer reads. */
function acknowledgeRole(role: iam.Role, stack: Stack,
  wildcards: { anyInstance: string; anyNetworkAcl: string; anyKey: string; anyLogGroup: string }): void {
  const finding = (resource: string) => iam5Finding(stack, resource);
  acknowledgeOnGrantee(role, finding('*'),
    'AWS FIS calls these for the drills, and none has resource-level permissions: reads (ec2:DescribeInstances, ' +
    'DescribeSubnets, DescribeNetworkAcls, DescribeVpcs, DescribeManagedPrefixLists, autoscaling:DescribeAutoScalingGroups, ' +
    'rds:Describe*, elasticache:DescribeReplicationGroups, tag:GetResources, logs:DescribeResourcePolicies), ' +
    'logs:CreateLogDelivery (the experiment log; the role cannot write resource policies), and ec2:InjectApiError, ' +
    'limited by the ec2:FisActionId and ec2:FisTargetArns conditions to launch errors of the platform\'s own Auto ' +
    'Scaling groups.');
  acknowledgeOnGrantee(role, finding(wildcards.anyInstance),
    'Auto Scaling launches and replaces the instances, so their IDs are unknown at deploy time: stopping, starting ' +
    'and terminating is limited by the ec2:ResourceTag/aws:autoscaling:groupName condition to instances of the ' +
    'platform\'s own groups (terminating to the app server groups).');
  acknowledgeOnGrantee(role, finding(wildcards.anyNetworkAcl),
    'AWS FIS cuts a zone by swapping in a copy of a subnet\'s network ACL, whose ID exists only during the drill: ' +
    'creating, tagging, filling and deleting are limited to ACLs tagged managedByFIS=true in the platform\'s VPC, and ' +
    'the swap to the zones\' own subnets (AWSFaultInjectionSimulatorNetworkAccess, narrowed to this account and Region).');
  acknowledgeOnGrantee(role, finding(wildcards.anyKey),
    'Starting a stopped instance whose EBS volume is encrypted needs a grant on the volume\'s key, which is the ' +
    'account\'s EBS default key (not known to the stack): limited to grants EC2 makes for AWS resources ' +
    '(kms:ViaService, kms:GrantIsForAWSResource).');
  acknowledgeOnGrantee(role, finding(wildcards.anyLogGroup),
    'CloudWatch Logs requires the log-group:* wildcard on logs:DescribeLogGroups for vended log delivery ("Logs sent ' +
    'to CloudWatch Logs"); it only lists log groups of this account and Region.');
  acknowledgeComplianceOnGrantee(role, COMPLIANCE_PACKS, 'IAMNoInlinePolicy',
    'This DefaultPolicy is the drills\' experiment role\'s own policy, attached to that role alone and assumable only ' +
    'by AWS FIS experiments of this account and Region. Each statement is scoped to the platform\'s resources (each ' +
    'wildcard is acknowledged under AwsSolutions-IAM5), and it changes only through this stack, where CloudFormation ' +
    'change sets, drift detection and rollback version it. A customer managed policy would add reuse by other ' +
    'identities, which a fault-injection policy must not have.');
}

