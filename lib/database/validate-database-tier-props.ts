import {
  DEFAULT_ALLOCATED_STORAGE_GIB, DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW, DEFAULT_READER_MAX, DEFAULT_READER_MIN,
  DEFAULT_TOPOLOGY, MAX_AURORA_READERS, MAX_CONNECTIONS_LIMIT, MAX_PORT, MAX_STORAGE_GIB, MIN_PORT, MIN_STORAGE_GIB,
} from './database-defaults';
import type { DatabaseTierProps } from './database-tier';
import { DatabaseTopology } from './database-topology';
import { minimumAutoscalingCeiling } from './multi-az-instance';
import { checkDays, checkInteger, checkNodeType, fail, isToken } from '../private/validation';

/** Checks the database tier's props before any child is created. */
export function validateDatabaseTierProps(props: DatabaseTierProps): void {
  const topologies = Object.values(DatabaseTopology) as string[];
  if (props.topology !== undefined && !topologies.includes(props.topology)) {
    fail('database.topology', `be one of ${topologies.join(', ')}`, props.topology);
  }
  const aurora = (props.topology ?? DEFAULT_TOPOLOGY) === DatabaseTopology.AURORA;

  if (props.availabilityZones.length < 2) {
    fail('availabilityZones', 'list the platform\'s 2 zones (zone 1 first)', props.availabilityZones);
  }

  checkNodeType('database.instanceType', props.instanceType, { prefix: 'db.' });
  if (aurora && props.instanceType !== undefined && !isToken(props.instanceType) && !/^db\.(r|x|t)/.test(props.instanceType)) {
    fail('database.instanceType', 'be an instance class Aurora PostgreSQL offers (db.r*, db.x2g* or db.t*; ' +
      'Aurora has no db.m classes) when `database.topology` is AURORA', props.instanceType);
  }

  // Options of the other topology fail rather than being silently ignored.
  const storage = { allocatedStorageGiB: props.allocatedStorageGiB, maxAllocatedStorageGiB: props.maxAllocatedStorageGiB };
  const readers = { readerMinReplicas: props.readerMinReplicas, readerMaxReplicas: props.readerMaxReplicas };
  const misplaced = aurora
    ? { options: storage, rule: 'be left unset when `database.topology` is AURORA (the cluster volume grows on its own)' }
    : { options: readers, rule: 'be left unset unless `database.topology` is AURORA (the instance topology has one read replica)' };
  for (const [key, value] of Object.entries(misplaced.options)) {
    if (value !== undefined) {
      fail(`database.${key}`, misplaced.rule, value);
    }
  }

  checkInteger('database.allocatedStorageGiB', props.allocatedStorageGiB, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  checkInteger('database.maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, MIN_STORAGE_GIB, MAX_STORAGE_GIB);
  const allocated = props.allocatedStorageGiB ?? DEFAULT_ALLOCATED_STORAGE_GIB;
  const max = props.maxAllocatedStorageGiB;
  if (max !== undefined && !isToken(max) && !isToken(allocated) && max < minimumAutoscalingCeiling(allocated)) {
    fail('database.maxAllocatedStorageGiB', `be at least 10 % above \`database.allocatedStorageGiB\` (${allocated}), ` +
      `so at least ${minimumAutoscalingCeiling(allocated)}, for RDS storage autoscaling`, max);
  }

  checkDays('database.backupRetentionDays', props.backupRetentionDays, 1, 35);
  checkInteger('database.maxConnections', props.maxConnections, 1, MAX_CONNECTIONS_LIMIT);
  if (aurora && isToken(props.maxConnections)) {
    fail('database.maxConnections', 'be a number known at synth time when `database.topology` is AURORA ' +
      '(80 % of it is the reader scaling target)', props.maxConnections);
  }

  checkInteger('database.readerMinReplicas', props.readerMinReplicas, 1, MAX_AURORA_READERS);
  checkInteger('database.readerMaxReplicas', props.readerMaxReplicas, 1, MAX_AURORA_READERS);
  const readerMin = props.readerMinReplicas ?? DEFAULT_READER_MIN;
  const readerMax = props.readerMaxReplicas ?? DEFAULT_READER_MAX;
  if (aurora && !isToken(readerMin) && !isToken(readerMax) && readerMin > readerMax) {
    fail('database.readerMinReplicas', `be at most \`database.readerMaxReplicas\` (${readerMax})`, readerMin);
  }

  checkInteger('database.port', props.port, MIN_PORT, MAX_PORT);

  const name = props.databaseName;
  if (name !== undefined && !isToken(name) && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    fail('database.databaseName', 'be 1 to 63 letters, digits or underscores, starting with a letter', name);
  }

  validateWindows(props);
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Start and length in minutes of a window (within a day, or within a week for the maintenance window). */
interface Window {
  readonly start: number;
  readonly length: number;
}

function validateWindows(props: DatabaseTierProps): void {
  const backupText = props.preferredBackupWindow ?? DEFAULT_BACKUP_WINDOW;
  const maintenanceText = props.preferredMaintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  if (isToken(backupText) || isToken(maintenanceText)) {
    return;
  }
  const backupWindow = parseBackupWindow(backupText);
  const maintenance = parseMaintenanceWindow(maintenanceText);
  // The backup window recurs daily; look at every day the maintenance window may touch.
  for (let day = -1; day <= 14; day++) {
    const start = day * MINUTES_PER_DAY + backupWindow.start;
    if (start < maintenance.start + maintenance.length && maintenance.start < start + backupWindow.length) {
      fail('database.preferredMaintenanceWindow', `not overlap \`database.preferredBackupWindow\` ('${backupText}')`,
        maintenanceText);
    }
  }
}

function parseBackupWindow(text: string): Window {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  const start = match ? clock(match[1], match[2]) : undefined;
  const end = match ? clock(match[3], match[4]) : undefined;
  if (start === undefined || end === undefined) {
    fail('database.preferredBackupWindow', 'be a daily UTC window hh24:mi-hh24:mi', text);
  }
  const length = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (length < 30) {
    fail('database.preferredBackupWindow', 'last at least 30 minutes', text);
  }
  return { start, length };
}

function parseMaintenanceWindow(text: string): Window {
  const match = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/i.exec(text);
  const startDay = match ? DAYS.indexOf(match[1].toLowerCase()) : -1;
  const endDay = match ? DAYS.indexOf(match[4].toLowerCase()) : -1;
  const startClock = match ? clock(match[2], match[3]) : undefined;
  const endClock = match ? clock(match[5], match[6]) : undefined;
  if (startDay < 0 || endDay < 0 || startClock === undefined || endClock === undefined) {
    fail('database.preferredMaintenanceWindow', 'be a weekly UTC window ddd:hh24:mi-ddd:hh24:mi (days mon to sun)', text);
  }
  const start = startDay * MINUTES_PER_DAY + startClock;
  const end = endDay * MINUTES_PER_DAY + endClock;
  const length = (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  if (length < 30) {
    fail('database.preferredMaintenanceWindow', 'last at least 30 minutes', text);
  }
  return { start, length };
}

/** Minutes after midnight of hh:mi, or undefined when out of range. */
function clock(hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}
