import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { warn } from '../../private/acknowledgements';
import { ServerTier } from '../../private/server-tier';
import { AlarmFactory, HEALTH_WARNING, NOTIFY } from '../alarm-spec';
import { graph, indexes, MINUTE } from '../dashboard-widgets';

// What the app servers' and the workers' Auto Scaling groups share: the in-service count against the minimum, and
// the in-service and CPU graphs of their dashboard rows.

/**
 * Fewer instances in service than the group's minimum, for 15 minutes: longer than a routine replacement. No alarm
 * (a warning instead) when the minimum is not known at synth time.
 */
export function belowMinimumAlarm(alarms: AlarmFactory, id: string, what: string, zone: number,
  minimum: number, metric: cloudwatch.IMetric): void {
  if (Token.isUnresolved(minimum)) {
    warn(alarms.scope, 'observability.MinimumUnknown',
      `The minimum of zone ${zone}'s ${what} group is not known at synth time: no ${id} alarm.`);
    return;
  }
  alarms.addAlarm(id, {
    // The group publishes its in-service count every minute, 0 included: a gap means the metrics stopped,
    // not the instances, and shows as INSUFFICIENT_DATA rather than a guess.
    ...HEALTH_WARNING,
    metric,
    threshold: minimum,
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    implements: 'Auto Scaling health (in-service instances below the minimum)',
    condition: `Zone ${zone} has had fewer than ${minimum} ${what} in service for 15 minutes, longer than replacing ` +
      'an instance takes: instances fail to launch or to pass their health checks (capacity, image, user data).',
    action: `${NOTIFY}: check the group's activity history`,
  });
}

/** A tier of servers' in-service and CPU graphs, by zone: `<what>: in service`, `<what>: CPU utilization`. */
export function fleetGraphs(tier: ServerTier, what: string, width?: number): cloudwatch.IWidget[] {
  const zones = indexes(tier.autoScalingGroups.length);
  return [
    graph(`${what}: in service`, zones.map((zone) => tier.metricInServiceInstances(zone, {
      period: MINUTE, label: `Zone ${zone + 1} in service (min)`,
    })), { width, leftLabel: 'Instances' }),
    graph(`${what}: CPU utilization`, zones.map((zone) => tier.metricCpuUtilization(zone, {
      period: MINUTE, label: `Zone ${zone + 1} average`,
    })), { width, leftLabel: 'Percent', max: 100 }),
  ];
}
