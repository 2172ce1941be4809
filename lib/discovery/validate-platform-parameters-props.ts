import { fail, isToken } from '../private/validation';

/**
 * Checks an SSM parameter path prefix under the name its caller gives it: `prefix` for PlatformParameters,
 * `parameterPrefix` for the platform. Tokens are skipped.
 */
export function checkParameterPrefix(propPath: string, prefix: string): void {
  if (isToken(prefix)) {
    return;
  }
  if (typeof prefix !== 'string' || !/^(\/[a-zA-Z0-9_.-]+)+$/.test(prefix) || prefix.length > 900 || /^\/aws|^\/ssm/i.test(prefix)) {
    fail(propPath, 'be an SSM parameter path like /team/platform (starting with "/", no trailing "/", ' +
      'letters, digits, "_", "." and "-"; not under /aws or /ssm)', prefix);
  }
}
