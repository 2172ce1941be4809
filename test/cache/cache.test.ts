import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PlatformErrors } from '../../lib';
import { CacheEngine, CacheTier, CacheTierOptions } from '../../lib/cache/cache-tier';
import { acknowledgedRules } from '../support/acknowledgements';
import { errorOf, expectConfigurationError } from '../support/errors';
import { buildPlatform, getAtt, logicalIdOf, once, ref, withTemplate } from '../support/fixtures';
import {
  expectCrossStackSecretRead, expectDecryptsThroughSecretsManager, expectOneKeyEncryptsOneSecret, expectReadsOnlySecret,
} from '../support/grant-assertions';
import { addCache } from '../support/tier-apps';
import { expectKeptExceptOnFailedCreate, newTierStack } from '../support/tier-fixtures';

const RG = 'AWS::ElastiCache::ReplicationGroup';
const LOG_GROUP = 'AWS::Logs::LogGroup';

function buildCache(options: CacheTierOptions = {}) {
  const fixture = newTierStack();
  return { ...fixture, tier: addCache(fixture, options) };
}

function synthCache(options: CacheTierOptions = {}) {
  return withTemplate(buildCache(options));
}

/** The default cache tier, synthesized once for the file. */
const defaultCache = once(() => synthCache());

/** A cache tier with every option changed, synthesized once for the file. */
const customCache = once(() => synthCache({
  engine: CacheEngine.REDIS,
  nodeType: 'cache.r7g.large',
  replicasPerPrimary: 3,
  snapshotRetentionDays: 14,
  snapshotWindow: '22:30-23:30',
  maintenanceWindow: 'sat:23:30-sun:00:30',
  logRetention: logs.RetentionDays.ONE_MONTH,
}));

/** Valkey 8.1 without automatic snapshots, synthesized once for the file. */
const noSnapshotsCache = once(() => synthCache({ engineVersion: '8.1', snapshotRetentionDays: 0 }));

