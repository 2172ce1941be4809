import { Duration, Size } from 'aws-cdk-lib';
import type { PlatformAlertingOptions } from './platform-alerting';
import { CONNECTIONS_SCALING_SHARE } from '../database/database-defaults';
import { checkP99Latency } from '../private/latency';
import { checkInteger, checkNumber, checkPercent, checkSize, concreteDuration, fail } from '../private/validation';

// Every alert threshold's default and rule, declared once: the CloudWatch alarms (tiers/*-monitoring.ts) and the
// Prometheus rules (managed-prometheus.ts) read the values resolved here. Thresholds that follow a tier's size (the
// database's and search's free storage) default in that tier's monitoring file, from what the tier sets. The
// "scaling has not caught up" alarms default to the scaling thresholds of the tiers (`ScalingThresholds`).

const DEFAULT_ERROR_RATE_PERCENT = 1;
const DEFAULT_REPLICATION_LAG = Duration.seconds(30);
const DEFAULT_DATABASE_CPU_PERCENT = 80;
const DEFAULT_DATABASE_FREEABLE_MEMORY = Size.gibibytes(3);
const DEFAULT_CACHE_CPU_PERCENT = 90;
const DEFAULT_CACHE_MEMORY_PERCENT = 80;
const DEFAULT_CACHE_EVICTIONS = 0;
const DEFAULT_SEARCH_JVM_PERCENT = 80;
const DEFAULT_BROKER_MEMORY_PERCENT = 80;
const DEFAULT_BROKER_DISK_MULTIPLE = 2;
const DEFAULT_BROKER_CPU_PERCENT = 80;

/** The thresholds both the CloudWatch alarms and the Prometheus rules use. */
export interface RuleThresholds {
  readonly errorRatePercent: number;
  readonly replicationLag: Duration;
}

/** What the tiers scale on: the defaults of the alarms that say scaling has not caught up. */
export interface ScalingThresholds {
  /** The app tier's CPU target (`AppTier.cpuTargetUtilizationPercent`). */
  readonly appCpuTargetPercent: number;
  /** The app tier's p99 scale-out threshold (`AppTier.p99LatencyScaleOutThreshold`). */
  readonly appP99ScaleOut: Duration;
  /** The workers' queue-depth scale-out threshold (`WorkerTier.queueDepthScaleOutThreshold`). */
  readonly queueDepthScaleOut: number;
}

/** Every alert threshold, defaults applied. */
export interface AlertThresholds extends RuleThresholds {
  readonly cpuPercent: number;
  readonly databaseConnectionsPercent: number;
  readonly p99Latency: Duration;
  readonly queueDepth: number;
  readonly databaseCpuPercent: number;
  /** Undefined: the database monitoring defaults it from the database's storage. */
  readonly databaseFreeStorage?: Size;
  readonly databaseFreeableMemory: Size;
  readonly cacheCpuPercent: number;
  readonly cacheMemoryPercent: number;
  readonly cacheEvictions: number;
  /** Undefined: the search monitoring defaults it from a data node's volume. */
  readonly searchFreeStorage?: Size;
  readonly searchJvmPercent: number;
  readonly brokerMemoryPercent: number;
  readonly brokerDiskMultiple: number;
  readonly brokerCpuPercent: number;
}

/** The error rate and replication lag thresholds, checked and with their defaults. */
export function resolveRuleThresholds(options: { errorRatePercent?: number; replicationLagThreshold?: Duration }): RuleThresholds {
  checkPercent('errorRatePercent', options.errorRatePercent);
  const lag = concreteDuration('replicationLagThreshold', options.replicationLagThreshold);
  const ms = lag?.toMilliseconds({ integral: false });
  // RDS and ElastiCache report replication lag in whole seconds.
  if (ms !== undefined && (ms % 1000 !== 0 || ms < 1000 || ms > 3_600_000)) {
    fail('replicationLagThreshold', 'be a whole number of seconds from 1 second to 1 hour', lag);
  }
  return {
    errorRatePercent: options.errorRatePercent ?? DEFAULT_ERROR_RATE_PERCENT,
    replicationLag: options.replicationLagThreshold ?? DEFAULT_REPLICATION_LAG,
  };
}

