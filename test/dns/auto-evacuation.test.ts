import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { errorOf, once } from './dns-fixtures';
import {
  AutoEvacuationOptions, DnsRouting, GlobalDns, GlobalDnsProps, GrayFailureDetector, MultiAzHaPlatform,
  PlatformErrors, ZoneTrafficMetrics,
} from '../../lib';
import { newStack, newTestApp, TEST_ENV } from '../support/fixtures';
import { buildPlatform, defaultPlatform, logicalIdOf } from '../support/request-path';
import { synthAndCollectFindings } from '../support/validation-report';

/** What the platform passes: each zone's requests, 5xx (app servers' and load balancer's) and response time. */
function trafficMetricsOf(platform: MultiAzHaPlatform): ZoneTrafficMetrics[] {
  const app = platform.appTier;
  return [0, 1].map((zone) => ({
    requestCount: app.metricRequestCount(zone),
    serverErrorCounts: [app.metricTarget5xxCount(zone), app.metricElb5xxCount(zone)],
    targetResponseTime: app.metricTargetResponseTime(zone),
  }));
}

/**
 * A second GlobalDns (record `auto`) over the request path's load balancers, with the gray-failure detector: the
 * DNS tier as the platform builds it once the platform passes the zones' traffic metrics.
 */
function buildAutoDns(autoEvacuation: AutoEvacuationOptions | undefined = { enabled: true }, overrides: Partial<GlobalDnsProps> = {}) {
  const { stack, platform } = buildPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } });
  const hostedZone = stack.node.findChild('HostedZone') as route53.IHostedZone;
  const dns = new GlobalDns(stack, 'AutoDns', {
    hostedZone,
    recordName: 'auto',
    routing: DnsRouting.ACTIVE_ACTIVE,
    autoEvacuation,
    zoneLoadBalancers: platform.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
    zoneTrafficMetrics: trafficMetricsOf(platform),
    ...overrides,
  });
  return { stack, platform, dns };
}

function synthAutoDns(autoEvacuation?: AutoEvacuationOptions, overrides?: Partial<GlobalDnsProps>) {
  const built = buildAutoDns(autoEvacuation, overrides);
  return { ...built, detector: built.dns.autoEvacuation!, template: Template.fromStack(built.stack) };
}

type Synth = ReturnType<typeof synthAutoDns>;
const detected = once(() => synthAutoDns());
const tuned = once(() => synthAutoDns({
  enabled: true,
  errorRateMargin: 10,
  errorRateFactor: 3,
  latencyFactor: 4,
  minimumP99Latency: Duration.millis(500),
  minimumRequestsPerMinute: 1000,
  minutes: 10,
}));

function propsOf(s: Synth, construct: any): any {
  return s.template.toJSON().Resources[logicalIdOf(construct)].Properties;
}

/** A state machine's definition, with each reference rendered `${LogicalId}` (or `${LogicalId.Attribute}`). */
function definitionOf(s: Synth, zone: number): any {
  const parts: any[] = propsOf(s, s.detector.stateMachines[zone]).DefinitionString['Fn::Join'][1];
  return JSON.parse(parts.map((part) => typeof part === 'string' ? part
    : part.Ref ? `\${${part.Ref}}` : `\${${part['Fn::GetAtt'].join('.')}}`).join(''));
}

function ref(construct: any): string {
  return `\${${logicalIdOf(construct)}}`;
}

describe('off by default', () => {
  test('the default platform has no detector: no outlier alarms, rules or state machines', () => {
    const { platform, template } = defaultPlatform();
    expect(platform.dns.autoEvacuation).toBeUndefined();
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm: any) => alarm.Properties.Metrics))
      .toEqual([]);
  });

  test.each([
    ['enabled: false (with thresholds)', { enabled: false, minutes: 10 }],
    ['no enabled', { minutes: 10 }],
  ])('%s: no detector, and no traffic metrics needed', (_name, options) => {
    const { dns, stack } = buildAutoDns(options, { zoneTrafficMetrics: undefined });
    expect(dns.autoEvacuation).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });
});

