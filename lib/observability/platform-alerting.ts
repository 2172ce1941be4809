import { ArnFormat, Aspects, CfnResource, Duration, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  brokerDiskFreeMultiple, brokerMemoryUsedPercent, brokerNodeLimits, brokerNodeQuery, NodeAggregate, showGiB,
} from './broker-node-metrics';
import { ObservedTiers } from './observed-tiers';
import { CacheTier } from '../cache/cache-tier';
import { DatabaseTier } from '../database/database-tier';
import { MessagingTier } from '../messaging/messaging-tier';
import { warn } from '../private/acknowledgements';
import { newTierKey } from '../private/encrypted-logs';
import { checkList, fail, isToken, show } from '../private/validation';
import { SearchTier } from '../search/search-tier';
import { WorkerTier } from '../workers/worker-tier';

/**
 * Where the platform's alarms go and when they fire: the two severity topics (or your own), their email
 * subscribers, and every threshold. The defaults are the seed's ("Critical Alerts", "Scaling Triggers") and,
 * for the health of each tier, the values AWS recommends for the service.
 */
export interface PlatformAlertingOptions {
  /**
   * Topic of the alerts that page on-call (Zone Down, search cluster red). Bring your own to route them to a
   * pager; it must let `cloudwatch.amazonaws.com` publish (and use its KMS key, if encrypted).
   *
   * A topic delivers only to its subscribers: the platform warns at synth
   * (`multi-az-ha-platform:observability.no-critical-subscriber`) when this topic is created in the app and has none.
   * @default - a new topic, encrypted with a new customer-managed KMS key, TLS-only, with no subscriber but `criticalEmails`
   */
  readonly criticalTopic?: sns.ITopic;

  /**
   * Topic of the alerts that notify the team (every other alarm and the database failover events). Bring your
   * own to route them to chat; it must let `cloudwatch.amazonaws.com` and `events.amazonaws.com` publish (and use
   * its KMS key, if encrypted).
   * @default - a new topic, encrypted with a new customer-managed KMS key, TLS-only
   */
  readonly warningTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the critical topic (each confirms by email).
   *
   * Someone must receive the critical alerts: set this, or bring a `criticalTopic` your pager subscribes to, or
   * subscribe to the topic the platform creates, for example
   * `platform.observability!.alerting.criticalTopic.addSubscription(new subscriptions.SqsSubscription(queue))`
   * (aws-cdk-lib/aws-sns-subscriptions: email, SMS, HTTPS, Lambda, SQS). Without any of these the platform warns at
   * synth (`multi-az-ha-platform:observability.no-critical-subscriber`).
   * @default - no email subscription
   */
  readonly criticalEmails?: string[];

  /**
   * Email addresses subscribed to the warning topic (each confirms by email).
   * @default - no email subscription
   */
  readonly warningEmails?: string[];

  /**
   * High Error Rate: 5xx responses (app servers' and load balancer's) as a percentage of a zone's requests.
   * @default 1
   */
  readonly errorRatePercent?: number;

  /**
   * Replication Lag: how far the database replica (or Aurora readers) and the cache replicas may lag.
   * @default Duration.seconds(30)
   */
  readonly replicationLagThreshold?: Duration;

  /**
   * Average CPU utilization of a zone's app servers above which the team is told scaling has not caught up.
   * @default 70
   */
  readonly cpuThresholdPercent?: number;

  /**
   * Database connections, as a percentage of `max_connections`, above which read replicas should be added.
   * @default 80
   */
  readonly databaseConnectionsPercent?: number;

  /**
   * p99 target response time of a zone above which the platform should scale horizontally.
   * @default Duration.millis(500)
   */
  readonly p99LatencyThreshold?: Duration;

  /**
   * Messages on the broker (ready plus unacknowledged) above which workers should be added.
   * @default 10000
   */
  readonly queueDepthThreshold?: number;

  /**
   * CPU utilization of the database primary (or Aurora writer), in percent.
   * @default 80
   */
  readonly databaseCpuThresholdPercent?: number;

  /**
   * Free storage of the database primary below which the team is told; on Aurora, free local storage of the writer.
   * @default - 10 % of the allocated storage (50 GiB of the default 500 GiB); 10 GiB of local storage on Aurora
   */
  readonly databaseFreeStorageThreshold?: Size;

  /**
   * Freeable memory of the database primary (or Aurora writer) below which the team is told.
   * @default Size.gibibytes(3) (about 10 % of the default db.m7g.2xlarge's 32 GiB)
   */
  readonly databaseFreeableMemoryThreshold?: Size;

  /**
   * Engine CPU utilization of a cache node (the engine's main thread), in percent.
   * @default 90
   */
  readonly cacheCpuThresholdPercent?: number;

  /**
   * Share of a cache node's maxmemory in use, in percent; the node evicts keys near 100.
   * @default 80
   */
  readonly cacheMemoryUsagePercent?: number;

  /**
   * Keys a cache node may evict in 5 minutes before the team is told (0: any sustained eviction).
   * @default 0
   */
  readonly cacheEvictionsThreshold?: number;

  /**
   * Free storage of the search data node with the least left, below which the team is told.
   * @default - 25 % of a data node's volume (64 GiB of the default 256 GiB), as AWS recommends
   */
  readonly searchFreeStorageThreshold?: Size;

  /**
   * JVM memory pressure of the search data nodes, in percent.
   * @default 80
   */
  readonly searchJvmMemoryPressurePercent?: number;

  /**
   * Memory RabbitMQ uses, as a percentage of its memory limit (where it blocks every publisher).
   * @default 80
   */
  readonly brokerMemoryUsagePercent?: number;

  /**
   * Free disk of the broker, as a multiple of RabbitMQ's free disk limit (where it blocks every publisher),
   * below which the team is told. Greater than 1.
   * @default 2
   */
  readonly brokerDiskFreeLimitMultiple?: number;

