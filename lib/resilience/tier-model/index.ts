/**
 * The platform's model built from its tiers' settings (their readonly properties), for the synth-time resilience
 * check: the model the report reads from the template (report/template-model.ts), so that both compute the same
 * recovery. One builder per family, as the report has one reader per family. In a VPC the platform makes the two
 * models are equal (test/resilience/tier-model.test.ts). What differs: escape hatches, and the NAT gateways of a brought
 * VPC, are not tier settings (only the report sees them); the tiers know the zones of imported subnets, which the
 * template does not hold.
 */
import { Stack } from 'aws-cdk-lib';
import { newTierContext } from './context';
import { dnsOfTiers } from './dns';
import { networkOfTiers } from './network';
import { brokersOfTier, searchDomainsOfTier } from './quorum-tiers';
import { serversOfTiers } from './servers';
import { cachesOfTier, databasesOfTier } from './stores';
import { PlatformTiers } from './tiers';
import { PlatformModel } from '../../report/model';
import { classifyZones, hasPlaceholderZones } from '../../report/read-network';

export type { PlatformTiers } from './tiers';

/** The model of the platform whose tiers these are, from their settings. */
export function modelOfTiers(tiers: PlatformTiers): PlatformModel {
  const ctx = newTierContext(Stack.of(tiers.network));
  const network = networkOfTiers(ctx, tiers);
  const servers = serversOfTiers(ctx, tiers);
  const databases = databasesOfTier(ctx, tiers);
  const caches = cachesOfTier(ctx, tiers);
  const searchDomains = searchDomainsOfTier(ctx, tiers);
  const brokers = brokersOfTier(ctx, tiers);
  const { healthChecks, dnsRecords, detectorWindowSeconds } = dnsOfTiers(ctx, tiers);
  const zones = classifyZones(ctx.zoneKeys, { ...network, ...servers });
  return {
    kind: 'PlatformModel',
    zones,
    placeholderZones: hasPlaceholderZones(zones),
    subnets: network.subnets,
    serverGroups: servers.serverGroups,
    databases,
    caches,
    searchDomains,
    brokers,
    loadBalancers: servers.loadBalancers,
    targetGroups: servers.targetGroups,
    healthChecks,
    dnsRecords,
    natGateways: network.natGateways,
    egress: network.egress,
    detectorWindowSeconds,
    // The storage tier's bucket, or the load balancers' access logs bucket: the platform has one either way.
    objectStorage: tiers.storage !== undefined || tiers.appTier.accessLogsBucket !== undefined,
  };
}
