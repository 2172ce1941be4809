import { Token } from 'aws-cdk-lib';
import { PlatformErrors } from '../../lib';
import {
  checkDailyWindow, checkWeeklyWindow, ELASTICACHE_MIN_WINDOW_MINUTES, MINUTES_PER_DAY, overlapsEveryDay,
  parseDailyWindow, parseWeeklyWindow, RDS_MIN_WINDOW_MINUTES,
} from '../../lib/private/maintenance-window';
import { errorOf } from '../support/errors';

const RULES = RDS_MIN_WINDOW_MINUTES;

describe('daily windows (hh24:mi-hh24:mi, UTC)', () => {
  test.each([
    ['02:00-03:00', 120, 60],
    ['00:00-23:59', 0, 1439],
    ['23:30-00:30', 1410, 60],
    ['22:00-22:00', 1320, 0],
  ])('%s starts at minute %d and lasts %d minutes', (text, startMinute, lengthMinutes) => {
    expect(parseDailyWindow(text)).toEqual({ startMinute, lengthMinutes });
  });

  test.each(['2:00-3:00', '24:00-01:00', '02:60-03:00', '02:00 - 03:00', '02:00', 'mon:02:00-mon:03:00', ''])(
    '%p is not a daily window', (text) => {
      expect(parseDailyWindow(text)).toBeUndefined();
    });
});

describe('weekly windows (ddd:hh24:mi-ddd:hh24:mi, UTC)', () => {
  test.each([
    ['mon:00:00-mon:00:30', 0, 30],
    ['sun:05:00-sun:06:00', 6 * MINUTES_PER_DAY + 300, 60],
    ['Wed:05:00-Wed:06:00', 2 * MINUTES_PER_DAY + 300, 60],
    ['SAT:23:30-SUN:00:30', 5 * MINUTES_PER_DAY + 1410, 60],
    // Over the end of the week: Sunday night to Monday morning.
    ['sun:23:00-mon:01:30', 6 * MINUTES_PER_DAY + 1380, 150],
  ])('%s starts at minute %d of the week and lasts %d minutes', (text, startMinute, lengthMinutes) => {
    expect(parseWeeklyWindow(text)).toEqual({ startMinute, lengthMinutes });
  });

  test.each(['sunday:05:00-sunday:06:00', 'sun:24:00-sun:25:00', 'sun:5:00-sun:6:00', 'sun:05:00', '05:00-06:00', 'xyz:05:00-xyz:06:00'])(
    '%p is not a weekly window', (text) => {
      expect(parseWeeklyWindow(text)).toBeUndefined();
    });
});

describe('checking a window prop', () => {
  test('returns the window, or undefined for an unset prop or a Token', () => {
    expect(checkDailyWindow('backup', '01:00-01:30', RULES)).toEqual({ startMinute: 60, lengthMinutes: 30 });
    expect(checkWeeklyWindow('maintenance', 'tue:01:00-tue:01:30', RULES)).toEqual({ startMinute: MINUTES_PER_DAY + 60, lengthMinutes: 30 });
    expect(checkDailyWindow('backup', undefined, RULES)).toBeUndefined();
    expect(checkWeeklyWindow('maintenance', Token.asString({ Ref: 'Window' }), RULES)).toBeUndefined();
  });

  test('fails with the format rule when the text is not a window', () => {
    const error = errorOf(() => checkDailyWindow('backup', '1:00-2:00', RULES));
    expect(PlatformErrors.propPathOf(error)).toBe('backup');
    expect(error.message).toBe("`backup` must be a daily UTC window hh24:mi-hh24:mi, got '1:00-2:00'");
    expect(errorOf(() => checkWeeklyWindow('maintenance', 'sunday:01:00-sunday:02:00', RULES)).message)
      .toBe("`maintenance` must be a weekly UTC window ddd:hh24:mi-ddd:hh24:mi (ddd: mon, tue, wed, thu, fri, sat, sun), got 'sunday:01:00-sunday:02:00'");
  });

  test.each([
    [RDS_MIN_WINDOW_MINUTES, 'mon:01:00-mon:01:29', 'mon:01:00-mon:01:30'],
    [ELASTICACHE_MIN_WINDOW_MINUTES, 'sun:23:30-mon:00:29', 'sun:23:30-mon:00:30'],
  ])('fails with the length rule below %d minutes, and passes at it', (minMinutes, short, enough) => {
    expect(errorOf(() => checkWeeklyWindow('maintenance', short, minMinutes)).message)
      .toBe(`\`maintenance\` must last at least ${minMinutes} minutes, got '${short}'`);
    expect(checkWeeklyWindow('maintenance', enough, minMinutes)?.lengthMinutes).toBe(minMinutes);
  });

  test('a window of the same start and end is 0 minutes long, not a whole day', () => {
    expect(() => checkDailyWindow('backup', '03:00-03:00', RULES)).toThrow(/must last at least 30 minutes/);
  });
});

describe('a daily window against a weekly window', () => {
  const daily = (text: string) => parseDailyWindow(text)!;
  const weekly = (text: string) => parseWeeklyWindow(text)!;

  test.each([
    ['02:00-03:00', 'tue:02:30-tue:03:30', true],
    ['02:00-03:00', 'sun:01:00-sun:02:01', true],
    // Over midnight and the end of the week, it meets Monday's backup.
    ['02:00-03:00', 'sun:23:00-mon:02:30', true],
    // A daily window over midnight meets a window early on Monday (the daily window of the Sunday before).
    ['23:30-00:30', 'mon:00:00-mon:01:00', true],
    ['23:30-00:30', 'fri:00:00-fri:01:00', true],
    ['02:00-03:00', 'sun:03:30-sun:04:30', false],
    // Touching ends share no minute.
    ['02:00-03:00', 'wed:03:00-wed:04:00', false],
    ['02:00-03:00', 'sat:23:00-sun:02:00', false],
    ['23:30-00:30', 'sun:00:30-sun:23:30', false],
  ])('does the daily window %s meet the weekly window %s? %s', (backup, maintenance, overlaps) => {
    expect(overlapsEveryDay(daily(backup), weekly(maintenance))).toBe(overlaps);
  });
});
