// The estimate's region (template metadata, else the zone names, else us-east-1 with a warning at the top), the
// regional on-demand and reserved prices of the default platform in eu-west-1, Route 53 health check options, and the reserved total.
import { appServers, entry, getAz, network, Resources, round2 } from './report-fixtures';
import { buildCost } from '../../lib/report/cost';
import { PriceBook } from '../../lib/report/prices';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport, PlatformReport } from '../../lib/report/report';
import { parseTemplate, readPlatform } from '../../lib/report/template-model';
import { defaultPlatform } from '../support/fixtures';

const HOURS = 730;
const APP_ZONE_1 = 'PlatformAppTierServersZone1GroupASGC6F6D027';
const WORKERS_ZONE_2 = 'PlatformWorkersServersZone2GroupASG6A6333BE';
const WRITER = 'PlatformDatabaseClusterWriterDB118415';
const CACHE = 'PlatformCacheReplicationGroupBBB2DAA6';
const SEARCH = 'PlatformSearchDomain4BEA905B';
const BROKER = 'PlatformMessagingBroker749C67BC';

/** A template of the platform's network and entry (two zones, load balancers, health checks), with metadata when given. */
function template(zones: [unknown, unknown, unknown], metadata?: Record<string, unknown>): Record<string, unknown> {
  const resources: Resources = { ...network({ serving: [zones[0], zones[1]], quorum: zones[2] }), ...appServers(), ...entry() };
  return { ...(metadata ? { Metadata: { MultiAzHaPlatform: metadata } } : {}), Resources: resources };
}

