import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { GIB } from '../messaging/broker-node-limits';
import { MessagingTier } from '../messaging/messaging-tier';

// The alarms' metric math over the messaging tier's per-node metrics and limits. RabbitMQ raises its memory and disk
// alarms per node and then blocks every publisher of the cluster, while the broker-level metrics of a cluster add the
// three nodes up: the alarms compare the node with the least headroom with its limit.


/** A byte count for people, in GiB with at most one decimal. */
export function showGiB(bytes: number): string {
  return `${Math.round(bytes / GIB * 10) / 10} GiB`;
}

/**
 * Memory RabbitMQ uses, in percent of its memory limit: of the node using the most when the per-node limit is
 * known (every node has the same one), otherwise of the cluster's totals.
 */
export function brokerMemoryUsedPercent(messaging: MessagingTier, period: Duration): cloudwatch.MathExpression {
  const limit = messaging.nodeMemoryLimitBytes;
  if (limit !== undefined) {
    return new cloudwatch.MathExpression({
      expression: `100 * used / ${limit}`,
      usingMetrics: { used: messaging.metricNodeMemoryUsedBytes({ period }) },
      label: `Memory used by the fullest node (% of its ${showGiB(limit)} limit)`,
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
export function brokerDiskFreeMultiple(messaging: MessagingTier, period: Duration): cloudwatch.MathExpression {
  const limit = messaging.nodeDiskFreeLimitBytes;
  if (limit !== undefined) {
    return new cloudwatch.MathExpression({
      expression: `free / ${limit}`,
      usingMetrics: { free: messaging.metricNodeDiskFreeBytes({ period }) },
      label: `Free disk of the fullest node (multiple of its ${showGiB(limit)} limit)`,
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
