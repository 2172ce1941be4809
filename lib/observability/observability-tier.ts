import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LogsAndTracesOptions, PlatformLogsAndTraces } from './logs-and-traces';
import { GrafanaOptions, ManagedPrometheus } from './managed-prometheus';
import { ObservedTiers } from './observed-tiers';
import { PlatformAlerting, PlatformAlertingOptions } from './platform-alerting';
import { PlatformDashboard, PlatformDashboardOptions } from './platform-dashboard';
import { registerPropPath } from '../private/validation';

/**
 * Options of the observability tier: alert routing and thresholds, the dashboard, logs and traces, and the
 * Prometheus workspace (with Grafana, opt-in).
 */
export interface ObservabilityTierOptions extends PlatformAlertingOptions, LogsAndTracesOptions, PlatformDashboardOptions {
  /**
   * Whether the platform builds the observability tier.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Amazon Managed Grafana with the Prometheus and CloudWatch data sources. Opt-in: it needs IAM Identity
   * Center or SAML set up in the account.
   * @default - no Grafana workspace
   */
  readonly grafana?: GrafanaOptions;
}

/** Properties of {@link ObservabilityTier}: the options and the tiers it watches. */
export interface ObservabilityTierProps extends ObservabilityTierOptions, ObservedTiers {}

/**
 * The observability tier: the reference design's Prometheus, Alertmanager, Grafana, Loki and Jaeger in their AWS form.
 * SNS topics by severity and every alarm ({@link PlatformAlerting}), one dashboard ({@link PlatformDashboard}),
 * an Amazon Managed Service for Prometheus workspace with the platform's alert rules and an alert manager routing
 * to the topics ({@link ManagedPrometheus}), and CloudWatch log groups, the CloudWatch agent configuration,
 * saved Logs Insights queries and AWS X-Ray ({@link PlatformLogsAndTraces}).
 */
export class ObservabilityTier extends Construct {
  /** Topics, alarms and event rules. */
  public readonly alerting: PlatformAlerting;
  /** The CloudWatch dashboard. */
  public readonly dashboard: PlatformDashboard;
  /** The Prometheus workspace, its rules and alert manager, and Grafana when opted in. */
  public readonly prometheus: ManagedPrometheus;
  /** Log groups, the CloudWatch agent configuration, saved queries and X-Ray. */
  public readonly logsAndTraces: PlatformLogsAndTraces;
  /**
   * The topic of the alerts that page on-call: `criticalTopic` when given, or the one the tier creates.
   * Subscribe a pager or chat integration to it. The same topic as `alerting.criticalTopic`.
   */
  public readonly criticalTopic: sns.ITopic;
  /** The topic of the alerts that notify the team: `warningTopic` when given, or the one the tier creates. The same as `alerting.warningTopic`. */
  public readonly warningTopic: sns.ITopic;
  /** The CloudWatch dashboard itself, to add your own widgets to. The same as `dashboard.dashboard`. */
  public readonly cloudWatchDashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityTierProps) {
    super(scope, id);
    // Its parts check the tier's options: under the platform they name them `observability.<prop>`.
    for (const child of ['Alerting', 'Prometheus', 'LogsAndTraces', 'Dashboard']) {
      registerPropPath(this, child, '');
    }
    this.alerting = new PlatformAlerting(this, 'Alerting', props);
    this.prometheus = new ManagedPrometheus(this, 'Prometheus', {
      criticalTopic: this.alerting.criticalTopic,
      warningTopic: this.alerting.warningTopic,
      grafana: props.grafana,
      // The thresholds the CloudWatch alarms use, resolved once.
      errorRatePercent: this.alerting._thresholds.errorRatePercent,
      replicationLagThreshold: this.alerting._thresholds.replicationLag,
      logRetention: props.logRetention,
    });
    this.logsAndTraces = new PlatformLogsAndTraces(this, 'LogsAndTraces', {
      ...props,
      slowResponseThreshold: props.appTier.p99LatencyScaleOutThreshold,
    });
    this.dashboard = new PlatformDashboard(this, 'Dashboard', {
      ...props,
      alarms: Object.values(this.alerting.alarms),
    });
    this.criticalTopic = this.alerting.criticalTopic;
    this.warningTopic = this.alerting.warningTopic;
    this.cloudWatchDashboard = this.dashboard.dashboard;
  }

  /**
   * Lets instances send what the tier collects: Prometheus remote write, logs to the three log groups,
   * traces to X-Ray, and reading the CloudWatch agent configuration.
   */
  public grantInstanceTelemetry(grantee: iam.IGrantable): void {
    this.prometheus.grantRemoteWrite(grantee);
    this.logsAndTraces.grantWriteLogs(grantee);
    this.logsAndTraces.grantPutTraces(grantee);
    this.logsAndTraces.grantReadAgentConfig(grantee);
  }

  /** Shell lines that install and start the CloudWatch agent with the tier's configuration (Amazon Linux 2023). */
  public userDataCommands(): string[] {
    return this.logsAndTraces.userDataCommands();
  }
}
