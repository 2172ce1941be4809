/** The error a build throws, for tests that assert its message, prop path and construct path. */
export function errorOf(build: () => unknown): any {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected the build to throw, but it did not');
}