describe('replication group', () => {
  test('a primary in zone 1 and a replica in zone 2, Multi-AZ with automatic failover, Valkey 8.2 on cache.m7g.xlarge', () => {
    const { template, tier, network } = defaultCache();
    template.resourceCountIs(RG, 1);
    template.hasResourceProperties(RG, {
      Engine: 'valkey',
      EngineVersion: '8.2',
      CacheNodeType: 'cache.m7g.xlarge',
      NumCacheClusters: 2,
      PreferredCacheClusterAZs: [network.availabilityZones[0], network.availabilityZones[1]],
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      AutoMinorVersionUpgrade: true,
      Port: 6379,
      NumNodeGroups: Match.absent(),
    });
    expect(network.availabilityZones[0]).not.toEqual(network.availabilityZones[1]);
    expect([tier.engine, tier.engineVersion, tier.nodeCount, tier.port]).toEqual([CacheEngine.VALKEY, '8.2', 2, 6379]);
  });

  test('engine, nodeType and replicasPerPrimary override the defaults; replicas alternate zone 2, zone 1', () => {
    const { template, tier, network } = customCache();
    const [zone1, zone2] = network.availabilityZones;
    template.hasResourceProperties(RG, {
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.r7g.large',
      NumCacheClusters: 4,
      PreferredCacheClusterAZs: [zone1, zone2, zone1, zone2],
    });
    expect(tier.nodeCount).toBe(4);
  });

  test('the tier exposes its node type, each node\'s zone, Multi-AZ and automatic failover', () => {
    const settingsOf = (tier: CacheTier) => [tier.nodeType, tier.nodeAvailabilityZones, tier.multiAz, tier.automaticFailover];
    const [zone1, zone2] = defaultCache().network.availabilityZones;
    expect(settingsOf(defaultCache().tier)).toEqual(['cache.m7g.xlarge', [zone1, zone2], true, true]);
    const custom = customCache();
    const [custom1, custom2] = custom.network.availabilityZones;
    expect(settingsOf(custom.tier)).toEqual(['cache.r7g.large', [custom1, custom2, custom1, custom2], true, true]);
  });

  test('engineVersion overrides the engine\'s default version', () => {
    const { template } = noSnapshotsCache();
    template.hasResourceProperties(RG, { Engine: 'valkey', EngineVersion: '8.1', SnapshotRetentionLimit: 0 });
  });

  test('a final snapshot when the stack deletes or replaces the replication group; pinned logical IDs', () => {
    const { template, tier } = defaultCache();
    template.hasResource(RG, { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(logicalIdOf(tier.replicationGroup)).toBe('CacheReplicationGroupBFE59FF3');
    expect(logicalIdOf(tier.key)).toBe('CacheKeyCDF9DE27');
    expect(logicalIdOf(tier.authSecret)).toBe('CacheAuthSecretB5146BA1');
  });

  test('a failed first deployment leaves nothing behind: the key and the log groups are kept only once created (RetainExceptOnCreate)', () => {
    const { template, tier } = defaultCache();
    expectKeptExceptOnFailedCreate(template, [tier.key, tier.slowLogGroup, tier.engineLogGroup], 'Cache');
  });
});

describe('encryption and authentication', () => {
  test('at rest with the tier\'s own rotating KMS key, kept when the stack is deleted', () => {
    const { template, tier } = defaultCache();
    template.hasResourceProperties(RG, { AtRestEncryptionEnabled: true, KmsKeyId: getAtt(tier.key, 'Arn') });
    expect(template.toJSON().Resources[logicalIdOf(tier.key)]).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  test('in transit: TLS is required', () => {
    defaultCache().template.hasResourceProperties(RG, { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' });
  });

  test('the AUTH token is generated by Secrets Manager and reaches CloudFormation as a dynamic reference', () => {
    const { template, tier } = defaultCache();
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{}',
        GenerateStringKey: 'authToken',
        PasswordLength: 64,
        ExcludePunctuation: true,
        RequireEachIncludedType: true,
      },
    });
    template.hasResourceProperties(RG, {
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref(tier.authSecret), ':SecretString:authToken::}}']] },
      UserGroupIds: Match.absent(),
    });
  });

  test('the AUTH token secret is encrypted with the cache key, which the grantee may use through Secrets Manager only', () => {
    const { template, tier, appRole } = defaultCache();
    expectOneKeyEncryptsOneSecret(template, 'Cache', tier.key, tier.authSecret);
    expectDecryptsThroughSecretsManager(template, tier.key, appRole);
  });

  test('grantReadAuthToken lets a principal read that secret and nothing else', () => {
    const { template, tier, appRole } = defaultCache();
    expectReadsOnlySecret(template, appRole, tier.authSecret);
  });

  test('grantReadAuthToken to a role in another stack of the app: that role\'s policy, no dependency cycle', () => {
    const { stack, tier } = buildCache();
    expectCrossStackSecretRead(stack, (role) => tier.grantReadAuthToken(role), tier.authSecret, tier.key);
  });
});