  /**
   * CPU utilization of the broker, in percent.
   * @default 80
   */
  readonly brokerCpuThresholdPercent?: number;
}

/** Properties of {@link PlatformAlerting}: the tiers to watch, and the options. */
export interface PlatformAlertingProps extends PlatformAlertingOptions, ObservedTiers {}

/** Where an alarm notifies. */
enum Severity {
  CRITICAL = 'CRITICAL',
  WARNING = 'WARNING',
}

/** How one alarm evaluates and whom it tells. */
interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly window: EvaluationWindow;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly severity: Severity;
  /** The seed line (or health check) the alarm implements. */
  readonly seed: string;
  /** What the alarm means when it fires, and why missing data is treated the way it is. */
  readonly condition: string;
  /** What the person who receives it does. */
  readonly action: string;
}

/** The period of the metric, and how many periods (of how many) must breach. */
interface EvaluationWindow {
  readonly period: Duration;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** Zone Down pages within about two minutes: every target of the zone has failed its health checks by then. */
const ZONE_DOWN: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 2, datapointsToAlarm: 2 };
/** Error rate over 1-minute periods, in 3 of the last 5 minutes: a burst is not an incident, a trend is. */
const ERROR_RATE: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 5, datapointsToAlarm: 3 };
/** Replication lag above the threshold for 3 minutes in a row: a vacuum or a batch spike is not a network problem. */
const REPLICATION_LAG: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 3, datapointsToAlarm: 3 };
/**
 * Scaling triggers and tier health: 15 minutes above the threshold. Scaling reacts to the same signals within
 * minutes, so an alarm means it has not caught up (the group is at its maximum, or scaling fails).
 */
const SUSTAINED: EvaluationWindow = { period: Duration.minutes(5), evaluationPeriods: 3, datapointsToAlarm: 3 };
/** AWS's recommended alarms for OpenSearch Service, period for period. */
const SEARCH_RED: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 1, datapointsToAlarm: 1 };
const SEARCH_YELLOW: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 5, datapointsToAlarm: 5 };
const SEARCH_STORAGE: EvaluationWindow = { period: Duration.minutes(1), evaluationPeriods: 1, datapointsToAlarm: 1 };

const DEFAULT_ERROR_RATE_PERCENT = 1;
const DEFAULT_REPLICATION_LAG = Duration.seconds(30);
const DEFAULT_CPU_PERCENT = 70;
const DEFAULT_DATABASE_CONNECTIONS_PERCENT = 80;
const DEFAULT_P99_LATENCY = Duration.millis(500);
const DEFAULT_QUEUE_DEPTH = 10_000;
const DEFAULT_DATABASE_CPU_PERCENT = 80;
const DEFAULT_DATABASE_FREE_STORAGE_SHARE = 0.1;
const DEFAULT_AURORA_FREE_LOCAL_STORAGE = Size.gibibytes(10);
const DEFAULT_DATABASE_FREEABLE_MEMORY = Size.gibibytes(3);
const DEFAULT_CACHE_CPU_PERCENT = 90;
const DEFAULT_CACHE_MEMORY_PERCENT = 80;
const DEFAULT_CACHE_EVICTIONS = 0;
const DEFAULT_SEARCH_FREE_STORAGE_SHARE = 0.25;
const DEFAULT_SEARCH_JVM_PERCENT = 80;
const DEFAULT_BROKER_MEMORY_PERCENT = 80;
const DEFAULT_BROKER_DISK_MULTIPLE = 2;
const DEFAULT_BROKER_CPU_PERCENT = 80;

/** What each severity's receiver does, in the words of the seed's "Critical Alerts" table. */
const PAGE = 'Page on-call';
const NOTIFY = 'Notify team';
const INVESTIGATE = 'Investigate';
const CHECK_NETWORK = 'Check network';

/**
 * The platform's notification routing and every alarm of the seed: two SNS topics by severity (critical pages
 * on-call, warning notifies the team), KMS-encrypted and TLS-only unless you bring your own, with optional
 * email subscribers; a CloudWatch alarm for each critical alert, scaling trigger and tier health check of the
 * seed (each with an alarm and an OK action to its topic), and an EventBridge rule for database failover.
 *
 * Every metric comes from a tier's `metricXxx()` method. Tiers you leave out get no alarm.
 *
 * Route 53 publishes health check metrics in us-east-1 only and CloudWatch alarms cannot watch another region,
 * so Zone Down watches the zone's target group (what the Route 53 check ultimately probes); the health check
 * status is on the dashboard.
 */
export class PlatformAlerting extends Construct {
  /** The topic of the alerts that page on-call: yours, or the one created here. */
  public readonly criticalTopic: sns.ITopic;
  /** The topic of the alerts that notify the team: yours, or the one created here. */
  public readonly warningTopic: sns.ITopic;
  /** The KMS key of the topics created here. Only when at least one topic is created here. */
  public readonly topicKey?: kms.Key;
  /** Every alarm, by construct ID (`Zone1Down`, `Zone2HighErrorRate`, `DatabaseReplicationLag`, ...). */
  public readonly alarms: { [id: string]: cloudwatch.Alarm } = {};
  /** Every EventBridge rule, by construct ID (`DatabaseFailover`). */
  public readonly rules: { [id: string]: events.Rule } = {};

  /** Whether the topic key already lets CloudWatch alarms use it (both created topics share the key). */
  private keyAllowsAlarms = false;

