import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import {
  DrillRecoveryPredictions, PlatformDrills, PlatformDrillsProps, PlatformErrors,
} from '../../lib';
import { acknowledgedRules } from '../support/acknowledgements';
import { errorOf } from '../support/errors';
import { buildPlatform, logicalIdOf, newTestApp, ref, TEST_ENV } from '../support/fixtures';
import { serviceTrustStatement } from '../support/grant-assertions';
import { drillsApp, drillsFixture, DrillsFixtureOptions } from '../support/tier-apps';
import { synthAndCollectFindings } from '../support/validation-report';

const TEMPLATE = 'AWS::FIS::ExperimentTemplate';
const ZONES = ['eu-west-1a', 'eu-west-1b'];

type Fixture = ReturnType<typeof drillsFixture>;

function synth(options: DrillsFixtureOptions = {}) {
  const built = drillsFixture(options);
  const drills = new PlatformDrills(built.stack, 'Drills', built.props);
  return { ...built, drills, template: Template.fromStack(built.stack) };
}

type Synthesized = ReturnType<typeof synth>;
const synthesized = new Map<string, Synthesized>();
function cached(key: string, options: DrillsFixtureOptions): Synthesized {
  if (!synthesized.has(key)) {
    synthesized.set(key, synth(options));
  }
  return synthesized.get(key)!;
}

const PREDICTIONS: DrillRecoveryPredictions = { zone1Loss: 90, zone2Loss: 95.4, appServer: 20, databasePrimary: 30, cachePrimary: 25 };
/** Aurora, cache, workers, every alarm and every prediction: the platform's default shape. */
const defaults = () => cached('default', { predictions: PREDICTIONS });
/** The Multi-AZ DB instance instead of Aurora. */
const multiAzInstance = () => cached('instance', { database: 'instance' });
/** No workers, no cache, no database, no alarm, no prediction. */
const bare = () => cached('bare', { database: 'none', cache: false, workers: false, alarms: 'none' });

/** The properties of one scenario's template. */
function templateOf(built: Synthesized, scenario: string): any {
  const resource = built.template.toJSON().Resources[logicalIdOf(built.drills.templates[scenario])];
  expect(resource?.Type).toBe(TEMPLATE);
  return built.stack.resolve(resource.Properties);
}

/** The ARN of a subnet, resolved, as the template holds it. */
function subnetArnOf(built: Synthesized, subnet: ec2.ISubnet) {
  return built.stack.resolve(built.stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId }));
}

/** The statements of the drills' role policy, resolved. */
function roleStatements(built: Synthesized): any[] {
  const policy = built.drills.role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
  return built.stack.resolve((policy.policyDocument as iam.PolicyDocument).toJSON()).Statement;
}

/** A target the drills find by their tag, all of it, with the `parameters` of the action that acts on it. */
function taggedTarget(built: Synthesized, resourceType: string, parameters?: Record<string, string>) {
  return {
    ResourceType: resourceType,
    ResourceTags: { 'multi-az-ha-platform:drill-target': built.drills.targetTagValue },
    ...(parameters ? { Parameters: parameters } : {}),
    SelectionMode: 'ALL',
  };
}

/** The action that fails the Aurora cluster's writer over. */
const AURORA_FAILOVER = { ActionId: 'aws:rds:failover-db-cluster', Targets: { Clusters: 'Database' } };
/** The action that reboots the Multi-AZ DB instance with failover to its standby. */
const INSTANCE_FAILOVER = { ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' }, Targets: { DBInstances: 'Database' } };
/** The action that powers off the cache's nodes in a zone for the drill's 10 minutes. */
const CACHE_POWER_OFF = { ActionId: 'aws:elasticache:replicationgroup-interrupt-az-power', Parameters: { duration: 'PT10M' } };

function statement(built: Synthesized, sid: string): any {
  const found = roleStatements(built).find((s) => s.Sid === sid);
  expect(found).toBeDefined();
  return found;
}

describe('templates', () => {
  test('one template per scenario, with stable construct IDs, in the report\'s scenario ids', () => {
    const built = defaults();
    built.template.resourceCountIs(TEMPLATE, 5);
    expect(Object.keys(built.drills.templates)).toEqual(['zone-1-loss', 'zone-2-loss', 'app-server', 'database-primary', 'cache-primary']);
    expect(Object.values(built.drills.templates).map((t) => t.node.id)).toEqual([
      'Zone1PowerLoss', 'Zone2PowerLoss', 'AppServerLoss', 'DatabasePrimaryFailover', 'CachePrimaryFailover',
    ]);
    expect(built.drills.scenarios.map((s) => [s.id, s.title, s.predictedRecoverySeconds])).toEqual([
      ['zone-1-loss', 'Zone 1 power loss', 90],
      ['zone-2-loss', 'Zone 2 power loss', 95.4],
      ['app-server', 'App server loss', 20],
      ['database-primary', 'Database primary failover', 30],
      ['cache-primary', 'Cache primary failover', 25],
    ]);
    expect(built.drills.scenarios.map((s) => s.template)).toEqual(Object.values(built.drills.templates));
  });

  test('every template uses the drills\' role, a single account, and tags naming its scenario and platform', () => {
    const built = defaults();
    for (const scenario of built.drills.scenarios) {
      const props = templateOf(built, scenario.id);
      expect(props.RoleArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(built.drills.role), 'Arn'] });
      expect(props.ExperimentOptions.AccountTargeting).toBe('single-account');
      expect(props.Tags).toMatchObject({
        'Name': `${scenario.title} (TierStack)`,
        'multi-az-ha-platform:drill': scenario.id,
        'multi-az-ha-platform:drills': built.drills.targetTagValue,
      });
      expect(props.Description.length).toBeLessThanOrEqual(512);
    }
  });

  test('the zone drills skip targets that resolve to nothing (a writer outside the zone); the others fail', () => {
    const built = defaults();
    expect(['zone-1-loss', 'zone-2-loss', 'app-server', 'database-primary', 'cache-primary']
      .map((s) => templateOf(built, s).ExperimentOptions.EmptyTargetResolutionMode)).toEqual(['skip', 'skip', 'fail', 'fail', 'fail']);
  });
});