describe('outlier alarms (gray-failure detection)', () => {
  test('zone 1 is an outlier when both zones carry 300 requests a minute and its 5xx rate is 5 points and 5 times zone 2\'s, or its p99 3 times zone 2\'s and at least 1 s (no FILL)', () => {
    const s = detected();
    const metrics: any[] = propsOf(s, s.detector.outlierAlarms[0]).Metrics;
    expect(metrics.filter((m) => m.ReturnData)).toEqual([expect.objectContaining({
      Expression: '(q1 >= 300 AND q2 >= 300) AND (((r1 - r2) >= 5 AND r1 >= 5 * r2) OR (p1 >= 3 * p2 AND p1 >= 1))',
    })]);
    const expressions = Object.fromEntries(metrics.filter((m) => m.Expression && !m.ReturnData).map((m) => [m.Id, m.Expression]));
    expect(expressions).toEqual({
      r1: '100 * (e1a + e1b) / q1',
      r2: '100 * (e2a + e2b) / q2',
    });
    const stats = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id,
      `${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Period}`]));
    expect(stats).toEqual({
      q1: 'RequestCount Sum 60',
      q2: 'RequestCount Sum 60',
      e1a: 'HTTPCode_Target_5XX_Count Sum 60',
      e1b: 'HTTPCode_ELB_5XX_Count Sum 60',
      e2a: 'HTTPCode_Target_5XX_Count Sum 60',
      e2b: 'HTTPCode_ELB_5XX_Count Sum 60',
      p1: 'TargetResponseTime p99 60',
      p2: 'TargetResponseTime p99 60',
    });
    // Each id reads its own zone's load balancer (or target group): q1, e1a, e1b, p1 zone 1; q2, e2a, e2b, p2 zone 2.
    for (const m of metrics.filter((metric) => metric.MetricStat)) {
      const zone = m.Id.slice(1, 2);
      expect(JSON.stringify(m.MetricStat.Metric.Dimensions)).toContain(`PlatformAppTierZone${zone}LoadBalancer`);
      expect(JSON.stringify(m.MetricStat.Metric.Dimensions)).not.toContain(`PlatformAppTierZone${3 - Number(zone)}`);
    }
  });

  test('zone 2\'s alarm is the mirror image: zone 2 against zone 1', () => {
    const s = detected();
    const metrics: any[] = propsOf(s, s.detector.outlierAlarms[1]).Metrics;
    expect(metrics.find((m) => m.ReturnData).Expression).toBe('(q2 >= 300 AND q1 >= 300) AND ' +
      '(((r2 - r1) >= 5 AND r2 >= 5 * r1) OR (p2 >= 3 * p1 AND p2 >= 1))');
  });

  test.each([0, 1])('zone index %d: fires after 5 outlier minutes of the last 6; a minute without data is not an outlier minute', (zone) => {
    const s = detected();
    expect(propsOf(s, s.detector.outlierAlarms[zone])).toEqual(expect.objectContaining({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 6,
      DatapointsToAlarm: 5,
      TreatMissingData: 'notBreaching',
    }));
  });

  test('the thresholds override the defaults, in the expression and the evaluation', () => {
    const s = tuned();
    const alarm = propsOf(s, s.detector.outlierAlarms[0]);
    expect(alarm.Metrics.find((m: any) => m.ReturnData).Expression).toBe('(q1 >= 1000 AND q2 >= 1000) ' +
      'AND (((r1 - r2) >= 10 AND r1 >= 3 * r2) OR (p1 >= 4 * p2 AND p1 >= 0.5))');
    expect(alarm).toEqual(expect.objectContaining({ EvaluationPeriods: 11, DatapointsToAlarm: 10 }));
    expect(s.detector.detectionTime.toMinutes()).toBe(10);
  });

  test('the detector exposes its thresholds (defaults)', () => {
    const { detector } = detected();
    expect({
      errorRateMargin: detector.errorRateMargin,
      errorRateFactor: detector.errorRateFactor,
      latencyFactor: detector.latencyFactor,
      minimumP99Latency: detector.minimumP99Latency.toSeconds(),
      minimumRequestsPerMinute: detector.minimumRequestsPerMinute,
      detectionMinutes: detector.detectionTime.toMinutes(),
    }).toEqual({
      errorRateMargin: 5, errorRateFactor: 5, latencyFactor: 3, minimumP99Latency: 1, minimumRequestsPerMinute: 300, detectionMinutes: 5,
    });
  });

  test('the description fits CloudWatch\'s 1024 characters with the longest platform name', () => {
    const s = synthAutoDns({ enabled: true, minimumP99Latency: Duration.millis(1500) }, { platformName: `p${'x'.repeat(99)}` });
    s.detector.outlierAlarms.forEach((alarm) => expect(propsOf(s, alarm).AlarmDescription.length).toBeLessThanOrEqual(1024));
  });

  test('the description says what the alarm means and how to put the zone back', () => {
    const s = detected();
    const description: string = propsOf(s, s.detector.outlierAlarms[0]).AlarmDescription;
    expect(description).toMatch(/^Zone 1 of TestStack has been far worse than zone 2 in 5 of the last 6 minutes/);
    expect(description).toContain(`put it back with: ${s.dns.restoreCommand(0)}.`);
    expect(description.length).toBeLessThanOrEqual(1024);
  });
});

