import { Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { PlatformErrors, PlatformNetwork } from '../../lib';
import { DatabaseTier, DatabaseTierOptions, DatabaseTopology } from '../../lib/database/database-tier';
import { deployedIn, stackIdsOf } from '../support/deployed';
import { errorOf } from '../support/errors';
import { buildPlatform, getAtt, logicalIdOf, newTestApp, TEST_ENV, withTemplate } from '../support/fixtures';
import { expectCrossStackSecretRead } from '../support/grant-assertions';
import { expectMetricMethod } from '../support/metric-assertions';
import { newTierStack } from '../support/tier-fixtures';

const INSTANCE = 'AWS::RDS::DBInstance';
const CLUSTER = 'AWS::RDS::DBCluster';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const POLICY = 'AWS::IAM::Policy';

type Env = { account?: string; region?: string } | undefined;

/** The database tier on the shared tier stack (network, app and worker roles), without synthesizing. */
function buildTier(options: DatabaseTierOptions = {}, env: Env = TEST_ENV) {
  const fixture = newTierStack(env);
  const tier = new DatabaseTier(fixture.stack, 'Database', {
    ...options,
    vpc: fixture.network.vpc,
    subnets: fixture.network.isolatedSubnets,
    availabilityZones: fixture.network.availabilityZones,
  });
  return { ...fixture, tier };
}

/** The tier wired the way the platform wires it (app servers allowed in, grants), then synthesized. */
function synthTier(options: DatabaseTierOptions = {}) {
  const built = buildTier(options);
  built.tier.connections.allowDefaultPortFrom(built.appSecurityGroup, 'App servers to PostgreSQL');
  built.tier.grantReadCredentials(built.appRole);
  built.tier.grantConnect(built.workerRole, 'worker');
  return withTemplate(built);
}

const cache = new Map<string, ReturnType<typeof synthTier>>();
function cached(key: string, options: DatabaseTierOptions = {}) {
  let value = cache.get(key);
  if (!value) {
    value = synthTier(options);
    cache.set(key, value);
  }
  return value;
}
/** The default tier (AURORA: no option set), synthesized once. */
const auroraTier = () => cached('aurora');
/** The MULTI_AZ_INSTANCE tier (selected explicitly, with its defaults), synthesized once. */
const instanceTier = () => cached('instance', { topology: DatabaseTopology.MULTI_AZ_INSTANCE });
/** A MULTI_AZ_INSTANCE tier with every option overridden, synthesized once. */
const customInstanceTier = () => cached('custom-instance', {
  topology: DatabaseTopology.MULTI_AZ_INSTANCE,
  instanceType: 'db.r7g.xlarge',
  allocatedStorageGiB: 100,
  maxAllocatedStorageGiB: 400,
  backupRetentionDays: 3,
  maxConnections: 500,
  databaseName: 'shop',
  deletionProtection: false,
  preferredBackupWindow: '22:00-22:30',
  preferredMaintenanceWindow: 'Wed:05:00-Wed:06:00',
  logRetention: logs.RetentionDays.THREE_MONTHS,
});
/** An AURORA tier with every Aurora option overridden, synthesized once. */
const customAuroraTier = () => cached('custom-aurora', {
  topology: DatabaseTopology.AURORA,
  instanceType: 'db.r8g.xlarge',
  readerMinReplicas: 2,
  readerMaxReplicas: 6,
  maxConnections: 2000,
  backupRetentionDays: 30,
  databaseName: 'orders',
});

/** The role AWS Backup assumes for the tier's backup selection. */
function selectionRoleOf(tier: DatabaseTier): iam.Role {
  return tier.backupPlan.node.findChild('Selection').node.findChild('Role') as iam.Role;
}

/** The Aurora writer or reader (`Writer`, `Reader`) of the tier's cluster. */
function clusterInstanceOf(tier: DatabaseTier, id: 'Writer' | 'Reader') {
  return tier.cluster!.node.findChild(id);
}

const { created: STACK_ID, recreated: RECREATED_STACK_ID } = stackIdsOf('TierStack');
const deployed = (value: any, stackId = STACK_ID): any => deployedIn(value, stackId);

/** The one resource of a type whose logical ID is the construct's. */
function resourceOf(template: Template, type: string, construct: Parameters<typeof logicalIdOf>[0]): any {
  const resource = template.findResources(type)[logicalIdOf(construct)];
  expect(resource).toBeDefined();
  return resource;
}

describe('topology', () => {
  /** The tier's topology, and which of its topology-specific members it sets. */
  const membersOf = (tier: DatabaseTier) => ({
    topology: tier.topology,
    cluster: tier.cluster !== undefined,
    auroraInstances: tier.writerInstance !== undefined && tier.readerInstance !== undefined,
    readerScaling: tier.readerScaling !== undefined,
    instance: tier.instance !== undefined,
    readReplica: tier.readReplica !== undefined,
  });

  test('defaults to AURORA: the cluster, and no RDS instance or read replica', () => {
    const { tier, template } = auroraTier();
    expect(membersOf(tier)).toEqual({
      topology: DatabaseTopology.AURORA, cluster: true, auroraInstances: true, readerScaling: true, instance: false, readReplica: false,
    });
    template.resourceCountIs(CLUSTER, 1);
    template.allResourcesProperties(INSTANCE, { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: logicalIdOf(tier.cluster!) } });
  });

  test('AURORA selected explicitly synthesizes the same template as the default (same resources, same logical IDs)', () => {
    const explicit = buildTier({ topology: DatabaseTopology.AURORA });
    expect(Template.fromStack(explicit.stack).toJSON()).toEqual(Template.fromStack(buildTier().stack).toJSON());
  });

  test('MULTI_AZ_INSTANCE selected: the RDS instance and its read replica, and no Aurora cluster', () => {
    const { tier, template } = instanceTier();
    expect(membersOf(tier)).toEqual({
      topology: DatabaseTopology.MULTI_AZ_INSTANCE, cluster: false, auroraInstances: false, readerScaling: false, instance: true, readReplica: true,
    });
    template.resourceCountIs(CLUSTER, 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.allResourcesProperties(INSTANCE, { DBClusterIdentifier: Match.absent() });
  });

  test('the tier exposes its settings: instance class, backups, storage type, Aurora readers, zones and subnets', () => {
    /** The settings, and the Aurora instances by construct ID. */
    const settingsOf = (tier: DatabaseTier) => ({
      instanceType: tier.instanceType,
      backupRetentionDays: tier.backupRetentionDays,
      storageType: tier.storageType,
      readerMinReplicas: tier.readerMinReplicas,
      zones: [tier.writerAvailabilityZone, tier.readerAvailabilityZone],
      auroraInstances: [tier.writerInstance, tier.readerInstance].map((instance) => instance?.node.path.split('/').slice(-2).join('/')),
    });
    const aurora = auroraTier();
    const [zone1, zone2] = aurora.network.availabilityZones;
    expect(settingsOf(aurora.tier)).toEqual({
      instanceType: 'db.r7g.2xlarge',
      backupRetentionDays: 14,
      storageType: undefined,
      readerMinReplicas: 1,
      zones: [zone1, zone2],
      auroraInstances: ['Cluster/Writer', 'Cluster/Reader'],
    });
    expect(settingsOf(customAuroraTier().tier)).toMatchObject({ instanceType: 'db.r8g.xlarge', backupRetentionDays: 30, readerMinReplicas: 2 });
    expect(settingsOf(instanceTier().tier)).toMatchObject({ instanceType: 'db.m7g.2xlarge', storageType: rds.StorageType.GP3 });
    const custom = customInstanceTier();
    expect(settingsOf(custom.tier)).toEqual({
      instanceType: 'db.r7g.xlarge',
      backupRetentionDays: 3,
      storageType: rds.StorageType.GP3,
      readerMinReplicas: undefined,
      zones: [undefined, custom.network.availabilityZones[1]],
      auroraInstances: [undefined, undefined],
    });
    expect(aurora.tier.subnets.map((subnet) => subnet.subnetId)).toEqual(aurora.network.isolatedSubnets.subnets!.map((subnet) => subnet.subnetId));
    expect(aurora.tier.subnets.map((subnet) => subnet.availabilityZone)).toEqual([zone1, zone2]);
  });
});

describe('AURORA topology (default)', () => {
  test('an Aurora PostgreSQL 17 cluster: a db.r7g.2xlarge writer in zone 1 and a db.r7g.2xlarge reader in zone 2', () => {
    const { template, tier, stack, network } = auroraTier();
    template.resourceCountIs(CLUSTER, 1);
    template.resourceCountIs(INSTANCE, 2);
    expect(resourceOf(template, CLUSTER, tier.cluster!).Properties).toMatchObject({
      Engine: 'aurora-postgresql',
      EngineVersion: '17',
      DatabaseName: 'app',
      Port: 5432,
    });
    const clusterRef = { Ref: logicalIdOf(tier.cluster!) };
    const [zone1, zone2] = network.availabilityZones.map((zone) => stack.resolve(zone));
    expect(resourceOf(template, INSTANCE, clusterInstanceOf(tier, 'Writer')).Properties).toMatchObject({
      Engine: 'aurora-postgresql',
      DBClusterIdentifier: clusterRef,
      DBInstanceClass: 'db.r7g.2xlarge',
      AvailabilityZone: zone1,
      PromotionTier: 0,
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
    });
    expect(resourceOf(template, INSTANCE, clusterInstanceOf(tier, 'Reader')).Properties).toMatchObject({
      Engine: 'aurora-postgresql',
      DBClusterIdentifier: clusterRef,
      DBInstanceClass: 'db.r7g.2xlarge',
      AvailabilityZone: zone2,
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
    });
    expect(stack.resolve(tier.writerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(tier.cluster!), 'Endpoint.Address'] });
    expect(stack.resolve(tier.readerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(tier.cluster!), 'ReadEndpoint.Address'] });
    expect(tier.port).toBe(5432);
    expect(tier.maxConnections).toBe(1000);
  });

  test('the zone 2 reader is the failover target: promotion tier 0, ahead of the readers auto scaling adds (tier 15)', () => {
    const { template, tier, stack, network } = auroraTier();
    const reader = resourceOf(template, INSTANCE, clusterInstanceOf(tier, 'Reader')).Properties;
    expect(reader.PromotionTier).toBe(0);
    expect(reader.AvailabilityZone).toEqual(stack.resolve(network.availabilityZones[1]));
    // The writer shares tier 0: no instance of the template ranks ahead of the zone 2 reader.
    template.allResourcesProperties(INSTANCE, { PromotionTier: 0 });
  });

  test('rds.force_ssl in the cluster parameter group, max_connections in the instances\' parameter group', () => {
    const { template, tier } = auroraTier();
    expect(resourceOf(template, 'AWS::RDS::DBClusterParameterGroup', tier.parameterGroup).Properties).toMatchObject({
      Family: 'aurora-postgresql17', Parameters: { 'rds.force_ssl': '1' },
    });
    expect(resourceOf(template, 'AWS::RDS::DBParameterGroup', tier.instanceParameterGroup).Properties).toMatchObject({
      Family: 'aurora-postgresql17', Parameters: { max_connections: '1000' },
    });
    expect(resourceOf(template, CLUSTER, tier.cluster!).Properties.DBClusterParameterGroupName).toEqual({ Ref: logicalIdOf(tier.parameterGroup) });
    template.allResourcesProperties(INSTANCE, { DBParameterGroupName: { Ref: logicalIdOf(tier.instanceParameterGroup) } });
  });

  test('readers scale 1 to 3 on average connections at 80 % of max_connections, with Aurora\'s service-linked role', () => {
    const { template, tier } = auroraTier();
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'rds',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      ResourceId: { 'Fn::Join': ['', ['cluster:', { Ref: logicalIdOf(tier.cluster!) }]] },
      MinCapacity: 1,
      MaxCapacity: 3,
      RoleARN: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(
          'role/aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster$')])],
      },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: { Ref: logicalIdOf(tier.readerScaling!) },
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageDatabaseConnections' },
        TargetValue: 800,
        ScaleOutCooldown: 300,
        ScaleInCooldown: 600,
      },
    });
    // Aurora Auto Scaling only acts once every instance of the cluster is available.
    const target = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget')[logicalIdOf(tier.readerScaling!)];
    // It references the cluster, and depends on exactly its two instances (no redundant DependsOn: cfn-lint W3005).
    expect([...target.DependsOn].sort()).toEqual(
      [logicalIdOf(tier.cluster!.node.findChild('Writer')), logicalIdOf(tier.cluster!.node.findChild('Reader'))].sort());
    expect(JSON.stringify(target.Properties.ResourceId)).toContain(logicalIdOf(tier.cluster!));
    // No role of the tier's own besides enhanced monitoring's and the one AWS Backup assumes for its selection.
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('Database')))
      .toEqual([logicalIdOf(tier.monitoringRole), logicalIdOf(selectionRoleOf(tier))]);
  });

  test('every Aurora option reaches the cluster, its instances and the reader scaling', () => {
    const { template, tier } = customAuroraTier();
    template.allResourcesProperties(INSTANCE, { DBInstanceClass: 'db.r8g.xlarge' });
    expect(resourceOf(template, CLUSTER, tier.cluster!).Properties).toMatchObject({ BackupRetentionPeriod: 30, DatabaseName: 'orders' });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { max_connections: '2000' } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 1600 }),
    });
  });

  test('Aurora options need no topology: they apply to the default tier', () => {
    const { stack } = buildTier({ instanceType: 'db.r8g.xlarge', readerMinReplicas: 2, readerMaxReplicas: 4 });
    const template = Template.fromStack(stack);
    template.resourceCountIs(INSTANCE, 2);
    template.allResourcesProperties(INSTANCE, { DBInstanceClass: 'db.r8g.xlarge' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 4 });
  });
});

