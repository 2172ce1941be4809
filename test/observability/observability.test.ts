import { isDeepStrictEqual } from 'util';
import { App, Duration, Size, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { ObservabilityTier, PlatformErrors } from '../../lib';
import { DatabaseTopology } from '../../lib/database/database-tier';
import { MessagingTier } from '../../lib/messaging/messaging-tier';
import { PlatformLogsAndTracesProps } from '../../lib/observability/logs-and-traces';
import { GrafanaAuthentication, ManagedPrometheus, ManagedPrometheusOptions } from '../../lib/observability/managed-prometheus';
import { PlatformAlerting, PlatformAlertingOptions } from '../../lib/observability/platform-alerting';
import { PlatformDashboard, PlatformDashboardOptions } from '../../lib/observability/platform-dashboard';
import { acknowledgedRules } from '../support/acknowledgements';
import { errorOf } from '../support/errors';
import {
  buildPlatform, cfnText, defaultPlatform, getAtt, logicalIdOf, newStack, newTestApp, once, PlatformOverrides, ref, synthPlatform,
  TEST_ENV, withTemplate,
} from '../support/fixtures';
import { serviceTrustStatement } from '../support/grant-assertions';
import { ALERT_EMAILS, buildLogs, buildPrometheus, CUSTOM_LOGS, CUSTOM_PROMETHEUS, tiersOf } from '../support/tier-apps';

const OFF = { enabled: false };
/**
 * The request path only: the tiers these tests do not watch are off (enough for the observability tier, without
 * building every data tier).
 */
const LEAN = { workers: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, storage: OFF };

// Alerting and the dashboard (PlatformAlerting, PlatformDashboard).
const ALARM = 'AWS::CloudWatch::Alarm';
const TOPIC = 'AWS::SNS::Topic';
const RULE = 'AWS::Events::Rule';
const DASHBOARD = 'AWS::CloudWatch::Dashboard';

const GiB = 1024 ** 3;
/** The dashboard's key panels, in the order they appear after the header and the alarm status. */
const KEY_PANEL_TITLES = ['Request rate by zone', 'Latency by zone (p50, p90, p99)', 'Database replication lag',
  'Cache hit rate', 'Queue depth and processing rate', 'Error rate by service'];

/** A platform, its alerting and its dashboard in one stack (not synthesized). */
function buildObserved(overrides: PlatformOverrides = {}, options: PlatformAlertingOptions = {},
  dashboardOptions: PlatformDashboardOptions = {}, stackProps?: StackProps) {
  // The platform's own observability tier is off: these tests build the alerting and dashboard themselves.
  const { app, stack, platform } = buildPlatform({ observability: { enabled: false }, ...overrides }, stackProps);
  const tiers = tiersOf(platform);
  const alerting = new PlatformAlerting(stack, 'Alerting', { ...tiers, ...options });
  const dashboard = new PlatformDashboard(stack, 'Dashboard', {
    ...tiers, ...dashboardOptions, storage: platform.storage, alarms: Object.values(alerting.alarms),
  });
  return { app, stack, platform, alerting, dashboard };
}

function synthObserved(overrides: PlatformOverrides = {}, options: PlatformAlertingOptions = {}) {
  return withTemplate(buildObserved(overrides, options));
}

type Observed = ReturnType<typeof synthObserved>;
let defaults: Observed | undefined;
/** The default platform (every tier on) with default alerting and two email lists, synthesized once. */
function defaultObserved(): Observed {
  return defaults ??= synthObserved({}, ALERT_EMAILS);
}

/** The CloudFormation properties of one construct's resource. */
function propertiesOf(observed: Observed, construct: IConstruct): any {
  return observed.template.toJSON().Resources[logicalIdOf(construct)].Properties;
}

/** What an alarm watches: one metric, or a math expression over metrics. */
interface Source {
  /** A single metric: namespace, name, statistic, period in seconds. */
  readonly metric?: [string, string, string, number];
  /** A math expression and the metric name of each of its inputs, with the period of all. */
  readonly expression?: [string, Record<string, string>, number];
  /** Strings the metric's dimensions must contain (logical IDs, member suffixes, broker names). */
  readonly dimensions: string[];
}

/** When an alarm fires and whom it tells. */
interface Fires {
  readonly threshold: number;
  readonly comparison: string;
  /** Evaluation periods, and datapoints that must breach among them. */
  readonly periods: number[];
  readonly missing: string;
  readonly topic: string;
}

function metric(namespace: string, name: string, statistic: string, period: number, dimensions: string[] = []): Source {
  return { metric: [namespace, name, statistic, period], dimensions };
}

function expression(text: string, inputs: Record<string, string>, period: number, dimensions: string[] = []): Source {
  return { expression: [text, inputs, period], dimensions };
}

function fires(threshold: number, comparison: string, periods: number[], missing: string, topic: 'critical' | 'warning'): Fires {
  return { threshold, comparison, periods, missing, topic };
}

/** Asserts when an alarm fires (threshold, comparison, periods, missing data) and that it notifies `topicRef` of both alarm and recovery. */
function expectFiring(props: any, expected: Fires, topicRef: unknown): void {
  expect(props).toMatchObject({
    Threshold: expected.threshold,
    ComparisonOperator: expected.comparison,
    EvaluationPeriods: expected.periods[0],
    DatapointsToAlarm: expected.periods[1],
    TreatMissingData: expected.missing,
    AlarmActions: [topicRef],
    OKActions: [topicRef],
  });
}

/** Asserts one alarm: its metric or expression, threshold, comparison, periods, missing data and topic. */
function expectAlarm(observed: Observed, id: string, source: Source, expected: Fires): void {
  const alarm = observed.alerting.alarms[id];
  expect(alarm).toBeDefined();
  const props = propertiesOf(observed, alarm);
  const topic = expected.topic === 'critical' ? observed.alerting.criticalTopic : observed.alerting.warningTopic;
  const topicRef = observed.template.toJSON().Resources[logicalIdOf(topic)] ? { Ref: logicalIdOf(topic) } : topic.topicArn;
  expectFiring(props, expected, topicRef);
  expect(props.AlarmDescription).toMatch(/Action: (Page on-call|Notify team|Investigate|Check network)/);
  if (source.metric) {
    const [namespace, name, statistic, period] = source.metric;
    expect(props).toMatchObject({ Namespace: namespace, MetricName: name, Period: period });
    expect(props.Statistic ?? props.ExtendedStatistic).toBe(statistic);
  }
  if (source.expression) {
    const [text, inputs, period] = source.expression;
    const [expr, ...metrics] = props.Metrics;
    expect(expr).toMatchObject({ Expression: text, ReturnData: true });
    expect(Object.fromEntries(metrics.map((m: any) => [m.Id, m.MetricStat.Metric.MetricName]))).toEqual(inputs);
    metrics.forEach((m: any) => expect(m).toMatchObject({ ReturnData: false, MetricStat: { Period: period } }));
  }
  const dimensions = JSON.stringify(props.Dimensions ?? props.Metrics);
  for (const fragment of source.dimensions) {
    expect(dimensions).toContain(fragment);
  }
}

/**
 * The stack's creation ID as a template holds it: the first group of the stack's UUID, from `AWS::StackId`
 * (`arn:...:stack/<name>/<uuid>`). Broker names end with it.
 */
const STACK_CREATION_ID = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };
/** How {@link rendered} shows {@link STACK_CREATION_ID}. */
const CREATION_ID = '<creation ID>';

/**
 * A string value of the template as text: the parts of an Fn::Join (with no separator) joined, the stack's creation
 * ID shown as <creation ID>, and any other token as TOKEN.
 */
function rendered(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (isDeepStrictEqual(value, STACK_CREATION_ID)) {
    return CREATION_ID;
  }
  const join = (value as any)?.['Fn::Join'];
  if (Array.isArray(join) && join[0] === '') {
    return (join[1] as unknown[]).map(rendered).join('');
  }
  return 'TOKEN';
}

/** The broker's name as the template holds it: its stack name and construct path, then the stack's creation ID. */
function brokerNameOf(messaging: MessagingTier): string {
  const name = rendered(Stack.of(messaging).resolve(messaging.brokerName));
  expect(name).toMatch(new RegExp(`^${Stack.of(messaging).stackName}-[A-Za-z0-9-]+-${CREATION_ID}$`));
  return name;
}

/** The broker name's Broker dimension, as JSON in the template (for {@link Source.dimensions}). */
function brokerDimension(messaging: MessagingTier): string {
  return JSON.stringify({ Name: 'Broker', Value: Stack.of(messaging).resolve(messaging.brokerName) });
}

/** The expressions of an alarm's metrics, as text ({@link rendered}); undefined for a metric that is not an expression. */
function expressionsOf(metrics: any[]): (string | undefined)[] {
  return metrics.map((m) => (m.Expression === undefined ? undefined : rendered(m.Expression)));
}

/** The Metrics Insights query over every node of a broker, as the alarms hold it (the name from {@link brokerNameOf}). */
function nodeQuery(aggregate: 'MAX' | 'MIN', metricName: string, brokerName: string): string {
  return `SELECT ${aggregate}(${metricName}) FROM SCHEMA("AWS/AmazonMQ", Broker, Node) WHERE Broker = '${brokerName}'`;
}

/**
 * Asserts a broker node alarm: metric math over one Metrics Insights query (or the query alone), its 5-minute
 * period, and when it fires.
 */
function expectNodeAlarm(observed: Observed, id: string, math: string | undefined, query: { id?: string; query: string }, expected: Fires): void {
  const props = propertiesOf(observed, observed.alerting.alarms[id]);
  const topicRef = { Ref: logicalIdOf(observed.alerting.warningTopic as sns.Topic) };
  expectFiring(props, expected, topicRef);
  // The query names the broker, whose name is a token: compare the expressions as text.
  const metrics = props.Metrics.map((m: any) => ({ ...m, Expression: rendered(m.Expression) }));
  if (math === undefined) {
    expect(metrics).toEqual([expect.objectContaining({ Expression: query.query, Period: 300, ReturnData: true })]);
  } else {
    expect(metrics).toEqual([
      expect.objectContaining({ Expression: math, ReturnData: true }),
      expect.objectContaining({ Id: query.id, Expression: query.query, Period: 300, ReturnData: false }),
    ]);
  }
}

const GT = 'GreaterThanThreshold';
const GTE = 'GreaterThanOrEqualToThreshold';
const LT = 'LessThanThreshold';
const LTE = 'LessThanOrEqualToThreshold';

/** The dashboard body with the stack's creation ID replaced by "<creation ID>" and every other token by "TOKEN", parsed. */
function dashboardBody(observed: Observed): any {
  return JSON.parse(rendered(propertiesOf(observed, observed.dashboard.dashboard).DashboardBody));
}

function widgetTitles(observed: Observed): string[] {
  return dashboardBody(observed).widgets.map((w: any) => w.properties.title).filter((t: unknown) => t !== undefined);
}

// Logs and traces (LogsAndTraces).
function synthLogs(options: PlatformLogsAndTracesProps = {}) {
  return withTemplate(buildLogs(options));
}

/** The default construct, synthesized once. */
const defaultLogs = once(() => synthLogs());

/** Every option changed, synthesized once. */
const customLogs = once(() => synthLogs(CUSTOM_LOGS));

/** The agent configuration as deployed: the parameter's value, parsed. */
function deployedAgentConfig(template: Template): any {
  const parameter = Object.values(template.findResources('AWS::SSM::Parameter'))[0];
  return JSON.parse(cfnText(parameter.Properties.Value));
}

// Managed Prometheus (ManagedPrometheus), with Grafana.
function synthPrometheus(options: ManagedPrometheusOptions = {}) {
  return withTemplate(buildPrometheus(options));
}

/** The default construct (no Grafana), synthesized once. */
const defaultPrometheus = once(() => synthPrometheus());

/** Every option changed, Grafana on, synthesized once. */
const customPrometheus = once(() => synthPrometheus(CUSTOM_PROMETHEUS));

function workspaceProperties(template: Template): any {
  return Object.values(template.findResources('AWS::APS::Workspace'))[0].Properties;
}

/** The rule groups: JSON, which is YAML 1.2, parsed back. */
function ruleGroups(template: Template): any {
  const ns = Object.values(template.findResources('AWS::APS::RuleGroupsNamespace'))[0];
  return JSON.parse(cfnText(ns.Properties.Data)).groups;
}