  constructor(scope: Construct, id: string, props: PlatformAlertingProps) {
    super(scope, id);
    validatePlatformAlertingOptions(props);
    validateTierDependentThresholds(props);

    if (!props.criticalTopic || !props.warningTopic) {
      this.topicKey = newTierKey(this, 'TopicKey', 'Encrypts the MultiAzHaPlatform alert topics (critical and warning)');
    }
    this.criticalTopic = props.criticalTopic ?? this.newTopic('CriticalTopic', 'MultiAzHaPlatform critical alerts: page on-call');
    this.warningTopic = props.warningTopic ?? this.newTopic('WarningTopic', 'MultiAzHaPlatform warnings: notify the team');
    subscribe(this.criticalTopic, props.criticalEmails);
    subscribe(this.warningTopic, props.warningEmails);
    this.warnWithoutCriticalSubscriber();

    this.requestPathAlarms(props);
    if (props.workers) {
      this.workerAlarms(props.workers);
    }
    if (props.database) {
      this.databaseAlarms(props.database, props);
    }
    if (props.cache) {
      this.cacheAlarms(props.cache, props);
    }
    if (props.search) {
      this.searchAlarms(props.search, props);
    }
    if (props.messaging) {
      this.messagingAlarms(props.messaging, props);
    }
  }