describe('zone power loss', () => {
  test.each([[1, 0], [2, 1]])('zone %i: stops that zone\'s app servers and workers, by group tag and placement, and restarts them', (_zoneNumber, zone) => {
    const built = defaults();
    const props = templateOf(built, zone === 0 ? 'zone-1-loss' : 'zone-2-loss');
    for (const [name, group] of [['AppServers', built.appServers[zone]], ['Workers', built.workers![zone]]] as const) {
      expect(props.Targets[name]).toEqual({
        ResourceType: 'aws:ec2:instance',
        ResourceTags: { 'aws:autoscaling:groupName': ref(group) },
        Filters: [
          { Path: 'State.Name', Values: ['running'] },
          { Path: 'Placement.AvailabilityZone', Values: [ZONES[zone]] },
        ],
        SelectionMode: 'ALL',
      });
      expect(props.Actions[`Stop-${name}`]).toMatchObject({
        ActionId: 'aws:ec2:stop-instances',
        Parameters: { startInstancesAfterDuration: 'PT10M', completeIfInstancesTerminated: 'true' },
        Targets: { Instances: name },
      });
    }
  });

  test.each([[1, 0], [2, 1]])('zone %i: blocks launches of that zone\'s groups in that zone only', (_zoneNumber, zone) => {
    const built = defaults();
    const props = templateOf(built, zone === 0 ? 'zone-1-loss' : 'zone-2-loss');
    for (const [name, group] of [['AppServers', built.appServers[zone]], ['Workers', built.workers![zone]]] as const) {
      expect(props.Targets[`${name}Group`]).toEqual({
        ResourceType: 'aws:ec2:autoscaling-group',
        ResourceTags: { 'aws:cloudformation:stack-name': { Ref: 'AWS::StackName' } },
        Filters: [{ Path: 'AutoScalingGroupName', Values: [ref(group)] }],
        SelectionMode: 'ALL',
      });
      expect(props.Actions[`Block-${name}-Launches`]).toEqual(expect.objectContaining({
        ActionId: 'aws:ec2:asg-insufficient-instance-capacity-error',
        Parameters: { availabilityZoneIdentifiers: ZONES[zone], duration: 'PT10M', percentage: '100' },
        Targets: { AutoScalingGroups: `${name}Group` },
      }));
    }
  });

  test.each([[1, 0], [2, 1]])('zone %i: cuts that zone\'s private and isolated subnets only, all traffic', (_zoneNumber, zone) => {
    const built = defaults();
    const props = templateOf(built, zone === 0 ? 'zone-1-loss' : 'zone-2-loss');
    const subnets = built.props.zones[zone].subnets;
    expect(subnets.map((s) => s.availabilityZone)).toEqual([ZONES[zone], ZONES[zone]]);
    expect(props.Targets.Subnets).toEqual({
      ResourceType: 'aws:ec2:subnet',
      ResourceArns: subnets.map((subnet) => subnetArnOf(built, subnet)),
      SelectionMode: 'ALL',
    });
    expect(props.Actions['Cut-Subnets']).toMatchObject({
      ActionId: 'aws:network:disrupt-connectivity',
      Parameters: { scope: 'all', duration: 'PT10M' },
      Targets: { Subnets: 'Subnets' },
    });
  });

  test.each([[1, 0], [2, 1]])('zone %i: fails the Aurora writer over only if it is in the zone, and powers off the zone\'s cache nodes', (_zoneNumber, zone) => {
    const built = defaults();
    const props = templateOf(built, zone === 0 ? 'zone-1-loss' : 'zone-2-loss');
    expect(props.Targets.Database).toEqual(taggedTarget(built, 'aws:rds:cluster', { writerAvailabilityZoneIdentifiers: ZONES[zone] }));
    expect(props.Actions['Fail-Over-Database']).toMatchObject(AURORA_FAILOVER);
    expect(props.Targets.Cache).toEqual(taggedTarget(built, 'aws:elasticache:replicationgroup', { availabilityZoneIdentifier: ZONES[zone] }));
    expect(props.Actions['Power-Off-Cache-Nodes']).toMatchObject({ ...CACHE_POWER_OFF, Targets: { ReplicationGroups: 'Cache' } });
  });

  test('each zone drill holds exactly its seven actions, all starting at once', () => {
    const props = templateOf(defaults(), 'zone-1-loss');
    expect(Object.keys(props.Actions).sort()).toEqual([
      'Block-AppServers-Launches', 'Block-Workers-Launches', 'Cut-Subnets', 'Fail-Over-Database', 'Power-Off-Cache-Nodes',
      'Stop-AppServers', 'Stop-Workers',
    ]);
    expect(Object.values(props.Actions).some((action: any) => action.StartAfter)).toBe(false);
  });

  test('the Multi-AZ DB instance reboots with failover, only if its primary is in the zone', () => {
    const built = multiAzInstance();
    const props = templateOf(built, 'zone-2-loss');
    expect(props.Targets.Database).toEqual(taggedTarget(built, 'aws:rds:db', { availabilityZoneIdentifiers: ZONES[1] }));
    expect(props.Actions['Fail-Over-Database']).toMatchObject(INSTANCE_FAILOVER);
  });

  test('the description says what the drill does, for how long, and the predicted recovery', () => {
    expect(templateOf(defaults(), 'zone-1-loss').Description).toBe(
      'Zone 1 power loss: zone 1 (eu-west-1a) stops its app servers and workers, cuts its subnets, fails the database ' +
      'and the cache over out of it and blocks launches there, for 10 minutes, after AWS FIS\'s AZ power interruption ' +
      'scenario. Expected recovery ~90 s (the platform report\'s prediction).');
  });
});

