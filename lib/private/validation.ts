import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { PlatformConfigurationError } from '../errors';

/** Renders a prop value for an error message. */
export function show(value: unknown): string {
  if (value instanceof Duration) {
    return value.toHumanString();
  }
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON has no NaN or Infinity: it would print null.
    return String(value);
  }
  if (typeof value === 'function') {
    return `the function ${value.name || '(anonymous)'}`;
  }
  if (Construct.isConstruct(value)) {
    return `the construct ${value.node.path}`;
  }
  try {
    return JSON.stringify(value);
  } catch {
    // A circular value (an object holding constructs): its class, if it has one, says what was passed.
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name} object (circular)` : 'a circular object';
  }
}

/** What a failed rule said, kept so that the construct checking its props can name the caller's prop path. */
const RULES = new WeakMap<Error, { readonly rule: string; readonly shown: string }>();

/**
 * Throws the platform's error: "`path` must <rule>, got <value>". The path is relative to the props being
 * checked; {@link validateProps} prefixes it with the caller's path and adds the construct path. In the rule, a
 * prop of the same props is written with a leading dot ("when `.vpc` is given") and gets the same prefix.
 */
export function fail(propPath: string, rule: string, value: unknown): never {
  const shown = show(value);
  const error = new PlatformConfigurationError(propPath, `\`${propPath}\` must ${withSiblings(rule, '')}, got ${shown}`);
  RULES.set(error, { rule, shown });
  throw error;
}

/** Names the props of the same props ("`.vpc`") under the prefix: `network.vpc`, or `vpc` without one. */
function withSiblings(rule: string, prefix: string): string {
  return rule.replace(/`\.([A-Za-z][\w.[\]]*)`/g, (_m, name: string) => `\`${prefix ? `${prefix}.` : ''}${name}\``);
}

/** Prop path prefixes parents register for the children they create, by parent and child id. */
const PREFIXES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Registers the prop path under which a parent passes props to the child it is about to create with this id:
 * the platform registers `cache` for its `Cache` tier, so the tier's `nodeType` is reported as `cache.nodeType`.
 * A construct created by a user directly has no prefix: it reports its own props.
 */
export function registerPropPath(parent: IConstruct, childId: string, propPath: string): void {
  const prefixes = PREFIXES.get(parent) ?? new Map<string, string>();
  prefixes.set(childId, propPath);
  PREFIXES.set(parent, prefixes);
}

/** The prop path the construct's props were given under ('' for a construct its user created). */
export function propPathOf(construct: IConstruct): string {
  const parent = construct.node.scope;
  const own = parent ? PREFIXES.get(parent)?.get(construct.node.id) : undefined;
  if (own === undefined) {
    return '';
  }
  const above = parent ? propPathOf(parent) : '';
  return above && own ? `${above}.${own}` : above || own;
}

/** A prop of the construct as its caller names it: `network.vpc` under the platform, `vpc` alone (for alarm texts). */
export function propName(construct: IConstruct, prop: string): string {
  const prefix = propPathOf(construct);
  return prefix ? `${prefix}.${prop}` : prop;
}

/** A prop of the construct as its caller names it, in backticks (for messages in markdown). */
export function propRef(construct: IConstruct, prop: string): string {
  return `\`${propName(construct, prop)}\``;
}

/**
 * Runs a construct's prop checks: a rule broken inside is rethrown with the prop path the caller used (the
 * platform's `cache.nodeType`, or a tier's own `nodeType`) and the construct's path, like aws-cdk-lib's
 * validation errors. `subPath` names the options checked when they are not the construct's own props (the
 * platform checking its `dns` options before it creates the DNS tier).
 */
export function validateProps<T>(construct: IConstruct, check: () => T, subPath?: string): T {
  try {
    return check();
  } catch (error) {
    throw inContext(construct, error, [propPathOf(construct), subPath].filter((part) => part).join('.'));
  }
}

/**
 * Runs the checks of a method's arguments (`metricRequestCount(zoneIndex)`): a rule broken inside is rethrown with
 * the path of the construct whose method was called, as aws-cdk-lib passes `this` to its validation errors. The
 * argument keeps the name the method gives it (`zoneIndex`): it is not a prop, so no caller's prop path prefixes it.
 */
export function validateArguments<T>(construct: IConstruct, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw inContext(construct, error, '');
  }
}

/**
 * Checks a zone index argument (`metricRequestCount(zoneIndex)`): 0 for zone 1, 1 for zone 2. A bad one fails with
 * the path of the construct whose method was called.
 */
