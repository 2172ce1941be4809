import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MessagingTier } from '../../messaging/messaging-tier';
import { warn } from '../../private/acknowledgements';
import { show } from '../../private/validation';
import { AlarmFactory, HEALTH_WARNING, NOTIFY, SUSTAINED } from '../alarm-spec';
import { AlertThresholds } from '../alert-thresholds';
import { brokerDiskFreeMultiple, brokerMemoryUsedPercent, showGiB } from '../broker-node-metrics';
import { graph, MINUTE, THIRD } from '../dashboard-widgets';

// The broker's alarms and dashboard panels: the queue depth the workers scale on, and each node's memory, disk
// and CPU.

/** Queue depth, and the memory, disk and CPU of the broker's nodes. */
export function messagingAlarms(alarms: AlarmFactory, messaging: MessagingTier, thresholds: AlertThresholds): void {
  const depth = thresholds.queueDepth;
  alarms.addAlarm('HighQueueDepth', {
    // The broker publishes its message count every minute, 0 included: a gap is the broker, watched below.
    ...HEALTH_WARNING,
    metric: messaging.metricMessageCount({ statistic: cloudwatch.Stats.MAXIMUM, period: SUSTAINED.period }),
    threshold: depth,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    implements: 'Queue depth (scaling has not caught up)',
    condition: `More than ${depth} messages have waited on the broker for 15 minutes although the workers scale ` +
      'out on the queue depth within minutes: they are at their maximum, or not consuming.',
    action: `${NOTIFY}: add workers (raise workers.maxInstancesPerZone, or check that the workers consume)`,
  });
  brokerNodeAlarms(alarms, messaging, thresholds);
}

/**
 * Memory, disk and CPU of the broker's nodes. RabbitMQ raises its memory and disk alarms per node, and one
 * node's alarm blocks every publisher of the cluster: the alarms watch the node with the least headroom, not
 * the cluster's totals (which average the nodes).
 */
function brokerNodeAlarms(alarms: AlarmFactory, messaging: MessagingTier, thresholds: AlertThresholds): void {
  const { hostInstanceType, nodeMemoryLimitBytes: memoryLimit, nodeDiskFreeLimitBytes: diskLimit } = messaging;
  if (memoryLimit === undefined || diskLimit === undefined) {
    warn(alarms.scope, 'observability.broker-node-limits-unknown',
      'RabbitMQ\'s per-node memory and disk limits are not known for the broker\'s instance type ' +
      `(${show(messaging.hostInstanceType)}): BrokerHighMemory and BrokerLowDisk watch the cluster's totals, ` +
      'which average the three nodes and can stay low while one node reaches its limit and blocks every publisher. ' +
      'Use an mq.m7g or mq.m5 instance type (`messaging.hostInstanceType`) for per-node alarms.');
  }
  const blocks = 'RabbitMQ raises its alarm on that node and blocks every publisher of the cluster.';
  const averageOnly = ' (this alarm sees the average node: one node can reach its limit first)';

  const memory = thresholds.brokerMemoryPercent;
  alarms.addAlarm('BrokerHighMemory', {
    ...HEALTH_WARNING,
    metric: brokerMemoryUsedPercent(messaging, SUSTAINED.period),
    threshold: memory,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    implements: 'Broker health (memory alarm)',
    condition: (memoryLimit !== undefined
      ? `A broker node has used more than ${memory} % of its memory limit (${showGiB(memoryLimit)} on ` +
        `${hostInstanceType}) for 15 minutes`
      : `The broker's nodes together have used more than ${memory} % of their memory limits for 15 minutes${averageOnly}`) +
      `; at the limit ${blocks}`,
    action: `${NOTIFY}: drain the queues (consumers), spread queue leaders over the nodes, or scale the broker instance type up`,
  });

  const disk = thresholds.brokerDiskMultiple;
  alarms.addAlarm('BrokerLowDisk', {
    ...HEALTH_WARNING,
    metric: brokerDiskFreeMultiple(messaging, SUSTAINED.period),
    threshold: disk,
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    implements: 'Broker health (disk alarm)',
    condition: (diskLimit !== undefined
      ? `A broker node's free disk has been below ${disk} times its free disk limit (${showGiB(diskLimit)} ` +
        `on ${hostInstanceType}) for 15 minutes`
      : `The broker's nodes together have had less than ${disk} times their free disk limits for 15 minutes${averageOnly}`) +
      `; at the limit ${blocks}`,
    action: `${NOTIFY}: drain the queues (consumers)`,
  });

  const cpu = thresholds.brokerCpuPercent;
  alarms.addAlarm('BrokerHighCpu', {
    ...HEALTH_WARNING,
    metric: messaging.metricNodeCpuUtilization({ period: SUSTAINED.period }),
    threshold: cpu,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    implements: 'Broker health (node CPU)',
    condition: `The busiest broker node's CPU has peaked above ${cpu} % in each 5-minute period for 15 minutes.`,
    action: `${NOTIFY}: find the node on the dashboard (Broker: CPU by node); reduce connection churn and ` +
      'unacknowledged messages, spread queue leaders over the nodes, or scale the broker instance type up',
  });
}

/** Title of the broker's key panel, at the top of the dashboard. */
export const QUEUE_TITLE = 'Queue depth and processing rate';

/** Key panel: the queue depth, and the publish and acknowledge rates. */
export function messagingQueuePanel(messaging: MessagingTier): cloudwatch.IWidget {
  return graph(QUEUE_TITLE, [
    messaging.metricMessageCount({ period: MINUTE, label: 'Queue depth (ready + unacknowledged)' }),
  ], {
    width: THIRD,
    leftLabel: 'Messages',
    right: [
      messaging.metricPublishRate({ period: MINUTE, label: 'Published / s' }),
      messaging.metricAckRate({ period: MINUTE, label: 'Processed (acknowledged) / s' }),
    ],
    rightLabel: 'Messages / second',
  });
}

/**
 * The broker's row, per node: RabbitMQ blocks every publisher when one node reaches its memory or disk limit, and
 * the broker-level metrics of a cluster add the three nodes up. A graph takes one Metrics Insights query: the limits,
 * the same on every node, are lines drawn at Amazon MQ's published values.
 */
export function messagingWidgets(messaging: MessagingTier): cloudwatch.IWidget[] {
  const limitLine = (bytes: number | undefined, label: string): cloudwatch.HorizontalAnnotation[] | undefined =>
    bytes === undefined ? undefined : [{ value: bytes, label: `${label} (${showGiB(bytes)} per node): publishers block` }];
  return [
    graph('Broker: CPU by node', [messaging.metricByNode('SystemCpuUtilization', { period: MINUTE })], { leftLabel: 'Percent', max: 100 }),
    graph('Broker: memory used by node', [messaging.metricByNode('RabbitMQMemUsed', { period: MINUTE })], {
      leftLabel: 'Bytes', annotations: limitLine(messaging.nodeMemoryLimitBytes, 'Memory limit'),
    }),
    graph('Broker: free disk by node', [messaging.metricByNode('RabbitMQDiskFree', { period: MINUTE })], {
      leftLabel: 'Bytes', annotations: limitLine(messaging.nodeDiskFreeLimitBytes, 'Free disk limit'),
    }),
    graph('Broker: consumers and connections', [
      messaging.metricConsumerCount({ period: MINUTE, label: 'Consumers' }),
      messaging.metricConnectionCount({ period: MINUTE, label: 'Connections' }),
      messaging.metricMessageReadyCount({ period: MINUTE, label: 'Ready messages' }),
    ]),
  ];
}
