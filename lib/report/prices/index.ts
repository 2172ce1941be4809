/**
 * The report's price tables: AWS list prices per region, USD, without tax, Free Tier or discounts, each table dated
 * with its source.
 *
 * A price that could not be checked for a region is left out of that region's table: the resource then shows as
 * "no price" in the report instead of being priced with a guess, and no region's price is derived from another's.
 * Update a table (and its date) by checking each entry against its source; the tests pin the default platform's total.
 */
import { GLOBAL_ON_DEMAND } from './global';
import { REGIONAL_EC2_DATE, REGIONAL_EC2_SOURCE, regionalEc2OnDemand } from './regional-ec2';
import { regionalServicesOnDemand } from './regional-services';
import { RESERVED_SOURCE, reservedFor } from './reserved';
import { PriceBook, PriceEntry } from './types';
import { US_EAST_1_DATE, US_EAST_1_ON_DEMAND, US_EAST_1_SOURCE } from './us-east-1';

export * from './types';

/** The region the report falls back to when a template's region is unknown or has no table. */
export const FALLBACK_REGION = 'us-east-1';

/** The regions the report has a price table for: the most used regions. */
export const PRICED_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'] as const;

/** The day the us-east-1 table was compiled. */
export const PRICE_TABLE_DATE = US_EAST_1_DATE;

/** The us-east-1 on-demand prices, global services included. */
const PRICES: Readonly<Record<string, PriceEntry>> = { ...US_EAST_1_ON_DEMAND, ...GLOBAL_ON_DEMAND };

const GLOBAL_SOURCE = 'Route 53 (global): aws.amazon.com/route53/pricing, health checks and their optional features, read 2026-11-27';

/** What a region other than us-east-1 has no price for: no copy of the source held it. */
const NOT_IN_TABLE = 'Not in the table (those lines show "no price"): Amazon MQ mq.m7g.large and OpenSearch gp3 storage, ' +
  'which no copy of the AWS Price List data found holds for the region';

/**
 * The price book of a region, or undefined when the report has no table for it. Outside us-east-1 each table holds
 * what was read for that region from copies of the AWS Price List data (see regional-ec2.ts, regional-services.ts and
 * reserved.ts) and the global services; a key no copy held is left out ("no price"), never taken from us-east-1.
 */
export function priceBookFor(region: string): PriceBook | undefined {
  if (region === FALLBACK_REGION) {
    return {
      region,
      date: US_EAST_1_DATE,
      source: `${US_EAST_1_SOURCE} ${RESERVED_SOURCE}. ${GLOBAL_SOURCE}.`,
      onDemand: PRICES,
      reserved: reservedFor(region),
    };
  }
  if (!(PRICED_REGIONS as readonly string[]).includes(region)) {
    return undefined;
  }
  return {
    region,
    date: REGIONAL_EC2_DATE,
    source: `${region}: AWS Price List list prices for the region, read ${REGIONAL_EC2_DATE} from public copies of the data behind ` +
      'the AWS pricing pages, each copy\'s us-east-1 figures matched against the us-east-1 table. ' +
      `${REGIONAL_EC2_SOURCE}. Other services: RDS for PostgreSQL, Aurora, ElastiCache, OpenSearch Service, ALB, Secrets ` +
      'Manager and Amazon MQ from iann0036/aws-price-watcher (commit d65c44f0, data of 2025-03 to 2025-05); NAT gateway, ' +
      'interface endpoints, public IPv4, KMS, CloudWatch and AWS WAF from lamngockhuong/aws-price (commit 508fb452, data of ' +
      `2025-08 to 2025-11); EBS from yeo/ec2.shop (commit 74c9fd8a, data of 2024-07-18). ${RESERVED_SOURCE}. ${GLOBAL_SOURCE}. ` +
      `${NOT_IN_TABLE}.`,
    onDemand: { ...regionalEc2OnDemand(region), ...regionalServicesOnDemand(region), ...GLOBAL_ON_DEMAND },
    reserved: reservedFor(region),
  };
}