describe('MULTI_AZ_INSTANCE topology (selected)', () => {
  test('an RDS for PostgreSQL 18 Multi-AZ instance on db.m7g.2xlarge with 500 GiB gp3 autoscaling to 1000 GiB', () => {
    const { template, tier } = instanceTier();
    expect(tier.topology).toBe(DatabaseTopology.MULTI_AZ_INSTANCE);
    template.resourceCountIs(INSTANCE, 2);
    template.resourceCountIs(CLUSTER, 0);
    const primary = resourceOf(template, INSTANCE, tier.instance!);
    expect(primary.Properties).toMatchObject({
      Engine: 'postgres',
      EngineVersion: '18',
      DBInstanceClass: 'db.m7g.2xlarge',
      MultiAZ: true,
      AllocatedStorage: '500',
      MaxAllocatedStorage: 1000,
      StorageType: 'gp3',
      DBName: 'app',
      Port: '5432',
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      AllowMajorVersionUpgrade: false,
    });
    // RDS rejects AvailabilityZone on a Multi-AZ instance ("Requesting a specific availability zone is not
    // valid for Multi-AZ instances"): RDS picks the primary's zone among the subnet group's two zones.
    expect(primary.Properties.AvailabilityZone).toBeUndefined();
  });

  test('a read replica of the primary, pinned to zone 2, same class, parameter group and security group', () => {
    const { template, tier, stack, network } = instanceTier();
    const replica = resourceOf(template, INSTANCE, tier.readReplica!);
    const primaryId = logicalIdOf(tier.instance!);
    expect(replica.Properties).toMatchObject({
      AvailabilityZone: stack.resolve(network.availabilityZones[1]),
      DBInstanceClass: 'db.m7g.2xlarge',
      MaxAllocatedStorage: 1000,
      DBParameterGroupName: { Ref: logicalIdOf(tier.parameterGroup) },
      VPCSecurityGroups: [{ 'Fn::GetAtt': [logicalIdOf(tier.securityGroup), 'GroupId'] }],
      PubliclyAccessible: false,
      DeletionProtection: true,
    });
    expect(JSON.stringify(replica.Properties.SourceDBInstanceIdentifier)).toContain(primaryId);
    expect(replica.Properties.MultiAZ).toBeUndefined();
    expect(tier.cluster).toBeUndefined();
    expect(tier.readerScaling).toBeUndefined();
  });

  test('the writer endpoint is the primary\'s (it follows failover), the reader endpoint the replica\'s', () => {
    const { tier, stack } = instanceTier();
    expect(stack.resolve(tier.writerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(tier.instance!), 'Endpoint.Address'] });
    expect(stack.resolve(tier.readerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(tier.readReplica!), 'Endpoint.Address'] });
    expect(tier.port).toBe(5432);
    expect(tier.maxConnections).toBe(1000);
  });

  test('one parameter group forces TLS and sets max_connections for the postgres18 family', () => {
    const { template, tier } = instanceTier();
    expect(tier.instanceParameterGroup).toBe(tier.parameterGroup);
    template.resourceCountIs('AWS::RDS::DBParameterGroup', 1);
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres18',
      Parameters: { 'rds.force_ssl': '1', 'max_connections': '1000' },
    });
    expect(resourceOf(template, INSTANCE, tier.instance!).Properties.DBParameterGroupName).toEqual({ Ref: logicalIdOf(tier.parameterGroup) });
  });

  test('every option reaches the instances', () => {
    const { template, tier } = customInstanceTier();
    expect(resourceOf(template, INSTANCE, tier.instance!).Properties).toMatchObject({
      DBInstanceClass: 'db.r7g.xlarge',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 400,
      BackupRetentionPeriod: 3,
      DBName: 'shop',
      DeletionProtection: false,
      PreferredBackupWindow: '22:00-22:30',
      PreferredMaintenanceWindow: 'Wed:05:00-Wed:06:00',
    });
    expect(resourceOf(template, INSTANCE, tier.readReplica!).Properties).toMatchObject({
      DBInstanceClass: 'db.r7g.xlarge',
      MaxAllocatedStorage: 400,
      DeletionProtection: false,
      PreferredMaintenanceWindow: 'Wed:05:00-Wed:06:00',
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1', 'max_connections': '500' } });
    for (const group of tier.logGroups) {
      expect(resourceOf(template, LOG_GROUP, group).Properties.RetentionInDays).toBe(90);
    }
    expect(tier.maxConnections).toBe(500);
  });

  test('a large allocation raises the storage autoscaling ceiling, and turns it off when 65,536 GiB leaves under 10 %', () => {
    const large = buildTier({ topology: DatabaseTopology.MULTI_AZ_INSTANCE, allocatedStorageGiB: 4000 });
    const huge = buildTier({ topology: DatabaseTopology.MULTI_AZ_INSTANCE, allocatedStorageGiB: 60000 });
    const cfn = (b: ReturnType<typeof buildTier>) => b.tier.instance!.node.defaultChild as rds.CfnDBInstance;
    expect(cfn(large).maxAllocatedStorage).toBe(8000);
    expect(cfn(huge).allocatedStorage).toBe('60000');
    expect(cfn(huge).maxAllocatedStorage).toBeUndefined();
  });
});

