import { App, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { PlatformErrors } from '../../lib';
import { BrokerNodeAggregate, MessagingTier, MessagingTierOptions } from '../../lib/messaging/messaging-tier';
import { acknowledgedRules } from '../support/acknowledgements';
import { deployedIn, stackIdsOf } from '../support/deployed';
import { errorOf, expectConfigurationError } from '../support/errors';
import { buildPlatform, getAtt, logicalIdOf, once, ref, TEST_ENV, withTemplate } from '../support/fixtures';
import {
  expectCrossStackSecretRead, expectDecryptsThroughSecretsManager, expectOneKeyEncryptsOneSecret, expectReadsOnlySecret,
} from '../support/grant-assertions';
import { expectMetricMethod } from '../support/metric-assertions';
import { addMessaging, messagingTierStackIn } from '../support/tier-apps';
import { expectKeptExceptOnFailedCreate, newTierStack } from '../support/tier-fixtures';

const BROKER = 'AWS::AmazonMQ::Broker';

/** A VPC over three named zones (public and isolated subnets in each), for selections the platform's network never makes. */
function threeZoneStack() {
  const stack = new Stack(new App(), 'ThreeZones', { env: TEST_ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  return { stack, vpc };
}

function buildMessaging(options: MessagingTierOptions = {}) {
  const fixture = newTierStack();
  return { ...fixture, tier: addMessaging(fixture, options) };
}

function synthMessaging(options: MessagingTierOptions = {}, extra?: (built: ReturnType<typeof buildMessaging>) => void) {
  const built = buildMessaging(options);
  extra?.(built);
  return withTemplate(built);
}

/** The default messaging tier, synthesized once for the file. */
const defaultMessaging = once(() => synthMessaging());

/** A Graviton broker with its own maintenance window and the management console opened, synthesized once. */
const customMessaging = once(() => synthMessaging(
  { hostInstanceType: 'mq.m7g.xlarge', maintenanceWindowStart: { dayOfWeek: 'wednesday', timeOfDay: '22:15' } },
  ({ tier, appSecurityGroup }) => tier.allowManagementConsoleFrom(appSecurityGroup),
));

const { created: STACK_ID, recreated: RECREATED_STACK_ID } = stackIdsOf('TierStack');
const deployed = (value: any, stackId = STACK_ID): any => deployedIn(value, stackId);

function dynamicReference(secret: IConstruct, key: string) {
  return { 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref(secret), `:SecretString:${key}::}}`]] };
}

describe('broker', () => {
  test('a private RabbitMQ cluster of 3 nodes, mq.m7g.large, RabbitMQ 4.2 (quorum queues by default), minor upgrades on', () => {
    const { template, tier, stack } = defaultMessaging();
    template.resourceCountIs(BROKER, 1);
    template.hasResourceProperties(BROKER, {
      BrokerName: stack.resolve(tier.brokerName),
      EngineType: 'RABBITMQ',
      DeploymentMode: 'CLUSTER_MULTI_AZ',
      HostInstanceType: 'mq.m7g.large',
      EngineVersion: '4.2',
      AutoMinorVersionUpgrade: true,
      PubliclyAccessible: false,
    });
    expect([tier.engineVersion, tier.port]).toEqual(['4.2', 5671]);
  });

  test('hostInstanceType overrides the default; another mq.m7g type also gets RabbitMQ 4.2', () => {
    const { template, tier } = customMessaging();
    template.hasResourceProperties(BROKER, { HostInstanceType: 'mq.m7g.xlarge', EngineVersion: '4.2', AutoMinorVersionUpgrade: true });
    expect(tier.engineVersion).toBe('4.2');
  });

  test('an mq.m5 instance type gets RabbitMQ 3.13, the newest version Amazon MQ runs on it', () => {
    const { template, tier } = synthMessaging({ hostInstanceType: 'mq.m5.large' });
    template.hasResourceProperties(BROKER, { HostInstanceType: 'mq.m5.large', EngineVersion: '3.13', AutoMinorVersionUpgrade: true });
    expect(tier.engineVersion).toBe('3.13');
  });

  test('engineVersion overrides the default', () => {
    const { template } = synthMessaging({ hostInstanceType: 'mq.m7g.large', engineVersion: '3.13' });
    template.hasResourceProperties(BROKER, { HostInstanceType: 'mq.m7g.large', EngineVersion: '3.13' });
  });

  test('storage is encrypted with the AWS owned key Amazon MQ uses for RabbitMQ (no key option to set)', () => {
    defaultMessaging().template.hasResourceProperties(BROKER, { EncryptionOptions: Match.absent() });
  });

  test('the broker is kept when the stack is deleted or the broker replaced, deleted when the first deployment rolls back; pinned logical IDs', () => {
    const { template, tier } = defaultMessaging();
    template.hasResource(BROKER, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    expect(logicalIdOf(tier.broker)).toBe('MessagingBroker28A57FDE');
    expect(logicalIdOf(tier.adminSecret)).toBe('MessagingAdminSecret42339C90');
  });

  test('the broker name is fixed across updates and new each time the stack is created, so a kept broker does not block a new stack', () => {
    const { stack, tier } = defaultMessaging();
    // Unique per account and Region (stack name + construct path + creation), within Amazon MQ's 50 characters.
    expect(deployed(stack.resolve(tier.brokerName))).toBe('TierStack-Messaging-26D6C075-1c2fa620');
    expect(deployed(stack.resolve(tier.brokerName), RECREATED_STACK_ID)).toBe('TierStack-Messaging-26D6C075-7d9e3b40');
  });

  test('a long stack name still gives a broker name Amazon MQ accepts (at most 50 letters, digits and dashes)', () => {
    const fixture = messagingTierStackIn(new App(), TEST_ENV, `Platform${'Production'.repeat(8)}`);
    const name = deployed(fixture.stack.resolve(addMessaging(fixture).brokerName));
    expect(name).toMatch(/^[A-Za-z0-9-]{1,50}$/);
    expect(name).toMatch(/^PlatformProduct[A-Za-z0-9-]*-1c2fa620$/);
  });

  test('no resource of the tier is left behind by a failed first deployment (DeletionPolicy Retain)', () => {
    const { template, tier } = defaultMessaging();
    expectKeptExceptOnFailedCreate(template, [tier.broker, tier.adminSecret, tier.key], 'Messaging');
  });
});

describe('credentials', () => {
  test('the admin user comes from a generated secret, and reaches CloudFormation as dynamic references only', () => {
    const { template, tier } = defaultMessaging();
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({
        GenerateSecretString: {
          SecretStringTemplate: '{"username":"platform-admin"}',
          GenerateStringKey: 'password',
          PasswordLength: 32,
          ExcludePunctuation: true,
          RequireEachIncludedType: true,
        },
      }),
    });
    template.hasResourceProperties(BROKER, {
      Users: [{
        Username: dynamicReference(tier.adminSecret, 'username'),
        Password: dynamicReference(tier.adminSecret, 'password'),
      }],
    });
  });

  test('the admin secret is encrypted with the tier\'s own rotating key, kept like the secret; the grantee may use it through Secrets Manager only', () => {
    const { template, tier, workerRole } = defaultMessaging();
    expectOneKeyEncryptsOneSecret(template, 'Messaging', tier.key, tier.adminSecret);
    const key = template.findResources('AWS::KMS::Key')[logicalIdOf(tier.key)];
    expect(key).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expectDecryptsThroughSecretsManager(template, tier.key, workerRole);
  });

  test('grantReadCredentials lets a principal read that secret and nothing else', () => {
    const { template, tier, workerRole } = defaultMessaging();
    expectReadsOnlySecret(template, workerRole, tier.adminSecret);
  });

  test('grantReadCredentials to a role in another stack of the app: that role\'s policy, no dependency cycle', () => {
    const { stack, tier } = buildMessaging();
    expectCrossStackSecretRead(stack, (role) => tier.grantReadCredentials(role), tier.adminSecret, tier.key);
  });
});

