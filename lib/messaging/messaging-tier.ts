import { Duration, Names } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { brokerNodeLimits } from './broker-node-limits';
import {
  defaultEngineVersion, validateBrokerSubnets, validateMessagingTierProps, warnClassicDefaultQueues,
} from './validate-messaging-props';
import { acknowledgeUnrotatedSecret } from '../private/acknowledgements';
import { newClosedSecurityGroup } from '../private/closed-security-group';
import { KEEP_EXCEPT_ON_FAILED_CREATE, newTierKey, STACK_CREATION_ID_LENGTH, stackCreationId } from '../private/encrypted-logs';
import { quorumQueuesByDefault } from '../private/rabbitmq-queues';
import { grantSecretRead } from '../private/secret-grants';
import { fail, validateArguments, validateProps } from '../private/validation';

/** When the broker's weekly maintenance window starts, in UTC. */
export interface MessagingMaintenanceWindow {
  /** Day of the week the window starts: 'MONDAY' to 'SUNDAY' (any case). */
  readonly dayOfWeek: string;
  /** Time of day the window starts, 24-hour 'HH:MM' in UTC. */
  readonly timeOfDay: string;
}

/** How a per-node metric of the broker combines its nodes' values into one time series. */
export enum BrokerNodeAggregate {
  /** In each period, the highest value any node reported: the node with the least headroom for what grows toward a limit. */
  MAX = 'MAX',
  /** In each period, the lowest value any node reported: the node with the least headroom for what shrinks toward a limit. */
  MIN = 'MIN',
}

/** Options of the messaging tier: an Amazon MQ for RabbitMQ cluster of 3 nodes, one per availability zone. */
export interface MessagingTierOptions {
  /**
   * Whether the platform builds the messaging tier (read by the platform; the tier itself ignores it).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Instance type of each of the 3 broker nodes, spelled the Amazon MQ way. mq.t3.micro cannot run a cluster;
   * mq.m5 types run RabbitMQ 3.13 only, whose queues are classic unless clients declare them quorum (a warning says so).
   * The default `engineVersion` follows it: on a deployed broker, moving between mq.m7g and mq.m5 without setting
   * `engineVersion` to the running version also asks for 4.2 to 3.13, a downgrade Amazon MQ refuses, or 3.13 to 4.2,
   * which Amazon MQ does only after classic queues are migrated (see Amazon MQ's "in-place upgrade" guide).
   * @default 'mq.m7g.large' (2 vCPU, 8 GiB, Graviton): runs RabbitMQ 4.2, where quorum queues are the default
   */
  readonly hostInstanceType?: string;

  /**
   * RabbitMQ version, major.minor (Amazon MQ applies patch versions itself). RabbitMQ 4 needs an mq.m7g instance type
   * and 4.2 or later (Amazon MQ does not run 4.0 or 4.1).
   * '3.13' stays selectable, with a warning: its queues are classic unless every client declares them quorum.
   * @default - '4.2' on mq.m7g instance types (the default), '3.13' on the others
   */
  readonly engineVersion?: string;

  /**
   * Start of the weekly maintenance window (UTC), when Amazon MQ applies patches and minor versions.
   * @default - Sunday 04:00 UTC
   */
  readonly maintenanceWindowStart?: MessagingMaintenanceWindow;
}

/** Properties of {@link MessagingTier}. */
export interface MessagingTierProps extends MessagingTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of the broker's endpoint: 1 to 3, each in a different availability zone. The platform gives the
   * isolated subnets of zone 1, zone 2 and the quorum zone (two subnets when the quorum zone is off). Amazon MQ
   * creates the broker's VPC endpoint in them. They are fixed at creation: CloudFormation replaces the broker when
   * they change, which fails while the old broker holds the broker name, and would strand the old broker's
   * messages on it (the broker is kept on replacement).
   */
  readonly subnets: ec2.SubnetSelection;
}

/** The namespace of Amazon MQ's metrics. */
const NAMESPACE = 'AWS/AmazonMQ';
/** The period of the tier's metrics unless their props say. */
const METRIC_PERIOD = Duration.minutes(1);
/** AMQP 0-9-1 over TLS; Amazon MQ for RabbitMQ accepts no plaintext AMQP. */
const AMQPS_PORT = 5671;
/** The RabbitMQ management console and HTTP API, HTTPS only. */
const MANAGEMENT_PORT = 443;
/** Graviton, 2 vCPU / 8 GiB; the smallest size Amazon MQ recommends for production, and it runs RabbitMQ 4.2. */
const DEFAULT_HOST_INSTANCE_TYPE = 'mq.m7g.large';
/** Three nodes, one per zone, with quorum queues: the only Amazon MQ for RabbitMQ mode that survives a zone. */
const DEPLOYMENT_MODE = 'CLUSTER_MULTI_AZ';
/** The nodes of a CLUSTER_MULTI_AZ broker. */
const CLUSTER_NODES = 3;
const ENGINE_TYPE = 'RABBITMQ';
const DEFAULT_MAINTENANCE_WINDOW: MessagingMaintenanceWindow = { dayOfWeek: 'SUNDAY', timeOfDay: '04:00' };
const ADMIN_USERNAME = 'platform-admin';
/** Amazon MQ broker names: 1 to 50 letters, digits, hyphens and underscores, unique per account and Region. */
const MAX_BROKER_NAME_LENGTH = 50;

