import { Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CREDENTIAL_ROTATION, MAX_IDENTIFIER_LENGTH, MONITORING_INTERVAL } from './database-defaults';
import { acknowledge } from '../private/acknowledgements';
import { KEEP_EXCEPT_ON_FAILED_CREATE, STACK_CREATION_ID_LENGTH, stackCreationId } from '../private/encrypted-logs';

/**
 * What the tier gives each topology to build on: the tier itself (the topology's children are the tier's, so their
 * construct IDs and logical IDs do not depend on which file builds them) and the settings and resources both share.
 */
export interface TopologyContext {
  readonly tier: Construct;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly subnetGroup: rds.SubnetGroup;
  readonly zone1: string;
  readonly zone2: string;
  readonly databaseName: string;
  readonly backupRetention: Duration;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly port: number;
  readonly maxConnections: number;
  readonly key: kms.Key;
  readonly credentials: rds.DatabaseSecret;
  readonly securityGroup: ec2.SecurityGroup;
  readonly rotationSecurityGroup: ec2.SecurityGroup;
  readonly monitoringRole: iam.Role;
}

/** What every topology hands back to the tier. */
export interface BuiltTopology {
  /** DB instance class of every instance, as RDS spells it (`db.` prefix). */
  readonly instanceType: string;
  readonly parameterGroup: rds.IParameterGroup;
  readonly instanceParameterGroup: rds.IParameterGroup;
  readonly writerEndpoint: rds.Endpoint;
  readonly readerEndpoint: rds.Endpoint;
  readonly logGroups: logs.LogGroup[];
  readonly secret: secretsmanager.ISecret;
  readonly rotation: secretsmanager.SecretRotation;
}

/** `db.m7g.2xlarge` -> the ec2.InstanceType `m7g.2xlarge` (aws-rds adds the `db.` prefix back). */
export function dbInstanceType(type: string): ec2.InstanceType {
  return new ec2.InstanceType(type.replace(/^db\./, ''));
}

/**
 * The settings the instances of every topology share: the tier's network, port and key, IAM sign-in, automatic
 * minor version upgrades (Aurora applies them only when the cluster and every instance allow it), maintenance,
 * Enhanced Monitoring, Performance Insights, deletion protection and a snapshot on removal.
 */
export function sharedDatabaseProps(ctx: TopologyContext) {
  return {
    vpc: ctx.vpc,
    vpcSubnets: ctx.subnets,
    subnetGroup: ctx.subnetGroup,
    securityGroups: [ctx.securityGroup],
    port: ctx.port,
    iamAuthentication: true,
    autoMinorVersionUpgrade: true,
    preferredMaintenanceWindow: ctx.maintenanceWindow,
    copyTagsToSnapshot: true,
    deleteAutomatedBackups: false,
    monitoringInterval: MONITORING_INTERVAL,
    monitoringRole: ctx.monitoringRole,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: ctx.key,
    deletionProtection: ctx.deletionProtection,
    removalPolicy: RemovalPolicy.SNAPSHOT,
  };
}

/**
 * Rotates the master secret every 30 days (CREDENTIAL_ROTATION) with a single-user rotation function in the
 * rotation security group and the tier's subnets, its path to the database pinned to the database port.
 */
export function addCredentialRotation(ctx: TopologyContext,
  database: rds.DatabaseInstance | rds.DatabaseCluster): secretsmanager.SecretRotation {
  const rotation = database.addRotationSingleUser({
    automaticallyAfter: CREDENTIAL_ROTATION,
    securityGroup: ctx.rotationSecurityGroup,
    vpcSubnets: ctx.subnets,
  });
  pinRotationPort(ctx);
  return rotation;
}

/**
 * The rotation opens the path from its function to the database on the database's default port, which aws-rds
 * gives as the instance's or cluster's Endpoint.Port attribute. The port is known at synth (`port`): write it as a number
 * in both rules, so they say what they allow without a deploy-time lookup, and rule checkers (cdk-nag's EC2
 * port rules) can read them.
 */
function pinRotationPort(ctx: TopologyContext): void {
  const rules = [...ctx.securityGroup.node.children, ...ctx.rotationSecurityGroup.node.children]
    .filter((c): c is ec2.CfnSecurityGroupIngress | ec2.CfnSecurityGroupEgress =>
      c instanceof ec2.CfnSecurityGroupIngress || c instanceof ec2.CfnSecurityGroupEgress);
  for (const rule of rules) {
    if (Token.isUnresolved(rule.fromPort) || Token.isUnresolved(rule.toPort)) {
      rule.fromPort = ctx.port;
      rule.toPort = ctx.port;
    }
  }
}

/**
 * A log group named the way RDS names an export's group, created before the database so it carries the tier
 * key and a retention (RDS would otherwise create it unencrypted, kept forever). Kept when the stack is deleted,
 * except when the stack's first deployment rolls back.
 */
export function exportedLogGroup(ctx: TopologyContext, id: string, logGroupName: string): logs.LogGroup {
  return new logs.LogGroup(ctx.tier, id, {
    logGroupName,
    encryptionKey: ctx.key,
    retention: ctx.logRetention,
    removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
  });
}

/**
 * A fixed, lowercase RDS identifier (at most 63 characters, starting with a letter): the stack name, the tier's
 * path and a hash of it, the role, and the stack's creation ID. Fixed names make a replacement fail rather than
 * create an empty database, and let the log groups exist before the database; the creation ID keeps a stack
 * created again from colliding with the log groups a deleted one kept.
 */
export function identifier(tier: Construct, role: string): string {
  const maxLength = MAX_IDENTIFIER_LENGTH - role.length - STACK_CREATION_ID_LENGTH - 2;
  return `${Names.uniqueResourceName(tier, { maxLength, separator: '-' }).toLowerCase()}-${role}-${stackCreationId()}`;
}

/**
 * The rotation function reaches the database (the rule is added by the rotation) and the Secrets Manager
 * interface endpoint inside the VPC, and nothing else: the isolated subnets have no route out anyway.
 */
export function newRotationSecurityGroup(tier: Construct, vpc: ec2.IVpc): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(tier, 'RotationSecurityGroup', {
    vpc,
    description: 'Rotation of the database credentials: to PostgreSQL and to HTTPS VPC endpoints only',
    allowAllOutbound: false,
  });
  group.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'Secrets Manager through its VPC interface endpoint');
  return group;
}

/** The role RDS enhanced monitoring publishes with. */
export function newMonitoringRole(tier: Construct): iam.Role {
  const role = new iam.Role(tier, 'MonitoringRole', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
    description: 'Publishes RDS enhanced monitoring of the MultiAzHaPlatform database',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
  });
  acknowledge(role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy RDS enhanced monitoring requires: it only ' +
    'lets RDS write OS metrics to the RDSOSMetrics log group.');
  return role;
}
