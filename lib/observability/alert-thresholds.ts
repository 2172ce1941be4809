import { Duration, Size } from 'aws-cdk-lib';
import type { PlatformAlertingOptions } from './platform-alerting';
import { checkDuration, checkInteger, checkNumber, checkPercent, checkSize, concreteDuration, fail } from '../private/validation';

// Every alert threshold's default and rule, declared once: the CloudWatch alarms (tiers/*-monitoring.ts) and the
// Prometheus rules (managed-prometheus.ts) read the values resolved here. Thresholds that follow a tier's size (the
// database's and search's free storage) default in that tier's monitoring file, from what the tier sets.

const DEFAULT_ERROR_RATE_PERCENT = 1;
const DEFAULT_REPLICATION_LAG = Duration.seconds(30);
const DEFAULT_DATABASE_CONNECTIONS_PERCENT = 80;
const DEFAULT_P99_LATENCY = Duration.millis(500);
const DEFAULT_QUEUE_DEPTH = 10_000;
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
export function resolveAlertThresholds(options: PlatformAlertingOptions, appCpuTargetPercent: number): AlertThresholds {
  const rules = resolveRuleThresholds(options);
  checkPercent('cpuThresholdPercent', options.cpuThresholdPercent);
  checkPercent('databaseConnectionsPercent', options.databaseConnectionsPercent);
  checkPercent('databaseCpuThresholdPercent', options.databaseCpuThresholdPercent);
  checkPercent('cacheCpuThresholdPercent', options.cacheCpuThresholdPercent);
  checkPercent('cacheMemoryUsagePercent', options.cacheMemoryUsagePercent);
  checkPercent('searchJvmMemoryPressurePercent', options.searchJvmMemoryPressurePercent);
  checkPercent('brokerMemoryUsagePercent', options.brokerMemoryUsagePercent);
  checkPercent('brokerCpuThresholdPercent', options.brokerCpuThresholdPercent);
  checkDuration('p99LatencyThreshold', options.p99LatencyThreshold, Duration.millis(10), Duration.seconds(60));
  checkInteger('queueDepthThreshold', options.queueDepthThreshold, 1);
  checkInteger('cacheEvictionsThreshold', options.cacheEvictionsThreshold, 0);
  checkNumber('brokerDiskFreeLimitMultiple', options.brokerDiskFreeLimitMultiple, { greaterThan: 1, max: 100 },
    'be greater than 1 (at 1 RabbitMQ already blocks publishers) and at most 100');
  checkSize('databaseFreeStorageThreshold', options.databaseFreeStorageThreshold, 1);
  checkSize('databaseFreeableMemoryThreshold', options.databaseFreeableMemoryThreshold, 1);
  checkSize('searchFreeStorageThreshold', options.searchFreeStorageThreshold, 1);

  return {
    ...rules,
    // Target tracking holds the app servers at their CPU target: above it for long, scaling has not caught up.
    cpuPercent: options.cpuThresholdPercent ?? appCpuTargetPercent,
    databaseConnectionsPercent: options.databaseConnectionsPercent ?? DEFAULT_DATABASE_CONNECTIONS_PERCENT,
    p99Latency: options.p99LatencyThreshold ?? DEFAULT_P99_LATENCY,
    queueDepth: options.queueDepthThreshold ?? DEFAULT_QUEUE_DEPTH,
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