/** The Alertmanager configuration: the definition is a document whose alertmanager_config is a string. */
function alertManagerConfig(template: Template): any {
  const definition = JSON.parse(cfnText(workspaceProperties(template).AlertManagerDefinition));
  expect(Object.keys(definition)).toEqual(['alertmanager_config']);
  expect(typeof definition.alertmanager_config).toBe('string');
  return JSON.parse(definition.alertmanager_config);
}

describe('ObservabilityTier short accessors', () => {
  test('criticalTopic, warningTopic and cloudWatchDashboard are the tier\'s own topics and dashboard', () => {
    const { platform } = buildPlatform(LEAN);
    const observability = platform.observability!;
    expect(observability.criticalTopic).toBe(observability.alerting.criticalTopic);
    expect(observability.warningTopic).toBe(observability.alerting.warningTopic);
    expect(observability.criticalTopic).not.toBe(observability.warningTopic);
    expect(observability.cloudWatchDashboard).toBe(observability.dashboard.dashboard);
    expect(observability.criticalTopic.node.path).toBe('TestStack/Platform/Observability/Alerting/CriticalTopic');
  });

  test('with topics of your own, the accessors return them', () => {
    const app = newTestApp();
    const topics = new Stack(app, 'Topics', { env: TEST_ENV });
    const critical = new sns.Topic(topics, 'Critical');
    const warning = new sns.Topic(topics, 'Warning');
    const { platform } = buildPlatform({ ...LEAN, observability: { criticalTopic: critical, warningTopic: warning } }, undefined, app);
    expect(platform.observability!.criticalTopic).toBe(critical);
    expect(platform.observability!.warningTopic).toBe(warning);
  });
});

describe('prop paths: the tier on its own names its own props', () => {
  test('an ObservabilityTier of your own reports `errorRatePercent` and the path of the part that checked it', () => {
    const { stack, platform } = buildPlatform({ ...LEAN, observability: OFF });
    const err = errorOf(() => new ObservabilityTier(stack, 'Observability', {
      appTier: platform.appTier, dns: platform.dns, errorRatePercent: 0,
    }));
    expect(PlatformErrors.propPathOf(err)).toBe('errorRatePercent');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Observability/Alerting');
    expect(err.message).toBe('`errorRatePercent` must be a percentage greater than 0 and at most 100, got 0');
  });

  test('under the platform, the same rule names the platform\'s prop', () => {
    const err = errorOf(() => buildPlatform({ ...LEAN, observability: { errorRatePercent: 0 } }));
    expect(PlatformErrors.propPathOf(err)).toBe('observability.errorRatePercent');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Observability/Alerting');
    expect(err.message).toBe('`observability.errorRatePercent` must be a percentage greater than 0 and at most 100, got 0');
  });
});

describe('notification routing', () => {
  test('a critical and a warning topic, encrypted with one rotated KMS key, TLS-only', () => {
    const observed = defaultObserved();
    const { template, alerting } = observed;
    expect(alerting.topicKey).toBeDefined();
    const keyArn = { 'Fn::GetAtt': [logicalIdOf(alerting.topicKey!), 'Arn'] };
    for (const topic of [alerting.criticalTopic, alerting.warningTopic]) {
      expect(propertiesOf(observed, topic as sns.Topic)).toMatchObject({ KmsMasterKeyId: keyArn });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalIdOf(topic as sns.Topic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          })]),
        },
      });
    }
    expect(propertiesOf(observed, alerting.topicKey!)).toMatchObject({ EnableKeyRotation: true });
    expect(propertiesOf(observed, alerting.criticalTopic as sns.Topic).DisplayName).toMatch(/page on-call/);
    expect(propertiesOf(observed, alerting.warningTopic as sns.Topic).DisplayName).toMatch(/notify the team/);
  });

  test('CloudWatch alarms of this account and region may publish to both topics and use the key', () => {
    const observed = defaultObserved();
    const fromAlarms = Match.objectLike({
      StringEquals: { 'aws:SourceAccount': TEST_ENV.account },
      ArnLike: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`:cloudwatch:${TEST_ENV.region}:${TEST_ENV.account}:alarm:*`])] }) },
    });
    for (const topic of [observed.alerting.criticalTopic, observed.alerting.warningTopic]) {
      observed.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalIdOf(topic as sns.Topic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: fromAlarms,
          })]),
        },
      });
    }
    expect(propertiesOf(observed, observed.alerting.topicKey!).KeyPolicy.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': TEST_ENV.account } }),
      }),
    ]));
  });

  test('EventBridge may publish the database events to the warning topic and use the key', () => {
    const observed = defaultObserved();
    observed.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalIdOf(observed.alerting.warningTopic as sns.Topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish',
        })]),
      },
    });
    expect(propertiesOf(observed, observed.alerting.topicKey!).KeyPolicy.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    ]));
  });

  test('each email address subscribes to its topic', () => {
    const { template, alerting } = defaultObserved();
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'))
      .map((s: any) => [s.Properties.Protocol, s.Properties.Endpoint, s.Properties.TopicArn.Ref]);
    expect(subscriptions.sort()).toEqual([
      ['email', 'lead@example.com', logicalIdOf(alerting.warningTopic as sns.Topic)],
      ['email', 'oncall@example.com', logicalIdOf(alerting.criticalTopic as sns.Topic)],
      ['email', 'team@example.com', logicalIdOf(alerting.warningTopic as sns.Topic)],
    ].sort());
  });
});

