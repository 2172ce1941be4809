import { appServers, broker, entry, network, searchDomain } from './report-fixtures';
import {
  checkRecoveryTargets, computeRecovery, DEFAULT_RECOVERY_TARGETS, FAILOVER_FIGURES, RecoveryScenario,
} from '../../lib/report/recovery';
import { CfnResource, readPlatform } from '../../lib/report/template-model';
import { agnosticPlatform } from '../support/fixtures';

type Resources = Record<string, CfnResource>;

/** Two subnets (one per zone) and a DB subnet group over them. */
const NETWORK: Resources = {
  SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1a' } },
  SubnetB: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1b' } },
  DbSubnets: { Type: 'AWS::RDS::DBSubnetGroup', Properties: { SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }] } },
};

function scenario(resources: Resources, id: string): RecoveryScenario {
  return computeRecovery({ ...NETWORK, ...resources }).scenarios.find((s) => s.id === id)!;
}

describe('targets', () => {
  test('the reference architecture\'s targets: zone < 2 min, app server 30 s, database the stricter 30 s, cache 30 s, search minutes, broker seconds', () => {
    expect(DEFAULT_RECOVERY_TARGETS).toEqual({
      zoneFailureSeconds: 120, appServerSeconds: 30, databaseSeconds: 30, cacheSeconds: 30, searchNodeSeconds: 600, brokerNodeSeconds: 60,
    });
  });

  test('accepts a partial override', () => {
    expect(checkRecoveryTargets({ databaseSeconds: 60 })).toEqual({ databaseSeconds: 60 });
  });

  test.each([
    [[], /must be a JSON object/],
    [{ dbSeconds: 60 }, /unknown target "dbSeconds"/],
    [{ databaseSeconds: '60' }, /"databaseSeconds" must be a number of seconds greater than 0, got "60"/],
    [{ cacheSeconds: -1 }, /"cacheSeconds" must be a number of seconds greater than 0, got -1/],
    [{ cacheSeconds: 0 }, /"cacheSeconds" must be a number of seconds greater than 0, got 0/],
  ])('fails on bad targets %j', (value, message) => {
    expect(() => checkRecoveryTargets(value)).toThrow(message);
  });
});

describe('database topologies', () => {
  const instance = (props: Record<string, unknown>): Resources => ({
    Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', DBSubnetGroupName: { Ref: 'DbSubnets' }, ...props } },
  });

  test('Multi-AZ DB instance: 120 s, no data loss', () => {
    expect(scenario(instance({ MultiAZ: true }), 'database-primary')).toMatchObject({
      expectedSeconds: FAILOVER_FIGURES.rdsMultiAzInstance, automatic: true, dataLossSeconds: 0, meets: false, cause: 'database-multi-az-instance',
    });
  });

  test('Single-AZ DB instance: no automatic failover, up to 5 minutes of writes lost', () => {
    const single = scenario(instance({}), 'database-primary');
    expect(single).toMatchObject({ automatic: false, dataLossSeconds: 300, status: 'MISSES' });
    expect(single.expectedSeconds).toBeUndefined();
  });

  test('Multi-AZ DB cluster: under 35 s', () => {
    const cluster: Resources = {
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'postgres', DBClusterInstanceClass: 'db.m6gd.large', AllocatedStorage: 100 } },
    };
    expect(scenario(cluster, 'database-primary')).toMatchObject({ expectedSeconds: 35, dataLossSeconds: 0 });
  });

  test('Aurora: 30 s with a reader, a best-effort new instance (600 s planning figure) without', () => {
    const aurora = (readers: number): Resources => ({
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
      Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.r7g.large', AvailabilityZone: 'us-east-1a', PromotionTier: 0 } },
      ...Object.fromEntries(Array.from({ length: readers }, (_, i) => [`Reader${i}`, {
        Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.r7g.large', AvailabilityZone: 'us-east-1b', PromotionTier: 1 },
      }])),
    });
    expect(scenario(aurora(1), 'database-primary')).toMatchObject({ expectedSeconds: 30, meets: true });
    expect(scenario(aurora(0), 'database-primary')).toMatchObject({ expectedSeconds: 600, meets: false, cause: 'database-no-reader' });
  });

  test('several databases: the slowest decides, the others are noted', () => {
    const both: Resources = {
      ...instance({ MultiAZ: true }),
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'postgres', DBClusterInstanceClass: 'db.m6gd.large' } },
    };
    const database = scenario(both, 'database-primary');
    expect(database.expectedSeconds).toBe(120);
    expect(database.resources).toEqual(expect.arrayContaining(['Db', 'Cluster']));
    expect(database.notes.some((note) => /Multi-AZ DB cluster/.test(note))).toBe(true);
  });
});