describe('snapshots, maintenance and logs', () => {
  test('15 days of daily snapshots, a snapshot window and a maintenance window by default', () => {
    defaultCache().template.hasResourceProperties(RG, {
      SnapshotRetentionLimit: 15,
      SnapshotWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
    });
  });

  test('snapshotRetentionDays, snapshotWindow and maintenanceWindow override the defaults', () => {
    customCache().template.hasResourceProperties(RG, {
      SnapshotRetentionLimit: 14,
      SnapshotWindow: '22:30-23:30',
      PreferredMaintenanceWindow: 'sat:23:30-sun:00:30',
    });
  });

  test('no automatic snapshot (snapshotRetentionDays 0) warns; the default does not', () => {
    const { stack } = noSnapshotsCache();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('snapshotRetentionDays'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/TierStack/Cache');
    expect(warnings[0].entry.data).toMatch(/^`snapshotRetentionDays` is 0: ElastiCache takes no automatic snapshot, so the cache cannot be restored after losing every node \(only the final snapshot on stack deletion remains\)\. Keep at least 1 day\./);
    expect(warnings[0].entry.data).toMatch(/multi-az-ha-platform:CacheSnapshotsDisabled/);
    expect(Annotations.fromStack(defaultCache().stack).findWarning('*', Match.stringLikeRegexp('snapshotRetentionDays'))).toEqual([]);
  });

  test('under the platform, the warning names the platform\'s prop', () => {
    const { stack } = buildPlatform({ cache: { snapshotRetentionDays: 0 } });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Platform/Cache', Match.stringLikeRegexp('CacheSnapshotsDisabled'));
    expect(warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(/^`cache\.snapshotRetentionDays` is 0: ElastiCache takes no automatic snapshot/)]);
  });

  test('slow log and engine log go to KMS-encrypted log groups kept a year, retained with the stack', () => {
    const { template, tier } = defaultCache();
    template.hasResourceProperties(RG, {
      LogDeliveryConfigurations: [
        {
          LogType: 'slow-log',
          LogFormat: 'json',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: ref(tier.slowLogGroup) } },
        },
        {
          LogType: 'engine-log',
          LogFormat: 'json',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: ref(tier.engineLogGroup) } },
        },
      ],
    });
    for (const group of [tier.slowLogGroup, tier.engineLogGroup]) {
      expect(template.toJSON().Resources[logicalIdOf(group)]).toEqual({
        Type: LOG_GROUP,
        Properties: { KmsKeyId: getAtt(tier.key, 'Arn'), RetentionInDays: 365 },
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]),
      }),
    });
  });

  test('logRetention overrides the retention of both log groups', () => {
    const { template } = customCache();
    template.resourcePropertiesCountIs(LOG_GROUP, { RetentionInDays: 30 }, 2);
  });
});

describe('network', () => {
  test('the nodes live in a subnet group of the isolated subnets of both zones', () => {
    const { template, tier, network } = defaultCache();
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: network.isolatedSubnets.subnets!.map((s) => ref(s)),
    });
    template.hasResourceProperties(RG, {
      CacheSubnetGroupName: ref(tier.subnetGroup),
      SecurityGroupIds: [getAtt(tier.securityGroup, 'GroupId')],
    });
  });

  test('the security group allows nothing out, and in only the cache port from the peers the platform allows', () => {
    const { template, tier, appSecurityGroup } = defaultCache();
    const sg = template.toJSON().Resources[logicalIdOf(tier.securityGroup)];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(logicalIdOf(tier.securityGroup)));
    expect(ingress.map((r: any) => r.Properties)).toEqual([expect.objectContaining({
      IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, SourceSecurityGroupId: getAtt(appSecurityGroup, 'GroupId'),
    })]);
  });

  test('the tier is connectable: its default port is the cache port', () => {
    const { tier } = defaultCache();
    expect(tier.connections.defaultPort?.toString()).toBe('6379');
    expect(tier.connections.securityGroups).toEqual([tier.securityGroup]);
  });
});

