import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as grafana from 'aws-cdk-lib/aws-grafana';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { resolveRuleThresholds, RuleThresholds } from './alert-thresholds';
import { highErrorRatePrometheusRule, zoneDownRule } from './tiers/app-tier-monitoring';
import { cacheReplicationLagPrometheusRule } from './tiers/cache-monitoring';
import { databaseFailoverPrometheusRule, databaseReplicationLagPrometheusRule } from './tiers/database-monitoring';
import { acknowledge, iam5Finding, warn } from '../private/acknowledgements';
import { allowCloudWatchLogs, KEEP_EXCEPT_ON_FAILED_CREATE, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { newRolePolicy, newServiceRole } from '../private/service-role';
import { fail, isToken, propRef, validateProps } from '../private/validation';

/** How users sign in to the Amazon Managed Grafana workspace. */
export enum GrafanaAuthentication {
  /** AWS IAM Identity Center (successor to AWS SSO): it must be enabled in the account or its organization. */
  AWS_SSO = 'AWS_SSO',
  /** A SAML 2.0 identity provider, configured on the workspace after it is created. */
  SAML = 'SAML',
}

/**
 * Options of the Amazon Managed Grafana workspace. Grafana is opt-in because its users sign in through
 * IAM Identity Center or SAML, which the account must provide.
 */
export interface GrafanaOptions {
  /**
   * How users sign in: at least one of IAM Identity Center and SAML.
   */
  readonly authenticationProviders: GrafanaAuthentication[];

  /**
   * Grafana version of the workspace, major.minor (for example '10.4'). Only upgrades are possible later.
   * @default - the latest version Amazon Managed Grafana offers when the workspace is created
   */
  readonly grafanaVersion?: string;
}

/** Options of the managed Prometheus part of the observability tier. */
export interface ManagedPrometheusOptions {
  /**
   * An Amazon Managed Grafana workspace with the Prometheus and CloudWatch data sources.
   * @default - no Grafana workspace
   */
  readonly grafana?: GrafanaOptions;

  /**
   * Percentage of a zone's HTTP responses that are 5xx above which the HighErrorRate alert fires (0 to 100).
   * @default 1
   */
  readonly errorRatePercent?: number;

  /**
   * Database or cache replication lag above which the ReplicationLag alert fires (1 second to 1 hour).
   * @default Duration.seconds(30)
   */
  readonly replicationLagThreshold?: Duration;

  /**
   * How long the workspace's alert manager and ruler logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of {@link ManagedPrometheus}. */
export interface ManagedPrometheusProps extends ManagedPrometheusOptions {
  /** Standard (not FIFO) topic for critical alerts (page on-call). */
  readonly criticalTopic: sns.ITopic;
  /** Standard (not FIFO) topic for warnings (notify the team). */
  readonly warningTopic: sns.ITopic;
}

/** The name of the rule groups namespace, and of its one group. */
const RULES_NAMESPACE = 'multi-az-ha-platform';


/**
 * Amazon Managed Service for Prometheus for the platform: a workspace encrypted with a customer-managed
 * key, the platform's critical alerts as Prometheus alerting rules, and an alert manager that routes by
 * severity to the platform's SNS topics. Optionally an Amazon Managed Grafana workspace that reads
 * the workspace and CloudWatch.
 *
 * The rules read what the instances remote-write (see `remoteWriteUrl` and `grantRemoteWrite`). Every
 * series carries a `zone` label (the instance's availability zone, e.g. `eu-west-1a`, set as an external
 * label of the Prometheus agent or ADOT collector on the instance) and the scrape `job`:
 * - `up{job="app", zone}`: scrape health of each app server (ZoneDown: no app server of a zone that
 *   reported in the last 6 hours is up).
 * - `http_requests_total{job="app", zone, code}`: counter of HTTP responses by status code (HighErrorRate:
 *   5xx above `errorRatePercent` of a zone's responses).
 * - `pg_up`, `pg_replication_is_replica` (postgres_exporter against each database endpoint): DatabaseFailover
 *   when exporters report but none reaches a writable primary.
 * - `pg_replication_lag_seconds` (postgres_exporter) and `redis_connected_slave_lag_seconds` (redis_exporter):
 *   ReplicationLag above `replicationLagThreshold`.
 *
 * Severity `critical` goes to the critical topic, `warning` to the warning topic; a firing ZoneDown
 * mutes the warnings of its zone.
 *
 * The broker has no rule here: the workspace holds only what the instances remote-write, and nothing scrapes the
 * broker's own Prometheus endpoint. Its nodes' memory, disk and CPU are watched by CloudWatch alarms
 * (`PlatformAlerting`), per node.
 *
 * The workspace, the Grafana workspace, the key and the log group are kept when the stack is deleted, and deleted
 * when the stack's first deployment rolls back (RetainExceptOnCreate). Their names need not be unique: creating the
 * stack again beside what a deleted stack kept does not collide.
 */
export class ManagedPrometheus extends Construct {
  /** The Prometheus workspace (L1: there is no L2). */
  public readonly workspace: aps.CfnWorkspace;
  /** The rule groups namespace that holds the alerting rules. */
  public readonly rulesNamespace: aps.CfnRuleGroupsNamespace;
  /** The customer-managed key of the workspace's data and of its log group. */
  public readonly key: kms.Key;
  /** The log group that receives the workspace's alert manager and ruler logs (failed notifications show here). */
  public readonly logGroup: logs.LogGroup;
  /** The URL instances remote-write to (SigV4-signed, service `aps`). */
  public readonly remoteWriteUrl: string;
  /** The Prometheus-compatible query endpoint of the workspace (ends in `api/v1/`). */
  public readonly queryUrl: string;
  /** The Amazon Managed Grafana workspace: only when `grafana` is set. */
  public readonly grafanaWorkspace?: grafana.CfnWorkspace;
  /** The role Grafana assumes to read the Prometheus workspace and CloudWatch: only when `grafana` is set. */
  public readonly grafanaRole?: iam.Role;
  /** The customer managed policy of `grafanaRole` (what it may read): only when `grafana` is set. */
  public readonly grafanaPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ManagedPrometheusProps) {
    super(scope, id);
    const thresholds = validateProps(this, () => {
      validateManagedPrometheusProps(props);
      return resolveRuleThresholds(props);
    });
    const stack = Stack.of(this);

    this.key = newTierKey(this, 'Key', 'MultiAzHaPlatform Prometheus workspace and its alerting logs');
    allowCloudWatchLogs(this.key);
    // Principals of this account use the key only through Amazon Managed Service for Prometheus
    // (remote write, queries, Grafana); the service works with it through grants it creates.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowPrometheusInThisAccount',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:CallerAccount': stack.account,
          'kms:ViaService': `aps.${stack.region}.amazonaws.com`,
        },
      },
    }));

    this.logGroup = newEncryptedLogGroup(this, 'AlertingLogGroup', this.key,
      props.logRetention ?? logs.RetentionDays.ONE_YEAR);

    this.workspace = new aps.CfnWorkspace(this, 'Workspace', {
      alias: Names.uniqueResourceName(this, { maxLength: 100, separator: '-' }),
      kmsKeyArn: this.key.keyArn,
      alertManagerDefinition: alertManagerDefinition(stack.region, props.criticalTopic, props.warningTopic),
      loggingConfiguration: { logGroupArn: this.logGroup.logGroupArn },
    });
    // Metrics are data: keep them when the stack goes (a first deployment that rolls back has none).
    this.workspace.applyRemovalPolicy(KEEP_EXCEPT_ON_FAILED_CREATE);
    this.queryUrl = this.workspace.attrPrometheusEndpoint;
    this.remoteWriteUrl = `${this.workspace.attrPrometheusEndpoint}remote_write`;

    this.rulesNamespace = new aps.CfnRuleGroupsNamespace(this, 'AlertingRules', {
      workspace: this.workspace.attrArn,
      name: RULES_NAMESPACE,
      data: alertingRules(thresholds),
    });

    this.allowAlertManagerToPublish(props.criticalTopic, 'criticalTopic');
    this.allowAlertManagerToPublish(props.warningTopic, 'warningTopic');

    if (props.grafana) {
      const { role, policy } = this.newGrafanaRole();
      this.grafanaRole = role;
      this.grafanaPolicy = policy;
      this.grafanaWorkspace = new grafana.CfnWorkspace(this, 'GrafanaWorkspace', {
        name: Names.uniqueResourceName(this, { maxLength: 255, separator: '-' }),
        description: 'MultiAzHaPlatform dashboards: the platform\'s Prometheus workspace and CloudWatch',
        accountAccessType: 'CURRENT_ACCOUNT',
        authenticationProviders: [...new Set(props.grafana.authenticationProviders)],
        permissionType: 'CUSTOMER_MANAGED',
        roleArn: this.grafanaRole.roleArn,
        dataSources: ['PROMETHEUS', 'CLOUDWATCH'],
        grafanaVersion: props.grafana.grafanaVersion,
      });
      // Dashboards and users live in the workspace: keep it when the stack goes (not when a first create rolls back).
      this.grafanaWorkspace.applyRemovalPolicy(KEEP_EXCEPT_ON_FAILED_CREATE);
      // The workspace reads its data sources with the role as soon as it exists.
      this.grafanaWorkspace.node.addDependency(policy);
    }
  }

  /** Lets a principal (an instance role) remote-write metrics to the workspace, and nothing else. */
  public grantRemoteWrite(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['aps:RemoteWrite'], resourceArns: [this.workspace.attrArn] });
  }

  /** Lets a principal query the workspace (PromQL, series, labels, metadata), for example a self-hosted Grafana. */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: QUERY_ACTIONS, resourceArns: [this.workspace.attrArn] });
  }

  /**
   * The topic policy (and the topic key's policy) that lets this workspace's alert manager publish. Topics
   * imported by ARN, and keys imported by ARN, carry policies we cannot change: a warning says what to add.
   */
  private allowAlertManagerToPublish(topic: sns.ITopic, propName: string): void {
    const stack = Stack.of(this);
    const added = topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowPrometheusAlertManager${propName === 'criticalTopic' ? 'Critical' : 'Warning'}`,
      principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
      actions: ['sns:Publish', 'sns:GetTopicAttributes'],
      resources: [topic.topicArn],
      conditions: {
        ArnEquals: { 'aws:SourceArn': this.workspace.attrArn },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }));
    if (!added.statementAdded) {
      warn(this, `observability.${propName}.Policy`,
        `The policy of ${propRef(this, propName)} is not managed by this app: allow the service principal ` +
        'aps.amazonaws.com sns:Publish and sns:GetTopicAttributes on it (conditions aws:SourceArn = the ' +
        'Prometheus workspace ARN, aws:SourceAccount = this account), or alerts will not be delivered.');
    }
    if (topic.masterKey) {
      // SNS encrypts what the alert manager publishes with the topic's key, on the publisher's behalf.
      const keyAdded = topic.masterKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowPrometheusAlertManagerToPublish',
        principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }));
      if (!keyAdded.statementAdded) {
        warn(this, `observability.${propName}.KeyPolicy`,
          `The KMS key of ${propRef(this, propName)} is not managed by this app: allow the service principal ` +
          'aps.amazonaws.com kms:GenerateDataKey* and kms:Decrypt on it, or alerts will not be delivered.');
      }
    }
  }

  /** The role Grafana assumes: query this workspace, read CloudWatch metrics, alarms and Logs Insights. */
  private newGrafanaRole(): { role: iam.Role; policy: iam.ManagedPolicy } {
    const stack = Stack.of(this);
    const alarms = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const logGroups = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const role = newServiceRole(this, 'GrafanaRole',
      'Amazon Managed Grafana of the MultiAzHaPlatform: reads its Prometheus workspace and CloudWatch',
      { service: 'grafana', resource: '/workspaces', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const policy = newRolePolicy(this, 'GrafanaPolicy', role,
      'Amazon Managed Grafana of the MultiAzHaPlatform: query its Prometheus workspace, read CloudWatch', [
        new iam.PolicyStatement({
          sid: 'QueryPrometheusWorkspace',
          actions: [...QUERY_ACTIONS, 'aps:DescribeWorkspace'],
          resources: [this.workspace.attrArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadAlarms',
          actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
          resources: [alarms],
        }),
        new iam.PolicyStatement({
          sid: 'QueryLogGroups',
          actions: ['logs:StartQuery', 'logs:GetLogGroupFields', 'logs:GetLogEvents'],
          resources: [logGroups],
        }),
        new iam.PolicyStatement({
          sid: 'ReadApisWithoutResourceLevelPermissions',
          actions: [
            'cloudwatch:ListMetrics', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics',
            'cloudwatch:DescribeAlarmsForMetric', 'cloudwatch:GetInsightRuleReport',
            'logs:DescribeLogGroups', 'logs:GetQueryResults', 'logs:StopQuery',
            'ec2:DescribeTags', 'ec2:DescribeInstances', 'ec2:DescribeRegions', 'tag:GetResources',
          ],
          resources: ['*'],
        }),
      ]);
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
      'Read-only CloudWatch and EC2 APIs Grafana needs for metric queries and dimension lookups (ListMetrics, ' +
      'GetMetricData, GetMetricStatistics, DescribeAlarmsForMetric, GetInsightRuleReport, DescribeLogGroups, ' +
      'GetQueryResults, StopQuery, ec2:Describe*, tag:GetResources) support no resource-level permissions.');
    acknowledge(policy, iam5Finding(stack, alarms),
      'Grafana shows the state and history of the platform\'s alarms; the role reads alarms of this account and ' +
      'region only, and cannot change them.');
    acknowledge(policy, iam5Finding(stack, logGroups),
      'Grafana runs Logs Insights queries over the platform\'s log groups, including those AWS services name ' +
      '(RDS, ElastiCache, OpenSearch, Amazon MQ); the role reads log groups of this account and region only.');
    return { role, policy };
  }
}


const QUERY_ACTIONS = ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'];

function validateManagedPrometheusProps(props: ManagedPrometheusProps): void {
  for (const [name, topic] of [['criticalTopic', props.criticalTopic], ['warningTopic', props.warningTopic]] as const) {
    if (topic.fifo) {
      fail(name, 'be a standard topic (the Prometheus alert manager cannot publish to FIFO topics)', topic.node.path);
    }
  }
  const grafanaOptions = props.grafana;
  if (grafanaOptions) {
    const providers = grafanaOptions.authenticationProviders;
    if (!providers || providers.length === 0) {
      fail('grafana.authenticationProviders',
        'list at least one of GrafanaAuthentication.AWS_SSO and GrafanaAuthentication.SAML', providers ?? []);
    }
    providers.forEach((provider, i) => {
      if (!Object.values(GrafanaAuthentication).includes(provider)) {
        fail(`grafana.authenticationProviders[${i}]`,
          'be GrafanaAuthentication.AWS_SSO or GrafanaAuthentication.SAML', provider);
      }
    });
    const version = grafanaOptions.grafanaVersion;
    if (version !== undefined && !isToken(version) && !/^\d+\.\d+$/.test(version)) {
      fail('grafana.grafanaVersion', 'be a Grafana version major.minor such as \'10.4\'', version);
    }
  }
}

/**
 * The alerting rules, in the Prometheus rules file format. JSON is valid YAML, and needs no serializer
 * beyond JSON.stringify: the string goes to the rule groups namespace as is.
 */
function alertingRules(thresholds: RuleThresholds): string {
  const rules = [
    zoneDownRule(),
    databaseFailoverPrometheusRule(),
    highErrorRatePrometheusRule(thresholds),
    databaseReplicationLagPrometheusRule(thresholds),
    cacheReplicationLagPrometheusRule(thresholds),
  ];
  return JSON.stringify({ groups: [{ name: RULES_NAMESPACE, interval: '1m', rules }] });
}

/**
 * The alert manager definition: `alertmanager_config` is a string holding the Alertmanager configuration
 * (Amazon Managed Service for Prometheus reads it as a YAML document; JSON is valid YAML).
 */
function alertManagerDefinition(region: string, criticalTopic: sns.ITopic, warningTopic: sns.ITopic): string {
  const receiver = (name: string, topic: sns.ITopic) => ({
    name,
    sns_configs: [{
      topic_arn: topic.topicArn,
      sigv4: { region },
      subject: `[${name.toUpperCase()}] {{ .Status | toUpper }}: {{ .GroupLabels.alertname }}`
        + '{{ if .GroupLabels.zone }} in {{ .GroupLabels.zone }}{{ end }}',
      message: '{{ range .Alerts }}[{{ .Status | toUpper }}] {{ .Labels.alertname }}: {{ .Annotations.summary }}\n'
        + '{{ .Annotations.description }}\n\n{{ end }}',
      attributes: { severity: name },
    }],
  });
  const config = {
    route: {
      receiver: 'warning',
      group_by: ['alertname', 'zone'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { matchers: ['severity="critical"'], receiver: 'critical', repeat_interval: '1h' },
        { matchers: ['severity="warning"'], receiver: 'warning' },
      ],
    },
    // A zone that is down explains the warnings of that zone: send the page, hold the rest.
    inhibit_rules: [{
      source_matchers: ['alertname="ZoneDown"'],
      target_matchers: ['severity="warning"'],
      equal: ['zone'],
    }],
    receivers: [receiver('critical', criticalTopic), receiver('warning', warningTopic)],
  };
  return JSON.stringify({ alertmanager_config: JSON.stringify(config) });
}
