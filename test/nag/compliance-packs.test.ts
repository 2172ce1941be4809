import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiAzHaPlatform } from '../../lib';
import { customisedProps, newStack, newTestApp, TEST_ENV } from '../support/fixtures';
import { synthAndCollectFindings } from '../support/validation-report';


interface PlatformCase {
  readonly customised: boolean;
  readonly env?: typeof TEST_ENV;
}

/**
 * Synthesizes one platform, plus a canary stack, with one cdk-nag pack, and returns each finding as
 * `<rule> <construct path>` (a pack groups the resources of one rule in one finding: split them).
 */
function findingsOf(platform: PlatformCase, canary: (scope: Stack) => void, ...packs: Array<(app: App) => NagPack>) {
  const { findings, plugins } = synthAndCollectFindings((outdir) => {
    const app = newTestApp({ outdir });
    const { stack, hostedZone } = newStack({ env: platform.env }, app);
    new MultiAzHaPlatform(stack, 'Platform', platform.customised
      ? customisedProps(hostedZone)
      : { dns: { hostedZone, recordName: 'app' } });
    canary(new Stack(app, 'Canary'));
    Validations.of(app).addPlugins(...packs.map((pack) => pack(app)));
    return app;
  });
  return { plugins, findings: findings.flatMap((f) => f.paths.map((path) => `${f.rule} ${path}`)).sort() };
}

const PACKS: Array<[string, string, (app: App) => NagPack]> = [
  ['NIST 800-53 rev 5', 'NIST.800.53.R5', (app) => new NIST80053R5Checks(app)],
  ['HIPAA Security', 'HIPAA.Security', (app) => new HIPAASecurityChecks(app)],
  ['PCI DSS 3.2.1', 'PCI.DSS.321', (app) => new PCIDSS321Checks(app)],
];

const PLATFORMS: Array<[string, PlatformCase]> = [
  ['the default platform in a fixed environment', { customised: false, env: TEST_ENV }],
  ['the default platform, environment-agnostic like the sample app', { customised: false }],
  ['the fully customised platform (Aurora, Grafana, emails, replication)', { customised: true, env: TEST_ENV }],
];

/**
 * The canary every pack must flag: a log group kept forever and not encrypted with a KMS key breaks
 * CloudWatchLogGroupRetentionPeriod and CloudWatchLogGroupEncrypted, which all three packs hold. Finding
 * both proves the pack ran, so "no other finding" means something.
 */
function logGroupCanary(scope: Stack): void {
  new logs.LogGroup(scope, 'UnencryptedLogGroup', { retention: logs.RetentionDays.INFINITE });
}

describe('cdk-nag compliance packs: NIST 800-53 rev 5, HIPAA Security, PCI DSS 3.2.1', () => {
  test.each(PACKS.flatMap(([packName, prefix, pack]) => PLATFORMS.map(([platformName, platform]) =>
    [packName, platformName, prefix, pack, platform] as const)))(
    '%s: %s has no unacknowledged finding, and the pack ran',
    (_packName, _platformName, prefix, pack, platform) => {
      const { findings, plugins } = findingsOf(platform, logGroupCanary, pack);
      expect(plugins).toEqual([prefix]);
      const canary = findings.filter((f) => f.includes(' Canary/'));
      expect(canary).toEqual([
        `${prefix}-CloudWatchLogGroupEncrypted Canary/UnencryptedLogGroup/Resource`,
        `${prefix}-CloudWatchLogGroupRetentionPeriod Canary/UnencryptedLogGroup/Resource`,
      ]);
      expect(findings.filter((f) => !canary.includes(f))).toEqual([]);
    });
});

describe('cdk-nag AwsSolutions on the fully customised platform', () => {
  test('no unacknowledged finding, and the pack ran', () => {
    const { findings, plugins } = findingsOf(PLATFORMS[2][1],
      (scope) => { new s3.Bucket(scope, 'NonCompliantBucket'); },
      (app) => new AwsSolutionsChecks(app));
    expect(plugins).toEqual(['AwsSolutions']);
    const canary = findings.filter((f) => f.includes(' Canary/'));
    expect(canary).toEqual([
      'AwsSolutions-S1 Canary/NonCompliantBucket/Resource',
      'AwsSolutions-S10 Canary/NonCompliantBucket/Resource',
    ]);
    expect(findings.filter((f) => !canary.includes(f))).toEqual([]);
  });
});