describe('app server loss', () => {
  test('terminates one running app server of either zone: the stack\'s instances holding the app servers\' security group', () => {
    const built = defaults();
    const props = templateOf(built, 'app-server');
    const securityGroup = built.appServers[0].connections.securityGroups[0];
    expect(props.Targets).toEqual({
      AppServers: {
        ResourceType: 'aws:ec2:instance',
        ResourceTags: { 'aws:cloudformation:stack-name': { Ref: 'AWS::StackName' } },
        Filters: [
          { Path: 'State.Name', Values: ['running'] },
          { Path: 'NetworkInterfaces.Groups.GroupId', Values: [{ 'Fn::GetAtt': [logicalIdOf(securityGroup), 'GroupId'] }] },
        ],
        SelectionMode: 'COUNT(1)',
      },
    });
    expect(props.Actions).toEqual({
      'Terminate-App-Server': {
        ActionId: 'aws:ec2:terminate-instances',
        Description: 'Terminate one app server',
        Targets: { Instances: 'AppServers' },
      },
    });
  });
});

describe('database primary failover', () => {
  test('Aurora: fails the writer over, the cluster found by the drills\' tag', () => {
    const built = defaults();
    const props = templateOf(built, 'database-primary');
    expect(props.Targets.Database).toEqual(taggedTarget(built, 'aws:rds:cluster'));
    expect(props.Actions['Fail-Over-Database']).toMatchObject(AURORA_FAILOVER);
  });

  test('Multi-AZ DB instance: reboots it with failover to the standby', () => {
    const built = multiAzInstance();
    const props = templateOf(built, 'database-primary');
    expect(props.Targets.Database.ResourceType).toBe('aws:rds:db');
    expect(props.Actions['Fail-Over-Database']).toMatchObject(INSTANCE_FAILOVER);
    expect(props.Description).toMatch(/^Database primary failover: reboots the Multi-AZ DB instance with failover to its standby/);
  });

  test('the drills tag the database they may fail over, and only its cluster or primary resource', () => {
    const tag = (built: Synthesized) => ({ Key: 'multi-az-ha-platform:drill-target', Value: built.drills.targetTagValue });
    defaults().template.hasResourceProperties('AWS::RDS::DBCluster', { Tags: Match.arrayWith([tag(defaults())]) });
    expect(JSON.stringify(defaults().template.findResources('AWS::RDS::DBInstance'))).not.toContain('drill-target');
    multiAzInstance().template.hasResourceProperties('AWS::RDS::DBInstance', { Tags: Match.arrayWith([tag(multiAzInstance())]) });
  });
});