describe('alarms of the default platform', () => {
  test('every alarm, by construct ID', () => {
    const { alerting, template } = defaultObserved();
    const perZone = (z: number) => [`Zone${z}Down`, `Zone${z}HighErrorRate`, `Zone${z}AppServersHighCpu`,
      `Zone${z}HighP99Latency`, `Zone${z}AppServersBelowMinimum`, `Zone${z}WorkersBelowMinimum`];
    const perNode = (n: number) => [`CacheNode${n}ReplicationLag`, `CacheNode${n}HighCpu`, `CacheNode${n}HighMemory`, `CacheNode${n}Evictions`];
    expect(Object.keys(alerting.alarms).sort()).toEqual([
      ...perZone(1), ...perZone(2),
      'DatabaseReplicationLag', 'DatabaseHighConnections', 'DatabaseHighCpu', 'DatabaseLowFreeStorage', 'DatabaseLowFreeableMemory',
      ...perNode(1), ...perNode(2),
      'SearchClusterRed', 'SearchClusterYellow', 'SearchLowFreeStorage', 'SearchHighJvmMemoryPressure', 'SearchMasterUnreachable',
      'HighQueueDepth', 'BrokerHighMemory', 'BrokerLowDisk', 'BrokerHighCpu',
    ].sort());
    const ours = Object.keys(template.findResources(ALARM)).filter((id) => id.startsWith('Alerting'));
    expect(ours.length).toBe(Object.keys(alerting.alarms).length);
  });

  test.each([1, 2])('zone %i: Zone Down, High Error Rate, CPU, p99 latency and app servers in service', (z) => {
    const observed = defaultObserved();
    const app = observed.platform.appTier;
    const lb = app.zoneLoadBalancers[z - 1];
    const [targetGroup, loadBalancer, group] = [logicalIdOf(lb.targetGroup), logicalIdOf(lb.loadBalancer), logicalIdOf(app.autoScalingGroups[z - 1])];
    // A target group's metrics name its load balancer through the ARN of the listener that forwards to it.
    const listener = logicalIdOf(lb.httpsListener);
    expectAlarm(observed, `Zone${z}Down`,
      metric('AWS/ApplicationELB', 'HealthyHostCount', 'Minimum', 60, [targetGroup, listener]),
      fires(1, LT, [2, 2], 'breaching', 'critical'));
    expectAlarm(observed, `Zone${z}HighErrorRate`,
      expression('100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
        { target5xx: 'HTTPCode_Target_5XX_Count', elb5xx: 'HTTPCode_ELB_5XX_Count', requests: 'RequestCount' }, 60, [loadBalancer]),
      fires(1, GT, [5, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, `Zone${z}AppServersHighCpu`,
      metric('AWS/EC2', 'CPUUtilization', 'Average', 300, [group]),
      fires(70, GT, [3, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, `Zone${z}HighP99Latency`,
      metric('AWS/ApplicationELB', 'TargetResponseTime', 'p99', 300, [targetGroup]),
      fires(0.5, GT, [3, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, `Zone${z}AppServersBelowMinimum`,
      metric('AWS/AutoScaling', 'GroupInServiceInstances', 'Minimum', 300, [group]),
      fires(4, LT, [3, 3], 'missing', 'warning'));
  });

  test('workers in service below each zone\'s minimum (3 and 2)', () => {
    const observed = defaultObserved();
    const groups = observed.platform.workers!.autoScalingGroups;
    [3, 2].forEach((minimum, zone) => expectAlarm(observed, `Zone${zone + 1}WorkersBelowMinimum`,
      metric('AWS/AutoScaling', 'GroupInServiceInstances', 'Minimum', 300, [logicalIdOf(groups[zone])]),
      fires(minimum, LT, [3, 3], 'missing', 'warning')));
  });

  test('database (Aurora, the default): reader lag in milliseconds, writer local storage, and the cluster\'s and instances\' events', () => {
    const observed = defaultObserved();
    const cluster = observed.platform.database!.cluster!;
    expectAlarm(observed, 'DatabaseReplicationLag',
      metric('AWS/RDS', 'AuroraReplicaLag', 'Maximum', 60, [logicalIdOf(cluster), '"Value":"READER"']),
      fires(30_000, GT, [3, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, 'DatabaseLowFreeStorage',
      metric('AWS/RDS', 'FreeLocalStorage', 'Minimum', 300, [logicalIdOf(cluster), '"Value":"WRITER"']),
      fires(10 * GiB, LT, [3, 3], 'missing', 'warning'));
    const pattern = propertiesOf(observed, observed.alerting.rules.DatabaseFailover).EventPattern;
    const resources = JSON.stringify(pattern.resources);
    expect(resources).toContain(`:cluster:",{"Ref":"${logicalIdOf(cluster)}"}`);
    expect(pattern.resources).toHaveLength(1 + cluster.instanceIdentifiers.length);
    expect(resources.match(/:db:/g)).toHaveLength(cluster.instanceIdentifiers.length);
  });

  test.each([1, 2])('cache node %i: replication lag, engine CPU, memory, evictions', (n) => {
    const observed = defaultObserved();
    const member = [logicalIdOf(observed.platform.cache!.replicationGroup), `-00${n}`];
    expectAlarm(observed, `CacheNode${n}ReplicationLag`,
      metric('AWS/ElastiCache', 'ReplicationLag', 'Maximum', 60, member),
      fires(30, GT, [3, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, `CacheNode${n}HighCpu`,
      metric('AWS/ElastiCache', 'EngineCPUUtilization', 'Average', 300, member),
      fires(90, GT, [3, 3], 'missing', 'warning'));
    expectAlarm(observed, `CacheNode${n}HighMemory`,
      metric('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', 'Maximum', 300, member),
      fires(80, GT, [3, 3], 'missing', 'warning'));
    expectAlarm(observed, `CacheNode${n}Evictions`,
      metric('AWS/ElastiCache', 'Evictions', 'Sum', 300, member),
      fires(0, GT, [3, 3], 'notBreaching', 'warning'));
  });

  test('search: red pages, yellow, free storage (25 % of 256 GiB, in MiB), JVM pressure and master reachable notify', () => {
    const observed = defaultObserved();
    const domain = [logicalIdOf(observed.platform.search!.domain)];
    expectAlarm(observed, 'SearchClusterRed',
      metric('AWS/ES', 'ClusterStatus.red', 'Maximum', 60, domain),
      fires(1, GTE, [1, 1], 'missing', 'critical'));
    expectAlarm(observed, 'SearchClusterYellow',
      metric('AWS/ES', 'ClusterStatus.yellow', 'Maximum', 60, domain),
      fires(1, GTE, [5, 5], 'missing', 'warning'));
    expectAlarm(observed, 'SearchLowFreeStorage',
      metric('AWS/ES', 'FreeStorageSpace', 'Minimum', 60, domain),
      fires(64 * 1024, LTE, [1, 1], 'missing', 'warning'));
    expectAlarm(observed, 'SearchHighJvmMemoryPressure',
      metric('AWS/ES', 'JVMMemoryPressure', 'Maximum', 300, domain),
      fires(80, GTE, [3, 3], 'missing', 'warning'));
    expectAlarm(observed, 'SearchMasterUnreachable',
      metric('AWS/ES', 'MasterReachableFromNode', 'Maximum', 300, domain),
      fires(1, LT, [3, 3], 'missing', 'warning'));
  });

  test('broker: queue depth on the broker; memory, disk and CPU of the node with the least headroom', () => {
    const observed = defaultObserved();
    const messaging = observed.platform.messaging!;
    const name = brokerNameOf(messaging);
    expectAlarm(observed, 'HighQueueDepth',
      metric('AWS/AmazonMQ', 'MessageCount', 'Maximum', 300, [brokerDimension(messaging)]),
      fires(10_000, GT, [3, 3], 'missing', 'warning'));
    // The default broker is a cluster of mq.m7g.large: 4.3 GiB memory limit and 2 GiB free disk limit on each node.
    expectNodeAlarm(observed, 'BrokerHighMemory', `100 * used / ${Math.round(4.3 * GiB)}`,
      { id: 'used', query: nodeQuery('MAX', 'RabbitMQMemUsed', name) }, fires(80, GT, [3, 3], 'missing', 'warning'));
    expectNodeAlarm(observed, 'BrokerLowDisk', `free / ${2 * GiB}`,
      { id: 'free', query: nodeQuery('MIN', 'RabbitMQDiskFree', name) }, fires(2, LT, [3, 3], 'missing', 'warning'));
    expectNodeAlarm(observed, 'BrokerHighCpu', undefined,
      { query: nodeQuery('MAX', 'SystemCpuUtilization', name) }, fires(80, GT, [3, 3], 'missing', 'warning'));
  });

  test('each broker node alarm holds one Metrics Insights query and no broker-level (summed) metric', () => {
    const observed = defaultObserved();
    for (const id of ['BrokerHighMemory', 'BrokerLowDisk', 'BrokerHighCpu']) {
      const metrics: any[] = propertiesOf(observed, observed.alerting.alarms[id]).Metrics;
      // A CloudWatch alarm accepts one Metrics Insights query (and metric math over it), not two.
      expect(expressionsOf(metrics).filter((e) => /^SELECT /.test(e ?? ''))).toHaveLength(1);
      expect(metrics.filter((m) => m.MetricStat)).toEqual([]);
      expect(JSON.stringify(metrics)).toContain('SCHEMA(\\"AWS/AmazonMQ\\", Broker, Node)');
    }
    expect(propertiesOf(observed, observed.alerting.alarms.BrokerHighMemory).AlarmDescription)
      .toMatch(/A broker node has used more than 80 % of its memory limit \(4\.3 GiB on mq\.m7g\.large\).*blocks every publisher of the cluster/);
    expect(propertiesOf(observed, observed.alerting.alarms.BrokerLowDisk).AlarmDescription)
      .toMatch(/A broker node's free disk has been below 2 times its free disk limit \(2 GiB on mq\.m7g\.large\)/);
  });

  test('each description names the alert or health check, what broke and what to do', () => {
    const observed = defaultObserved();
    const description = (id: string) => propertiesOf(observed, observed.alerting.alarms[id]).AlarmDescription;
    expect(description('Zone1Down')).toMatch(/^Zone Down \(all health checks fail\)\. Zone 1 has no healthy app server.*Action: Page on-call: DNS already sends the zone's traffic to the other zone; find why its app servers fail/);
    expect(description('Zone2HighErrorRate')).toMatch(/^High Error Rate \(5xx responses\)\. More than 1 % of zone 2's requests.*Action: Investigate: the app servers' logs and traces/);
    expect(description('DatabaseReplicationLag')).toMatch(/^Replication Lag\. An Aurora reader has lagged.*Action: Check network: the connectivity between the zones/);
    expect(description('CacheNode2ReplicationLag')).toMatch(/^Replication Lag\. Cache node 2, as a replica.*Action: Check network: the connectivity between the zones/);
    expect(description('Zone1AppServersHighCpu')).toMatch(/^CPU utilization \(scaling has not caught up\)\..*Action: Notify team: add app servers/);
    expect(description('DatabaseHighConnections')).toMatch(/^Database connections \(scaling has not caught up\)\..*Action: Notify team: add read replicas/);
    expect(description('Zone2HighP99Latency')).toMatch(/^Response time p99 \(scaling has not caught up\)\..*500 ms.*Action: Notify team: scale horizontally/);
    expect(description('HighQueueDepth')).toMatch(/^Queue depth \(scaling has not caught up\)\..*Action: Notify team: add workers/);
    expect(description('SearchClusterRed')).toMatch(/Action: Page on-call: find the red indexes/);
  });

  test('what deploys speaks operations language: no alarm, rule or dashboard text says "seed"', () => {
    const { template } = defaultObserved();
    const texts = [
      ...Object.values(template.findResources(ALARM)).map((r: any) => r.Properties.AlarmDescription),
      ...Object.values(template.findResources(RULE)).flatMap((r: any) => [
        r.Properties.Description, ...(r.Properties.Targets ?? []).map((t: any) => JSON.stringify(t.InputTransformer ?? t.Input)),
      ]),
      ...Object.values(template.findResources(DASHBOARD)).map((r: any) => JSON.stringify(r.Properties.DashboardBody)),
    ];
    expect(texts.length).toBeGreaterThan(30);
    expect(texts.filter((text) => /seed/i.test(String(text)))).toEqual([]);
  });
});

describe('alarms of other topologies and sizes', () => {
  let variant: Observed;
  beforeAll(() => {
    variant = synthObserved({
      appTier: { instancesPerZone: [2, 3] },
      workers: { instancesPerZone: [1, 1] },
      database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE },
      cache: { replicasPerPrimary: 2 },
      search: { volumeSizeGiB: 100 },
    });
  });

  test('the minimum of each group is its own', () => {
    [[2, 3], [1, 1]].forEach(([z1, z2], i) => {
      const prefix = i === 0 ? 'AppServers' : 'Workers';
      expect(propertiesOf(variant, variant.alerting.alarms[`Zone1${prefix}BelowMinimum`]).Threshold).toBe(z1);
      expect(propertiesOf(variant, variant.alerting.alarms[`Zone2${prefix}BelowMinimum`]).Threshold).toBe(z2);
    });
  });

  test('RDS Multi-AZ DB instance: replication lag, connections, CPU, free storage, freeable memory', () => {
    const observed = variant;
    const database = observed.platform.database!;
    const [primary, replica] = [logicalIdOf(database.instance!), logicalIdOf(database.readReplica!)];
    expectAlarm(observed, 'DatabaseReplicationLag',
      metric('AWS/RDS', 'ReplicaLag', 'Maximum', 60, [replica]),
      fires(30, GT, [3, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, 'DatabaseHighConnections',
      metric('AWS/RDS', 'DatabaseConnections', 'Maximum', 300, [primary]),
      fires(800, GT, [3, 3], 'notBreaching', 'warning'));
    expectAlarm(observed, 'DatabaseHighCpu',
      metric('AWS/RDS', 'CPUUtilization', 'Average', 300, [primary]),
      fires(80, GT, [3, 3], 'missing', 'warning'));
    expectAlarm(observed, 'DatabaseLowFreeStorage',
      metric('AWS/RDS', 'FreeStorageSpace', 'Minimum', 300, [primary]),
      fires(50 * GiB, LT, [3, 3], 'missing', 'warning'));
    expectAlarm(observed, 'DatabaseLowFreeableMemory',
      metric('AWS/RDS', 'FreeableMemory', 'Minimum', 300, [primary]),
      fires(3 * GiB, LT, [3, 3], 'missing', 'warning'));
  });

  test('RDS Multi-AZ DB instance failover: an EventBridge rule on the primary\'s and replica\'s RDS events, to the warning topic', () => {
    const observed = variant;
    const database = observed.platform.database!;
    const rule = observed.alerting.rules.DatabaseFailover;
    expect(Object.keys(observed.alerting.rules)).toEqual(['DatabaseFailover']);
    const props = propertiesOf(observed, rule);
    expect(props.EventPattern).toMatchObject({
      'source': ['aws.rds'],
      'detail-type': ['RDS DB Instance Event', 'RDS DB Cluster Event'],
      'detail': { EventCategories: ['failover', 'availability', 'failure'] },
    });
    const resources = JSON.stringify(props.EventPattern.resources);
    expect(props.EventPattern.resources).toHaveLength(2);
    for (const instance of [database.instance!, database.readReplica!]) {
      expect(resources).toContain(`{"Ref":"${logicalIdOf(instance)}"}`);
    }
    expect(resources).toContain(':db:');
    expect(props.Targets).toEqual([expect.objectContaining({
      Arn: { Ref: logicalIdOf(observed.alerting.warningTopic as sns.Topic) },
      InputTransformer: expect.objectContaining({
        InputTemplate: expect.stringMatching(/^"Database Failover: <detail-EventID> on <detail-SourceIdentifier>.*Action: Notify team: confirm the new primary serves and the app reconnected through the writer endpoint\."$/),
      }),
    })]);
    expect(props.Description).toMatch(/Database Failover/);
  });

  test('three cache nodes: each has its own alarms (any node may be a replica after a failover)', () => {
    expect(Object.keys(variant.alerting.alarms).filter((id) => id.startsWith('CacheNode3'))).toHaveLength(4);
    expectAlarm(variant, 'CacheNode3ReplicationLag',
      metric('AWS/ElastiCache', 'ReplicationLag', 'Maximum', 60, ['-003']),
      fires(30, GT, [3, 3], 'notBreaching', 'warning'));
  });

  test('search free storage follows the data nodes\' volume (25 % of 100 GiB)', () => {
    expect(propertiesOf(variant, variant.alerting.alarms.SearchLowFreeStorage).Threshold).toBe(25 * 1024);
  });
});

describe('the "scaling has not caught up" alarms follow what the tiers scale on', () => {
  /** The thresholds of the app servers' CPU and p99 alarms (both zones), and the queue depth alarm's. */
  const scalingThresholds = (observed: Observed) => {
    const alarms = Object.entries(observed.template.findResources('AWS::CloudWatch::Alarm'));
    const of = (pattern: RegExp) => alarms.filter(([id]) => pattern.test(id)).map(([, alarm]) => alarm.Properties.Threshold);
    return {
      cpu: of(/AppServersHighCpu/),
      p99: of(/HighP99Latency/),
      queueDepth: of(/HighQueueDepth/),
    };
  };

  test('by default: the app tier\'s CPU target 70 and p99 scale-out 500 ms, the workers\' queue-depth scale-out 10000', () => {
    expect(scalingThresholds(defaultObserved())).toEqual({
      cpu: [70, 70], p99: [0.5, 0.5], queueDepth: [10000],
    });
  });

  test('the tiers\' settings when the alert thresholds are not set', () => {
    const observed = synthObserved({
      appTier: { cpuTargetUtilizationPercent: 60, p99LatencyScaleOutThreshold: Duration.millis(800) },
      workers: { queueDepthScaleOutThreshold: 4000 },
    });
    expect(scalingThresholds(observed)).toEqual({
      cpu: [60, 60], p99: [0.8, 0.8], queueDepth: [4000],
    });
  });

  test('without workers, the queue depth alarm defaults to the workers\' default scale-out threshold, 10000', () => {
    const { stack, platform } = buildPlatform({ observability: { enabled: false }, ...LEAN, messaging: {} });
    const tiers = tiersOf(platform);
    expect(tiers.workers).toBeUndefined();
    expect(new PlatformAlerting(stack, 'Alerting', tiers)._thresholds.queueDepth).toBe(10000);
  });

  test('cpuThresholdPercent, p99LatencyThreshold and queueDepthThreshold win when set', () => {
    const observed = synthObserved({
      appTier: { cpuTargetUtilizationPercent: 60, p99LatencyScaleOutThreshold: Duration.millis(800) },
      workers: { queueDepthScaleOutThreshold: 4000 },
    }, { cpuThresholdPercent: 85, p99LatencyThreshold: Duration.seconds(1), queueDepthThreshold: 20000 });
    expect(scalingThresholds(observed)).toEqual({
      cpu: [85, 85], p99: [1, 1], queueDepth: [20000],
    });
  });
});

describe('options', () => {
  let custom: Observed;
  let critical: sns.ITopic;
  let warning: sns.ITopic;
  beforeAll(() => {
    const { stack, platform } = buildPlatform({ observability: { enabled: false } });
    critical = sns.Topic.fromTopicArn(stack, 'Pager', 'arn:aws:sns:eu-west-1:123456789012:pager');
    warning = sns.Topic.fromTopicArn(stack, 'Chat', 'arn:aws:sns:eu-west-1:123456789012:chat');
    const tiers = tiersOf(platform);
    const alerting = new PlatformAlerting(stack, 'Alerting', {
      ...tiers,
      criticalTopic: critical,
      warningTopic: warning,
      criticalEmails: ['oncall@example.com'],
      errorRatePercent: 2.5,
      replicationLagThreshold: Duration.seconds(10),
      cpuThresholdPercent: 60,
      databaseConnectionsPercent: 90,
      p99LatencyThreshold: Duration.millis(250),
      queueDepthThreshold: 5000,
      databaseCpuThresholdPercent: 75,
      databaseFreeStorageThreshold: Size.gibibytes(20),
      databaseFreeableMemoryThreshold: Size.gibibytes(1),
      cacheCpuThresholdPercent: 70,
      cacheMemoryUsagePercent: 70,
      cacheEvictionsThreshold: 100,
      searchFreeStorageThreshold: Size.gibibytes(10),
      searchJvmMemoryPressurePercent: 85,
      brokerMemoryUsagePercent: 70,
      brokerDiskFreeLimitMultiple: 3,
      brokerCpuThresholdPercent: 60,
    });
    const dashboard = new PlatformDashboard(stack, 'Dashboard', { ...tiers, dashboardName: 'platform-ops' });
    custom = { app: stack.node.root as App, stack, platform, alerting, dashboard, template: Template.fromStack(stack) };
  });

  test.each([
    ['Zone1HighErrorRate', 2.5],
    ['Zone2HighErrorRate', 2.5],
    // Aurora (the default) reports reader lag in milliseconds.
    ['DatabaseReplicationLag', 10_000],
    ['CacheNode1ReplicationLag', 10],
    ['Zone1AppServersHighCpu', 60],
    ['DatabaseHighConnections', 900],
    ['Zone2HighP99Latency', 0.25],
    ['HighQueueDepth', 5000],
    ['DatabaseHighCpu', 75],
    ['DatabaseLowFreeStorage', 20 * GiB],
    ['DatabaseLowFreeableMemory', 1 * GiB],
    ['CacheNode2HighCpu', 70],
    ['CacheNode1HighMemory', 70],
    ['CacheNode2Evictions', 100],
    ['SearchLowFreeStorage', 10 * 1024],
    ['SearchHighJvmMemoryPressure', 85],
    ['BrokerHighMemory', 70],
    ['BrokerLowDisk', 3],
    ['BrokerHighCpu', 60],
  ])('%s fires at %d', (id, threshold) => {
    expect(propertiesOf(custom, custom.alerting.alarms[id]).Threshold).toBe(threshold);
  });

  test('your own topics: alarms and events go to them, no topic or key is created, emails subscribe to yours', () => {
    expect(custom.alerting.criticalTopic).toBe(critical);
    expect(custom.alerting.warningTopic).toBe(warning);
    expect(custom.alerting.topicKey).toBeUndefined();
    expect(Object.keys(custom.template.findResources(TOPIC)).filter((id) => id.startsWith('Alerting'))).toEqual([]);
    expect(Object.keys(custom.template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Alerting'))).toEqual([]);
    expectAlarm(custom, 'Zone1Down',
      metric('AWS/ApplicationELB', 'HealthyHostCount', 'Minimum', 60),
      fires(1, LT, [2, 2], 'breaching', 'critical'));
    expect(propertiesOf(custom, custom.alerting.alarms.Zone1Down).AlarmActions).toEqual([critical.topicArn]);
    expect(propertiesOf(custom, custom.alerting.alarms.HighQueueDepth).OKActions).toEqual([warning.topicArn]);
    expect(propertiesOf(custom, custom.alerting.rules.DatabaseFailover).Targets[0].Arn).toBe(warning.topicArn);
    custom.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: critical.topicArn,
    });
  });

  test('the dashboard takes the name it is given', () => {
    custom.template.hasResourceProperties(DASHBOARD, { DashboardName: 'platform-ops' });
  });
});

describe('tiers turned off', () => {
  let requestPathOnly: Observed;
  beforeAll(() => {
    requestPathOnly = synthObserved({ workers: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, storage: OFF });
  });

  test('only the request path\'s alarms, and no event rule', () => {
    expect(Object.keys(requestPathOnly.alerting.alarms).sort()).toEqual([1, 2].flatMap((z) => [
      `Zone${z}Down`, `Zone${z}HighErrorRate`, `Zone${z}AppServersHighCpu`, `Zone${z}HighP99Latency`, `Zone${z}AppServersBelowMinimum`,
    ]).sort());
    expect(requestPathOnly.alerting.rules).toEqual({});
    requestPathOnly.template.resourceCountIs(RULE, 0);
  });

  test('the dashboard keeps the request path\'s panels and rows, and drops the others', () => {
    const titles = widgetTitles(requestPathOnly);
    expect(titles).toEqual(expect.arrayContaining(['Request rate by zone', 'Latency by zone (p50, p90, p99)', 'Error rate by service',
      'Route 53 health check status', 'App servers: healthy hosts']));
    for (const gone of ['Database replication lag', 'Cache hit rate', 'Queue depth and processing rate']) {
      expect(titles).not.toContain(gone);
    }
    expect(titles.filter((t) => /^(Workers|Database|Cache|Search|Broker|Storage):/.test(t))).toEqual([]);
  });
});

describe('dashboard', () => {
  test('one dashboard with every key panel, by title', () => {
    const observed = defaultObserved();
    observed.template.resourceCountIs(DASHBOARD, 1);
    const titles = widgetTitles(observed);
    expect(titles).toEqual(expect.arrayContaining(KEY_PANEL_TITLES));
  });

  test('the key panels come first, after the header and the alarm status', () => {
    const widgets = dashboardBody(defaultObserved()).widgets;
    expect(widgets[0].type).toBe('text');
    expect(widgets[0].properties.markdown).toMatch(/^# MultiAzHaPlatform\nKey panels first/);
    expect(widgets[1]).toMatchObject({ type: 'alarm', properties: { title: 'Alarms' } });
    expect(widgets.slice(2, 8).map((w: any) => w.properties.title)).toEqual(KEY_PANEL_TITLES);
    expect(widgets[1].properties.alarms).toHaveLength(Object.keys(defaultObserved().alerting.alarms).length);
  });

  test('key panels: latency p50/p90/p99 per zone, queue depth with publish and ack rates, 5xx rate per zone and source', () => {
    const widgets: any[] = dashboardBody(defaultObserved()).widgets;
    const panel = (title: string) => widgets.find((w) => w.properties.title === title).properties.metrics;
    const latency = panel('Latency by zone (p50, p90, p99)');
    expect(latency.map((m: any[]) => [m[1], m[m.length - 1].label, m[m.length - 1].stat])).toEqual([1, 2].flatMap((z) =>
      ['p50', 'p90', 'p99'].map((stat) => ['TargetResponseTime', `Zone ${z} ${stat}`, stat])));
    expect(panel('Request rate by zone').map((m: any[]) => m[1])).toEqual(['RequestCount', 'RequestCount']);
    expect(panel('Queue depth and processing rate').map((m: any[]) => m[1])).toEqual(['MessageCount', 'PublishRate', 'AckRate']);
    expect(panel('Database replication lag').map((m: any[]) => m[1])).toEqual(['AuroraReplicaLag']);
    expect(panel('Cache hit rate').map((m: any[]) => m[1])).toEqual(['CacheHitRate', 'CacheHitRate']);
    const errors = panel('Error rate by service').filter((m: any[]) => m[0].expression).map((m: any[]) => [m[0].label, m[0].expression]);
    expect(errors).toEqual([
      ['Zone 1 app servers (5xx %)', '100 * FILL(target1, 0) / requests1'],
      ['Zone 1 load balancer (5xx %)', '100 * FILL(elb1, 0) / requests1'],
      ['Zone 2 app servers (5xx %)', '100 * FILL(target2, 0) / requests2'],
      ['Zone 2 load balancer (5xx %)', '100 * FILL(elb2, 0) / requests2'],
    ]);
  });

  test('broker panels: one line per node (Metrics Insights, one query per graph), with the per-node limits of mq.m7g.large', () => {
    const observed = defaultObserved();
    const name = brokerNameOf(observed.platform.messaging!);
    const widgets: any[] = dashboardBody(observed).widgets;
    const panel = (title: string) => widgets.find((w) => w.properties.title === title).properties;
    const query = (metricName: string) => `SELECT AVG(${metricName}) FROM SCHEMA("AWS/AmazonMQ", Broker, Node) WHERE Broker = '${name}' GROUP BY Node`;
    expect(panel('Broker: CPU by node').metrics).toEqual([[expect.objectContaining({ expression: query('SystemCpuUtilization') })]]);
    expect(panel('Broker: memory used by node').metrics).toEqual([[expect.objectContaining({ expression: query('RabbitMQMemUsed') })]]);
    expect(panel('Broker: free disk by node').metrics).toEqual([[expect.objectContaining({ expression: query('RabbitMQDiskFree') })]]);
    expect(panel('Broker: memory used by node').annotations.horizontal).toEqual([
      expect.objectContaining({ value: Math.round(4.3 * GiB), label: 'Memory limit (4.3 GiB per node): publishers block' }),
    ]);
    expect(panel('Broker: free disk by node').annotations.horizontal).toEqual([
      expect.objectContaining({ value: 2 * GiB, label: 'Free disk limit (2 GiB per node): publishers block' }),
    ]);
  });

  test('a text header and a row per tier, with the Route 53 metrics read from us-east-1', () => {
    const widgets: any[] = dashboardBody(defaultObserved()).widgets;
    const headers = widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown.split('\n')[0]);
    expect(headers).toEqual(['# MultiAzHaPlatform', '## DNS', '## App servers', '## Workers', '## Database', '## Cache',
      '## Search', '## Messaging', '## Storage']);
    const dns = widgets.find((w) => w.properties.title === 'Route 53 health check status').properties.metrics;
    expect(dns.map((m: any[]) => [m[1], m[m.length - 1].region])).toEqual([['HealthCheckStatus', 'us-east-1'], ['HealthCheckStatus', 'us-east-1']]);
    const titles = widgetTitles(defaultObserved());
    for (const prefix of ['App servers:', 'Workers:', 'Database:', 'Cache:', 'Search:', 'Broker:', 'Storage:']) {
      expect(titles.some((t) => t.startsWith(prefix))).toBe(true);
    }
  });
});

describe('stable logical IDs', () => {
  // A refactor of the observability code must not rename an alarm: its history and its links (runbooks, the
  // drills' stop conditions) follow the logical ID. A failure here means a construct ID or scope changed: restore it.
  test('every alarm and the failover rule of the default platform keep their logical IDs', () => {
    const { platform } = defaultPlatform();
    const alerting = platform.observability!.alerting;
    const ids = Object.fromEntries(Object.entries(alerting.alarms).map(([id, alarm]) => [id, logicalIdOf(alarm)]));
    expect(ids).toEqual({
      Zone1Down: 'PlatformObservabilityAlertingZone1Down1DE9D42C',
      Zone1HighErrorRate: 'PlatformObservabilityAlertingZone1HighErrorRateE7CD24BC',
      Zone1AppServersHighCpu: 'PlatformObservabilityAlertingZone1AppServersHighCpu45B74C88',
      Zone1HighP99Latency: 'PlatformObservabilityAlertingZone1HighP99LatencyF9D21C0F',
      Zone1AppServersBelowMinimum: 'PlatformObservabilityAlertingZone1AppServersBelowMinimum0D5A63F7',
      Zone2Down: 'PlatformObservabilityAlertingZone2Down588CF190',
      Zone2HighErrorRate: 'PlatformObservabilityAlertingZone2HighErrorRate756BA6B3',
      Zone2AppServersHighCpu: 'PlatformObservabilityAlertingZone2AppServersHighCpu5F4683DD',
      Zone2HighP99Latency: 'PlatformObservabilityAlertingZone2HighP99Latency148ACBB7',
      Zone2AppServersBelowMinimum: 'PlatformObservabilityAlertingZone2AppServersBelowMinimumFEF6930C',
      Zone1WorkersBelowMinimum: 'PlatformObservabilityAlertingZone1WorkersBelowMinimum4AC98709',
      Zone2WorkersBelowMinimum: 'PlatformObservabilityAlertingZone2WorkersBelowMinimumCA313972',
      DatabaseReplicationLag: 'PlatformObservabilityAlertingDatabaseReplicationLag13805761',
      DatabaseHighConnections: 'PlatformObservabilityAlertingDatabaseHighConnectionsEB93888F',
      DatabaseHighCpu: 'PlatformObservabilityAlertingDatabaseHighCpu8978C9F4',
      DatabaseLowFreeStorage: 'PlatformObservabilityAlertingDatabaseLowFreeStorage85A5C74B',
      DatabaseLowFreeableMemory: 'PlatformObservabilityAlertingDatabaseLowFreeableMemory005E0587',
      CacheNode1ReplicationLag: 'PlatformObservabilityAlertingCacheNode1ReplicationLag2562F03E',
      CacheNode1HighCpu: 'PlatformObservabilityAlertingCacheNode1HighCpu64115AD2',
      CacheNode1HighMemory: 'PlatformObservabilityAlertingCacheNode1HighMemoryC2E05961',
      CacheNode1Evictions: 'PlatformObservabilityAlertingCacheNode1Evictions1802245B',
      CacheNode2ReplicationLag: 'PlatformObservabilityAlertingCacheNode2ReplicationLag45EA83EF',
      CacheNode2HighCpu: 'PlatformObservabilityAlertingCacheNode2HighCpu3DABC3CC',
      CacheNode2HighMemory: 'PlatformObservabilityAlertingCacheNode2HighMemoryAA382DA2',
      CacheNode2Evictions: 'PlatformObservabilityAlertingCacheNode2Evictions3C34EA58',
      SearchClusterRed: 'PlatformObservabilityAlertingSearchClusterRed93668976',
      SearchClusterYellow: 'PlatformObservabilityAlertingSearchClusterYellow4DC39B92',
      SearchLowFreeStorage: 'PlatformObservabilityAlertingSearchLowFreeStorage899ED7D3',
      SearchHighJvmMemoryPressure: 'PlatformObservabilityAlertingSearchHighJvmMemoryPressureEA4D55A3',
      SearchMasterUnreachable: 'PlatformObservabilityAlertingSearchMasterUnreachable8C75E0C1',
      HighQueueDepth: 'PlatformObservabilityAlertingHighQueueDepthBC12DFEF',
      BrokerHighMemory: 'PlatformObservabilityAlertingBrokerHighMemory0D38CFD6',
      BrokerLowDisk: 'PlatformObservabilityAlertingBrokerLowDisk2313EC39',
      BrokerHighCpu: 'PlatformObservabilityAlertingBrokerHighCpuD4B323CB',
    });
    expect(logicalIdOf(alerting.rules.DatabaseFailover)).toBe('PlatformObservabilityAlertingDatabaseFailover2F28F95D');
  });
});

describe('bad options', () => {
  let built: ReturnType<typeof buildPlatform>;
  let count = 0;
  // An RDS instance, whose allocated storage bounds databaseFreeStorageThreshold.
  beforeAll(() => { built = buildPlatform({ observability: { enabled: false }, database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE } }); });

  function attempt(options: PlatformAlertingOptions, dashboardOptions: PlatformDashboardOptions = {}): unknown {
    const tiers = tiersOf(built.platform);
    try {
      count++;
      new PlatformAlerting(built.stack, `Alerting${count}`, { ...tiers, ...options });
      new PlatformDashboard(built.stack, `Dashboard${count}`, { ...tiers, ...dashboardOptions });
    } catch (error) {
      return error;
    }
    return undefined;
  }

  test.each<[string, PlatformAlertingOptions, string, string]>([
    ['an error rate of 0', { errorRatePercent: 0 }, 'errorRatePercent',
      '`errorRatePercent` must be a percentage greater than 0 and at most 100, got 0'],
    ['a CPU threshold above 100', { cpuThresholdPercent: 101 }, 'cpuThresholdPercent',
      '`cpuThresholdPercent` must be a percentage greater than 0 and at most 100, got 101'],
    ['a connections share of -5', { databaseConnectionsPercent: -5 }, 'databaseConnectionsPercent',
      '`databaseConnectionsPercent` must be a percentage greater than 0 and at most 100, got -5'],
    ['a JVM pressure of 150', { searchJvmMemoryPressurePercent: 150 }, 'searchJvmMemoryPressurePercent',
      '`searchJvmMemoryPressurePercent` must be a percentage greater than 0 and at most 100, got 150'],
    ['a replication lag of 1.5 s', { replicationLagThreshold: Duration.millis(1500) }, 'replicationLagThreshold',
      '`replicationLagThreshold` must be a whole number of seconds from 1 second to 1 hour, got 1 second 500 millis'],
    ['a replication lag of 2 hours', { replicationLagThreshold: Duration.hours(2) }, 'replicationLagThreshold',
      '`replicationLagThreshold` must be a whole number of seconds from 1 second to 1 hour, got 2 hours'],
    ['a p99 threshold of 5 ms', { p99LatencyThreshold: Duration.millis(5) }, 'p99LatencyThreshold',
      '`p99LatencyThreshold` must be between 10 millis and 1 minute, got 5 millis'],
    ['a queue depth of 0', { queueDepthThreshold: 0 }, 'queueDepthThreshold',
      '`queueDepthThreshold` must be at least 1, got 0'],
    ['a queue depth of 10.5', { queueDepthThreshold: 10.5 }, 'queueDepthThreshold',
      '`queueDepthThreshold` must be a whole number, got 10.5'],
    ['negative evictions', { cacheEvictionsThreshold: -1 }, 'cacheEvictionsThreshold',
      '`cacheEvictionsThreshold` must be at least 0, got -1'],
    ['a disk multiple of 1', { brokerDiskFreeLimitMultiple: 1 }, 'brokerDiskFreeLimitMultiple',
      '`brokerDiskFreeLimitMultiple` must be greater than 1 (at 1 RabbitMQ already blocks publishers) and at most 100, got 1'],
    ['a critical email without a domain', { criticalEmails: ['oncall'] }, 'criticalEmails[0]',
      '`criticalEmails[0]` must be an email address (name@domain), got \'oncall\''],
    ['a warning email with a space', { warningEmails: ['team@example.com', 'the lead@example.com'] }, 'warningEmails[1]',
      '`warningEmails[1]` must be an email address (name@domain), got \'the lead@example.com\''],
    ['a repeated warning email', { warningEmails: ['team@example.com', 'Team@Example.com'] }, 'warningEmails[1]',
      '`warningEmails[1]` must not repeat an address already listed, got \'Team@Example.com\''],
    ['a freeable memory threshold under 1 MiB', { databaseFreeableMemoryThreshold: Size.kibibytes(512) }, 'databaseFreeableMemoryThreshold',
      '`databaseFreeableMemoryThreshold` must be at least 1 MiB, got \'524288 bytes\''],
    ['an error rate that is not a number', { errorRatePercent: Number.NaN }, 'errorRatePercent',
      '`errorRatePercent` must be a percentage greater than 0 and at most 100, got NaN'],
    ['a CPU threshold given as a string (JavaScript)', { cpuThresholdPercent: '80' as any }, 'cpuThresholdPercent',
      '`cpuThresholdPercent` must be a percentage greater than 0 and at most 100, got \'80\''],
    ['a disk multiple of Infinity', { brokerDiskFreeLimitMultiple: Infinity }, 'brokerDiskFreeLimitMultiple',
      '`brokerDiskFreeLimitMultiple` must be greater than 1 (at 1 RabbitMQ already blocks publishers) and at most 100, got Infinity'],
    ['a p99 threshold given as a number of milliseconds (JavaScript)', { p99LatencyThreshold: 500 as any }, 'p99LatencyThreshold',
      '`p99LatencyThreshold` must be a Duration, such as Duration.minutes(5), got 500'],
    ['a replication lag given as a number of seconds (JavaScript)', { replicationLagThreshold: 30 as any }, 'replicationLagThreshold',
      '`replicationLagThreshold` must be a Duration, such as Duration.minutes(5), got 30'],
    ['a freeable memory threshold given as a number (JavaScript)', { databaseFreeableMemoryThreshold: 3 as any }, 'databaseFreeableMemoryThreshold',
      '`databaseFreeableMemoryThreshold` must be a Size, such as Size.gibibytes(1), got 3'],
    ['database free storage at the allocated storage', { databaseFreeStorageThreshold: Size.gibibytes(500) }, 'databaseFreeStorageThreshold',
      '`databaseFreeStorageThreshold` must be less than the database\'s allocated storage (500 GiB), or it always fires, got \'500 GiB\''],
    ['search free storage above the volume', { searchFreeStorageThreshold: Size.gibibytes(300) }, 'searchFreeStorageThreshold',
      '`searchFreeStorageThreshold` must be less than a search data node\'s volume (256 GiB), or it always fires, got \'300 GiB\''],
  ])('fails with %s', (_name, options, propPath, message) => {
    const error = attempt(options);
    expect(PlatformErrors.isConfigurationError(error)).toBe(true);
    expect(PlatformErrors.propPathOf(error)).toBe(propPath);
    expect((error as Error).message).toBe(message);
  });

  test('fails with a dashboard name CloudWatch does not accept', () => {
    const error = attempt({}, { dashboardName: 'ops dashboard!' });
    expect(PlatformErrors.propPathOf(error)).toBe('dashboardName');
    expect((error as Error).message).toBe(
      '`dashboardName` must be 1 to 255 letters, digits, hyphens or underscores, got \'ops dashboard!\'');
  });

  test('the defaults pass', () => {
    expect(attempt({}, { dashboardName: 'Platform_Ops-1' })).toBeUndefined();
  });
});

describe('broker nodes by instance type', () => {
  // One platform without a broker; a broker of each instance type beside it, each watched by its own alerting.
  const cases = [
    { type: 'mq.m7g.medium', memoryGiB: 1.8, diskGiB: 2 },
    { type: 'mq.m7g.large', memoryGiB: 4.3, diskGiB: 2 },
    { type: 'mq.m7g.4xlarge', memoryGiB: 39.4, diskGiB: 2 },
    { type: 'mq.m7g.16xlarge', memoryGiB: 160.1, diskGiB: 2 },
    { type: 'mq.m5.large', memoryGiB: 0.4 * 8, diskGiB: 12 },
    { type: 'mq.m5.4xlarge', memoryGiB: 0.4 * 64, diskGiB: 69 },
  ];
  let built: ReturnType<typeof buildPlatform>;
  let template: Template;
  const alertings: Record<string, PlatformAlerting> = {};
  const brokers: Record<string, MessagingTier> = {};
  beforeAll(() => {
    built = buildPlatform({ ...LEAN, observability: OFF });
    const network = built.platform.network;
    [...cases.map((c) => c.type), 'mq.m8g.large'].forEach((type, i) => {
      brokers[type] = new MessagingTier(built.stack, `Broker${i}`, { hostInstanceType: type, vpc: network.vpc, subnets: network.quorumSubnets });
      alertings[type] = new PlatformAlerting(built.stack, `BrokerAlerting${i}`, {
        ...tiersOf(built.platform), messaging: brokers[type], criticalEmails: ['oncall@example.com'],
      });
    });
    template = Template.fromStack(built.stack);
  });

  const metricsOf = (type: string, id: string): any[] =>
    template.toJSON().Resources[logicalIdOf(alertings[type].alarms[id])].Properties.Metrics;

  test.each(cases)('$type: memory against its $memoryGiB GiB limit, free disk against its $diskGiB GiB limit, per node', ({ type, memoryGiB, diskGiB }) => {
    const name = brokerNameOf(brokers[type]);
    expect(expressionsOf(metricsOf(type, 'BrokerHighMemory'))).toEqual([
      `100 * used / ${Math.round(memoryGiB * GiB)}`, nodeQuery('MAX', 'RabbitMQMemUsed', name),
    ]);
    expect(expressionsOf(metricsOf(type, 'BrokerLowDisk'))).toEqual([
      `free / ${Math.round(diskGiB * GiB)}`, nodeQuery('MIN', 'RabbitMQDiskFree', name),
    ]);
    expect(expressionsOf(metricsOf(type, 'BrokerHighCpu'))).toEqual([nodeQuery('MAX', 'SystemCpuUtilization', name)]);
  });

  test('an instance type without published limits: a warning, the cluster totals for memory and disk, CPU still per node', () => {
    const type = 'mq.m8g.large';
    expect(metricsOf(type, 'BrokerHighMemory').map((m) => m.Expression ?? m.MetricStat.Metric.MetricName))
      .toEqual(['100 * used / limit', 'RabbitMQMemUsed', 'RabbitMQMemLimit']);
    expect(metricsOf(type, 'BrokerLowDisk').map((m) => m.Expression ?? m.MetricStat.Metric.MetricName))
      .toEqual(['free / limit', 'RabbitMQDiskFree', 'RabbitMQDiskFreeLimit']);
    expect(expressionsOf(metricsOf(type, 'BrokerHighCpu'))).toEqual([nodeQuery('MAX', 'SystemCpuUtilization', brokerNameOf(brokers[type]))]);
    const warnings = Annotations.fromStack(built.stack)
      .findWarning('*', Match.stringLikeRegexp('observability\\.broker-node-limits-unknown'));
    expect(warnings.map((w) => w.id)).toEqual([`/${built.stack.node.id}/BrokerAlerting${cases.length}`]);
    expect(String(warnings[0].entry.data)).toMatch(/instance type \('mq\.m8g\.large'\): BrokerHighMemory and BrokerLowDisk watch the cluster's totals/);
  });
});

describe('someone receives the critical alerts', () => {
  const WARNING_ID = 'multi-az-ha-platform:observability.no-critical-subscriber';

  function subscriberWarnings(stack: Stack): string[] {
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('observability\\.no-critical-subscriber'))
      .map((w) => `${w.id}: ${w.entry.data}`);
  }

  test('the platform\'s defaults: one warning (not one per alarm) that names what to set', () => {
    const { stack, platform } = buildPlatform(LEAN);
    const warnings = subscriberWarnings(stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\/TestStack\/Platform\/Observability\/Alerting: Nobody receives the platform's critical alerts/);
    expect(warnings[0]).toMatch(/`observability\.criticalEmails`.*`observability\.criticalTopic`.*addSubscription/);
    // The short path the README teaches, which exists on the platform.
    expect(warnings[0]).toContain('subscribe to `platform.observability.criticalTopic` (`addSubscription`)');
    expect(platform.observability!.criticalTopic).toBe(platform.observability!.alerting.criticalTopic);
    expect(warnings[0]).toContain(`[ack: Annotation::${WARNING_ID}]`);
  });

  describe('no warning when someone does', () => {
    let built: ReturnType<typeof buildPlatform>;
    let warnings: string[];
    beforeAll(() => {
      built = buildPlatform({ ...LEAN, observability: OFF });
      const { stack } = built;
      const tiers = tiersOf(built.platform);
      new PlatformAlerting(stack, 'WithEmails', { ...tiers, criticalEmails: ['oncall@example.com'] });
      const subscribedLater = new PlatformAlerting(stack, 'SubscribedLater', tiers);
      subscribedLater.criticalTopic.addSubscription(new snsSubscriptions.SqsSubscription(new sqs.Queue(stack, 'Pager', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
      })));
      new PlatformAlerting(stack, 'ImportedTopic', {
        ...tiers, criticalTopic: sns.Topic.fromTopicArn(stack, 'PagerTopic', 'arn:aws:sns:eu-west-1:123456789012:pager'),
      });
      const acknowledged = new PlatformAlerting(stack, 'Acknowledged', tiers);
      Validations.of(acknowledged).acknowledge({ id: WARNING_ID, reason: 'a test stack nobody deploys' });
      new PlatformAlerting(stack, 'Nobody', tiers);
      warnings = subscriberWarnings(stack);
    });

    test.each(['WithEmails', 'SubscribedLater', 'ImportedTopic', 'Acknowledged'])('%s', (id) => {
      expect(warnings.filter((w) => w.startsWith(`/TestStack/${id}:`))).toEqual([]);
    });

    test('and only the alerting nobody subscribes to warns', () => {
      expect(warnings.map((w) => w.split(':')[0])).toEqual(['/TestStack/Nobody']);
    });
  });

  test('alarms may use the key of a topic created beside a brought one (the key policy allows cloudwatch.amazonaws.com)', () => {
    const { stack, platform } = buildPlatform({ ...LEAN, observability: OFF });
    const alerting = new PlatformAlerting(stack, 'Alerting', {
      ...tiersOf(platform), criticalTopic: sns.Topic.fromTopicArn(stack, 'PagerTopic', 'arn:aws:sns:eu-west-1:123456789012:pager'),
    });
    const template = Template.fromStack(stack);
    const key = template.toJSON().Resources[logicalIdOf(alerting.topicKey!)];
    expect(key.Properties.KeyPolicy.Statement).toEqual(expect.arrayContaining([expect.objectContaining({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    })]));
    expect(template.toJSON().Resources[logicalIdOf(alerting.warningTopic as sns.Topic)].Properties.KmsMasterKeyId)
      .toEqual({ 'Fn::GetAtt': [logicalIdOf(alerting.topicKey!), 'Arn'] });
  });
});

describe('log groups', () => {
  test('app, workers and system groups, encrypted with the construct\'s rotated key, kept, one year by default', () => {
    const { template, telemetry } = defaultLogs();
    template.resourceCountIs('AWS::Logs::LogGroup', 3);
    for (const group of [telemetry.appLogGroup, telemetry.workersLogGroup, telemetry.systemLogGroup]) {
      expect(template.toJSON().Resources[logicalIdOf(group)]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { KmsKeyId: getAtt(telemetry.key, 'Arn'), RetentionInDays: 365 },
      });
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  // Kept on update and delete, but not when the stack's first deployment rolls back (nothing is logged yet).
  test('the key and the three groups are kept when the stack is deleted, not when its first deployment rolls back', () => {
    const { template, telemetry } = defaultLogs();
    for (const construct of [telemetry.key, telemetry.appLogGroup, telemetry.workersLogGroup, telemetry.systemLogGroup]) {
      expect(template.toJSON().Resources[logicalIdOf(construct)])
        .toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
    // CloudFormation names the groups: a stack created again gets new ones beside the kept ones.
    for (const group of [telemetry.appLogGroup, telemetry.workersLogGroup, telemetry.systemLogGroup]) {
      expect(template.toJSON().Resources[logicalIdOf(group)].Properties.LogGroupName).toBeUndefined();
    }
  });

  test('the key lets CloudWatch Logs of this region use it for this account\'s log groups', () => {
    defaultLogs().template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('logRetention sets the retention of all three groups', () => {
    const groups = customLogs().template.findResources('AWS::Logs::LogGroup');
    expect(Object.values(groups).map((g) => g.Properties.RetentionInDays)).toEqual([30, 30, 30]);
  });
});

describe('CloudWatch agent configuration', () => {
  test('is a standard String parameter whose name starts with AmazonCloudWatch- (readable under CloudWatchAgentServerPolicy)', () => {
    const { template } = defaultLogs();
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Type: 'String',
      Tier: 'Standard',
      Name: Match.stringLikeRegexp('^AmazonCloudWatch-[A-Za-z0-9-]+$'),
    });
  });

  test('the deployed value is the exposed configuration, with the log group names filled in at deploy time', () => {
    const { template, stack, telemetry } = defaultLogs();
    const deployed = deployedAgentConfig(template);
    expect(JSON.parse(cfnText(stack.resolve(telemetry.agentConfigJson)))).toEqual(deployed);
    const collected = deployed.logs.logs_collected.files.collect_list;
    expect(collected.map((f: any) => [f.file_path, f.log_group_name, f.log_stream_name])).toEqual([
      ['/var/log/app/*.log', `<Ref:${logicalIdOf(telemetry.appLogGroup)}>`, '{instance_id}'],
      ['/var/log/worker/*.log', `<Ref:${logicalIdOf(telemetry.workersLogGroup)}>`, '{instance_id}'],
      ['/var/log/messages', `<Ref:${logicalIdOf(telemetry.systemLogGroup)}>`, '{instance_id}/messages'],
      ['/var/log/secure', `<Ref:${logicalIdOf(telemetry.systemLogGroup)}>`, '{instance_id}/secure'],
      ['/var/log/cloud-init.log', `<Ref:${logicalIdOf(telemetry.systemLogGroup)}>`, '{instance_id}/cloud-init'],
      ['/var/log/cloud-init-output.log', `<Ref:${logicalIdOf(telemetry.systemLogGroup)}>`, '{instance_id}/cloud-init-output'],
    ]);
    // The parameter fits Parameter Store's standard tier (4 KB) with room for generated log group names.
    expect(JSON.stringify(deployed).length).toBeLessThan(3000);
  });

  test('collects memory and root disk use, with the Auto Scaling group and instance as dimensions', () => {
    const { metrics } = deployedAgentConfig(defaultLogs().template);
    expect(metrics).toEqual({
      namespace: 'CWAgent',
      append_dimensions: { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['AutoScalingGroupName']],
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'] },
        disk: { measurement: ['used_percent'], resources: ['/'], drop_device: true },
      },
    });
  });

  test('relays X-Ray and OTLP traces, listening on localhost only', () => {
    const { traces } = deployedAgentConfig(defaultLogs().template);
    expect(traces.traces_collected).toEqual({
      xray: { bind_address: '127.0.0.1:2000', tcp_proxy: { bind_address: '127.0.0.1:2000' } },
      otlp: { grpc_endpoint: '127.0.0.1:4317', http_endpoint: '127.0.0.1:4318' },
    });
  });

  test('appLogFilePath and workerLogFilePath choose the files shipped to the app and workers groups', () => {
    const collected = deployedAgentConfig(customLogs().template).logs.logs_collected.files.collect_list;
    expect(collected.slice(0, 2).map((f: any) => f.file_path)).toEqual(['/srv/shop/logs/app.log', '/srv/shop/logs/worker-*.log']);
  });

  test('userDataCommands install the agent and rsyslog, then fetch this parameter and start the agent', () => {
    const { stack, telemetry } = defaultLogs();
    const commands = telemetry.userDataCommands().map((c) => cfnText(stack.resolve(c)));
    expect(commands).toEqual([
      expect.stringMatching(/^# /),
      'if [ ! -x /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl ]; then dnf install -y amazon-cloudwatch-agent; fi',
      'if ! rpm -q rsyslog >/dev/null 2>&1; then dnf install -y rsyslog; fi',
      'systemctl enable --now rsyslog',
      '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s '
        + `-c ssm:<Ref:${logicalIdOf(telemetry.agentConfigParameter)}>`,
    ]);
  });

  test.each([
    ['metricMemoryUsedPercent', 'mem_used_percent'],
    ['metricDiskUsedPercent', 'disk_used_percent'],
  ] as const)('%s reads %s of one Auto Scaling group (the agent\'s aggregate), Maximum over 5 minutes by default', (method, metricName) => {
    const { telemetry } = defaultLogs();
    const agentMetric = telemetry[method]('app-zone-1');
    expect([agentMetric.namespace, agentMetric.metricName, agentMetric.statistic, agentMetric.period.toMinutes(), agentMetric.dimensions])
      .toEqual(['CWAgent', metricName, cloudwatch.Stats.MAXIMUM, 5, { AutoScalingGroupName: 'app-zone-1' }]);
    expect(telemetry[method]('g', { statistic: 'Average' }).statistic).toBe('Average');
  });

  test('metric reads any agent metric of one Auto Scaling group, Maximum over 5 minutes by default', () => {
    const { telemetry } = defaultLogs();
    const swap = telemetry.metric('swap_used_percent', 'workers-zone-2', { period: Duration.minutes(1) });
    expect([swap.namespace, swap.metricName, swap.statistic, swap.period.toMinutes(), swap.dimensions])
      .toEqual(['CWAgent', 'swap_used_percent', cloudwatch.Stats.MAXIMUM, 1, { AutoScalingGroupName: 'workers-zone-2' }]);
  });
});

describe('saved Logs Insights queries', () => {
  test.each([
    ['Errors by zone', ['app', 'workers'], /^filter level in \["error", "ERROR", "fatal", "FATAL"\]\n\| stats count\(\*\) as errors by zone\n\| sort errors desc$/],
    ['Slowest requests', ['app'],
      /^fields @timestamp, zone, method, path, status, duration_ms, @logStream\n\| filter ispresent\(duration_ms\)\n\| sort duration_ms desc\n\| limit 50$/],
    ['Latency by zone', ['app'], /pct\(duration_ms, 99\) as p99_ms by zone$/],
  ] as Array<[string, Array<'app' | 'workers'>, RegExp]>)('%s, over the %j log groups', (name, groups, query) => {
    const { template, telemetry } = defaultLogs();
    const byName = { app: telemetry.appLogGroup, workers: telemetry.workersLogGroup };
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: `MultiAzHaPlatform/TestStack/${name}`,
      LogGroupNames: groups.map((g) => ref(byName[g])),
      QueryString: Match.stringLikeRegexp(query.source),
    });
  });

  test('there are exactly three', () => {
    defaultLogs().template.resourceCountIs('AWS::Logs::QueryDefinition', 3);
  });
});

describe('X-Ray', () => {
  test('a group of faulty or slow (> 500 ms) traces, with insights, named uniquely within 32 characters', () => {
    const { template } = defaultLogs();
    template.hasResourceProperties('AWS::XRay::Group', {
      GroupName: Match.stringLikeRegexp('^[A-Za-z0-9]{1,32}$'),
      FilterExpression: 'fault = true OR responsetime > 0.5',
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: true },
    });
  });

  test('slowResponseThreshold sets what counts as slow', () => {
    synthLogs({ slowResponseThreshold: Duration.millis(800) }).template.hasResourceProperties('AWS::XRay::Group', {
      FilterExpression: 'fault = true OR responsetime > 0.8',
    });
  });

  test('under the platform, slow is the app tier\'s p99 scale-out threshold', () => {
    const { platform, template } = synthPlatform({ ...LEAN, appTier: { p99LatencyScaleOutThreshold: Duration.millis(800) } });
    expect(template.toJSON().Resources[logicalIdOf(platform.observability!.logsAndTraces.traceGroup)].Properties.FilterExpression)
      .toBe('fault = true OR responsetime > 0.8');
  });

  test('a sampling rule: 1 request a second, then 5 %, for every service by default', () => {
    defaultLogs().template.hasResourceProperties('AWS::XRay::SamplingRule', {
      SamplingRule: {
        RuleName: Match.stringLikeRegexp('^[A-Za-z0-9]{1,32}$'),
        Priority: 9000,
        ReservoirSize: 1,
        FixedRate: 0.05,
        ServiceName: '*',
        ServiceType: '*',
        Host: '*',
        HTTPMethod: '*',
        URLPath: '*',
        ResourceARN: '*',
        Version: 1,
      },
    });
  });

  test('traceServiceName, traceSampleRate and traceReservoirPerSecond narrow the rule and the group', () => {
    const { template } = customLogs();
    template.hasResourceProperties('AWS::XRay::SamplingRule', {
      SamplingRule: Match.objectLike({ ServiceName: 'shop-api', FixedRate: 0.2, ReservoirSize: 5 }),
    });
    template.hasResourceProperties('AWS::XRay::Group', {
      FilterExpression: 'service("shop-api") AND (fault = true OR responsetime > 0.5)',
    });
  });
});

describe('grants', () => {
  function statementsOf(template: Template, role: iam.IRole): any[] {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(role)] } });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
  }

  test('grantWriteLogs: create streams and put events in the three groups only', () => {
    const { template, instanceRole, telemetry } = defaultLogs();
    expect(statementsOf(template, instanceRole)).toContainEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [telemetry.appLogGroup, telemetry.workersLogGroup, telemetry.systemLogGroup].map((g) => getAtt(g, 'Arn')),
    });
  });

  test('grantPutTraces: the four X-Ray actions the agent uses, on "*" (no resource-level permissions), acknowledged on the grantee\'s policy', () => {
    const { template, instanceRole } = defaultLogs();
    expect(statementsOf(template, instanceRole)).toContainEqual({
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
      Resource: '*',
    });
    const acknowledged = acknowledgedRules(instanceRole.node.findChild('DefaultPolicy'));
    expect(Object.keys(acknowledged)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(acknowledged['AwsSolutions-IAM5[Resource::*]']).toMatch(/support no resource-level permissions/);
  });

  test('grantReadAgentConfig: read this parameter only', () => {
    const { template, instanceRole, telemetry } = defaultLogs();
    const reads = statementsOf(template, instanceRole).filter((s) => JSON.stringify(s.Action).includes('ssm:'));
    expect(reads).toHaveLength(1);
    expect(reads[0].Action).toEqual(expect.arrayContaining(['ssm:GetParameter', 'ssm:GetParameters']));
    expect(cfnText(reads[0].Resource)).toMatch(new RegExp(`:parameter/<Ref:${logicalIdOf(telemetry.agentConfigParameter)}>$`));
  });

  test('nothing else: no write beyond the log groups, no other action', () => {
    const actions = statementsOf(defaultLogs().template, defaultLogs().instanceRole).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => !/^(logs:(CreateLogStream|PutLogEvents)|xray:(Put|Get)\w+|ssm:(Describe|Get)\w+)$/.test(a))).toEqual([]);
  });
});

describe('bad input: logs and traces (LogsAndTraces)', () => {
  test.each([
    [{ traceSampleRate: 1.5 }, /^`traceSampleRate` must be between 0 and 1, got 1\.5$/],
    [{ traceSampleRate: -0.1 }, /^`traceSampleRate` must be between 0 and 1, got -0\.1$/],
    [{ traceSampleRate: '0.5' as any }, /^`traceSampleRate` must be between 0 and 1, got '0\.5'$/],
    [{ traceReservoirPerSecond: -1 }, /^`traceReservoirPerSecond` must be at least 0, got -1$/],
    [{ traceReservoirPerSecond: 0.5 }, /^`traceReservoirPerSecond` must be a whole number, got 0\.5$/],
    [{ traceServiceName: '' }, /^`traceServiceName` must be 1 to 64 letters, .*, got ''$/],
    [{ traceServiceName: 'shop"api' }, /^`traceServiceName` must be 1 to 64 letters, .*, got 'shop"api'$/],
    [{ traceServiceName: 'x'.repeat(65) }, /^`traceServiceName` must be 1 to 64 letters, .*, got 'x{65}'$/],
    [{ appLogFilePath: 'var/log/app.log' }, /^`appLogFilePath` must be an absolute file path .*, got 'var\/log\/app\.log'$/],
    [{ workerLogFilePath: '/var/log/my worker.log' }, /^`workerLogFilePath` must be an absolute file path .*, got '\/var\/log\/my worker\.log'$/],
    [{ slowResponseThreshold: Duration.millis(5) }, /^`slowResponseThreshold` must be between 10 millis and 1 minute, got 5 millis$/],
  ] as Array<[PlatformLogsAndTracesProps, RegExp]>)('fails when observability is %j', (options, message) => {
    expect(() => buildLogs(options)).toThrow(message);
  });

  test('every retention is accepted, and the error names the prop path for every language', () => {
    expect(() => buildLogs({ logRetention: logs.RetentionDays.INFINITE, traceSampleRate: 0, traceReservoirPerSecond: 0 })).not.toThrow();
    const caught = errorOf(() => buildLogs({ traceSampleRate: 2 }));
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    expect(PlatformErrors.propPathOf(caught)).toBe('traceSampleRate');
  });
});

describe('workspace', () => {
  // Kept on update and delete, but not when the stack's first deployment rolls back (it has no metrics yet).
  test('is encrypted with its own rotated key, both kept when the stack is deleted but not when its first deployment rolls back', () => {
    const { template, prometheus } = defaultPrometheus();
    template.resourceCountIs('AWS::APS::Workspace', 1);
    template.hasResource('AWS::APS::Workspace', {
      Properties: { KmsKeyArn: getAtt(prometheus.key, 'Arn') },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('Prometheus') },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the key serves Prometheus only to principals of this account, through the service', () => {
    const { template, prometheus } = defaultPrometheus();
    const key = template.toJSON().Resources[logicalIdOf(prometheus.key)];
    const statement = key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowPrometheusInThisAccount');
    expect(statement).toEqual({
      Sid: 'AllowPrometheusInThisAccount',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'aps.eu-west-1.amazonaws.com' } },
    });
  });

  test('alert manager and ruler logs go to an encrypted log group, one year by default, or as configured', () => {
    const { template, prometheus } = defaultPrometheus();
    expect(workspaceProperties(template).LoggingConfiguration).toEqual({ LogGroupArn: getAtt(prometheus.logGroup, 'Arn') });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: getAtt(prometheus.key, 'Arn'), RetentionInDays: 365 },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    customPrometheus().template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('remote write and query URLs derive from the endpoint, which already ends in api/v1/', () => {
    const { stack, prometheus } = defaultPrometheus();
    expect(stack.resolve(prometheus.remoteWriteUrl)).toEqual({
      'Fn::Join': ['', [getAtt(prometheus.workspace, 'PrometheusEndpoint'), 'remote_write']],
    });
    expect(stack.resolve(prometheus.queryUrl)).toEqual(getAtt(prometheus.workspace, 'PrometheusEndpoint'));
  });

  test('grantRemoteWrite allows aps:RemoteWrite on this workspace only', () => {
    const { template, instanceRole, prometheus } = defaultPrometheus();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(instanceRole)],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: getAtt(prometheus.workspace, 'Arn') }],
      },
    });
  });

  test('grantQuery allows the four query actions on this workspace only', () => {
    const { stack, prometheus } = buildPrometheus();
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    prometheus.grantQuery(reader);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(reader)],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'],
          Resource: getAtt(prometheus.workspace, 'Arn'),
        }],
      },
    });
  });
});