  /**
   * One warning (not one per alarm) when the critical topic is created in this app and nothing subscribes to it:
   * every critical alarm would publish to nobody. Subscriptions may be added after this construct
   * (`criticalTopic.addSubscription(...)`), so the check runs at synth. A topic imported by ARN has its
   * subscriptions outside the app: no warning.
   */
  private warnWithoutCriticalSubscriber(): void {
    const topic = this.criticalTopic;
    const cfnTopic = topic.node.defaultChild;
    if (!CfnResource.isCfnResource(cfnTopic) || cfnTopic.cfnResourceType !== sns.CfnTopic.CFN_RESOURCE_TYPE_NAME) {
      return;
    }
    let checked = false;
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this || checked) {
          return;
        }
        checked = true;
        if (!hasSubscriber(topic, cfnTopic as sns.CfnTopic)) {
          warn(this, 'observability.no-critical-subscriber',
            'Nobody receives the platform\'s critical alerts (Zone Down, search cluster red): the critical topic has ' +
            'no subscriber. Set `observability.criticalEmails` (each address confirms by email), bring a topic your ' +
            'pager subscribes to as `observability.criticalTopic`, or subscribe to ' +
            '`platform.observability.alerting.criticalTopic` (`addSubscription`).');
        }
      },
    });
  }

  /** The topic an alarm of this severity notifies. */
  private topicFor(critical: boolean): sns.ITopic {
    return critical ? this.criticalTopic : this.warningTopic;
  }

  /** Zone Down, High Error Rate, CPU and p99 latency, and the app servers in service, for each zone. */
  private requestPathAlarms(props: PlatformAlertingProps): void {
    const app = props.appTier;
    const errorRate = props.errorRatePercent ?? DEFAULT_ERROR_RATE_PERCENT;
    const cpu = props.cpuThresholdPercent ?? DEFAULT_CPU_PERCENT;
    const p99 = props.p99LatencyThreshold ?? DEFAULT_P99_LATENCY;
    app.zoneLoadBalancers.forEach((_lb, zone) => {
      const z = zone + 1;
      this.addAlarm(`Zone${z}Down`, {
        metric: app.metricHealthyHostCount(zone, { statistic: cloudwatch.Stats.MINIMUM, period: ZONE_DOWN.period }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        window: ZONE_DOWN,
        // No HealthyHostCount at all means the load balancer or every target is gone: as down as zero.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        severity: Severity.CRITICAL,
        seed: 'Zone Down (seed critical alert: all health checks fail)',
        condition: `Zone ${z} has no healthy app server behind its load balancer for 2 minutes; Route 53 takes the ` +
          'zone out of DNS. Missing data counts as down: the load balancer or its targets are gone.',
        action: PAGE,
      });

      this.addAlarm(`Zone${z}HighErrorRate`, {
        metric: new cloudwatch.MathExpression({
          // A minute without 5xx publishes no 5xx datapoint: FILL counts it as 0 instead of dropping the minute.
          expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
          usingMetrics: {
            target5xx: app.metricTarget5xxCount(zone, { statistic: cloudwatch.Stats.SUM }),
            elb5xx: app.metricElb5xxCount(zone, { statistic: cloudwatch.Stats.SUM }),
            requests: app.metricRequestCount(zone, { statistic: cloudwatch.Stats.SUM }),
          },
          label: `Zone ${z} 5xx responses (% of requests)`,
          period: ERROR_RATE.period,
        }),
        threshold: errorRate,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: ERROR_RATE,
        // No requests, no rate: an idle zone is not failing (Zone Down covers a zone that cannot serve).
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        severity: Severity.WARNING,
        seed: 'High Error Rate (seed critical alert: > 1% 5xx responses)',
        condition: `More than ${errorRate} % of zone ${z}'s requests got a 5xx response (from the app servers or the ` +
          'load balancer itself) in 3 of the last 5 minutes. Minutes without requests do not count.',
        action: INVESTIGATE,
      });

      this.addAlarm(`Zone${z}AppServersHighCpu`, {
        metric: app.metricCpuUtilization(zone, { statistic: cloudwatch.Stats.AVERAGE, period: SUSTAINED.period }),
        threshold: cpu,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: SUSTAINED,
        // No CPU datapoint means no running app server: Zone Down and the in-service alarm report that.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        severity: Severity.WARNING,
        seed: 'CPU utilization (seed scaling trigger: > 70%)',
        condition: `Zone ${z}'s app servers averaged more than ${cpu} % CPU for 15 minutes although target tracking ` +
          'adds servers within minutes: the group is at its maximum or cannot launch.',
        action: `${NOTIFY}: add app servers (raise appTier.maxInstancesPerZone, or check the group's scaling activity)`,
      });

      this.addAlarm(`Zone${z}HighP99Latency`, {
        metric: app.metricTargetResponseTime(zone, { statistic: cloudwatch.Stats.p(99), period: SUSTAINED.period }),
        // TargetResponseTime is in seconds.
        threshold: p99.toMilliseconds() / 1000,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: SUSTAINED,
        // No requests, no response time: an idle zone is not slow.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        severity: Severity.WARNING,
        seed: 'Response time p99 (seed scaling trigger: > 500ms)',
        condition: `Zone ${z}'s p99 response time stayed above ${showDuration(p99)} for 15 minutes although the group ` +
          'scales out on it within minutes.',
        action: `${NOTIFY}: scale horizontally (check the group's maximum, and the data stores behind the app)`,
      });

      this.belowMinimumAlarm(`Zone${z}AppServersBelowMinimum`, 'app servers', z, app.autoScalingGroups[zone],
        app.metricInServiceInstances(zone, { period: SUSTAINED.period }));
    });
  }

  private workerAlarms(workers: WorkerTier): void {
    workers.autoScalingGroups.forEach((group, zone) => {
      this.belowMinimumAlarm(`Zone${zone + 1}WorkersBelowMinimum`, 'workers', zone + 1, group,
        workers.metricInServiceInstances(zone, { period: SUSTAINED.period }));
    });
  }

  /** Fewer instances in service than the group's minimum, for 15 minutes: longer than a routine replacement. */
  private belowMinimumAlarm(id: string, what: string, zone: number, group: autoscaling.AutoScalingGroup, metric: cloudwatch.IMetric): void {
    const minimum = minimumOf(group);
    if (minimum === undefined) {
      warn(this, 'observability.MinimumUnknown',
        `The minimum of zone ${zone}'s ${what} group is not known at synth time: no ${id} alarm.`);
      return;
    }
    this.addAlarm(id, {
      metric,
      threshold: minimum,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      window: SUSTAINED,
      // The group publishes its in-service count every minute, 0 included: a gap means the metrics stopped,
      // not the instances, and shows as INSUFFICIENT_DATA rather than a guess.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Auto Scaling health (in-service instances below the minimum)',
      condition: `Zone ${zone} has had fewer than ${minimum} ${what} in service for 15 minutes, longer than replacing ` +
        'an instance takes: instances fail to launch or to pass their health checks (capacity, image, user data).',
      action: `${NOTIFY}: check the group's activity history`,
    });
  }

  private databaseAlarms(database: DatabaseTier, props: PlatformAlertingProps): void {
    const lag = props.replicationLagThreshold ?? DEFAULT_REPLICATION_LAG;
    const aurora = database.cluster !== undefined;
    this.addAlarm('DatabaseReplicationLag', {
      metric: database.metricReplicaLag({ period: REPLICATION_LAG.period }),
      threshold: database.replicaLagThreshold(lag),
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: REPLICATION_LAG,
      // A replica being created or replaced reports nothing; its unavailability is an RDS event (DatabaseFailover).
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      severity: Severity.WARNING,
      seed: 'Replication Lag (seed critical alert: > 30 seconds)',
      condition: aurora
        ? `An Aurora reader has lagged the writer by more than ${showDuration(lag)} for 3 minutes: reads there are ` +
          'stale, and a failover to it would take longer.'
        : `The read replica in zone 2 has lagged the primary by more than ${showDuration(lag)} for 3 minutes: reads ` +
          'there are stale.',
      action: CHECK_NETWORK,
    });

    const connectionsPercent = props.databaseConnectionsPercent ?? DEFAULT_DATABASE_CONNECTIONS_PERCENT;
    if (isToken(database.maxConnections)) {
      warn(this, 'observability.MaxConnectionsUnknown',
        '`database.maxConnections` is not known at synth time: no DatabaseHighConnections alarm.');
    } else {
      const threshold = database.maxConnections * connectionsPercent / 100;
      this.addAlarm('DatabaseHighConnections', {
        metric: database.metricDatabaseConnections({ period: SUSTAINED.period }),
        threshold,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: SUSTAINED,
        // No datapoint means no instance to connect to: the DatabaseFailover events report that.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        severity: Severity.WARNING,
        seed: 'Database connections (seed scaling trigger: > 80%)',
        condition: `The ${aurora ? 'Aurora writer' : 'primary'} has held more than ${threshold} connections ` +
          `(${connectionsPercent} % of max_connections ${database.maxConnections}) for 15 minutes.`,
        action: aurora
          ? `${NOTIFY}: add read replicas (Aurora adds readers on reader connections; move reads off the writer)`
          : `${NOTIFY}: add read replicas (send reads to the replica, or pool connections)`,
      });
    }

    const cpu = props.databaseCpuThresholdPercent ?? DEFAULT_DATABASE_CPU_PERCENT;
    this.addAlarm('DatabaseHighCpu', {
      metric: database.metricCpuUtilization({ period: SUSTAINED.period }),
      threshold: cpu,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      // RDS publishes every minute while the instance runs: a gap means it is down (an RDS event says so).
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Database health (CPU)',
      condition: `The ${aurora ? 'Aurora writer' : 'primary'} has used more than ${cpu} % CPU for 15 minutes.`,
      action: `${NOTIFY}: find the expensive queries (Performance Insights), or scale the instance class up`,
    });

    const storage = props.databaseFreeStorageThreshold ?? defaultDatabaseFreeStorage(database);
    this.addAlarm('DatabaseLowFreeStorage', {
      metric: database.metricFreeStorageSpace({ period: SUSTAINED.period }),
      threshold: storage.toBytes(),
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Database health (free storage)',
      condition: aurora
        ? `The Aurora writer has had less than ${showSize(storage)} of local storage (temporary tables, logs) for 15 minutes.`
        : `The primary has had less than ${showSize(storage)} of free storage for 15 minutes; storage autoscaling ` +
          'may have reached its maximum.',
      action: aurora
        ? `${NOTIFY}: find what fills local storage (temporary tables, sorts, logs), or scale the instance class up`
        : `${NOTIFY}: raise database.maxAllocatedStorageGiB, or find what fills the disk (logs, temporary files, bloat)`,
    });

    const memory = props.databaseFreeableMemoryThreshold ?? DEFAULT_DATABASE_FREEABLE_MEMORY;
    this.addAlarm('DatabaseLowFreeableMemory', {
      metric: database.metricFreeableMemory({ period: SUSTAINED.period }),
      threshold: memory.toBytes(),
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Database health (freeable memory)',
      condition: `The ${aurora ? 'Aurora writer' : 'primary'} has had less than ${showSize(memory)} of freeable ` +
        'memory for 15 minutes: it is about to swap.',
      action: `${NOTIFY}: lower connections or work_mem, or scale the instance class up`,
    });

    this.databaseFailoverRule(database);
  }

  /**
   * The seed's Database Failover: RDS failover, availability (shutdown, restart) and failure events of the primary
   * (and the replica), or of the Aurora cluster and its instances, to the warning topic.
   */
  private databaseFailoverRule(database: DatabaseTier): void {
    const stack = Stack.of(this);
    const resources = database.cluster
      ? [
        database.cluster.clusterArn,
        ...database.cluster.instanceIdentifiers.map((identifier) => stack.formatArn({
          service: 'rds', resource: 'db', resourceName: identifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        })),
      ]
      : [database.instance!.instanceArn, database.readReplica!.instanceArn];
    const field = (path: string) => events.EventField.fromPath(path);
    const rule = new events.Rule(this, 'DatabaseFailover', {
      description: 'Database Failover (seed critical alert: primary unavailable): RDS failover, availability and ' +
        'failure events of the platform\'s database. Action: Notify team.',
      eventPattern: {
        source: ['aws.rds'],
        detailType: ['RDS DB Instance Event', 'RDS DB Cluster Event'],
        resources,
        detail: { EventCategories: ['failover', 'availability', 'failure'] },
      },
    });
    rule.addTarget(new targets.SnsTopic(this.warningTopic, {
      message: events.RuleTargetInput.fromText(
        `Database Failover (seed critical alert): ${field('$.detail.EventID')} on ${field('$.detail.SourceIdentifier')} ` +
        `at ${field('$.time')}: ${field('$.detail.Message')}. Action: Notify team.`),
    }));
    this.rules.DatabaseFailover = rule;
  }

  private cacheAlarms(cache: CacheTier, props: PlatformAlertingProps): void {
    const lag = props.replicationLagThreshold ?? DEFAULT_REPLICATION_LAG;
    const cpu = props.cacheCpuThresholdPercent ?? DEFAULT_CACHE_CPU_PERCENT;
    const memory = props.cacheMemoryUsagePercent ?? DEFAULT_CACHE_MEMORY_PERCENT;
    const evictions = props.cacheEvictionsThreshold ?? DEFAULT_CACHE_EVICTIONS;
    for (let node = 0; node < cache.nodeCount; node++) {
      const n = node + 1;
      // Every node, not just the replica created in zone 2: after a failover the former primary is the replica.
      this.addAlarm(`CacheNode${n}ReplicationLag`, {
        metric: cache.metricReplicationLag(node, { period: REPLICATION_LAG.period }),
        threshold: lag.toSeconds({ integral: false }),
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: REPLICATION_LAG,
        // Only a node that is currently a replica reports ReplicationLag: the primary's silence is normal.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        severity: Severity.WARNING,
        seed: 'Replication Lag (seed critical alert: > 30 seconds)',
        condition: `Cache node ${n}, as a replica, has lagged the primary by more than ${showDuration(lag)} for 3 minutes: ` +
          'a failover to it would lose the writes it has not received.',
        action: CHECK_NETWORK,
      });

      this.addAlarm(`CacheNode${n}HighCpu`, {
        metric: cache.metricEngineCpuUtilization(node, { period: SUSTAINED.period }),
        threshold: cpu,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: SUSTAINED,
        // ElastiCache publishes every minute for a running node: a gap is the node, not its load.
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        severity: Severity.WARNING,
        seed: 'Cache health (CPU)',
        condition: `Cache node ${n}'s engine thread has been more than ${cpu} % busy for 15 minutes: commands queue up.`,
        action: `${NOTIFY}: look for slow commands (slow log), or scale the node type up`,
      });

      this.addAlarm(`CacheNode${n}HighMemory`, {
        metric: cache.metricMemoryUsage(node, { period: SUSTAINED.period }),
        threshold: memory,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: SUSTAINED,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        severity: Severity.WARNING,
        seed: 'Cache health (memory)',
        condition: `Cache node ${n} has used more than ${memory} % of its maxmemory for 15 minutes; it evicts keys near 100 %.`,
        action: `${NOTIFY}: set TTLs on keys, or scale the node type up`,
      });

      this.addAlarm(`CacheNode${n}Evictions`, {
        metric: cache.metricEvictions(node, { statistic: cloudwatch.Stats.SUM, period: SUSTAINED.period }),
        threshold: evictions,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        window: SUSTAINED,
        // A node with nothing to evict may publish nothing: that is the healthy case.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        severity: Severity.WARNING,
        seed: 'Cache health (evictions)',
        condition: `Cache node ${n} evicted more than ${evictions} keys in each of 3 consecutive 5-minute periods: ` +
          'it is full, and data the app expects is dropped.',
        action: `${NOTIFY}: scale the node type up, or set TTLs on keys`,
      });
    }
  }

  private searchAlarms(search: SearchTier, props: PlatformAlertingProps): void {
    this.addAlarm('SearchClusterRed', {
      metric: search.metricClusterStatusRed({ statistic: cloudwatch.Stats.MAXIMUM, period: SEARCH_RED.period }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      window: SEARCH_RED,
      // One late minute of the status is not a red cluster: a gap shows as INSUFFICIENT_DATA, not a page.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.CRITICAL,
      seed: 'Search health (cluster status red)',
      condition: 'At least one primary shard of the search cluster and all its replicas are unassigned: some data ' +
        'cannot be searched or written.',
      action: PAGE,
    });

    this.addAlarm('SearchClusterYellow', {
      metric: search.metricClusterStatusYellow({ statistic: cloudwatch.Stats.MAXIMUM, period: SEARCH_YELLOW.period }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      window: SEARCH_YELLOW,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Search health (cluster status yellow)',
      condition: 'At least one replica shard of the search cluster has been unassigned for 5 minutes (for example ' +
        'after losing a node or a zone): one more loss makes it red.',
      action: `${NOTIFY}: check the data nodes and shard allocation`,
    });

    const storage = props.searchFreeStorageThreshold ?? defaultSearchFreeStorage(search);
    if (storage === undefined) {
      warn(this, 'observability.SearchVolumeUnknown',
        'The search data nodes\' volume size is not known at synth time: no SearchLowFreeStorage alarm ' +
        '(set `observability.searchFreeStorageThreshold`).');
    } else {
      this.addAlarm('SearchLowFreeStorage', {
        // FreeStorageSpace is in MiB; its minimum is the data node with the least free space.
        metric: search.metricFreeStorageSpace({ statistic: cloudwatch.Stats.MINIMUM, period: SEARCH_STORAGE.period }),
        threshold: mebibytesOf(storage),
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        window: SEARCH_STORAGE,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        severity: Severity.WARNING,
        seed: 'Search health (free storage)',
        condition: `A search data node is down to ${showSize(storage)} of free storage; OpenSearch blocks writes to its ` +
          'indexes near the flood-stage watermark (95 % used).',
        action: `${NOTIFY}: delete old indexes, or raise search.volumeSizeGiB`,
      });
    }

    const jvm = props.searchJvmMemoryPressurePercent ?? DEFAULT_SEARCH_JVM_PERCENT;
    this.addAlarm('SearchHighJvmMemoryPressure', {
      metric: search.metricJvmMemoryPressure({ statistic: cloudwatch.Stats.MAXIMUM, period: SUSTAINED.period }),
      threshold: jvm,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Search health (JVM memory pressure)',
      condition: `A search data node's JVM memory pressure has been at or above ${jvm} % for 15 minutes: garbage ` +
        'collection cannot keep up, and OpenSearch starts rejecting requests near 92 %.',
      action: `${NOTIFY}: reduce shard count or heavy aggregations, or scale the data node type up`,
    });

    this.addAlarm('SearchMasterUnreachable', {
      metric: search.metricMasterReachable({ statistic: cloudwatch.Stats.MAXIMUM, period: SUSTAINED.period }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Search health (master reachable)',
      condition: 'The search cluster\'s health check has found no elected master for 15 minutes (an election takes ' +
        'seconds): the masters have lost their quorum, and the cluster cannot change state.',
      action: `${NOTIFY}: check the dedicated master nodes (AWS Support if they do not recover)`,
    });
  }

  private messagingAlarms(messaging: MessagingTier, props: PlatformAlertingProps): void {
    const depth = props.queueDepthThreshold ?? DEFAULT_QUEUE_DEPTH;
    this.addAlarm('HighQueueDepth', {
      metric: messaging.metricMessageCount({ statistic: cloudwatch.Stats.MAXIMUM, period: SUSTAINED.period }),
      threshold: depth,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      // The broker publishes its message count every minute, 0 included: a gap is the broker, watched below.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Queue depth (seed scaling trigger: > 10,000)',
      condition: `More than ${depth} messages have waited on the broker for 15 minutes although the workers scale ` +
        'out on the queue depth within minutes: they are at their maximum, or not consuming.',
      action: `${NOTIFY}: add workers (raise workers.maxInstancesPerZone, or check that the workers consume)`,
    });
    this.brokerNodeAlarms(messaging, props);
  }

  /**
   * Memory, disk and CPU of the broker's nodes. RabbitMQ raises its memory and disk alarms per node, and one
   * node's alarm blocks every publisher of the cluster: the alarms watch the node with the least headroom, not
   * the cluster's totals (which average the nodes).
   */
  private brokerNodeAlarms(messaging: MessagingTier, props: PlatformAlertingProps): void {
    const limits = brokerNodeLimits(messaging);
    if (!limits) {
      warn(this, 'observability.broker-node-limits-unknown',
        'RabbitMQ\'s per-node memory and disk limits are not known for the broker\'s instance type ' +
        `(${show(messaging.broker.hostInstanceType)}): BrokerHighMemory and BrokerLowDisk watch the cluster's totals, ` +
        'which average the three nodes and can stay low while one node reaches its limit and blocks every publisher. ' +
        'Use an mq.m7g or mq.m5 instance type (`messaging.hostInstanceType`) for per-node alarms.');
    }
    const blocks = 'RabbitMQ raises its alarm on that node and blocks every publisher of the cluster.';
    const averageOnly = ' (this alarm sees the average node: one node can reach its limit first)';

    const memory = props.brokerMemoryUsagePercent ?? DEFAULT_BROKER_MEMORY_PERCENT;
    this.addAlarm('BrokerHighMemory', {
      metric: brokerMemoryUsedPercent(messaging, limits, SUSTAINED.period),
      threshold: memory,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Broker health (memory alarm)',
      condition: (limits
        ? `A broker node has used more than ${memory} % of its memory limit (${showGiB(limits.memoryLimitBytes)} on ` +
          `${limits.hostInstanceType}) for 15 minutes`
        : `The broker's nodes together have used more than ${memory} % of their memory limits for 15 minutes${averageOnly}`) +
        `; at the limit ${blocks}`,
      action: `${NOTIFY}: drain the queues (consumers), spread queue leaders over the nodes, or scale the broker instance type up`,
    });

    const disk = props.brokerDiskFreeLimitMultiple ?? DEFAULT_BROKER_DISK_MULTIPLE;
    this.addAlarm('BrokerLowDisk', {
      metric: brokerDiskFreeMultiple(messaging, limits, SUSTAINED.period),
      threshold: disk,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Broker health (disk alarm)',
      condition: (limits
        ? `A broker node's free disk has been below ${disk} times its free disk limit (${showGiB(limits.diskFreeLimitBytes)} ` +
          `on ${limits.hostInstanceType}) for 15 minutes`
        : `The broker's nodes together have had less than ${disk} times their free disk limits for 15 minutes${averageOnly}`) +
        `; at the limit ${blocks}`,
      action: `${NOTIFY}: drain the queues (consumers)`,
    });

    const cpu = props.brokerCpuThresholdPercent ?? DEFAULT_BROKER_CPU_PERCENT;
    this.addAlarm('BrokerHighCpu', {
      metric: brokerNodeQuery(messaging, NodeAggregate.MAX, 'SystemCpuUtilization', SUSTAINED.period),
      threshold: cpu,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      window: SUSTAINED,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      severity: Severity.WARNING,
      seed: 'Broker health (node CPU)',
      condition: `The busiest broker node's CPU has peaked above ${cpu} % in each 5-minute period for 15 minutes.`,
      action: `${NOTIFY}: find the node on the dashboard (Broker: CPU by node); reduce connection churn and ` +
        'unacknowledged messages, spread queue leaders over the nodes, or scale the broker instance type up',
    });
  }

  private addAlarm(id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const critical = spec.severity === Severity.CRITICAL;
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods: spec.window.evaluationPeriods,
      datapointsToAlarm: spec.window.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      alarmDescription: `${spec.seed}. ${spec.condition} Action: ${spec.action}. ` +
        `Severity: ${critical ? 'critical' : 'warning'}.`,
    });
    const action = new cwactions.SnsAction(this.topicFor(critical));
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms[id] = alarm;
    return alarm;
  }

  private newTopic(id: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { displayName, masterKey: this.topicKey, enforceSSL: true });
    const stack = Stack.of(this);
    // CloudWatch alarms of this account and region publish to the topic, and use its key to do so.
    const fromAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    const cloudwatchService = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudwatchService],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: fromAlarms,
    }));
    if (this.topicKey && !this.keyAllowsAlarms) {
      this.topicKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsUseKey',
        principals: [cloudwatchService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromAlarms,
      }));
      this.keyAllowsAlarms = true;
    }
    return topic;
  }
}

