import { monthlyUsd, PriceBook } from './prices';

/**
 * How a line is priced:
 * - PRICED: from the price table;
 * - NO_PRICE: the resource costs money but the table has no price for it (listed, never skipped);
 * - USAGE_BASED: the cost depends on traffic or data the template does not say (storage, requests, log volume).
 */
export type CostStatus = 'PRICED' | 'NO_PRICE' | 'USAGE_BASED';

/** One line of the estimate. */
export interface CostLine {
  readonly logicalId: string;
  readonly resourceType: string;
  /** What is charged, for example 'c7g.xlarge instances' or 'gp3 storage'. */
  readonly item: string;
  readonly quantity: number;
  /** The price's unit ('hour' prices are multiplied by 730 hours). */
  readonly unit: string;
  readonly unitUsd?: number;
  readonly monthlyUsd?: number;
  readonly status: CostStatus;
  /** The price table key looked up. */
  readonly priceKey?: string;
  readonly note?: string;
  /**
   * True for the compute and database lines a reservation covers (EC2 instances, RDS and Aurora instances,
   * ElastiCache nodes, OpenSearch instances): the lines of the reserved total.
   */
  readonly reservable?: boolean;
  /** The 1-year no-upfront reserved unit price, when the table has a checked one. */
  readonly reservedUnitUsd?: number;
  /** The month at the reserved price, when the table has one. */
  readonly reservedMonthlyUsd?: number;
}

/** Price keys of the instance hours a 1-year reservation covers. */
const RESERVABLE = /^(ec2|rds|aurora|elasticache|opensearch):/;

/** Collects the lines of the estimate, priced from one region's price book, and the resources that cost nothing. */
export class Ledger {
  public readonly lines: CostLine[] = [];
  public readonly free = new Map<string, number>();

  constructor(public readonly book: PriceBook) {}

  /** A line priced from the table (NO_PRICE, with a note saying so, when the table has no entry for the key). */
  public priced(logicalId: string, resourceType: string, item: string, key: string, quantity: number, note?: string): void {
    const price = this.book.onDemand[key];
    const reservable = RESERVABLE.test(key) || undefined;
    if (!price) {
      const missing = `no ${this.book.region} price in the table for ${key}`;
      this.lines.push({
        logicalId,
        resourceType,
        item,
        quantity,
        unit: '-',
        status: 'NO_PRICE',
        priceKey: key,
        reservable,
        note: note ? `${note}; ${missing}` : missing,
      });
      return;
    }
    const reserved = reservable ? this.book.reserved[key] : undefined;
    this.lines.push({
      logicalId,
      resourceType,
      item,
      quantity,
      unit: price.unit,
      unitUsd: price.usd,
      monthlyUsd: round2(monthlyUsd(price, quantity)),
      status: 'PRICED',
      priceKey: key,
      note,
      reservable,
      reservedUnitUsd: reserved?.usd,
      reservedMonthlyUsd: reserved ? round2(monthlyUsd(reserved, quantity)) : undefined,
    });
  }

  public unpriced(logicalId: string, resourceType: string, item: string, note: string, quantity = 1): void {
    this.lines.push({ logicalId, resourceType, item, quantity, unit: '-', status: 'NO_PRICE', note });
  }

  /** A usage-based line, at $0; with its unit price from the table when it has one (key), so readers can estimate. */
  public usage(logicalId: string, resourceType: string, item: string, key?: string, note = 'usage-based: not estimated'): void {
    const price = key ? this.book.onDemand[key] : undefined;
    this.lines.push({
      logicalId,
      resourceType,
      item,
      quantity: 1,
      unit: price?.unit ?? '-',
      unitUsd: price?.usd,
      monthlyUsd: 0,
      status: 'USAGE_BASED',
      priceKey: price ? key : undefined,
      note,
    });
  }

  public freeOfCharge(type: string): void {
    this.free.set(type, (this.free.get(type) ?? 0) + 1);
  }
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
