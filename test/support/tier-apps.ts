import { Duration, Stack, StackProps, Stage } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newStack, newTestApp, TEST_ENV } from './fixtures';
import { tierStackIn } from './tier-fixtures';
import {
  DnsRouting, DrillRecoveryPredictions, DrillsOptions, MultiAzHaPlatform, MultiAzHaPlatformProps, PlatformDrills, PlatformDrillsProps,
  PlatformNetwork, PlatformNetworkProps,
} from '../../lib';
import { CacheTier, CacheTierOptions } from '../../lib/cache/cache-tier';
import { DatabaseTier, DatabaseTopology } from '../../lib/database/database-tier';
import { MessagingTier, MessagingTierOptions } from '../../lib/messaging/messaging-tier';
import { LogsAndTracesOptions, PlatformLogsAndTraces, PlatformLogsAndTracesProps } from '../../lib/observability/logs-and-traces';
import { GrafanaAuthentication, ManagedPrometheus, ManagedPrometheusOptions } from '../../lib/observability/managed-prometheus';
import { PlatformAlerting } from '../../lib/observability/platform-alerting';
import { PlatformDashboard } from '../../lib/observability/platform-dashboard';
import { SearchTier, SearchTierOptions } from '../../lib/search/search-tier';
import { StorageTier, StorageTierOptions } from '../../lib/storage/storage-tier';
import { WorkerTier } from '../../lib/workers/worker-tier';

// The apps the CloudFormation schema validation (test/platform/schema-validation.test.ts) and cdk-nag's AwsSolutions
// pack (test/nag/aws-solutions.test.ts) run over, one per check, and the pieces the tiers' own test files build with
// too. Each builder fills the app, or the stage of one, it is given: the validation tests give each check a stage
// of its own in one app, so that one synth validates them all.

type Env = { account?: string; region?: string };

// ---- The platform ----

/** The platform's props, its DNS routing instead of its `dns` (the hosted zone is the fixtures'). */
export type PlatformAppProps = Omit<MultiAzHaPlatformProps, 'dns'> & { routing?: DnsRouting };

/** A platform with `props` in a stack of its own (`TestStack`), behind the fixtures' hosted zone. */
export function platformApp(app: Stage, env: object | undefined, props: PlatformAppProps = {}): void {
  const { stack, hostedZone } = newStack({ env }, app);
  const { routing, ...platformProps } = props;
  new MultiAzHaPlatform(stack, 'Platform', { ...platformProps, dns: { hostedZone, recordName: 'app', routing } });
}

/**
 * Where the platform places its database and cache (lib/platform.ts, newDataStores): the isolated subnets of the
 * network's two serving zones.
 */
function dataStorePlacement(network: PlatformNetwork) {
  return { vpc: network.vpc, subnets: network.isolatedSubnets, availabilityZones: network.availabilityZones };
}

// ---- The database tier ----

/** Both topologies in a fixed and in an environment-agnostic stack. */
export function databaseTopologiesApp(app: Stage): void {
  const variants = [
    ['Instance', DatabaseTopology.MULTI_AZ_INSTANCE, TEST_ENV],
    ['Aurora', DatabaseTopology.AURORA, TEST_ENV],
    ['AgnosticInstance', DatabaseTopology.MULTI_AZ_INSTANCE, undefined],
    ['AgnosticAurora', DatabaseTopology.AURORA, undefined],
  ] as const;
  for (const [name, topology, env] of variants) {
    const stack = new Stack(app, `${name}Stack`, { env });
    const network = new PlatformNetwork(stack, 'Network');
    const appRole = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const tier = new DatabaseTier(stack, 'Database', { topology, ...dataStorePlacement(network) });
    tier.grantReadCredentials(appRole);
  }
}

/** A MULTI_AZ_INSTANCE database on port 5433 (not PostgreSQL's 5432) on the platform's network. */
export function databaseOnAnotherPortApp(app: Stage): void {
  const stack = new Stack(app, 'PortStack', { env: TEST_ENV });
  const network = new PlatformNetwork(stack, 'Network');
  new DatabaseTier(stack, 'Database', { topology: DatabaseTopology.MULTI_AZ_INSTANCE, port: 5433, ...dataStorePlacement(network) });
}

// ---- The cache tier ----

export interface CacheTierFixture {
  readonly stack: Stack;
  readonly network: PlatformNetwork;
  readonly appRole: iam.IRole;
  readonly appSecurityGroup: ec2.ISecurityGroup;
}

