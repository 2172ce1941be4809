import { appServers, broker, entry, network, Resources, searchDomain, zoneLossRow } from './report-fixtures';
import { DatabaseTopology } from '../../lib';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport, PlatformReport } from '../../lib/report/report';
import { ZoneLossStatus, ZoneLossTier } from '../../lib/report/zone-loss';
import { PlatformOverrides, synthPlatform } from '../support/fixtures';

// The zone-loss section reads the whole platform; the observability tier adds nothing it reads.
const LEAN: PlatformOverrides = { observability: { enabled: false } };

const CONFIGURATIONS: Record<string, PlatformOverrides> = {
  'the defaults': {},
  'no quorum zone': { network: { quorumZoneEnabled: false } },
  'a Multi-AZ DB instance': { database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE } },
  'RabbitMQ 3.13': { messaging: { engineVersion: '3.13' } },
  'one NAT gateway': { network: { natGateways: 1 } },
};

const TIERS: Array<ZoneLossTier['kind']> = ['entry', 'app-servers', 'workers', 'database', 'cache', 'search', 'broker', 'egress', 'object-storage'];

/** What does not simply keep serving, per configuration: [zone, tier, status]. Everything else SERVES. */
const EXCEPTIONS: Record<string, Array<[string, ZoneLossTier['kind'], ZoneLossStatus]>> = {
  'the defaults': [],
  'no quorum zone': [['zone-1', 'search', 'DEPENDS'], ['zone-2', 'search', 'DEPENDS']],
  'a Multi-AZ DB instance': [],
  'RabbitMQ 3.13': [['zone-1', 'broker', 'DEPENDS'], ['zone-2', 'broker', 'DEPENDS'], ['quorum-zone', 'broker', 'DEPENDS']],
  'one NAT gateway': [['zone-1', 'egress', 'DOWN']],
};

const reports = new Map<string, PlatformReport>();
function reportFor(configuration: string): PlatformReport {
  if (!reports.has(configuration)) {
    reports.set(configuration, buildReport(synthPlatform({ ...LEAN, ...CONFIGURATIONS[configuration] }).template.toJSON()));
  }
  return reports.get(configuration)!;
}

describe('what survives the loss of each zone, per tier', () => {
  const rows = Object.keys(CONFIGURATIONS).flatMap((configuration) => {
    const zones = configuration === 'no quorum zone' ? ['zone-1', 'zone-2'] : ['zone-1', 'zone-2', 'quorum-zone'];
    return zones.flatMap((zone) => TIERS.map((tier): [string, string, ZoneLossTier['kind'], ZoneLossStatus] => {
      const exception = EXCEPTIONS[configuration].find(([z, t]) => z === zone && t === tier);
      return [configuration, zone, tier, exception?.[2] ?? 'SERVES'];
    }));
  });

  test.each(rows)('%s, %s lost: %s %s', (configuration, zone, tier, status) => {
    expect(zoneLossRow(reportFor(configuration), zone, tier).status).toBe(status);
  });

  test.each(Object.keys(CONFIGURATIONS))('%s: one table per zone, the quorum zone\'s only when there is one', (configuration) => {
    const expected = configuration === 'no quorum zone' ? ['zone-1', 'zone-2'] : ['zone-1', 'zone-2', 'quorum-zone'];
    expect(reportFor(configuration).zoneLoss.map((zone) => zone.zoneId)).toEqual(expected);
  });
});