/** Whether any subscription of the app (or the topic's own inline list) delivers from this topic. */
function hasSubscriber(topic: sns.ITopic, cfnTopic: sns.CfnTopic): boolean {
  const inline = Stack.of(cfnTopic).resolve(cfnTopic.subscription);
  if (Array.isArray(inline) ? inline.length > 0 : inline !== undefined) {
    return true;
  }
  const arn = Stack.of(topic).resolve(topic.topicArn);
  return topic.node.root.node.findAll().some((node) => {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== sns.CfnSubscription.CFN_RESOURCE_TYPE_NAME) {
      return false;
    }
    const topicArn = (node as sns.CfnSubscription).topicArn;
    // The same token, or the topic's ARN written another way in the same stack (its Ref).
    return topicArn === topic.topicArn || (Stack.of(node) === Stack.of(topic) && isSameValue(Stack.of(node).resolve(topicArn), arn));
  });
}

function isSameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Subscribes each email address to the topic. */
function subscribe(topic: sns.ITopic, emails: string[] | undefined): void {
  for (const email of emails ?? []) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
}

/** The minimum size of an Auto Scaling group, or undefined when it is a Token. */
function minimumOf(group: autoscaling.AutoScalingGroup): number | undefined {
  const minSize = (group.node.defaultChild as autoscaling.CfnAutoScalingGroup).minSize;
  return Token.isUnresolved(minSize) ? undefined : Number(minSize);
}

