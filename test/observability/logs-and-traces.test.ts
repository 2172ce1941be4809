import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PlatformErrors } from '../../lib';
import { LogsAndTracesOptions } from '../../lib/observability/logs-and-traces';
import { acknowledgedRules } from '../support/acknowledgements';
import { errorOf } from '../support/errors';
import { cfnText, getAtt, logicalIdOf, once, ref, withTemplate } from '../support/fixtures';
import { buildLogs, CUSTOM_LOGS } from '../support/tier-apps';

function synthLogs(options: LogsAndTracesOptions = {}) {
  return withTemplate(buildLogs(options));
}

/** The default construct, synthesized once for the file. */
const defaults = once(() => synthLogs());

/** Every option changed, synthesized once for the file. */
const custom = once(() => synthLogs(CUSTOM_LOGS));

/** The agent configuration as deployed: the parameter's value, parsed. */
function deployedAgentConfig(template: Template): any {
  const parameter = Object.values(template.findResources('AWS::SSM::Parameter'))[0];
  return JSON.parse(cfnText(parameter.Properties.Value));
}

describe('log groups', () => {
  test('app, workers and system groups, encrypted with the construct\'s rotated key, kept, one year by default', () => {
    const { template, telemetry } = defaults();
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
    const { template, telemetry } = defaults();
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
    defaults().template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('logRetention sets the retention of all three groups', () => {
    const groups = custom().template.findResources('AWS::Logs::LogGroup');
    expect(Object.values(groups).map((g) => g.Properties.RetentionInDays)).toEqual([30, 30, 30]);
  });
});

describe('CloudWatch agent configuration', () => {
  test('is a standard String parameter whose name starts with AmazonCloudWatch- (readable under CloudWatchAgentServerPolicy)', () => {
    const { template } = defaults();
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Type: 'String',
      Tier: 'Standard',
      Name: Match.stringLikeRegexp('^AmazonCloudWatch-[A-Za-z0-9-]+$'),
    });
  });

  test('the deployed value is the exposed configuration, with the log group names filled in at deploy time', () => {
    const { template, stack, telemetry } = defaults();
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
    const { metrics } = deployedAgentConfig(defaults().template);
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
    const { traces } = deployedAgentConfig(defaults().template);
    expect(traces.traces_collected).toEqual({
      xray: { bind_address: '127.0.0.1:2000', tcp_proxy: { bind_address: '127.0.0.1:2000' } },
      otlp: { grpc_endpoint: '127.0.0.1:4317', http_endpoint: '127.0.0.1:4318' },
    });
  });

  test('appLogFilePath and workerLogFilePath choose the files shipped to the app and workers groups', () => {
    const collected = deployedAgentConfig(custom().template).logs.logs_collected.files.collect_list;
    expect(collected.slice(0, 2).map((f: any) => f.file_path)).toEqual(['/srv/shop/logs/app.log', '/srv/shop/logs/worker-*.log']);
  });

  test('userDataCommands install the agent and rsyslog, then fetch this parameter and start the agent', () => {
    const { stack, telemetry } = defaults();
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
  ] as const)('%s reads %s of one Auto Scaling group (the agent\'s aggregate), Maximum by default', (method, metricName) => {
    const { telemetry } = defaults();
    const metric = telemetry[method]('app-zone-1');
    expect([metric.namespace, metric.metricName, metric.statistic, metric.dimensions])
      .toEqual(['CWAgent', metricName, 'Maximum', { AutoScalingGroupName: 'app-zone-1' }]);
    expect(telemetry[method]('g', { statistic: 'Average' }).statistic).toBe('Average');
  });
});

describe('saved Logs Insights queries', () => {
  test.each([
    ['Errors by zone', ['app', 'workers'], /^filter level in \["error", "ERROR", "fatal", "FATAL"\]\n\| stats count\(\*\) as errors by zone\n\| sort errors desc$/],
    ['Slowest requests', ['app'],
      /^fields @timestamp, zone, method, path, status, duration_ms, @logStream\n\| filter ispresent\(duration_ms\)\n\| sort duration_ms desc\n\| limit 50$/],
    ['Latency by zone', ['app'], /pct\(duration_ms, 99\) as p99_ms by zone$/],
  ] as Array<[string, Array<'app' | 'workers'>, RegExp]>)('%s, over the %j log groups', (name, groups, query) => {
    const { template, telemetry } = defaults();
    const byName = { app: telemetry.appLogGroup, workers: telemetry.workersLogGroup };
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: `MultiAzHaPlatform/TestStack/${name}`,
      LogGroupNames: groups.map((g) => ref(byName[g])),
      QueryString: Match.stringLikeRegexp(query.source),
    });
  });

  test('there are exactly three', () => {
    defaults().template.resourceCountIs('AWS::Logs::QueryDefinition', 3);
  });
});