// Major versions only: a new stack still creates after AWS retires a minor version, and RDS keeps the minor current.
describe('engine versions', () => {
  test('Aurora: major version 17 only, minor upgrades automatic on the cluster and on every instance', () => {
    const { template, tier } = auroraTier();
    expect(resourceOf(template, CLUSTER, tier.cluster!).Properties).toMatchObject({ EngineVersion: '17', AutoMinorVersionUpgrade: true });
    // The cluster holds the version of its instances.
    template.allResourcesProperties(INSTANCE, { EngineVersion: Match.absent(), AutoMinorVersionUpgrade: true, AllowMajorVersionUpgrade: false });
  });

  test('RDS for PostgreSQL: major version 18 only, minor upgrades automatic on the primary and on the read replica', () => {
    const { template, tier } = instanceTier();
    expect(resourceOf(template, INSTANCE, tier.instance!).Properties).toMatchObject({
      EngineVersion: '18', AutoMinorVersionUpgrade: true, AllowMajorVersionUpgrade: false,
    });
    // A read replica runs its primary's version.
    expect(resourceOf(template, INSTANCE, tier.readReplica!).Properties).toMatchObject({ AutoMinorVersionUpgrade: true });
    expect(resourceOf(template, INSTANCE, tier.readReplica!).Properties.EngineVersion).toBeUndefined();
  });

  test.each([
    ['AURORA', auroraTier, '17'],
    ['MULTI_AZ_INSTANCE', instanceTier, '18'],
  ] as const)('%s: no engine version in the template names a minor version', (_topology, built, major) => {
    const versions = Object.values(built().template.toJSON().Resources)
      .map((resource: any) => resource.Properties?.EngineVersion)
      .filter((version) => version !== undefined);
    expect(versions).toEqual([major]);
  });
});

describe('encryption and TLS (guarantee 4)', () => {
  test('storage and Performance Insights use the tier\'s customer-managed key, which rotates and is kept', () => {
    for (const { template, tier } of [instanceTier(), auroraTier()]) {
      const key = { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] };
      expect(resourceOf(template, 'AWS::KMS::Key', tier.key)).toMatchObject({
        DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain', Properties: { EnableKeyRotation: true },
      });
      if (tier.cluster) {
        expect(resourceOf(template, CLUSTER, tier.cluster).Properties).toMatchObject({
          StorageEncrypted: true, KmsKeyId: key, PerformanceInsightsEnabled: true, PerformanceInsightsKmsKeyId: key,
        });
      } else {
        expect(resourceOf(template, INSTANCE, tier.instance!).Properties).toMatchObject({
          StorageEncrypted: true, KmsKeyId: key, EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: key,
        });
      }
    }
  });

  test('the read replica inherits encryption from the primary (CloudFormation forbids repeating it) and encrypts Performance Insights', () => {
    const { template, tier } = instanceTier();
    const replica = resourceOf(template, INSTANCE, tier.readReplica!).Properties;
    expect(replica.StorageEncrypted).toBeUndefined();
    expect(replica.KmsKeyId).toBeUndefined();
    expect(replica).toMatchObject({ EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] } });
  });

  test('IAM database authentication is on everywhere', () => {
    instanceTier().template.allResourcesProperties(INSTANCE, { EnableIAMDatabaseAuthentication: true });
    auroraTier().template.hasResourceProperties(CLUSTER, { EnableIAMDatabaseAuthentication: true });
  });
});

describe('credentials and rotation', () => {
  test('a generated secret encrypted with the tier key, kept when the stack is deleted, referenced dynamically', () => {
    for (const { template, tier } of [instanceTier(), auroraTier()]) {
      const secret = resourceOf(template, 'AWS::SecretsManager::Secret', tier.credentials);
      expect(secret).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
      expect(secret.Properties).toMatchObject({
        KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] },
        GenerateSecretString: expect.objectContaining({ GenerateStringKey: 'password', PasswordLength: 30 }),
      });
      expect(secret.Properties.GenerateSecretString.SecretStringTemplate).toBe('{"username":"postgres"}');
      const db = tier.cluster ? resourceOf(template, CLUSTER, tier.cluster) : resourceOf(template, INSTANCE, tier.instance!);
      expect(JSON.stringify(db.Properties.MasterUserPassword)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:password::\}\}/);
      expect(JSON.stringify(template.toJSON())).not.toMatch(/"MasterUserPassword":"[^{]/);
    }
  });

  test('single-user rotation every 30 days, in the isolated subnets, with the tier key', () => {
    for (const { template, tier, stack, network } of [instanceTier(), auroraTier()]) {
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: { Ref: logicalIdOf(tier.secret as any) },
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      const app = resourceOf(template, 'AWS::Serverless::Application', tier.rotation);
      expect(app.Properties.Parameters).toMatchObject({
        vpcSubnetIds: {
          'Fn::Join': ['', [
            stack.resolve(network.isolatedSubnets.subnets![0].subnetId), ',', stack.resolve(network.isolatedSubnets.subnets![1].subnetId),
          ]],
        },
        vpcSecurityGroupIds: { 'Fn::GetAtt': [logicalIdOf(tier.rotationSecurityGroup), 'GroupId'] },
        kmsKeyArn: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] },
      });
      expect(JSON.stringify(app.Properties.Location)).toContain('SARMapping');
    }
  });

  // CloudFormation creates the schedule, which rotates at once, as soon as the secret and the rotation function exist;
  // an Aurora cluster is available before its instances, so the function waits for them (the schedule reads it).
  test('the first rotation waits for the database: the rotation function depends on the Aurora instances, the schedule reads it', () => {
    const { template, tier } = auroraTier();
    const app = resourceOf(template, 'AWS::Serverless::Application', tier.rotation);
    expect(app.DependsOn).toEqual(expect.arrayContaining([logicalIdOf(tier.writerInstance!), logicalIdOf(tier.readerInstance!)]));
    const schedule = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'));
    expect(schedule.map((r) => r.Properties.RotationLambdaARN)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(tier.rotation), 'Outputs.RotationLambdaARN'] }]);
  });

  test('the rotation function reaches the database and HTTPS inside the VPC (the Secrets Manager endpoint), nothing else', () => {
    for (const built of [instanceTier(), auroraTier()]) {
      const rotationSg = resourceOf(built.template, 'AWS::EC2::SecurityGroup', built.tier.rotationSecurityGroup);
      expect(rotationSg.Properties.SecurityGroupEgress).toEqual([{
        CidrIp: built.stack.resolve(built.network.vpc.vpcCidrBlock),
        Description: 'Secrets Manager through its VPC interface endpoint',
        FromPort: 443,
        IpProtocol: 'tcp',
        ToPort: 443,
      }]);
      // The database port is written as the number 5432 (not the Endpoint.Port attribute), in both topologies.
      const rotation = getAtt(built.tier.rotationSecurityGroup, 'GroupId');
      const database = getAtt(built.tier.securityGroup, 'GroupId');
      const port = { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 };
      built.template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: rotation, DestinationSecurityGroupId: database, ...port });
      built.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: database, SourceSecurityGroupId: rotation, ...port });
    }
  });
});