describe('feeding the switch: EventBridge rule and Step Functions state machine', () => {
  test.each([0, 1])('zone index %d: a rule on its outlier alarm\'s change to ALARM starts its state machine', (zone) => {
    const s = detected();
    expect(propsOf(s, s.detector.rules[zone])).toEqual(expect.objectContaining({
      EventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'resources': [{ 'Fn::GetAtt': [logicalIdOf(s.detector.outlierAlarms[zone]), 'Arn'] }],
        'detail': { state: { value: ['ALARM'] } },
      },
      State: 'ENABLED',
      Targets: [expect.objectContaining({
        Arn: { Ref: logicalIdOf(s.detector.stateMachines[zone]) },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^AutoDnsAutoEvacuationEventsRole/), 'Arn'] },
      })],
    }));
  });

  test.each([[0, 1], [1, 0]])('zone index %d: reads the other zone\'s switch and outlier alarm, then sets its own switch to 1', (zone, other) => {
    const s = detected();
    const definition = definitionOf(s, zone);
    const [z, o] = [zone + 1, other + 1];
    const [readSwitch, readOutlier, choice, keepLast, keepBoth, evacuate] = [`Zone${z}ReadZone${o}Switch`,
      `Zone${z}ReadZone${o}Outlier`, `Zone${z}CanEvacuate`, `Zone${z}KeepLastZone`, `Zone${z}KeepBothZones`, `Zone${z}Evacuate`];
    expect(definition.StartAt).toBe(readSwitch);
    expect(Object.keys(definition.States).sort()).toEqual([choice, evacuate, keepBoth, keepLast, readOutlier, readSwitch].sort());
    [[readSwitch, s.dns.evacuation.switchAlarms[other], '$.otherSwitch', readOutlier],
      [readOutlier, s.detector.outlierAlarms[other], '$.otherOutlier', choice]].forEach(([state, alarm, resultPath, next]) => {
      expect(definition.States[state as string]).toEqual(expect.objectContaining({
        Type: 'Task',
        Resource: 'arn:${AWS::Partition}:states:::aws-sdk:cloudwatch:describeAlarms',
        Parameters: { AlarmNames: [ref(alarm)] },
        ResultSelector: { 'state.$': '$.MetricAlarms[0].StateValue' },
        ResultPath: resultPath,
        Next: next,
      }));
    });
    expect(definition.States[choice]).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.otherSwitch.state', StringEquals: 'ALARM', Next: keepLast },
        { Variable: '$.otherOutlier.state', StringEquals: 'ALARM', Next: keepBoth },
      ],
      Default: evacuate,
    });
    expect(definition.States[keepLast]).toEqual(expect.objectContaining({ Type: 'Fail', Error: 'OtherZoneEvacuated' }));
    expect(definition.States[keepBoth]).toEqual(expect.objectContaining({ Type: 'Fail', Error: 'BothZonesOutliers' }));
    expect(definition.States[evacuate]).toEqual(expect.objectContaining({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::aws-sdk:cloudwatch:putMetricData',
      Parameters: {
        Namespace: 'MultiAzHaPlatform',
        MetricData: [{
          MetricName: 'ZoneEvacuated',
          Dimensions: [{ Name: 'Platform', Value: 'TestStack' }, { Name: 'Zone', Value: `zone-${z}` }],
          Value: 1,
        }],
      },
      End: true,
    }));
  });

  test('the state machine sets the same metric the switch alarm watches and the evacuate command sets', () => {
    const s = detected();
    const alarm = propsOf(s, s.dns.evacuation.switchAlarms[1]);
    const put = definitionOf(s, 1).States.Zone2Evacuate.Parameters;
    expect([put.Namespace, put.MetricData[0].MetricName, put.MetricData[0].Dimensions])
      .toEqual([alarm.Namespace, alarm.MetricName, alarm.Dimensions]);
    expect(s.dns.evacuateCommand(1)).toContain('--dimensions Platform=TestStack,Zone=zone-2 --value 1');
  });

  test('the state machines log every execution to an encrypted log group, trace with X-Ray, and wait for their policy', () => {
    const s = detected();
    s.detector.stateMachines.forEach((machine) => {
      const resource = s.template.toJSON().Resources[logicalIdOf(machine)];
      expect(resource.Properties).toEqual(expect.objectContaining({
        RoleArn: { 'Fn::GetAtt': [logicalIdOf(s.detector.role), 'Arn'] },
        LoggingConfiguration: {
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalIdOf(s.detector.logGroup), 'Arn'] } } }],
          IncludeExecutionData: true,
          Level: 'ALL',
        },
        TracingConfiguration: { Enabled: true },
      }));
      expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AutoDnsAutoEvacuationPolicy/)]));
    });
    const group = propsOf(s, s.detector.logGroup);
    expect(group).toEqual(expect.objectContaining({
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(s.detector.key), 'Arn'] },
      RetentionInDays: 365,
    }));
    expect(group.LogGroupName['Fn::Join'][1][0]).toMatch(/^\/aws\/vendedlogs\/states\//);
  });

  test('the role: assumed by Step Functions of this account; PutMetricData in the MultiAzHaPlatform namespace only', () => {
    const s = detected();
    const trust = propsOf(s, s.detector.role).AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([expect.objectContaining({
      Principal: { Service: 'states.amazonaws.com' },
      Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
    })]);
    const policies = Object.values(s.template.findResources('AWS::IAM::ManagedPolicy')).filter((policy: any) =>
      JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: logicalIdOf(s.detector.role) }]));
    expect(policies).toHaveLength(1);
    const statements: any[] = (policies[0] as any).Properties.PolicyDocument.Statement;
    const cloudwatchStatements = statements.filter((st) => [st.Action].flat().some((a: string) => a.startsWith('cloudwatch:')));
    expect(cloudwatchStatements).toEqual([
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'MultiAzHaPlatform' } },
      }),
      expect.objectContaining({
        Action: 'cloudwatch:DescribeAlarms',
        Resource: [...s.dns.evacuation.switchAlarms, ...s.detector.outlierAlarms]
          .map((alarm) => ({ 'Fn::GetAtt': [logicalIdOf(alarm), 'Arn'] })),
      }),
    ]);
    // Nothing else than log delivery and tracing, and no inline policy on the role.
    expect(statements.flatMap((st) => [st.Action].flat()).filter((a: string) => !/^(cloudwatch|logs|xray):/.test(a))).toEqual([]);
    const inline = Object.values(s.template.findResources('AWS::IAM::Policy')).filter((policy: any) =>
      JSON.stringify(policy.Properties.Roles ?? []).includes(logicalIdOf(s.detector.role)));
    expect(inline).toEqual([]);
  });

  test('EventBridge may start the two state machines and nothing else', () => {
    const s = detected();
    const policy = Object.values(s.template.findResources('AWS::IAM::ManagedPolicy'))
      .find((p: any) => p.Properties.Description?.includes('start its state machines')) as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({
      Action: 'states:StartExecution',
      Resource: s.detector.stateMachines.map((machine) => ({ Ref: logicalIdOf(machine) })),
    })]);
  });
});