describe('why a tier does not keep serving, and how long the others take', () => {
  test.each([
    ['no quorum zone', 'zone-1', 'search', 'search-masters-two-zones', /masters are split 2 \+ 1 over the 2 zones: quorum is kept only if the lost zone held 1/],
    ['RabbitMQ 3.13', 'quorum-zone', 'broker', 'broker-classic-queues', /On RabbitMQ 3\.13 queues are classic unless clients declare them quorum/],
    ['one NAT gateway', 'zone-1', 'egress', 'single-nat-gateway', /PrivateSubnet2\w* route through a NAT gateway in zone 1/],
  ] as const)('%s, %s lost: %s names %s', (configuration, zone, tier, cause, detail) => {
    const row = zoneLossRow(reportFor(configuration), zone, tier);
    expect(row.cause).toBe(cause);
    expect(row.detail).toMatch(detail);
  });

  test.each([
    ['no quorum zone', 'zone-2', 'search', /`network.quorumZoneEnabled: true` \(the default/],
    ['RabbitMQ 3.13', 'zone-1', 'broker', /`messaging.engineVersion: '4.2'`/],
    ['one NAT gateway', 'zone-1', 'egress', /`network.natGateways: 2`/],
    ['a Multi-AZ DB instance', 'zone-1', 'database', /`database.topology: DatabaseTopology.AURORA`/],
  ] as const)('%s, %s lost: the %s row names the setting that restores it, in the markdown too', (configuration, zone, tier, remedy) => {
    const report = reportFor(configuration);
    const row = zoneLossRow(report, zone, tier);
    expect(row.remedy).toMatch(remedy);
    expect(renderMarkdown(report)).toContain(`${row.detail} To restore: ${row.remedy}. |`);
  });

  test('tiers that keep serving within their target name no remedy', () => {
    const remedies = reportFor('the defaults').zoneLoss.flatMap((zone) => zone.tiers.map((tier) => tier.remedy));
    expect(remedies.filter((remedy) => remedy !== undefined)).toEqual([]);
  });

  test('a Multi-AZ DB instance keeps serving after either serving zone, but its 120 s failover misses the 30 s target', () => {
    const report = reportFor('a Multi-AZ DB instance');
    for (const zone of ['zone-1', 'zone-2']) {
      expect(zoneLossRow(report, zone, 'database')).toMatchObject({ status: 'SERVES', recoverySeconds: 120, targetSeconds: 30, meetsTarget: false });
    }
    expect(zoneLossRow(report, 'quorum-zone', 'database')).toMatchObject({ recoverySeconds: 0, meetsTarget: true });
  });

  test('the defaults: the search standby comes back within a minute, broker queues within 30 s, unaffected tiers at once', () => {
    const report = reportFor('the defaults');
    expect(zoneLossRow(report, 'zone-2', 'search')).toMatchObject({ recoverySeconds: 60, targetSeconds: 600, meetsTarget: true });
    expect(zoneLossRow(report, 'zone-2', 'broker')).toMatchObject({ recoverySeconds: 30, targetSeconds: 60, meetsTarget: true });
    expect(zoneLossRow(report, 'quorum-zone', 'cache')).toMatchObject({ recoverySeconds: 0, detail: 'no node in the quorum zone: nothing changes.' });
    expect(zoneLossRow(report, 'quorum-zone', 'entry').detail).toMatch(/^no load balancer node or target in the quorum zone: nothing changes\. DNS needs no change\./);
  });
});

describe('tiers that keep a quorum, from hand-written templates', () => {
  const reportOf = (resources: Resources) => buildReport({ Resources: { ...network(), ...appServers(), ...resources } });

  test.each(['zone-1', 'zone-2', 'quorum-zone'])('3 masters over 3 zones keep their quorum when %s is lost (2 of 3 left)', (zone) => {
    const row = zoneLossRow(reportOf(searchDomain(3)), zone, 'search');
    expect(row).toMatchObject({ status: 'SERVES', recoverySeconds: 60 });
    expect(row.detail).toMatch(/^4 of 6 data nodes left .*; 2 of 3 masters left \(one per zone\): quorum kept\. Multi-AZ with Standby/);
  });

  test('without the standby, replica shards in the other zones take over (the node recovery figure)', () => {
    const row = zoneLossRow(reportOf(searchDomain(3, { MultiAZWithStandbyEnabled: false })), 'zone-1', 'search');
    expect(row).toMatchObject({ status: 'SERVES', recoverySeconds: 300 });
    expect(row.detail).toMatch(/Replica shards in the other zones take over/);
  });

  test('5 masters over 3 zones (2 + 2 + 1) keep at least 3 of 5 whichever zone is lost', () => {
    const row = zoneLossRow(reportOf(searchDomain(3, { DedicatedMasterCount: 5 })), 'zone-1', 'search');
    expect(row.status).toBe('SERVES');
    expect(row.detail).toMatch(/at least 3 of 5 masters left: quorum kept/);
  });

  test.each(['zone-1', 'zone-2'])('3 masters over 2 zones: losing %s may take the quorum (2 + 1, OpenSearch Service chooses)', (zone) => {
    expect(zoneLossRow(reportOf(searchDomain(2)), zone, 'search')).toMatchObject({ status: 'DEPENDS', cause: 'search-masters-two-zones' });
  });

  test('a domain the template does not place depends on AWS', () => {
    const unplaced = searchDomain(3);
    delete (unplaced.Search.Properties as any).VPCOptions;
    expect(zoneLossRow(reportOf(unplaced), 'zone-1', 'search')).toMatchObject({ status: 'DEPENDS', cause: 'search-placement-unknown' });
  });

  test.each(['zone-1', 'zone-2', 'quorum-zone'])('a RabbitMQ 4.2 cluster over 3 zones keeps quorum queues when %s is lost', (zone) => {
    const row = zoneLossRow(reportOf(broker('4.2')), zone, 'broker');
    expect(row).toMatchObject({ status: 'SERVES', recoverySeconds: 30 });
    expect(row.detail).toMatch(/2 of 3 left keep the majority of quorum queues \(the default queue type on RabbitMQ 4\.2\)/);
  });

  test('a 4.2 cluster in two subnets still runs its 3 nodes in 3 zones (Amazon MQ chooses them)', () => {
    const row = zoneLossRow(reportOf(broker('4.2', 'mq.m7g.large', false)), 'zone-1', 'broker');
    expect(row.status).toBe('SERVES');
    expect(row.detail).toMatch(/^Amazon MQ runs each of the 3 nodes in a different zone, so at most 1 is lost/);
  });

  test.each([
    ['3.13', /On RabbitMQ 3\.13 queues are classic/],
    [{ Ref: 'EngineVersion' }, /On this engine version \(not a literal in the template\)/],
  ])('a cluster on %j depends on the queues clients declare', (version, detail) => {
    const row = zoneLossRow(reportOf(broker(version as any, 'mq.m5.large')), 'zone-2', 'broker');
    expect(row).toMatchObject({ status: 'DEPENDS', cause: 'broker-classic-queues' });
    expect(row.detail).toMatch(detail);
  });
});

describe('search masters without a quorum zone: every section of the report states the same split', () => {
  const reportOf = (cluster: Record<string, unknown>) =>
    buildReport({ Resources: { ...network({ quorum: null }), ...appServers(), ...entry(), ...searchDomain(2, cluster) } });
  const notesOf = (report: PlatformReport, id: string) => report.recovery.scenarios.find((s) => s.id === id)!.notes;

  test.each([
    { masters: 3, split: '2 + 1', more: 2, fewer: 1 },
    { masters: 5, split: '3 + 2', more: 3, fewer: 2 },
  ])('$masters masters over 2 zones sit $split: the inventory, the recovery notes and the zone-loss rows say so', ({ masters, split, more, fewer }) => {
    const report = reportOf({ DedicatedMasterCount: masters });
    const sits = `the ${masters} dedicated masters sit ${split} over 2 zones`;
    const loses = `losing the zone that holds ${more} loses the master quorum`;
    expect(report.inventory.notes).toContain(`Search: ${sits} (OpenSearch Service picks which zone gets more): ${loses} (a third zone for the masters keeps it).`);
    expect(notesOf(report, 'search-node')).toEqual([expect.stringMatching(new RegExp(`^Search: ${sits.replace('+', '\\+')}: ${loses} until`))]);
    for (const zone of ['zone-1', 'zone-2']) {
      expect(notesOf(report, `${zone}-loss`)).toContain(`Search Search: 2 of 4 data nodes and ${fewer} or ${more} of ${masters} dedicated masters ` +
        `are in ${zone.replace('-', ' ')}: the masters may lose their quorum (${sits}: ${loses}).`);
      expect(zoneLossRow(report, zone, 'search')).toMatchObject({
        status: 'DEPENDS',
        detail: `2 of 4 data nodes left (in ${zone === 'zone-1' ? 'zone 2' : 'zone 1'}); masters are split ${split} over the 2 zones: ` +
          `quorum is kept only if the lost zone held ${fewer} of them (OpenSearch Service chooses).`,
      });
    }
  });

  test('without dedicated masters, the zone-loss notes count the master-eligible data nodes, as the zone-loss rows do', () => {
    const report = reportOf({ DedicatedMasterEnabled: false });
    expect(notesOf(report, 'zone-1-loss')).toContain('Search Search: 2 of 4 data nodes (master-eligible: no dedicated masters) are in zone 1: ' +
      'the data nodes left may not be a majority.');
    expect(zoneLossRow(report, 'zone-1', 'search')).toMatchObject({ status: 'DEPENDS', detail: expect.stringMatching(/no dedicated masters: the data nodes left may not be a majority/) });
    expect(notesOf(report, 'search-node')).toEqual([expect.stringMatching(/^Search: the 4 data nodes \(master-eligible: no dedicated masters\) sit 2 \+ 2 over 2 zones: /)]);
  });
});
