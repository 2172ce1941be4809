/**
 * The deprecation warnings aws-cdk-lib prints (jsii's `console.warn('[WARNING]', '<api> is deprecated, ...')`) while
 * `build` runs. jsii prints each warning once per module registry, so an earlier synth in the same test file would
 * hide it: `build` runs with fresh modules and must load what it uses with `jest.requireActual`.
 */
export function deprecationWarningsDuring(build: () => void): string[] {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const deprecated = process.env.JSII_DEPRECATED;
  // `quiet` would hide the warnings, `fail` would turn them into errors: see them the way users do.
  process.env.JSII_DEPRECATED = 'warn';
  try {
    jest.isolateModules(build);
    return warn.mock.calls.map((args) => args.join(' ')).filter((message) => / is deprecated/.test(message));
  } finally {
    warn.mockRestore();
    if (deprecated === undefined) {
      delete process.env.JSII_DEPRECATED;
    } else {
      process.env.JSII_DEPRECATED = deprecated;
    }
  }
}