describe('telling on-call', () => {
  test('addEvacuationAlarmActions also notifies on the outlier alarms; CloudWatchAlarmAction is acknowledged only while silent', () => {
    const silent = detected();
    const ackRows = (stack: Stack) => [...new Set(stack.node.findAll()
      .filter((construct) => construct.node.path.includes('/AutoDns/'))
      .flatMap((construct) => construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data).filter((rule) => rule.endsWith('CloudWatchAlarmAction'))
          .map((rule) => `${rule.replace(/^Annotation::/, '')} ${construct.node.path.split('/AutoDns/')[1].replace(/Zone[12]/g, 'Zone{1,2}')}`))))].sort();
    expect(ackRows(silent.stack)).toEqual([
      'HIPAA.Security-CloudWatchAlarmAction AutoEvacuation/Zone{1,2}OutlierAlarm',
      'HIPAA.Security-CloudWatchAlarmAction Evacuation/Zone{1,2}Switch',
      'NIST.800.53.R5-CloudWatchAlarmAction AutoEvacuation/Zone{1,2}OutlierAlarm',
      'NIST.800.53.R5-CloudWatchAlarmAction Evacuation/Zone{1,2}Switch',
    ]);

    const { stack, dns } = buildAutoDns();
    const topic = new sns.Topic(stack, 'Warnings');
    dns.addEvacuationAlarmActions(new cwactions.SnsAction(topic));
    const template = Template.fromStack(stack).toJSON();
    [...dns.autoEvacuation!.outlierAlarms, ...dns.evacuation.switchAlarms].forEach((alarm) => {
      const props = template.Resources[logicalIdOf(alarm)].Properties;
      expect([props.AlarmActions, props.OKActions]).toEqual([[{ Ref: logicalIdOf(topic) }], [{ Ref: logicalIdOf(topic) }]]);
    });
    expect(ackRows(stack)).toEqual([]);
  });
});

