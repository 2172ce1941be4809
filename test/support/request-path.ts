// Fixtures for the tests of the request path (network, DNS, app tier): the same platform with the
// data and worker tiers turned off, so counts and "all resources of a type" assertions see only the
// tiers under test, and each synth is faster.
import { App, StackProps } from 'aws-cdk-lib';
import * as fixtures from './fixtures';
import { PlatformOverrides, Synthesized } from './fixtures';

const OFF = { enabled: false };
export const REQUEST_PATH_ONLY = {
  workers: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, storage: OFF, observability: OFF, drills: OFF,
};

export { logicalIdOf, newStack, resourcesOf, TEST_ENV, ZONE_NAME } from './fixtures';
export type { Synthesized } from './fixtures';

export function buildPlatform(overrides: PlatformOverrides = {}, stackProps?: StackProps, app?: App) {
  return fixtures.buildPlatform({ ...REQUEST_PATH_ONLY, ...overrides }, stackProps, app);
}

export function synthPlatform(overrides: PlatformOverrides = {}, stackProps?: StackProps): Synthesized {
  return fixtures.synthPlatform({ ...REQUEST_PATH_ONLY, ...overrides }, stackProps);
}

let defaults: Synthesized | undefined;
let agnostic: Synthesized | undefined;

/** The default request path in the fixed environment, synthesized once per test file. */
export function defaultPlatform(): Synthesized {
  return defaults ??= synthPlatform();
}

/** The default request path in an environment-agnostic stack, synthesized once per test file. */
export function agnosticPlatform(): Synthesized {
  return agnostic ??= synthPlatform({}, {});
}