/** newTierStack's layout (without the worker role) inside a given app, for validation runs that need the app's output directory. */
export function cacheTierStackIn(app: Stage, env: Env): CacheTierFixture {
  const { stack, network, roles, appSecurityGroup } = tierStackIn(app, env, ['AppRole']);
  return { stack, network, appRole: roles.AppRole, appSecurityGroup };
}

/** The cache tier on the platform's network, wired the way the platform wires it (app SG allowed, app role granted). */
export function addCache(fixture: CacheTierFixture, options: CacheTierOptions = {}): CacheTier {
  const tier = new CacheTier(fixture.stack, 'Cache', { ...options, ...dataStorePlacement(fixture.network) });
  tier.connections.allowDefaultPortFrom(fixture.appSecurityGroup);
  tier.grantReadAuthToken(fixture.appRole);
  return tier;
}

// ---- The messaging tier ----

export interface MessagingTierFixture {
  readonly stack: Stack;
  readonly network: PlatformNetwork;
  readonly workerRole: iam.IRole;
  readonly appSecurityGroup: ec2.ISecurityGroup;
}

/** newTierStack's layout (without the app role) inside a given app, for validation runs that need the app's output directory. */
export function messagingTierStackIn(app: Stage, env: Env, stackName = 'TierStack', networkProps: PlatformNetworkProps = {}): MessagingTierFixture {
  const { stack, network, roles, appSecurityGroup } = tierStackIn(app, env, ['WorkerRole'], stackName, networkProps);
  return { stack, network, workerRole: roles.WorkerRole, appSecurityGroup };
}

/**
 * The messaging tier on the platform's network, wired the way the platform wires it: in the isolated subnets of
 * zone 1, zone 2 and the quorum zone, app SG allowed, workers granted.
 */
export function addMessaging(fixture: MessagingTierFixture, options: MessagingTierOptions = {}): MessagingTier {
  const tier = new MessagingTier(fixture.stack, 'Messaging', {
    ...options,
    vpc: fixture.network.vpc,
    subnets: fixture.network.quorumSubnets,
  });
  tier.connections.allowDefaultPortFrom(fixture.appSecurityGroup);
  tier.grantReadCredentials(fixture.workerRole);
  return tier;
}

// ---- The search tier ----

/** The search tier as in the default platform, in its own stack (with `options`, and the service-linked role). */
export function searchTierApp(app: Stage, env: Env | undefined, options: SearchTierOptions = {}): void {
  const stack = new Stack(app, 'TierStack', { env });
  const network = new PlatformNetwork(stack, 'Network');
  const tier = new SearchTier(stack, 'SearchTier', {
    ...options,
    vpc: network.vpc,
    subnets: network.quorumSubnets,
    availabilityZones: network.quorumZones,
  });
  for (const id of ['AppRole', 'WorkerRole']) {
    tier.grantReadWrite(new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }));
  }
  tier.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc }));
}

// ---- The storage tier ----

/** A storage tier replicating to another region, with a shorter version retention. */
export const REPLICATED_STORAGE: StorageTierOptions = {
  replicationDestinationBucketArn: 'arn:aws:s3:::platform-replica-eu-central-1',
  replicationDestinationKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  noncurrentVersionExpirationDays: 30,
};

/** A default and a replicating storage tier, each granted to an app role, in one stack. */
export function storageTierApp(app: Stage, env: Env | undefined): void {
  const stack = new Stack(app, 'TierStack', { env });
  const appRole = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  new StorageTier(stack, 'StorageTier').grantReadWrite(appRole);
  new StorageTier(stack, 'ReplicatedStorageTier', REPLICATED_STORAGE).grantReadWrite(appRole);
}

// ---- The worker tier ----

/** The broker-wide queue depth, as the messaging tier's metricMessageCount() would hand it over. */
export function queueDepth(): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/AmazonMQ', metricName: 'MessageCount', dimensionsMap: { Broker: 'b' } });
}

/** An app with the platform network and two worker tiers (queue-depth and CPU scaling). */
export function workerTiersApp(app: Stage): void {
  const stack = new Stack(app, 'TierStack', { env: TEST_ENV });
  const network = new PlatformNetwork(stack, 'Network');
  const zoneSubnets = [0, 1].map((zone) => network.privateSubnetOfZone(zone));
  new WorkerTier(stack, 'Workers', { vpc: network.vpc, zoneSubnets, queueDepthMetric: queueDepth() });
  new WorkerTier(stack, 'CpuWorkers', { vpc: network.vpc, zoneSubnets, instanceType: new ec2.InstanceType('m7i.large') });
}

