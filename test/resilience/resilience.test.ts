import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { DatabaseTopology, PlatformErrors } from '../../lib';
import { buildPlatform, PlatformOverrides } from '../support/fixtures';

const OFF = { enabled: false };
// The recovery checks read the whole platform; the observability tier adds nothing they read.
const LEAN = { observability: OFF };

/** The platform's recovery warnings, by scenario id. */
function recoveryWarnings(overrides: PlatformOverrides = {}, edit?: (built: ReturnType<typeof buildPlatform>) => void): Record<string, string> {
  const built = buildPlatform({ ...LEAN, ...overrides });
  edit?.(built);
  return warningsOf(built.stack);
}

function warningsOf(stack: Stack): Record<string, string> {
  const found: Record<string, string> = {};
  for (const w of Annotations.fromStack(stack).findWarning('*', Match.anyValue())) {
    const match = /\[ack: Annotation::multi-az-ha-platform:resilience\.([a-z0-9-]+)\]/.exec(String(w.entry.data));
    if (match) {
      found[match[1]] = String(w.entry.data);
    }
  }
  return found;
}

describe('synth-time recovery checks against the seed\'s targets', () => {
  test('the default platform warns that the Multi-AZ DB instance (60-120 s) misses the 30 s database target, and nothing else', () => {
    const warnings = recoveryWarnings();
    expect(Object.keys(warnings)).toEqual(['database-primary']);
    expect(warnings['database-primary']).toMatch(/about 120 s .* misses `resilience.targets.databaseFailure` of 30 s/);
    expect(warnings['database-primary']).toMatch(/To meet it: `database.topology: DatabaseTopology.AURORA`/);
  });

  test('Aurora meets the database target', () => {
    expect(recoveryWarnings({ database: { topology: DatabaseTopology.AURORA } })).toEqual({});
  });

  test('a relaxed database target is met by the Multi-AZ DB instance', () => {
    expect(recoveryWarnings({ resilience: { targets: { databaseFailure: Duration.minutes(3) } } })).toEqual({});
  });

  test('a standard (30 s) health check interval misses the 2 minute zone failover target', () => {
    const warnings = recoveryWarnings({ dns: { healthCheckInterval: Duration.seconds(30) } });
    expect(warnings['zone-1-loss']).toMatch(/about 150 s .* misses `resilience.targets.zoneFailure` of 120 s.*dns.healthCheckInterval/);
  });

  test('a stricter zone target is missed by the default DNS failover (90 s)', () => {
    const warnings = recoveryWarnings({ resilience: { targets: { zoneFailure: Duration.seconds(60), databaseFailure: Duration.minutes(5) } } });
    expect(Object.keys(warnings)).toEqual(['zone-1-loss']);
    expect(warnings['zone-1-loss']).toMatch(/about 90 s/);
  });

  test('the check reads what will deploy: a cache without its replica (escape hatch) misses the cache target', () => {
    const warnings = recoveryWarnings({}, ({ platform }) => {
      const group = platform.cache!.replicationGroup as elasticache.CfnReplicationGroup;
      group.addPropertyOverride('NumCacheClusters', 1);
      group.addPropertyOverride('AutomaticFailoverEnabled', false);
      group.addPropertyOverride('MultiAZEnabled', false);
      group.addPropertyOverride('PreferredCacheClusterAZs', undefined);
    });
    expect(warnings['cache-primary']).toMatch(/Cache primary failure: no automatic recovery .* misses `resilience.targets.cacheFailure`/);
  });

  test('tiers turned off are not checked', () => {
    expect(recoveryWarnings({ database: OFF })).toEqual({});
  });

  test('a miss can be acknowledged by its id', () => {
    const built = buildPlatform(LEAN);
    Validations.of(built.platform).acknowledge({ id: 'Annotation::multi-az-ha-platform:resilience.database-primary', reason: 'accepted: 2 min' });
    expect(warningsOf(built.stack)).toEqual({});
  });

  test.each([
    [{ databaseFailure: Duration.seconds(0) }, /`resilience.targets.databaseFailure` must be longer than 0 seconds, got 0 seconds/],
  ])('fails when resilience.targets is %j', (targets, message) => {
    let caught: unknown;
    try {
      buildPlatform({ ...LEAN, resilience: { targets } });
    } catch (error) {
      caught = error;
    }
    expect(String(caught)).toMatch(message);
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
  });
});