describe('bad input', () => {
  test.each([
    { prop: 'errorRateMargin', value: 0, rule: 'be between 0.1 and 100 percentage points', shown: '0' },
    { prop: 'errorRateMargin', value: 101, rule: 'be between 0.1 and 100 percentage points', shown: '101' },
    { prop: 'errorRateFactor', value: 1.5, rule: 'be at least 2 (an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone over a difference both zones share)', shown: '1.5' },
    { prop: 'latencyFactor', value: 1, rule: 'be at least 2 (an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone over a difference both zones share)', shown: '1' },
    { prop: 'minimumP99Latency', value: Duration.millis(50), rule: 'be between 100 milliseconds and 1 minute (below 100 ms a p99 three times another zone\'s is still fast, not a gray failure)', shown: '50 millis' },
    { prop: 'minimumP99Latency', value: Duration.minutes(2), rule: 'be between 100 milliseconds and 1 minute (below 100 ms a p99 three times another zone\'s is still fast, not a gray failure)', shown: '2 minutes' },
    { prop: 'minimumRequestsPerMinute', value: 10, rule: 'be at least 20 (with fewer requests one failed request is 5 % of a minute: noise, not an outlier)', shown: '10' },
    { prop: 'minimumRequestsPerMinute', value: 100.5, rule: 'be a whole number', shown: '100.5' },
    { prop: 'minutes', value: 2, rule: 'be at least 3', shown: '2' },
    { prop: 'minutes', value: 61, rule: 'be at most 60', shown: '61' },
    { prop: 'minutes', value: 4.5, rule: 'be a whole number', shown: '4.5' },
  ])('fails when autoEvacuation.$prop is $shown, naming the DNS construct\'s own prop', ({ prop, value, rule, shown }) => {
    const err = errorOf(() => buildAutoDns({ enabled: true, [prop]: value }));
    expect(PlatformErrors.propPathOf(err)).toBe(`autoEvacuation.${prop}`);
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/AutoDns');
    expect(err.message).toBe(`\`autoEvacuation.${prop}\` must ${rule}, got ${shown}`);
  });

  test('under the platform, the same rule names the platform\'s props, the sibling prop included', () => {
    const err = errorOf(() => buildPlatform({ dns: { autoEvacuation: { enabled: true } } }));
    expect(PlatformErrors.propPathOf(err)).toBe('dns.autoEvacuation.enabled');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Dns');
    expect(err.message).toMatch(/^`dns\.autoEvacuation\.enabled` must go with `dns\.routing` ACTIVE_ACTIVE: /);
  });

  test('thresholds are checked on the platform too, even before the detector is enabled', () => {
    const err = errorOf(() => buildPlatform({ dns: { autoEvacuation: { minutes: 1 } } }));
    expect(PlatformErrors.propPathOf(err)).toBe('dns.autoEvacuation.minutes');
  });

  test('fails with FAILOVER routing: zone 2 carries no traffic to compare zone 1 with', () => {
    const err = errorOf(() => buildAutoDns({ enabled: true }, { routing: DnsRouting.FAILOVER }));
    expect(err.message).toBe('`autoEvacuation.enabled` must go with `routing` ACTIVE_ACTIVE: with FAILOVER routing ' +
      'zone 2 serves no traffic while zone 1 is healthy, so there is no other zone to compare zone 1 with, got true');
  });

  test.each([
    { desc: 'no traffic metrics', metrics: undefined, path: 'zoneTrafficMetrics', message: /must list the traffic metrics of both zones .* when `autoEvacuation` is enabled, got undefined$/ },
    { desc: 'one zone\'s metrics', metrics: 'one', path: 'zoneTrafficMetrics', message: /must list the traffic metrics of exactly 2 zones \(zone 1 first\), got 1$/ },
    { desc: 'no 5xx metric', metrics: 'noErrors', path: 'zoneTrafficMetrics[0].serverErrorCounts', message: /must list 1 to 3 metrics of 5xx responses .*, got 0$/ },
    { desc: '4 5xx metrics', metrics: 'fourErrors', path: 'zoneTrafficMetrics[1].serverErrorCounts', message: /must list 1 to 3 metrics of 5xx responses \(summed; an alarm reads at most 10 metrics\), got 4$/ },
  ])('fails with $desc', ({ metrics, path, message }) => {
    const err = errorOf(() => {
      const { stack, platform } = buildPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } });
      const all = trafficMetricsOf(platform);
      const variants: Record<string, ZoneTrafficMetrics[]> = {
        one: [all[0]],
        noErrors: [{ ...all[0], serverErrorCounts: [] }, all[1]],
        fourErrors: [all[0], { ...all[1], serverErrorCounts: [...all[1].serverErrorCounts, ...all[0].serverErrorCounts] }],
      };
      return new GlobalDns(stack, 'AutoDns', {
        hostedZone: stack.node.findChild('HostedZone') as route53.IHostedZone,
        routing: DnsRouting.ACTIVE_ACTIVE,
        autoEvacuation: { enabled: true },
        zoneLoadBalancers: platform.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
        zoneTrafficMetrics: metrics === undefined ? undefined : variants[metrics],
      });
    });
    expect(PlatformErrors.propPathOf(err)).toBe(path);
    expect(err.message).toMatch(message);
  });

  test('fails when dns.autoEvacuation is not an object (JavaScript)', () => {
    const err = errorOf(() => buildPlatform({ dns: { autoEvacuation: true as any } }));
    expect(err.message).toBe('`dns.autoEvacuation` must be an object of options, got true');
  });

  test('the detector on its own reports its own prop paths', () => {
    const { dns, platform } = buildAutoDns(undefined);
    const err = errorOf(() => new GrayFailureDetector(dns, 'Detector', {
      evacuation: dns.evacuation, zoneTrafficMetrics: trafficMetricsOf(platform), minutes: 100,
    }));
    expect(err.message).toBe('`minutes` must be at most 60, got 100');
  });
});