describe('cache, search and broker', () => {
  const cache = (props: Record<string, unknown>): Resources => ({
    Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'redis', CacheNodeType: 'cache.r7g.large', ...props } },
  });

  test('a replica with automatic failover meets 30 s; without automatic failover or without a replica it does not', () => {
    expect(scenario(cache({ NumCacheClusters: 2, AutomaticFailoverEnabled: true }), 'cache-primary')).toMatchObject({ expectedSeconds: 30, meets: true });
    expect(scenario(cache({ NumCacheClusters: 2, AutomaticFailoverEnabled: false }), 'cache-primary')).toMatchObject({ automatic: false, meets: false });
    expect(scenario(cache({ NumCacheClusters: 1 }), 'cache-primary').basis).toMatch(/no replica/);
  });

  test('search: 3 dedicated masters recover a data node in minutes; 2 masters cannot keep a quorum', () => {
    const domain = (masters: number): Resources => ({
      Search: {
        Type: 'AWS::OpenSearchService::Domain',
        Properties: {
          ClusterConfig: {
            InstanceCount: 4,
            InstanceType: 'r7g.large.search',
            DedicatedMasterEnabled: true,
            DedicatedMasterCount: masters,
            ZoneAwarenessEnabled: true,
            ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
          },
          VPCOptions: { SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }] },
        },
      },
    });
    expect(scenario(domain(3), 'search-node')).toMatchObject({ expectedSeconds: 300, meets: true });
    expect(scenario(domain(3), 'search-node').notes).toEqual([expect.stringMatching(/the 3 dedicated masters sit 2 \+ 1 over 2 zones: losing the zone that holds 2 loses the master quorum/)]);
    expect(scenario(domain(2), 'search-node')).toMatchObject({ automatic: false, meets: false, cause: 'search-too-few-masters' });
    expect(scenario(domain(2), 'search-node').basis).toMatch(/no majority/);
  });

  test('search with Multi-AZ with Standby over 3 zones: the standby is promoted in under a minute (AWS), no data lost', () => {
    const standby = computeRecovery({ ...network(), ...searchDomain(3) }).scenarios.find((s) => s.id === 'search-node')!;
    expect(standby).toMatchObject({ expectedSeconds: FAILOVER_FIGURES.openSearchStandbyFailover, meets: true, dataLossSeconds: 0, notes: [] });
    expect(standby.expectedSeconds).toBe(60);
    expect(standby.citation).toMatch(/amazon-opensearch-service-now-supports-99-99-availability-using-multi-az-with-standby/);
  });

  test.each([
    ['4.2', 'mq.m7g.large', /^none: quorum queues are the default queue type on RabbitMQ 4\.2/, 0, undefined],
    ['3.13', 'mq.m5.large', /^queues are classic unless clients declare them quorum \(RabbitMQ 3\.13\): .*none for quorum queues$/, undefined, 'broker-classic-queues'],
  ])('broker: a RabbitMQ %s cluster (%s) recovers in 30 s; its data loss depends on the default queue type', (version, host, dataLoss, bound, cause) => {
    const recovery = computeRecovery({ ...network(), ...broker(version, host) }).scenarios.find((s) => s.id === 'broker-node')!;
    expect(recovery).toMatchObject({ expectedSeconds: 30, meets: true });
    expect([recovery.dataLossSeconds, recovery.cause]).toEqual([bound, cause]);
    expect(recovery.dataLoss).toMatch(dataLoss);
  });

  test('broker: a RabbitMQ cluster recovers in seconds; a single instance has no failover', () => {
    const single = (mode: string): Resources => ({
      Broker: { Type: 'AWS::AmazonMQ::Broker', Properties: { EngineType: 'RABBITMQ', DeploymentMode: mode, HostInstanceType: 'mq.m5.large' } },
    });
    expect(scenario(single('CLUSTER_MULTI_AZ'), 'broker-node')).toMatchObject({ expectedSeconds: 30, meets: true });
    expect(scenario(single('SINGLE_INSTANCE'), 'broker-node')).toMatchObject({ automatic: false, meets: false, cause: 'broker-single-instance' });
  });

  test('tiers absent from the template are not applicable', () => {
    expect(scenario({}, 'broker-node')).toMatchObject({ status: 'NOT_APPLICABLE', meets: false });
  });
});

