import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as xray from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';
import { acknowledgeOnGrantee } from '../private/acknowledgements';
import { allowCloudWatchLogs, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { checkP99Latency, DEFAULT_P99_LATENCY } from '../private/latency';
import { checkInteger, checkNumber, fail, isToken, validateProps } from '../private/validation';

/** Options of the platform's logs (CloudWatch Logs, CloudWatch agent) and traces (AWS X-Ray). */
export interface LogsAndTracesOptions {
  /**
   * How long the app, worker and system log groups keep their events.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The app's log files on the app servers, shipped to the app log group (a glob: the newest match is followed).
   * @default '/var/log/app/*.log'
   */
  readonly appLogFilePath?: string;

  /**
   * The workers' log files on the worker instances, shipped to the workers log group.
   * @default '/var/log/worker/*.log'
   */
  readonly workerLogFilePath?: string;

  /**
   * The name the app's X-Ray or OpenTelemetry SDK gives its segments (up to 64 characters); the sampling rule
   * and the trace group select on it.
   * @default - the sampling rule matches every service of the account, the trace group every trace
   */
  readonly traceServiceName?: string;

  /**
   * Share of requests traced once the reservoir of the second is used (0 to 1).
   * @default 0.05
   */
  readonly traceSampleRate?: number;

  /**
   * Requests traced each second before `traceSampleRate` applies, across all instances.
   * @default 1
   */
  readonly traceReservoirPerSecond?: number;
}

/** Properties of {@link PlatformLogsAndTraces}. */
export interface PlatformLogsAndTracesProps extends LogsAndTracesOptions {
  /**
   * Responses slower than this land in the X-Ray trace group, with the faulty ones.
   * @default - 500 ms; under the platform, the app tier's `p99LatencyScaleOutThreshold`, on which it scales out
   */
  readonly slowResponseThreshold?: Duration;
}

const DEFAULT_APP_LOG = '/var/log/app/*.log';
const DEFAULT_WORKER_LOG = '/var/log/worker/*.log';
const AGENT_NAMESPACE = 'CWAgent';
const AGENT_CTL = '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl';

/**
 * The platform's logs and traces: three KMS-encrypted log groups (app, workers, system), the CloudWatch agent
 * configuration the instances fetch from SSM Parameter Store, saved Logs Insights queries, and an X-Ray
 * group and sampling rule.
 *
 * The saved queries expect the app and the workers to write one JSON object per line with at least `level`
 * (`error` or `fatal` count as errors), `zone` (the instance's availability zone, from the instance metadata
 * `placement/availability-zone`), and for requests `method`, `path`, `status` and `duration_ms`.
 *
 * Instances run `userDataCommands()` at boot (Amazon Linux 2023) and need `grantReadAgentConfig`,
 * `grantWriteLogs` and `grantPutTraces` (or the AWS managed CloudWatchAgentServerPolicy, which reads
 * parameters named `AmazonCloudWatch-*` like this one).
 *
 * The key and the log groups are kept when the stack is deleted, and deleted when the stack's first deployment rolls
 * back (RetainExceptOnCreate); CloudFormation names the groups, so creating the stack again does not collide.
 */
export class PlatformLogsAndTraces extends Construct {
  /** The customer-managed key of the three log groups. */
  public readonly key: kms.Key;
  /** Log group of the app servers' application logs. */
  public readonly appLogGroup: logs.LogGroup;
  /** Log group of the workers' application logs. */
  public readonly workersLogGroup: logs.LogGroup;
  /** Log group of the instances' system logs (messages, secure, cloud-init). */
  public readonly systemLogGroup: logs.LogGroup;
  /** The CloudWatch agent configuration, in Parameter Store, named `AmazonCloudWatch-...`. */
  public readonly agentConfigParameter: ssm.StringParameter;
  /** The CloudWatch agent configuration (JSON text; log group names resolve at deploy time). */
  public readonly agentConfigJson: string;
  /** The saved Logs Insights queries: errors by zone, slowest requests, latency by zone. */
  public readonly queries: logs.QueryDefinition[];
  /** The X-Ray group of faulty and slow traces. */
  public readonly traceGroup: xray.CfnGroup;
  /** The X-Ray sampling rule of the platform's services. */
  public readonly samplingRule: xray.CfnSamplingRule;

  constructor(scope: Construct, id: string, props: PlatformLogsAndTracesProps = {}) {
    super(scope, id);
    validateProps(this, () => validateLogsAndTracesOptions(props));

    this.key = newTierKey(this, 'Key', 'MultiAzHaPlatform app, worker and system logs');
    allowCloudWatchLogs(this.key);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.appLogGroup = newEncryptedLogGroup(this, 'AppLogGroup', this.key, retention);
    this.workersLogGroup = newEncryptedLogGroup(this, 'WorkersLogGroup', this.key, retention);
    this.systemLogGroup = newEncryptedLogGroup(this, 'SystemLogGroup', this.key, retention);

    const agentConfig = cloudWatchAgentConfig(props, this.appLogGroup, this.workersLogGroup, this.systemLogGroup);
    this.agentConfigJson = JSON.stringify(agentConfig);
    this.agentConfigParameter = new ssm.StringParameter(this, 'AgentConfig', {
      // CloudWatchAgentServerPolicy lets instances read parameters whose name starts with AmazonCloudWatch-.
      parameterName: `AmazonCloudWatch-${Names.uniqueResourceName(this, { maxLength: 128, separator: '-' })}`,
      description: 'CloudWatch agent configuration of the MultiAzHaPlatform instances (logs, memory and disk, traces)',
      stringValue: this.agentConfigJson,
      tier: ssm.ParameterTier.STANDARD,
    });

    this.queries = newSavedQueries(this, this.appLogGroup, this.workersLogGroup);

    const serviceName = props.traceServiceName;
    const slow = props.slowResponseThreshold ?? DEFAULT_P99_LATENCY;
    const problems = `fault = true OR responsetime > ${slow.toMilliseconds() / 1000}`;
    // X-Ray group and sampling rule names are unique per account and region, at most 32 characters.
    const xrayName = Names.uniqueResourceName(this, { maxLength: 32 });
    this.traceGroup = new xray.CfnGroup(this, 'TraceGroup', {
      groupName: xrayName,
      filterExpression: serviceName ? `service("${serviceName}") AND (${problems})` : problems,
      insightsConfiguration: { insightsEnabled: true, notificationsEnabled: true },
    });
    this.samplingRule = new xray.CfnSamplingRule(this, 'SamplingRule', {
      samplingRule: {
        ruleName: xrayName,
        // Before the account's Default rule (10000), after more specific rules users add with lower numbers.
        priority: 9000,
        fixedRate: props.traceSampleRate ?? 0.05,
        reservoirSize: props.traceReservoirPerSecond ?? 1,
        serviceName: serviceName ?? '*',
        serviceType: '*',
        host: '*',
        httpMethod: '*',
        urlPath: '*',
        resourceArn: '*',
        version: 1,
      },
    });
  }

  /** Lets a principal (an instance role) read the CloudWatch agent configuration. */
  public grantReadAgentConfig(grantee: iam.IGrantable): iam.Grant {
    return this.agentConfigParameter.grantRead(grantee);
  }

  /** Lets a principal create log streams and put log events in the app, workers and system log groups only. */
  public grantWriteLogs(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resourceArns: [this.appLogGroup, this.workersLogGroup, this.systemLogGroup].map((g) => g.logGroupArn),
    });
  }

  /** Lets a principal send traces to X-Ray and read its sampling rules (the agent does both). */
  public grantPutTraces(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
      resourceArns: ['*'],
    });
    acknowledgeOnGrantee(grantee.grantPrincipal, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray\'s PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets support no ' +
      'resource-level permissions; they only send traces and read sampling rules.');
    return grant;
  }

  /**
   * The shell lines an instance runs at boot (Amazon Linux 2023): install the CloudWatch agent and rsyslog
   * (AL2023 logs to the journal only; rsyslog writes /var/log/messages and /var/log/secure), then fetch this
   * configuration from Parameter Store and start the agent.
   */
  public userDataCommands(): string[] {
    return [
      '# CloudWatch agent of the MultiAzHaPlatform: logs, memory and disk metrics, traces to X-Ray',
      `if [ ! -x ${AGENT_CTL} ]; then dnf install -y amazon-cloudwatch-agent; fi`,
      'if ! rpm -q rsyslog >/dev/null 2>&1; then dnf install -y rsyslog; fi',
      'systemctl enable --now rsyslog',
      `${AGENT_CTL} -a fetch-config -m ec2 -s -c ssm:${this.agentConfigParameter.parameterName}`,
    ];
  }

  /**
   * Memory used (percent) across the instances of one Auto Scaling group, from the CloudWatch agent (`CWAgent`
   * `mem_used_percent`, the group's aggregate).
   * @param autoScalingGroupName the name of the group whose instances run the agent
   * @default Maximum over 5 minutes
   */
  public metricMemoryUsedPercent(autoScalingGroupName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('mem_used_percent', autoScalingGroupName, props);
  }

  /**
   * Root volume used (percent) across the instances of one Auto Scaling group, from the CloudWatch agent (`CWAgent`
   * `disk_used_percent`, the group's aggregate).
   * @param autoScalingGroupName the name of the group whose instances run the agent
   * @default Maximum over 5 minutes
   */
  public metricDiskUsedPercent(autoScalingGroupName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('disk_used_percent', autoScalingGroupName, props);
  }

  /**
   * Any metric the CloudWatch agent publishes for one Auto Scaling group's instances (`CWAgent`, dimension
   * `AutoScalingGroupName`: the group's aggregate), such as `swap_used_percent` once the agent configuration collects it.
   * @param metricName the agent's metric name, such as `mem_used_percent`
   * @param autoScalingGroupName the name of the group whose instances run the agent
   * @default Maximum over 5 minutes
   */
  public metric(metricName: string, autoScalingGroupName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: AGENT_NAMESPACE,
      metricName,
      dimensionsMap: { AutoScalingGroupName: autoScalingGroupName },
      statistic: cloudwatch.Stats.MAXIMUM,
      ...props,
    });
  }
}