describe('network', () => {
  test('the endpoint sits in the isolated subnets of zone 1, zone 2 and the quorum zone, behind the tier\'s security group', () => {
    const { template, tier, network } = defaultMessaging();
    const subnets = network.quorumSubnets.subnets!;
    expect(subnets.map((s) => s.availabilityZone)).toEqual(network.quorumZones);
    expect(tier.subnets).toEqual(subnets);
    expect(new Set(network.quorumZones).size).toBe(3);
    template.hasResourceProperties(BROKER, {
      SubnetIds: subnets.map((s) => ref(s)),
      SecurityGroups: [getAtt(tier.securityGroup, 'GroupId')],
    });
  });

  test('without a quorum zone, the isolated subnets of the two serving zones', () => {
    const fixture = messagingTierStackIn(new App(), TEST_ENV, 'TierStack', { quorumZoneEnabled: false });
    const tier = addMessaging(fixture);
    const subnets = fixture.network.quorumSubnets.subnets!;
    expect(subnets).toEqual(fixture.network.isolatedSubnets.subnets);
    expect(tier.subnets).toEqual(subnets);
    Template.fromStack(fixture.stack).hasResourceProperties(BROKER, { SubnetIds: subnets.map((s) => ref(s)) });
    expect(subnets).toHaveLength(2);
  });

  test('any three subnets in three zones are accepted', () => {
    const { stack, vpc } = threeZoneStack();
    const tier = new MessagingTier(stack, 'Messaging', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    Template.fromStack(stack).hasResourceProperties(BROKER, {
      SubnetIds: vpc.isolatedSubnets.map((s) => ref(s)),
    });
    expect(tier.node.tryFindChild('Broker')).toBe(tier.broker);
    expect(vpc.isolatedSubnets.map((s) => s.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('subnets whose zones are only known at deploy time (environment-agnostic stack) are not checked at synth', () => {
    const fixture = messagingTierStackIn(new App(), {});
    expect(fixture.network.quorumSubnets.subnets!.every((s) => Token.isUnresolved(s.availabilityZone))).toBe(true);
    expect(() => addMessaging(fixture)).not.toThrow();
  });

  test('nothing goes out; only AMQPS (5671) comes in, from the peers the platform allows', () => {
    const { template, tier, appSecurityGroup } = defaultMessaging();
    const sg = template.toJSON().Resources[logicalIdOf(tier.securityGroup)];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    expect(ingressOf(template, tier)).toEqual([expect.objectContaining({
      IpProtocol: 'tcp', FromPort: 5671, ToPort: 5671, SourceSecurityGroupId: getAtt(appSecurityGroup, 'GroupId'),
    })]);
  });

  test('allowManagementConsoleFrom opens HTTPS (443) to that peer only', () => {
    const { template, tier, appSecurityGroup } = customMessaging();
    const source = getAtt(appSecurityGroup, 'GroupId');
    expect(ingressOf(template, tier)).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 5671, ToPort: 5671, SourceSecurityGroupId: source }),
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: source }),
    ]);
  });

  test('the tier is connectable: its default port is AMQPS', () => {
    const { tier } = defaultMessaging();
    expect(tier.connections.defaultPort?.toString()).toBe('5671');
    expect(tier.connections.securityGroups).toEqual([tier.securityGroup]);
  });
});