/**
 * The messaging tier: an Amazon MQ for RabbitMQ broker in `CLUSTER_MULTI_AZ` mode, three nodes behind one private
 * endpoint. By default it runs RabbitMQ 4.2 on mq.m7g.large, where queues declared without a type are quorum queues:
 * each is replicated to the three nodes, so losing one node (or its zone) keeps a majority and loses no message
 * the broker has confirmed. On RabbitMQ 3.13 (mq.m5 types, or `engineVersion: '3.13'`) queues are classic unless clients declare
 * them quorum; the tier warns (`messaging.ClassicQueues`).
 *
 * Amazon MQ places the three nodes itself, each in a different availability zone ("Quorum queues", Amazon MQ
 * Developer Guide). The subnets given hold the broker's endpoint, one network interface per subnet, each subnet in
 * a different zone: the platform gives the isolated subnets of zone 1, zone 2 and the quorum zone.
 *
 * Clients reach it with AMQPS (TLS) on 5671 from the peers the platform allows; the management console (443)
 * stays closed unless {@link MessagingTier.allowManagementConsoleFrom} opens it. The admin user's credentials
 * come from a Secrets Manager secret and reach CloudFormation as dynamic references only.
 *
 * Encryption at rest: Amazon MQ for RabbitMQ always encrypts broker storage with an AWS owned KMS key; it
 * accepts no customer-managed key (the EncryptionOptions property "does not apply to RabbitMQ brokers"). The
 * admin secret is encrypted with the tier's own customer-managed key.
 * General logs go to CloudWatch Logs (RabbitMQ has no audit log), in the group Amazon MQ creates,
 * `/aws/amazonmq/broker/<broker id>/general`.
 *
 * The broker, its admin secret and their key are kept when the stack is deleted (messages in flight are data) and
 * deleted when the stack's first deployment rolls back (RetainExceptOnCreate), so a failed first deployment leaves
 * no broker, and no network interface, in the isolated subnets. The broker's name ends with a part that is new each
 * time the stack is created, so creating the stack again after a deletion does not collide with the kept broker.
 */
export class MessagingTier extends Construct implements ec2.IConnectable {
  /** The broker (there is no L2 for Amazon MQ). */
  public readonly broker: amazonmq.CfnBroker;
  /** The secret holding the admin user, as JSON `{"username": "...", "password": "..."}`. */
  public readonly adminSecret: secretsmanager.Secret;
  /**
   * The customer-managed key that encrypts `adminSecret` (the broker's storage takes no customer key: Amazon MQ
   * for RabbitMQ encrypts it with an AWS owned key).
   */
  public readonly key: kms.Key;
  /** The security group of the broker endpoint: nothing may connect until the platform allows it. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The connections of the broker: `allowDefaultPortFrom(peer)` opens AMQPS to that peer. */
  public readonly connections: ec2.Connections;
  /**
   * The broker's name, the `Broker` dimension of its metrics: the stack name, the construct path, and a part that is
   * new each time the stack is created and stays across updates (a deploy-time value, so a Token at synth).
   */
  public readonly brokerName: string;
  /** The broker's engine, in Amazon MQ spelling: `RABBITMQ`. */
  public readonly engineType: string;
  /** The RabbitMQ version the broker is created with. */
  public readonly engineVersion: string;
  /**
   * Whether queues declared without `x-queue-type` are quorum queues (RabbitMQ 4.2 and later): false when clients must
   * declare them quorum (3.13); undefined when `engineVersion` is not known at synth.
   */
  public readonly quorumQueuesByDefault?: boolean;
  /** The broker's instance type (`mq.m7g.large`): RabbitMQ's memory and disk limits on each node follow it. */
  public readonly hostInstanceType: string;
  /**
   * The broker's Amazon MQ deployment mode: `CLUSTER_MULTI_AZ`, three RabbitMQ nodes over three zones (RabbitMQ's
   * free disk limit on each node follows it).
   */
  public readonly deploymentMode: string;
  /** The broker's RabbitMQ nodes: 3 in `CLUSTER_MULTI_AZ` mode, each in a different zone. */
  public readonly nodeCount: number;
  /** The subnets of the broker's endpoint, each in a different zone. */
  public readonly subnets: ec2.ISubnet[];
  /**
   * RabbitMQ's memory limit on each node, in bytes (`vm_memory_high_watermark`, the `RabbitMQMemLimit` a node
   * reports): a node that reaches it blocks every publisher of the cluster. Amazon MQ sets it by instance type
   * ("Memory and disk alarms", Amazon MQ Developer Guide); undefined when `hostInstanceType` is not known at synth or
   * not in that table.
   */
  public readonly nodeMemoryLimitBytes?: number;
  /**
   * RabbitMQ's free disk limit on each node, in bytes (`disk_free_limit`, the `RabbitMQDiskFreeLimit` a node
   * reports): a node with less free disk blocks every publisher of the cluster. Set by Amazon MQ by instance type and
   * deployment mode; undefined when `hostInstanceType` is not known at synth or not in Amazon MQ's table.
   */
  public readonly nodeDiskFreeLimitBytes?: number;
  /** The AMQPS port clients connect to. */
  public readonly port: number;
  /** The broker's AMQPS endpoints (`amqps://...:5671`). */
  public readonly amqpEndpoints: string[];
  /** The broker's ARN. */
  public readonly brokerArn: string;
  /** The broker's ID. */
  public readonly brokerId: string;

