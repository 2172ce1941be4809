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
