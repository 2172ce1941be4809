import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MessagingTier } from '../messaging/messaging-tier';
import { isToken } from '../private/validation';

// Per-node views of the Amazon MQ for RabbitMQ broker. For a cluster, the broker-level SystemCpuUtilization,
// RabbitMQMemUsed/MemLimit and RabbitMQDiskFree/DiskFreeLimit are the aggregate of the three nodes, while RabbitMQ
// raises its memory and disk alarms per node and then blocks every publisher of the cluster. The same metrics are
// also published per node, with the dimensions Broker and Node ("Available CloudWatch metrics for Amazon MQ for
// RabbitMQ brokers", Amazon MQ Developer Guide). Node names (rabbit@ip-...) are not known at synth, so the alarms
// read them with a CloudWatch Metrics Insights query over every node of the broker.
//
// Built here from the broker's name because the messaging tier offers broker-level metrics only; these belong
// in the messaging tier (metricNodeXxx) once it offers them.

const NAMESPACE = 'AWS/AmazonMQ';
const GIB = 1024 ** 3;

/** How the values of the broker's nodes are combined in each period. */
export enum NodeAggregate {
  /** The highest value of any node: the node with the least headroom for what grows toward a limit. */
  MAX = 'MAX',
  /** The lowest value of any node: the node with the least headroom for what shrinks toward a limit. */
  MIN = 'MIN',
}

/**
 * One time series over every node of the broker: in each period, the highest (or lowest) value any node
 * reported. A CloudWatch alarm may hold one Metrics Insights query, and metric math over that one query.
 */
export function brokerNodeQuery(messaging: MessagingTier, aggregate: NodeAggregate, metricName: string,
  period: Duration): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT ${aggregate}(${metricName}) FROM ${nodeSchema(messaging)}`,
    usingMetrics: {},
    period,
  });
}

/**
 * One time series per node of the broker (for graphs: each line is a node, labelled with its name). Not for
 * alarms: an alarm on a query that returns several time series evaluates each as a contributor.
 */
export function brokerNodesSeries(messaging: MessagingTier, metricName: string, period: Duration): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT AVG(${metricName}) FROM ${nodeSchema(messaging)} GROUP BY Node`,
    usingMetrics: {},
    period,
  });
}

/** The node metrics of this broker only: SCHEMA(...) with exactly Broker and Node leaves out queue metrics. */
function nodeSchema(messaging: MessagingTier): string {
  // Broker names are letters, digits, hyphens and underscores (the tier builds them): nothing to escape.
  return `SCHEMA("${NAMESPACE}", Broker, Node) WHERE Broker = '${messaging.brokerName}'`;
}

/** Where RabbitMQ on Amazon MQ raises its alarms and blocks publishers, on each node. */
export interface BrokerNodeLimits {
  /** The instance type the limits are those of. */
  readonly hostInstanceType: string;
  /** vm_memory_high_watermark of each node, in bytes: the RabbitMQMemLimit a node reports. */
  readonly memoryLimitBytes: number;
  /** disk_free_limit of each node, in bytes: the RabbitMQDiskFreeLimit a node reports. */
  readonly diskFreeLimitBytes: number;
}

/**
 * "Memory and disk alarms", Amazon MQ for RabbitMQ broker instance types (Amazon MQ Developer Guide). Amazon MQ
 * sets these per instance type and they cannot be changed. mq.m7g: absolute memory high watermarks; mq.m5: a
 * relative watermark of 0.4 of the instance's memory.
 */
const M7G_MEMORY_LIMIT_GIB: Record<string, number> = {
  'medium': 1.8, 'large': 4.3, 'xlarge': 9.3, '2xlarge': 19.3, '4xlarge': 39.4, '8xlarge': 79.7, '12xlarge': 119.8, '16xlarge': 160.1,
};
const M5_MEMORY_GIB: Record<string, number> = { 'large': 8, 'xlarge': 16, '2xlarge': 32, '4xlarge': 64 };
const M5_MEMORY_WATERMARK = 0.4;
/** mq.m7g: 2 GiB on each node of a cluster, 10 GiB for a single instance. */
const M7G_CLUSTER_DISK_FREE_LIMIT_GIB = 2;
const M7G_SINGLE_INSTANCE_DISK_FREE_LIMIT_GIB = 10;
/** mq.m5: by instance type, for both deployment modes. */
const M5_DISK_FREE_LIMIT_GIB: Record<string, number> = { 'large': 12, 'xlarge': 20, '2xlarge': 36, '4xlarge': 69 };