  constructor(scope: Construct, id: string, props: MessagingTierProps) {
    super(scope, id);
    const hostInstanceType = props.hostInstanceType ?? DEFAULT_HOST_INSTANCE_TYPE;
    validateProps(this, () => validateMessagingTierProps(props, hostInstanceType));
    this.hostInstanceType = hostInstanceType;
    this.deploymentMode = DEPLOYMENT_MODE;
    this.nodeCount = CLUSTER_NODES;
    const limits = brokerNodeLimits(this.hostInstanceType, this.deploymentMode);
    this.nodeMemoryLimitBytes = limits?.memoryLimitBytes;
    this.nodeDiskFreeLimitBytes = limits?.diskFreeLimitBytes;
    this.subnets = props.vpc.selectSubnets(props.subnets).subnets;
    validateProps(this, () => validateBrokerSubnets(this.subnets));

    this.engineType = ENGINE_TYPE;
    this.engineVersion = props.engineVersion ?? defaultEngineVersion(hostInstanceType);
    this.quorumQueuesByDefault = quorumQueuesByDefault(this.engineVersion);
    warnClassicDefaultQueues(this, props, {
      hostInstanceType, engineVersion: this.engineVersion, defaultHostInstanceType: DEFAULT_HOST_INSTANCE_TYPE,
    });
    this.port = AMQPS_PORT;
    // Broker names are unique per account and Region: include the stack name and the construct path, and the
    // stack's creation ID, since a broker kept by a deleted stack keeps its name.
    const base = Names.uniqueResourceName(this, { maxLength: MAX_BROKER_NAME_LENGTH - 1 - STACK_CREATION_ID_LENGTH, separator: '-' });
    this.brokerName = `${base}-${stackCreationId()}`;
    const window = props.maintenanceWindowStart ?? DEFAULT_MAINTENANCE_WINDOW;

    this.key = newTierKey(this, 'Key', 'Encrypts the credentials of the MultiAzHaPlatform RabbitMQ broker');
    this.adminSecret = this.newAdminSecret();

    ({ securityGroup: this.securityGroup, connections: this.connections } = newClosedSecurityGroup(this, props.vpc,
      'MultiAzHaPlatform RabbitMQ broker: AMQPS from the tiers the platform allows', AMQPS_PORT));

    this.broker = new amazonmq.CfnBroker(this, 'Broker', {
      brokerName: this.brokerName,
      engineType: this.engineType,
      engineVersion: this.engineVersion,
      // Required for RabbitMQ 3.13 and later (see validate-messaging-props.ts).
      autoMinorVersionUpgrade: true,
      deploymentMode: this.deploymentMode,
      hostInstanceType,
      publiclyAccessible: false,
      // Subnets in different zones, so the endpoint outlives any one zone. SubnetIds is create-only in the
      // AWS::AmazonMQ::Broker schema: changing them replaces the broker.
      subnetIds: this.subnets.map((subnet) => subnet.subnetId),
      securityGroups: [this.securityGroup.securityGroupId],
      users: [{
        username: this.adminSecret.secretValueFromJson('username').unsafeUnwrap(),
        password: this.adminSecret.secretValueFromJson('password').unsafeUnwrap(),
      }],
      logs: { general: true },
      maintenanceWindowStartTime: {
        dayOfWeek: window.dayOfWeek.toUpperCase(),
        timeOfDay: window.timeOfDay,
        timeZone: 'UTC',
      },
    });
    // Messages in flight are data: a stack deletion or an accidental replacement keeps the broker; a failed first
    // deployment deletes it, with its network interfaces in the isolated subnets.
    this.broker.applyRemovalPolicy(KEEP_EXCEPT_ON_FAILED_CREATE);

    this.amqpEndpoints = this.broker.attrAmqpEndpoints;
    this.brokerArn = this.broker.attrArn;
    this.brokerId = this.broker.attrId;
  }

