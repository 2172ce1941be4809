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
import { PriceBook, PriceEntry } from './types';
import { US_EAST_1_DATE, US_EAST_1_ON_DEMAND, US_EAST_1_SOURCE } from './us-east-1';

export * from './types';

/** The region the report falls back to when a template's region is unknown or has no table. */
export const FALLBACK_REGION = 'us-east-1';

/** The regions the report has a price table for: the most used regions. */
export const PRICED_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'] as const;

/** The day the us-east-1 table was compiled (kept for readers of the first release's API). */
export const PRICE_TABLE_DATE = US_EAST_1_DATE;

/** The region of {@link PRICES}. */
export const PRICE_TABLE_REGION = FALLBACK_REGION;

/** Where the us-east-1 prices come from. */
export const PRICE_TABLE_SOURCE = US_EAST_1_SOURCE;

/** The us-east-1 on-demand prices, global services included. */
export const PRICES: Readonly<Record<string, PriceEntry>> = { ...US_EAST_1_ON_DEMAND, ...GLOBAL_ON_DEMAND };

const GLOBAL_SOURCE = 'Route 53 (global): aws.amazon.com/route53/pricing, health checks and their optional features, read 2026-11-27';

/**
 * The price book of a region, or undefined when the report has no table for it. Outside us-east-1 the tables hold
 * only what was checked for that region: the default fleets' EC2 types and the global services.
 */
export function priceBookFor(region: string): PriceBook | undefined {
  if (region === FALLBACK_REGION) {
    return {
      region,
      date: US_EAST_1_DATE,
      source: `${US_EAST_1_SOURCE} ${GLOBAL_SOURCE}.`,
      onDemand: PRICES,
      reserved: {},
    };
  }
  if (!(PRICED_REGIONS as readonly string[]).includes(region)) {
    return undefined;
  }
  return {
    region,
    date: REGIONAL_EC2_DATE,
    source: `${region}: EC2 c7g.medium, c7g.large and c7g.xlarge from the ${REGIONAL_EC2_SOURCE}. ${GLOBAL_SOURCE}. ` +
      `Every other ${region} price is not in the table yet: those lines show "no price".`,
    onDemand: { ...regionalEc2OnDemand(region), ...GLOBAL_ON_DEMAND },
    reserved: {},
  };
}

/** A us-east-1 on-demand price, or undefined when the table has none. */
export function priceOf(key: string): PriceEntry | undefined {
  return PRICES[key];
}