/** 10 % of the RDS instance's allocated storage, or 10 GiB of Aurora local storage. */
function defaultDatabaseFreeStorage(database: DatabaseTier): Size {
  const allocated = allocatedStorageGiB(database);
  return allocated === undefined
    ? DEFAULT_AURORA_FREE_LOCAL_STORAGE
    : Size.mebibytes(Math.round(allocated * 1024 * DEFAULT_DATABASE_FREE_STORAGE_SHARE));
}

/** The allocated storage of the primary, in GiB; undefined for Aurora or when it is a Token. */
function allocatedStorageGiB(database: DatabaseTier): number | undefined {
  if (!database.instance) {
    return undefined;
  }
  const allocated = (database.instance.node.defaultChild as rds.CfnDBInstance).allocatedStorage;
  return allocated === undefined || Token.isUnresolved(allocated) ? undefined : Number(allocated);
}

/** 25 % of a search data node's EBS volume, or undefined when the volume size is unknown (instance store, Token). */
function defaultSearchFreeStorage(search: SearchTier): Size | undefined {
  const volume = volumeSizeGiB(search);
  return volume === undefined ? undefined : Size.mebibytes(Math.round(volume * 1024 * DEFAULT_SEARCH_FREE_STORAGE_SHARE));
}

/** The EBS volume size of a search data node, in GiB, when known at synth time. */
function volumeSizeGiB(search: SearchTier): number | undefined {
  const domain = search.domain.node.defaultChild as opensearch.CfnDomain;
  const ebs = Stack.of(search).resolve(domain.ebsOptions) as { ebsEnabled?: boolean; volumeSize?: unknown } | undefined;
  return ebs?.ebsEnabled && typeof ebs.volumeSize === 'number' ? ebs.volumeSize : undefined;
}

