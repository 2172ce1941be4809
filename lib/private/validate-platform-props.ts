import type { MultiAzHaPlatformProps } from '../platform';
import { fail } from './validation';

/**
 * The platform's root props. A Record over the interface's keys, so the compiler fails when a prop is added to
 * `MultiAzHaPlatformProps` and not here.
 */
const ROOT_PROPS: Record<keyof MultiAzHaPlatformProps, 'options' | 'string'> = {
  dns: 'options',
  network: 'options',
  appTier: 'options',
  workers: 'options',
  database: 'options',
  cache: 'options',
  search: 'options',
  messaging: 'options',
  storage: 'options',
  observability: 'options',
  drills: 'options',
  resilience: 'options',
  parameterPrefix: 'string',
};

/**
 * What the type system checks for TypeScript callers but not for JavaScript (or a JSON configuration): props is an
 * object, every root prop is one the platform knows (a typo such as `databse` would otherwise be ignored), and each
 * tier's options are an object.
 */
export function validatePlatformShape(props: unknown): void {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    fail('props', 'be an object of platform options (at least `dns`)', props);
  }
  const known = Object.keys(ROOT_PROPS);
  for (const [key, value] of Object.entries(props)) {
    const kind = ROOT_PROPS[key as keyof MultiAzHaPlatformProps];
    if (kind === undefined) {
      const near = closest(key, known);
      fail(key, `be one of the platform's options (${known.join(', ')})${near ? `: did you mean \`${near}\`?` : ''}`, value);
    }
    if (value === undefined) {
      continue;
    }
    if (kind === 'options' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      fail(key, 'be an object of options', value);
    }
    if (kind === 'string' && typeof value !== 'string') {
      fail(key, 'be a string', value);
    }
  }
  if ((props as { dns?: unknown }).dns === undefined) {
    fail('dns', 'be given (the hosted zone and record name of the platform)', undefined);
  }
}

/** The known name within two edits of `name`, if exactly one is. */
function closest(name: string, known: string[]): string | undefined {
  const near = known.filter((candidate) => editDistance(name.toLowerCase(), candidate.toLowerCase()) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
