// Scrubs what changes without the deployed infrastructure changing: asset hashes and library versions.
// A snapshot diff in a pull request then means the infrastructure changed.
const ASSET_HASH = /[0-9a-f]{64}(\.(zip|json|tar))?/g;
const VERSION = /\b\d+\.\d+\.\d+(-[0-9a-z.]+)?\b/g;

const isString = (value: unknown): value is string => typeof value === 'string';

export = {
  test: (value: unknown): boolean => isString(value) && (new RegExp(ASSET_HASH).test(value) || isVersionString(value)),
  serialize: (value: string): string =>
    JSON.stringify(value.replace(ASSET_HASH, '[ASSET HASH]').replace(VERSION, (v) => (isVersionString(v) ? '[VERSION]' : v))),
};

function isVersionString(value: string): boolean {
  // Versions of aws-cdk-lib / this library; CIDR blocks and IPs are not versions.
  return /^\d+\.\d+\.\d+(-[0-9a-z.]+)?$/.test(value) && !/^\d+\.\d+\.\d+\.\d+/.test(value) && new RegExp(VERSION).test(value);
}
