/**
 * True for the zone names aws-cdk-lib writes when a stack with an account and region is synthesized without its
 * zones in the context (`dummy1a`, `dummy1b`, `dummy1c`). The network tier warns about them; the report says so.
 */
export function isPlaceholderZone(zone: string): boolean {
  return /^dummy\d[a-z]$/.test(zone);
}
