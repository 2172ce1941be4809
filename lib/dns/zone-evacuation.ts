import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { defaultPlatformName } from './platform-name';
import { acknowledgeWhenNobodyIsNotified } from './silent-alarms';
import { checkPlatformName } from './validate-dns-props';
import { checkZoneIndex, fail, validateProps } from '../private/validation';

/** Properties of {@link ZoneEvacuation}. */
export interface ZoneEvacuationProps {
  /** The health check of each zone's endpoint (zone 1 first): a zone stays in DNS only while it passes. */
  readonly zoneHealthChecks: route53.IHealthCheck[];

  /**
   * The platform's name: the `Platform` dimension of the evacuation metric, in the commands operators run (1 to 100
   * letters, digits and `. _ / : -`).
   * @default - the stack name and the path of this construct's scope below the stack (`MyStack/Platform`)
   */
  readonly platformName?: string;
}

/**
 * The zone evacuation switch: takes a zone that is sick but still passes its health check (slow, erroring, half
 * broken) out of DNS with one AWS CLI command and no deploy, and puts it back the same way.
 *
 * Per zone:
 * - a metric, `MultiAzHaPlatform` / `ZoneEvacuated` with dimensions `Platform` and `Zone` (`zone-1`, `zone-2`),
 *   that an operator (`evacuateCommand`, `restoreCommand`) or the gray-failure detector sets to 1 or 0;
 * - the switch alarm (`switchAlarms`): ALARM once the last value is 1. Maximum over one minute, standard resolution,
 *   one period: what Route 53 accepts for an alarm it follows (standard-resolution metrics; Average, Minimum,
 *   Maximum, Sum or SampleCount; no metric math). Missing data keeps the state (TreatMissingData `ignore`), so one
 *   datapoint flips the alarm until the next one (a command and its opposite in the same minute: the Maximum, 1,
 *   wins; run the restore again a minute later). It is also the alert that a zone is evacuated: notify on-call with
 *   `addAlarmAction` (ALARM when evacuated, OK when restored);
 * - a `CLOUDWATCH_METRIC` Route 53 health check (`switchHealthChecks`) that follows the alarm. Route 53 reads the
 *   alarm's metric data stream, not the alarm state, and treats the minutes without data as insufficient data: with
 *   `InsufficientDataHealthStatus` `LastKnownStatus` the last value holds until the next command, and a new health
 *   check with no data yet is healthy, so a new platform is not evacuated. (`Healthy` would put the zone back about a
 *   minute after the evacuate command, once the datapoint leaves the alarm's period.)
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html#health-checks-creating-values-cloudwatch
 * - a `CALCULATED` health check (`servingHealthChecks`), healthy only when both children are: the zone's endpoint
 *   check and its switch check (health threshold 2 of 2). The zone's DNS record follows it, so failover and
 *   weighted routing both obey the switch.
 *
 * How long DNS takes to follow: the datapoint is evaluated when its one-minute period closes (up to 60 s), Route 53
 * follows the metric's data stream (it publishes no delay; a failure threshold applies to endpoint checks only), and
 * resolvers keep the previous answer for the alias record's 60 s TTL: about 2 minutes, plan for 3. Clients with open
 * keep-alive connections keep using the evacuated zone until they reconnect.
 *
 * Both zones evacuated: Route 53 never answers with nothing. With failover records it answers with the primary
 * (zone 1) when both are unhealthy; with weighted records it answers with every record when all are unhealthy
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html).
 * Evacuating both zones, or one while the other fails its health check, therefore leaves the platform in DNS as if
 * nothing had been evacuated (active-active) or on zone 1 (failover).
 */
export class ZoneEvacuation extends Construct {
  /** Namespace of the evacuation metric. */
  public static readonly NAMESPACE = 'MultiAzHaPlatform';
  /** Name of the evacuation metric: 1 takes the zone out of DNS, 0 puts it back. */
  public static readonly METRIC_NAME = 'ZoneEvacuated';
  /** Period of the switch alarm: a command takes effect once its one-minute period closes. */
  public static readonly SWITCH_PERIOD = Duration.minutes(1);
  /** Periods the switch alarm evaluates, and datapoints that flip it: one, so that one command flips it. */
  public static readonly SWITCH_EVALUATION_PERIODS = 1;

  /** The name in the `Platform` dimension of the evacuation metric. */
  public readonly platformName: string;
  /** The switch alarm of each zone (zone 1 first): ALARM while the zone is evacuated. */
  public readonly switchAlarms: cloudwatch.Alarm[];
  /** The `CLOUDWATCH_METRIC` health check of each zone, following its switch alarm. */
  public readonly switchHealthChecks: route53.HealthCheck[];
  /** The `CALCULATED` health check of each zone: its endpoint check AND its switch check. The records follow these. */
  public readonly servingHealthChecks: route53.HealthCheck[];

