import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatabaseTopology, DnsRouting } from '../../lib';
import { HOURS_PER_MONTH, PRICE_TABLE_DATE } from '../../lib/report/prices';
import { RecoveryScenario } from '../../lib/report/recovery';
import { HEADINGS, renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport, PlatformReport } from '../../lib/report/report';
import { ReportInputError } from '../../lib/report/template-model';
import { buildPlatform, defaultPlatform, synthPlatform } from '../support/fixtures';

const APP_ZONE_1 = 'PlatformAppTierServersZone1GroupASGC6F6D027';
const DATABASE = 'PlatformDatabaseInstance6BC2E6BA';
const REPLICA = 'PlatformDatabaseReadReplica8393484C';
const CACHE = 'PlatformCacheReplicationGroupBBB2DAA6';

function reportOf(template: unknown): PlatformReport {
  return buildReport(template);
}

function scenarioOf(report: PlatformReport, id: string): RecoveryScenario {
  const found = report.recovery.scenarios.find((s) => s.id === id);
  if (!found) {
    throw new Error(`no scenario ${id}`);
  }
  return found;
}

function tierInZone(report: PlatformReport, zone: string, tier: string) {
  return report.inventory.zones.find((z) => z.zone === zone)!.tiers.find((t) => t.tier === tier)!;
}

