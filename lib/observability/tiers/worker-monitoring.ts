import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { WorkerTier } from '../../workers/worker-tier';
import { AlarmFactory, SUSTAINED } from '../alarm-spec';
import { HALF } from '../dashboard-widgets';
import { belowMinimumAlarm, fleetGraphs } from './fleet-monitoring';

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
  return fleetGraphs(workers, 'Workers', HALF);
}