/** The ingress rules of the tier's security group, sorted by port (AMQPS first). */
function ingressOf(template: Template, tier: MessagingTier): any[] {
  return Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(logicalIdOf(tier.securityGroup)))
    .map((r: any) => r.Properties)
    .sort((a, b) => b.FromPort - a.FromPort);
}

describe('logs and maintenance', () => {
  test('general logs on (RabbitMQ has no audit log); maintenance starts Sunday 04:00 UTC by default', () => {
    defaultMessaging().template.hasResourceProperties(BROKER, {
      Logs: { General: true },
      MaintenanceWindowStartTime: { DayOfWeek: 'SUNDAY', TimeOfDay: '04:00', TimeZone: 'UTC' },
    });
  });

  test('maintenanceWindowStart overrides the window (the day in any case)', () => {
    customMessaging().template.hasResourceProperties(BROKER, {
      MaintenanceWindowStartTime: { DayOfWeek: 'WEDNESDAY', TimeOfDay: '22:15', TimeZone: 'UTC' },
    });
  });
});

describe('endpoints and metrics', () => {
  test('AMQPS endpoints, ARN and ID are the broker\'s attributes', () => {
    const { stack, tier } = defaultMessaging();
    expect(stack.resolve(tier.amqpEndpoints)).toEqual(getAtt(tier.broker, 'AmqpEndpoints'));
    expect(stack.resolve(tier.brokerArn)).toEqual(getAtt(tier.broker, 'Arn'));
    expect(stack.resolve(tier.brokerId)).toEqual(getAtt(tier.broker, 'Id'));
  });

  // Amazon MQ Developer Guide, "Memory and disk alarms": mq.m7g absolute watermarks, 2 GiB free disk per cluster node;
  // mq.m5 0.4 of the instance's memory, free disk by size.
  test.each([
    ['mq.m7g.large (the default)', {}, 4.3, 2],
    ['mq.m7g.4xlarge', { hostInstanceType: 'mq.m7g.4xlarge' }, 39.4, 2],
    ['mq.m5.large', { hostInstanceType: 'mq.m5.large' }, 0.4 * 8, 12],
    ['mq.m5.2xlarge', { hostInstanceType: 'mq.m5.2xlarge' }, 0.4 * 32, 36],
  ] as Array<[string, MessagingTierOptions, number, number]>)('each node\'s memory and free disk limits for %s', (_type, options, memoryGiB, diskGiB) => {
    const { tier } = buildMessaging(options);
    expect([tier.nodeMemoryLimitBytes, tier.nodeDiskFreeLimitBytes]).toEqual([Math.round(memoryGiB * 1024 ** 3), diskGiB * 1024 ** 3]);
  });

  test.each([
    ['not in Amazon MQ\'s table', 'mq.m8g.large'],
    ['not known at synth', Token.asString({ Ref: 'BrokerType' })],
  ])('no per-node limits for an instance type %s', (_why, hostInstanceType) => {
    const { tier } = buildMessaging({ hostInstanceType });
    expect([tier.nodeMemoryLimitBytes, tier.nodeDiskFreeLimitBytes]).toEqual([undefined, undefined]);
  });

  test('the tier says its deployment mode: three nodes over three zones', () => {
    const { stack, tier } = defaultMessaging();
    expect(tier.deploymentMode).toBe('CLUSTER_MULTI_AZ');
    expect([tier.engineType, tier.nodeCount]).toEqual(['RABBITMQ', 3]);
    Template.fromStack(stack).hasResourceProperties(BROKER, { DeploymentMode: tier.deploymentMode });
  });

  test.each([
    ['metricMessageCount', 'MessageCount', cloudwatch.Stats.MAXIMUM],
    ['metricMessageReadyCount', 'MessageReadyCount', cloudwatch.Stats.MAXIMUM],
    ['metricPublishRate', 'PublishRate', cloudwatch.Stats.AVERAGE],
    ['metricAckRate', 'AckRate', cloudwatch.Stats.AVERAGE],
    ['metricConsumerCount', 'ConsumerCount', cloudwatch.Stats.MINIMUM],
    ['metricConnectionCount', 'ConnectionCount', cloudwatch.Stats.MAXIMUM],
    ['metricCpuUtilization', 'SystemCpuUtilization', cloudwatch.Stats.AVERAGE],
    ['metricMemoryUsedBytes', 'RabbitMQMemUsed', cloudwatch.Stats.MAXIMUM],
    ['metricMemoryLimitBytes', 'RabbitMQMemLimit', cloudwatch.Stats.MAXIMUM],
    ['metricDiskFreeBytes', 'RabbitMQDiskFree', cloudwatch.Stats.MINIMUM],
    ['metricDiskFreeLimitBytes', 'RabbitMQDiskFreeLimit', cloudwatch.Stats.MAXIMUM],
  ] as const)('%s reads the broker\'s %s (%s over 1 minute)', (method, metricName, statistic) => {
    const { tier, stack } = defaultMessaging();
    const metric = expectMetricMethod((props) => tier[method](props),
      { namespace: 'AWS/AmazonMQ', metricName, statistic, period: Duration.minutes(1) }, cloudwatch.Stats.SUM);
    expect(Object.keys(metric.dimensions!)).toEqual(['Broker']);
    expect(deployed(stack.resolve(metric.dimensions!.Broker))).toBe('TierStack-Messaging-26D6C075-1c2fa620');
  });

  test('metric reads any Amazon MQ metric of the broker: the average over 1 minute by default', () => {
    const { tier, stack } = defaultMessaging();
    const metric = tier.metric('QueueCount');
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual(['AWS/AmazonMQ', 'QueueCount', cloudwatch.Stats.AVERAGE, 1]);
    expect(stack.resolve(metric.dimensions)).toEqual(stack.resolve(tier.metricMessageCount().dimensions));
  });

  /** The FROM and WHERE of a Metrics Insights query over every node of the default tier's broker, as deployed. */
  const NODES_OF_BROKER = 'FROM SCHEMA("AWS/AmazonMQ", Broker, Node) WHERE Broker = \'TierStack-Messaging-26D6C075-1c2fa620\'';

  test.each([
    ['metricNodeCpuUtilization', 'MAX', 'SystemCpuUtilization'],
    ['metricNodeMemoryUsedBytes', 'MAX', 'RabbitMQMemUsed'],
    ['metricNodeDiskFreeBytes', 'MIN', 'RabbitMQDiskFree'],
  ] as const)('%s reads the %s of every node\'s %s, one time series (Metrics Insights), over 1 minute by default', (method, aggregate, metricName) => {
    const { tier, stack } = defaultMessaging();
    const metric = tier[method]();
    expect(deployed(stack.resolve(metric.expression))).toBe(`SELECT ${aggregate}(${metricName}) ${NODES_OF_BROKER}`);
    expect([metric.usingMetrics, metric.period.toMinutes(), metric.label]).toEqual([{}, 1, undefined]);
    const tuned = tier[method]({ period: Duration.minutes(5), label: 'Worst node' });
    expect([tuned.expression, tuned.period.toMinutes(), tuned.label]).toEqual([metric.expression, 5, 'Worst node']);
  });

  test('metricNodeAggregate reads any per-node metric of the broker: the highest or the lowest node in each period', () => {
    const { tier, stack } = defaultMessaging();
    const highest = tier.metricNodeAggregate('RabbitMQFdUsed', BrokerNodeAggregate.MAX);
    expect(deployed(stack.resolve(highest.expression))).toBe(`SELECT MAX(RabbitMQFdUsed) ${NODES_OF_BROKER}`);
    expect(highest.period.toMinutes()).toBe(1);
    const lowest = tier.metricNodeAggregate('RabbitMQDiskFree', BrokerNodeAggregate.MIN, { period: Duration.minutes(15) });
    expect(deployed(stack.resolve(lowest.expression))).toBe(`SELECT MIN(RabbitMQDiskFree) ${NODES_OF_BROKER}`);
    expect(lowest.period.toMinutes()).toBe(15);
  });

  test.each([
    ['an aggregate that is no BrokerNodeAggregate', (tier: MessagingTier) => tier.metricNodeAggregate('RabbitMQMemUsed', undefined as any),
      'aggregate', /^`aggregate` must be one of BrokerNodeAggregate's values \(MAX, MIN\), got undefined$/],
    ['a metric name that is no metric name', (tier: MessagingTier) => tier.metricNodeAggregate('x) FROM y --', BrokerNodeAggregate.MAX),
      'metricName', /^`metricName` must be an Amazon MQ metric name .*, got 'x\) FROM y --'$/],
    ['a metric name that is no string', (tier: MessagingTier) => tier.metricByNode(42 as any),
      'metricName', /^`metricName` must be an Amazon MQ metric name .*, got 42$/],
  ])('a per-node metric given %s fails at synth (it would go into the query as it is)', (_what, call, argument, message) => {
    const { tier } = defaultMessaging();
    expectConfigurationError(errorOf(() => call(tier)), argument, 'TierStack/Messaging', message);
  });

  test('metricByNode reads a per-node metric as one time series per node (for graphs), the average over 1 minute by default', () => {
    const { tier, stack } = defaultMessaging();
    const byNode = tier.metricByNode('RabbitMQMemUsed');
    expect(deployed(stack.resolve(byNode.expression))).toBe(`SELECT AVG(RabbitMQMemUsed) ${NODES_OF_BROKER} GROUP BY Node`);
    expect([byNode.usingMetrics, byNode.period.toMinutes()]).toEqual([{}, 1]);
    expect(tier.metricByNode('SystemCpuUtilization', { period: Duration.minutes(5) }).period.toMinutes()).toBe(5);
  });
});

const CLASSIC_QUEUES = 'multi-az-ha-platform:messaging.ClassicQueues';

function classicQueueWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('messaging\\.ClassicQueues'))
    .map((w) => w.entry.data as string);
}