/** The CloudWatch agent's configuration: memory and disk metrics, the app, worker and system logs, and traces. */
function cloudWatchAgentConfig(props: LogsAndTracesOptions, appLogGroup: logs.ILogGroup, workersLogGroup: logs.ILogGroup,
  systemLogGroup: logs.ILogGroup) {
  const file = (path: string, group: logs.ILogGroup, stream: string) => ({
    file_path: path,
    log_group_name: group.logGroupName,
    log_stream_name: stream,
    timezone: 'UTC',
  });
  return {
    agent: { metrics_collection_interval: 60 },
    metrics: {
      namespace: AGENT_NAMESPACE,
      append_dimensions: {
        AutoScalingGroupName: '${aws:AutoScalingGroupName}',
        InstanceId: '${aws:InstanceId}',
      },
      // Also publish per-group aggregates (AutoScalingGroupName alone), the metrics metricMemoryUsedPercent and
      // metricDiskUsedPercent give to users' alarms and graphs.
      aggregation_dimensions: [['AutoScalingGroupName']],
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'] },
        disk: { measurement: ['used_percent'], resources: ['/'], drop_device: true },
      },
    },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            file(props.appLogFilePath ?? DEFAULT_APP_LOG, appLogGroup, '{instance_id}'),
            file(props.workerLogFilePath ?? DEFAULT_WORKER_LOG, workersLogGroup, '{instance_id}'),
            file('/var/log/messages', systemLogGroup, '{instance_id}/messages'),
            file('/var/log/secure', systemLogGroup, '{instance_id}/secure'),
            file('/var/log/cloud-init.log', systemLogGroup, '{instance_id}/cloud-init'),
            file('/var/log/cloud-init-output.log', systemLogGroup, '{instance_id}/cloud-init-output'),
          ],
        },
      },
    },
    // The agent relays the SDKs' traces to X-Ray: X-Ray daemon protocol and OTLP, on localhost only.
    traces: {
      traces_collected: {
        xray: { bind_address: '127.0.0.1:2000', tcp_proxy: { bind_address: '127.0.0.1:2000' } },
        otlp: { grpc_endpoint: '127.0.0.1:4317', http_endpoint: '127.0.0.1:4318' },
      },
    },
  };
}