/** A duration for people: milliseconds under a second, otherwise seconds. */
function showDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} seconds`;
}

/** A size in MiB, fractions allowed. */
function mebibytesOf(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** A size for people: GiB when whole, otherwise MiB. */
function showSize(size: Size): string {
  const mebibytes = mebibytesOf(size);
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validatePlatformAlertingOptions(options: PlatformAlertingOptions): void {
  checkEmails('observability.criticalEmails', options.criticalEmails);
  checkEmails('observability.warningEmails', options.warningEmails);

  checkPercent('observability.errorRatePercent', options.errorRatePercent);
  checkPercent('observability.cpuThresholdPercent', options.cpuThresholdPercent);
  checkPercent('observability.databaseConnectionsPercent', options.databaseConnectionsPercent);
  checkPercent('observability.databaseCpuThresholdPercent', options.databaseCpuThresholdPercent);
  checkPercent('observability.cacheCpuThresholdPercent', options.cacheCpuThresholdPercent);
  checkPercent('observability.cacheMemoryUsagePercent', options.cacheMemoryUsagePercent);
  checkPercent('observability.searchJvmMemoryPressurePercent', options.searchJvmMemoryPressurePercent);
  checkPercent('observability.brokerMemoryUsagePercent', options.brokerMemoryUsagePercent);
  checkPercent('observability.brokerCpuThresholdPercent', options.brokerCpuThresholdPercent);

  checkDuration('observability.replicationLagThreshold', options.replicationLagThreshold, Duration.seconds(1), Duration.hours(1));
  const lag = options.replicationLagThreshold;
  if (lag && !lag.isUnresolved() && lag.toMilliseconds() % 1000 !== 0) {
    // RDS and ElastiCache report replication lag in whole seconds.
    fail('observability.replicationLagThreshold', 'be a whole number of seconds', lag);
  }
  checkDuration('observability.p99LatencyThreshold', options.p99LatencyThreshold, Duration.millis(10), Duration.seconds(60));

  checkWholeNumber('observability.queueDepthThreshold', options.queueDepthThreshold, 1);
  checkWholeNumber('observability.cacheEvictionsThreshold', options.cacheEvictionsThreshold, 0);

  const disk = options.brokerDiskFreeLimitMultiple;
  if (disk !== undefined && !isToken(disk) && (!Number.isFinite(disk) || disk <= 1 || disk > 100)) {
    fail('observability.brokerDiskFreeLimitMultiple',
      'be greater than 1 (at 1 RabbitMQ already blocks publishers) and at most 100', disk);
  }

  checkSize('observability.databaseFreeStorageThreshold', options.databaseFreeStorageThreshold);
  checkSize('observability.databaseFreeableMemoryThreshold', options.databaseFreeableMemoryThreshold);
  checkSize('observability.searchFreeStorageThreshold', options.searchFreeStorageThreshold);
}

/** Thresholds that must stay below a size the tiers set. */
function validateTierDependentThresholds(props: PlatformAlertingProps): void {
  const dbStorage = props.databaseFreeStorageThreshold;
  const allocated = props.database ? allocatedStorageGiB(props.database) : undefined;
  if (dbStorage && !dbStorage.isUnresolved() && allocated !== undefined && mebibytesOf(dbStorage) >= allocated * 1024) {
    fail('observability.databaseFreeStorageThreshold',
      `be less than the database's allocated storage (${allocated} GiB), or it always fires`, showSize(dbStorage));
  }
  const searchStorage = props.searchFreeStorageThreshold;
  const volume = props.search ? volumeSizeGiB(props.search) : undefined;
  if (searchStorage && !searchStorage.isUnresolved() && volume !== undefined && mebibytesOf(searchStorage) >= volume * 1024) {
    fail('observability.searchFreeStorageThreshold',
      `be less than a search data node's volume (${volume} GiB), or it always fires`, showSize(searchStorage));
  }
}