describe('cdk-nag: AwsSolutions and the three compliance packs', () => {
  test('the platform with automatic evacuation has no unacknowledged finding, and every pack ran', () => {
    const { findings, plugins } = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      const { stack, hostedZone } = newStack({ env: TEST_ENV }, app);
      const platform = new MultiAzHaPlatform(stack, 'Platform', { dns: { hostedZone, recordName: 'app', routing: DnsRouting.ACTIVE_ACTIVE } });
      new GlobalDns(stack, 'AutoDns', {
        hostedZone,
        recordName: 'auto',
        routing: DnsRouting.ACTIVE_ACTIVE,
        autoEvacuation: { enabled: true },
        zoneLoadBalancers: platform.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
        zoneTrafficMetrics: trafficMetricsOf(platform),
      });
      // Canaries every pack must flag, so "no other finding" means something.
      const canary = new Stack(app, 'Canary');
      new s3.Bucket(canary, 'NonCompliantBucket');
      new logs.LogGroup(canary, 'UnencryptedLogGroup', { retention: logs.RetentionDays.INFINITE });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app),
        new PCIDSS321Checks(app));
      return app;
    });
    expect(plugins.sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
    const all = findings.flatMap((f) => f.paths.map((path) => `${f.rule} ${path}`));
    const canary = all.filter((f) => f.includes(' Canary/'));
    expect(canary).toEqual(expect.arrayContaining([
      'AwsSolutions-S1 Canary/NonCompliantBucket/Resource',
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) =>
        `${pack}-CloudWatchLogGroupEncrypted Canary/UnencryptedLogGroup/Resource`),
    ]));
    expect(all.filter((f) => !canary.includes(f))).toEqual([]);
  });
});