describe('the default platform in eu-west-1 (its zones eu-west-1a, b and c)', () => {
  let report: PlatformReport;
  beforeAll(() => {
    report = buildReport(defaultPlatform().template.toJSON());
  });

  test('is priced with the eu-west-1 table, without a region warning', () => {
    expect(report.cost).toMatchObject({ region: 'eu-west-1', templateRegion: 'eu-west-1', regionFallback: false, priceTableDate: '2026-11-27' });
    expect(report.warnings.map((w) => w.id)).not.toContain('prices-region');
    expect(report.cost.priceTableSource).toMatch(/^eu-west-1: AWS Price List list prices for the region, read 2026-11-27/);
    expect(renderMarkdown(report)).toMatch(/Prices: \*\*eu-west-1\*\* \(the template's region, from /);
  });

  test('4 c7g.xlarge app servers a zone at eu-west-1\'s $0.155 an hour, 2 c7g.large workers at $0.0775', () => {
    const app = report.cost.lines.find((l) => l.logicalId === APP_ZONE_1 && /instances/.test(l.item));
    expect(app).toMatchObject({ status: 'PRICED', quantity: 4, unitUsd: 0.155, monthlyUsd: 452.6 }); // 4 × 0.155 × 730
    const workers = report.cost.lines.find((l) => l.logicalId === WORKERS_ZONE_2 && /instances/.test(l.item));
    expect(workers).toMatchObject({ status: 'PRICED', quantity: 2, unitUsd: 0.0775, monthlyUsd: 113.15 }); // 2 × 0.0775 × 730
  });

  // The eu-west-1 prices written here as read from the AWS Price List copies (USD per hour), N × price × 730 by hand.
  test.each([
    [WRITER, /db\.r7g\.2xlarge Aurora instance/, 1, 1.216, 887.68], // 1 × 1.216 × 730
    [CACHE, /cache\.m7g\.xlarge nodes \(valkey\)/, 2, 0.2776, 405.3], // 2 × 0.2776 × 730 = 405.296
    [SEARCH, /r7g\.large\.search data nodes/, 6, 0.199, 871.62], // 6 × 0.199 × 730
    [SEARCH, /m7g\.large\.search dedicated masters/, 3, 0.151, 330.69], // 3 × 0.151 × 730
    ['PlatformNetworkVpcPublicSubnet1NATGateway9E3BE524', /NAT gateway hours/, 1, 0.048, 35.04], // 1 × 0.048 × 730
  ])('data services at eu-west-1 prices: %s %s, %i at $%s an hour = $%s', (logicalId, item, quantity, hourly, monthlyUsd) => {
    const found = report.cost.lines.find((l) => l.logicalId === logicalId && item.test(l.item));
    expect(found).toMatchObject({ status: 'PRICED', quantity, unitUsd: hourly, monthlyUsd });
  });

  test('the search domain\'s gp3 and the mq.m7g.large brokers have no eu-west-1 price: "no price" with a note, never us-east-1\'s', () => {
    const unpriced = report.cost.lines.filter((l) => l.status === 'NO_PRICE');
    expect(unpriced.map((l) => [l.logicalId, l.priceKey, l.unitUsd, l.monthlyUsd])).toEqual([
      [BROKER, 'mq:rabbitmq:mq.m7g.large', undefined, undefined],
      [SEARCH, 'opensearch-storage:gp3', undefined, undefined],
    ]);
    expect(unpriced[0].note).toBe('broker storage not included; no eu-west-1 price in the table for mq:rabbitmq:mq.m7g.large');
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('**2 lines are not priced** in eu-west-1 (listed below): every total leaves them out');
    expect(markdown).toContain('**Not priced** (2; the totals leave them out):');
  });

  test('the total, pinned: every line at eu-west-1 prices but the two without one', () => {
    const fleets = 2 * 452.6 + round2(3 * 0.0775 * HOURS) + 113.15 + (2 * 120 + 60 + 90) * 0.088; // instances + gp3 volumes
    const data = 2 * 887.68 + 405.3 + 871.62 + 330.69; // Aurora writer and reader, cache, search
    const networking = 2 * round2(0.0252 * HOURS) + 2 * 0.008 * HOURS + 2 * 35.04 + 7 * round2(2 * 0.011 * HOURS) + 6 * 0.005 * HOURS; // ALB, LCU, NAT, endpoints, IPv4
    const operations = 11 * 1 + 3 * 0.4 + 50 * 0.1 + 3 + 2 * 5 + 8 * 1; // keys, secrets, 50 alarm metrics, dashboard, WAF
    // Two HTTPS checks every 10 s with latency measurement ($0.50 + 3 × $1.00), two calculated and two alarm checks ($0.50).
    const checks = 2 * (0.5 + 3 * 1) + 4 * 0.5;
    expect(report.cost.totalMonthlyUsd).toBeCloseTo(fleets + data + networking + operations + checks, 1);
    expect(report.cost.totalMonthlyUsd).toBeCloseTo(4905.45, 2);
    expect(report.cost.withinReferenceRange).toBe(true);
  });

  test('reserved: c7g.xlarge at $0.1026 and r7g.large.search at $0.137 an hour (1 year, no upfront, eu-west-1)', () => {
    const app = report.cost.lines.find((l) => l.logicalId === APP_ZONE_1 && /instances/.test(l.item))!;
    expect(app).toMatchObject({ reservedUnitUsd: 0.1026, reservedMonthlyUsd: 299.59 }); // 4 × 0.1026 × 730 = 299.592
    const search = report.cost.lines.find((l) => l.logicalId === SEARCH && /data nodes/.test(l.item))!;
    expect(search).toMatchObject({ reservedUnitUsd: 0.137, reservedMonthlyUsd: 600.06 }); // 6 × 0.137 × 730
    const writer = report.cost.lines.find((l) => l.logicalId === WRITER)!;
    expect(writer.reservedUnitUsd).toBeUndefined(); // no Aurora reserved price was found: on-demand in the reserved total
    expect(report.cost).toMatchObject({ reservedPricedCount: 6, reservedAtOnDemandCount: 3 });
    // 4,905.45 - (EC2 1,188.08 on-demand -> 786.43 reserved) - (OpenSearch 1,202.31 -> 827.82).
    const ec2 = 2 * 299.59 + round2(3 * 0.0513 * HOURS) + round2(2 * 0.0513 * HOURS);
    const searchReserved = 600.06 + round2(3 * 0.104 * HOURS);
    expect(report.cost.reservedMonthlyUsd).toBeCloseTo(4905.45 - 1188.08 + ec2 - 1202.31 + searchReserved, 2);
    expect(report.cost.reservedMonthlyUsd).toBeCloseTo(4129.31, 2);
  });

  test('the ceiling prices the fleets with their gp3 volumes and the Aurora readers at eu-west-1 prices', () => {
    const app = report.cost.ceiling.find((c) => c.logicalId === APP_ZONE_1)!;
    expect(app).toMatchObject({ current: 4, maximum: 8, extraMonthlyUsd: round2(4 * 0.155 * HOURS + 4 * 30 * 0.088) });
    const readers = report.cost.ceiling.find((c) => c.logicalId.startsWith('PlatformDatabaseReaderScaling'))!;
    expect(readers).toMatchObject({ current: 1, maximum: 3, extraMonthlyUsd: round2(2 * 1.216 * HOURS) });
    expect(report.cost.ceilingMonthlyUsd).toBeCloseTo(7903.21, 2);
  });
});

describe('the region of the estimate', () => {
  const costOf = (json: unknown) => buildReport(json).cost;

  test('from the platform\'s metadata first: us-west-2 metadata over eu-west-1 zone names', () => {
    const cost = costOf(template(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], { region: 'us-west-2' }));
    expect(cost).toMatchObject({ region: 'us-west-2', templateRegion: 'us-west-2', regionFrom: 'metadata', regionFallback: false });
  });

  test('else from the zone names: ap-northeast-1a, c and d price in ap-northeast-1', () => {
    const cost = costOf(template(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']));
    expect(cost).toMatchObject({ region: 'ap-northeast-1', regionFrom: 'zones', regionFallback: false, warnings: [] });
  });

  test('unresolved zones (Fn::GetAZs) and no metadata: us-east-1, with the warning at the top of the report', () => {
    const report = buildReport(template([getAz(0), getAz(1), getAz(2)]));
    expect(report.cost).toMatchObject({ region: 'us-east-1', templateRegion: undefined, regionFrom: 'unknown', regionFallback: true });
    expect(report.warnings.find((w) => w.id === 'prices-region')?.message).toMatch(/^The cost estimate uses us-east-1 prices: the template does not say its region/);
    const markdown = renderMarkdown(report);
    expect(markdown.indexOf('> **WARNING (prices-region):**')).toBeLessThan(markdown.indexOf('## 1.'));
    expect(markdown).toMatch(/Prices: \*\*us-east-1\*\* \(not the template's region: see the warning at the top\)/);
  });

  test.each([
    ['metadata', template([getAz(0), getAz(1), getAz(2)], { region: 'sa-east-1' }), 'sa-east-1', /platform metadata/],
    ['zones', template(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']), 'ca-central-1', /zone names/],
  ])('a region outside the six (from its %s): us-east-1 prices and a warning naming it', (from, json, region, why) => {
    const report = buildReport(json);
    expect(report.cost).toMatchObject({ region: 'us-east-1', templateRegion: region, regionFrom: from, regionFallback: true });
    const message = report.warnings.find((w) => w.id === 'prices-region')!.message;
    expect(message).toContain(`the template's region, ${region}`);
    expect(message).toMatch(why);
    expect(message).toContain('has no price table in the report (it has us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1)');
  });
});

describe('Route 53 health checks and their options', () => {
  const check = (config: Record<string, unknown>) => ({ Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: config } });
  const cost = buildReport({
    Resources: {
      ...template([getAz(0), getAz(1), getAz(2)]).Resources as Resources,
      External: check({ Type: 'HTTPS_STR_MATCH', FullyQualifiedDomainName: 'status.example.org', RequestInterval: 10, MeasureLatency: true, SearchString: 'ok' }),
      Plain: check({ Type: 'HTTP', FullyQualifiedDomainName: { 'Fn::GetAtt': ['Lb1', 'DNSName'] }, RequestInterval: 30 }),
      Calculated: check({ Type: 'CALCULATED', ChildHealthChecks: [{ Ref: 'Plain' }], HealthThreshold: 1 }),
      Alarm: check({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'x', Region: 'eu-west-1' } }),
    },
  }).cost;
  const linesOf = (id: string) => cost.lines.filter((l) => l.logicalId === id).map((l) => [l.item, l.monthlyUsd]);

  test('a check of a domain outside the template: $0.75, and each of its 4 options at $2.00', () => {
    expect(linesOf('External')).toEqual([
      ['health check (endpoint outside AWS, or not known to be in AWS)', 0.75],
      ['health check option: HTTPS', 2], ['health check option: string matching', 2],
      ['health check option: fast interval (10 s)', 2], ['health check option: latency measurement', 2],
    ]);
  });

  test('an HTTP check of the template\'s load balancer every 30 s: $0.50 and no option', () => {
    expect(linesOf('Plain')).toEqual([['health check (AWS endpoint)', 0.5]]);
  });

  test('calculated and CloudWatch alarm checks: $0.50 each', () => {
    expect(linesOf('Calculated')).toEqual([['calculated health check', 0.5]]);
    expect(linesOf('Alarm')).toEqual([['CloudWatch alarm health check', 0.5]]);
  });

  test('the entry\'s HTTPS checks every 10 s (Check1, Check2): $0.50 + HTTPS + fast interval, $2.50 each', () => {
    expect(linesOf('Check1').reduce((s, [, usd]) => s + (usd as number), 0)).toBeCloseTo(2.5, 2);
  });
});

describe('the reserved total', () => {
  // A price book of the test's own, so the arithmetic is checked whatever the shipped tables hold.
  const book: PriceBook = {
    region: 'us-east-1',
    date: '2026-11-27',
    source: 'test',
    onDemand: {
      'ec2:c7g.xlarge': { usd: 0.145, unit: 'hour', source: 'aws.amazon.com/ec2/pricing' },
      'ec2:c7g.large': { usd: 0.0725, unit: 'hour', source: 'aws.amazon.com/ec2/pricing' },
      'kms:key': { usd: 1, unit: 'month', source: 'aws.amazon.com/kms/pricing' },
    },
    reserved: { 'ec2:c7g.xlarge': { usd: 0.0913, unit: 'hour', source: 'aws.amazon.com/ec2/pricing/reserved-instances' } },
  };
  const cost = buildCost(readPlatform(parseTemplate(defaultPlatform().template.toJSON())), { priceBook: book });

  test('a line with a reserved price takes it: 4 c7g.xlarge at $0.0913 an hour', () => {
    const app = cost.lines.find((l) => l.logicalId === APP_ZONE_1 && /instances/.test(l.item))!;
    expect(app).toMatchObject({
      reservable: true, monthlyUsd: round2(4 * 0.145 * HOURS), reservedUnitUsd: 0.0913, reservedMonthlyUsd: round2(4 * 0.0913 * HOURS),
    });
  });

  test('a compute line without one keeps its on-demand price and is counted; other lines are not reservable', () => {
    expect(cost).toMatchObject({ reservedPricedCount: 2, reservedAtOnDemandCount: 2 });
    const onDemandOnly = cost.lines.filter((l) => l.status === 'PRICED' && l.reservedMonthlyUsd === undefined).reduce((s, l) => s + l.monthlyUsd!, 0);
    expect(cost.reservedMonthlyUsd).toBeCloseTo(onDemandOnly + 2 * round2(4 * 0.0913 * HOURS), 2);
    expect(cost.lines.find((l) => l.priceKey === 'kms:key')?.reservable).toBeUndefined();
  });
});