describe('cache primary failover', () => {
  test('powers off the replication group\'s nodes in zone 1, where the primary is, for the duration', () => {
    const built = defaults();
    const props = templateOf(built, 'cache-primary');
    expect(props.Targets).toEqual({ Cache: taggedTarget(built, 'aws:elasticache:replicationgroup', { availabilityZoneIdentifier: ZONES[0] }) });
    expect(props.Actions['Power-Off-Zone-1-Cache-Nodes']).toMatchObject(CACHE_POWER_OFF);
    expect(props.Description).toMatch(/FIS has no other cache failover action/);
  });

  test('the drills tag the replication group (CloudFormation puts no stack tags on it)', () => {
    const built = defaults();
    built.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Tags: [{ Key: 'multi-az-ha-platform:drill-target', Value: built.drills.targetTagValue }],
    });
    expect(built.drills.targetTagValue).toMatch(/^TierStack-Drills-[0-9A-F]{8}$/);
  });
});

describe('stop conditions', () => {
  const alarmArns = (built: Synthesized, scenario: string) =>
    templateOf(built, scenario).StopConditions.map((c: any) => {
      expect(c.Source).toBe('aws:cloudwatch:alarm');
      return c.Value;
    });
  const arnOf = (built: Synthesized, alarm: cloudwatch.IAlarm) => built.stack.resolve(alarm.alarmArn);

  test('a zone drill stops on the other zone\'s alarms and the platform\'s, never on its own zone\'s', () => {
    const built = defaults();
    const a = built.alarms;
    expect(alarmArns(built, 'zone-1-loss')).toEqual([a.zone2Down, a.zone2HighErrorRate, a.searchClusterRed].map((x) => arnOf(built, x)));
    expect(alarmArns(built, 'zone-2-loss')).toEqual([a.zone1Down, a.zone1HighErrorRate, a.searchClusterRed].map((x) => arnOf(built, x)));
    expect(alarmArns(built, 'zone-1-loss')).not.toContainEqual(arnOf(built, a.zone1Down));
    expect(alarmArns(built, 'zone-2-loss')).not.toContainEqual(arnOf(built, a.zone2Down));
  });

  test.each(['app-server', 'database-primary', 'cache-primary'])('%s stops on both zones\' alarms and the platform\'s', (scenario) => {
    const built = defaults();
    const a = built.alarms;
    expect(alarmArns(built, scenario)).toEqual(
      [a.zone1Down, a.zone1HighErrorRate, a.zone2Down, a.zone2HighErrorRate, a.searchClusterRed].map((x) => arnOf(built, x)));
  });

  test('without alarms, every template has the `none` stop condition, and a warning says so', () => {
    const built = bare();
    for (const scenario of Object.keys(built.drills.templates)) {
      expect(templateOf(built, scenario).StopConditions).toEqual([{ Source: 'none' }]);
    }
    Annotations.fromStack(built.stack).hasWarning('/TierStack/Drills', Match.stringLikeRegexp('no alarm to stop on'));
  });

  test('fails when the platform alarms would take a template past 5 stop conditions', () => {
    const built = drillsFixture();
    const extra = new cloudwatch.Alarm(built.stack, 'Extra', {
      metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Extra' }), threshold: 1, evaluationPeriods: 1,
    });
    expect(() => new PlatformDrills(built.stack, 'Drills', { ...built.props, platformAlarms: [built.alarms.searchClusterRed, extra] }))
      .toThrow(/^`platformAlarms` must hold at most 1 alarm \(AWS FIS allows 5 stop conditions per experiment template, .*\), got 2$/);
  });
});

