import {
  DEFAULT_ALLOCATED_STORAGE_GIB, DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW, DEFAULT_READER_MAX, DEFAULT_READER_MIN,
  DEFAULT_TOPOLOGY, MAX_AURORA_READERS, MAX_CONNECTIONS_LIMIT, MAX_PORT, MAX_STORAGE_GIB, MIN_PORT, MIN_STORAGE_GIB,
} from './database-defaults';
import type { DatabaseTierProps } from './database-tier';
import { DatabaseTopology } from './database-topology';
import { minimumAutoscalingCeiling } from './multi-az-instance';
import {
  checkDailyWindow, checkWeeklyWindow, overlapsEveryDay, RDS_MIN_WINDOW_MINUTES,
} from '../private/maintenance-window';
import { checkDays, checkInteger, checkNodeType, fail, isToken } from '../private/validation';

/** Checks the database tier's props before any child is created. */
export function validateDatabaseTierProps(props: DatabaseTierProps): void {
  const topologies = Object.values(DatabaseTopology) as string[];
  if (props.topology !== undefined && !topologies.includes(props.topology)) {
    fail('topology', `be one of ${topologies.join(', ')}`, props.topology);
  }
  const aurora = (props.topology ?? DEFAULT_TOPOLOGY) === DatabaseTopology.AURORA;

  if (props.availabilityZones.length < 2) {
    fail('availabilityZones', 'list the platform\'s 2 zones (zone 1 first)', props.availabilityZones);
  }

  checkNodeType('instanceType', props.instanceType, { prefix: 'db.' });
  if (aurora && props.instanceType !== undefined && !isToken(props.instanceType) && !/^db\.(r|x|t)/.test(props.instanceType)) {
    fail('instanceType', 'be an instance class Aurora PostgreSQL offers (db.r*, db.x2g* or db.t*; ' +
      'Aurora has no db.m classes) when `.topology` is AURORA', props.instanceType);
  }

  // Options of the other topology fail rather than being silently ignored.
  const storage = { allocatedStorageGiB: props.allocatedStorageGiB, maxAllocatedStorageGiB: props.maxAllocatedStorageGiB };
  const readers = { readerMinReplicas: props.readerMinReplicas, readerMaxReplicas: props.readerMaxReplicas };
  const misplaced = aurora
    ? { options: storage, rule: 'be left unset when `.topology` is AURORA (the cluster volume grows on its own)' }
    : { options: readers, rule: 'be left unset unless `.topology` is AURORA (the instance topology has one read replica)' };
  for (const [key, value] of Object.entries(misplaced.options)) {
    if (value !== undefined) {
      fail(key, misplaced.rule, value);
    }
  }

  checkInteger('allocatedStorageGiB', props.allocatedStorageGiB, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  checkInteger('maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  const allocated = props.allocatedStorageGiB ?? DEFAULT_ALLOCATED_STORAGE_GIB;
  const max = props.maxAllocatedStorageGiB;
  if (max !== undefined && !isToken(max) && !isToken(allocated) && max < minimumAutoscalingCeiling(allocated)) {
    fail('maxAllocatedStorageGiB', `be at least 10 % above \`.allocatedStorageGiB\` (${allocated}), ` +
      `so at least ${minimumAutoscalingCeiling(allocated)}, for RDS storage autoscaling`, max);
  }

  checkDays('backupRetentionDays', props.backupRetentionDays, 1, 35);
  checkInteger('maxConnections', props.maxConnections, 1, MAX_CONNECTIONS_LIMIT);
  if (aurora && isToken(props.maxConnections)) {
    fail('maxConnections', 'be a number known at synth time when `.topology` is AURORA ' +
      '(80 % of it is the reader scaling target)', props.maxConnections);
  }

  checkInteger('readerMinReplicas', props.readerMinReplicas, 1, MAX_AURORA_READERS);
  checkInteger('readerMaxReplicas', props.readerMaxReplicas, 1, MAX_AURORA_READERS);
  const readerMin = props.readerMinReplicas ?? DEFAULT_READER_MIN;
  const readerMax = props.readerMaxReplicas ?? DEFAULT_READER_MAX;
  if (aurora && !isToken(readerMin) && !isToken(readerMax) && readerMin > readerMax) {
    fail('readerMinReplicas', `be at most \`.readerMaxReplicas\` (${readerMax})`, readerMin);
  }

  checkInteger('port', props.port, MIN_PORT, MAX_PORT);

  const name = props.databaseName;
  if (name !== undefined && !isToken(name) && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    fail('databaseName', 'be 1 to 63 letters, digits or underscores, starting with a letter', name);
  }

  validateWindows(props);
}


/** The backup and maintenance windows: each well formed and long enough, and never at the same time (RDS refuses it). */
function validateWindows(props: DatabaseTierProps): void {
  const backupText = props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW;
  const maintenanceText = props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  const backupWindow = checkDailyWindow('preferredBackupWindow', backupText, RDS_MIN_WINDOW_MINUTES);
  const maintenance = checkWeeklyWindow('preferredMaintenanceWindow', maintenanceText, RDS_MIN_WINDOW_MINUTES);
  if (backupWindow && maintenance && overlapsEveryDay(backupWindow, maintenance)) {
    fail('preferredMaintenanceWindow', `not overlap \`.preferredBackupWindow\` ('${backupText}')`, maintenanceText);
  }
}
