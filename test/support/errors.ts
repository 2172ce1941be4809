import { PlatformErrors } from '../../lib';

/** The error a build throws, for tests that assert its message, prop path and construct path. */
export function errorOf(build: () => unknown): any {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected the build to throw, but it did not');
}

/** Asserts that `error` is the library's configuration error, naming `propPath` and `constructPath`, with exactly `message` (or a message matching it). */
export function expectConfigurationError(error: unknown, propPath: string, constructPath: string, message: string | RegExp): void {
  expect(PlatformErrors.isConfigurationError(error)).toBe(true);
  expect(PlatformErrors.propPathOf(error)).toBe(propPath);
  expect(PlatformErrors.constructPathOf(error)).toBe(constructPath);
  if (typeof message === 'string') {
    expect((error as Error).message).toBe(message);
  } else {
    expect((error as Error).message).toMatch(message);
  }
}

/** A bad value of a setting and the exact message the library fails with. */
export interface BadValue {
  readonly value: number;
  readonly message: string;
}

/**
 * The three ways a whole number from `min` to `max` can be wrong (one below `min`, one above `max`, and `fraction`,
 * which is not whole), each with the exact message the library fails with for the setting `propPath`.
 */
export function badWholeNumbers(propPath: string, min: number, max: number, fraction: number): BadValue[] {
  return [
    { value: min - 1, message: `\`${propPath}\` must be at least ${min}, got ${min - 1}` },
    { value: max + 1, message: `\`${propPath}\` must be at most ${max}, got ${max + 1}` },
    { value: fraction, message: `\`${propPath}\` must be a whole number, got ${fraction}` },
  ];
}
