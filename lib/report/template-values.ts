/**
 * Reading literal values out of a CloudFormation template: what the report's readers share. A value that is
 * not a literal (a parameter, an import, an unresolved token) reads as undefined.
 */

/** One resource of a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A CloudFormation template (only what the report reads). */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly [key: string]: unknown;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A literal number (or numeric string, as CloudFormation often spells numbers); undefined for intrinsics. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

/** A literal string; undefined for intrinsics and unresolved tokens. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${Token[') ? value : undefined;
}

/** A literal boolean (or "true"/"false"); undefined otherwise. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return undefined;
}

/** The logical ID of `{ Ref: id }`. */
export function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.Ref === 'string' ? value.Ref : undefined;
}

/** Every logical ID referenced (Ref or Fn::GetAtt) anywhere inside a value. */
export function refsIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (isObject(node)) {
      if (typeof node.Ref === 'string') {
        found.push(node.Ref);
      }
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
        found.push(getAtt[0]);
      } else if (typeof getAtt === 'string') {
        found.push(getAtt.split('.')[0]);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return [...new Set(found)];
}

/** A list value (an array), or [] for anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The values without duplicates, in first-seen order. */
export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The properties of a resource ({} when it has none). */
export function propsOf(resource: CfnResource | undefined): Record<string, any> {
  return resource?.Properties ?? {};
}

/** Zone key of an AZ value: a literal name, or `Fn::Select [i, Fn::GetAZs]` as `GetAZs[i]`. */
export function azKey(value: unknown): string | undefined {
  const literal = str(value);
  if (literal) {
    return literal;
  }
  if (isObject(value) && Array.isArray(value['Fn::Select'])) {
    const [index, from] = value['Fn::Select'];
    if (num(index) !== undefined && isObject(from) && 'Fn::GetAZs' in from) {
      return `GetAZs[${num(index)}]`;
    }
  }
  return undefined;
}

/** Orders zone keys: GetAZs indexes by number (before literal names), literal names alphabetically. */
export function compareZoneKeys(a: string, b: string): number {
  const index = (key: string) => /^GetAZs\[(\d+)\]$/.exec(key)?.[1];
  const [ia, ib] = [index(a), index(b)];
  if (ia !== undefined && ib !== undefined) {
    return Number(ia) - Number(ib);
  }
  if (ia !== undefined || ib !== undefined) {
    return ia !== undefined ? -1 : 1;
  }
  return a.localeCompare(b);
}
