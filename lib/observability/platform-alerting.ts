import { ArnFormat, CfnResource, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-spec';
import { AlertThresholds, resolveAlertThresholds } from './alert-thresholds';
import { ObservedTiers } from './observed-tiers';
import { appTierAlarms } from './tiers/app-tier-monitoring';
import { cacheAlarms } from './tiers/cache-monitoring';
import { databaseAlarms, validateDatabaseThresholds } from './tiers/database-monitoring';
import { messagingAlarms } from './tiers/messaging-monitoring';
import { searchAlarms, validateSearchThresholds } from './tiers/search-monitoring';
import { workerAlarms } from './tiers/worker-monitoring';
import { warn } from '../private/acknowledgements';
import { checkAtSynth } from '../private/at-synth';
import { newTierKey } from '../private/encrypted-logs';
import { checkList, fail, isToken, propRef, validateProps } from '../private/validation';
import { DEFAULT_QUEUE_DEPTH_SCALE_OUT } from '../workers/worker-defaults';

/**
 * Where the platform's alarms go and when they fire: the two severity topics (or your own), their email
 * subscribers, and every threshold. The defaults are the reference design's critical alerts and scaling triggers
 * and, for the health of each tier, the values AWS recommends for the service.
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
   * `platform.observability!.criticalTopic.addSubscription(new subscriptions.SqsSubscription(queue))`
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
   * Average CPU utilization of a zone's app servers above which the team is told scaling has not caught up. Keep it
   * at or above the app tier's CPU target (`appTier.cpuTargetUtilizationPercent`), which target tracking holds.
   * @default - the app tier's CPU target, `AppTier.cpuTargetUtilizationPercent` (70 unless set)
   */
  readonly cpuThresholdPercent?: number;

  /**
   * Database connections, as a percentage of `max_connections`, above which read replicas should be added.
   * @default 80 (the share at which an Aurora cluster adds readers)
   */
  readonly databaseConnectionsPercent?: number;

  /**
   * p99 target response time of a zone above which the platform should scale horizontally. Keep it at or above the
   * app tier's `p99LatencyScaleOutThreshold`, on which the app servers scale out.
   * @default - the app tier's p99 scale-out threshold, `AppTier.p99LatencyScaleOutThreshold` (500 ms unless set)
   */
  readonly p99LatencyThreshold?: Duration;

  /**
   * Messages on the broker (ready plus unacknowledged) above which workers should be added. Keep it at or above the
   * workers' `queueDepthScaleOutThreshold`, on which they scale out.
   * @default - the workers' queue-depth scale-out threshold, `WorkerTier.queueDepthScaleOutThreshold` (10000 unless
   * set; 10000 without workers)
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

/**
 * The platform's notification routing and every alarm: two SNS topics by severity (critical pages on-call, warning
 * notifies the team), KMS-encrypted and TLS-only unless you bring your own, with optional email subscribers;
 * a CloudWatch alarm for each critical alert, scaling trigger and tier health check (each with an alarm and an
 * OK action to its topic), and an EventBridge rule for database failover.
 *
 * Each tier's alarms are built in one place per tier, from the tier's `metricXxx()` methods. Tiers you leave out
 * get no alarm.
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

  /**
   * The thresholds, resolved once (defaults applied, checked): the observability tier gives the Prometheus rules
   * the same values.
   * @internal
   */
  public readonly _thresholds: AlertThresholds;

  /** Whether the topic key already lets CloudWatch alarms use it (both created topics share the key). */
  private keyAllowsAlarms = false;

  constructor(scope: Construct, id: string, props: PlatformAlertingProps) {
    super(scope, id);
    const thresholds = this._thresholds = validateProps(this, () => {
      checkEmails('criticalEmails', props.criticalEmails);
      checkEmails('warningEmails', props.warningEmails);
      const resolved = resolveAlertThresholds(props, {
        appCpuTargetPercent: props.appTier.cpuTargetUtilizationPercent,
        appP99ScaleOut: props.appTier.p99LatencyScaleOutThreshold,
        queueDepthScaleOut: props.workers?.queueDepthScaleOutThreshold ?? DEFAULT_QUEUE_DEPTH_SCALE_OUT,
      });
      if (props.database) {
        validateDatabaseThresholds(props.database, resolved);
      }
      if (props.search) {
        validateSearchThresholds(props.search, resolved);
      }
      return resolved;
    });

    if (!props.criticalTopic || !props.warningTopic) {
      this.topicKey = newTierKey(this, 'TopicKey', 'Encrypts the MultiAzHaPlatform alert topics (critical and warning)');
    }
    this.criticalTopic = props.criticalTopic ?? this.newTopic('CriticalTopic', 'MultiAzHaPlatform critical alerts: page on-call');
    this.warningTopic = props.warningTopic ?? this.newTopic('WarningTopic', 'MultiAzHaPlatform warnings: notify the team');
    subscribe(this.criticalTopic, props.criticalEmails);
    subscribe(this.warningTopic, props.warningEmails);
    this.warnWithoutCriticalSubscriber();

    const alarms = new AlarmFactory(this, { critical: this.criticalTopic, warning: this.warningTopic }, this.alarms, this.rules);
    appTierAlarms(alarms, props.appTier, thresholds);
    if (props.workers) {
      workerAlarms(alarms, props.workers);
    }
    if (props.database) {
      databaseAlarms(alarms, props.database, thresholds);
    }
    if (props.cache) {
      cacheAlarms(alarms, props.cache, thresholds);
    }
    if (props.search) {
      searchAlarms(alarms, props.search, thresholds);
    }
    if (props.messaging) {
      messagingAlarms(alarms, props.messaging, thresholds);
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
    checkAtSynth(this, () => {
      if (!hasSubscriber(topic, cfnTopic as sns.CfnTopic)) {
        warn(this, 'observability.no-critical-subscriber',
          'Nobody receives the platform\'s critical alerts (Zone Down, search cluster red): the critical topic has ' +
          `no subscriber. Set ${propRef(this, 'criticalEmails')} (each address confirms by email), bring a topic your ` +
          `pager subscribes to as ${propRef(this, 'criticalTopic')}, or subscribe to ` +
          '`platform.observability.criticalTopic` (`addSubscription`).');
      }
    });
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