describe('queue type (zone-loss survival)', () => {
  test.each([
    ['RabbitMQ 4.2 by default', {}, true],
    ['engineVersion 3.13', { engineVersion: '3.13' }, false],
    ['engineVersion 4.3, a later RabbitMQ 4', { hostInstanceType: 'mq.m7g.large', engineVersion: '4.3' }, true],
    ['an engineVersion not known at synth', { engineVersion: Token.asString({ Ref: 'Version' }) }, undefined],
  ])('the tier says whether queues are quorum by default: %s', (_name, options, expected) => {
    expect(buildMessaging(options).tier.quorumQueuesByDefault).toBe(expected);
  });

  test('no warning by default: RabbitMQ 4.2 declares quorum queues unless told otherwise', () => {
    const { stack } = defaultMessaging();
    expect(classicQueueWarnings(stack)).toEqual([]);
    expect(classicQueueWarnings(customMessaging().stack)).toEqual([]);
  });

  test('mq.m5.large (RabbitMQ 3.13) warns on the tier that queues are classic unless clients declare them quorum', () => {
    const { stack } = synthMessaging({ hostInstanceType: 'mq.m5.large' });
    Annotations.fromStack(stack).hasWarning('/TierStack/Messaging', Match.stringLikeRegexp(
      '^`hostInstanceType` is \'mq.m5.large\', so the broker runs RabbitMQ 3.13: on RabbitMQ 3.13 queues are ' +
      'classic \\(mirrored\\) unless every client declares them quorum \\(`x-queue-type: quorum`\\), so losing a broker ' +
      'node or its zone can lose messages not yet synchronised to the other nodes. RabbitMQ 4.2 on an mq.m7g instance ' +
      'type \\(the default, mq.m7g.large\\) makes quorum queues the default queue type.' +
      '.*\\[ack: Annotation::multi-az-ha-platform:messaging.ClassicQueues\\]$'));
    expect(classicQueueWarnings(stack)).toHaveLength(1);
  });

  test('engineVersion 3.13 on an mq.m7g type warns too, naming engineVersion', () => {
    const { stack } = synthMessaging({ hostInstanceType: 'mq.m7g.large', engineVersion: '3.13' });
    expect(classicQueueWarnings(stack)).toEqual([
      expect.stringMatching(/^`engineVersion` is '3\.13': on RabbitMQ 3\.13 queues are classic .*x-queue-type: quorum/s),
    ]);
  });

  test('under the platform, the warning names the platform\'s prop', () => {
    const { stack } = buildPlatform({ messaging: { hostInstanceType: 'mq.m5.large' } });
    expect(classicQueueWarnings(stack)).toEqual([
      expect.stringMatching(/^`messaging\.hostInstanceType` is 'mq\.m5\.large', so the broker runs RabbitMQ 3\.13: on RabbitMQ 3\.13 queues are classic/),
    ]);
  });

  test('the warning can be acknowledged', () => {
    const { stack, tier } = buildMessaging({ hostInstanceType: 'mq.m5.large' });
    Validations.of(tier).acknowledge({ id: CLASSIC_QUEUES, reason: 'every client declares x-queue-type: quorum' });
    Template.fromStack(stack);
    expect(classicQueueWarnings(stack)).toEqual([]);
  });
});