describe('endpoints and metrics', () => {
  test('primary and reader endpoints are the replication group\'s attributes', () => {
    const { stack, tier } = defaultCache();
    expect(stack.resolve(tier.primaryEndpointAddress)).toEqual(getAtt(tier.replicationGroup, 'PrimaryEndPoint.Address'));
    expect(stack.resolve(tier.primaryEndpointPort)).toEqual(getAtt(tier.replicationGroup, 'PrimaryEndPoint.Port'));
    expect(stack.resolve(tier.readerEndpointAddress)).toEqual(getAtt(tier.replicationGroup, 'ReaderEndPoint.Address'));
  });

  test.each([
    ['metricCpuUtilization', 'CPUUtilization', cloudwatch.Stats.AVERAGE, '-001'],
    ['metricEngineCpuUtilization', 'EngineCPUUtilization', cloudwatch.Stats.AVERAGE, '-001'],
    ['metricMemoryUsedPercent', 'DatabaseMemoryUsagePercentage', cloudwatch.Stats.MAXIMUM, '-001'],
    ['metricEvictions', 'Evictions', cloudwatch.Stats.SUM, '-001'],
    ['metricCacheHitRate', 'CacheHitRate', cloudwatch.Stats.AVERAGE, '-001'],
    ['metricReplicationLag', 'ReplicationLag', cloudwatch.Stats.MAXIMUM, '-002'],
  ] as const)('%s reads %s (%s over 1 minute) of a node, by default the node whose ID ends in %s', (method, metricName, statistic, suffix) => {
    const { stack, tier } = defaultCache();
    const metric = tier[method]();
    expect([metric.namespace, metric.metricName, metric.statistic]).toEqual(['AWS/ElastiCache', metricName, statistic]);
    expect(metric.period.toSeconds()).toBe(60);
    expect(Object.keys(metric.dimensions!)).toEqual(['CacheClusterId']);
    expect(stack.resolve(metric.dimensions!.CacheClusterId)).toEqual({ 'Fn::Join': ['', [ref(tier.replicationGroup), suffix]] });
    const other = tier[method]({ nodeIndex: suffix === '-001' ? 1 : 0, statistic: 'p90' });
    expect(stack.resolve(other.dimensions!.CacheClusterId)).toEqual({
      'Fn::Join': ['', [ref(tier.replicationGroup), suffix === '-001' ? '-002' : '-001']],
    });
    expect(other.statistic).toBe('p90');
  });

  test('metric reads any ElastiCache metric of a node: the average over 1 minute of node 0 by default', () => {
    const { stack, tier } = defaultCache();
    const metric = tier.metric('CurrConnections');
    expect([metric.namespace, metric.metricName, metric.statistic]).toEqual(['AWS/ElastiCache', 'CurrConnections', cloudwatch.Stats.AVERAGE]);
    expect(metric.period.toSeconds()).toBe(60);
    expect(stack.resolve(metric.dimensions)).toEqual({ CacheClusterId: { 'Fn::Join': ['', [ref(tier.replicationGroup), '-001']] } });
    const replica = tier.metric('CurrConnections', { nodeIndex: 1, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5) });
    expect(stack.resolve(replica.dimensions)).toEqual({ CacheClusterId: { 'Fn::Join': ['', [ref(tier.replicationGroup), '-002']] } });
    expect([replica.statistic, replica.period.toMinutes()]).toEqual([cloudwatch.Stats.MAXIMUM, 5]);
  });

  test('a metric of a node that does not exist fails with the node index', () => {
    const { tier } = defaultCache();
    expect(() => tier.metricReplicationLag({ nodeIndex: 2 })).toThrow(/^`nodeIndex` must be a node index from 0 to 1 \(0 is the node created as primary in zone 1\), got 2$/);
    expect(() => tier.metric('CurrConnections', { nodeIndex: -1 })).toThrow(/`nodeIndex` must be a node index from 0 to 1.*got -1$/);
    expect(() => tier.memberClusterId(-1)).toThrow(/`nodeIndex` must be a node index from 0 to 1.*got -1$/);
  });

  test('a bad node index names the argument (no prop path prefix) and the tier\'s construct path, alone and under the platform', () => {
    const message = '`nodeIndex` must be a node index from 0 to 1 (0 is the node created as primary in zone 1), got 9';
    const { tier } = defaultCache();
    expectConfigurationError(errorOf(() => tier.metricCpuUtilization({ nodeIndex: 9 })), 'nodeIndex', tier.node.path, message);
    expect(tier.node.path).toBe('TierStack/Cache');
    const { platform } = buildPlatform({ cache: { replicasPerPrimary: 1 } });
    expectConfigurationError(errorOf(() => platform.cache!.metricCpuUtilization({ nodeIndex: 9 })), 'nodeIndex', 'TestStack/Platform/Cache', message);
  });
});