describe('alerting rules', () => {
  test('one namespace on the workspace, one group evaluated every minute', () => {
    const { template, prometheus } = defaultPrometheus();
    template.resourceCountIs('AWS::APS::RuleGroupsNamespace', 1);
    template.hasResourceProperties('AWS::APS::RuleGroupsNamespace', {
      Workspace: getAtt(prometheus.workspace, 'Arn'),
      Name: 'multi-az-ha-platform',
    });
    const groups = ruleGroups(template);
    expect(groups.map((g: any) => [g.name, g.interval])).toEqual([['multi-az-ha-platform', '1m']]);
    expect(groups[0].rules.map((r: any) => r.alert)).toEqual(
      ['ZoneDown', 'DatabaseFailover', 'HighErrorRate', 'ReplicationLag', 'ReplicationLag']);
  });

  test.each([
    ['ZoneDown', 0, 'critical', '1m',
      'count by (zone) (max_over_time(up{job="app"}[6h])) unless count by (zone) (up{job="app"} == 1)'],
    ['DatabaseFailover', 1, 'warning', '1m',
      'count(pg_up) > 0 unless on () count((pg_up == 1) and on (job, instance) (pg_replication_is_replica == 0))'],
    ['HighErrorRate', 2, 'warning', '5m',
      'sum by (zone) (rate(http_requests_total{job="app",code=~"5.."}[5m])) / sum by (zone) (rate(http_requests_total{job="app"}[5m])) * 100 > 1'],
    ['ReplicationLag', 3, 'warning', '2m', 'max by (job, instance) (pg_replication_lag_seconds) > 30'],
    ['ReplicationLag', 4, 'warning', '2m', 'max by (job, instance) (redis_connected_slave_lag_seconds) > 30'],
  ])('%s (rule %d): severity %s, for %s, expr %s', (alert, index, severity, duration, expr) => {
    const rule = ruleGroups(defaultPrometheus().template)[0].rules[index];
    expect(rule).toMatchObject({ alert, expr, for: duration, labels: { severity } });
    expect(rule.annotations.summary).toEqual(expect.any(String));
    expect(rule.annotations.description).toEqual(expect.any(String));
  });

  test('replication lag rules say which tier they watch', () => {
    const rules = ruleGroups(defaultPrometheus().template)[0].rules;
    expect(rules.slice(3).map((r: any) => r.labels.tier)).toEqual(['database', 'cache']);
  });

  test('thresholds follow errorRatePercent and replicationLagThreshold', () => {
    const rules = ruleGroups(customPrometheus().template)[0].rules;
    expect(rules[2].expr).toMatch(/ \* 100 > 2\.5$/);
    expect(rules[3].expr).toMatch(/\(pg_replication_lag_seconds\) > 45$/);
    expect(rules[4].expr).toMatch(/\(redis_connected_slave_lag_seconds\) > 45$/);
  });
});

