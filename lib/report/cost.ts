import { buildCeiling, CeilingLine } from './cost-ceiling';
import { CostLine, Ledger, round2 } from './cost-ledger';
import { pricingRegion, pricingRegionWarning, RegionFrom } from './cost-region';
import { FREE_TYPES, priceNetwork, priceOperations, priceServersAndStores, USAGE_TYPES } from './cost-resources';
import { HOURS_PER_MONTH, PriceBook } from './prices';
import { TemplateModel } from './template-model';
import { propsOf } from './template-values';

export type { CostLine, CostStatus } from './cost-ledger';
export type { CeilingLine } from './cost-ceiling';
export type { RegionFrom } from './cost-region';

/** The reference architecture's estimate for the cloud (multi-environment-ha.md, "Estimated Cost"), on-demand. */
export const REFERENCE_MONTHLY_COST_USD = { low: 3000, high: 6000 } as const;

/** The reference architecture's estimate with reserved capacity (Reserved Instances or Savings Plans). */
export const REFERENCE_RESERVED_MONTHLY_COST_USD = { low: 2000, high: 4000 } as const;

/** The reservation the reserved total assumes. */
export const RESERVED_TERM = '1-year, no upfront';

/** Options of {@link buildCost}. */
export interface CostOptions {
  /** Prices with this book instead of the one of the template's region (a team's own, or a test's). */
  readonly priceBook?: PriceBook;
}

export interface CostReport {
  /** The region whose prices the estimate uses. */
  readonly region: string;
  /** The template's own region, when known (it differs from `region` when the report fell back to us-east-1). */
  readonly templateRegion?: string;
  /** Where `templateRegion` was read: the platform's template metadata, the template's zone names, or nowhere. */
  readonly regionFrom: RegionFrom;
  /** True when `region` is not the template's (unknown, or a region the report has no table for). */
  readonly regionFallback: boolean;
  /** The day the region's table was read. */
  readonly priceTableDate: string;
  readonly priceTableSource: string;
  readonly hoursPerMonth: number;
  readonly lines: CostLine[];
  /** Sum of the priced lines, on-demand. */
  readonly totalMonthlyUsd: number;
  /** Lines without a price (NO_PRICE): the totals leave them out, so each total is a lower bound when this is not 0. */
  readonly unpricedCount: number;
  readonly referenceMonthlyUsd: typeof REFERENCE_MONTHLY_COST_USD;
  readonly withinReferenceRange: boolean;
  /** The reservation of the reserved total ('1-year, no upfront'). */
  readonly reservedTerm: string;
  /** The priced lines with the compute and database lines at their reserved price where the table has one. */
  readonly reservedMonthlyUsd: number;
  /** Priced compute and database lines at a reserved price. */
  readonly reservedPricedCount: number;
  /** Priced compute and database lines without a checked reserved price: in the reserved total at their on-demand price. */
  readonly reservedAtOnDemandCount: number;
  readonly referenceReservedMonthlyUsd: typeof REFERENCE_RESERVED_MONTHLY_COST_USD;
  readonly withinReferenceReservedRange: boolean;
  /** On-demand, with every Auto Scaling group at MaxSize and every Aurora reader scaler at MaxCapacity. */
  readonly ceilingMonthlyUsd: number;
  /** What each scaler adds at its maximum. */
  readonly ceiling: CeilingLine[];
  /** Resources that cost nothing by themselves (IAM roles, security groups, subnets, ...), counted by type. */
  readonly freeResources: Array<{ readonly resourceType: string; readonly count: number }>;
  readonly notes: string[];
  /** What a reviewer must see before the figures (the report prints them at its top): 'prices-region'. */
  readonly warnings: Array<{ readonly id: string; readonly message: string }>;
}

