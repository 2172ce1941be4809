/** Hours in the billing month the report assumes (AWS's calculator uses 730). */
export const HOURS_PER_MONTH = 730;

/** What a price is charged per. */
type PriceUnit = 'hour' | 'GB-month' | 'month' | 'LCU-hour' | 'million requests';

/** One price of a table. */
export interface PriceEntry {
  /** USD per unit. */
  readonly usd: number;
  /** The unit. Hourly prices are multiplied by {@link HOURS_PER_MONTH}. */
  readonly unit: PriceUnit;
  /** Where to check it. */
  readonly source: string;
}

/** The prices of one region: what the report prices a template with. */
export interface PriceBook {
  /** The region whose prices these are. */
  readonly region: string;
  /** The day the table was read, YYYY-MM-DD. */
  readonly date: string;
  /** Where the prices were read, printed under the cost section. */
  readonly source: string;
  /** On-demand prices, by key (`ec2:c7g.xlarge`, `route53:health-check-aws-endpoint`, ...). */
  readonly onDemand: Readonly<Record<string, PriceEntry>>;
  /**
   * 1-year no-upfront reserved prices (the effective hourly rate), by the same keys as `onDemand`. A key missing
   * here has no checked reserved price: the reserved total keeps its on-demand price.
   */
  readonly reserved: Readonly<Record<string, PriceEntry>>;
}

/** Hourly prices of a list of types, from one source. */
export function hourly(prefix: string, source: string, prices: Record<string, number>): Record<string, PriceEntry> {
  const entries: Record<string, PriceEntry> = {};
  for (const [type, usd] of Object.entries(prices)) {
    entries[`${prefix}${type}`] = { usd, unit: 'hour', source };
  }
  return entries;
}

/** The family of a price key: the key up to its last colon (`rds:postgres:` of `rds:postgres:db.m7g.large`). */
export function familyOf(key: string): string {
  return key.slice(0, key.lastIndexOf(':') + 1);
}

/** What a price is charged per and where it was read: a {@link PriceEntry} without its figure. */
export type PriceBasis = Omit<PriceEntry, 'usd'>;

/**
 * Entries of the prices `usd` (by price key), each with its basis in `bases`: its key's, else its key's family's (see
 * {@link familyOf}).
 */
export function withBasis(usd: Record<string, number>, bases: Readonly<Record<string, PriceBasis>>): Record<string, PriceEntry> {
  const entries: Record<string, PriceEntry> = {};
  for (const [key, price] of Object.entries(usd)) {
    const basis = bases[key] ?? bases[familyOf(key)];
    entries[key] = { usd: price, unit: basis.unit, source: basis.source };
  }
  return entries;
}

/**
 * One region's column of a table whose rows hold a figure per region, in the order of `regions`: by the table's keys,
 * empty for a region not in `regions`.
 */
export function column(table: Readonly<Record<string, readonly number[]>>, regions: readonly string[], region: string): Record<string, number> {
  const index = regions.indexOf(region);
  const figures: Record<string, number> = {};
  if (index < 0) {
    return figures;
  }
  for (const [key, row] of Object.entries(table)) {
    figures[key] = row[index];
  }
  return figures;
}

/**
 * Valkey's hourly prices on ElastiCache node-based clusters, from Redis OSS's: AWS prices a Valkey node 20 % below a
 * Redis OSS node of the same type, in every region, and lists the result to a hundredth of a cent.
 */
export function valkeyPrices(redisOss: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(redisOss).map(([type, usd]) => [type, Math.round(usd * 0.8 * 10_000) / 10_000]));
}

/** USD per month of `quantity` units at `price` (hourly units over {@link HOURS_PER_MONTH}). */
export function monthlyUsd(price: PriceEntry, quantity: number): number {
  const perMonth = price.unit === 'hour' || price.unit === 'LCU-hour' ? price.usd * HOURS_PER_MONTH : price.usd;
  return perMonth * quantity;
}
