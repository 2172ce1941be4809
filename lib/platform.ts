import { Fn, Stack } from 'aws-cdk-lib';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AppTier, AppTierOptions } from './app-tier/app-tier';
import { CacheTier, CacheTierOptions } from './cache/cache-tier';
import { DatabaseTier, DatabaseTierOptions } from './database/database-tier';
import { PlatformParameters } from './discovery/platform-parameters';
import { checkParameterPrefix } from './discovery/validate-platform-parameters-props';
import { DnsOptions, GlobalDns } from './dns/global-dns';
import { outlierIds } from './dns/outlier-ids';
import { DrillsOptions, PlatformDrills } from './drills/platform-drills';
import { MessagingTier, MessagingTierOptions } from './messaging/messaging-tier';
import { NetworkOptions, PlatformNetwork } from './network/platform-network';
import { ObservabilityTier, ObservabilityTierOptions } from './observability/observability-tier';
import { acknowledgeComplianceOnGrantee, COMPLIANCE_PACKS, INLINE_GRANT_POLICY_REASON } from './private/acknowledgements';
import { validatePlatformShape } from './private/validate-platform-props';
import { registerPropPath, validateProps } from './private/validation';
import { checkRecoveryAtSynth } from './resilience/resilience-check';
import { ResilienceOptions } from './resilience/resilience-options';
import { SearchTier, SearchTierOptions } from './search/search-tier';
import { StorageTier, StorageTierOptions } from './storage/storage-tier';
import { WorkerTier, WorkerTierOptions } from './workers/worker-tier';

/** Properties of {@link MultiAzHaPlatform}: one options object per tier. */
export interface MultiAzHaPlatformProps {
  /** The global DNS name, its health checks and the HTTPS certificate. */
  readonly dns: DnsOptions;

  /**
   * The VPC: two serving zones, plus an isolated subnet in a third zone (the quorum zone) for the quorum members
   * of the data tiers.
   * @default - a new 10.0.0.0/16 VPC over the stack's first two zones, with the third zone as the quorum zone
   */
  readonly network?: NetworkOptions;

  /**
   * The app servers and the load balancer of each zone.
   * @default - 4 + 4 app servers (c7g.xlarge, then c6gn.xlarge when a zone has no c7g capacity) on port 8080
   */
  readonly appTier?: AppTierOptions;

  /**
   * The background workers. Turn them off with `{ enabled: false }`.
   * @default - 3 + 2 workers (c7g.large, then c6gn.large), scaling on the broker's queue depth
   */
  readonly workers?: WorkerTierOptions;

  /**
   * PostgreSQL. Turn it off with `{ enabled: false }`.
   * @default - Aurora PostgreSQL (db.r7g.2xlarge), the writer in zone 1 and a reader in zone 2 at promotion tier 0
   */
  readonly database?: DatabaseTierOptions;

  /**
   * The cache (Valkey or Redis OSS). Turn it off with `{ enabled: false }`.
   * @default - Valkey, primary in zone 1 and a replica in zone 2, automatic failover
   */
  readonly cache?: CacheTierOptions;

  /**
   * The search cluster (OpenSearch Service). Turn it off with `{ enabled: false }`.
   * @default - 3 dedicated masters, one per zone, and 6 data nodes with Multi-AZ with Standby over zone 1, zone 2 and the quorum zone
   */
  readonly search?: SearchTierOptions;

  /**
   * The message broker (Amazon MQ for RabbitMQ). Turn it off with `{ enabled: false }`.
   * @default - a 3-node RabbitMQ cluster, one node in zone 1, zone 2 and the quorum zone
   */
  readonly messaging?: MessagingTierOptions;

  /**
   * Object storage (S3). Turn it off with `{ enabled: false }`.
   * @default - a versioned, KMS-encrypted bucket, not replicated
   */
  readonly storage?: StorageTierOptions;

  /**
   * Alerts, dashboard, Prometheus/Alertmanager (Grafana opt-in), logs and traces. Turn it off with `{ enabled: false }`.
   * @default - SNS topics by severity, the reference architecture's alarms, a dashboard, a Prometheus workspace, log groups and X-Ray
   */
  readonly observability?: ObservabilityTierOptions;

  /**
   * Zone-failure drills: one AWS FIS experiment template per failure the platform claims to survive (each zone's
   * power loss, an app server, the database primary, the cache primary). Templates cost nothing until started.
   * Turn them off with `{ enabled: false }`.
   * @default - the drills, 10 minutes each, stopped by the surviving zone's alarms
   */
  readonly drills?: DrillsOptions;

  /**
   * Recovery targets checked at synth time: each target the configuration cannot meet is a warning
   * (`multi-az-ha-platform:resilience.<scenario>`) naming the setting that would meet it, and so is each tier that
   * does not keep serving after the loss of zone 1, zone 2 or the quorum zone (`resilience.zone-loss.<tier>`).
   * @default - the reference architecture's targets (zone 2 min, app server 30 s, database 30 s, cache 30 s, search node 10 min, broker node 1 min)
   */
  readonly resilience?: ResilienceOptions;

