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
  /**
   * The path of the construct whose props broke the rule (for example `MyStack/Platform/Cache`), when the error
   * was raised while a construct checked its props. Like aws-cdk-lib's validation errors, it is a property, and
   * the error's stack trace starts with it, so the console shows which construct failed.
   */
  public readonly constructPath?: string;

  constructor(propPath: string, message: string, constructPath?: string) {
    super(message);
    this.name = 'PlatformConfigurationError';
    this.propPath = propPath;
    this.constructPath = constructPath;
    Object.setPrototypeOf(this, ConfigurationError.prototype);
    if (constructPath && this.stack) {
      const [first, ...frames] = this.stack.split('\n');
      this.stack = [first, `    at construct ${constructPath}`, ...frames].join('\n');
    }
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

  /** The path of the construct whose props broke the rule (for example `MyStack/Platform/Cache`), or undefined. */
  public static constructPathOf(error: any): string | undefined {
    return PlatformErrors.isConfigurationError(error) ? error.constructPath : undefined;
  }

  private constructor() {}
}