describe('default platform', () => {
  let report: PlatformReport;
  beforeAll(() => {
    report = reportOf(defaultPlatform().template.toJSON());
  });

  describe('inventory', () => {
    test('finds the two zones of the test environment, in order', () => {
      expect(report.hasPlatformResources).toBe(true);
      expect(report.zones.map((zone) => [zone.name, zone.key])).toEqual([['zone 1', 'dummy1a'], ['zone 2', 'dummy1b']]);
    });

    test('counts app servers 4 + 4 and workers 3 + 2, with their vCPUs (c7g.xlarge 4, c7g.large 2)', () => {
      expect(tierInZone(report, 'dummy1a', 'App servers')).toMatchObject({ servers: 4, vcpus: 16, memoryGiB: 32, storageGiB: 120 });
      expect(tierInZone(report, 'dummy1b', 'App servers')).toMatchObject({ servers: 4, vcpus: 16, memoryGiB: 32, storageGiB: 120 });
      expect(tierInZone(report, 'dummy1a', 'Workers')).toMatchObject({ servers: 3, vcpus: 6, memoryGiB: 12, storageGiB: 90 });
      expect(tierInZone(report, 'dummy1b', 'Workers')).toMatchObject({ servers: 2, vcpus: 4, memoryGiB: 8, storageGiB: 60 });
    });

    test('puts the Multi-AZ primary and standby one per zone and the read replica in zone 2 (db.m7g.2xlarge: 8 vCPUs, 500 GiB each)', () => {
      expect(tierInZone(report, 'dummy1a', 'Database')).toMatchObject({ servers: 1, vcpus: 8, memoryGiB: 32, storageGiB: 500 });
      expect(tierInZone(report, 'dummy1b', 'Database')).toMatchObject({ servers: 2, vcpus: 16, memoryGiB: 64, storageGiB: 1000 });
      const replica = report.inventory.items.find((item) => item.logicalId === REPLICA)!;
      expect(replica).toMatchObject({ role: 'replica', zone: 'dummy1b', instanceType: 'db.m7g.2xlarge', storageGiB: 500 });
    });

    test('puts the cache primary in zone 1 and its replica in zone 2 (cache.m7g.xlarge: 4 vCPUs)', () => {
      const nodes = report.inventory.items.filter((item) => item.logicalId === CACHE);
      expect(nodes.map((node) => [node.role, node.zone, node.vcpus])).toEqual([['primary', 'dummy1a', 4], ['replica', 'dummy1b', 4]]);
    });

    test('splits the 4 search data nodes 2 + 2 and leaves the 3 masters and 3 broker nodes to AWS placement', () => {
      expect(tierInZone(report, 'dummy1a', 'Search')).toMatchObject({ servers: 2, vcpus: 4, storageGiB: 512 });
      expect(tierInZone(report, 'dummy1b', 'Search')).toMatchObject({ servers: 2, vcpus: 4, storageGiB: 512 });
      expect(tierInZone(report, 'unplaced', 'Search')).toMatchObject({ servers: 3, vcpus: 6 });
      expect(tierInZone(report, 'unplaced', 'Message broker')).toMatchObject({ servers: 3, vcpus: 6, memoryGiB: 24 });
    });

    test('totals per zone and overall, against the seed (~30 servers, ~120 cores, ~300 GB, ~3 TB)', () => {
      const zone = (key: string) => report.inventory.zones.find((z) => z.zone === key)!;
      // zone 1: 16 app + 6 workers + 8 database + 4 cache + 4 search = 38 vCPUs; zone 2: 16 + 4 + 16 + 4 + 4 = 44
      expect(zone('dummy1a')).toMatchObject({ servers: 11, vcpus: 38 });
      expect(zone('dummy1b')).toMatchObject({ servers: 11, vcpus: 44 });
      expect(zone('unplaced')).toMatchObject({ servers: 6, vcpus: 12 });
      // 8 app + 5 workers + 3 database + 2 cache + 7 search + 3 broker; storage 13 × 30 + 3 × 500 + 4 × 256
      expect(report.inventory.totals).toEqual({ servers: 28, vcpus: 94, memoryGiB: 317.86, storageGiB: 2914 });
      expect(report.inventory.seed).toEqual({ servers: 30, vcpus: 120, memoryGB: 300, storageGB: 3000 });
      expect(report.inventory.unknownTypes).toEqual([]);
    });
  });

  describe('cost', () => {
    const line = (logicalId: string, item: RegExp) => report.cost.lines.find((l) => l.logicalId === logicalId && item.test(l.item))!;

    test('prices the servers and data stores from the dated us-east-1 table', () => {
      expect(report.cost).toMatchObject({ region: 'us-east-1', priceTableDate: PRICE_TABLE_DATE, hoursPerMonth: 730 });
      expect(line(APP_ZONE_1, /c7g\.xlarge/)).toMatchObject({ quantity: 4, unitUsd: 0.145, monthlyUsd: 423.4, status: 'PRICED' });
      expect(line(DATABASE, /db\.m7g\.2xlarge/)).toMatchObject({ quantity: 2, unitUsd: 0.672, monthlyUsd: 981.12 });
      expect(line(DATABASE, /storage/)).toMatchObject({ quantity: 1000, unitUsd: 0.115, monthlyUsd: 115 });
      expect(line(REPLICA, /db\.m7g\.2xlarge/)).toMatchObject({ quantity: 1, monthlyUsd: 490.56 });
      expect(line(CACHE, /valkey/)).toMatchObject({ quantity: 2, unitUsd: 0.252, monthlyUsd: round2(2 * 0.252 * HOURS_PER_MONTH) });
      expect(line('PlatformMessagingBroker749C67BC', /mq\.m5\.large/)).toMatchObject({ quantity: 3, monthlyUsd: round2(3 * 0.288 * 730) });
    });

    test('the total is the sum of the priced lines and falls in the seed\'s $3,000-6,000', () => {
      const sum = report.cost.lines.filter((l) => l.status === 'PRICED').reduce((s, l) => s + l.monthlyUsd!, 0);
      expect(report.cost.totalMonthlyUsd).toBeCloseTo(sum, 2);
      expect(report.cost.withinSeedRange).toBe(true);
      expect(report.cost.seedMonthlyUsd).toEqual({ low: 3000, high: 6000 });
    });

    test('lists the Route 53 optional health check features as not priced, never silently skipped', () => {
      const unpriced = report.cost.lines.filter((l) => l.status === 'NO_PRICE');
      const healthChecks = unpriced.filter((l) => l.resourceType === 'AWS::Route53::HealthCheck');
      expect(healthChecks.map((l) => l.item)).toEqual(Array(2).fill('optional health check features: HTTPS, fast interval (10 s), latency measurement'));
      expect(report.cost.unpricedCount).toBe(unpriced.length);
      expect(unpriced.every((l) => l.monthlyUsd === undefined && l.note)).toBe(true);
    });

    test('accounts for every resource of the template: a line, or a count of free resources', () => {
      const template = defaultPlatform().template.toJSON();
      const withLines = new Set(report.cost.lines.map((l) => l.logicalId));
      const free = report.cost.freeResources.reduce((s, r) => s + r.count, 0);
      expect(withLines.size + free).toBe(Object.keys(template.Resources).length);
    });
  });

  describe('recovery', () => {
    test('zone 1 failover: Route 53 fast interval 10 s × threshold 3 + the alias TTL 60 s = 90 s, within 120 s', () => {
      expect(scenarioOf(report, 'zone-1-loss')).toMatchObject({ expectedSeconds: 90, target: 120, meets: true, status: 'MEETS' });
      expect(scenarioOf(report, 'zone-1-loss').basis).toMatch(/RequestInterval 10 s × FailureThreshold 3 = 30 s.*60 s TTL/);
    });

    test('zone 2 holds the SECONDARY record: losing it needs no DNS change', () => {
      expect(scenarioOf(report, 'zone-2-loss')).toMatchObject({ expectedSeconds: 0, meets: true });
    });

    test('app server: the target group removes it after 2 × 10 s = 20 s, within 30 s', () => {
      expect(scenarioOf(report, 'app-server')).toMatchObject({ expectedSeconds: 20, target: 30, meets: true });
    });

    test('database: a Multi-AZ DB instance fails over in 60-120 s (120 s used): it misses the seed\'s 30 s, without data loss', () => {
      const database = scenarioOf(report, 'database-primary');
      expect(database).toMatchObject({ expectedSeconds: 120, target: 30, meets: false, status: 'MISSES', dataLossSeconds: 0 });
      expect(database.citation).toContain('Concepts.MultiAZ.Failover');
    });

    test('cache, search and broker meet their targets', () => {
      expect(scenarioOf(report, 'cache-primary')).toMatchObject({ expectedSeconds: 30, meets: true });
      expect(scenarioOf(report, 'search-node')).toMatchObject({ expectedSeconds: 300, target: 600, meets: true });
      expect(scenarioOf(report, 'broker-node')).toMatchObject({ expectedSeconds: 30, target: 60, meets: true });
    });
  });

  describe('zone loss', () => {
    const tier = (zone: string, name: RegExp) => report.zoneLoss.find((z) => z.zone === zone)!.tiers.find((t) => name.test(t.tier))!;

    test('zone 1 lost: 4 app servers (16 vCPUs) and 2 workers keep serving in zone 2; the cache replica is promoted', () => {
      expect(tier('dummy1a', /^App servers/)).toMatchObject({ status: 'SERVES', remainingServers: 4, remainingVcpus: 16 });
      expect(tier('dummy1a', /^Workers/)).toMatchObject({ status: 'SERVES', remainingServers: 2, remainingVcpus: 4 });
      expect(tier('dummy1a', /^Cache/).detail).toMatch(/replica in zone 2 is promoted/);
      expect(tier('dummy1a', /^Load balancers/).detail).toMatch(/Zone2LoadBalancer/);
    });

    test('zone 2 lost: the read replica is lost, the search masters\' quorum depends on their placement, NAT egress survives', () => {
      expect(tier('dummy1b', /^Database/).detail).toMatch(/PlatformDatabaseReadReplica8393484C is lost/);
      expect(tier('dummy1b', /^Search/)).toMatchObject({ status: 'DEPENDS' });
      expect(tier('dummy1b', /^Message broker/)).toMatchObject({ status: 'SERVES' });
      expect(tier('dummy1b', /NAT/)).toMatchObject({ status: 'SERVES' });
    });
  });

  test('renders markdown with the four sections and the price table date', () => {
    const markdown = renderMarkdown(report);
    for (const heading of [HEADINGS.inventory, HEADINGS.cost, HEADINGS.recovery, HEADINGS.zoneLoss]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain(PRICE_TABLE_DATE);
  });
});

describe('settings move the figures', () => {
  test('a 30 s health check interval raises the zone failover to 30 × 3 + 60 = 150 s: it misses 120 s', () => {
    const report = reportOf(synthPlatform({ dns: { healthCheckInterval: Duration.seconds(30) } }).template.toJSON());
    expect(scenarioOf(report, 'zone-1-loss')).toMatchObject({ expectedSeconds: 150, meets: false, status: 'MISSES' });
  });

  test('a failure threshold of 1 lowers it to 10 + 60 = 70 s', () => {
    const report = reportOf(synthPlatform({ dns: { healthCheckFailureThreshold: 1 } }).template.toJSON());
    expect(scenarioOf(report, 'zone-1-loss')).toMatchObject({ expectedSeconds: 70, meets: true });
  });

  test('Aurora with a reader in the other zone fails over in 30 s: it meets the database target', () => {
    const report = reportOf(synthPlatform({ database: { topology: DatabaseTopology.AURORA } }).template.toJSON());
    expect(scenarioOf(report, 'database-primary')).toMatchObject({ expectedSeconds: 30, meets: true, dataLossSeconds: 0 });
    // Writer in zone 1, reader in zone 2, db.r7g.2xlarge (8 vCPUs, 64 GiB), no allocated storage.
    const nodes = report.inventory.items.filter((item) => item.tier === 'Database');
    expect(nodes.map((node) => [node.role, node.zone, node.vcpus, node.memoryGiB, node.storageGiB]))
      .toEqual([['writer', 'dummy1a', 8, 64, 0], ['reader', 'dummy1b', 8, 64, 0]]);
    expect(report.cost.lines.filter((l) => /Aurora instance/.test(l.item)).map((l) => l.unitUsd)).toEqual([1.106, 1.106]);
  });

  test('removing the cache replica with an escape hatch makes the cache recovery miss its target', () => {
    const { platform, stack } = buildPlatform();
    const replicationGroup = platform.cache!.replicationGroup;
    replicationGroup.addPropertyOverride('NumCacheClusters', 1);
    replicationGroup.addPropertyOverride('AutomaticFailoverEnabled', false);
    replicationGroup.addPropertyOverride('MultiAZEnabled', false);
    replicationGroup.addPropertyOverride('PreferredCacheClusterAZs', ['dummy1a']);
    const report = reportOf(Template.fromStack(stack).toJSON());

    const cache = scenarioOf(report, 'cache-primary');
    expect(cache).toMatchObject({ meets: false, status: 'MISSES', automatic: false });
    expect(cache.expectedSeconds).toBeUndefined();
    expect(cache.basis).toMatch(/no replica/);
    const zone1Cache = report.zoneLoss.find((z) => z.zone === 'dummy1a')!.tiers.find((t) => t.tier.startsWith('Cache'))!;
    expect(zone1Cache.status).toBe('DOWN');
    expect(report.inventory.items.filter((item) => item.logicalId === CACHE)).toHaveLength(1);
  });

  test('a Single-AZ database (MultiAZ false) has no automatic failover and may lose 5 minutes of writes', () => {
    const { platform, stack } = buildPlatform();
    (platform.database!.instance!.node.defaultChild as any).addPropertyOverride('MultiAZ', false);
    const report = reportOf(Template.fromStack(stack).toJSON());
    expect(scenarioOf(report, 'database-primary')).toMatchObject({ automatic: false, meets: false, dataLossSeconds: 300 });
  });

  test('active-active routing: losing zone 2 also takes a DNS change, 10 × 3 + 60 = 90 s', () => {
    const report = reportOf(synthPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } }).template.toJSON());
    expect(scenarioOf(report, 'zone-2-loss')).toMatchObject({ expectedSeconds: 90, meets: true });
    expect(scenarioOf(report, 'zone-2-loss').basis).toMatch(/weighted routing/);
  });

  test('one NAT gateway: losing zone 1 cuts the internet egress of zone 2\'s private subnets', () => {
    const report = reportOf(synthPlatform({ network: { natGateways: 1 } }).template.toJSON());
    const egress = (zone: string) => report.zoneLoss.find((z) => z.zone === zone)!.tiers.find((t) => /NAT/.test(t.tier))!;
    expect(egress('dummy1a')).toMatchObject({ status: 'DOWN' });
    expect(egress('dummy1a').detail).toMatch(/PrivateSubnet2.*NAT gateway in zone 1/);
    expect(egress('dummy1b')).toMatchObject({ status: 'SERVES' });
  });

  test('recovery targets can be overridden', () => {
    const report = buildReport(defaultPlatform().template.toJSON(), { targets: { databaseSeconds: 120 } });
    expect(scenarioOf(report, 'database-primary')).toMatchObject({ target: 120, meets: true });
    expect(scenarioOf(report, 'cache-primary').target).toBe(30);
  });
});

describe('templates without the platform', () => {
  test.each([
    ['an empty template', { Resources: {} }],
    ['a template with a bucket only', { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }],
  ])('%s gives an empty report that says so', (_name, template) => {
    const report = reportOf(template);
    expect(report.hasPlatformResources).toBe(false);
    expect(report.recovery.scenarios).toEqual([]);
    expect(report.zoneLoss).toEqual([]);
    expect(report.inventory.totals.servers).toBe(0);
    expect(renderMarkdown(report)).toMatch(/No platform resources found/);
  });

  test.each([
    ['an array', [1, 2], /expected a JSON object with "Resources", got an array/],
    ['a string', 'template', /got a string/],
    ['an object without Resources', { name: 'my-package', version: '1.0.0' }, /no "Resources" section \(top-level keys: "name", "version"\)/],
    ['Resources that is not an object', { Resources: [] }, /"Resources" must be an object/],
    ['a resource without a Type', { Resources: { Thing: { Properties: {} } } }, /resource "Thing" has no "Type"/],
  ])('fails with a clear error on %s', (_name, input, message) => {
    expect(() => reportOf(input)).toThrow(ReportInputError);
    expect(() => reportOf(input)).toThrow(message);
  });
});

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