  /**
   * The SSM parameter path under which the platform publishes endpoints, ports, secret ARNs and names
   * for the app servers and workers to read at boot.
   * @default - `/multi-az-ha-platform/<stack name>`
   */
  readonly parameterPrefix?: string;
}

/** The prop under which the platform passes each child its options: a child's errors name `cache.nodeType`. */
const TIER_PROP_PATHS: Record<string, string> = Object.fromEntries([
  'network', 'appTier', 'dns', 'messaging', 'workers', 'database', 'cache', 'search', 'storage', 'observability', 'drills',
].map((prop) => [prop.charAt(0).toUpperCase() + prop.slice(1), prop]));

/**
 * A two-zone, highly available web platform: Route 53 health-checked DNS in front of a load balancer
 * per zone, each serving its own zone's app servers; workers in both zones; PostgreSQL, a cache, a search
 * cluster, a message broker and object storage, each surviving the loss of a zone; in a VPC over two zones.
 *
 * Each tier is a construct of its own, reachable as a property. The platform only wires them together:
 * security groups (app servers and workers reach each data store on its port), grants (each role reads
 * exactly the secrets it needs), and the SSM parameters that tell the instances where everything is.
 */
export class MultiAzHaPlatform extends Construct {
  /** The network tier: VPC, subnets, NAT gateways, flow logs, endpoints. */
  public readonly network: PlatformNetwork;
  /** The app tier: a load balancer and an Auto Scaling group of app servers per zone. */
  public readonly appTier: AppTier;
  /** The global DNS: health checks and failover (or weighted) records. */
  public readonly dns: GlobalDns;
  /** The workers. Only when `workers.enabled` is not false. */
  public readonly workers?: WorkerTier;
  /** PostgreSQL. Only when `database.enabled` is not false. */
  public readonly database?: DatabaseTier;
  /** The cache. Only when `cache.enabled` is not false. */
  public readonly cache?: CacheTier;
  /** The search cluster. Only when `search.enabled` is not false. */
  public readonly search?: SearchTier;
  /** The message broker. Only when `messaging.enabled` is not false. */
  public readonly messaging?: MessagingTier;
  /** Object storage. Only when `storage.enabled` is not false. */
  public readonly storage?: StorageTier;
  /** Alerts, dashboard, Prometheus, logs and traces. Only when `observability.enabled` is not false. */
  public readonly observability?: ObservabilityTier;
  /** The zone-failure drills (AWS FIS experiment templates). Only when `drills.enabled` is not false. */
  public readonly drills?: PlatformDrills;
  /** The SSM parameters the instances read at boot, and the grant to read them. */
  public readonly parameters: PlatformParameters;
  /**
   * The one account-level CloudWatch Logs resource policy of the platform (an account holds at most 10 per Region):
   * the app tier's statement (AWS WAF log delivery) and the search tier's (OpenSearch Service logs), each scoped to
   * the tier's own log groups.
   */
  public readonly logsResourcePolicy: logs.ResourcePolicy;

  constructor(scope: Construct, id: string, props: MultiAzHaPlatformProps) {
    super(scope, id);
    for (const [childId, propPath] of Object.entries(TIER_PROP_PATHS)) {
      registerPropPath(this, childId, propPath);
    }
    validateProps(this, () => validatePlatformShape(props));
    const domainName = validateProps(this, () => GlobalDns.domainNameOf(props.dns), 'dns');
    const parameterPrefix = props.parameterPrefix ?? `/multi-az-ha-platform/${Stack.of(this).stackName}`;
    // Checked here: the prop is the platform's `parameterPrefix`, which PlatformParameters calls `prefix`.
    validateProps(this, () => checkParameterPrefix('parameterPrefix', parameterPrefix));
    const parameters = new PlatformParameters(this, 'Parameters', { prefix: parameterPrefix });
    this.parameters = parameters;

    this.network = new PlatformNetwork(this, 'Network', props.network);
    const network = this.network;
    const vpc = network.vpc;
    const zoneSubnets = [0, 1].map((zone) => network.privateSubnetOfZone(zone));
    this.logsResourcePolicy = new logs.ResourcePolicy(this, 'LogsResourcePolicy');

    this.appTier = new AppTier(this, 'AppTier', {
      ...props.appTier,
      vpc,
      publicSubnets: network.publicSubnets,
      zoneSubnets,
      domainName,
      certificate: props.dns.certificate,
      hostedZone: props.dns.hostedZone,
      logsResourcePolicy: this.logsResourcePolicy,
    });
    this.dns = this.newDns(props.dns);

    // Quorum members (broker nodes, search masters) over both serving zones and the quorum zone.
    this.messaging = enabled(props.messaging)
      ? new MessagingTier(this, 'Messaging', { ...props.messaging, vpc, subnets: network.quorumSubnets })
      : undefined;
    this.workers = enabled(props.workers)
      ? new WorkerTier(this, 'Workers', { ...props.workers, vpc, zoneSubnets, queueDepthMetric: this.messaging?.metricMessageCount() })
      : undefined;
    const stores = this.newDataStores(props);
    this.database = stores.database;
    this.cache = stores.cache;
    this.search = stores.search;
    this.storage = stores.storage;
    this.observability = enabled(props.observability) ? this.newObservability(props.observability) : undefined;
    // An evacuated zone tells on-call: its switch alarm notifies the warning topic when set and when cleared.
    if (this.observability) {
      this.dns.addEvacuationAlarmActions(new cwactions.SnsAction(this.observability.warningTopic));
    }

    this.connectInstances(parameters);
    this.drills = enabled(props.drills) ? this.newDrills(props.drills) : undefined;
    this.publishParameters();
    // The drills carry the recovery the report predicts for their scenario, computed from the tiers' settings.
    checkRecoveryAtSynth(this, props.resilience, (scenarios) => {
      for (const scenario of scenarios) {
        if (this.drills?.templates[scenario.id] && scenario.expectedSeconds !== undefined) {
          this.drills.predictRecovery(scenario.id, scenario.expectedSeconds);
        }
      }
    });
  }