describe('alert manager', () => {
  test('routes severity=critical to the critical topic and everything else to the warning topic', () => {
    const { template } = defaultPrometheus();
    const config = alertManagerConfig(template);
    expect(config.route).toMatchObject({
      receiver: 'warning',
      group_by: ['alertname', 'zone'],
      routes: [
        { matchers: ['severity="critical"'], receiver: 'critical' },
        { matchers: ['severity="warning"'], receiver: 'warning' },
      ],
    });
    expect(config.inhibit_rules).toEqual([
      { source_matchers: ['alertname="ZoneDown"'], target_matchers: ['severity="warning"'], equal: ['zone'] },
    ]);
  });

  test('each receiver publishes to its topic with SigV4 in the stack region, a subject, a message and a severity attribute', () => {
    const { template, criticalTopic, warningTopic } = defaultPrometheus();
    const receivers = alertManagerConfig(template).receivers;
    expect(receivers.map((r: any) => [r.name, r.sns_configs[0].topic_arn, r.sns_configs[0].sigv4])).toEqual([
      ['critical', `<Ref:${logicalIdOf(criticalTopic)}>`, { region: 'eu-west-1' }],
      ['warning', `<Ref:${logicalIdOf(warningTopic)}>`, { region: 'eu-west-1' }],
    ]);
    for (const receiver of receivers) {
      const snsConfig = receiver.sns_configs[0];
      expect(snsConfig.subject).toMatch(new RegExp(`^\\[${receiver.name.toUpperCase()}\\] `));
      expect(snsConfig.subject).not.toMatch(/\n/);
      expect(snsConfig.message).toContain('{{ .Annotations.summary }}');
      expect(snsConfig.attributes).toEqual({ severity: receiver.name });
      expect(Object.keys(snsConfig)).not.toContain('api_url');
    }
  });

  test('in an environment-agnostic stack the SigV4 region is the deploy region', () => {
    const { stack } = buildPrometheus({}, {});
    const config = alertManagerConfig(Template.fromStack(stack));
    expect(config.receivers[0].sns_configs[0].sigv4).toEqual({ region: '<Ref:AWS::Region>' });
  });
});

