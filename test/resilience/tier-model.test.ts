import { Duration, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatabaseTopology, DnsRouting, MultiAzHaPlatform } from '../../lib';
import { PlatformModel, TemplateModel } from '../../lib/report/model';
import { computeRecovery } from '../../lib/report/recovery';
import { readPlatform } from '../../lib/report/template-model';
import { buildZoneLoss } from '../../lib/report/zone-loss';
import { modelOfTiers } from '../../lib/resilience/tier-model';
import { customisedProps, newStack, once, PlatformOverrides } from '../support/fixtures';

const OFF = { enabled: false };

/**
 * Platforms that between them set every option the model reads: each is built once, and the model built from its
 * tiers must be the model the report reads from its template.
 */
const VARIANTS: Array<[string, (hostedZone: any) => PlatformOverrides, StackProps?]> = [
  ['the default platform', () => ({})],
  ['an environment-agnostic stack (GetAZs zones)', () => ({ observability: OFF }), {}],
  ['every tier customised (Multi-AZ DB instance, active-active DNS, named zones)', (zone) => customisedProps(zone)],
  ['no quorum zone, one NAT gateway, RabbitMQ 3.13, search and storage off', () => ({
    observability: OFF,
    network: { quorumZoneEnabled: false, natGateways: 1 },
    messaging: { engineVersion: '3.13' },
    search: OFF,
    storage: OFF,
  })],
  ['Aurora with autoscaled readers, active-active DNS with automatic evacuation, no workers or cache', () => ({
    observability: OFF,
    database: { topology: DatabaseTopology.AURORA, readerMinReplicas: 2, readerMaxReplicas: 4 },
    dns: { routing: DnsRouting.ACTIVE_ACTIVE, healthCheckInterval: Duration.seconds(30), autoEvacuation: { enabled: true, minutes: 5 } },
    workers: OFF,
    cache: OFF,
    search: { masterNodes: 5, dataNodes: 6, multiAzWithStandby: false },
  })],
  ['no data stores at all', () => ({ observability: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, workers: OFF })],
];

const built = VARIANTS.map(([name, overrides, stackProps]) => [name, once(() => {
  const { stack, hostedZone } = newStack(stackProps);
  const props = overrides(hostedZone);
  const platform = new MultiAzHaPlatform(stack, 'Platform', { ...props, dns: { hostedZone, recordName: 'app', ...props.dns } } as any);
  const fromTiers = modelOfTiers(platform);
  const fromTemplate = readPlatform(Template.fromStack(stack).toJSON() as any);
  return { fromTiers, fromTemplate };
})] as const);

const FAMILIES: Array<keyof PlatformModel> = [
  'zones', 'placeholderZones', 'subnets', 'natGateways', 'egress', 'serverGroups', 'loadBalancers', 'targetGroups',
  'databases', 'caches', 'searchDomains', 'brokers', 'healthChecks', 'dnsRecords', 'detectorWindowSeconds', 'objectStorage',
];

describe.each(FAMILIES)('the tier model\'s %s', (family) => {
  test.each(built)('are the template\'s: %s', (_name, models) => {
    const { fromTiers, fromTemplate } = models();
    expect(fromTiers[family]).toEqual(fromTemplate[family]);
  });
});

describe('the recovery computed from the tier model', () => {
  test.each(built)('is the report\'s: %s', (_name, models) => {
    const { fromTiers, fromTemplate } = models();
    const { template: _template, ...fromTemplateModel } = fromTemplate as TemplateModel;
    expect(fromTiers).toEqual(fromTemplateModel);
    expect(buildZoneLoss(fromTiers, computeRecovery(fromTiers))).toEqual(buildZoneLoss(fromTemplate, computeRecovery(fromTemplate)));
  });
});
