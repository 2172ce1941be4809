import { round2 } from './report-fixtures';
import { DatabaseTopology } from '../../lib';
import { CostLine } from '../../lib/report/cost';
import { HOURS_PER_MONTH, PRICE_TABLE_DATE, PRICED_REGIONS, priceBookFor } from '../../lib/report/prices';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport, PlatformReport } from '../../lib/report/report';
import { agnosticPlatform, synthPlatform } from '../support/fixtures';

const WRITER = 'PlatformDatabaseClusterWriterDB118415';
const READER = 'PlatformDatabaseClusterReaderCC549214';
const CLUSTER = 'PlatformDatabaseCluster4F5E008D';
const SEARCH = 'PlatformSearchDomain4BEA905B';
const BROKER = 'PlatformMessagingBroker749C67BC';

const monthly = (hourly: number, quantity: number) => round2(hourly * HOURS_PER_MONTH * quantity);
const APP_ZONE_1 = 'PlatformAppTierServersZone1GroupASGC6F6D027';
const CHECK_ZONE_1 = 'PlatformDnsZone1HealthCheckD789F27A';

// The default platform in an environment-agnostic stack: its region is unknown, so it is priced with the complete
// us-east-1 table (with a warning at the top of the report). The same platform in eu-west-1: cost-regions.test.ts.
describe('the default platform\'s estimate in us-east-1', () => {
  let report: PlatformReport;
  const line = (logicalId: string, item: RegExp): CostLine => {
    const found = report.cost.lines.find((l) => l.logicalId === logicalId && item.test(l.item));
    if (!found) {
      throw new Error(`no line ${item} for ${logicalId}`);
    }
    return found;
  };
  beforeAll(() => {
    report = buildReport(agnosticPlatform().template.toJSON());
  });

  test('uses the dated us-east-1 table, and says at the top of the report that it is not the template\'s region', () => {
    expect(report.cost).toMatchObject({
      region: 'us-east-1', templateRegion: undefined, regionFrom: 'unknown', regionFallback: true, priceTableDate: PRICE_TABLE_DATE, hoursPerMonth: 730,
    });
    expect(report.warnings.map((w) => w.id)).toContain('prices-region');
    const markdown = renderMarkdown(report);
    const warning = markdown.indexOf('WARNING (prices-region)');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(markdown.indexOf('## 1.'));
    expect(markdown).toMatch(/uses us-east-1 prices: the template does not say its region/);
  });

  test.each([
    // resource, item, quantity, unit price (USD per hour)
    [WRITER, /db\.r7g\.2xlarge Aurora instance/, 1, 1.106],
    [READER, /db\.r7g\.2xlarge Aurora instance/, 1, 1.106],
    [BROKER, /mq\.m7g\.large broker instances \(CLUSTER_MULTI_AZ\)/, 3, 0.2734],
    [SEARCH, /r7g\.large\.search data nodes/, 6, 0.178],
    [SEARCH, /m7g\.large\.search dedicated masters/, 3, 0.135],
    ['PlatformCacheReplicationGroupBBB2DAA6', /cache\.m7g\.xlarge nodes \(valkey\)/, 2, 0.252],
    [APP_ZONE_1, /c7g\.xlarge instances/, 4, 0.145],
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

  test('every line is priced: the unpriced count is 0 and the report says nothing is left out', () => {
    expect(report.cost.lines.filter((l) => l.status === 'NO_PRICE')).toEqual([]);
    expect(report.cost.unpricedCount).toBe(0);
    expect(renderMarkdown(report)).not.toMatch(/not priced/);
  });

  test('an HTTPS check every 10 s with latency measurement of a load balancer: $0.50 + 3 options at $1.00', () => {
    const check = report.cost.lines.filter((l) => l.logicalId === CHECK_ZONE_1);
    expect(check.map((l) => [l.item, l.unitUsd, l.monthlyUsd])).toEqual([
      ['health check (AWS endpoint)', 0.5, 0.5],
      ['health check option: HTTPS', 1, 1],
      ['health check option: fast interval (10 s)', 1, 1],
      ['health check option: latency measurement', 1, 1],
    ]);
  });

  test('the total is the sum of the priced lines, pinned, and inside the reference architecture\'s $3,000-6,000', () => {
    const sum = report.cost.lines.filter((l) => l.status === 'PRICED').reduce((s, l) => s + l.monthlyUsd!, 0);
    expect(report.cost.totalMonthlyUsd).toBeCloseTo(sum, 2);
    // 5,268.27 = 5,262.27 (the previous pin: every line as before) + the options of the two zone checks, now priced:
    // HTTPS, fast interval and latency measurement, 3 × $1.00 per check.
    expect(report.cost.totalMonthlyUsd).toBeCloseTo(5262.27 + 2 * 3 * 1.0, 2);
    expect(report.cost.withinReferenceRange).toBe(true);
  });

  test('reserved: the 4 EC2 and 2 OpenSearch lines at their 1-year no-upfront price, Aurora and the Valkey cache at on-demand', () => {
    const reservable = report.cost.lines.filter((l) => l.reservable);
    expect(reservable.map((l) => l.priceKey!.split(':')[0]).sort()).toEqual(
      ['aurora', 'aurora', 'ec2', 'ec2', 'ec2', 'ec2', 'elasticache', 'opensearch', 'opensearch']);
    expect(reservable.filter((l) => l.reservedUnitUsd === undefined).map((l) => l.priceKey)).toEqual([
      'aurora:aurora-postgresql:db.r7g.2xlarge', 'aurora:aurora-postgresql:db.r7g.2xlarge', 'elasticache:valkey:cache.m7g.xlarge',
    ]);
    // Written here from the reserved prices read (us-east-1, USD per hour): c7g.xlarge 0.0955, c7g.large 0.0478,
    // r7g.large.search 0.123, m7g.large.search 0.093.
    expect(line(APP_ZONE_1, /c7g\.xlarge instances/)).toMatchObject({ reservedUnitUsd: 0.0955, reservedMonthlyUsd: 278.86 }); // 4 × 0.0955 × 730
    expect(line(SEARCH, /r7g\.large\.search data nodes/)).toMatchObject({ reservedUnitUsd: 0.123, reservedMonthlyUsd: 538.74 }); // 6 × 0.123 × 730
    // 4,556.16 = 5,268.27 on-demand - EC2 (1,111.42 on-demand -> 732.19 reserved) - OpenSearch (1,075.29 -> 742.41).
    const ec2 = 2 * round2(4 * 0.0955 * 730) + round2(3 * 0.0478 * 730) + round2(2 * 0.0478 * 730);
    const search = round2(6 * 0.123 * 730) + round2(3 * 0.093 * 730);
    expect(report.cost).toMatchObject({ reservedPricedCount: 6, reservedAtOnDemandCount: 3 });
    expect(report.cost.reservedMonthlyUsd).toBeCloseTo(5268.27 - 1111.42 + ec2 - 1075.29 + search, 2);
    expect(report.cost.reservedMonthlyUsd).toBeCloseTo(4556.16, 2);
    expect(report.cost.referenceReservedMonthlyUsd).toEqual({ low: 2000, high: 4000 });
    expect(report.cost.withinReferenceReservedRange).toBe(false);
    expect(renderMarkdown(report)).toMatch(/\| Reserved \(1-year, no upfront\) \| \$4,556\.16 \| \$2,000-4,000 \| \*\*above\*\* \|/);
    expect(renderMarkdown(report)).toMatch(/6 compute and database lines at a reserved price, 3 without a checked reserved price/);
  });

  test('the ceiling: app servers 4 -> 8 (with their 30 GiB of gp3) and Aurora readers 1 -> 3, at on-demand prices', () => {
    const app = report.cost.ceiling.find((c) => c.logicalId === APP_ZONE_1)!;
    expect(app).toMatchObject({ current: 4, maximum: 8, extraMonthlyUsd: round2(4 * 0.145 * 730 + 4 * 30 * 0.08) });
    const readers = report.cost.ceiling.find((c) => c.logicalId.startsWith('PlatformDatabaseReaderScaling'))!;
    expect(readers).toMatchObject({ current: 1, maximum: 3, extraMonthlyUsd: round2(2 * 1.106 * 730) });
    const extra = report.cost.ceiling.reduce((s, c) => s + (c.extraMonthlyUsd ?? 0), 0);
    expect(report.cost.ceiling).toHaveLength(5);
    expect(report.cost.ceilingMonthlyUsd).toBeCloseTo(report.cost.totalMonthlyUsd + extra, 2);
    // 433.00 × 2 app groups + workers (3 -> 6 and 2 -> 4 c7g.large with gp3) 165.98 + 110.65 + readers 1,614.76.
    expect(report.cost.ceilingMonthlyUsd).toBeCloseTo(5268.27 + 2 * 433 + 165.98 + 110.65 + 1614.76, 1);
    expect(renderMarkdown(report)).toMatch(/\| Ceiling \(every scaler at its maximum, on-demand\) \| \$8,025\.6\d \|/);
  });

  test('accounts for every resource of the template: a line, or a count of free resources', () => {
    const template = agnosticPlatform().template.toJSON();
    const withLines = new Set(report.cost.lines.map((l) => l.logicalId));
    const free = report.cost.freeResources.reduce((s, r) => s + r.count, 0);
    expect(withLines.size + free).toBe(Object.keys(template.Resources).length);
  });
});

describe('options price what they deploy', () => {
  test('a Multi-AZ DB instance bills the primary and the standby, its read replica and their gp3', () => {
    const report = buildReport(synthPlatform({ database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE } }, {}).template.toJSON());
    const database = report.cost.lines.filter((l) => l.resourceType === 'AWS::RDS::DBInstance');
    expect(database.map((l) => [l.item, l.quantity, l.status])).toEqual([
      ['db.m7g.2xlarge (Multi-AZ: primary + standby)', 2, 'PRICED'], ['gp3 storage (500 GiB × 2 copies)', 1000, 'PRICED'],
      ['db.m7g.2xlarge (read replica)', 1, 'PRICED'], ['gp3 storage (500 GiB)', 500, 'PRICED'],
    ]);
    // $0.674 an hour per instance (two copies of the AWS Price List data; the table had $0.672 until 2026-11-27).
    expect(database[0]).toMatchObject({ unitUsd: 0.674, monthlyUsd: round2(2 * 0.674 * 730), reservedUnitUsd: 0.519 });
  });

  test('RabbitMQ 3.13 on mq.m5.large is priced from the table', () => {
    const report = buildReport(synthPlatform({ messaging: { hostInstanceType: 'mq.m5.large' } }, {}).template.toJSON());
    expect(report.cost.lines.find((l) => l.logicalId === BROKER)).toMatchObject({ status: 'PRICED', quantity: 3, unitUsd: 0.288 });
  });
});

describe('the price tables', () => {
  const entries = PRICED_REGIONS.flatMap((region) => {
    const book = priceBookFor(region)!;
    return [
      ...Object.entries(book.onDemand).map(([key, entry]) => [`${region} ${key} on demand`, entry] as const),
      ...Object.entries(book.reserved).map(([key, entry]) => [`${region} ${key} reserved`, entry] as const),
    ];
  });

  test.each(entries)('%s has a positive price, a unit and a source', (_key, entry) => {
    expect(entry.usd).toBeGreaterThan(0);
    expect(['hour', 'GB-month', 'month', 'LCU-hour', 'million requests']).toContain(entry.unit);
    expect(entry.source).toMatch(/^aws\.amazon\.com\//);
  });

  test('there is a dated table with its source for each of the six most used regions, and none for others', () => {
    expect([...PRICED_REGIONS]).toEqual(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1']);
    for (const region of PRICED_REGIONS) {
      expect(priceBookFor(region)).toMatchObject({ region, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), source: expect.stringContaining('Route 53') });
    }
    expect(priceBookFor('sa-east-1')).toBeUndefined();
  });
});