describe('topic policies', () => {
  test.each(['criticalTopic', 'warningTopic'] as const)('%s lets this workspace\'s alert manager publish, and nothing else', (name) => {
    const built = defaultPrometheus();
    const topic = built[name];
    built.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: Match.stringLikeRegexp('^AllowPrometheusAlertManager'),
          Effect: 'Allow',
          Principal: { Service: 'aps.amazonaws.com' },
          Action: ['sns:Publish', 'sns:GetTopicAttributes'],
          Resource: ref(topic),
          Condition: {
            ArnEquals: { 'aws:SourceArn': getAtt(built.prometheus.workspace, 'Arn') },
            StringEquals: { 'aws:SourceAccount': '123456789012' },
          },
        }]),
      },
    });
  });

  test('the topics\' key lets the alert manager encrypt what it publishes', () => {
    const { template, topicKey } = defaultPrometheus();
    const key = template.toJSON().Resources[logicalIdOf(topicKey)];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowPrometheusAlertManagerToPublish',
      Effect: 'Allow',
      Principal: { Service: 'aps.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
    });
  });

  test('topics imported by ARN get a warning that names the statement to add', () => {
    const { stack } = newStack();
    new ManagedPrometheus(stack, 'Prometheus', {
      criticalTopic: sns.Topic.fromTopicArn(stack, 'Critical', 'arn:aws:sns:eu-west-1:123456789012:critical'),
      warningTopic: new sns.Topic(stack, 'Warning', { enforceSSL: true }),
    });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Prometheus', Match.stringLikeRegexp('aps.amazonaws.com'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      expect.stringMatching(/^The policy of `criticalTopic` is not managed by this app: .*sns:Publish/),
    ]);
  });
});

