import { Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiAzHaPlatform } from '../../lib';
import { customisedProps, newTestApp, once, TEST_ENV, ZONE_NAME } from '../support/fixtures';
import { synthAndCollectFindings } from '../support/validation-report';

/** The packs: name, rule prefix (the plugin's name). */
const PACKS = [
  ['NIST 800-53 rev 5', 'NIST.800.53.R5'],
  ['HIPAA Security', 'HIPAA.Security'],
  ['PCI DSS 3.2.1', 'PCI.DSS.321'],
] as const;

/** The platforms: name, stack ID, environment, customised. */
const PLATFORMS = [
  ['the default platform in a fixed environment', 'Default', TEST_ENV, false],
  ['the default platform, environment-agnostic like the sample app', 'Agnostic', undefined, false],
  ['the fully customised platform (customisedProps: given zones, active-active, an instance database, Grafana, replication)', 'Customised', TEST_ENV, true],
] as const;

/**
 * One synth of one app holding the three platforms, each in a stack of its own, and a canary stack, with the three
 * packs; every finding as `<rule> <construct path>` (a pack groups the resources of one rule in one finding: split).
 * The canary every pack must flag: a log group kept forever and not encrypted with a KMS key breaks
 * CloudWatchLogGroupRetentionPeriod and CloudWatchLogGroupEncrypted, which all three packs hold. Finding both proves
 * the pack ran, so "no other finding" means something.
 */
const run = once(() => {
  const { findings, plugins } = synthAndCollectFindings((outdir) => {
    const app = newTestApp({ outdir });
    for (const [, id, env, customised] of PLATFORMS) {
      const stack = new Stack(app, id, { env });
      const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', { hostedZoneId: 'Z0000000000000EXAMPLE', zoneName: ZONE_NAME });
      new MultiAzHaPlatform(stack, 'Platform', customised ? customisedProps(hostedZone) : { dns: { hostedZone, recordName: 'app' } });
    }
    new logs.LogGroup(new Stack(app, 'Canary'), 'UnencryptedLogGroup', { retention: logs.RetentionDays.INFINITE });
    Validations.of(app).addPlugins(new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app));
    return app;
  });
  // A finding that names no construct keeps a line of its own, so "none goes unseen" sees it.
  return { plugins, findings: findings.flatMap((f) => (f.paths.length > 0 ? f.paths : ['(no construct path)']).map((path) => `${f.rule} ${path}`)).sort() };
});

/** The findings of one pack, by its rule prefix. */
const findingsOf = (prefix: string) => run().findings.filter((f) => f.startsWith(`${prefix}-`));

describe('cdk-nag compliance packs: NIST 800-53 rev 5, HIPAA Security, PCI DSS 3.2.1', () => {
  test('the three packs ran, and every finding is one of theirs', () => {
    expect(run().plugins.sort()).toEqual(PACKS.map(([, prefix]) => prefix).sort());
    expect(run().findings.filter((f) => !PACKS.some(([, prefix]) => f.startsWith(`${prefix}-`)))).toEqual([]);
  });

  test.each(PACKS)('%s ran: the canary log group drew both log group rules, and nothing else', (_name, prefix) => {
    expect(findingsOf(prefix).filter((f) => f.includes(' Canary/'))).toEqual([
      `${prefix}-CloudWatchLogGroupEncrypted Canary/UnencryptedLogGroup/Resource`,
      `${prefix}-CloudWatchLogGroupRetentionPeriod Canary/UnencryptedLogGroup/Resource`,
    ]);
  });

  test.each(PACKS.flatMap(([packName, prefix]) => PLATFORMS.map(([platformName, id]) => [packName, platformName, prefix, id] as const)))(
    '%s: %s has no unacknowledged finding',
    (_packName, _platformName, prefix, id) => {
      expect(findingsOf(prefix).filter((f) => f.includes(` ${id}/`))).toEqual([]);
    });

  test('every finding is on a platform or the canary: none goes unseen', () => {
    const stacks = [...PLATFORMS.map(([, id]) => id), 'Canary'];
    expect(run().findings.filter((f) => !stacks.some((id) => f.includes(` ${id}/`)))).toEqual([]);
  });
});
