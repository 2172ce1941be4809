import { ArnFormat, Aws, Duration, Fn, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { outlierIds } from './outlier-ids';
import { acknowledgeWhenNobodyIsNotified } from './silent-alarms';
import { validateAutoEvacuationThresholds, validateZoneTrafficMetrics } from './validate-dns-props';
import { ZoneEvacuation } from './zone-evacuation';
import { acknowledge } from '../private/acknowledgements';
import { allowCloudWatchLogs, newEncryptedLogGroup, newTierKey, stackCreationId } from '../private/encrypted-logs';
import { newRolePolicy, newServiceRole } from '../private/service-role';
import { validateProps } from '../private/validation';

/** The thresholds of the gray-failure detector: how much worse than the other zone a zone must be, for how long. */
export interface AutoEvacuationThresholds {
  /**
   * Percentage points by which a zone's 5xx rate must exceed the other zone's (and `errorRateFactor` times it).
   * @default 5
   */
  readonly errorRateMargin?: number;

  /**
   * How many times the other zone's 5xx rate a zone's must be (and `errorRateMargin` points above it).
   * @default 5
   */
  readonly errorRateFactor?: number;

  /**
   * How many times the other zone's p99 target response time a zone's must be (and above `minimumP99Latency`).
   * @default 3
   */
  readonly latencyFactor?: number;

  /**
   * p99 target response time below which a zone is never an outlier, however much slower than the other.
   * @default Duration.seconds(1)
   */
  readonly minimumP99Latency?: Duration;

  /**
   * Requests each zone must serve in a minute for that minute to count (both zones: a zone is compared with one
   * that carries traffic).
   * @default 300
   */
  readonly minimumRequestsPerMinute?: number;

  /**
   * Minutes a zone must be an outlier, among the last `minutes` + 1, before it is evacuated (3 to 60).
   * @default 5
   */
  readonly minutes?: number;
}

/** Gray-failure detection: evacuate a zone whose errors or latency are far worse than the other zone's. */
export interface AutoEvacuationOptions extends AutoEvacuationThresholds {
  /**
   * Whether the detector runs. Needs `dns.routing` ACTIVE_ACTIVE (with FAILOVER, zone 2 carries no traffic to
   * compare zone 1 with). Turning it off deletes its log group with it (Step Functions keeps 90 days of execution
   * history), so it can be turned on again.
   * @default false
   */
  readonly enabled?: boolean;
}

/**
 * The traffic metrics of one zone's load balancer that the gray-failure detector compares. Its outlier alarms read
 * them per minute under the ids `q1`, `r1` and `p1` (zone 1) and `q2`, `r2` and `p2` (zone 2).
 */
export interface ZoneTrafficMetrics {
  /** Requests the zone's load balancer received (the detector reads their Sum per minute, as `q1` or `q2`). */
  readonly requestCount: cloudwatch.IMetric;
  /**
   * The zone's 5xx responses as a percentage of its requests (the detector reads it per minute, as `r1` or `r2`):
   * `AppTier.metricErrorRate` with `fillMissingErrorCounts: false`, since a filled latest minute, whose counts have not
   * arrived yet, would read 0 % and keep the alarm from firing. The metrics its math reads share the alarm with the
   * detector's: give them ids of the zone's own, its request count as `q1` or `q2` (then read once), for example
   * `metricIds: { target: 'e1a', elb: 'e1b', requests: 'q1' }` in zone 1. The alarm reads at most 10 metrics.
   */
  readonly errorRate: cloudwatch.IMetric;
  /** Target response time of the zone, in seconds (the detector reads its p99 per minute, as `p1` or `p2`). */
  readonly targetResponseTime: cloudwatch.IMetric;
}

/** Properties of {@link GrayFailureDetector}. */
export interface GrayFailureDetectorProps extends AutoEvacuationThresholds {
  /** The switch the detector sets: it evacuates, an operator restores. */
  readonly evacuation: ZoneEvacuation;
  /** The traffic metrics of each zone, zone 1 first. */
  readonly zoneTrafficMetrics: ZoneTrafficMetrics[];
}

const DEFAULTS = {
  errorRateMargin: 5,
  errorRateFactor: 5,
  latencyFactor: 3,
  minimumP99Latency: Duration.seconds(1),
  minimumRequestsPerMinute: 300,
  minutes: 5,
};

/** Every datapoint of the detector covers one minute. */
const PERIOD = Duration.minutes(1);

/**
 * Evacuates a zone that is sick but still passes its health check (gray failure): slow, erroring, half broken.
 *
 * A zone is an outlier in a minute when both zones served at least `minimumRequestsPerMinute` requests and either
 * - its 5xx rate is at least `errorRateMargin` percentage points above the other zone's and at least
 *   `errorRateFactor` times it (defaults: 5 points and 5 times: 6 % against 1 % is an outlier, 3 % against 1 %
 *   or 20 % against 18 % is not), or
 * - its p99 target response time is at least `latencyFactor` times the other zone's and at least
 *   `minimumP99Latency` (defaults: 3 times and 1 s: 1.5 s against 0.4 s is an outlier, 0.3 s against 0.05 s is not).
 * Its outlier alarm (`outlierAlarms`) fires after `minutes` outlier minutes among the last `minutes` + 1 (default 5
 * of 6: the extra minute absorbs a latest minute one load balancer has not reported yet).
 *
 * Why relative thresholds: a problem the whole platform shares (a bad deploy, a slow database, a dependency down)
 * makes both zones equally bad, and evacuating one would only move its traffic onto the other. Both conditions
 * compare the zones, and the minimum request volume keeps a handful of requests (one failure in 20 is 5 %) and the
 * Route 53 health checks (more than one a second per zone) from deciding. Several minutes keep a burst or one slow
 * minute from evacuating a zone.
 *
 * Route 53 cannot follow a metric-math alarm, so the outlier alarm feeds the switch: an EventBridge rule on its
 * change to ALARM starts a Step Functions state machine (no code) that reads the other zone's switch and outlier
 * alarms and sets the zone's evacuation metric to 1 (`cloudwatch:PutMetricData`, allowed in the `MultiAzHaPlatform`
 * namespace only) unless the other zone is evacuated already (the detector never takes the last zone out of DNS) or
 * is an outlier too (one zone erroring fast while the other is slow: both sick, not a one-zone failure). If both
 * alarms still fire within the minute the first switch takes to turn, both zones end up evacuated, which Route 53
 * answers like no evacuation at all (every weighted record is returned when all are unhealthy). Putting the zone
 * back stays an operator's decision (`ZoneEvacuation.restoreCommand`); the detector acts again only on its alarm's
 * next change to ALARM.
 *
 * Time from the start of a gray failure to DNS: `minutes` (5) for the alarm, about a minute for the load balancer's
 * metrics to arrive, seconds for the rule and the state machine, then the switch's about 2 minutes (one-minute
 * period, Route 53, 60 s TTL): about 8 minutes with the defaults.
 */
export class GrayFailureDetector extends Construct {
  /** Period of the outlier alarms: every datapoint of the detector covers one minute. */
  public static readonly OUTLIER_PERIOD = PERIOD;

  /** The outlier alarm of each zone (zone 1 first): ALARM when that zone has been far worse than the other. */
  public readonly outlierAlarms: cloudwatch.Alarm[];
  /** The state machine of each zone that sets its evacuation switch. */
  public readonly stateMachines: sfn.StateMachine[];
  /** The EventBridge rule of each zone that starts its state machine when its outlier alarm fires. */
  public readonly rules: events.Rule[];
  /** The role the state machines run with: put the evacuation metric, read the switch and outlier alarms, log, trace. */
  public readonly role: iam.Role;
  /** The encrypted log group of the state machines' executions. */
  public readonly logGroup: logs.LogGroup;
  /** The key that encrypts the log group. */
  public readonly key: kms.Key;
  /** Percentage points by which an outlier's 5xx rate exceeds the other zone's. */
  public readonly errorRateMargin: number;
  /** How many times the other zone's 5xx rate an outlier's is. */
  public readonly errorRateFactor: number;
  /** How many times the other zone's p99 target response time an outlier's is. */
  public readonly latencyFactor: number;
  /** p99 target response time below which a zone is never an outlier. */
  public readonly minimumP99Latency: Duration;
  /** Requests each zone must serve in a minute for that minute to count. */
  public readonly minimumRequestsPerMinute: number;
  /** How long a zone must be an outlier before it is evacuated (`minutes`). */
  public readonly detectionTime: Duration;
  /** Periods each outlier alarm evaluates: `minutes` + 1, one of slack for a latest minute not reported yet. */
  public readonly outlierEvaluationPeriods: number;

  private readonly evacuation: ZoneEvacuation;

  constructor(scope: Construct, id: string, props: GrayFailureDetectorProps) {
    super(scope, id);
    validateProps(this, () => {
      validateAutoEvacuationThresholds('', props);
      validateZoneTrafficMetrics('zoneTrafficMetrics', props.zoneTrafficMetrics, 'to compare');
    });
    this.evacuation = props.evacuation;
    this.errorRateMargin = props.errorRateMargin ?? DEFAULTS.errorRateMargin;
    this.errorRateFactor = props.errorRateFactor ?? DEFAULTS.errorRateFactor;
    this.latencyFactor = props.latencyFactor ?? DEFAULTS.latencyFactor;
    this.minimumP99Latency = props.minimumP99Latency ?? DEFAULTS.minimumP99Latency;
    this.minimumRequestsPerMinute = props.minimumRequestsPerMinute ?? DEFAULTS.minimumRequestsPerMinute;
    const minutes = props.minutes ?? DEFAULTS.minutes;
    this.detectionTime = Duration.minutes(minutes);
    this.outlierEvaluationPeriods = minutes + 1;

    const inputs = props.zoneTrafficMetrics.map((zone, i) => zoneInputs(zone, i + 1));
    this.outlierAlarms = [0, 1].map((zone) => new cloudwatch.Alarm(this, `Zone${zone + 1}OutlierAlarm`, {
      metric: this.outlierExpression(inputs, zone),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // `minutes` of the last `minutes` + 1: one minute of slack for the latest minute, which one load balancer may
      // not have reported yet (CloudWatch's advice for alarms whose latest datapoint can be incomplete).
      evaluationPeriods: this.outlierEvaluationPeriods,
      datapointsToAlarm: minutes,
      // No traffic, no comparison: a minute without data is not an outlier minute.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: this.describeOutlier(zone, minutes),
    }));

    this.key = newTierKey(this, 'Key', 'Encrypts the logs of the MultiAzHaPlatform zone auto-evacuation');
    allowCloudWatchLogs(this.key);
    this.logGroup = this.newLogGroup();
    const { role, policy } = this.newStateMachineRole();
    this.role = role;
    this.stateMachines = [0, 1].map((zone) => {
      const machine = new sfn.StateMachine(this, `Zone${zone + 1}Evacuator`, {
        comment: `Evacuates zone ${zone + 1} of ${this.evacuation.platformName} when its gray-failure alarm fires`,
        definitionBody: sfn.DefinitionBody.fromChainable(this.evacuationSteps(zone)),
        // Every permission is in the policy below; the state machine adds none of its own.
        role: role.withoutPolicyUpdates(),
        timeout: Duration.minutes(5),
        logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
        tracingEnabled: true,
      });
      // Step Functions checks at create time that the role may deliver the logs.
      machine.node.addDependency(policy);
      return machine;
    });
    this.rules = this.newRules();

    acknowledgeWhenNobodyIsNotified(this, () => this.outlierAlarms,
      'This alarm starts a zone\'s automatic evacuation: the EventBridge rule that follows its change to ALARM is ' +
      'its consumer, and the evacuation switch alarm it sets tells on-call. No notification target was given to the ' +
      'DNS tier (the platform without its observability tier, or the detector used on its own); ' +
      '`addEvacuationAlarmActions` (or `addAlarmAction`) adds one, and then this acknowledgement is not recorded.');
  }

  /** Notifies these actions when a zone becomes an outlier (ALARM) and when it no longer is (OK). */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of this.outlierAlarms) {
      alarm.addAlarmAction(...actions);
      alarm.addOkAction(...actions);
    }
  }

  /** 1 in a minute when zone `zone` is an outlier against the other zone, else 0. */
  private outlierExpression(inputs: ZoneInputs[], zone: number): cloudwatch.MathExpression {
    const [me, other] = [inputs[zone], inputs[1 - zone]];
    const [q, qo, r, ro, p, po] = [me.requestsId, other.requestsId, me.errorRateId, other.errorRateId, me.latencyId, other.latencyId];
    // No FILL: a filled latest minute, whose metrics have not arrived yet, would always read 0 and keep the alarm
    // from firing. Missing values count as 0 in the comparisons, and a minute with no data at all is skipped.
    const volume = `${q} >= ${this.minimumRequestsPerMinute} AND ${qo} >= ${this.minimumRequestsPerMinute}`;
    const errors = `(${r} - ${ro}) >= ${this.errorRateMargin} AND ${r} >= ${this.errorRateFactor} * ${ro}`;
    const seconds = this.minimumP99Latency.toMilliseconds() / 1000;
    const latency = `${p} >= ${this.latencyFactor} * ${po} AND ${p} >= ${seconds}`;
    return new cloudwatch.MathExpression({
      expression: `(${volume}) AND ((${errors}) OR (${latency}))`,
      usingMetrics: {
        [q]: me.requests,
        [qo]: other.requests,
        [r]: me.errorRate,
        [ro]: other.errorRate,
        [p]: me.latency,
        [po]: other.latency,
      },
      label: `Zone ${zone + 1} is an outlier (1) or not (0)`,
      period: PERIOD,
    });
  }

  /**
   * Read the other zone's switch and outlier alarms; evacuate this zone unless the other one is evacuated already (the
   * last zone stays in DNS) or is an outlier too (both zones sick, each its own way: not a one-zone failure, on-call
   * decides).
   */
  private evacuationSteps(zone: number): sfn.IChainable {
    const z = zone + 1;
    const other = 2 - zone;
    const readState = (id: string, what: string, alarm: cloudwatch.Alarm, resultPath: string) => new sfn.CustomState(this, id, {
      stateJson: {
        Type: 'Task',
        Comment: `The state of zone ${other}'s ${what}`,
        Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:cloudwatch:describeAlarms`,
        Parameters: { AlarmNames: [alarm.alarmName] },
        ResultSelector: { 'state.$': '$.MetricAlarms[0].StateValue' },
        ResultPath: resultPath,
        Retry: [RETRY],
      },
    });
    const readSwitch = readState(`Zone${z}ReadZone${other}Switch`, 'evacuation switch',
      this.evacuation.switchAlarms[1 - zone], '$.otherSwitch');
    const readOutlier = readState(`Zone${z}ReadZone${other}Outlier`, 'outlier alarm', this.outlierAlarms[1 - zone], '$.otherOutlier');
    const switchMetric = this.evacuation.metricZoneEvacuated(zone);
    const evacuate = new sfn.CustomState(this, `Zone${z}Evacuate`, {
      stateJson: {
        Type: 'Task',
        Comment: `Sets zone ${z}'s evacuation switch: Route 53 takes it out of DNS`,
        Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:cloudwatch:putMetricData`,
        // The data point the zone's switch alarm reads: the evacuation's own metric, namespace and dimensions.
        Parameters: {
          Namespace: switchMetric.namespace,
          MetricData: [{
            MetricName: switchMetric.metricName,
            Dimensions: Object.entries(switchMetric.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
            Value: 1,
          }],
        },
        ResultPath: null,
        Retry: [RETRY],
      },
    });
    const keepLastZone = new sfn.Fail(this, `Zone${z}KeepLastZone`, {
      error: 'OtherZoneEvacuated',
      cause: `Zone ${other} is already evacuated: the detector does not take the last zone out of DNS. Zone ${z} ` +
        'stays in; evacuate it by hand if needed.',
    });
    const bothSick = new sfn.Fail(this, `Zone${z}KeepBothZones`, {
      error: 'BothZonesOutliers',
      cause: `Zone ${other} is an outlier too: both zones are sick, each its own way, which is not a one-zone ` +
        'failure. Both zones stay in DNS; on-call decides.',
    });
    return readSwitch.next(readOutlier).next(new sfn.Choice(this, `Zone${z}CanEvacuate`)
      .when(sfn.Condition.stringEquals('$.otherSwitch.state', 'ALARM'), keepLastZone)
      .when(sfn.Condition.stringEquals('$.otherOutlier.state', 'ALARM'), bothSick)
      .otherwise(evacuate));
  }

  /**
   * A name under `/aws/vendedlogs/`, so the log delivery does not grow the account's CloudWatch Logs resource policy
   * (at most 10 per Region) with one entry per log group; with a part of the stack ID. Deleted with the detector, not
   * kept: its name is fixed for the stack's life, so a kept group would make turning `autoEvacuation` off and on again
   * fail on the name. Step Functions keeps each execution's history for 90 days after it ends, and the switch alarms
   * their state history.
   */
  private newLogGroup(): logs.LogGroup {
    const group = newEncryptedLogGroup(this, 'LogGroup', this.key, logs.RetentionDays.ONE_YEAR, RemovalPolicy.DESTROY);
    (group.node.defaultChild as logs.CfnLogGroup).logGroupName = Fn.join('', [
      '/aws/vendedlogs/states/', Names.uniqueResourceName(this, { maxLength: 200, separator: '-' }), '-', stackCreationId(),
    ]);
    return group;
  }

  private newStateMachineRole(): { role: iam.Role; policy: iam.ManagedPolicy } {
    const role = newServiceRole(this, 'Role',
      'Sets the zone evacuation switch of the MultiAzHaPlatform when a zone\'s gray-failure alarm fires',
      { service: 'states', resource: 'stateMachine', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const policy = newRolePolicy(this, 'Policy', role,
      'Zone auto-evacuation of the MultiAzHaPlatform: put the evacuation metric, read the switches, log', [
        new iam.PolicyStatement({
          sid: 'SetEvacuationSwitch',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': ZoneEvacuation.NAMESPACE } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadSwitchAndOutlierAlarms',
          actions: ['cloudwatch:DescribeAlarms'],
          resources: [...this.evacuation.switchAlarms, ...this.outlierAlarms].map((alarm) => alarm.alarmArn),
        }),
        new iam.PolicyStatement({
          sid: 'DeliverExecutionLogs',
          actions: [
            'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'TraceExecutions',
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
          resources: ['*'],
        }),
      ]);
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
      'Actions without resource-level permissions: cloudwatch:PutMetricData (limited to the MultiAzHaPlatform ' +
      'namespace by the cloudwatch:namespace condition: the role can set the evacuation switches and nothing else), ' +
      'the CloudWatch Logs log-delivery actions Step Functions needs to write execution logs, and the X-Ray actions ' +
      'that send its traces.');
    return { role, policy };
  }

  private newRules(): events.Rule[] {
    const role = newServiceRole(this, 'EventsRole',
      'Starts the MultiAzHaPlatform zone auto-evacuation when a zone\'s gray-failure alarm fires', { service: 'events' });
    newRolePolicy(this, 'EventsPolicy', role, 'Zone auto-evacuation of the MultiAzHaPlatform: start its state machines', [
      new iam.PolicyStatement({
        sid: 'StartEvacuation',
        actions: ['states:StartExecution'],
        resources: this.stateMachines.map((machine) => machine.stateMachineArn),
      }),
    ]);
    return this.outlierAlarms.map((alarm, zone) => new events.Rule(this, `Zone${zone + 1}EvacuationRule`, {
      description: `Zone ${zone + 1}'s gray-failure alarm fired: evacuate the zone`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        resources: [alarm.alarmArn],
        detail: { state: { value: ['ALARM'] } },
      },
      targets: [new eventsTargets.SfnStateMachine(this.stateMachines[zone], { role: role.withoutPolicyUpdates() })],
    }));
  }

  private describeOutlier(zone: number, minutes: number): string {
    const other = 2 - zone;
    return `Zone ${zone + 1} of ${this.evacuation.platformName} has been far worse than zone ${other} in ${minutes} of the ` +
      `last ${minutes + 1} minutes (5xx rate at least ${this.errorRateMargin} points above and ${this.errorRateFactor} times zone ` +
      `${other}'s, or p99 latency at least ${this.latencyFactor} times zone ${other}'s and above ` +
      `${this.minimumP99Latency.toHumanString()}, with at least ${this.minimumRequestsPerMinute} requests a minute in ` +
      'each zone): a gray failure. The platform evacuates the zone automatically unless the other zone is already ' +
      'evacuated. Action: check zone ' + `${zone + 1} on the dashboard; put it back with: ` +
      `${this.evacuation.restoreCommand(zone)}. Severity: warning.`;
  }
}