describe('grafana', () => {
  test('is absent by default', () => {
    const { template, prometheus } = defaultPrometheus();
    template.resourceCountIs('AWS::Grafana::Workspace', 0);
    expect(prometheus.grafanaWorkspace).toBeUndefined();
    expect(prometheus.grafanaRole).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Role', 1); // the test's instance role only
  });

  test('when opted in: a workspace of this account with both data sources and the role it assumes', () => {
    const { template, prometheus } = customPrometheus();
    template.hasResource('AWS::Grafana::Workspace', {
      Properties: {
        AccountAccessType: 'CURRENT_ACCOUNT',
        AuthenticationProviders: ['AWS_SSO', 'SAML'],
        PermissionType: 'CUSTOMER_MANAGED',
        RoleArn: getAtt(prometheus.grafanaRole!, 'Arn'),
        DataSources: ['PROMETHEUS', 'CLOUDWATCH'],
        GrafanaVersion: '10.4',
      },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('only Grafana workspaces of this account assume the role', () => {
    const { template, prometheus } = customPrometheus();
    const role = template.toJSON().Resources[logicalIdOf(prometheus.grafanaRole!)];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([serviceTrustStatement('grafana', '/workspaces/*')]);
  });

  test('the role queries this workspace and reads CloudWatch, scoped where the APIs allow, through its customer-managed policy', () => {
    const { template, prometheus } = customPrometheus();
    const resources = template.toJSON().Resources;
    const role = resources[logicalIdOf(prometheus.grafanaRole!)];
    // No inline policy on the role: the customer-managed GrafanaPolicy, attached to this role only, holds the permissions.
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(prometheus.grafanaPolicy!.node.path).toBe('TestStack/Prometheus/GrafanaPolicy');
    const policy = resources[logicalIdOf(prometheus.grafanaPolicy!)];
    expect(policy.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(policy.Properties.Roles).toEqual([ref(prometheus.grafanaRole!)]);
    expect(policy.Properties.Users).toBeUndefined();
    expect(policy.Properties.Groups).toBeUndefined();
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    // The workspace is created once its role may read its data sources.
    expect(resources[logicalIdOf(prometheus.grafanaWorkspace!)].DependsOn).toEqual([logicalIdOf(prometheus.grafanaPolicy!)]);
    const statements = policy.Properties.PolicyDocument.Statement;
    const arn = (service: string, resource: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:eu-west-1:123456789012:${resource}`]],
    });
    expect(statements.map((s: any) => [s.Sid, s.Resource])).toEqual([
      ['QueryPrometheusWorkspace', getAtt(prometheus.workspace, 'Arn')],
      ['ReadAlarms', arn('cloudwatch', 'alarm:*')],
      ['QueryLogGroups', arn('logs', 'log-group:*')],
      ['ReadApisWithoutResourceLevelPermissions', '*'],
    ]);
    expect(statements[0].Action).toEqual(
      ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:DescribeWorkspace']);
    const actions: string[] = statements.flatMap((s: any) => s.Action);
    expect(actions.filter((a) => !/^(aps|cloudwatch|logs|ec2|tag):(Get|List|Describe|Query|Start|Stop)/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  test('its wildcard findings are acknowledged on its policy, as cdk-nag names them in this environment, with reasons', () => {
    const { prometheus } = customPrometheus();
    expect(acknowledgedRules(prometheus.grafanaRole!)).toEqual({});
    expect(Object.keys(acknowledgedRules(prometheus.grafanaPolicy!)).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch:eu-west-1:123456789012:alarm:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:*]',
    ]);
    for (const reason of Object.values(acknowledgedRules(prometheus.grafanaPolicy!))) {
      expect(reason).toMatch(/^(Read-only|Grafana) .{60,}/);
    }
  });
});

describe('thresholds shared with the CloudWatch alarms', () => {
  test('the observability tier gives its rules the thresholds its alarms use, resolved once', () => {
    const { platform, template } = synthPlatform({
      observability: { errorRatePercent: 3, replicationLagThreshold: Duration.seconds(20), criticalEmails: ['oncall@example.com'] },
    });
    const observability = platform.observability!;
    const rules = ruleGroups(template)[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['ZoneDown', 'DatabaseFailover', 'HighErrorRate', 'ReplicationLag', 'ReplicationLag']);
    expect(rules[2].expr).toMatch(/ \* 100 > 3$/);
    expect(rules[3].expr).toMatch(/\(pg_replication_lag_seconds\) > 20$/);
    expect(rules[4].expr).toMatch(/\(redis_connected_slave_lag_seconds\) > 20$/);
    const threshold = (id: string) => template.toJSON().Resources[logicalIdOf(observability.alerting.alarms[id])].Properties.Threshold;
    expect(threshold('Zone1HighErrorRate')).toBe(3);
    expect(threshold('CacheNode1ReplicationLag')).toBe(20);
  });

  test('a bad shared threshold fails once, with the one message of its rule', () => {
    expect(() => buildPlatform({ observability: { errorRatePercent: 0 } }))
      .toThrow(/^`observability\.errorRatePercent` must be a percentage greater than 0 and at most 100, got 0/);
  });
});

describe('bad input: Managed Prometheus (ManagedPrometheus)', () => {
  test.each([
    [{ errorRatePercent: 0 }, /^`errorRatePercent` must be a percentage greater than 0 and at most 100, got 0$/],
    [{ errorRatePercent: 101 }, /^`errorRatePercent` must be a percentage greater than 0 and at most 100, got 101$/],
    [{ replicationLagThreshold: Duration.millis(1500) },
      /^`replicationLagThreshold` must be a whole number of seconds from 1 second to 1 hour, got 1 second 500 millis$/],
    [{ replicationLagThreshold: Duration.hours(2) },
      /^`replicationLagThreshold` must be a whole number of seconds from 1 second to 1 hour, got 2 hours$/],
    [{ grafana: { authenticationProviders: [] } },
      /^`grafana\.authenticationProviders` must list at least one of GrafanaAuthentication\.AWS_SSO and GrafanaAuthentication\.SAML, got \[\]$/],
    [{ grafana: { authenticationProviders: ['OKTA' as GrafanaAuthentication] } },
      /^`grafana\.authenticationProviders\[0\]` must be GrafanaAuthentication\.AWS_SSO or GrafanaAuthentication\.SAML, got 'OKTA'$/],
    [{ grafana: { authenticationProviders: [GrafanaAuthentication.SAML], grafanaVersion: 'latest' } },
      /^`grafana\.grafanaVersion` must be a Grafana version major\.minor such as '10\.4', got 'latest'$/],
  ] as Array<[ManagedPrometheusOptions, RegExp]>)('fails when observability is %j', (options, message) => {
    expect(() => buildPrometheus(options)).toThrow(message);
  });

  test('fails when a topic is FIFO, naming the prop', () => {
    const { stack } = newStack();
    const caught = errorOf(() => {
      new ManagedPrometheus(stack, 'Prometheus', {
        criticalTopic: new sns.Topic(stack, 'Critical', { fifo: true, topicName: 'critical' }),
        warningTopic: new sns.Topic(stack, 'Warning'),
      });
    });
    expect(PlatformErrors.propPathOf(caught)).toBe('criticalTopic');
    expect(String(caught)).toMatch(/`criticalTopic` must be a standard topic .*, got 'TestStack\/Critical'$/);
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run, with every other tier's checks, in one synth each: over the alerting
// and the dashboard on the default platform; over logs and traces (defaults, every option environment-agnostic); over
// Managed Prometheus (defaults, Grafana fixed and environment-agnostic, every option).