describe('bad input', () => {
  test.each([
    [{ hostInstanceType: 'm5.large' }, /^`hostInstanceType` must be a node type of the form mq\.<family>\.<size>, got 'm5\.large'$/],
    [{ hostInstanceType: 'mq.t3.micro' }, /^`hostInstanceType` must be an instance type that can run a CLUSTER_MULTI_AZ broker \(burstable mq\.t3\.micro runs single-instance brokers only\), got 'mq\.t3\.micro'$/],
    [{ hostInstanceType: 'mq.m5.large', engineVersion: '4.2' }, /^`engineVersion` must be 3\.13 when `hostInstanceType` is 'mq\.m5\.large' \(Amazon MQ runs RabbitMQ 4 on mq\.m7g instance types only\), got '4\.2'$/],
    [{ hostInstanceType: 'mq.m5.xlarge', engineVersion: '4.3' }, /^`engineVersion` must be 3\.13 when `hostInstanceType` is 'mq\.m5\.xlarge' .*, got '4\.3'$/],
    [{ engineVersion: '3.12' }, /^`engineVersion` must be 3\.13 or later .*, got '3\.12'$/],
    [{ hostInstanceType: 'mq.m7g.large', engineVersion: '4.0' }, /^`engineVersion` must be 4\.2 or later in the RabbitMQ 4 series \(Amazon MQ does not run 4\.0 or 4\.1\), got '4\.0'$/],
    [{ hostInstanceType: 'mq.m7g.large', engineVersion: '4.1' }, /^`engineVersion` must be 4\.2 or later in the RabbitMQ 4 series .*, got '4\.1'$/],
    [{ engineVersion: '3.13.7' }, /^`engineVersion` must be a major\.minor RabbitMQ version such as '3\.13' or '4\.2', got '3\.13\.7'$/],
    [{ maintenanceWindowStart: { dayOfWeek: 'FUNDAY', timeOfDay: '04:00' } }, /^`maintenanceWindowStart\.dayOfWeek` must be a day of the week, MONDAY to SUNDAY, got 'FUNDAY'$/],
    [{ maintenanceWindowStart: { dayOfWeek: 'SUNDAY', timeOfDay: '25:00' } }, /^`maintenanceWindowStart\.timeOfDay` must be a 24-hour UTC time 'HH:MM', got '25:00'$/],
    [{ maintenanceWindowStart: { dayOfWeek: 'SUNDAY', timeOfDay: '4:00' } }, /^`maintenanceWindowStart\.timeOfDay` must be .*, got '4:00'$/],
  ] as Array<[MessagingTierOptions, RegExp]>)('fails when messaging is %j', (options, message) => {
    expect(() => buildMessaging(options)).toThrow(message);
  });

  test.each([
    ['no subnet', () => ({ subnets: [] }),
      /^`subnets` must select at least 1 subnet \(a private CLUSTER_MULTI_AZ broker needs one\), got \[\]$/],
    ['two subnets in one zone', (vpc: ec2.Vpc) => ({ subnets: [vpc.isolatedSubnets[0], vpc.publicSubnets[0]] }),
      /^`subnets` must select subnets in different availability zones \(Amazon MQ refuses two subnets of one zone\), got \["eu-west-1a","eu-west-1a"\]$/],
    ['four subnets', (vpc: ec2.Vpc) => ({ subnets: [...vpc.isolatedSubnets, vpc.publicSubnets[0]] }),
      /^`subnets` must select at most 3 subnets, one per zone of the broker's 3 nodes \(zone 1, zone 2, quorum zone\), got \["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1a"\]$/],
  ] as Array<[string, (vpc: ec2.Vpc) => ec2.SubnetSelection, RegExp]>)('fails when subnets selects %s', (_name, select, message) => {
    const { stack, vpc } = threeZoneStack();
    const caught = errorOf(() => {
      new MessagingTier(stack, 'Messaging', { vpc, subnets: select(vpc) });
    });
    expect(String((caught as Error | undefined)?.message)).toMatch(message);
    expect(PlatformErrors.propPathOf(caught)).toBe('subnets');
    // Validation runs before any child is created.
    expect(stack.node.tryFindChild('Messaging')?.node.children ?? []).toEqual([]);
  });

  test('a subnet imported without its zone is accepted (the zone cannot be checked at synth)', () => {
    const { stack, vpc } = threeZoneStack();
    const imported = ec2.Subnet.fromSubnetId(stack, 'Imported', 'subnet-0123456789abcdef0');
    expect(() => new MessagingTier(stack, 'Messaging', { vpc, subnets: { subnets: [vpc.isolatedSubnets[0], imported] } })).not.toThrow();
  });

  test('a broker used on its own names its own props, sibling props included, and the construct', () => {
    const caught = errorOf(() => buildMessaging({ hostInstanceType: 'mq.m5.large', engineVersion: '4.2' }));
    expectConfigurationError(caught, 'engineVersion', 'TierStack/Messaging',
      '`engineVersion` must be 3.13 when `hostInstanceType` is \'mq.m5.large\' ' +
      '(Amazon MQ runs RabbitMQ 4 on mq.m7g instance types only), got \'4.2\'');
  });

  test('under the platform, the same error names the platform\'s props', () => {
    const caught = errorOf(() => buildPlatform({ messaging: { hostInstanceType: 'mq.m5.large', engineVersion: '4.2' } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('messaging.engineVersion');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform/Messaging');
    expect(caught.message).toBe('`messaging.engineVersion` must be 3.13 when `messaging.hostInstanceType` is \'mq.m5.large\' ' +
      '(Amazon MQ runs RabbitMQ 4 on mq.m7g instance types only), got \'4.2\'');
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over the messaging tier (fixed and environment-agnostic; with its own
// maintenance window), with every other tier's checks, in one synth each.
describe('cdk-nag AwsSolutions', () => {
  test('the only acknowledgements are secret rotation (AwsSolutions, NIST 800-53, HIPAA), on the admin secret, with a reason', () => {
    const { tier } = buildMessaging();
    const secretRules = acknowledgedRules(tier.adminSecret);
    expect(Object.keys(secretRules)).toEqual([
      'AwsSolutions-SMG4',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
      'HIPAA.Security-SecretsManagerRotationEnabled',
    ]);
    expect(secretRules['AwsSolutions-SMG4']).toMatch(/no Secrets Manager rotation function/);
    expect(secretRules['NIST.800.53.R5-SecretsManagerRotationEnabled']).toBe(secretRules['AwsSolutions-SMG4']);
    expect(secretRules['HIPAA.Security-SecretsManagerRotationEnabled']).toBe(secretRules['AwsSolutions-SMG4']);
    expect(acknowledgedRules(tier.broker)).toEqual({});
    expect(acknowledgedRules(tier.key)).toEqual({});
  });
});
