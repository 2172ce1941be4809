/**
 * The platform's model built from its tiers' settings (their readonly properties), for the synth-time resilience
 * check: the model the report reads from the template (report/template-model.ts), so that both compute the same
 * recovery. One builder per family, as the report has one reader per family. In a VPC the platform makes the two
 * models are equal (test/resilience/tier-model.test.ts). What differs: escape hatches, and the NAT gateways of a brought
 * VPC, are not tier settings (only the report sees them); the tiers know the zones of imported subnets, which the
 * template does not hold. Both number the serving zones in the platform's order (`network.availabilityZones`): the
 * tiers from the network tier, the report from the template's metadata, which the platform writes.
 */
import { Stack } from 'aws-cdk-lib';
import { newTierContext } from './context';
import { dnsOfTiers } from './dns';
import { networkOfTiers } from './network';
import { searchAndBrokersOfTiers } from './quorum-tiers';
import { serversOfTiers } from './servers';
import { storesOfTiers } from './stores';
import { PlatformTiers } from './tiers';
import { PlatformModel } from '../../report/model';
import { modelOfFamilies } from '../../report/read-network';
import { servingZoneKeys } from '../platform-metadata';

export type { PlatformTiers } from './tiers';

/** The model of the platform whose tiers these are, from their settings. */
export function modelOfTiers(tiers: PlatformTiers): PlatformModel {
  const ctx = newTierContext(Stack.of(tiers.network));
  // Zone 1 is the platform's first zone, whatever its name sorts as (the report reads the same order from the
  // template's metadata).
  const zoneOrder = servingZoneKeys(ctx.stack, tiers.network.availabilityZones) ?? [];
  return modelOfFamilies(ctx.zoneKeys, {
    ...networkOfTiers(ctx, tiers),
    ...serversOfTiers(ctx, tiers),
    ...storesOfTiers(ctx, tiers),
    ...searchAndBrokersOfTiers(ctx, tiers),
    ...dnsOfTiers(ctx, tiers),
    // The load balancers' access logs bucket at least (the storage tier's too, when on), as the report finds.
    objectStorage: true,
  }, zoneOrder);
}