/** Retries a CloudWatch call a throttle or a transient error failed. */
const RETRY = { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 };

interface ZoneInputs {
  readonly requestsId: string;
  readonly errorRateId: string;
  readonly latencyId: string;
  readonly requests: cloudwatch.IMetric;
  readonly errorRate: cloudwatch.IMetric;
  readonly latency: cloudwatch.IMetric;
}

/** One zone's metrics as the outlier expressions read them: Sum of requests, p99 of the response time, per minute. */
function zoneInputs(zone: ZoneTrafficMetrics, z: number): ZoneInputs {
  return {
    requestsId: outlierIds(z).requests,
    errorRateId: outlierIds(z).errorRate,
    latencyId: outlierIds(z).latency,
    requests: withStatistic(zone.requestCount, cloudwatch.Stats.SUM),
    // A minute without requests has no rate (CloudWatch drops a division by zero), and the volume condition decides.
    errorRate: perMinute(zone.errorRate, `Zone ${z} 5xx rate (%)`),
    latency: withStatistic(zone.targetResponseTime, cloudwatch.Stats.p(99)),
  };
}

function withStatistic(metric: cloudwatch.IMetric, statistic: string): cloudwatch.IMetric {
  return metric instanceof cloudwatch.Metric ? metric.with({ statistic, period: PERIOD }) : metric;
}

function perMinute(metric: cloudwatch.IMetric, label: string): cloudwatch.IMetric {
  return metric instanceof cloudwatch.Metric || metric instanceof cloudwatch.MathExpression ? metric.with({ label, period: PERIOD }) : metric;
}
