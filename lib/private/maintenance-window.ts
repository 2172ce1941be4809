import { fail, isToken } from './validation';

/**
 * The UTC time windows RDS and ElastiCache take: a daily 'hh24:mi-hh24:mi' range (RDS backups, ElastiCache
 * snapshots) and a weekly 'ddd:hh24:mi-ddd:hh24:mi' range (maintenance of both). Either may run past midnight or
 * past the end of the week ('sun:23:00-mon:01:30'). Days are case-insensitive three-letter names.
 *
 * The services differ only in their minimum length (RDS: 30 minutes for both windows, "Must be at least 30
 * minutes"; ElastiCache: "The minimum maintenance window is a 60 minute period", and 60 minutes for the snapshot
 * window) and in overlap: RDS refuses a backup window that conflicts with the maintenance window, ElastiCache
 * documents no such rule. The week starts on Monday here (RDS lists mon to sun, ElastiCache sun to sat); where it
 * starts changes no result, because a window that crosses the end of the week is measured across it.
 */

/** A window as minutes: its start (after midnight, or after Monday 00:00 for a weekly window) and its length. */
export interface TimeWindow {
  readonly startMinute: number;
  readonly lengthMinutes: number;
}

export const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** RDS: backup and maintenance windows of at least 30 minutes. */
export const RDS_MIN_WINDOW_MINUTES = 30;
/** ElastiCache: snapshot and maintenance windows of at least 60 minutes. */
export const ELASTICACHE_MIN_WINDOW_MINUTES = 60;

const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TIME = '(\\d{2}):(\\d{2})';
const DAILY = new RegExp(`^${TIME}-${TIME}$`);
const WEEKLY = new RegExp(`^([a-z]{3}):${TIME}-([a-z]{3}):${TIME}$`, 'i');

/** Parses 'hh24:mi-hh24:mi', or returns undefined when the text is not one. */
export function parseDailyWindow(text: string): TimeWindow | undefined {
  const match = DAILY.exec(text);
  const start = match ? clock(match[1], match[2]) : undefined;
  const end = match ? clock(match[3], match[4]) : undefined;
  if (start === undefined || end === undefined) {
    return undefined;
  }
  return { startMinute: start, lengthMinutes: (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY };
}

/** Parses 'ddd:hh24:mi-ddd:hh24:mi', or returns undefined when the text is not one. */
export function parseWeeklyWindow(text: string): TimeWindow | undefined {
  const match = WEEKLY.exec(text);
  const start = match ? minuteOfWeek(match[1], match[2], match[3]) : undefined;
  const end = match ? minuteOfWeek(match[4], match[5], match[6]) : undefined;
  if (start === undefined || end === undefined) {
    return undefined;
  }
  return { startMinute: start, lengthMinutes: (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK };
}

/**
 * Checks a daily window prop of at least `minMinutes` (the service's minimum); returns it parsed, or undefined when
 * the prop is unset or a Token.
 */
export function checkDailyWindow(propPath: string, value: string | undefined, minMinutes: number): TimeWindow | undefined {
  return checkWindow(propPath, value, minMinutes, 'be a daily UTC window hh24:mi-hh24:mi', parseDailyWindow);
}

/** Checks a weekly window prop of at least `minMinutes`, as {@link checkDailyWindow} does. */
export function checkWeeklyWindow(propPath: string, value: string | undefined, minMinutes: number): TimeWindow | undefined {
  return checkWindow(propPath, value, minMinutes, `be a weekly UTC window ddd:hh24:mi-ddd:hh24:mi (ddd: ${WEEK_DAYS.join(', ')})`,
    parseWeeklyWindow);
}

/** True when a daily window, on any day, shares a minute with a weekly window. */
export function overlapsEveryDay(daily: TimeWindow, weekly: TimeWindow): boolean {
  // The weekly window starts in the week and may run up to a week past its end; the daily window recurs each day,
  // including the day before the week (a daily window over midnight reaches into Monday).
  for (let day = -1; day <= 14; day++) {
    const start = day * MINUTES_PER_DAY + daily.startMinute;
    if (start < weekly.startMinute + weekly.lengthMinutes && weekly.startMinute < start + daily.lengthMinutes) {
      return true;
    }
  }
  return false;
}

/** The one wording of both services' windows: the format, then the length. */
function checkWindow(propPath: string, value: string | undefined, minMinutes: number, formatRule: string,
  parse: (text: string) => TimeWindow | undefined): TimeWindow | undefined {
  if (value === undefined || isToken(value)) {
    return undefined;
  }
  const window = parse(value);
  if (window === undefined) {
    fail(propPath, formatRule, value);
  }
  if (window.lengthMinutes < minMinutes) {
    fail(propPath, `last at least ${minMinutes} minutes`, value);
  }
  return window;
}

function minuteOfWeek(day: string, hours: string, minutes: string): number | undefined {
  const index = WEEK_DAYS.indexOf(day.toLowerCase());
  const time = clock(hours, minutes);
  return index < 0 || time === undefined ? undefined : index * MINUTES_PER_DAY + time;
}

/** Minutes after midnight of hh:mi, or undefined when out of range. */
function clock(hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}
