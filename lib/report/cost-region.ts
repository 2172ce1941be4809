import { FALLBACK_REGION, PRICED_REGIONS, priceBookFor, PriceBook } from './prices';
import { readPlatformMetadata } from './read-metadata';
import { TemplateModel } from './template-model';

/**
 * Where the report learnt the template's region: the platform's template metadata (`MultiAzHaPlatform.region`,
 * written when the stack's region is known at synth), the concrete zone names of the template (eu-west-1a ->
 * eu-west-1), or nowhere.
 */
export type RegionFrom = 'metadata' | 'zones' | 'unknown';

/** The region the estimate is priced in, and why. */
export interface PricingRegion {
  /** The template's region, when known. */
  readonly templateRegion?: string;
  readonly from: RegionFrom;
  /** The price book used: the template's region's, or us-east-1's when it has none or the region is unknown. */
  readonly book: PriceBook;
  /** True when the prices are not those of the template's region (unknown, or a region without a table). */
  readonly fallback: boolean;
}

/** Chooses the price book of a template: its region's when the report has one, else us-east-1's. */
export function pricingRegion(model: TemplateModel): PricingRegion {
  // buildReport has checked the entry (a malformed one is an input error before the cost is built).
  const fromMetadata = readPlatformMetadata(model.template).region;
  const fromZones = fromMetadata ? undefined : zonesRegion(model);
  const templateRegion = fromMetadata ?? fromZones;
  const book = templateRegion ? priceBookFor(templateRegion) : undefined;
  return {
    templateRegion,
    from: fromMetadata ? 'metadata' : fromZones ? 'zones' : 'unknown',
    book: book ?? priceBookFor(FALLBACK_REGION)!,
    fallback: book === undefined,
  };
}

/** The warning printed at the top of the report when the prices are not the template's region's; undefined otherwise. */
export function pricingRegionWarning(pricing: PricingRegion): string | undefined {
  if (!pricing.fallback) {
    return undefined;
  }
  const why = pricing.templateRegion
    ? `the template's region, ${pricing.templateRegion} (from its ${pricing.from === 'metadata' ? 'platform metadata' : 'zone names'}), ` +
      `has no price table in the report (it has ${PRICED_REGIONS.join(', ')})`
    : 'the template does not say its region (no `MultiAzHaPlatform.region` metadata and no concrete zone names: an ' +
      'environment-agnostic stack)';
  return `The cost estimate uses ${FALLBACK_REGION} prices: ${why}. Prices differ between regions, so the figures of ` +
    'section 2 are those of the same platform in us-east-1. Synthesize the stack with its account and region ' +
    '(`env`) to have it priced in its own region.';
}

/** The region of the template's concrete zone names, when they all name the same one. */
function zonesRegion(model: TemplateModel): string | undefined {
  const regions = new Set<string>();
  for (const zone of model.zones) {
    const region = /^([a-z]{2}(-[a-z]+)+-\d+)[a-z]$/.exec(zone.key)?.[1];
    if (!region) {
      return undefined;
    }
    regions.add(region);
  }
  return regions.size === 1 ? [...regions][0] : undefined;
}