describe('backups, deletion and removal (guarantee 5)', () => {
  test('14 days of backups kept after deletion, tags copied to snapshots, deletion protection, a snapshot on removal', () => {
    const primary = resourceOf(instanceTier().template, INSTANCE, instanceTier().tier.instance!);
    const cluster = resourceOf(auroraTier().template, CLUSTER, auroraTier().tier.cluster!);
    // The same settings on the Multi-AZ DB instance and on the Aurora cluster.
    for (const resource of [primary, cluster]) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
      expect(resource.Properties).toMatchObject({
        BackupRetentionPeriod: 14,
        DeleteAutomatedBackups: false,
        CopyTagsToSnapshot: true,
        DeletionProtection: true,
        PreferredBackupWindow: '02:00-03:00',
        PreferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      });
    }
    auroraTier().template.allResourcesProperties(INSTANCE, { PreferredMaintenanceWindow: 'sun:03:30-sun:04:30' });
  });

  // Fixed for the life of the stack, so a change that would replace the database fails on the name instead of
  // creating an empty one; new on each create, so a stack created again does not collide with the log groups named
  // after the identifiers, which the deleted stack kept.
  const identifiers = () => [
    ['primary', resourceOf(instanceTier().template, INSTANCE, instanceTier().tier.instance!).Properties.DBInstanceIdentifier],
    ['replica', resourceOf(instanceTier().template, INSTANCE, instanceTier().tier.readReplica!).Properties.DBInstanceIdentifier],
    ['cluster', resourceOf(auroraTier().template, CLUSTER, auroraTier().tier.cluster!).Properties.DBClusterIdentifier],
  ] as const;
  test('identifiers are fixed across updates of a stack and new each time the stack is created', () => {
    for (const [role, identifier] of identifiers()) {
      expect(deployed(identifier)).toBe(`tierstack-database-f06b4ad9-${role}-1c2fa620`);
      expect(deployed(identifier, RECREATED_STACK_ID)).toBe(`tierstack-database-f06b4ad9-${role}-7d9e3b40`);
    }
  });

  test('a long stack name still gives identifiers RDS accepts (at most 63 lowercase letters, digits and single hyphens)', () => {
    const stack = new Stack(newTestApp(), `Platform${'Production'.repeat(8)}`, { env: TEST_ENV });
    const network = new PlatformNetwork(stack, 'Network');
    const built = [DatabaseTopology.MULTI_AZ_INSTANCE, DatabaseTopology.AURORA].map((topology) => new DatabaseTier(stack, topology, {
      topology, vpc: network.vpc, subnets: network.isolatedSubnets, availabilityZones: network.availabilityZones,
    }));
    const template = Template.fromStack(stack);
    const names = [
      resourceOf(template, INSTANCE, built[0].instance!).Properties.DBInstanceIdentifier,
      resourceOf(template, INSTANCE, built[0].readReplica!).Properties.DBInstanceIdentifier,
      resourceOf(template, CLUSTER, built[1].cluster!).Properties.DBClusterIdentifier,
    ].map((identifier) => deployed(identifier));
    for (const name of names) {
      expect(name).toMatch(/^platformproduction[a-z0-9-]*-(primary|replica|cluster)-1c2fa620$/);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).not.toMatch(/--/);
    }
    expect(deployed(resourceOf(template, 'AWS::Backup::BackupVault', built[0].backupVault).Properties.BackupVaultName).length)
      .toBeLessThanOrEqual(50);
  });

  // Changing any of these logical IDs makes CloudFormation replace the resource: a new, empty database (or a new
  // key that cannot decrypt the old snapshots, a new subnet group that forces a new database, logs left behind).
  // They must never change between releases, whichever topology a deployment runs and whichever is the default.
  test.each([
    ['AURORA', 'DatabaseCluster5B53A178', auroraTier, (t: DatabaseTier) => t.cluster!],
    ['AURORA', 'DatabaseClusterWriterD43085C6', auroraTier, (t: DatabaseTier) => clusterInstanceOf(t, 'Writer')],
    ['AURORA', 'DatabaseClusterReader78FE9854', auroraTier, (t: DatabaseTier) => clusterInstanceOf(t, 'Reader')],
    ['AURORA', 'DatabaseClusterLogGroup1C2F6EA4', auroraTier, (t: DatabaseTier) => t.logGroups[0]],
    ['AURORA', 'DatabaseKey5E5D9547', auroraTier, (t: DatabaseTier) => t.key],
    ['AURORA', 'DatabaseCredentials24F58BE6', auroraTier, (t: DatabaseTier) => t.credentials],
    ['AURORA', 'DatabaseSubnetGroup7D60F180', auroraTier, (t: DatabaseTier) => t.subnetGroup],
    ['AURORA', 'DatabaseBackupVaultED8CBFE1', auroraTier, (t: DatabaseTier) => t.backupVault],
    ['MULTI_AZ_INSTANCE', 'DatabaseInstanceAA8A5FDE', instanceTier, (t: DatabaseTier) => t.instance!],
    ['MULTI_AZ_INSTANCE', 'DatabaseReadReplicaFA1999F7', instanceTier, (t: DatabaseTier) => t.readReplica!],
    ['MULTI_AZ_INSTANCE', 'DatabaseInstanceLogGroup2A6E26CF', instanceTier, (t: DatabaseTier) => t.logGroups[0]],
    ['MULTI_AZ_INSTANCE', 'DatabaseReadReplicaLogGroup63D8CA04', instanceTier, (t: DatabaseTier) => t.logGroups[1]],
    ['MULTI_AZ_INSTANCE', 'DatabaseInstanceUpgradeLogGroup60ABA1E9', instanceTier, (t: DatabaseTier) => t.logGroups[2]],
    ['MULTI_AZ_INSTANCE', 'DatabaseReadReplicaUpgradeLogGroup95092DB0', instanceTier, (t: DatabaseTier) => t.logGroups[3]],
    ['MULTI_AZ_INSTANCE', 'DatabaseKey5E5D9547', instanceTier, (t: DatabaseTier) => t.key],
    ['MULTI_AZ_INSTANCE', 'DatabaseCredentials24F58BE6', instanceTier, (t: DatabaseTier) => t.credentials],
    ['MULTI_AZ_INSTANCE', 'DatabaseSubnetGroup7D60F180', instanceTier, (t: DatabaseTier) => t.subnetGroup],
    ['MULTI_AZ_INSTANCE', 'DatabaseBackupVaultED8CBFE1', instanceTier, (t: DatabaseTier) => t.backupVault],
  ] as const)('%s: a stateful resource keeps the logical ID %s', (_topology, logicalId, built, constructOf) => {
    const { tier, template } = built();
    const construct = constructOf(tier);
    expect(logicalIdOf(construct)).toBe(logicalId);
    expect(Object.keys(template.toJSON().Resources)).toContain(logicalId);
  });

  test('AWS Backup snapshots the primary (or the cluster) daily at 05:00 UTC, kept 35 days in a retained vault under the tier key', () => {
    for (const { template, tier } of [instanceTier(), auroraTier()]) {
      const vault = resourceOf(template, 'AWS::Backup::BackupVault', tier.backupVault);
      expect(logicalIdOf(tier.backupVault)).toBe('DatabaseBackupVaultED8CBFE1');
      expect(vault).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
      // The vault outlives the stack: its name is new each time the stack is created, fixed across updates.
      expect(deployed(vault.Properties.BackupVaultName)).toBe('TierStack-Database-F06B4AD9-1c2fa620');
      expect(deployed(vault.Properties.BackupVaultName, RECREATED_STACK_ID)).toBe('TierStack-Database-F06B4AD9-7d9e3b40');
      expect(vault.Properties).toEqual({
        BackupVaultName: expect.anything(),
        EncryptionKeyArn: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] },
        // No one may delete recovery points or shorten their lifecycle.
        AccessPolicy: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
            Resource: '*',
          }],
        },
      });
      template.resourceCountIs('AWS::Backup::BackupVault', 1);
      template.resourceCountIs('AWS::Backup::BackupPlan', 1);
      template.resourceCountIs('AWS::Backup::BackupSelection', 1);
      expect(resourceOf(template, 'AWS::Backup::BackupPlan', tier.backupPlan).Properties).toEqual({
        BackupPlan: {
          BackupPlanName: 'TierStack-Database-F06B4AD9',
          BackupPlanRule: [{
            RuleName: 'DailySnapshot',
            ScheduleExpression: 'cron(0 5 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
            TargetBackupVault: { 'Fn::GetAtt': [logicalIdOf(tier.backupVault), 'BackupVaultName'] },
          }],
        },
      });
      const selectionRole = selectionRoleOf(tier);
      const db = tier.cluster
        ? { type: 'cluster', ref: { Ref: logicalIdOf(tier.cluster) } }
        : { type: 'db', ref: { Ref: logicalIdOf(tier.instance!) } };
      expect(resourceOf(template, 'AWS::Backup::BackupSelection', tier.backupPlan.node.findChild('Selection')).Properties).toEqual({
        BackupPlanId: { 'Fn::GetAtt': [logicalIdOf(tier.backupPlan), 'BackupPlanId'] },
        BackupSelection: {
          SelectionName: 'Database',
          IamRoleArn: { 'Fn::GetAtt': [logicalIdOf(selectionRole), 'Arn'] },
          Resources: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:eu-west-1:123456789012:${db.type}:`, db.ref]] }],
        },
      });
      // The selection's own role: AWS Backup only, with the AWS-managed backup policy and nothing else.
      expect(resourceOf(template, 'AWS::IAM::Role', selectionRole).Properties).toEqual({
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'backup.amazonaws.com' } }],
        },
        ManagedPolicyArns: [{
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']],
        }],
      });
    }
  });
});

describe('a failed first deployment rolls back cleanly, and the stack can be created again', () => {
  const resources = (template: Template) => template.toJSON().Resources as Record<string, any>;

  // RetainExceptOnCreate: kept on update and stack deletion, deleted when the first deployment rolls back.
  test.each([
    ['AURORA', auroraTier],
    ['MULTI_AZ_INSTANCE', instanceTier],
  ] as const)('%s: the key, the secret, the log groups and the backup vault are kept, except by a failed first deployment', (_topology, built) => {
    const { template, tier } = built();
    for (const kept of [tier.key, tier.credentials, tier.backupVault, ...tier.logGroups]) {
      expect(resources(template)[logicalIdOf(kept)]).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
    // The database itself keeps its final snapshot (RetainExceptOnCreate is not a snapshot policy).
    for (const db of tier.cluster ? [tier.cluster] : [tier.instance!, tier.readReplica!]) {
      expect(resources(template)[logicalIdOf(db)]).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    }
  });

  test.each([
    ['AURORA', auroraTier],
    ['MULTI_AZ_INSTANCE', instanceTier],
  ] as const)('%s: no resource of the tier is left behind by a failed first deployment (DeletionPolicy Retain)', (_topology, built) => {
    const retained = Object.entries(resources(built().template))
      .filter(([id, resource]) => id.startsWith('Database') && resource.DeletionPolicy === 'Retain')
      .map(([id]) => id);
    expect(retained).toEqual([]);
  });

  test('deletion protection is on from the first deployment by default, and the tier says so', () => {
    for (const { template, tier } of [auroraTier(), instanceTier()]) {
      expect(tier.deletionProtection).toBe(true);
      const dbs = tier.cluster
        ? [resourceOf(template, CLUSTER, tier.cluster)]
        : [tier.instance!, tier.readReplica!].map((db) => resourceOf(template, INSTANCE, db));
      for (const db of dbs) {
        expect(db.Properties.DeletionProtection).toBe(true);
      }
    }
  });

  test('deletionProtection: false is what the tier reports and deploys', () => {
    const { template, tier } = customInstanceTier();
    expect(tier.deletionProtection).toBe(false);
    template.allResourcesProperties(INSTANCE, { DeletionProtection: false });
  });
});

describe('monitoring and logs', () => {
  test('enhanced monitoring every 60 s through one role, on every instance', () => {
    for (const { template, tier } of [instanceTier(), auroraTier()]) {
      template.allResourcesProperties(INSTANCE, {
        MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [logicalIdOf(tier.monitoringRole), 'Arn'] },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] }),
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole']] }],
      });
    }
  });

  test('PostgreSQL and upgrade logs go to encrypted log groups, with a year of retention, created before the database', () => {
    const { template, tier } = instanceTier();
    template.allResourcesProperties(INSTANCE, { EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
    // The primary's and the replica's PostgreSQL and upgrade logs, and the network's flow logs.
    template.resourceCountIs(LOG_GROUP, 5);
    expect(tier.logGroups.map((group) => group.node.id))
      .toEqual(['InstanceLogGroup', 'ReadReplicaLogGroup', 'InstanceUpgradeLogGroup', 'ReadReplicaUpgradeLogGroup']);
    for (const [db, group, log] of [
      [tier.instance!, tier.logGroups[0], 'postgresql'],
      [tier.readReplica!, tier.logGroups[1], 'postgresql'],
      [tier.instance!, tier.logGroups[2], 'upgrade'],
      [tier.readReplica!, tier.logGroups[3], 'upgrade'],
    ] as const) {
      const resource = resourceOf(template, INSTANCE, db);
      const logGroup = resourceOf(template, LOG_GROUP, group);
      expect(logGroup).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
      expect(logGroup.Properties).toEqual({
        LogGroupName: expect.anything(),
        KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] },
        RetentionInDays: 365,
      });
      // The name RDS gives the export's group, in the stack as created and as created again.
      for (const stackId of [STACK_ID, RECREATED_STACK_ID]) {
        expect(deployed(logGroup.Properties.LogGroupName, stackId))
          .toBe(`/aws/rds/instance/${deployed(resource.Properties.DBInstanceIdentifier, stackId)}/${log}`);
      }
      expect(resource.DependsOn).toEqual(expect.arrayContaining([logicalIdOf(group)]));
    }
    // The tier key lets CloudWatch Logs use it for the log groups.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]) }),
    });
  });

  test('the Aurora cluster exports to its own log group', () => {
    const { template, tier } = auroraTier();
    const cluster = resourceOf(template, CLUSTER, tier.cluster!);
    expect(cluster.Properties.EnableCloudwatchLogsExports).toEqual(['postgresql']);
    expect(tier.logGroups).toHaveLength(1);
    for (const stackId of [STACK_ID, RECREATED_STACK_ID]) {
      expect(deployed(resourceOf(template, LOG_GROUP, tier.logGroups[0]).Properties.LogGroupName, stackId))
        .toBe(`/aws/rds/cluster/${deployed(cluster.Properties.DBClusterIdentifier, stackId)}/postgresql`);
    }
    expect(cluster.DependsOn).toEqual(expect.arrayContaining([logicalIdOf(tier.logGroups[0])]));
  });
});

describe('network and connections (guarantee 3)', () => {
  test('the isolated subnets of both zones hold the database', () => {
    for (const { template, stack, network, tier } of [instanceTier(), auroraTier()]) {
      template.resourceCountIs('AWS::RDS::DBSubnetGroup', 1);
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
        SubnetIds: network.isolatedSubnets.subnets!.map((s) => stack.resolve(s.subnetId)),
      });
      const subnetGroup = { Ref: logicalIdOf(tier.subnetGroup) };
      if (tier.cluster) {
        expect(resourceOf(template, CLUSTER, tier.cluster).Properties.DBSubnetGroupName).toEqual(subnetGroup);
      } else {
        template.allResourcesProperties(INSTANCE, { DBSubnetGroupName: subnetGroup });
      }
    }
  });

  test.each([
    ['AURORA', auroraTier],
    ['MULTI_AZ_INSTANCE', instanceTier],
  ] as const)('%s: the security group allows nothing out and only what the platform allows in: the app servers on 5432', (_topology, built) => {
    const { template, tier, appSecurityGroup } = built();
    const sg = resourceOf(template, 'AWS::EC2::SecurityGroup', tier.securityGroup);
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(logicalIdOf(tier.securityGroup)))
      .map((r: any) => r.Properties);
    expect(ingress).toHaveLength(2); // the app servers (wired like the platform does) and the rotation function
    expect(ingress).toContainEqual(expect.objectContaining({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalIdOf(appSecurityGroup), 'GroupId'] },
    }));
    const tierResources = Object.entries(template.toJSON().Resources).filter(([id]) => id.startsWith('Database'));
    expect(tierResources.length).toBeGreaterThan(10);
    expect(JSON.stringify(tierResources)).not.toContain('0.0.0.0/0');
  });

  test('the tier is connectable on 5432 through its security group, in both topologies', () => {
    for (const { tier } of [auroraTier(), instanceTier()]) {
      expect(tier.connections.defaultPort?.toString()).toBe('5432');
      expect(tier.connections.securityGroups).toEqual([tier.securityGroup]);
    }
  });
});

describe('port (CT.RDS.PR.20)', () => {
  /** Every ingress rule of the database's security group, and the rotation group's egress to it. */
  function portRules(built: ReturnType<typeof synthTier>) {
    const { template, tier } = built;
    const dbGroup = logicalIdOf(tier.securityGroup);
    const rules = (type: string, key: string) => Object.values(template.findResources(type))
      .map((r: any) => r.Properties)
      .filter((p: any) => JSON.stringify(p[key]).includes(dbGroup));
    return {
      ingress: rules('AWS::EC2::SecurityGroupIngress', 'GroupId'),
      rotationEgress: rules('AWS::EC2::SecurityGroupEgress', 'DestinationSecurityGroupId'),
    };
  }
  // Aurora's instances take the cluster's port (no Port of their own).
  const dbPorts = (built: ReturnType<typeof synthTier>) => [
    ...Object.values(built.template.findResources(INSTANCE)).map((r: any) => r.Properties.Port),
    ...Object.values(built.template.findResources(CLUSTER)).map((r: any) => r.Properties.Port),
  ].filter((port) => port !== undefined);
  const auroraOn5433 = () => cached('aurora-5433', { port: 5433 });
  const instanceOn5433 = () => cached('instance-5433', { topology: DatabaseTopology.MULTI_AZ_INSTANCE, port: 5433 });

  test.each([
    ['AURORA', auroraTier, [5432]],
    ['MULTI_AZ_INSTANCE', instanceTier, ['5432', '5432']],
  ] as const)('%s: PostgreSQL\'s 5432 by default, everywhere the port appears', (_topology, built, ports) => {
    expect(dbPorts(built())).toEqual(ports);
    expect(built().tier.port).toBe(5432);
    const { ingress, rotationEgress } = portRules(built());
    expect(ingress.map((r: any) => [r.FromPort, r.ToPort])).toEqual([[5432, 5432], [5432, 5432]]);
    expect(rotationEgress.map((r: any) => [r.FromPort, r.ToPort])).toEqual([[5432, 5432]]);
    built().template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'PostgreSQL: only the tiers the platform allows reach port 5432',
    });
  });

  test.each([
    ['AURORA', auroraOn5433, [5433]],
    ['MULTI_AZ_INSTANCE', instanceOn5433, ['5433', '5433']],
  ] as const)('%s: another port reaches the database, its security groups, the connections and the tier', (_topology, built, ports) => {
    const { tier } = built();
    expect(dbPorts(built())).toEqual(ports);
    expect(tier.port).toBe(5433);
    expect(tier.connections.defaultPort?.toString()).toBe('5433');
    const { ingress, rotationEgress } = portRules(built());
    // The app servers (wired like the platform does) and the rotation function, both on the new port only.
    expect(ingress.map((r: any) => [r.FromPort, r.ToPort])).toEqual([[5433, 5433], [5433, 5433]]);
    expect(rotationEgress.map((r: any) => [r.FromPort, r.ToPort])).toEqual([[5433, 5433]]);
    expect(JSON.stringify(built().template.toJSON())).not.toMatch(/\b5432\b/);
  });

  test('AwsSolutions-RDS11 (default port) is acknowledged on the instances on 5432; on another port only on the replica, which the rule cannot read', () => {
    const reasons = (tier: DatabaseTier) => [tier.instance!, tier.readReplica!].map((db) => db.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .filter(([id]) => id.endsWith('AwsSolutions-RDS11'))
      .map(([, reason]) => reason));
    expect(reasons(instanceTier().tier)).toEqual([[expect.stringMatching(/^PostgreSQL keeps its standard port 5432/)],
      [expect.stringMatching(/^PostgreSQL keeps its standard port 5432/)]]);
    expect(reasons(instanceOn5433().tier)).toEqual([[], [expect.stringMatching(/^The read replica listens on `database.port` \(5433\)/)]]);
  });
});

describe('grants', () => {
  test.each([
    ['AURORA', auroraTier],
    ['MULTI_AZ_INSTANCE', instanceTier],
  ] as const)('%s: grantReadCredentials reads the secret, and the tier key lets the grantee decrypt it through Secrets Manager only', (_topology, built) => {
    const { template, tier, appRole } = built();
    template.hasResourceProperties(POLICY, {
      Roles: [{ Ref: logicalIdOf(appRole) }],
      PolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: logicalIdOf(tier.credentials) },
        })],
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [logicalIdOf(appRole), 'Arn'] } },
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
        })]),
      }),
    });
  });

  test('grantReadCredentials to a role in another stack of the app: that role\'s policy, no dependency cycle', () => {
    const { stack, tier } = buildTier();
    expectCrossStackSecretRead(stack, (role) => tier.grantReadCredentials(role), tier.credentials, tier.key);
  });

  test('grantConnect allows rds-db:connect as the user on the primary and the replica', () => {
    const { template, tier, workerRole } = instanceTier();
    const dbuser = (db: any) => ({
      'Fn::Join': ['', [
        'arn:', { Ref: 'AWS::Partition' }, ':rds-db:eu-west-1:123456789012:dbuser:', { 'Fn::GetAtt': [logicalIdOf(db), 'DbiResourceId'] }, '/worker',
      ]],
    });
    template.hasResourceProperties(POLICY, {
      Roles: [{ Ref: logicalIdOf(workerRole) }],
      PolicyDocument: Match.objectLike({
        Statement: [{ Action: 'rds-db:connect', Effect: 'Allow', Resource: [dbuser(tier.instance!), dbuser(tier.readReplica!)] }],
      }),
    });
  });

  test('grantConnect on Aurora names the cluster resource ID, and defaults to the master user', () => {
    const { template, tier, workerRole, stack } = auroraTier();
    template.hasResourceProperties(POLICY, {
      Roles: [{ Ref: logicalIdOf(workerRole) }],
      PolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({
          Action: 'rds-db:connect',
          Resource: {
            'Fn::Join': ['', Match.arrayWith([
              { 'Fn::GetAtt': [logicalIdOf(tier.cluster!), 'DBClusterResourceId'] }, '/worker',
            ])],
          },
        })],
      }),
    });
    const role = new iam.Role(stack, 'OtherRole', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = tier.grantConnect(role);
    expect(JSON.stringify(stack.resolve(grant.principalStatement!.resources))).toContain('/postgres"');
  });
});

describe('metrics', () => {
  test.each([
    ['metricCpuUtilization', 'CPUUtilization', 'Average'],
    ['metricFreeStorageSpace', 'FreeStorageSpace', 'Minimum'],
    ['metricFreeableMemory', 'FreeableMemory', 'Minimum'],
    ['metricDatabaseConnections', 'DatabaseConnections', 'Maximum'],
  ] as const)('%s reads %s of the primary instance (%s over 5 minutes)', (method, metricName, statistic) => {
    const { tier, stack } = instanceTier();
    const metric = expectMetricMethod((props) => tier[method](props),
      { namespace: 'AWS/RDS', metricName, statistic, period: Duration.minutes(5) }, 'p99');
    expect(stack.resolve(metric.dimensions)).toEqual({ DBInstanceIdentifier: { Ref: logicalIdOf(tier.instance!) } });
  });

  test.each([
    ['metricCpuUtilization', 'CPUUtilization'],
    ['metricFreeStorageSpace', 'FreeLocalStorage'],
    ['metricFreeableMemory', 'FreeableMemory'],
    ['metricDatabaseConnections', 'DatabaseConnections'],
  ] as const)('%s reads %s of the Aurora writer', (method, metricName) => {
    const { tier, stack } = auroraTier();
    const metric = tier[method]();
    expect(metric.namespace).toBe('AWS/RDS');
    expect(metric.metricName).toBe(metricName);
    expect(stack.resolve(metric.dimensions)).toEqual({ DBClusterIdentifier: { Ref: logicalIdOf(tier.cluster!) }, Role: 'WRITER' });
  });

  test('metricReplicationLag reads ReplicaLag (s) of the read replica, or AuroraReplicaLag (ms) of the readers', () => {
    const instance = instanceTier();
    const lag = instance.tier.metricReplicationLag();
    expect([lag.metricName, lag.statistic]).toEqual(['ReplicaLag', 'Maximum']);
    expect(instance.stack.resolve(lag.dimensions)).toEqual({ DBInstanceIdentifier: { Ref: logicalIdOf(instance.tier.readReplica!) } });
    expect(instance.tier.replicationLagThreshold(Duration.seconds(30))).toBe(30);

    const aurora = auroraTier();
    const auroraLag = aurora.tier.metricReplicationLag();
    expect([auroraLag.metricName, auroraLag.statistic]).toEqual(['AuroraReplicaLag', 'Maximum']);
    expect(aurora.stack.resolve(auroraLag.dimensions)).toEqual({ DBClusterIdentifier: { Ref: logicalIdOf(aurora.tier.cluster!) }, Role: 'READER' });
    expect(aurora.tier.replicationLagThreshold(Duration.seconds(30))).toBe(30000);
  });

  test('metric(name) reads any RDS metric of the writer, Average by default', () => {
    const instance = instanceTier();
    const readIops = instance.tier.metric('ReadIOPS');
    expect([readIops.namespace, readIops.metricName, readIops.statistic, readIops.period.toSeconds()])
      .toEqual(['AWS/RDS', 'ReadIOPS', 'Average', 300]);
    expect(instance.stack.resolve(readIops.dimensions)).toEqual({ DBInstanceIdentifier: { Ref: logicalIdOf(instance.tier.instance!) } });

    const aurora = auroraTier();
    const latency = aurora.tier.metric('WriteLatency', { statistic: 'p99' });
    expect([latency.metricName, latency.statistic]).toEqual(['WriteLatency', 'p99']);
    expect(aurora.stack.resolve(latency.dimensions)).toEqual({ DBClusterIdentifier: { Ref: logicalIdOf(aurora.tier.cluster!) }, Role: 'WRITER' });
  });

  test('allocatedStorageGiB is the primary\'s storage on MULTI_AZ_INSTANCE, and undefined on Aurora', () => {
    expect(instanceTier().tier.allocatedStorageGiB).toBe(500);
    expect(buildTier({ topology: DatabaseTopology.MULTI_AZ_INSTANCE, allocatedStorageGiB: 800 }).tier.allocatedStorageGiB).toBe(800);
    expect(auroraTier().tier.allocatedStorageGiB).toBeUndefined();
  });

  test('metric options override the defaults', () => {
    for (const { tier } of [auroraTier(), instanceTier()]) {
      const metric = tier.metricCpuUtilization({ statistic: 'p99', period: Duration.minutes(1) });
      expect(metric.statistic).toBe('p99');
      expect(metric.period.toSeconds()).toBe(60);
    }
  });
});

describe('warnings', () => {
  test('none by default', () => {
    for (const { stack } of [instanceTier(), auroraTier()]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('multi-az-ha-platform:database'))).toEqual([]);
    }
  });

  test('short backup retention and disabled deletion protection warn on the default (AURORA) tier', () => {
    const { stack } = buildTier({ backupRetentionDays: 3, deletionProtection: false });
    Template.fromStack(stack);
    const warnings = Annotations.fromStack(stack).findWarning('/TierStack/Database', Match.stringLikeRegexp('multi-az-ha-platform:database'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      expect.stringMatching(/^`backupRetentionDays` is 3: point-in-time recovery reaches back less than the 7 days.*multi-az-ha-platform:database\.ShortBackupRetention/s),
      expect.stringMatching(/^`deletionProtection` is false: .*multi-az-ha-platform:database\.DeletionProtectionDisabled/s),
    ]);
  });

  test('short backup retention and disabled deletion protection warn on the MULTI_AZ_INSTANCE tier', () => {
    const { stack } = customInstanceTier();
    const warnings = Annotations.fromStack(stack).findWarning('/TierStack/Database', Match.stringLikeRegexp('multi-az-ha-platform:database'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      expect.stringMatching(/^`backupRetentionDays` is 3: point-in-time recovery reaches back less than the 7 days.*multi-az-ha-platform:database\.ShortBackupRetention/s),
      expect.stringMatching(/^`deletionProtection` is false: .*multi-az-ha-platform:database\.DeletionProtectionDisabled/s),
    ]);
  });

  test('the warnings can be acknowledged', () => {
    const { stack, tier } = buildTier({ backupRetentionDays: 6, deletionProtection: false });
    Validations.of(tier).acknowledge({ id: 'multi-az-ha-platform:database.ShortBackupRetention', reason: 'test environment' });
    Validations.of(tier).acknowledge({ id: 'multi-az-ha-platform:database.DeletionProtectionDisabled', reason: 'test environment' });
    Template.fromStack(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('multi-az-ha-platform:database'))).toEqual([]);
  });
});

describe('bad input', () => {
  /** Rules of both topologies: each fails the same way in the default (AURORA) tier and in the MULTI_AZ_INSTANCE tier. */
  const commonFailures: Array<[DatabaseTierOptions, RegExp]> = [
    [{ backupRetentionDays: 0 }, /^`backupRetentionDays` must be at least 1, got 0$/],
    [{ backupRetentionDays: 36 }, /^`backupRetentionDays` must be at most 35, got 36$/],
    [{ instanceType: 'm7g.2xlarge' }, /^`instanceType` must be a node type of the form db\.<family>\.<size>, got 'm7g\.2xlarge'$/],
    [{ instanceType: 'cache.m7g.xlarge' }, /^`instanceType` must be a node type of the form db\.<family>\.<size>, got 'cache\.m7g\.xlarge'$/],
    // 262,143 is PostgreSQL's MAX_BACKENDS (2^18 - 1), the ceiling AWS documents for max_connections.
    [{ maxConnections: 0 }, /^`maxConnections` must be at least 1, got 0$/],
    [{ maxConnections: 262144 }, /^`maxConnections` must be at most 262143, got 262144$/],
    [{ maxConnections: 99.5 }, /^`maxConnections` must be a whole number, got 99\.5$/],
    [{ databaseName: '1app' }, /^`databaseName` must be 1 to 63 letters, digits or underscores, starting with a letter, got '1app'$/],
    [{ databaseName: 'my-app' }, /^`databaseName` must be 1 to 63 letters.*got 'my-app'$/],
    [{ databaseName: 'a'.repeat(64) }, /^`databaseName` must be 1 to 63 letters.*got 'a{64}'$/],
    [{ preferredBackupWindow: '2:00-3:00' }, /^`preferredBackupWindow` must be a daily UTC window hh24:mi-hh24:mi, got '2:00-3:00'$/],
    [{ preferredBackupWindow: '24:00-01:00' }, /^`preferredBackupWindow` must be a daily UTC window hh24:mi-hh24:mi, got '24:00-01:00'$/],
    [{ preferredBackupWindow: '02:00-02:20' }, /^`preferredBackupWindow` must last at least 30 minutes, got '02:00-02:20'$/],
    [{ preferredMaintenanceWindow: 'sunday:03:00-sunday:04:00' }, /^`preferredMaintenanceWindow` must be a weekly UTC window ddd:hh24:mi-ddd:hh24:mi \(ddd: mon, tue, wed, thu, fri, sat, sun\), got 'sunday:03:00-sunday:04:00'$/],
    [{ preferredMaintenanceWindow: 'sun:03:00-sun:03:10' }, /^`preferredMaintenanceWindow` must last at least 30 minutes, got 'sun:03:00-sun:03:10'$/],
    [{ preferredMaintenanceWindow: 'tue:02:30-tue:03:30' }, /^`preferredMaintenanceWindow` must not overlap `preferredBackupWindow` \('02:00-03:00'\), got 'tue:02:30-tue:03:30'$/],
    // A maintenance window over midnight and the end of the week still meets Monday's backup window.
    [{ preferredMaintenanceWindow: 'sun:23:00-mon:02:30' }, /^`preferredMaintenanceWindow` must not overlap .*got 'sun:23:00-mon:02:30'$/],
    [{ preferredBackupWindow: '23:30-00:30', preferredMaintenanceWindow: 'fri:00:00-fri:01:00' }, /^`preferredMaintenanceWindow` must not overlap `preferredBackupWindow` \('23:30-00:30'\)/],
    // RDS accepts ports 1150 to 65535 for a DB instance or cluster (CloudFormation's Port).
    [{ port: 1149 }, /^`port` must be at least 1150, got 1149$/],
    [{ port: 80 }, /^`port` must be at least 1150, got 80$/],
    [{ port: 65536 }, /^`port` must be at most 65535, got 65536$/],
    [{ port: 5433.5 }, /^`port` must be a whole number, got 5433\.5$/],
    [{ port: '5433' as unknown as number }, /^`port` must be a whole number, got '5433'$/],
  ];
  test.each(commonFailures)('fails when the default (AURORA) database is %j', (options, message) => {
    expect(() => buildTier(options)).toThrow(message);
  });
  test.each(commonFailures)('fails when the MULTI_AZ_INSTANCE database is %j', (options, message) => {
    expect(() => buildTier({ topology: DatabaseTopology.MULTI_AZ_INSTANCE, ...options })).toThrow(message);
  });

  test.each([
    [{ topology: 'POSTGRES' as DatabaseTopology }, /^`topology` must be one of MULTI_AZ_INSTANCE, AURORA, got 'POSTGRES'$/],
  ])('fails when database is %j', (options, message) => {
    expect(() => buildTier(options)).toThrow(message);
  });

  // Storage rules of the RDS instance, and the Aurora reader options, which the instance topology refuses.
  test.each([
    [{ allocatedStorageGiB: 19 }, /^`allocatedStorageGiB` must be at least 20, got 19$/],
    [{ allocatedStorageGiB: 65537 }, /^`allocatedStorageGiB` must be at most 65536, got 65537$/],
    [{ allocatedStorageGiB: 100.5 }, /^`allocatedStorageGiB` must be a whole number, got 100\.5$/],
    [{ maxAllocatedStorageGiB: 400 }, /^`maxAllocatedStorageGiB` must be at least 10 % above `allocatedStorageGiB` \(500\), so at least 550, for RDS storage autoscaling, got 400$/],
    [{ maxAllocatedStorageGiB: 520 }, /^`maxAllocatedStorageGiB` must be at least 10 % above .*\(500\), so at least 550.*got 520$/],
    [{ allocatedStorageGiB: 1000, maxAllocatedStorageGiB: 1000 }, /^`maxAllocatedStorageGiB` must be at least 10 % above .*\(1000\), so at least 1100.*got 1000$/],
    [{ maxAllocatedStorageGiB: 70000 }, /^`maxAllocatedStorageGiB` must be at most 65536, got 70000$/],
    [{ readerMinReplicas: 1 }, /^`readerMinReplicas` must be left unset unless `topology` is AURORA/],
    [{ readerMaxReplicas: 3 }, /^`readerMaxReplicas` must be left unset unless `topology` is AURORA/],
  ])('fails when the MULTI_AZ_INSTANCE database is %j', (options, message) => {
    expect(() => buildTier({ topology: DatabaseTopology.MULTI_AZ_INSTANCE, ...options })).toThrow(message);
  });

  // Aurora's rules apply when AURORA is the default and when it is selected.
  const auroraFailures: Array<[DatabaseTierOptions, RegExp]> = [
    [{ readerMinReplicas: 4 }, /^`readerMinReplicas` must be at most `readerMaxReplicas` \(3\), got 4$/],
    [{ readerMinReplicas: 5, readerMaxReplicas: 2 }, /^`readerMinReplicas` must be at most `readerMaxReplicas` \(2\), got 5$/],
    [{ readerMinReplicas: 0 }, /^`readerMinReplicas` must be at least 1, got 0$/],
    [{ readerMaxReplicas: 16 }, /^`readerMaxReplicas` must be at most 15, got 16$/],
    [{ allocatedStorageGiB: 500 }, /^`allocatedStorageGiB` must be left unset when `topology` is AURORA \(the cluster volume grows on its own\), got 500$/],
    [{ maxAllocatedStorageGiB: 1000 }, /^`maxAllocatedStorageGiB` must be left unset when `topology` is AURORA.*got 1000$/],
    [{ instanceType: 'db.m7g.2xlarge' }, /^`instanceType` must be an instance class Aurora PostgreSQL offers \(db\.r\*, db\.x2g\* or db\.t\*; Aurora has no db\.m classes\) when `topology` is AURORA, got 'db\.m7g\.2xlarge'$/],
  ];
  test.each(auroraFailures)('fails when the default (AURORA) database is %j', (options, message) => {
    expect(() => buildTier(options)).toThrow(message);
  });
  test.each(auroraFailures)('fails when the AURORA database is %j', (options, message) => {
    expect(() => buildTier({ topology: DatabaseTopology.AURORA, ...options })).toThrow(message);
  });

  test.each([
    ['default (AURORA)', {}],
    ['AURORA', { topology: DatabaseTopology.AURORA }],
  ])('fails when the %s database has a maxConnections Token (80 % of it is the reader scaling target)', (_topology, options) => {
    expect(() => buildTier({ ...options, maxConnections: Lazy.number({ produce: () => 1000 }) })).toThrow(
      /^`maxConnections` must be a number known at synth time when `topology` is AURORA \(80 % of it is the reader scaling target\), got /);
  });

  test('fails without the platform\'s two zones, and the error names the prop', () => {
    const { stack, network } = newTierStack();
    const caught = errorOf(() => {
      new DatabaseTier(stack, 'Database', { vpc: network.vpc, subnets: network.isolatedSubnets, availabilityZones: ['eu-west-1a'] });
    });
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    expect(PlatformErrors.propPathOf(caught)).toBe('availabilityZones');
    expect(String(caught)).toMatch(/`availabilityZones` must list the platform's 2 zones \(zone 1 first\), got \["eu-west-1a"\]/);
  });

  test('a database tier used on its own names its own props, sibling props included; under the platform, the platform\'s', () => {
    const alone = errorOf(() => buildTier({ readerMinReplicas: 4 }));
    expect(PlatformErrors.propPathOf(alone)).toBe('readerMinReplicas');
    expect(PlatformErrors.constructPathOf(alone)).toBe('TierStack/Database');
    expect(alone.message).toBe('`readerMinReplicas` must be at most `readerMaxReplicas` (3), got 4');

    const underPlatform = errorOf(() => buildPlatform({ database: { readerMinReplicas: 4 } }));
    expect(PlatformErrors.propPathOf(underPlatform)).toBe('database.readerMinReplicas');
    expect(PlatformErrors.constructPathOf(underPlatform)).toBe('TestStack/Platform/Database');
    expect(underPlatform.message).toBe('`database.readerMinReplicas` must be at most `database.readerMaxReplicas` (3), got 4');
  });

  test('under the platform, the warnings name the platform\'s props', () => {
    const { stack } = buildPlatform({ database: { backupRetentionDays: 3 } });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Platform/Database',
      Match.stringLikeRegexp('multi-az-ha-platform:database.ShortBackupRetention'));
    expect(warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(/^`database\.backupRetentionDays` is 3: /)]);
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over both topologies (fixed and environment-agnostic) and
// MULTI_AZ_INSTANCE on another port, with every other tier's checks, in one synth each.
