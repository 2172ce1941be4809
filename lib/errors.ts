/**
 * Thrown at synth time when a prop of the platform breaks a rule.
 *
 * The message names the prop path, the rule and the value, for example
 * "`appTier.instancesPerZone` must list exactly 2 counts (one per zone), got [4]".
 * In TypeScript and JavaScript catch it with `instanceof`; from every language,
 * `PlatformErrors.isConfigurationError(error)` tells it from other synth failures.
 *
 * jsii cannot represent subclasses of the built-in Error, so the class is exported as a value
 * (TypeScript and JavaScript) and `PlatformErrors` is the check for every language.
 */
class ConfigurationError extends Error {
  /** The prop path that broke the rule, for example `appTier.instancesPerZone`. */
  public readonly propPath: string;

  constructor(propPath: string, message: string) {
    super(message);
    this.name = 'PlatformConfigurationError';
    this.propPath = propPath;
    Object.setPrototypeOf(this, ConfigurationError.prototype);
  }
}

export const PlatformConfigurationError = ConfigurationError;
/** The type of {@link PlatformConfigurationError}, for `catch` clauses in TypeScript. */
export type PlatformConfigurationError = ConfigurationError;

/** Tells the platform's configuration errors from other errors, in every jsii language. */
export class PlatformErrors {
  /** True when `error` was thrown because a prop of the platform broke a rule. */
  public static isConfigurationError(error: any): boolean {
    return error instanceof PlatformConfigurationError
      || (typeof error === 'object' && error !== null && error.name === 'PlatformConfigurationError');
  }

  /** The prop path named by a configuration error (for example `appTier.instancesPerZone`), or undefined. */
  public static propPathOf(error: any): string | undefined {
    return PlatformErrors.isConfigurationError(error) ? error.propPath : undefined;
  }

  private constructor() {}
}
