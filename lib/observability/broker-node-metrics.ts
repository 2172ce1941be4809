import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MessagingTier } from '../messaging/messaging-tier';
import { isToken } from '../private/validation';

// The broker's per-node limits, and the alarms' metric math over the messaging tier's per-node metrics. RabbitMQ raises
// its memory and disk alarms per node and then blocks every publisher of the cluster, while the broker-level metrics
// of a cluster add the three nodes up: the alarms compare the node with the least headroom with its limit.

const GIB = 1024 ** 3;

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
