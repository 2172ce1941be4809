import { round2 } from './report-fixtures';
import { DatabaseTopology } from '../../lib';
import { CostLine } from '../../lib/report/cost';
import { HOURS_PER_MONTH, PRICE_TABLE_DATE, PRICES } from '../../lib/report/prices';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport, PlatformReport } from '../../lib/report/report';
import { defaultPlatform, synthPlatform } from '../support/fixtures';

const WRITER = 'PlatformDatabaseClusterWriterDB118415';
const READER = 'PlatformDatabaseClusterReaderCC549214';
const CLUSTER = 'PlatformDatabaseCluster4F5E008D';
const SEARCH = 'PlatformSearchDomain4BEA905B';
const BROKER = 'PlatformMessagingBroker749C67BC';

const monthly = (hourly: number, quantity: number) => round2(hourly * HOURS_PER_MONTH * quantity);

describe('the default platform\'s estimate', () => {
  let report: PlatformReport;
  const line = (logicalId: string, item: RegExp): CostLine => {
    const found = report.cost.lines.find((l) => l.logicalId === logicalId && item.test(l.item));
    if (!found) {
      throw new Error(`no line ${item} for ${logicalId}`);
    }
    return found;
  };
  beforeAll(() => {
    report = buildReport(defaultPlatform().template.toJSON());
  });

  test('uses the dated us-east-1 table', () => {
    expect(report.cost).toMatchObject({ region: 'us-east-1', priceTableDate: PRICE_TABLE_DATE, hoursPerMonth: 730 });
  });

  test.each([
    // resource, item, quantity, unit price (USD per hour)
    [WRITER, /db\.r7g\.2xlarge Aurora instance/, 1, 1.106],
    [READER, /db\.r7g\.2xlarge Aurora instance/, 1, 1.106],
    [BROKER, /mq\.m7g\.large broker instances \(CLUSTER_MULTI_AZ\)/, 3, 0.2734],
    [SEARCH, /r7g\.large\.search data nodes/, 6, 0.178],
    [SEARCH, /m7g\.large\.search dedicated masters/, 3, 0.135],
    ['PlatformCacheReplicationGroupBBB2DAA6', /cache\.m7g\.xlarge nodes \(valkey\)/, 2, 0.252],
    ['PlatformAppTierServersZone1GroupASGC6F6D027', /c7g\.xlarge instances/, 4, 0.145],
  ])('%s: %s, %i at $%s an hour', (logicalId, item, quantity, hourly) => {
    expect(line(logicalId, item)).toMatchObject({ status: 'PRICED', quantity, unitUsd: hourly, monthlyUsd: monthly(hourly, quantity) });
  });

  test('the search domain\'s gp3 covers all 6 data nodes (256 GiB each), standby nodes included', () => {
    expect(line(SEARCH, /gp3 storage/)).toMatchObject({ status: 'PRICED', quantity: 1536, unitUsd: 0.122, monthlyUsd: round2(1536 * 0.122) });
    expect(line(SEARCH, /data nodes/).note).toMatch(/standby zone's nodes are billed like the active ones/);
  });

  test('Aurora storage and I/O are usage-based, listed with their Aurora Standard prices', () => {
    const storage = line(CLUSTER, /Aurora cluster storage and I\/O/);
    expect(storage).toMatchObject({ status: 'USAGE_BASED', monthlyUsd: 0, unit: 'GB-month', unitUsd: 0.10, priceKey: 'aurora-storage:standard' });
    expect(storage.note).toMatch(/\$0\.1 per GB-month, plus \$0\.2 per million I\/O requests/);
    expect(renderMarkdown(report)).toMatch(new RegExp(`${CLUSTER} \\(Aurora cluster storage and I/O \\(Aurora Standard\\): usage-based`));
  });

  test('the quorum zone\'s subnet, route table and association cost nothing', () => {
    const free = Object.fromEntries(report.cost.freeResources.map((r) => [r.resourceType, r.count]));
    expect(free).toMatchObject({ 'AWS::EC2::Subnet': 7, 'AWS::EC2::RouteTable': 7, 'AWS::EC2::SubnetRouteTableAssociation': 7 });
    expect(report.cost.lines.filter((l) => l.resourceType === 'AWS::EC2::Subnet')).toEqual([]);
  });

  test('every server and data store line is priced: only the optional health check features are not', () => {
    const unpriced = report.cost.lines.filter((l) => l.status === 'NO_PRICE');
    expect(unpriced.map((l) => l.resourceType)).toEqual(['AWS::Route53::HealthCheck', 'AWS::Route53::HealthCheck']);
    expect(report.cost.unpricedCount).toBe(2);
  });

  test('the total is the sum of the priced lines, pinned, and inside the seed\'s $3,000-6,000', () => {
    const sum = report.cost.lines.filter((l) => l.status === 'PRICED').reduce((s, l) => s + l.monthlyUsd!, 0);
    expect(report.cost.totalMonthlyUsd).toBeCloseTo(sum, 2);
    // 5,262.27 = 5,259.07 + 4 Route 53 checks of the evacuation switch (calculated and alarm-based, $0.50 each) + 2 switch
    // alarms ($0.10 each) + the drills' log key ($1).
    expect(report.cost.totalMonthlyUsd).toBeCloseTo(5262.27, 2);
    expect(report.cost.withinSeedRange).toBe(true);
  });

  test('accounts for every resource of the template: a line, or a count of free resources', () => {
    const template = defaultPlatform().template.toJSON();
    const withLines = new Set(report.cost.lines.map((l) => l.logicalId));
    const free = report.cost.freeResources.reduce((s, r) => s + r.count, 0);
    expect(withLines.size + free).toBe(Object.keys(template.Resources).length);
  });
});

describe('options price what they deploy', () => {
  test('a Multi-AZ DB instance bills the primary and the standby, its read replica and their gp3', () => {
    const report = buildReport(synthPlatform({ database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE } }).template.toJSON());
    const database = report.cost.lines.filter((l) => l.resourceType === 'AWS::RDS::DBInstance');
    expect(database.map((l) => [l.item, l.quantity, l.status])).toEqual([
      ['db.m7g.2xlarge (Multi-AZ: primary + standby)', 2, 'PRICED'], ['gp3 storage (500 GiB × 2 copies)', 1000, 'PRICED'],
      ['db.m7g.2xlarge (read replica)', 1, 'PRICED'], ['gp3 storage (500 GiB)', 500, 'PRICED'],
    ]);
  });

  test('RabbitMQ 3.13 on mq.m5.large is priced from the table', () => {
    const report = buildReport(synthPlatform({ messaging: { hostInstanceType: 'mq.m5.large' } }).template.toJSON());
    expect(report.cost.lines.find((l) => l.logicalId === BROKER)).toMatchObject({ status: 'PRICED', quantity: 3, unitUsd: 0.288 });
  });
});

describe('the price table', () => {
  test.each(Object.entries(PRICES))('%s has a positive price, a unit and a source', (_key, entry) => {
    expect(entry.usd).toBeGreaterThan(0);
    expect(['hour', 'GB-month', 'month', 'LCU-hour', 'million requests']).toContain(entry.unit);
    expect(entry.source).toMatch(/^aws\.amazon\.com\//);
  });
});
