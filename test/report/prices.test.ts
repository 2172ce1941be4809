// The price tables pinned as a whole: every region's on-demand and reserved prices, each with its unit and source.
// The tables are data (prices/*.ts); these tests fail on any change to a figure, a unit, a source or the set of keys,
// so that a table is only ever changed on purpose (with its date and the fingerprint below).
import { createHash } from 'crypto';
import { PRICED_REGIONS, priceBookFor } from '../../lib/report/prices';

const KINDS = ['onDemand', 'reserved'] as const;

/** One line a price, `<region> <onDemand|reserved> <key> <usd> <unit> <source>`, sorted by key within a region's table. */
const lines = PRICED_REGIONS.flatMap((region) => {
  const book = priceBookFor(region)!;
  return KINDS.flatMap((kind) => Object.keys(book[kind]).sort().map((key) => {
    const entry = book[kind][key];
    return `${region} ${kind} ${key} ${entry.usd} ${entry.unit} ${entry.source}`;
  }));
});

describe('the price tables, pinned', () => {
  test('each region has its number of on-demand and reserved prices', () => {
    const counts = Object.fromEntries(PRICED_REGIONS.map((region) => {
      const book = priceBookFor(region)!;
      return [region, [Object.keys(book.onDemand).length, Object.keys(book.reserved).length]];
    }));
    expect(counts).toEqual({
      'us-east-1': [121, 77],
      'us-west-2': [119, 77],
      'eu-west-1': [119, 77],
      'eu-central-1': [119, 77],
      'ap-southeast-1': [119, 77],
      'ap-northeast-1': [119, 77],
    });
  });

  test('every price, unit and source is the one read on 2026-11-27 (a fingerprint of all 1,178 lines)', () => {
    expect(lines).toHaveLength(1178);
    expect(createHash('sha256').update(lines.join('\n')).digest('hex')).toBe('734b2b1f8953bb80ff0e51c12a3d6744fc431dc51927f7d0ec34b3efbf11ca12');
  });

  // One price from each way a table is written: an EC2 type's own source, a family's source, a key's own unit and
  // source, a price derived from another (Valkey), a reserved column, a global service.
  test.each([
    ['us-east-1', 'onDemand', 'ec2:c6gn.xlarge', 0.1728, 'hour', 'copy in iann0036/aws-price-watcher, data of 2025-05-24'],
    ['us-east-1', 'onDemand', 'rds:postgres:db.m7g.2xlarge', 0.674, 'hour', 'copies in iann0036/aws-price-watcher (2025-05) and yeo/ec2.shop'],
    ['us-east-1', 'onDemand', 'aurora-io:standard', 0.2, 'million requests', 'Aurora Standard storage configuration'],
    ['eu-west-1', 'onDemand', 'ec2:c7g.xlarge', 0.155, 'hour', 'aws.amazon.com/ec2/pricing/on-demand'],
    ['us-west-2', 'onDemand', 'elasticache:valkey:cache.m7g.large', 0.1264, 'hour', 'node-based clusters, Valkey'],
    ['eu-central-1', 'onDemand', 'elb:alb-lcu', 0.008, 'LCU-hour', 'aws.amazon.com/elasticloadbalancing/pricing'],
    ['ap-southeast-1', 'onDemand', 'ebs:gp3', 0.096, 'GB-month', 'copy in yeo/ec2.shop, published 2024-07-18'],
    ['ap-northeast-1', 'onDemand', 'mq:rabbitmq:mq.m5.large', 0.372, 'hour', 'RabbitMQ, per broker instance'],
    ['ap-northeast-1', 'reserved', 'opensearch:t3.medium.search', 0.092, 'hour', 'reserved instance, 1 year, No Upfront'],
    ['us-east-1', 'reserved', 'rds:postgres:db.m7g.2xlarge', 0.519, 'hour', 'reserved DB instance, Single-AZ'],
    ['eu-west-1', 'onDemand', 'route53:health-check-other-endpoint', 0.75, 'month', 'a global service'],
  ] as const)('%s %s %s: $%s per %s', (region, kind, key, usd, unit, source) => {
    expect(priceBookFor(region)![kind][key]).toEqual({ usd, unit, source: expect.stringContaining(source) });
  });

  test('outside us-east-1 a key no copy held has no price (never us-east-1\'s)', () => {
    for (const region of PRICED_REGIONS.filter((r) => r !== 'us-east-1')) {
      const book = priceBookFor(region)!;
      expect([book.onDemand['mq:rabbitmq:mq.m7g.large'], book.onDemand['opensearch-storage:gp3']]).toEqual([undefined, undefined]);
    }
  });
});