/** Saved Logs Insights queries, in a folder named after the stack: errors by zone, the slowest requests, latency by zone. */
function newSavedQueries(scope: Construct, appLogGroup: logs.ILogGroup, workersLogGroup: logs.ILogGroup): logs.QueryDefinition[] {
  const folder = `MultiAzHaPlatform/${Stack.of(scope).stackName}`;
  return [
    new logs.QueryDefinition(scope, 'ErrorsByZoneQuery', {
      queryDefinitionName: `${folder}/Errors by zone`,
      logGroups: [appLogGroup, workersLogGroup],
      queryString: new logs.QueryString({
        filterStatements: ['level in ["error", "ERROR", "fatal", "FATAL"]'],
        statsStatements: ['count(*) as errors by zone'],
        sort: 'errors desc',
      }),
    }),
    new logs.QueryDefinition(scope, 'SlowestRequestsQuery', {
      queryDefinitionName: `${folder}/Slowest requests`,
      logGroups: [appLogGroup],
      queryString: new logs.QueryString({
        fields: ['@timestamp', 'zone', 'method', 'path', 'status', 'duration_ms', '@logStream'],
        filterStatements: ['ispresent(duration_ms)'],
        sort: 'duration_ms desc',
        limit: 50,
      }),
    }),
    new logs.QueryDefinition(scope, 'LatencyByZoneQuery', {
      queryDefinitionName: `${folder}/Latency by zone`,
      logGroups: [appLogGroup],
      queryString: new logs.QueryString({
        filterStatements: ['ispresent(duration_ms)'],
        statsStatements: ['count(*) as requests, pct(duration_ms, 50) as p50_ms, pct(duration_ms, 90) as p90_ms, '
          + 'pct(duration_ms, 99) as p99_ms by zone'],
      }),
    }),
  ];
}

function validateLogsAndTracesOptions(props: PlatformLogsAndTracesProps): void {
  checkP99Latency('slowResponseThreshold', props.slowResponseThreshold);
  for (const name of ['appLogFilePath', 'workerLogFilePath'] as const) {
    const path = props[name];
    if (path !== undefined && !isToken(path) && !/^\/\S{1,4095}$/.test(path)) {
      fail(name, 'be an absolute file path (a glob such as /var/log/app/*.log is allowed), without spaces', path);
    }
  }
  const service = props.traceServiceName;
  if (service !== undefined && !isToken(service) && !/^[\p{L}\p{N} _.:/%&#=+@-]{1,64}$/u.test(service)) {
    fail('traceServiceName',
      'be 1 to 64 letters, digits, spaces or _ . : / % & # = + @ - (the characters X-Ray allows in a service name)', service);
  }
  checkNumber('traceSampleRate', props.traceSampleRate, { min: 0, max: 1 }, 'be between 0 and 1');
  checkInteger('traceReservoirPerSecond', props.traceReservoirPerSecond, 0);
}
