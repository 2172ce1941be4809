import { Duration, Token } from 'aws-cdk-lib';
import { PlatformConfigurationError } from '../errors';

/** Renders a prop value for an error message. */
export function show(value: unknown): string {
  if (value instanceof Duration) {
    return value.toHumanString();
  }
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  return JSON.stringify(value);
}

/** Throws the platform's error: "`path` must <rule>, got <value>". */
export function fail(propPath: string, rule: string, value: unknown): never {
  throw new PlatformConfigurationError(propPath, `\`${propPath}\` must ${rule}, got ${show(value)}`);
}

/** True when a value is only known at deploy time and cannot be checked at synth. */
export function isToken(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

/** Checks an integer lies in [min, max]. Tokens are skipped. */
export function checkInteger(propPath: string, value: number | undefined, min: number, max?: number): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  if (!Number.isInteger(value)) {
    fail(propPath, 'be a whole number', value);
  }
  if (value < min) {
    fail(propPath, `be at least ${min}`, value);
  }
  if (max !== undefined && value > max) {
    fail(propPath, `be at most ${max}`, value);
  }
}

/** Checks a list prop is a list: JavaScript callers can pass anything. */
export function checkList(propPath: string, value: unknown): void {
  if (value !== undefined && !Array.isArray(value)) {
    fail(propPath, 'be a list', value);
  }
}

/** Checks a per-zone list has exactly one integer >= min for each of the two zones. */
export function checkPerZone(propPath: string, values: number[] | undefined, min: number): void {
  if (values === undefined) {
    return;
  }
  checkList(propPath, values);
  if (values.length !== 2) {
    fail(propPath, 'list exactly 2 counts (one per zone)', values);
  }
  values.forEach((v, i) => checkInteger(`${propPath}[${i}]`, v, min));
}

/** Checks a TCP port number. */
export function checkPort(propPath: string, value: number | undefined): void {
  checkInteger(propPath, value, 1, 65535);
}

/** Checks an HTTP path starts with a slash. */
export function checkHttpPath(propPath: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  if (!value.startsWith('/') || /\s/.test(value) || value.length > 255) {
    fail(propPath, 'be an HTTP path that starts with "/" (no spaces, at most 255 characters)', value);
  }
}

/**
 * Checks a node or instance type names its service the way the service spells it:
 * `db.m7g.2xlarge`, `cache.m7g.xlarge`, `mq.m5.large` (prefix) or `r7g.large.search` (suffix).
 */
export function checkNodeType(propPath: string, value: string | undefined, service: { prefix?: string; suffix?: string }): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  const body = value.slice(service.prefix?.length ?? 0, value.length - (service.suffix?.length ?? 0));
  const shaped = (!service.prefix || value.startsWith(service.prefix))
    && (!service.suffix || value.endsWith(service.suffix))
    && /^[a-z0-9-]+\.[a-z0-9-]+$/.test(body);
  if (!shaped) {
    const example = service.prefix ? `${service.prefix}<family>.<size>` : `<family>.<size>${service.suffix}`;
    fail(propPath, `be a node type of the form ${example}`, value);
  }
}

/** Checks a number of days lies in [min, max]. */
export function checkDays(propPath: string, value: number | undefined, min: number, max: number): void {
  checkInteger(propPath, value, min, max);
}