function checkEmails(propPath: string, emails: string[] | undefined): void {
  checkList(propPath, emails);
  const seen = new Set<string>();
  (emails ?? []).forEach((email, i) => {
    if (isToken(email)) {
      return;
    }
    if (!EMAIL.test(email)) {
      fail(`${propPath}[${i}]`, 'be an email address (name@domain)', email);
    }
    const key = email.toLowerCase();
    if (seen.has(key)) {
      fail(`${propPath}[${i}]`, 'not repeat an address already listed', email);
    }
    seen.add(key);
  });
}

/** A percentage greater than 0 and at most 100 (decimals allowed). */
function checkPercent(propPath: string, value: number | undefined): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    fail(propPath, 'be a percentage greater than 0 and at most 100', value);
  }
}

function checkWholeNumber(propPath: string, value: number | undefined, min: number): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min) {
    fail(propPath, `be a whole number of at least ${min}`, value);
  }
}

function checkDuration(propPath: string, value: Duration | undefined, min: Duration, max: Duration): void {
  if (value === undefined || value.isUnresolved()) {
    return;
  }
  const ms = value.toMilliseconds();
  if (ms < min.toMilliseconds() || ms > max.toMilliseconds()) {
    fail(propPath, `be between ${min.toHumanString()} and ${max.toHumanString()}`, value);
  }
}

function checkSize(propPath: string, value: Size | undefined): void {
  if (value === undefined || value.isUnresolved()) {
    return;
  }
  if (mebibytesOf(value) < 1) {
    fail(propPath, 'be at least 1 MiB', `${value.toBytes({ rounding: SizeRoundingBehavior.NONE })} bytes`);
  }
}
