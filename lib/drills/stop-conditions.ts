import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { DrillZoneAlarms, PlatformDrillsProps } from './platform-drills';

/** AWS FIS quota "Stop conditions per experiment template" (L-872EC72B): 5, not adjustable. */
export const MAX_STOP_CONDITIONS = 5;

/** The CloudWatch alarm source of an AWS FIS stop condition. */
const ALARM_SOURCE = 'aws:cloudwatch:alarm';

/** The alarms of the given zones (0 = zone 1): Zone Down, then High Error Rate when there is one. */
function zoneAlarmsOf(alarms: DrillZoneAlarms[] | undefined, zones: number[]): cloudwatch.IAlarm[] {
  return zones.flatMap((zone) => {
    const zoneAlarms = alarms?.[zone];
    return zoneAlarms ? [zoneAlarms.down, ...(zoneAlarms.highErrorRate ? [zoneAlarms.highErrorRate] : [])] : [];
  });
}

/**
 * The alarms that stop a drill: those that mean customers are hurt beyond what the drill expects.
 * - A zone drill (`zoneUnderTest` given) expects its zone to be down and failing: its own zone's alarms are the drill
 *   working and never stop it. It stops when the other zone, which must carry all the traffic, goes down or fails
 *   requests, or on a platform-wide alarm.
 * - Any other drill expects both zones to keep serving, with at most a blip of errors: it stops on either zone's
 *   alarms, or on a platform-wide alarm.
 */
export function stopAlarmsFor(props: PlatformDrillsProps, zoneUnderTest?: number): cloudwatch.IAlarm[] {
  const zones = zoneUnderTest === undefined ? [0, 1] : [1 - zoneUnderTest];
  const alarms = [...zoneAlarmsOf(props.zoneAlarms, zones), ...(props.platformAlarms ?? [])];
  return alarms.filter((alarm, index) => alarms.indexOf(alarm) === index);
}

/** The stop conditions of a template: one per alarm, or `none` when there is no alarm. */
export function stopConditionsOf(alarms: cloudwatch.IAlarm[]): Array<{ source: string; value?: string }> {
  return alarms.length === 0
    ? [{ source: 'none' }]
    : alarms.map((alarm) => ({ source: ALARM_SOURCE, value: alarm.alarmArn }));
}

/** The most zone alarms any one drill stops on: both zones' in the app server, database and cache drills. */
export function mostZoneAlarmsPerDrill(props: PlatformDrillsProps): number {
  return zoneAlarmsOf(props.zoneAlarms, [0, 1]).length;
}