describe('role', () => {
  test('only AWS FIS experiments of this account and region assume it', () => {
    const built = defaults();
    built.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [serviceTrustStatement('fis', 'experiment/*')] },
    });
  });

  /** Actions that may stand on `*`: reads and the log delivery (no resource-level permissions), nothing destructive. */
  const ALLOWED_ON_ANY_RESOURCE = /^(ec2:Describe\w+|autoscaling:Describe\w+|rds:Describe\w+|elasticache:Describe\w+|tag:GetResources|logs:CreateLogDelivery|logs:DescribeResourcePolicies)$/;

  test.each([['Aurora', defaults], ['Multi-AZ DB instance', multiAzInstance], ['no stores', bare]])(
    '%s: no destructive action on `*`; ec2:InjectApiError only with its FIS conditions', (_name, make) => {
      const built = make();
      for (const s of roleStatements(built)) {
        const resources = [s.Resource].flat();
        const actions = [s.Action].flat();
        expect(actions.every((a: string) => !a.includes('*'))).toBe(true);
        if (!resources.includes('*')) {
          continue;
        }
        for (const action of actions) {
          if (action === 'ec2:InjectApiError') {
            expect(s.Condition.StringEquals['ec2:FisActionId']).toEqual(['aws:ec2:asg-insufficient-instance-capacity-error']);
            expect(s.Condition['ForAllValues:ArnLike']['ec2:FisTargetArns']).toHaveLength(built.workers ? 4 : 2);
          } else {
            expect(action).toMatch(ALLOWED_ON_ANY_RESOURCE);
          }
        }
      }
    });

  test('stops, starts and terminates only instances of the platform\'s groups (terminates only app servers)', () => {
    const built = defaults();
    const names = (groups: autoscaling.AutoScalingGroup[]) => groups.map(ref);
    expect(statement(built, 'StopAndStartPlatformInstances')).toMatchObject({
      Action: ['ec2:StopInstances', 'ec2:StartInstances'],
      Condition: { StringEquals: { 'ec2:ResourceTag/aws:autoscaling:groupName': names([...built.appServers, ...built.workers!]) } },
    });
    expect(statement(built, 'TerminateAppServers')).toMatchObject({
      Action: 'ec2:TerminateInstances',
      Condition: { StringEquals: { 'ec2:ResourceTag/aws:autoscaling:groupName': names(built.appServers) } },
    });
  });

  test('swaps network ACLs of the zones\' subnets only, and creates, fills and deletes only FIS\'s ACLs in the platform VPC', () => {
    const built = defaults();
    const subnets = built.props.zones.flatMap((zone) => zone.subnets).map((subnet) => subnetArnOf(built, subnet));
    expect(statement(built, 'SwapNetworkAclOfZoneSubnets').Resource).toEqual([...subnets, expect.anything()]);
    const vpc = built.stack.resolve(built.stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: built.network.vpc.vpcId }));
    expect(statement(built, 'CreateFisNetworkAclInPlatformVpc').Resource).toEqual(vpc);
    expect(statement(built, 'CreateFisNetworkAcl').Condition).toEqual({ StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } });
    expect(statement(built, 'ChangeFisNetworkAcl')).toMatchObject({
      Action: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
      Condition: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
    });
  });

  test('fails over, reboots and interrupts only the given database and cache, by ARN', () => {
    const built = defaults();
    expect(statement(built, 'FailOverPlatformDatabase').Resource).toEqual(built.stack.resolve(built.cluster!.clusterArn));
    expect(statement(built, 'InterruptPlatformCache')).toMatchObject({
      Action: 'elasticache:InterruptClusterAzPower',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:123456789012:replicationgroup:', ref(built.cache!)]] },
    });
    expect(statement(multiAzInstance(), 'RebootPlatformDatabase').Resource)
      .toEqual(multiAzInstance().stack.resolve(multiAzInstance().instance!.instanceArn));
  });

  test('cannot write CloudWatch Logs resource policies', () => {
    const actions = roleStatements(defaults()).flatMap((s) => [s.Action].flat());
    expect(actions).toContain('logs:CreateLogDelivery');
    expect(actions).not.toContain('logs:PutResourcePolicy');
  });
});

describe('logs', () => {
  test('every template logs to the drills\' KMS-encrypted log group, log schema version 2', () => {
    const built = defaults();
    for (const scenario of Object.keys(built.drills.templates)) {
      expect(templateOf(built, scenario).LogConfiguration).toEqual({
        LogSchemaVersion: 2,
        CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [logicalIdOf(built.drills.logGroup), 'Arn'] } },
      });
    }
    built.template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(built.drills.logKey), 'Arn'] },
      RetentionInDays: 365,
    });
    built.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('drills') });
  });

  test('the log group and its key are kept on delete, and removed when a first create rolls back; their IDs are pinned', () => {
    const built = defaults();
    for (const construct of [built.drills.logGroup, built.drills.logKey]) {
      expect(built.template.toJSON().Resources[logicalIdOf(construct)]).toMatchObject({
        DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain',
      });
    }
    expect([logicalIdOf(built.drills.logGroup), logicalIdOf(built.drills.logKey)]).toEqual(['DrillsLogGroupF817B743', 'DrillsLogKeyAB97F040']);
  });

  test('declares the log delivery statement for this log group only, in a policy of its own', () => {
    const built = defaults();
    built.template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const policy = built.stack.resolve(built.drills.logsResourcePolicy.document.toJSON());
    expect(policy.Statement).toEqual([expect.objectContaining({
      Sid: 'FisExperimentLogDelivery',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:', ref(built.drills.logGroup), ':log-stream:*']] },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:*']] } },
      },
    })]);
  });

  test('adds its statement to a shared policy when given one, and creates none', () => {
    const built = cached('shared', { sharedLogsPolicy: true });
    built.template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    expect(built.drills.logsResourcePolicy).toBe(built.sharedPolicy);
    expect(JSON.stringify(built.stack.resolve(built.sharedPolicy!.document.toJSON()))).toContain('FisExperimentLogDelivery');
  });

  test('log retention can be changed', () => {
    cached('retention', { drills: { logRetention: logs.RetentionDays.THREE_MONTHS } })
      .template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});