/** Every threshold of the options, checked and with its default. */
export function resolveAlertThresholds(options: PlatformAlertingOptions, scaling: ScalingThresholds): AlertThresholds {
  const rules = resolveRuleThresholds(options);
  checkPercent('cpuThresholdPercent', options.cpuThresholdPercent);
  checkPercent('databaseConnectionsPercent', options.databaseConnectionsPercent);
  checkPercent('databaseCpuThresholdPercent', options.databaseCpuThresholdPercent);
  checkPercent('cacheCpuThresholdPercent', options.cacheCpuThresholdPercent);
  checkPercent('cacheMemoryUsagePercent', options.cacheMemoryUsagePercent);
  checkPercent('searchJvmMemoryPressurePercent', options.searchJvmMemoryPressurePercent);
  checkPercent('brokerMemoryUsagePercent', options.brokerMemoryUsagePercent);
  checkPercent('brokerCpuThresholdPercent', options.brokerCpuThresholdPercent);
  checkP99Latency('p99LatencyThreshold', options.p99LatencyThreshold);
  checkInteger('queueDepthThreshold', options.queueDepthThreshold, 1);
  checkInteger('cacheEvictionsThreshold', options.cacheEvictionsThreshold, 0);
  checkNumber('brokerDiskFreeLimitMultiple', options.brokerDiskFreeLimitMultiple, { greaterThan: 1, max: 100 },
    'be greater than 1 (at 1 RabbitMQ already blocks publishers) and at most 100');
  checkSize('databaseFreeStorageThreshold', options.databaseFreeStorageThreshold, 1);
  checkSize('databaseFreeableMemoryThreshold', options.databaseFreeableMemoryThreshold, 1);
  checkSize('searchFreeStorageThreshold', options.searchFreeStorageThreshold, 1);

  return {
    ...rules,
    // The tiers scale on these: above them for 15 minutes, scaling has not caught up.
    cpuPercent: options.cpuThresholdPercent ?? scaling.appCpuTargetPercent,
    p99Latency: options.p99LatencyThreshold ?? scaling.appP99ScaleOut,
    queueDepth: options.queueDepthThreshold ?? scaling.queueDepthScaleOut,
    // Where Aurora adds readers; a Multi-AZ instance has no reader scaling, the same share warns.
    databaseConnectionsPercent: options.databaseConnectionsPercent ?? CONNECTIONS_SCALING_SHARE * 100,
    databaseCpuPercent: options.databaseCpuThresholdPercent ?? DEFAULT_DATABASE_CPU_PERCENT,
    databaseFreeStorage: options.databaseFreeStorageThreshold,
    databaseFreeableMemory: options.databaseFreeableMemoryThreshold ?? DEFAULT_DATABASE_FREEABLE_MEMORY,
    cacheCpuPercent: options.cacheCpuThresholdPercent ?? DEFAULT_CACHE_CPU_PERCENT,
    cacheMemoryPercent: options.cacheMemoryUsagePercent ?? DEFAULT_CACHE_MEMORY_PERCENT,
    cacheEvictions: options.cacheEvictionsThreshold ?? DEFAULT_CACHE_EVICTIONS,
    searchFreeStorage: options.searchFreeStorageThreshold,
    searchJvmPercent: options.searchJvmMemoryPressurePercent ?? DEFAULT_SEARCH_JVM_PERCENT,
    brokerMemoryPercent: options.brokerMemoryUsagePercent ?? DEFAULT_BROKER_MEMORY_PERCENT,
    brokerDiskMultiple: options.brokerDiskFreeLimitMultiple ?? DEFAULT_BROKER_DISK_MULTIPLE,
    brokerCpuPercent: options.brokerCpuThresholdPercent ?? DEFAULT_BROKER_CPU_PERCENT,
  };
}
