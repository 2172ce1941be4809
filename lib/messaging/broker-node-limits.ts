import { isToken } from '../private/validation';

// RabbitMQ's per-node memory and disk limits on Amazon MQ, by instance type: the messaging tier exposes them
// (MessagingTier.nodeMemoryLimitBytes, nodeDiskFreeLimitBytes) for the alarms that compare a node with its limits.

/** Bytes in a GiB. */
export const GIB = 1024 ** 3;

/** Where RabbitMQ on Amazon MQ raises its alarms and blocks publishers, on each node. */
export interface BrokerNodeLimits {
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
 * RabbitMQ's memory and disk limits of each node of a broker, from its instance type and deployment mode; undefined
 * when either is unknown at synth or the instance type is not in Amazon MQ's published table.
 */
export function brokerNodeLimits(hostInstanceType: string, deploymentMode: string): BrokerNodeLimits | undefined {
  if (isToken(hostInstanceType) || isToken(deploymentMode)) {
    return undefined;
  }
  const [, family, size] = /^mq\.(m7g|m5)\.([0-9a-z]+)$/.exec(hostInstanceType) ?? [];
  if (family === 'm7g' && M7G_MEMORY_LIMIT_GIB[size] !== undefined) {
    const disk = deploymentMode === 'SINGLE_INSTANCE' ? M7G_SINGLE_INSTANCE_DISK_FREE_LIMIT_GIB : M7G_CLUSTER_DISK_FREE_LIMIT_GIB;
    return nodeLimits(M7G_MEMORY_LIMIT_GIB[size], disk);
  }
  if (family === 'm5' && M5_MEMORY_GIB[size] !== undefined) {
    return nodeLimits(M5_MEMORY_GIB[size] * M5_MEMORY_WATERMARK, M5_DISK_FREE_LIMIT_GIB[size]);
  }
  return undefined;
}

function nodeLimits(memoryGiB: number, diskGiB: number): BrokerNodeLimits {
  return {
    memoryLimitBytes: Math.round(memoryGiB * GIB),
    diskFreeLimitBytes: Math.round(diskGiB * GIB),
  };
}