// ---- Observability: Managed Prometheus, logs and traces, alerting and dashboard ----

/** A plain stack with the two topics (KMS-encrypted, TLS-only, like the platform's) and an instance role. */
export function buildPrometheus(options: ManagedPrometheusOptions = {}, env: Env = TEST_ENV, app?: Stage) {
  const { stack } = newStack({ env }, app);
  const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
  const criticalTopic = new sns.Topic(stack, 'CriticalTopic', { masterKey: topicKey, enforceSSL: true });
  const warningTopic = new sns.Topic(stack, 'WarningTopic', { masterKey: topicKey, enforceSSL: true });
  const instanceRole = new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const prometheus = new ManagedPrometheus(stack, 'Prometheus', { ...options, criticalTopic, warningTopic });
  prometheus.grantRemoteWrite(instanceRole);
  return { stack, topicKey, criticalTopic, warningTopic, instanceRole, prometheus };
}

/** Managed Prometheus with every option changed, Grafana on. */
export const CUSTOM_PROMETHEUS: ManagedPrometheusOptions = {
  errorRatePercent: 2.5,
  replicationLagThreshold: Duration.seconds(45),
  logRetention: logs.RetentionDays.THREE_MONTHS,
  grafana: { authenticationProviders: [GrafanaAuthentication.AWS_SSO, GrafanaAuthentication.SAML], grafanaVersion: '10.4' },
};

/** A plain stack with the construct and an instance role granted everything the instances need. */
export function buildLogs(options: PlatformLogsAndTracesProps = {}, env: Env = TEST_ENV, app?: Stage) {
  const { stack } = newStack({ env }, app);
  const instanceRole = new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const telemetry = new PlatformLogsAndTraces(stack, 'LogsAndTraces', options);
  telemetry.grantWriteLogs(instanceRole);
  telemetry.grantPutTraces(instanceRole);
  telemetry.grantReadAgentConfig(instanceRole);
  return { stack, instanceRole, telemetry };
}

/** Logs and traces with every option changed. */
export const CUSTOM_LOGS: LogsAndTracesOptions = {
  logRetention: logs.RetentionDays.ONE_MONTH,
  appLogFilePath: '/srv/shop/logs/app.log',
  workerLogFilePath: '/srv/shop/logs/worker-*.log',
  traceServiceName: 'shop-api',
  traceSampleRate: 0.2,
  traceReservoirPerSecond: 5,
};

/** The tiers of a platform, as the alerting and the dashboard take them. */
export function tiersOf(platform: MultiAzHaPlatform) {
  return {
    appTier: platform.appTier,
    dns: platform.dns,
    workers: platform.workers,
    database: platform.database,
    cache: platform.cache,
    search: platform.search,
    messaging: platform.messaging,
  };
}

/** Two email lists for the alerting: one for critical alarms, two addresses for warnings. */
export const ALERT_EMAILS = { criticalEmails: ['oncall@example.com'], warningEmails: ['team@example.com', 'lead@example.com'] };

/** The default platform, its alerting and dashboard in an app of their own. */
export function observabilityApp(app: Stage, env: StackProps['env']): void {
  const { stack, hostedZone } = newStack({ env }, app);
  const platform = new MultiAzHaPlatform(stack, 'Platform', { dns: { hostedZone, recordName: 'app' } });
  const tiers = tiersOf(platform);
  const alerting = new PlatformAlerting(stack, 'Alerting', { ...tiers, ...ALERT_EMAILS });
  new PlatformDashboard(stack, 'Dashboard', { ...tiers, storage: platform.storage, alarms: Object.values(alerting.alarms) });
}

// ---- The drills ----

export interface DrillsFixtureOptions {
  readonly database?: 'aurora' | 'instance' | 'none';
  readonly cache?: boolean;
  readonly workers?: boolean;
  /** `zone`: Zone Down and High Error Rate per zone plus a platform alarm; `none`: no alarm at all. */
  readonly alarms?: 'all' | 'none';
  readonly drills?: DrillsOptions;
  readonly predictions?: DrillRecoveryPredictions;
  readonly env?: Env;
  readonly app?: Stage;
  readonly sharedLogsPolicy?: boolean;
}

/** The alarms a platform would hand the drills, by the observability tier's names. */
export interface DrillsFixtureAlarms {
  readonly zone1Down: cloudwatch.Alarm;
  readonly zone2Down: cloudwatch.Alarm;
  readonly zone1HighErrorRate: cloudwatch.Alarm;
  readonly zone2HighErrorRate: cloudwatch.Alarm;
  readonly searchClusterRed: cloudwatch.Alarm;
}

