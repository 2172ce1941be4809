import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { scenarioOf, tierInZone, zoneLossRow } from './report-fixtures';
import { DnsRouting, MultiAzHaPlatform } from '../../lib';
import { PRICE_TABLE_DATE } from '../../lib/report/prices';
import { HEADINGS, renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport, PlatformReport } from '../../lib/report/report';
import { ReportInputError } from '../../lib/report/template-model';
import { buildPlatform, customisedProps, defaultPlatform, newStack, synthPlatform, TEST_ZONES } from '../support/fixtures';

const [ZONE_1, ZONE_2, QUORUM_ZONE] = TEST_ZONES;
const CACHE = 'PlatformCacheReplicationGroupBBB2DAA6';
const WRITER = 'PlatformDatabaseClusterWriterDB118415';
const READER = 'PlatformDatabaseClusterReaderCC549214';

function reportOf(template: unknown): PlatformReport {
  return buildReport(template);
}

describe('default platform', () => {
  let report: PlatformReport;
  beforeAll(() => {
    report = reportOf(defaultPlatform().template.toJSON());
  });

  describe('zones', () => {
    test('finds zone 1, zone 2 and the quorum zone of the test environment, serving zones first', () => {
      expect(report.hasPlatformResources).toBe(true);
      expect(report.zones.map((zone) => [zone.name, zone.key, zone.role, zone.id])).toEqual([
        ['zone 1', ZONE_1, 'serving', 'zone-1'],
        ['zone 2', ZONE_2, 'serving', 'zone-2'],
        ['quorum zone', QUORUM_ZONE, 'quorum', 'quorum-zone'],
      ]);
    });

    test('real zones are not placeholders: no warning', () => {
      expect(report.zonesArePlaceholders).toBe(false);
      expect(report.warnings).toEqual([]);
    });
  });

  describe('inventory', () => {
    test('has a column per zone, the quorum zone included, and none for "no known zone"', () => {
      expect(report.inventory.zones.map((zone) => zone.zoneName)).toEqual(['zone 1', 'zone 2', 'quorum zone']);
    });

    test.each([
      // tier, zone 1, zone 2, quorum zone (servers)
      ['App servers', 4, 4, 0],
      ['Workers', 3, 2, 0],
      ['Database', 1, 1, 0],
      ['Cache', 1, 1, 0],
      ['Search', 3, 3, 3],
      ['Message broker', 1, 1, 1],
    ])('%s: %i in zone 1, %i in zone 2, %i in the quorum zone', (tier, zone1, zone2, quorum) => {
      expect([ZONE_1, ZONE_2, QUORUM_ZONE].map((zone) => tierInZone(report, zone, tier).servers)).toEqual([zone1, zone2, quorum]);
    });

    test('search: 2 data nodes (r7g.large.search, 256 GiB each) and 1 dedicated master per zone, the standby noted', () => {
      const search = report.inventory.items.filter((item) => item.tier === 'Search');
      expect(search.map((item) => [item.role, item.zoneName, item.count, item.storageGiB])).toEqual([
        ['data node', 'zone 1', 2, 512], ['data node', 'zone 2', 2, 512], ['data node', 'quorum zone', 2, 512],
        ['dedicated master', 'zone 1', 1, 0], ['dedicated master', 'zone 2', 1, 0], ['dedicated master', 'quorum zone', 1, 0],
      ]);
      expect(report.inventory.notes).toContainEqual(expect.stringMatching(/Multi-AZ with Standby: 2 \+ 2 \+ 2 data nodes.*one zone's nodes on standby.*so 4 serve/));
    });

    test('broker: one mq.m7g.large cluster node per subnet zone', () => {
      const nodes = report.inventory.items.filter((item) => item.tier === 'Message broker');
      expect(nodes.map((item) => [item.role, item.instanceType, item.zoneName, item.count, item.vcpus])).toEqual([
        ['cluster node', 'mq.m7g.large', 'zone 1', 1, 2], ['cluster node', 'mq.m7g.large', 'zone 2', 1, 2],
        ['cluster node', 'mq.m7g.large', 'quorum zone', 1, 2],
      ]);
    });

    test('database: the Aurora writer in zone 1, the reader in zone 2 (db.r7g.2xlarge: 8 vCPUs, 64 GiB; storage is the cluster volume)', () => {
      const nodes = report.inventory.items.filter((item) => item.tier === 'Database');
      expect(nodes.map((node) => [node.logicalId, node.role, node.zone, node.vcpus, node.memoryGiB, node.storageGiB]))
        .toEqual([[WRITER, 'writer', ZONE_1, 8, 64, 0], [READER, 'reader', ZONE_2, 8, 64, 0]]);
    });

    test('the cache primary is in zone 1 and its replica in zone 2 (cache.m7g.xlarge: 4 vCPUs)', () => {
      const nodes = report.inventory.items.filter((item) => item.logicalId === CACHE);
      expect(nodes.map((node) => [node.role, node.zone, node.vcpus])).toEqual([['primary', ZONE_1, 4], ['replica', ZONE_2, 4]]);
    });

    test('totals per zone and overall, against the reference architecture (~30 servers, ~120 cores, ~300 GB, ~3 TB)', () => {
      const zone = (key: string) => report.inventory.zones.find((z) => z.zone === key)!;
      // zone 1: 16 app + 6 workers + 8 database + 4 cache + 6 search + 2 broker = 42 vCPUs; zone 2: 16 + 4 + 8 + 4 + 6 + 2 = 40
      expect(zone(ZONE_1)).toMatchObject({ servers: 13, vcpus: 42 });
      expect(zone(ZONE_2)).toMatchObject({ servers: 12, vcpus: 40 });
      expect(zone(QUORUM_ZONE)).toMatchObject({ servers: 4, vcpus: 8, storageGiB: 512 });
      // 8 app + 5 workers + 2 database + 2 cache + 9 search + 3 broker; storage 13 × 30 + 6 × 256
      expect(report.inventory.totals).toEqual({ servers: 29, vcpus: 90, memoryGiB: 381.86, storageGiB: 1926 });
      expect(report.inventory.referenceArchitecture).toEqual({ servers: 30, vcpus: 120, memoryGB: 300, storageGB: 3000 });
      expect(report.inventory.unknownTypes).toEqual([]);
    });

    test('the JSON model (what --json prints) says "reference architecture", never the design\'s internal "seed"', () => {
      expect(JSON.stringify(report)).not.toMatch(/seed/i);
      expect(report.cost).toMatchObject({ referenceMonthlyUsd: { low: 3000, high: 6000 }, referenceReservedMonthlyUsd: { low: 2000, high: 4000 } });
    });
  });

  describe('recovery', () => {
    test.each([
      ['zone-1-loss', 90, 120],
      ['zone-2-loss', 0, 120],
      ['quorum-zone-loss', 0, 120],
      ['app-server', 20, 30],
      ['database-primary', 30, 30],
      ['cache-primary', 30, 30],
      ['search-node', 60, 600],
      ['broker-node', 30, 60],
    ])('%s: %i s within %i s', (id, expected, target) => {
      expect(scenarioOf(report, id)).toMatchObject({ expectedSeconds: expected, target, meets: true, status: 'MEETS' });
    });

    test('zone 1 failover: Route 53 fast interval 10 s × threshold 3 + the alias TTL 60 s = 90 s', () => {
      expect(scenarioOf(report, 'zone-1-loss').basis).toMatch(/RequestInterval 10 s × FailureThreshold 3 = 30 s.*60 s TTL/);
    });

    test('the quorum zone serves no client: no DNS change; its quorum members are noted', () => {
      const quorum = scenarioOf(report, 'quorum-zone-loss');
      expect(quorum.title).toBe(`Quorum zone (${QUORUM_ZONE}) failure`);
      expect(quorum.basis).toMatch(/nothing serves clients in the quorum zone/);
      expect(quorum.notes).toEqual([
        expect.stringMatching(/Search .*: 2 of 6 data nodes and 1 of 3 dedicated masters are in the quorum zone: the other masters keep the quorum/),
        expect.stringMatching(/Message broker .*: 1 of its 3 nodes is in the quorum zone: the other 2 keep quorum queues' majority/),
      ]);
    });

    test('database: Aurora with a reader in zone 2 fails over within 30 s, without data loss', () => {
      expect(scenarioOf(report, 'database-primary')).toMatchObject({ dataLossSeconds: 0 });
      expect(scenarioOf(report, 'database-primary').cause).toBeUndefined();
      expect(scenarioOf(report, 'database-primary').basis).toMatch(/Aurora with 1 reader/);
    });

    test('search: Multi-AZ with Standby promotes the standby in under a minute (AWS), with its source', () => {
      const search = scenarioOf(report, 'search-node');
      expect(search.basis).toMatch(/Multi-AZ with Standby: OpenSearch Service promotes standby nodes to active in less than a minute/);
      expect(search.citation).toMatch(/multi-az-with-standby/);
      expect(search.dataLossSeconds).toBe(0);
    });

    test('broker: RabbitMQ 4.2 makes quorum queues the default: no confirmed message is lost', () => {
      expect(scenarioOf(report, 'broker-node').dataLoss).toMatch(/^none: quorum queues are the default queue type on RabbitMQ 4\.2/);
      expect(scenarioOf(report, 'broker-node').citation).toMatch(/rabbitmq-4\.html/);
    });
  });

  describe('zone loss', () => {
    test('a table for zone 1, zone 2 and the quorum zone, in that order', () => {
      expect(report.zoneLoss.map((zone) => [zone.zoneId, zone.zoneName, zone.role])).toEqual([
        ['zone-1', 'zone 1', 'serving'], ['zone-2', 'zone 2', 'serving'], ['quorum-zone', 'quorum zone', 'quorum'],
      ]);
    });

    test('every tier keeps serving whichever zone is lost, within its target', () => {
      const rows = report.zoneLoss.flatMap((zone) => zone.tiers.map((tier) =>
        ({ zone: zone.zoneId, tier: tier.tier, status: tier.status, meets: tier.meetsTarget })));
      expect(rows.filter((row) => row.status !== 'SERVES' || row.meets === false)).toEqual([]);
    });

    test('zone 1 lost: 4 app servers (16 vCPUs) and 2 workers keep serving in zone 2; the reader and a cache replica are promoted', () => {
      expect(zoneLossRow(report, 'zone-1', 'app-servers')).toMatchObject({ remainingServers: 4, remainingVcpus: 16 });
      expect(zoneLossRow(report, 'zone-1', 'workers')).toMatchObject({ remainingServers: 2, remainingVcpus: 4 });
      expect(zoneLossRow(report, 'zone-1', 'database')).toMatchObject({ recoverySeconds: 30, targetSeconds: 30, meetsTarget: true });
      expect(zoneLossRow(report, 'zone-1', 'cache').detail).toMatch(/replica in zone 2 is promoted/);
      expect(zoneLossRow(report, 'zone-1', 'entry').detail).toMatch(/Zone2LoadBalancer/);
    });

    test('the quorum zone lost: nothing that serves is there; search and broker keep their majority', () => {
      expect(zoneLossRow(report, 'quorum-zone', 'app-servers')).toMatchObject({ remainingServers: 8, remainingVcpus: 32 });
      expect(zoneLossRow(report, 'quorum-zone', 'database').detail).toBe('no instance in the quorum zone: nothing changes.');
      expect(zoneLossRow(report, 'quorum-zone', 'search').detail).toMatch(/^4 of 6 data nodes left \(in zone 1, zone 2\); 2 of 3 masters left \(one per zone\): quorum kept/);
      expect(zoneLossRow(report, 'quorum-zone', 'broker').detail).toMatch(/2 of 3 left keep the majority of quorum queues/);
    });
  });

  test('renders markdown with the four sections, the price table date and a zone-loss table per zone', () => {
    const markdown = renderMarkdown(report);
    for (const heading of [HEADINGS.inventory, HEADINGS.cost, HEADINGS.recovery, HEADINGS.zoneLoss]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain(PRICE_TABLE_DATE);
    expect(markdown).toContain('| Tier | zone 1 | zone 2 | quorum zone | Total servers |');
    expect(markdown).toContain(`### If quorum zone (\`${QUORUM_ZONE}\`) is lost`);
    expect(markdown).toMatch(/\| Database PlatformDatabaseCluster\w+ \| yes \| ~30 s \(≤ 30 s\) \|/);
    expect(markdown).not.toMatch(/WARNING/);
  });
});

describe('the customised platform (literal zones, the quorum zone sorting first, a Multi-AZ DB instance)', () => {
  let report: PlatformReport;
  beforeAll(() => {
    const { stack, hostedZone } = newStack();
    new MultiAzHaPlatform(stack, 'Platform', customisedProps(hostedZone));
    report = reportOf(Template.fromStack(stack).toJSON());
  });

  test('serving zones are zone 1 and zone 2 in name order; eu-west-1a is the quorum zone', () => {
    expect(report.zones.map((zone) => [zone.name, zone.key])).toEqual([['zone 1', 'eu-west-1b'], ['zone 2', 'eu-west-1c'], ['quorum zone', 'eu-west-1a']]);
  });

  test('9 data nodes, 3 per zone, one master and one broker node per zone', () => {
    expect(['eu-west-1b', 'eu-west-1c', 'eu-west-1a'].map((zone) => [tierInZone(report, zone, 'Search').servers, tierInZone(report, zone, 'Message broker').servers]))
      .toEqual([[4, 1], [4, 1], [4, 1]]);
  });

  test('the Multi-AZ DB instance misses the database target after either serving zone, not after the quorum zone', () => {
    expect(scenarioOf(report, 'database-primary')).toMatchObject({ expectedSeconds: 120, status: 'MISSES', cause: 'database-multi-az-instance' });
    expect(['zone-1', 'zone-2', 'quorum-zone'].map((zone) => zoneLossRow(report, zone, 'database').meetsTarget)).toEqual([false, false, true]);
  });
});

describe('settings move the figures', () => {
  test('a 30 s health check interval raises the zone failover to 30 × 3 + 60 = 150 s: it misses 120 s', () => {
    const report = reportOf(synthPlatform({ dns: { healthCheckInterval: Duration.seconds(30) } }).template.toJSON());
    expect(scenarioOf(report, 'zone-1-loss')).toMatchObject({ expectedSeconds: 150, meets: false, status: 'MISSES', cause: 'dns-slow-failover' });
    expect(scenarioOf(report, 'zone-1-loss').remedy).toMatch(/`dns.healthCheckInterval` of 10 seconds/);
    expect(renderMarkdown(report)).toMatch(/  - To meet the target: a faster DNS failover: `dns.healthCheckInterval`/);
    expect(zoneLossRow(report, 'zone-1', 'entry')).toMatchObject({ status: 'SERVES', recoverySeconds: 150, meetsTarget: false });
    expect(zoneLossRow(report, 'zone-1', 'entry').remedy).toMatch(/^a faster DNS failover/);
  });

  test('a failure threshold of 1 lowers it to 10 + 60 = 70 s', () => {
    const report = reportOf(synthPlatform({ dns: { healthCheckFailureThreshold: 1 } }).template.toJSON());
    expect(scenarioOf(report, 'zone-1-loss')).toMatchObject({ expectedSeconds: 70, meets: true });
  });

  test('removing the cache replica with an escape hatch makes the cache recovery miss its target', () => {
    const { platform, stack } = buildPlatform();
    const replicationGroup = platform.cache!.replicationGroup;
    replicationGroup.addPropertyOverride('NumCacheClusters', 1);
    replicationGroup.addPropertyOverride('AutomaticFailoverEnabled', false);
    replicationGroup.addPropertyOverride('MultiAZEnabled', false);
    replicationGroup.addPropertyOverride('PreferredCacheClusterAZs', [ZONE_1]);
    const report = reportOf(Template.fromStack(stack).toJSON());

    const cache = scenarioOf(report, 'cache-primary');
    expect(cache).toMatchObject({ meets: false, status: 'MISSES', automatic: false, cause: 'cache-no-failover' });
    expect(cache.expectedSeconds).toBeUndefined();
    expect(zoneLossRow(report, 'zone-1', 'cache')).toMatchObject({ status: 'DOWN', cause: 'cache-no-failover' });
    expect(zoneLossRow(report, 'zone-2', 'cache')).toMatchObject({ status: 'SERVES' });
  });

  test('active-active routing: losing zone 2 also takes a DNS change, 10 × 3 + 60 = 90 s', () => {
    const report = reportOf(synthPlatform({ dns: { routing: DnsRouting.ACTIVE_ACTIVE } }).template.toJSON());
    expect(scenarioOf(report, 'zone-2-loss')).toMatchObject({ expectedSeconds: 90, meets: true });
    expect(scenarioOf(report, 'zone-2-loss').basis).toMatch(/weighted routing/);
  });

  test('recovery targets can be overridden', () => {
    const report = buildReport(defaultPlatform().template.toJSON(), { targets: { databaseSeconds: 20 } });
    expect(scenarioOf(report, 'database-primary')).toMatchObject({ target: 20, meets: false });
    expect(zoneLossRow(report, 'zone-1', 'database')).toMatchObject({ targetSeconds: 20, meetsTarget: false });
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
