import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PlatformErrors } from '../../lib';
import { GrafanaAuthentication, ManagedPrometheus, ManagedPrometheusOptions } from '../../lib/observability/managed-prometheus';
import { acknowledgedRules } from '../support/acknowledgements';
import { errorOf } from '../support/errors';
import { buildPlatform, cfnText, getAtt, logicalIdOf, newStack, once, ref, synthPlatform, withTemplate } from '../support/fixtures';
import { serviceTrustStatement } from '../support/grant-assertions';
import { buildPrometheus, CUSTOM_PROMETHEUS } from '../support/tier-apps';

function synthPrometheus(options: ManagedPrometheusOptions = {}) {
  return withTemplate(buildPrometheus(options));
}

/** The default construct (no Grafana), synthesized once for the file. */
const defaults = once(() => synthPrometheus());

/** Every option changed, Grafana on, synthesized once for the file. */
const custom = once(() => synthPrometheus(CUSTOM_PROMETHEUS));

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

describe('workspace', () => {
  // Kept on update and delete, but not when the stack's first deployment rolls back (it has no metrics yet).
  test('is encrypted with its own rotated key, both kept when the stack is deleted but not when its first deployment rolls back', () => {
    const { template, prometheus } = defaults();
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
    const { template, prometheus } = defaults();
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
    const { template, prometheus } = defaults();
    expect(workspaceProperties(template).LoggingConfiguration).toEqual({ LogGroupArn: getAtt(prometheus.logGroup, 'Arn') });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: getAtt(prometheus.key, 'Arn'), RetentionInDays: 365 },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    custom().template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('remote write and query URLs derive from the endpoint, which already ends in api/v1/', () => {
    const { stack, prometheus } = defaults();
    expect(stack.resolve(prometheus.remoteWriteUrl)).toEqual({
      'Fn::Join': ['', [getAtt(prometheus.workspace, 'PrometheusEndpoint'), 'remote_write']],
    });
    expect(stack.resolve(prometheus.queryUrl)).toEqual(getAtt(prometheus.workspace, 'PrometheusEndpoint'));
  });

  test('grantRemoteWrite allows aps:RemoteWrite on this workspace only', () => {
    const { template, instanceRole, prometheus } = defaults();
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
    const { template, prometheus } = defaults();
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
    const rule = ruleGroups(defaults().template)[0].rules[index];
    expect(rule).toMatchObject({ alert, expr, for: duration, labels: { severity } });
    expect(rule.annotations.summary).toEqual(expect.any(String));
    expect(rule.annotations.description).toEqual(expect.any(String));
  });

  test('replication lag rules say which tier they watch', () => {
    const rules = ruleGroups(defaults().template)[0].rules;
    expect(rules.slice(3).map((r: any) => r.labels.tier)).toEqual(['database', 'cache']);
  });

  test('thresholds follow errorRatePercent and replicationLagThreshold', () => {
    const rules = ruleGroups(custom().template)[0].rules;
    expect(rules[2].expr).toMatch(/ \* 100 > 2\.5$/);
    expect(rules[3].expr).toMatch(/\(pg_replication_lag_seconds\) > 45$/);
    expect(rules[4].expr).toMatch(/\(redis_connected_slave_lag_seconds\) > 45$/);
  });
});

describe('alert manager', () => {
  test('routes severity=critical to the critical topic and everything else to the warning topic', () => {
    const { template } = defaults();
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
    const { template, criticalTopic, warningTopic } = defaults();
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
    const built = defaults();
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
    const { template, topicKey } = defaults();
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
    const { template, prometheus } = defaults();
    template.resourceCountIs('AWS::Grafana::Workspace', 0);
    expect(prometheus.grafanaWorkspace).toBeUndefined();
    expect(prometheus.grafanaRole).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Role', 1); // the test's instance role only
  });

  test('when opted in: a workspace of this account with both data sources and the role it assumes', () => {
    const { template, prometheus } = custom();
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
    const { template, prometheus } = custom();
    const role = template.toJSON().Resources[logicalIdOf(prometheus.grafanaRole!)];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([serviceTrustStatement('grafana', '/workspaces/*')]);
  });

  test('the role queries this workspace and reads CloudWatch, scoped where the APIs allow, through its customer-managed policy', () => {
    const { template, prometheus } = custom();
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
    const { prometheus } = custom();
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

describe('bad input', () => {
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
// (test/platform/schema-validation.test.ts) run over Managed Prometheus (defaults, Grafana fixed and
// environment-agnostic, every option), with every other tier's checks, in one synth each.