describe('duration', () => {
  test('defaults to 10 minutes', () => {
    expect(defaults().drills.duration.toMinutes()).toBe(10);
  });

  test('applies to every timed action', () => {
    const built = cached('duration', { drills: { duration: Duration.seconds(90) } });
    const zone = templateOf(built, 'zone-1-loss');
    expect(zone.Actions['Stop-AppServers'].Parameters.startInstancesAfterDuration).toBe('PT1M30S');
    for (const action of ['Block-AppServers-Launches', 'Cut-Subnets', 'Power-Off-Cache-Nodes']) {
      expect(zone.Actions[action].Parameters.duration).toBe('PT1M30S');
    }
    expect(templateOf(built, 'cache-primary').Actions['Power-Off-Zone-1-Cache-Nodes'].Parameters.duration).toBe('PT1M30S');
    expect(zone.Description).toContain('for 1 minute 30 seconds');
  });

  test.each([
    [Duration.seconds(59), /^`duration` must be between 1 minute and 12 hours \(the limits of an AWS FIS action\), got 59 seconds$/],
    [Duration.hours(13), /^`duration` must be between 1 minute and 12 hours .*, got 13 hours$/],
    [Duration.millis(90500), /^`duration` must be a whole number of seconds .*, got 'PT1M30\.5S'$/],
    [600 as unknown as Duration, /^`duration` must be a Duration, such as Duration\.minutes\(5\), got 600$/],
  ])('fails when the duration is %s, naming the drills\' own prop', (duration, message) => {
    const built = drillsFixture();
    const caught = errorOf(() => {
      new PlatformDrills(built.stack, 'Drills', { ...built.props, duration });
    });
    expect(String((caught as Error).message)).toMatch(message);
    expect(PlatformErrors.propPathOf(caught)).toBe('duration');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TierStack/Drills');
  });

  test('under the platform, the same rule names the platform\'s prop', () => {
    const caught = errorOf(() => buildPlatform({ drills: { duration: Duration.seconds(59) } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('drills.duration');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform/Drills');
    expect((caught as Error).message).toBe(
      '`drills.duration` must be between 1 minute and 12 hours (the limits of an AWS FIS action), got 59 seconds');
  });

  test('12 hours and 1 minute are accepted', () => {
    for (const duration of [Duration.hours(12), Duration.minutes(1)]) {
      const built = drillsFixture();
      expect(new PlatformDrills(built.stack, 'Drills', { ...built.props, duration }).duration).toBe(duration);
    }
  });
});

describe('predicted recovery', () => {
  test('goes into each template\'s description and tag, rounded to seconds', () => {
    const built = defaults();
    const zone2 = templateOf(built, 'zone-2-loss');
    expect(zone2.Description).toMatch(/Expected recovery ~95 s \(the platform report's prediction\)\.$/);
    expect(zone2.Tags['multi-az-ha-platform:predicted-recovery-seconds']).toBe('95');
    expect(templateOf(built, 'app-server').Tags['multi-az-ha-platform:predicted-recovery-seconds']).toBe('20');
  });

  test('without one, the description says so and there is no tag', () => {
    const props = templateOf(multiAzInstance(), 'app-server');
    expect(props.Description).toBe('App server loss: terminates one running app server, chosen at random in either zone; ' +
      'Auto Scaling replaces it. No recovery time was predicted for it.');
    expect(props.Tags['multi-az-ha-platform:predicted-recovery-seconds']).toBeUndefined();
  });

  test('can be given after construction, for example by an aspect computing it from the synthesized resources', () => {
    const built = drillsFixture({ database: 'none' });
    const drills = new PlatformDrills(built.stack, 'Drills', built.props);
    drills.predictRecovery('zone-1-loss', 64.6);
    drills.predictRecovery('cache-primary', 27);
    drills.predictRecovery('database-primary', 30);
    const props = Template.fromStack(built.stack).toJSON().Resources[logicalIdOf(drills.templates['zone-1-loss'])].Properties;
    expect(props.Description).toMatch(/Expected recovery ~65 s \(the platform report's prediction\)\.$/);
    expect(props.Tags['multi-az-ha-platform:predicted-recovery-seconds']).toBe('65');
    expect(drills.scenarios.map((s) => [s.id, s.predictedRecoverySeconds])).toEqual([
      ['zone-1-loss', 64.6], ['zone-2-loss', undefined], ['app-server', undefined], ['cache-primary', 27],
    ]);
  });

  test('fails when a later prediction names an unknown scenario or is negative', () => {
    const drills = defaults().drills;
    expect(() => drills.predictRecovery('zone-3-loss', 10))
      .toThrow(/^`scenario` must be one of zone-1-loss, zone-2-loss, app-server, database-primary, cache-primary, got 'zone-3-loss'$/);
    expect(() => drills.predictRecovery('app-server', -5)).toThrow(/^`predictRecovery\(app-server\)` must be a number of seconds, 0 or more, got -5$/);
    expect(PlatformErrors.constructPathOf(errorOf(() => drills.predictRecovery('zone-3-loss', 10)))).toBe(drills.node.path);
    expect(PlatformErrors.constructPathOf(errorOf(() => drills.predictRecovery('app-server', -5)))).toBe(drills.node.path);
  });

  test.each([-1, Number.NaN, Infinity])('fails when a prediction is %p', (seconds) => {
    const built = drillsFixture();
    expect(() => new PlatformDrills(built.stack, 'Drills', { ...built.props, predictedRecoverySeconds: { cachePrimary: seconds } }))
      .toThrow(new RegExp(`^\`predictedRecoverySeconds.cachePrimary\` must be a number of seconds, 0 or more, got ${seconds}$`));
  });
});

describe('opt-outs', () => {
  test('no workers, no cache, no database: the zone drills stop the app servers and cut the subnets only', () => {
    const built = bare();
    expect(Object.keys(built.drills.templates)).toEqual(['zone-1-loss', 'zone-2-loss', 'app-server']);
    const zone = templateOf(built, 'zone-1-loss');
    expect(Object.keys(zone.Targets).sort()).toEqual(['AppServers', 'AppServersGroup', 'Subnets']);
    expect(Object.keys(zone.Actions).sort()).toEqual(['Block-AppServers-Launches', 'Cut-Subnets', 'Stop-AppServers']);
    expect(zone.Description).toMatch(/^Zone 1 power loss: zone 1 \(eu-west-1a\) stops its app servers, cuts its subnets and blocks launches there,/);
  });

  test('no workers, no cache, no database: the role holds nothing for them, and nothing is tagged', () => {
    const built = bare();
    const sids = roleStatements(built).map((s) => s.Sid);
    expect(sids).not.toEqual(expect.arrayContaining(['FailOverPlatformDatabase']));
    expect(sids.filter((sid) => /Database|Cache/.test(sid))).toEqual([]);
    expect(JSON.stringify(roleStatements(built))).not.toMatch(/rds:|elasticache:/);
    expect(statement(built, 'StopAndStartPlatformInstances').Condition.StringEquals['ec2:ResourceTag/aws:autoscaling:groupName'])
      .toEqual(built.appServers.map(ref));
  });

  test('no cache: no cache drill, and the zone drills leave the cache alone', () => {
    const built = cached('no-cache', { cache: false });
    expect(built.drills.templates['cache-primary']).toBeUndefined();
    expect(templateOf(built, 'zone-1-loss').Targets.Cache).toBeUndefined();
    expect(templateOf(built, 'zone-1-loss').Targets.Database).toBeDefined();
  });
});

describe('bad input', () => {
  const build = (change: (props: PlatformDrillsProps, built: Fixture) => PlatformDrillsProps) => {
    const built = drillsFixture({ database: 'instance' });
    return () => new PlatformDrills(built.stack, 'Drills', change(built.props, built));
  };

  test('fails when not exactly 2 zones are given', () => {
    expect(build((props) => ({ ...props, zones: [props.zones[0]] })))
      .toThrow(/^`zones` must list the 2 serving zones of the platform, zone 1 first, got \["eu-west-1a"\]$/);
  });

  test('fails when both zones are the same', () => {
    expect(build((props) => ({ ...props, zones: [props.zones[0], props.zones[0]] })))
      .toThrow(/^`zones` must list 2 different zones, got \["eu-west-1a","eu-west-1a"\]$/);
  });

  test('fails when a zone\'s subnets include another zone\'s subnet', () => {
    const withZone2Subnet = (props: PlatformDrillsProps) => [...props.zones[0].subnets, props.zones[1].subnets[0]];
    expect(build((props) => ({ ...props, zones: [{ ...props.zones[0], subnets: withZone2Subnet(props) }, props.zones[1]] })))
      .toThrow(/^`zones\[0\].subnets` must all be in zone 1 \(eu-west-1a\): the zone drill cuts them, got '.* in eu-west-1b'$/);
  });

  test('fails when a zone has no subnet', () => {
    expect(build((props) => ({ ...props, zones: [{ ...props.zones[0], subnets: [] }, props.zones[1]] })))
      .toThrow(/^`zones\[0\].subnets` must list the zone's subnets to cut/);
  });

  test('fails when both an Aurora cluster and a DB instance are given', () => {
    const built = drillsFixture();
    const instance = new rds.DatabaseInstance(built.stack, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('18', '18') }),
      vpc: built.network.vpc,
      vpcSubnets: built.network.isolatedSubnets,
    });
    expect(() => new PlatformDrills(built.stack, 'Drills', { ...built.props, databaseInstance: instance }))
      .toThrow(/^`databaseInstance` must be left out when `databaseCluster` is given \(the platform has one database\), got 'TierStack\/Postgres'$/);
  });

  test('fails when the zones\' app server groups are in different stacks', () => {
    const built = drillsFixture();
    const other = new Stack(built.app, 'OtherStack', { env: TEST_ENV });
    const vpc = ec2.Vpc.fromLookup(other, 'Vpc', { vpcId: 'vpc-12345678' });
    const group = new autoscaling.AutoScalingGroup(other, 'Group', {
      vpc,
      launchTemplate: new ec2.LaunchTemplate(other, 'Template', {
        instanceType: new ec2.InstanceType('c7g.large'),
        machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
        securityGroup: new ec2.SecurityGroup(other, 'SecurityGroup', { vpc }),
      }),
    });
    expect(() => new PlatformDrills(built.stack, 'Drills', { ...built.props, zones: [built.props.zones[0], { ...built.props.zones[1], appServers: group }] }))
      .toThrow(/^`zones\[1\].appServers` must be in the same stack as `zones\[0\].appServers`, got 'OtherStack\/Group'$/);
  });

  test('fails when zone alarms are not given for both zones', () => {
    expect(build((props) => ({ ...props, zoneAlarms: [props.zoneAlarms![0]] })))
      .toThrow(/^`zoneAlarms` must list the alarms of the 2 zones, zone 1 first, got 1$/);
  });

  test('warns when a zone has more subnets than AWS FIS cuts by default', () => {
    const built = drillsFixture();
    const extra = [0, 1, 2, 3].map((i) => ec2.Subnet.fromSubnetAttributes(built.stack, `Extra${i}`, { subnetId: `subnet-0000000${i}`, availabilityZone: ZONES[0] }));
    const drills = new PlatformDrills(built.stack, 'Drills', {
      ...built.props, zones: [{ ...built.props.zones[0], subnets: [...built.props.zones[0].subnets, ...extra] }, built.props.zones[1]],
    });
    Annotations.fromStack(built.stack).hasWarning(`/${drills.node.path}`, Match.stringLikeRegexp('cuts 6 subnets: AWS FIS cuts at most 5'));
  });
});

/** The findings of a validation run that concern the drills: the fixture's own resources are not under test. */
function drillFindings(findings: Array<{ rule: string; paths: string[] }>): string[] {
  return findings.flatMap((f) => f.paths.filter((path) => path.startsWith('TierStack/Drills/')).map((path) => `${f.rule} ${path}`));
}

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over the drills (fixed and environment-agnostic; on Aurora and on a
// Multi-AZ DB instance), with every other tier's checks, in one synth each.
describe('cdk-nag AwsSolutions', () => {
  test('the wildcards of the role\'s policy are acknowledged one by one, with reasons', () => {
    const built = defaults();
    const rules = acknowledgedRules(built.drills.role.node.findChild('DefaultPolicy'));
    expect(Object.keys(rules)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:eu-west-1:123456789012:instance/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:eu-west-1:123456789012:network-acl/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:eu-west-1:123456789012:key/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:*]',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'HIPAA.Security-IAMNoInlinePolicy',
      'PCI.DSS.321-IAMNoInlinePolicy',
    ]);
    expect(rules['AwsSolutions-IAM5[Resource::*]']).toMatch(/none has resource-level permissions/);
  });
});

describe('cdk-nag compliance packs', () => {
  test.each([
    ['NIST 800-53 rev 5', (app: App) => new NIST80053R5Checks(app)],
    ['HIPAA Security', (app: App) => new HIPAASecurityChecks(app)],
    ['PCI DSS 3.2.1', (app: App) => new PCIDSS321Checks(app)],
  ])('%s: no unacknowledged finding on the drills', (_name, pack) => {
    const { findings, plugins } = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      drillsApp(app);
      Validations.of(app).addPlugins(pack(app));
      return app;
    });
    expect(plugins).toHaveLength(1);
    expect(drillFindings(findings)).toEqual([]);
  });
});
