/**
 * Thrown at synth time when a prop of the platform breaks a rule.
 *
 * The message names the prop path, the rule and the value, for example
 * "`appTier.instancesPerZone` must list exactly 2 counts (one per zone), got [4]".
 * Catch it by class to tell bad input from other synth failures.
 */
export class PlatformConfigurationError extends Error {
  /** The prop path that broke the rule, for example `appTier.instancesPerZone`. */
  public readonly propPath: string;

  constructor(propPath: string, message: string) {
    super(message);
    this.name = 'PlatformConfigurationError';
    this.propPath = propPath;
    Object.setPrototypeOf(this, PlatformConfigurationError.prototype);
  }
}