export function checkZoneIndex(construct: IConstruct, zoneIndex: number): void {
  if (zoneIndex !== 0 && zoneIndex !== 1) {
    validateArguments(construct, () => fail('zoneIndex', 'be 0 (zone 1) or 1 (zone 2)', zoneIndex));
  }
}

/** The error of a broken rule, its prop path under `prefix` (none: '') and with the construct's path. */
function inContext(construct: IConstruct, error: unknown, prefix: string): unknown {
  if (!(error instanceof PlatformConfigurationError) || error.constructPath !== undefined) {
    return error;
  }
  const propPath = prefix ? `${prefix}${error.propPath.startsWith('[') ? '' : '.'}${error.propPath}` : error.propPath;
  const rule = RULES.get(error);
  const message = rule ? `\`${propPath}\` must ${withSiblings(rule.rule, prefix)}, got ${rule.shown}` : error.message;
  const contextual = new PlatformConfigurationError(propPath, message, construct.node.path);
  if (rule) {
    RULES.set(contextual, rule);
  }
  return contextual;
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

/** The limits of a number prop: `min` and `max` are allowed values, `greaterThan` is not. */
export interface NumberRange {
  readonly min?: number;
  readonly greaterThan?: number;
  readonly max?: number;
}

/**
 * Checks a number (decimals allowed) is finite and lies in `range`, failing with `rule`, which states the range and
 * why. JavaScript callers can pass anything: a value that is not a number breaks the rule too. Tokens are skipped.
 */
export function checkNumber(propPath: string, value: number | undefined, range: NumberRange, rule: string): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  const { min, greaterThan, max } = range;
  if (typeof value !== 'number' || !Number.isFinite(value)
    || (min !== undefined && value < min)
    || (greaterThan !== undefined && value <= greaterThan)
    || (max !== undefined && value > max)) {
    fail(propPath, rule, value);
  }
}

/** Checks a percentage: greater than 0 and at most 100, decimals allowed. Tokens are skipped. */
export function checkPercent(propPath: string, value: number | undefined): void {
  checkNumber(propPath, value, { greaterThan: 0, max: 100 }, 'be a percentage greater than 0 and at most 100');
}

/**
 * The value a Duration or Size prop holds, to check: undefined when the prop is not given or only known at deploy.
 * Fails with `rule` when the value lacks `method` (JavaScript callers can pass anything).
 */
function concreteValue<T extends { isUnresolved(): boolean }>(propPath: string, value: T | undefined, method: string,
  rule: string): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  const methods = value as unknown as { [name: string]: unknown } | null;
  if (typeof value !== 'object' || typeof methods?.[method] !== 'function' || typeof methods.isUnresolved !== 'function') {
    fail(propPath, rule, value);
  }
  return value.isUnresolved() ? undefined : value;
}

/** The Duration a prop holds, to check (see {@link concreteValue}). */
export function concreteDuration(propPath: string, value: Duration | undefined): Duration | undefined {
  return concreteValue(propPath, value, 'toMilliseconds', 'be a Duration, such as Duration.minutes(5)');
}

/** Checks a Duration lies in [min, max]; `why`, when given, says where the limits come from. Tokens are skipped. */
export function checkDuration(propPath: string, value: Duration | undefined, min: Duration, max: Duration, why?: string): void {
  const duration = concreteDuration(propPath, value);
  if (duration === undefined) {
    return;
  }
  const ms = duration.toMilliseconds({ integral: false });
  if (ms < min.toMilliseconds({ integral: false }) || ms > max.toMilliseconds({ integral: false })) {
    fail(propPath, `be between ${min.toHumanString()} and ${max.toHumanString()}${why ? ` (${why})` : ''}`, duration);
  }
}

/** The Size a prop holds, to check (see {@link concreteValue}). */
function concreteSize(propPath: string, value: Size | undefined): Size | undefined {
  return concreteValue(propPath, value, 'toBytes', 'be a Size, such as Size.gibibytes(1)');
}

/** Checks a Size is at least `minMebibytes` MiB. Tokens are skipped. */
export function checkSize(propPath: string, value: Size | undefined, minMebibytes: number): void {
  const size = concreteSize(propPath, value);
  if (size !== undefined && size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) < minMebibytes) {
    fail(propPath, `be at least ${minMebibytes} MiB`, `${size.toBytes({ rounding: SizeRoundingBehavior.NONE })} bytes`);
  }
}