/** Estimates the monthly cost of every resource of the template, line by line, in the template's region. */
export function buildCost(model: TemplateModel, options: CostOptions = {}): CostReport {
  const pricing = pricingRegion(model);
  const book = options.priceBook ?? pricing.book;
  const ledger = priceResources(model, new Ledger(book));
  const lines = ledger.lines;
  const priced = lines.filter((line) => line.status === 'PRICED');
  const total = round2(priced.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0));
  const reservable = priced.filter((line) => line.reservable);
  const reservedPriced = reservable.filter((line) => line.reservedMonthlyUsd !== undefined).length;
  const reserved = round2(priced.reduce((sum, line) => sum + (line.reservedMonthlyUsd ?? line.monthlyUsd ?? 0), 0));
  const ceiling = buildCeiling(model, ledger, lines);
  const ceilingTotal = round2(total + ceiling.reduce((sum, line) => sum + (line.extraMonthlyUsd ?? 0), 0));
  const warning = options.priceBook ? undefined : pricingRegionWarning(pricing);
  return {
    region: book.region,
    templateRegion: pricing.templateRegion,
    regionFrom: pricing.from,
    regionFallback: options.priceBook ? false : pricing.fallback,
    priceTableDate: book.date,
    priceTableSource: book.source,
    hoursPerMonth: HOURS_PER_MONTH,
    lines,
    totalMonthlyUsd: total,
    unpricedCount: lines.filter((line) => line.status === 'NO_PRICE').length,
    referenceMonthlyUsd: REFERENCE_MONTHLY_COST_USD,
    withinReferenceRange: within(total, REFERENCE_MONTHLY_COST_USD),
    reservedTerm: RESERVED_TERM,
    reservedMonthlyUsd: reserved,
    reservedPricedCount: reservedPriced,
    reservedAtOnDemandCount: reservable.length - reservedPriced,
    referenceReservedMonthlyUsd: REFERENCE_RESERVED_MONTHLY_COST_USD,
    withinReferenceReservedRange: within(reserved, REFERENCE_RESERVED_MONTHLY_COST_USD),
    ceilingMonthlyUsd: ceilingTotal,
    ceiling,
    freeResources: [...ledger.free.entries()]
      .map(([resourceType, count]) => ({ resourceType, count }))
      .sort((a, b) => a.resourceType.localeCompare(b.resourceType)),
    notes: costNotes(book, reservable.length, reservedPriced),
    warnings: warning ? [{ id: 'prices-region', message: warning }] : [],
  };
}

/** Prices every resource of the template into the ledger. */
function priceResources(model: TemplateModel, ledger: Ledger): Ledger {
  for (const [id, resource] of Object.entries(model.template.Resources)) {
    const type = resource.Type;
    const p = propsOf(resource);
    const handled = priceServersAndStores(ledger, model, id, type, p) || priceNetwork(ledger, model, id, type, p) ||
      priceOperations(ledger, id, type, p);
    if (handled) {
      continue;
    }
    if (FREE_TYPES.has(type)) {
      ledger.freeOfCharge(type);
    } else if (USAGE_TYPES[type]) {
      ledger.usage(id, type, USAGE_TYPES[type]);
    } else {
      ledger.unpriced(id, type, type.split('::').slice(1).join(' '), `no price in the table for ${type}`);
    }
  }
  return ledger;
}

function costNotes(book: PriceBook, reservable: number, reservedPriced: number): string[] {
  return [
    `Prices: ${book.region} on-demand list prices read ${book.date}, ${HOURS_PER_MONTH} hours a month.`,
    `Reserved: ${RESERVED_TERM} reservations (EC2, RDS and Aurora, ElastiCache and OpenSearch reserved instances) on the ` +
      `compute and database lines; ${reservedPriced} of those ${reservable} priced lines have a checked reserved price in ` +
      `the ${book.region} table, the other ${reservable - reservedPriced} are in the reserved total at their on-demand price.`,
    'Ceiling: the on-demand total with every Auto Scaling group at its MaxSize and every Aurora reader scaler at its ' +
      'MaxCapacity all month.',
    'Not included: data transfer, NAT and endpoint data processing, requests, log volume, backups beyond the free allowance, ' +
      'S3 storage, support plans, taxes.',
  ];
}

function within(value: number, range: { readonly low: number; readonly high: number }): boolean {
  return value >= range.low && value <= range.high;
}