  private newDns(options: DnsOptions): GlobalDns {
    return new GlobalDns(this, 'Dns', {
      ...options,
      // Route 53 requests through each zone's load balancer what the app servers answer.
      healthCheckPath: options.healthCheckPath ?? this.appTier.healthCheckPath,
      zoneLoadBalancers: this.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
      // What the optional gray-failure detector compares between the zones. The error rate's ids are the zone's own
      // in the detector's alarms, its request count the one the detector reads (q1, q2); no FILL (see the detector).
      zoneTrafficMetrics: [1, 2].map((z) => ({
        requestCount: this.appTier.metricRequestCount(z - 1),
        errorRate: this.appTier.metricErrorRate(z - 1, {
          fillMissingErrorCounts: false,
          metricIds: { target: `e${z}a`, elb: `e${z}b`, requests: outlierIds(z).requests },
        }),
        targetResponseTime: this.appTier.metricTargetResponseTime(z - 1),
      })),
    });
  }

  /** The data stores in the isolated subnets (the search domain also in the quorum zone's) and the bucket. */
  private newDataStores(props: MultiAzHaPlatformProps): {
    database?: DatabaseTier; cache?: CacheTier; search?: SearchTier; storage?: StorageTier;
  } {
    const network = this.network;
    const dataStore = { vpc: network.vpc, subnets: network.isolatedSubnets, availabilityZones: network.availabilityZones };
    return {
      database: enabled(props.database) ? new DatabaseTier(this, 'Database', { ...props.database, ...dataStore }) : undefined,
      cache: enabled(props.cache) ? new CacheTier(this, 'Cache', { ...props.cache, ...dataStore }) : undefined,
      search: enabled(props.search) ? new SearchTier(this, 'Search', {
        ...props.search,
        vpc: network.vpc,
        subnets: network.quorumSubnets,
        availabilityZones: network.quorumZones,
        logsResourcePolicy: this.logsResourcePolicy,
      }) : undefined,
      storage: enabled(props.storage) ? new StorageTier(this, 'Storage', props.storage) : undefined,
    };
  }

  private newObservability(options?: ObservabilityTierOptions): ObservabilityTier {
    return new ObservabilityTier(this, 'Observability', {
      ...options,
      appTier: this.appTier,
      dns: this.dns,
      workers: this.workers,
      database: this.database,
      cache: this.cache,
      search: this.search,
      messaging: this.messaging,
      storage: this.storage,
    });
  }

  /**
   * Who may reach and read what: the app servers and the workers reach each data store on its port only, read the
   * platform's parameters and credentials, and boot with the platform's telemetry and parameters.
   */
  private connectInstances(parameters: PlatformParameters): void {
    const clients: Array<{ connectable: ec2.IConnectable; role: iam.IRole }> = [
      { connectable: this.appTier, role: this.appTier.role },
      ...(this.workers ? [{ connectable: this.workers, role: this.workers.role }] : []),
    ];
    for (const { connectable, role } of clients) {
      parameters.grantRead(role);
      this.database?.connections.allowDefaultPortFrom(connectable, 'PostgreSQL from the platform instances');
      this.database?.grantReadCredentials(role);
      this.cache?.connections.allowDefaultPortFrom(connectable, 'Valkey/Redis (TLS) from the platform instances');
      this.cache?.grantReadAuthToken(role);
      this.search?.connections.allowDefaultPortFrom(connectable, 'OpenSearch HTTPS from the platform instances');
      this.search?.grantReadWrite(role);
      this.messaging?.connections.allowDefaultPortFrom(connectable, 'AMQPS from the platform instances');
      this.messaging?.grantReadCredentials(role);
      this.storage?.grantReadWrite(role);
      this.observability?.grantInstanceTelemetry(role);
      acknowledgeComplianceOnGrantee(role, COMPLIANCE_PACKS, 'IAMNoInlinePolicy', INLINE_GRANT_POLICY_REASON);
    }
    for (const fleet of [this.appTier, this.workers]) {
      fleet?.addPlatformBootCommands(...this.observability?.userDataCommands() ?? []);
      fleet?.exportParametersAtBoot(parameters.prefix, parameters);
    }
  }

