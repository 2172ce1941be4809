import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MessagingTier } from '../messaging/messaging-tier';

// The alarms' metric math over the messaging tier's per-node metrics and limits. RabbitMQ raises its memory and disk
// alarms per node and then blocks every publisher of the cluster, while the broker-level metrics of a cluster add the
// three nodes up: the alarms compare the node with the least headroom with its limit.

const GIB = 1024 ** 3;

/** Where RabbitMQ on Amazon MQ raises its alarms and blocks publishers, on each node, as the messaging tier says. */
export interface BrokerNodeLimits {
  /** The instance type the limits are those of. */
  readonly hostInstanceType: string;
  /** vm_memory_high_watermark of each node, in bytes: the RabbitMQMemLimit a node reports. */
  readonly memoryLimitBytes: number;
  /** disk_free_limit of each node, in bytes: the RabbitMQDiskFreeLimit a node reports. */
  readonly diskFreeLimitBytes: number;
}

/** The tier's per-node limits; undefined when it does not know them (see `MessagingTier.nodeMemoryLimitBytes`). */
export function brokerNodeLimits(messaging: MessagingTier): BrokerNodeLimits | undefined {
  const { hostInstanceType, nodeMemoryLimitBytes, nodeDiskFreeLimitBytes } = messaging;
  return nodeMemoryLimitBytes === undefined || nodeDiskFreeLimitBytes === undefined ? undefined
    : { hostInstanceType, memoryLimitBytes: nodeMemoryLimitBytes, diskFreeLimitBytes: nodeDiskFreeLimitBytes };
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
      usingMetrics: { used: messaging.metricNodeMemoryUsedBytes({ period }) },
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
      usingMetrics: { free: messaging.metricNodeDiskFreeBytes({ period }) },
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