describe('X-Ray', () => {
  test('a group of faulty or slow (> 500 ms) traces, with insights, named uniquely within 32 characters', () => {
    const { template } = defaults();
    template.hasResourceProperties('AWS::XRay::Group', {
      GroupName: Match.stringLikeRegexp('^[A-Za-z0-9]{1,32}$'),
      FilterExpression: 'fault = true OR responsetime > 0.5',
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: true },
    });
  });

  test('a sampling rule: 1 request a second, then 5 %, for every service by default', () => {
    defaults().template.hasResourceProperties('AWS::XRay::SamplingRule', {
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
    const { template } = custom();
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
    const { template, instanceRole, telemetry } = defaults();
    expect(statementsOf(template, instanceRole)).toContainEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [telemetry.appLogGroup, telemetry.workersLogGroup, telemetry.systemLogGroup].map((g) => getAtt(g, 'Arn')),
    });
  });

  test('grantPutTraces: the four X-Ray actions the agent uses, on "*" (no resource-level permissions), acknowledged on the grantee\'s policy', () => {
    const { template, instanceRole } = defaults();
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
    const { template, instanceRole, telemetry } = defaults();
    const reads = statementsOf(template, instanceRole).filter((s) => JSON.stringify(s.Action).includes('ssm:'));
    expect(reads).toHaveLength(1);
    expect(reads[0].Action).toEqual(expect.arrayContaining(['ssm:GetParameter', 'ssm:GetParameters']));
    expect(cfnText(reads[0].Resource)).toMatch(new RegExp(`:parameter/<Ref:${logicalIdOf(telemetry.agentConfigParameter)}>$`));
  });

  test('nothing else: no write beyond the log groups, no other action', () => {
    const actions = statementsOf(defaults().template, defaults().instanceRole).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => !/^(logs:(CreateLogStream|PutLogEvents)|xray:(Put|Get)\w+|ssm:(Describe|Get)\w+)$/.test(a))).toEqual([]);
  });
});

describe('bad input', () => {
  test.each([
    [{ traceSampleRate: 1.5 }, /^`traceSampleRate` must be between 0 and 1, got 1\.5$/],
    [{ traceSampleRate: -0.1 }, /^`traceSampleRate` must be between 0 and 1, got -0\.1$/],
    [{ traceReservoirPerSecond: -1 }, /^`traceReservoirPerSecond` must be at least 0, got -1$/],
    [{ traceReservoirPerSecond: 0.5 }, /^`traceReservoirPerSecond` must be a whole number, got 0\.5$/],
    [{ traceServiceName: '' }, /^`traceServiceName` must be 1 to 64 letters, .*, got ''$/],
    [{ traceServiceName: 'shop"api' }, /^`traceServiceName` must be 1 to 64 letters, .*, got 'shop"api'$/],
    [{ traceServiceName: 'x'.repeat(65) }, /^`traceServiceName` must be 1 to 64 letters, .*, got 'x{65}'$/],
    [{ appLogFilePath: 'var/log/app.log' }, /^`appLogFilePath` must be an absolute file path .*, got 'var\/log\/app\.log'$/],
    [{ workerLogFilePath: '/var/log/my worker.log' }, /^`workerLogFilePath` must be an absolute file path .*, got '\/var\/log\/my worker\.log'$/],
  ] as Array<[LogsAndTracesOptions, RegExp]>)('fails when observability is %j', (options, message) => {
    expect(() => buildLogs(options)).toThrow(message);
  });

  test('every retention is accepted, and the error names the prop path for every language', () => {
    expect(() => buildLogs({ logRetention: logs.RetentionDays.INFINITE, traceSampleRate: 0, traceReservoirPerSecond: 0 })).not.toThrow();
    const caught = errorOf(() => buildLogs({ traceSampleRate: 2 }));
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    expect(PlatformErrors.propPathOf(caught)).toBe('traceSampleRate');
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over logs and traces (defaults, every option environment-agnostic),
// with every other tier's checks, in one synth each.
