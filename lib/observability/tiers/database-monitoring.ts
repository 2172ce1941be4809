import { ArnFormat, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { DatabaseTier } from '../../database/database-tier';
import { warn } from '../../private/acknowledgements';
import { isToken } from '../../private/validation';
import { AlarmFactory, CHECK_NETWORK, checkFreeStorageBelow, HEALTH_WARNING, NOTIFY, REPLICATION_LAG, Severity, showDuration, showSize, SUSTAINED } from '../alarm-spec';
import { AlertThresholds, RuleThresholds } from '../alert-thresholds';
import { graph, MINUTE, THIRD } from '../dashboard-widgets';
import { PrometheusRule, replicationLagRule } from '../prometheus-rule';

// The database's alarms, its failover rule and its dashboard panels: the primary (or Aurora writer) and its replica.

const DEFAULT_FREE_STORAGE_SHARE = 0.1;
const DEFAULT_AURORA_FREE_LOCAL_STORAGE = Size.gibibytes(10);

/** What a database failover event tells the team to do. */
const FAILOVER_ACTION = `${NOTIFY}: confirm the new primary serves and the app reconnected through the writer endpoint`;

/** Replication lag, connections, CPU, free storage and freeable memory alarms, and the failover rule. */
export function databaseAlarms(alarms: AlarmFactory, database: DatabaseTier, thresholds: AlertThresholds): void {
  const aurora = database.cluster !== undefined;
  const lag = thresholds.replicationLag;
  alarms.addAlarm('DatabaseReplicationLag', {
    metric: database.metricReplicationLag({ period: REPLICATION_LAG.period }),
    threshold: database.replicationLagThreshold(lag),
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    window: REPLICATION_LAG,
    // A replica being created or replaced reports nothing; its unavailability is an RDS event (DatabaseFailover).
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    severity: Severity.WARNING,
    implements: 'Replication Lag',
    condition: aurora
      ? `An Aurora reader has lagged the writer by more than ${showDuration(lag)} for 3 minutes: reads there are ` +
        'stale, and a failover to it would take longer.'
      : `The read replica in zone 2 has lagged the primary by more than ${showDuration(lag)} for 3 minutes: reads ` +
        'there are stale.',
    action: `${CHECK_NETWORK}: the connectivity between the zones (AWS Health Dashboard), then the replica's CPU and I/O`,
  });
  connectionsAlarm(alarms, database, thresholds);
  healthAlarms(alarms, database, thresholds);
  failoverRule(alarms, database);
}

function connectionsAlarm(alarms: AlarmFactory, database: DatabaseTier, thresholds: AlertThresholds): void {
  const aurora = database.cluster !== undefined;
  const percent = thresholds.databaseConnectionsPercent;
  if (isToken(database.maxConnections)) {
    warn(alarms.scope, 'observability.MaxConnectionsUnknown',
      '`database.maxConnections` is not known at synth time: no DatabaseHighConnections alarm.');
    return;
  }
  const threshold = database.maxConnections * percent / 100;
  alarms.addAlarm('DatabaseHighConnections', {
    metric: database.metricDatabaseConnections({ period: SUSTAINED.period }),
    threshold,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    window: SUSTAINED,
    // No datapoint means no instance to connect to: the DatabaseFailover events report that.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    severity: Severity.WARNING,
    implements: 'Database connections (scaling has not caught up)',
    condition: `The ${aurora ? 'Aurora writer' : 'primary'} has held more than ${threshold} connections ` +
      `(${percent} % of max_connections ${database.maxConnections}) for 15 minutes.`,
    action: aurora
      ? `${NOTIFY}: add read replicas (Aurora adds readers on reader connections; move reads off the writer)`
      : `${NOTIFY}: add read replicas (send reads to the replica, or pool connections)`,
  });
}

/** CPU, free storage and freeable memory of the primary (or Aurora writer). */
function healthAlarms(alarms: AlarmFactory, database: DatabaseTier, thresholds: AlertThresholds): void {
  const aurora = database.cluster !== undefined;
  const writer = aurora ? 'Aurora writer' : 'primary';
  const cpu = thresholds.databaseCpuPercent;
  alarms.addAlarm('DatabaseHighCpu', {
    // RDS publishes every minute while the instance runs: a gap means it is down (an RDS event says so).
    ...HEALTH_WARNING,
    metric: database.metricCpuUtilization({ period: SUSTAINED.period }),
    threshold: cpu,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    implements: 'Database health (CPU)',
    condition: `The ${writer} has used more than ${cpu} % CPU for 15 minutes.`,
    action: `${NOTIFY}: find the expensive queries (Performance Insights), or scale the instance class up`,
  });

  const storage = thresholds.databaseFreeStorage ?? defaultFreeStorage(database);
  alarms.addAlarm('DatabaseLowFreeStorage', {
    ...HEALTH_WARNING,
    metric: database.metricFreeStorageSpace({ period: SUSTAINED.period }),
    threshold: storage.toBytes(),
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    implements: 'Database health (free storage)',
    condition: aurora
      ? `The Aurora writer has had less than ${showSize(storage)} of local storage (temporary tables, logs) for 15 minutes.`
      : `The primary has had less than ${showSize(storage)} of free storage for 15 minutes; storage autoscaling ` +
        'may have reached its maximum.',
    action: aurora
      ? `${NOTIFY}: find what fills local storage (temporary tables, sorts, logs), or scale the instance class up`
      : `${NOTIFY}: raise database.maxAllocatedStorageGiB, or find what fills the disk (logs, temporary files, bloat)`,
  });

  const memory = thresholds.databaseFreeableMemory;
  alarms.addAlarm('DatabaseLowFreeableMemory', {
    ...HEALTH_WARNING,
    metric: database.metricFreeableMemory({ period: SUSTAINED.period }),
    threshold: memory.toBytes(),
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    implements: 'Database health (freeable memory)',
    condition: `The ${writer} has had less than ${showSize(memory)} of freeable memory for 15 minutes: it is about to swap.`,
    action: `${NOTIFY}: lower connections or work_mem, or scale the instance class up`,
  });
}

/**
 * Database Failover: RDS failover, availability (shutdown, restart) and failure events of the primary (and the
 * replica), or of the Aurora cluster and its instances, to the warning topic.
 */
function failoverRule(alarms: AlarmFactory, database: DatabaseTier): void {
  const stack = Stack.of(alarms.scope);
  const resources = database.cluster
    ? [
      database.cluster.clusterArn,
      ...database.cluster.instanceIdentifiers.map((identifier) => stack.formatArn({
        service: 'rds', resource: 'db', resourceName: identifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })),
    ]
    : [database.instance!.instanceArn, database.readReplica!.instanceArn];
  const field = (path: string) => events.EventField.fromPath(path);
  const rule = new events.Rule(alarms.scope, 'DatabaseFailover', {
    description: 'Database Failover (primary unavailable): RDS failover, availability and failure events of the ' +
      `platform's database. Action: ${FAILOVER_ACTION}.`,
    eventPattern: {
      source: ['aws.rds'],
      detailType: ['RDS DB Instance Event', 'RDS DB Cluster Event'],
      resources,
      detail: { EventCategories: ['failover', 'availability', 'failure'] },
    },
  });
  rule.addTarget(new targets.SnsTopic(alarms.topicFor(Severity.WARNING), {
    message: events.RuleTargetInput.fromText(
      `Database Failover: ${field('$.detail.EventID')} on ${field('$.detail.SourceIdentifier')} ` +
      `at ${field('$.time')}: ${field('$.detail.Message')}. Action: ${FAILOVER_ACTION}.`),
  }));
  alarms.addRule('DatabaseFailover', rule);
}

/** A free storage threshold must stay below the storage the database has. */
export function validateDatabaseThresholds(database: DatabaseTier, thresholds: AlertThresholds): void {
  checkFreeStorageBelow('databaseFreeStorageThreshold', thresholds.databaseFreeStorage, allocatedStorageGiB(database),
    'the database\'s allocated storage');
}

/** 10 % of the RDS instance's allocated storage, or 10 GiB of Aurora local storage. */
function defaultFreeStorage(database: DatabaseTier): Size {
  const allocated = allocatedStorageGiB(database);
  return allocated === undefined
    ? DEFAULT_AURORA_FREE_LOCAL_STORAGE
    : Size.mebibytes(Math.round(allocated * 1024 * DEFAULT_FREE_STORAGE_SHARE));
}

/** The allocated storage of the primary, in GiB; undefined for Aurora or when it is a Token. */
function allocatedStorageGiB(database: DatabaseTier): number | undefined {
  const allocated = database.allocatedStorageGiB;
  return allocated === undefined || isToken(allocated) ? undefined : allocated;
}

/** Title of the database's key panel, at the top of the dashboard. */
export const REPLICATION_LAG_TITLE = 'Database replication lag';

/** Key panel: how far the replica (or Aurora readers) lags. */
export function databaseReplicationPanel(database: DatabaseTier): cloudwatch.IWidget {
  const aurora = database.cluster !== undefined;
  return graph(REPLICATION_LAG_TITLE, [database.metricReplicationLag({
    period: MINUTE, label: aurora ? 'Aurora readers (max, ms)' : 'Read replica (max, s)',
  })], { width: THIRD, leftLabel: aurora ? 'Milliseconds' : 'Seconds' });
}

/** The database's row: CPU, connections (against max_connections), free storage and freeable memory. */
export function databaseWidgets(database: DatabaseTier): cloudwatch.IWidget[] {
  const writer = database.cluster ? 'Writer' : 'Primary';
  const maxConnections = isToken(database.maxConnections)
    ? []
    : [{ value: database.maxConnections, label: `max_connections (${database.maxConnections})` }];
  return [
    graph('Database: CPU utilization', [
      database.metricCpuUtilization({ period: MINUTE, label: `${writer} CPU` }),
    ], { leftLabel: 'Percent', max: 100 }),
    graph('Database: connections', [
      database.metricDatabaseConnections({ period: MINUTE, label: `${writer} connections (max)` }),
    ], { leftLabel: 'Connections', annotations: maxConnections }),
    graph('Database: free storage', [
      database.metricFreeStorageSpace({ period: MINUTE, label: database.cluster ? 'Writer free local storage' : 'Primary free storage' }),
    ], { leftLabel: 'Bytes' }),
    graph('Database: freeable memory', [
      database.metricFreeableMemory({ period: MINUTE, label: `${writer} freeable memory` }),
    ], { leftLabel: 'Bytes' }),
  ];
}

/** Prometheus DatabaseFailover: exporters report, but none reaches a writable primary. */
export function databaseFailoverPrometheusRule(): PrometheusRule {
  return {
    alert: 'DatabaseFailover',
    expr: 'count(pg_up) > 0 unless on () '
      + 'count((pg_up == 1) and on (job, instance) (pg_replication_is_replica == 0))',
    for: '1m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'The database primary is unavailable',
      description: 'postgres_exporter reports, but no exporter has reached a writable primary for 1 minute: '
        + 'a failover is under way or the primary is down.',
    },
  };
}

/** Prometheus ReplicationLag of the database, at the alarms' threshold. */
export function databaseReplicationLagPrometheusRule(thresholds: RuleThresholds): PrometheusRule {
  return replicationLagRule(thresholds, 'database', 'pg_replication_lag_seconds', 'Database',
    'Replica {{ $labels.instance }} is {{ $value }} s behind the primary: check the network between the zones.');
}