/**
 * A stack with the platform's network and what the drills act on, shaped like the platform's tiers: app servers and
 * workers in one Auto Scaling group per zone, each fleet from one launch template with one security group; an Aurora
 * cluster or a Multi-AZ DB instance; a Valkey replication group; and the alarms.
 */
export function drillsFixture(options: DrillsFixtureOptions = {}) {
  const app = options.app ?? newTestApp();
  const stack = new Stack(app, 'TierStack', { env: options.env ?? TEST_ENV });
  const network = new PlatformNetwork(stack, 'Network');
  const vpc = network.vpc;
  const fleet = (name: string) => {
    const launchTemplate = new ec2.LaunchTemplate(stack, `${name}LaunchTemplate`, {
      instanceType: new ec2.InstanceType('c7g.large'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      securityGroup: new ec2.SecurityGroup(stack, `${name}SecurityGroup`, { vpc }),
    });
    return [0, 1].map((zone) => new autoscaling.AutoScalingGroup(stack, `${name}Zone${zone + 1}`, {
      vpc, vpcSubnets: network.privateSubnetOfZone(zone), launchTemplate, minCapacity: 2, maxCapacity: 4,
    }));
  };
  const appServers = fleet('App');
  const workers = options.workers === false ? undefined : fleet('Workers');
  const database = options.database ?? 'aurora';
  const cluster = database === 'aurora' ? new rds.DatabaseCluster(stack, 'Aurora', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of('17', '17') }),
    writer: rds.ClusterInstance.provisioned('Writer'),
    readers: [rds.ClusterInstance.provisioned('Reader')],
    vpc,
    vpcSubnets: network.isolatedSubnets,
  }) : undefined;
  const instance = database === 'instance' ? new rds.DatabaseInstance(stack, 'Postgres', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('18', '18') }),
    vpc,
    vpcSubnets: network.isolatedSubnets,
    multiAz: true,
    storageEncrypted: true,
  }) : undefined;
  const cache = options.cache === false ? undefined : new elasticache.CfnReplicationGroup(stack, 'Cache', {
    replicationGroupDescription: 'Valkey of the drills test',
    engine: 'valkey',
    cacheNodeType: 'cache.m7g.large',
    numCacheClusters: 2,
    multiAzEnabled: true,
    automaticFailoverEnabled: true,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
  });
  const alarm = (id: string) => new cloudwatch.Alarm(stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'Test', metricName: id }), threshold: 1, evaluationPeriods: 1,
  });
  const alarms: DrillsFixtureAlarms = {
    zone1Down: alarm('Zone1Down'),
    zone2Down: alarm('Zone2Down'),
    zone1HighErrorRate: alarm('Zone1HighErrorRate'),
    zone2HighErrorRate: alarm('Zone2HighErrorRate'),
    searchClusterRed: alarm('SearchClusterRed'),
  };
  const sharedPolicy = options.sharedLogsPolicy ? new logs.ResourcePolicy(stack, 'SharedLogsPolicy') : undefined;
  const props: PlatformDrillsProps = {
    ...options.drills,
    vpc,
    zones: [0, 1].map((zone) => ({
      availabilityZone: network.availabilityZones[zone],
      appServers: appServers[zone],
      workers: workers?.[zone],
      subnets: [network.privateSubnetOfZone(zone).subnets![0], network.isolatedSubnets.subnets![zone]],
    })),
    databaseCluster: cluster,
    databaseInstance: instance,
    cacheReplicationGroup: cache,
    ...(options.alarms === 'none' ? {} : {
      zoneAlarms: [
        { down: alarms.zone1Down, highErrorRate: alarms.zone1HighErrorRate },
        { down: alarms.zone2Down, highErrorRate: alarms.zone2HighErrorRate },
      ],
      platformAlarms: [alarms.searchClusterRed],
    }),
    predictedRecoverySeconds: options.predictions,
    logsResourcePolicy: sharedPolicy,
  };
  return { app, stack, network, appServers, workers, cluster, instance, cache, alarms, sharedPolicy, props };
}

/** The drills (`TierStack/Drills`) on the drills fixture with `options`, in `app`. */
export function drillsApp(app: Stage, options: Omit<DrillsFixtureOptions, 'app'> = {}): void {
  const built = drillsFixture({ ...options, app });
  new PlatformDrills(built.stack, 'Drills', built.props);
}