  private readonly region?: string;

  constructor(scope: Construct, id: string, props: ZoneEvacuationProps) {
    super(scope, id);
    validateProps(this, () => {
      checkPlatformName('platformName', props.platformName);
      if (props.zoneHealthChecks?.length !== 2) {
        fail('zoneHealthChecks', 'list exactly 2 health checks (one per zone, zone 1 first)', props.zoneHealthChecks?.length);
      }
    });
    this.platformName = props.platformName ?? defaultPlatformName(scope);
    const stack = Stack.of(this);
    this.region = Token.isUnresolved(stack.region) ? undefined : stack.region;

    this.switchAlarms = props.zoneHealthChecks.map((_check, zone) => new cloudwatch.Alarm(this, `Zone${zone + 1}Switch`, {
      metric: this.metricZoneEvacuated(zone),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: ZoneEvacuation.SWITCH_EVALUATION_PERIODS,
      datapointsToAlarm: ZoneEvacuation.SWITCH_EVALUATION_PERIODS,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      alarmDescription: this.describeSwitch(zone),
    }));

    this.switchHealthChecks = this.switchAlarms.map((alarm, zone) => new route53.HealthCheck(this, `Zone${zone + 1}SwitchHealthCheck`, {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { name: alarm.alarmName, region: stack.region },
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
    }));

    this.servingHealthChecks = props.zoneHealthChecks.map((check, zone) => new route53.HealthCheck(this, `Zone${zone + 1}ServingHealthCheck`, {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: [check, this.switchHealthChecks[zone]],
      healthThreshold: 2,
    }));

    acknowledgeWhenNobodyIsNotified(this, () => this.switchAlarms,
      'This alarm is a zone evacuation switch: the Route 53 health check that follows it takes the zone out of DNS, ' +
      'which is what the alarm is for. No notification target was given to the DNS tier (the platform without its ' +
      'observability tier, or the tier used on its own); `addEvacuationAlarmActions` (or `addAlarmAction`) adds one, ' +
      'and then this acknowledgement is not recorded.');
  }

  /**
   * Whether a zone is evacuated (1) or not (0), as operators and the detector set it.
   * @default Maximum over 1 minute
   */
  public metricZoneEvacuated(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: ZoneEvacuation.NAMESPACE,
      metricName: ZoneEvacuation.METRIC_NAME,
      dimensionsMap: { Platform: this.platformName, Zone: this.zoneDimension(zoneIndex) },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: ZoneEvacuation.SWITCH_PERIOD,
      ...props,
    });
  }

  /** The AWS CLI command that takes a zone out of DNS (no deploy). `zoneIndex` 0 is zone 1. */
  public evacuateCommand(zoneIndex: number): string {
    return this.command(zoneIndex, 1);
  }

  /** The AWS CLI command that puts an evacuated zone back in DNS. `zoneIndex` 0 is zone 1. */
  public restoreCommand(zoneIndex: number): string {
    return this.command(zoneIndex, 0);
  }

  /** Notifies these actions when a zone is evacuated (ALARM) and when it is put back (OK). */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of this.switchAlarms) {
      alarm.addAlarmAction(...actions);
      alarm.addOkAction(...actions);
    }
  }

  private command(zoneIndex: number, value: number): string {
    const region = this.region ? ` --region ${this.region}` : '';
    return `aws cloudwatch put-metric-data${region} --namespace ${ZoneEvacuation.NAMESPACE} ` +
      `--metric-name ${ZoneEvacuation.METRIC_NAME} --dimensions Platform=${this.platformName},Zone=${this.zoneDimension(zoneIndex)} ` +
      `--value ${value}`;
  }

  private describeSwitch(zone: number): string {
    const other = zone === 0 ? 2 : 1;
    return `Zone ${zone + 1} of ${this.platformName} is evacuated: Route 53 no longer answers with it (its health check ` +
      'follows this alarm). An operator or the gray-failure detector set the evacuation metric to 1. Action: find why ' +
      `the zone was sick (dashboard, zone ${zone + 1} errors and latency); once it serves well, put it back with: ` +
      `${this.command(zone, 0)} (DNS follows in about 2 minutes). If zone ${other} is evacuated or unhealthy too, ` +
      'Route 53 ignores the switches (it never answers with no zone). Severity: warning.';
  }

  /** The `Zone` dimension of a zone: `zone-1` or `zone-2`, like the records' set identifiers. */
  private zoneDimension(zoneIndex: number): string {
    checkZoneIndex(this, zoneIndex);
    return `zone-${zoneIndex + 1}`;
  }
}