describe('DNS failover', () => {
  /**
   * Two zones of NETWORK, each with an app group (2 to 4 servers) behind its own load balancer and a health-checked
   * alias record; the health checks with `check` alone (the Route 53 defaults when empty).
   */
  function twoZones(routing: 'failover' | 'weighted', check: Record<string, unknown> = {}): Resources {
    const subnets: [string, string] = ['SubnetA', 'SubnetB'];
    return { ...appServers({ subnets, sizes: ['2', '4'] }), ...entry({ routing, check, subnets }) };
  }

  test('health check defaults (30 s interval, threshold 3) + 60 s TTL = 150 s', () => {
    expect(scenario(twoZones('failover'), 'zone-1-loss')).toMatchObject({ expectedSeconds: 150, meets: false });
  });

  test('weighted (active-active) routing: losing either zone removes its record after detection + TTL', () => {
    const resources = twoZones('weighted', { RequestInterval: 10, FailureThreshold: 2 });
    expect(scenario(resources, 'zone-1-loss')).toMatchObject({ expectedSeconds: 80, meets: true });
    expect(scenario(resources, 'zone-2-loss')).toMatchObject({ expectedSeconds: 80, meets: true });
  });

  test('a record without a health check or target health never fails over', () => {
    const resources = twoZones('failover');
    const record = resources.Record1.Properties as Record<string, any>;
    delete record.HealthCheckId;
    record.AliasTarget = { ...record.AliasTarget, EvaluateTargetHealth: false };
    expect(scenario(resources, 'zone-1-loss')).toMatchObject({ automatic: false, meets: false });
    expect(scenario(resources, 'zone-1-loss').expectedSeconds).toBeUndefined();
  });

  test('the app server scenario uses the slowest target group', () => {
    const resources = twoZones('failover');
    (resources.Tg2.Properties as Record<string, any>).HealthCheckIntervalSeconds = 15;
    (resources.Tg2.Properties as Record<string, any>).UnhealthyThresholdCount = 3;
    expect(scenario(resources, 'app-server')).toMatchObject({ expectedSeconds: 45, meets: false });
  });
});

describe('the quorum zone', () => {
  test('losing it changes nothing for clients: 0 s, no data lost; the quorum members there are noted', () => {
    const resources = { ...network(), ...appServers(), ...entry(), ...searchDomain(3), ...broker() };
    const quorum = computeRecovery(resources).scenarios.find((s) => s.id === 'quorum-zone-loss')!;
    expect(quorum).toMatchObject({ title: 'Quorum zone (GetAZs[2]) failure', expectedSeconds: 0, meets: true, dataLossSeconds: 0 });
    expect(quorum.notes).toEqual([
      expect.stringMatching(/^Search Search: 2 of 6 data nodes and 1 of 3 dedicated masters are in the quorum zone: the other masters keep the quorum; .*standby/),
      expect.stringMatching(/^Message broker Broker: 1 of its 3 nodes is in the quorum zone/),
    ]);
  });

  test('without one there is no quorum zone scenario', () => {
    const ids = computeRecovery({ ...network({ quorum: null }), ...appServers() }).scenarios.map((s) => s.id);
    expect(ids.filter((id) => id.endsWith('-loss'))).toEqual(['zone-1-loss', 'zone-2-loss']);
  });
});

describe('input forms', () => {
  test('accepts a template, its Resources or a model, with the same result', () => {
    const template = agnosticPlatform().template.toJSON();
    const fromTemplate = computeRecovery(template as any);
    expect(computeRecovery(template.Resources)).toEqual(fromTemplate);
    expect(computeRecovery(readPlatform(template as any))).toEqual(fromTemplate);
  });

  test('an environment-agnostic template names its zones by Fn::GetAZs index, the quorum zone last', () => {
    const model = readPlatform(agnosticPlatform().template.toJSON() as any);
    expect(model.zones.map((zone) => zone.key)).toEqual(['GetAZs[0]', 'GetAZs[1]', 'GetAZs[2]']);
    expect(computeRecovery(model).scenarios.map((s) => s.id).slice(0, 3)).toEqual(['zone-1-loss', 'zone-2-loss', 'quorum-zone-loss']);
  });
});