  /** The admin user's secret (a generated password), kept with the broker; Amazon MQ cannot rotate it. */
  private newAdminSecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'AdminSecret', {
      description: 'Admin user of the MultiAzHaPlatform RabbitMQ broker (Amazon MQ)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: ADMIN_USERNAME }),
        generateStringKey: 'password',
        // Amazon MQ: 12 to 250 characters, at least 4 unique, no comma, colon or equals sign. Letters and digits
        // only also keep amqps://user:password@host URLs free of escaping.
        passwordLength: 32,
        excludePunctuation: true,
        requireEachIncludedType: true,
      },
      encryptionKey: this.key,
      // The broker is kept when the stack is deleted; so is the only way to administer it (and its key).
      removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
    });
    acknowledgeUnrotatedSecret(secret, 'Amazon MQ has no Secrets Manager rotation function for RabbitMQ users: the admin ' +
      'password is changed through the RabbitMQ management API by an operator runbook. The 32-character password exists ' +
      'only in Secrets Manager, reaches CloudFormation as a dynamic reference, and only principals given ' +
      'grantReadCredentials can read it; the broker is reachable only from the platform\'s tiers, over TLS.');
    return secret;
  }

  /**
   * Lets a principal read the admin credentials (and only that secret), and decrypt them with the tier key through
   * Secrets Manager. A grantee in another stack of the same account gets both permissions in its own policy, so the
   * tier's stack does not refer back to the grantee's (no dependency cycle).
   */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    return grantSecretRead(this.adminSecret, grantee);
  }

  /**
   * Opens the RabbitMQ management console and HTTP API (HTTPS, 443) to a peer, for example an operator
   * bastion. The platform does not call it: clients need AMQPS only.
   */
  public allowManagementConsoleFrom(peer: ec2.IConnectable): void {
    this.connections.allowFrom(peer, ec2.Port.tcp(MANAGEMENT_PORT), 'RabbitMQ management console (HTTPS)');
  }

  /**
   * Any Amazon MQ metric of the broker (`AWS/AmazonMQ`, dimension `Broker`), for example 'QueueCount'.
   *
   * @default Average over 1 minute
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      dimensionsMap: { Broker: this.brokerName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: METRIC_PERIOD,
      ...props,
    });
  }

  /**
   * Messages in all queues, ready plus unacknowledged: the queue depth workers scale on.
   *
   * @default Maximum over 1 minute
   */
  public metricMessageCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('MessageCount', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Messages ready for delivery in all queues (the backlog no consumer holds yet).
   *
   * @default Maximum over 1 minute
   */
  public metricMessageReadyCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('MessageReadyCount', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Messages published per second: the arrival rate.
   *
   * @default Average over 1 minute
   */
  public metricPublishRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PublishRate', props);
  }

  /**
   * Messages acknowledged by consumers per second: the processing rate.
   *
   * @default Average over 1 minute
   */
  public metricAckRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AckRate', props);
  }

  /**
   * Consumers connected to the broker; zero means no worker is taking messages.
   *
   * @default Minimum over 1 minute
   */
  public metricConsumerCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConsumerCount', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Client connections to the broker.
   *
   * @default Maximum over 1 minute
   */
  public metricConnectionCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionCount', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * CPU utilization of the broker nodes, in percent (summed over the 3 nodes of a cluster).
   *
   * @default Average over 1 minute
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SystemCpuUtilization', props);
  }

  /**
   * Memory RabbitMQ uses, in bytes (summed over the nodes); publishers block above `metricMemoryLimitBytes`.
   *
   * @default Maximum over 1 minute
   */
  public metricMemoryUsedBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RabbitMQMemUsed', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * RabbitMQ's memory high watermark, in bytes (summed over the nodes).
   *
   * @default Maximum over 1 minute
   */
  public metricMemoryLimitBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RabbitMQMemLimit', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Free disk space, in bytes (summed over the nodes); publishers block below `metricDiskFreeLimitBytes`.
   *
   * @default Minimum over 1 minute
   */
  public metricDiskFreeBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RabbitMQDiskFree', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * RabbitMQ's free disk limit, in bytes (summed over the nodes).
   *
   * @default Maximum over 1 minute
   */
  public metricDiskFreeLimitBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RabbitMQDiskFreeLimit', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  // Per node. For a cluster the broker-level metrics above are the aggregate of the three nodes, while RabbitMQ raises
  // its memory and disk alarms per node and then blocks every publisher of the cluster. Amazon MQ also publishes these
  // metrics per node, with the dimensions Broker and Node ("Available CloudWatch metrics for Amazon MQ for RabbitMQ
  // brokers", Amazon MQ Developer Guide); node names (rabbit@ip-...) are not known at synth, so the methods below read
  // every node of the broker with a CloudWatch Metrics Insights query. A CloudWatch alarm holds one such query.

  /**
   * A per-node Amazon MQ metric of the broker's nodes as one time series (a CloudWatch Metrics Insights query over
   * `AWS/AmazonMQ`, dimensions `Broker` and `Node`): in each period, the highest or the lowest value any node reported.
   * @param metricName the metric's name, as Amazon MQ publishes it per node, such as `RabbitMQFdUsed`
   * @param aggregate the highest (`MAX`) or the lowest (`MIN`) node's value
   * @default Maximum (`MAX`) or Minimum (`MIN`) of the nodes over 1 minute
   */
  public metricNodeAggregate(metricName: string, aggregate: BrokerNodeAggregate,
    props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    validateArguments(this, () => {
      if (!Object.values(BrokerNodeAggregate).includes(aggregate)) {
        fail('aggregate', `be one of BrokerNodeAggregate's values (${Object.values(BrokerNodeAggregate).join(', ')})`, aggregate);
      }
    });
    return this.nodeQuery(`${aggregate}(${checkedMetricName(this, metricName)})`, '', props);
  }

  /**
   * A per-node Amazon MQ metric of the broker, one time series per node, each labelled with the node's name (a
   * CloudWatch Metrics Insights query, `GROUP BY Node`). For graphs: an alarm on it would watch each node as a
   * contributor; alarm on {@link metricNodeAggregate} instead.
   * @param metricName the metric's name, as Amazon MQ publishes it per node, such as `SystemCpuUtilization`
   * @default Average over 1 minute, one time series per node
   */
  public metricByNode(metricName: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.nodeQuery(`AVG(${checkedMetricName(this, metricName)})`, ' GROUP BY Node', props);
  }

  /**
   * CPU utilization of the busiest node, in percent.
   *
   * @default Maximum of the nodes over 1 minute
   */
  public metricNodeCpuUtilization(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metricNodeAggregate('SystemCpuUtilization', BrokerNodeAggregate.MAX, props);
  }

  /**
   * Memory RabbitMQ uses on the node that uses the most, in bytes; that node blocks every publisher of the cluster at
   * its memory limit (the same on every node).
   *
   * @default Maximum of the nodes over 1 minute
   */
  public metricNodeMemoryUsedBytes(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metricNodeAggregate('RabbitMQMemUsed', BrokerNodeAggregate.MAX, props);
  }

  /**
   * Free disk space of the node with the least, in bytes; that node blocks every publisher of the cluster at its free
   * disk limit (the same on every node).
   *
   * @default Minimum of the nodes over 1 minute
   */
  public metricNodeDiskFreeBytes(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metricNodeAggregate('RabbitMQDiskFree', BrokerNodeAggregate.MIN, props);
  }

  /** A Metrics Insights query over the node metrics of this broker only: SCHEMA with exactly Broker and Node leaves out queue metrics. */
  private nodeQuery(select: string, groupBy: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      ...props,
      // Broker names are letters, digits, hyphens and underscores (the tier builds them): nothing to escape.
      expression: `SELECT ${select} FROM SCHEMA("${NAMESPACE}", Broker, Node) WHERE Broker = '${this.brokerName}'${groupBy}`,
      usingMetrics: {},
      period: props?.period ?? METRIC_PERIOD,
    });
  }
}

/** A metric name goes into a Metrics Insights query as it is: Amazon MQ's names are letters, digits and underscores. */
function checkedMetricName(tier: MessagingTier, metricName: string): string {
  if (typeof metricName !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(metricName)) {
    validateArguments(tier, () => fail('metricName', 'be an Amazon MQ metric name such as RabbitMQMemUsed (letters, digits, _)', metricName));
  }
  return metricName;
}