  private newDrills(options?: DrillsOptions): PlatformDrills {
    const network = this.network;
    const alarms = this.observability?.alerting.alarms;
    return new PlatformDrills(this, 'Drills', {
      ...options,
      vpc: network.vpc,
      zones: [0, 1].map((zone) => ({
        availabilityZone: network.availabilityZones[zone],
        appServers: this.appTier.autoScalingGroups[zone],
        workers: this.workers?.autoScalingGroups[zone],
        // A zone's power loss cuts its private (app servers, workers) and isolated (data stores) subnets.
        subnets: [...network.privateSubnetOfZone(zone).subnets!, network.isolatedSubnets.subnets![zone]],
      })),
      databaseCluster: this.database?.cluster,
      databaseInstance: this.database?.instance,
      cacheReplicationGroup: this.cache?.replicationGroup,
      // A drill stops when customers are hurt beyond what it rehearses: the surviving zone down or erroring, or
      // the search cluster red. The zone under test's own alarms are the drill working (PlatformDrills decides).
      zoneAlarms: alarms && [1, 2].map((zone) => ({ down: alarms[`Zone${zone}Down`], highErrorRate: alarms[`Zone${zone}HighErrorRate`] })),
      platformAlarms: alarms?.SearchClusterRed ? [alarms.SearchClusterRed] : undefined,
      logsResourcePolicy: this.logsResourcePolicy,
    });
  }

  private publishParameters(): void {
    const p = this.parameters;
    p.publish('dns', 'domain-name', this.dns.domainName, 'Name clients use to reach the platform');
    p.publish('app', 'port', String(this.appTier.port), 'Port the app servers listen on');
    if (this.database) {
      p.publish('database', 'writer-endpoint', this.database.writerEndpoint.hostname, 'PostgreSQL writer (primary) host name');
      p.publish('database', 'reader-endpoint', this.database.readerEndpoint.hostname, 'PostgreSQL reader (replica) host name');
      p.publish('database', 'port', String(this.database.port), 'PostgreSQL port (TLS required)');
      p.publish('database', 'secret-arn', this.database.secret.secretArn, 'Secrets Manager secret of the PostgreSQL credentials');
    }
    if (this.cache) {
      p.publish('cache', 'primary-endpoint', this.cache.primaryEndpointAddress, 'Cache primary host name (TLS required)');
      p.publish('cache', 'reader-endpoint', this.cache.readerEndpointAddress, 'Cache reader host name (TLS required)');
      p.publish('cache', 'port', String(this.cache.port), 'Cache port');
      p.publish('cache', 'auth-secret-arn', this.cache.authSecret.secretArn, 'Secrets Manager secret of the cache AUTH token');
    }
    if (this.search) {
      p.publish('search', 'endpoint', this.search.endpoint, 'OpenSearch HTTPS host name (requests signed with SigV4)');
    }
    if (this.messaging) {
      p.publish('messaging', 'amqp-endpoint', Fn.select(0, this.messaging.amqpEndpoints), 'RabbitMQ AMQPS endpoint');
      p.publish('messaging', 'secret-arn', this.messaging.adminSecret.secretArn, 'Secrets Manager secret of the RabbitMQ credentials');
    }
    if (this.storage) {
      p.publish('storage', 'bucket-name', this.storage.bucket.bucketName, 'S3 bucket for application objects');
    }
    if (this.observability) {
      const telemetry = this.observability.logsAndTraces;
      p.publish('observability', 'prometheus-remote-write-url', this.observability.prometheus.remoteWriteUrl,
        'Amazon Managed Service for Prometheus remote write URL (SigV4)');
      p.publish('observability', 'app-log-group', telemetry.appLogGroup.logGroupName, 'Log group of the app servers');
      p.publish('observability', 'workers-log-group', telemetry.workersLogGroup.logGroupName, 'Log group of the workers');
    }
  }
}

function enabled(options?: { readonly enabled?: boolean }): boolean {
  return options?.enabled ?? true;
}