describe('bad input', () => {
  test.each([
    [{ replicasPerPrimary: 0 }, /^`replicasPerPrimary` must be at least 1 for automatic failover, got 0$/],
    [{ replicasPerPrimary: 6 }, /^`replicasPerPrimary` must be at most 5 \(ElastiCache allows 5 replicas per primary\), got 6$/],
    [{ replicasPerPrimary: 1.5 }, /^`replicasPerPrimary` must be a whole number, got 1\.5$/],
    [{ nodeType: 'm7g.xlarge' }, /^`nodeType` must be a node type of the form cache\.<family>\.<size>, got 'm7g\.xlarge'$/],
    [{ nodeType: 'db.m7g.xlarge' }, /^`nodeType` must be a node type of the form cache\.<family>\.<size>, got 'db\.m7g\.xlarge'$/],
    [{ snapshotRetentionDays: 36 }, /^`snapshotRetentionDays` must be at most 35, got 36$/],
    [{ snapshotRetentionDays: -1 }, /^`snapshotRetentionDays` must be at least 0, got -1$/],
    [{ engineVersion: 'latest' }, /^`engineVersion` must be a version number such as '8\.2', got 'latest'$/],
    [{ engine: 'memcached' as CacheEngine }, /^`engine` must be CacheEngine\.VALKEY or CacheEngine\.REDIS, got 'memcached'$/],
    [{ snapshotWindow: '3:00-4:00' }, /^`snapshotWindow` must be a daily UTC window hh24:mi-hh24:mi, got '3:00-4:00'$/],
    [{ snapshotWindow: '03:00-03:30' }, /^`snapshotWindow` must last at least 60 minutes, got '03:00-03:30'$/],
    [{ maintenanceWindow: 'sunday:05:00-sunday:06:00' }, /^`maintenanceWindow` must be a weekly UTC window ddd:hh24:mi-ddd:hh24:mi \(ddd: mon, .*\), got 'sunday:05:00-sunday:06:00'$/],
    [{ maintenanceWindow: 'sun:05:00-sun:05:59' }, /^`maintenanceWindow` must last at least 60 minutes, got 'sun:05:00-sun:05:59'$/],
    [{ maintenanceWindow: 'sun:24:00-sun:25:00' }, /^`maintenanceWindow` must be .*, got 'sun:24:00-sun:25:00'$/],
  ] as Array<[CacheTierOptions, RegExp]>)('fails when cache is %j', (options, message) => {
    expect(() => buildCache(options)).toThrow(message);
  });

  // A version of the other engine (or none ElastiCache has) fails at deploy: it fails at synth, naming the rule.
  const VALKEY_RULE = '`engineVersion` must be a Valkey version ElastiCache offers, 7\\.2 or 8\\.0 and later, when `engine` is CacheEngine\\.VALKEY \\(the default';
  const REDIS_RULE = '`engineVersion` must be a Redis OSS version ElastiCache offers, 7\\.0 or 7\\.1, when `engine` is CacheEngine\\.REDIS \\(';
  test.each([
    [{ engineVersion: '7.1' }, new RegExp(`^${VALKEY_RULE}; '7\\.1' is a Redis OSS version: set \`engine\` to CacheEngine\\.REDIS for it\\), got '7\\.1'$`)],
    [{ engine: CacheEngine.VALKEY, engineVersion: '7.0' }, new RegExp(`^${VALKEY_RULE}; '7\\.0' is a Redis OSS version.*\\), got '7\\.0'$`)],
    [{ engineVersion: '6.2' }, new RegExp(`^${VALKEY_RULE}; '6\\.2' is a Redis OSS version.*got '6\\.2'$`)],
    [{ engineVersion: '7.3' }, new RegExp(`^${VALKEY_RULE}\\), got '7\\.3'$`)],
    [{ engine: CacheEngine.REDIS, engineVersion: '8.2' }, new RegExp(`^${REDIS_RULE}ElastiCache's Redis OSS line ends at 7\\.1, the versions after it are Valkey's: set \`engine\` to CacheEngine\\.VALKEY for them\\), got '8\\.2'$`)],
    [{ engine: CacheEngine.REDIS, engineVersion: '7.2' }, new RegExp(`^${REDIS_RULE}ElastiCache's Redis OSS line ends at 7\\.1.*got '7\\.2'$`)],
    [{ engine: CacheEngine.REDIS, engineVersion: '9.0' }, new RegExp(`^${REDIS_RULE}.*Valkey's.*got '9\\.0'$`)],
    [{ engine: CacheEngine.REDIS, engineVersion: '6.2' }, new RegExp(`^${REDIS_RULE}required in-transit encryption needs Redis OSS 7\\), got '6\\.2'$`)],
  ] as Array<[CacheTierOptions, RegExp]>)('fails when the engine has no such version: %j', (options, message) => {
    expect(() => buildCache(options)).toThrow(message);
  });

  test.each([
    [CacheEngine.VALKEY, '7.2'], [CacheEngine.VALKEY, '8.0'], [CacheEngine.VALKEY, '9.0'], [CacheEngine.VALKEY, '8.2.1'],
    [CacheEngine.REDIS, '7.0'], [CacheEngine.REDIS, '7.1'],
  ])('accepts %s %s', (engine, engineVersion) => {
    expect(buildCache({ engine, engineVersion }).tier.engineVersion).toBe(engineVersion);
  });

  test('windows that cross midnight or the end of the week are accepted', () => {
    expect(() => buildCache({ snapshotWindow: '23:30-00:30', maintenanceWindow: 'sat:23:30-sun:00:30' })).not.toThrow();
  });

  test('a cache used on its own names its own props, sibling props included, and the construct', () => {
    const caught = errorOf(() => buildCache({ engineVersion: '7.1' }));
    expectConfigurationError(caught, 'engineVersion', 'TierStack/Cache',
      '`engineVersion` must be a Valkey version ElastiCache offers, 7.2 or 8.0 and later, when ' +
      '`engine` is CacheEngine.VALKEY (the default; \'7.1\' is a Redis OSS version: set `engine` to CacheEngine.REDIS for it), got \'7.1\'');
  });

  test('under the platform, the same error names the platform\'s props', () => {
    const caught = errorOf(() => buildPlatform({ cache: { engineVersion: '7.1' } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('cache.engineVersion');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform/Cache');
    expect(caught.message).toBe('`cache.engineVersion` must be a Valkey version ElastiCache offers, 7.2 or 8.0 and later, when ' +
      '`cache.engine` is CacheEngine.VALKEY (the default; \'7.1\' is a Redis OSS version: set `cache.engine` to CacheEngine.REDIS for it), got \'7.1\'');
  });

  test('fails when fewer than 2 zones are given', () => {
    const fixture = newTierStack();
    expect(() => new CacheTier(fixture.stack, 'Cache', {
      vpc: fixture.network.vpc, subnets: fixture.network.isolatedSubnets, availabilityZones: ['eu-west-1a'],
    })).toThrow(/^`availabilityZones` must list the 2 zones of the platform, zone 1 first, got \["eu-west-1a"\]$/);
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over the cache tier (Valkey fixed and environment-agnostic, Redis OSS;
// Valkey with 2 replicas per primary), with every other tier's checks, in one synth each.
describe('cdk-nag AwsSolutions', () => {
  test('acknowledgements sit on the exact resources, with reasons', () => {
    const valkey = buildCache().tier;
    const secretRules = acknowledgedRules(valkey.authSecret);
    expect(Object.keys(secretRules)).toEqual([
      'AwsSolutions-SMG4',
      'NIST.800.53.R5-SecretsManagerRotationEnabled',
      'HIPAA.Security-SecretsManagerRotationEnabled',
    ]);
    // The compliance packs' rotation rule is acknowledged for the same reason as AwsSolutions-SMG4.
    expect(secretRules['AwsSolutions-SMG4']).toMatch(/^ElastiCache AUTH tokens have no Secrets Manager rotation function: /);
    expect(secretRules['NIST.800.53.R5-SecretsManagerRotationEnabled']).toBe(secretRules['AwsSolutions-SMG4']);
    expect(secretRules['HIPAA.Security-SecretsManagerRotationEnabled']).toBe(secretRules['AwsSolutions-SMG4']);
    expect(acknowledgedRules(valkey.replicationGroup)).toEqual({});
    const redis = buildCache({ engine: CacheEngine.REDIS }).tier;
    expect(acknowledgedRules(redis.replicationGroup)['AwsSolutions-AEC5']).toMatch(/security group admits only the platform's tiers/);
  });
});
