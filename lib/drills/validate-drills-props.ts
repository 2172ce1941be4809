import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { DrillRecoveryPredictions, PlatformDrillsProps } from './platform-drills';
import { MAX_STOP_CONDITIONS, mostZoneAlarmsPerDrill } from './stop-conditions';
import { warn } from '../private/acknowledgements';
import { checkDuration, checkList, checkNumber, concreteDuration, fail, isToken } from '../private/validation';

/** AWS FIS action durations: "from one minute to 12 hours" (AWS FIS User Guide, "Actions reference"). */
export const MIN_DURATION = Duration.minutes(1);
export const MAX_DURATION = Duration.hours(12);
/** AWS FIS quota "Target Subnets for aws:network:disrupt-connectivity" (L-1F59732D): 5 by default, adjustable. */
const MAX_SUBNETS_PER_ACTION = 5;

const PREDICTIONS: Array<keyof DrillRecoveryPredictions> = ['zone1Loss', 'zone2Loss', 'appServer', 'databasePrimary', 'cachePrimary'];

/** Checks the drills' props before anything is created. Tokens are skipped. */
export function validateDrillsProps(scope: Construct, props: PlatformDrillsProps): void {
  checkFisDuration(props.duration);
  checkZones(scope, props);
  if (props.databaseCluster && props.databaseInstance) {
    fail('databaseInstance', 'be left out when `.databaseCluster` is given (the platform has one database)',
      props.databaseInstance.node.path);
  }
  checkAlarms(scope, props);
  for (const name of PREDICTIONS) {
    checkPrediction(`predictedRecoverySeconds.${name}`, props.predictedRecoverySeconds?.[name]);
  }
}

/** Checks a predicted recovery time: a number of seconds, 0 or more. Tokens are skipped. */
export function checkPrediction(propPath: string, seconds: number | undefined): void {
  checkNumber(propPath, seconds, { min: 0 }, 'be a number of seconds, 0 or more');
}

/** Checks the drills' duration: whole seconds, within the limits of an AWS FIS action. Tokens are skipped. */
function checkFisDuration(value: Duration | undefined): void {
  const duration = concreteDuration('duration', value);
  if (duration !== undefined && !Number.isInteger(duration.toSeconds({ integral: false }))) {
    fail('duration', 'be a whole number of seconds (AWS FIS takes ISO 8601 durations such as PT10M)', duration.toIsoString());
  }
  checkDuration('duration', value, MIN_DURATION, MAX_DURATION, 'the limits of an AWS FIS action');
}

function checkZones(scope: Construct, props: PlatformDrillsProps): void {
  checkList('zones', props.zones);
  if (!props.zones || props.zones.length !== 2) {
    fail('zones', 'list the 2 serving zones of the platform, zone 1 first', props.zones?.map((zone) => zone?.availabilityZone));
  }
  const [first, second] = props.zones.map((zone) => zone.availabilityZone);
  if (!isToken(first) && first === second) {
    fail('zones', 'list 2 different zones', [first, second]);
  }
  const [zone1Servers, zone2Servers] = props.zones.map((zone) => zone.appServers);
  if (zone1Servers && zone2Servers && Stack.of(zone1Servers) !== Stack.of(zone2Servers)) {
    // The app server drill finds both zones' app servers by their stack's tag.
    fail('zones[1].appServers', 'be in the same stack as `.zones[0].appServers`', zone2Servers.node.path);
  }
  props.zones.forEach((zone, index) => {
    const path = `zones[${index}]`;
    if (!zone.availabilityZone) {
      fail(`${path}.availabilityZone`, 'be the name of the zone, such as eu-west-1a', zone.availabilityZone);
    }
    if (!zone.appServers) {
      fail(`${path}.appServers`, 'be the zone\'s Auto Scaling group of app servers', zone.appServers);
    }
    checkList(`${path}.subnets`, zone.subnets);
    if (!zone.subnets || zone.subnets.length === 0) {
      fail(`${path}.subnets`, 'list the zone\'s subnets to cut (its private and isolated subnets)', zone.subnets);
    }
    for (const subnet of zone.subnets) {
      const az = subnet.availabilityZone;
      if (!isToken(az) && !isToken(zone.availabilityZone) && az !== zone.availabilityZone) {
        fail(`${path}.subnets`, `all be in zone ${index + 1} (${zone.availabilityZone}): the zone drill cuts them`,
          `${subnet.subnetId === undefined || Token.isUnresolved(subnet.subnetId) ? subnet.node.path : subnet.subnetId} in ${az}`);
      }
    }
    if (zone.subnets.length > MAX_SUBNETS_PER_ACTION) {
      warn(scope, 'drills.SubnetQuota',
        `Zone ${index + 1}'s drill cuts ${zone.subnets.length} subnets: AWS FIS cuts at most ${MAX_SUBNETS_PER_ACTION} per ` +
        'action by default, and the drill fails when it starts. Raise the quota "Target Subnets for ' +
        'aws:network:disrupt-connectivity" (L-1F59732D) in Service Quotas first.');
    }
  });
}

function checkAlarms(scope: Construct, props: PlatformDrillsProps): void {
  checkList('zoneAlarms', props.zoneAlarms);
  if (props.zoneAlarms !== undefined) {
    if (props.zoneAlarms.length !== 2) {
      fail('zoneAlarms', 'list the alarms of the 2 zones, zone 1 first', props.zoneAlarms.length);
    }
    props.zoneAlarms.forEach((alarms, index) => {
      if (!alarms?.down) {
        fail(`zoneAlarms[${index}].down`, `be zone ${index + 1}'s Zone Down alarm`, alarms?.down);
      }
    });
  }
  checkList('platformAlarms', props.platformAlarms);
  const platform = new Set(props.platformAlarms ?? []).size;
  const room = MAX_STOP_CONDITIONS - mostZoneAlarmsPerDrill(props);
  if (platform > room) {
    fail('platformAlarms', `hold at most ${room} alarm${room === 1 ? '' : 's'} (AWS FIS allows ${MAX_STOP_CONDITIONS} stop ` +
      'conditions per experiment template, and the app server, database and cache drills also stop on both zones\' alarms)',
    platform);
  }
  if (props.zoneAlarms === undefined && platform === 0) {
    warn(scope, 'drills.NoStopConditions',
      'The drills have no alarm to stop on (`zoneAlarms`, `platformAlarms`): an experiment runs its full duration ' +
      'however much customers are hurt, until someone runs `aws fis stop-experiment`.');
  }
}