/**
 * RabbitMQ's memory and disk limits of each node of the broker, from its instance type and deployment mode; undefined
 * when either is unknown at synth or the instance type is not in Amazon MQ's published table.
 */
export function brokerNodeLimits(messaging: MessagingTier): BrokerNodeLimits | undefined {
  const hostInstanceType = messaging.hostInstanceType;
  const deploymentMode = messaging.deploymentMode;
  if (isToken(hostInstanceType) || isToken(deploymentMode)) {
    return undefined;
  }
  const [, family, size] = /^mq\.(m7g|m5)\.([0-9a-z]+)$/.exec(hostInstanceType) ?? [];
  if (family === 'm7g' && M7G_MEMORY_LIMIT_GIB[size] !== undefined) {
    const disk = deploymentMode === 'SINGLE_INSTANCE' ? M7G_SINGLE_INSTANCE_DISK_FREE_LIMIT_GIB : M7G_CLUSTER_DISK_FREE_LIMIT_GIB;
    return nodeLimits(hostInstanceType, M7G_MEMORY_LIMIT_GIB[size], disk);
  }
  if (family === 'm5' && M5_MEMORY_GIB[size] !== undefined) {
    return nodeLimits(hostInstanceType, M5_MEMORY_GIB[size] * M5_MEMORY_WATERMARK, M5_DISK_FREE_LIMIT_GIB[size]);
  }
  return undefined;
}

function nodeLimits(hostInstanceType: string, memoryGiB: number, diskGiB: number): BrokerNodeLimits {
  return {
    hostInstanceType,
    memoryLimitBytes: Math.round(memoryGiB * GIB),
    diskFreeLimitBytes: Math.round(diskGiB * GIB),
  };
}

/** A byte count for people, in GiB with at most one decimal. */
export function showGiB(bytes: number): string {
  return `${Math.round(bytes / GIB * 10) / 10} GiB`;
}

/**
 * Memory RabbitMQ uses, in percent of its memory limit: of the node using the most when the per-node limit is
 * known (every node has the same one), otherwise of the cluster's totals.
 */
export function brokerMemoryUsedPercent(messaging: MessagingTier, limits: BrokerNodeLimits | undefined,
  period: Duration): cloudwatch.MathExpression {
  if (limits) {
    return new cloudwatch.MathExpression({
      expression: `100 * used / ${limits.memoryLimitBytes}`,
      usingMetrics: { used: brokerNodeQuery(messaging, NodeAggregate.MAX, 'RabbitMQMemUsed', period) },
      label: `Memory used by the fullest node (% of its ${showGiB(limits.memoryLimitBytes)} limit)`,
      period,
    });
  }
  return new cloudwatch.MathExpression({
    expression: '100 * used / limit',
    usingMetrics: {
      used: messaging.metricMemoryUsedBytes({ statistic: cloudwatch.Stats.MAXIMUM, period }),
      limit: messaging.metricMemoryLimitBytes({ statistic: cloudwatch.Stats.MAXIMUM, period }),
    },
    label: 'Memory used, all nodes (% of their memory limits)',
    period,
  });
}

/**
 * Free disk, as a multiple of RabbitMQ's free disk limit: of the node with the least when the per-node limit is
 * known (every node has the same one), otherwise of the cluster's totals.
 */
export function brokerDiskFreeMultiple(messaging: MessagingTier, limits: BrokerNodeLimits | undefined,
  period: Duration): cloudwatch.MathExpression {
  if (limits) {
    return new cloudwatch.MathExpression({
      expression: `free / ${limits.diskFreeLimitBytes}`,
      usingMetrics: { free: brokerNodeQuery(messaging, NodeAggregate.MIN, 'RabbitMQDiskFree', period) },
      label: `Free disk of the fullest node (multiple of its ${showGiB(limits.diskFreeLimitBytes)} limit)`,
      period,
    });
  }
  return new cloudwatch.MathExpression({
    expression: 'free / limit',
    usingMetrics: {
      free: messaging.metricDiskFreeBytes({ statistic: cloudwatch.Stats.MINIMUM, period }),
      limit: messaging.metricDiskFreeLimitBytes({ statistic: cloudwatch.Stats.MAXIMUM, period }),
    },
    label: 'Free disk, all nodes (multiple of their free disk limits)',
    period,
  });
}
