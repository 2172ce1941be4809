import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { WorkerTier } from '../../workers/worker-tier';
import { AlarmFactory, SUSTAINED } from '../alarm-spec';
import { graph, HALF, indexes, MINUTE } from '../dashboard-widgets';
import { belowMinimumAlarm } from './fleet-alarms';

// The workers' alarms and dashboard row. Their scaling signal, the queue depth, is the messaging tier's.

/** Workers in service below the minimum, for each zone. */
export function workerAlarms(alarms: AlarmFactory, workers: WorkerTier): void {
  workers.minInstancesPerZone.forEach((minimum, zone) => {
    belowMinimumAlarm(alarms, `Zone${zone + 1}WorkersBelowMinimum`, 'workers', zone + 1, minimum,
      workers.metricInServiceInstances(zone, { period: SUSTAINED.period }));
  });
}

/** The workers' row: in service and CPU, by zone. */
export function workerWidgets(workers: WorkerTier): cloudwatch.IWidget[] {
  const zones = indexes(workers.autoScalingGroups.length);
  return [
    graph('Workers: in service', zones.map((zone) => workers.metricInServiceInstances(zone, {
      period: MINUTE, label: `Zone ${zone + 1} in service (min)`,
    })), { width: HALF, leftLabel: 'Instances' }),
    graph('Workers: CPU utilization', zones.map((zone) => workers.metricCpuUtilization(zone, {
      period: MINUTE, label: `Zone ${zone + 1} average`,
    })), { width: HALF, leftLabel: 'Percent', max: 100 }),
  ];
}
