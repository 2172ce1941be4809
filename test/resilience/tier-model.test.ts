import { CfnParameter, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { DatabaseTopology, DnsRouting, MultiAzHaPlatform } from '../../lib';
import { PlatformModel, TemplateModel } from '../../lib/report/model';
import { computeRecovery } from '../../lib/report/recovery';
import { CfnTemplate, readPlatform } from '../../lib/report/template-model';
import { buildZoneLoss } from '../../lib/report/zone-loss';
import { modelOfTiers } from '../../lib/resilience/tier-model';
import { broughtVpcWithOneNatGateway, customisedProps, newStack, once, PlatformOverrides } from '../support/fixtures';

const OFF = { enabled: false };

/** Settings known at deploy time only: the template holds a parameter, which the report reads as unknown. */
function deployTimeSettings(stack: Stack): PlatformOverrides {
  const number = (name: string) => new CfnParameter(stack, name, { type: 'Number' }).valueAsNumber;
  const text = (name: string) => new CfnParameter(stack, name, { type: 'String' }).valueAsString;
  return {
    observability: OFF,
    dns: { healthCheckInterval: Duration.seconds(number('Interval')), healthCheckFailureThreshold: number('Threshold') },
    appTier: { instancesPerZone: [number('App1'), number('App2')], maxInstancesPerZone: [number('AppMax1'), number('AppMax2')] },
    workers: { instancesPerZone: [number('Workers1'), number('Workers2')], maxInstancesPerZone: [6, 6], rootVolumeSizeGiB: number('RootVolume') },
    database: { backupRetentionDays: number('Backups'), instanceType: text('DatabaseType'), readerMinReplicas: number('Readers') },
    cache: { nodeType: text('CacheType') },
    search: { dataNodes: number('DataNodes'), volumeSizeGiB: number('Volume'), dataNodeType: text('DataNodeType') },
    messaging: { hostInstanceType: text('BrokerType') },
  };
}

type Variant = [string, (hostedZone: route53.IHostedZone, stack: Stack) => PlatformOverrides, StackProps?];

/**
 * Platforms that between them set every option the model reads: each is built once, and the model built from its
 * tiers must be the model the report reads from its template.
 */
const VARIANTS: Variant[] = [
  ['the default platform', () => ({})],
  ['an environment-agnostic stack (GetAZs zones)', () => ({ observability: OFF }), {}],
  ['every tier customised (Multi-AZ DB instance, active-active DNS, named zones)', (zone) => customisedProps(zone)],
  ['no quorum zone (search over two zones), one NAT gateway, RabbitMQ 3.13, storage off', () => ({
    observability: OFF,
    network: { quorumZoneEnabled: false, natGateways: 1 },
    messaging: { engineVersion: '3.13' },
    storage: OFF,
  })],
  ['Aurora on another type with autoscaled readers, active-active DNS with automatic evacuation, no workers or cache, ' +
    'zones given in reverse order', () => ({
    observability: OFF,
    network: { availabilityZones: ['eu-west-1c', 'eu-west-1b'] },
    database: { topology: DatabaseTopology.AURORA, instanceType: 'db.r7g.xlarge', readerMinReplicas: 2, readerMaxReplicas: 4 },
    dns: { routing: DnsRouting.ACTIVE_ACTIVE, healthCheckInterval: Duration.seconds(30), autoEvacuation: { enabled: true, minutes: 5 } },
    workers: OFF,
    cache: OFF,
    search: { masterNodes: 5, dataNodes: 6, multiAzWithStandby: false },
  })],
  ['no data stores at all', () => ({ observability: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, workers: OFF })],
  ['settings known at deploy time only (parameters)', (_zone, stack) => deployTimeSettings(stack)],
];

/** The NAT gateways of a VPC the platform did not make are not a tier setting: only the report sees them. */
const BROUGHT_VPC: Variant = ['a VPC of the stack, brought', (_zone, stack) => ({
  observability: OFF,
  network: { vpc: broughtVpcWithOneNatGateway(stack) },
})];

function models([name, overrides, stackProps]: Variant) {
  return [name, once(() => {
    const { stack, hostedZone } = newStack(stackProps);
    const props = overrides(hostedZone, stack);
    const platform = new MultiAzHaPlatform(stack, 'Platform', { ...props, dns: { hostedZone, recordName: 'app', ...props.dns } });
    const fromTiers = modelOfTiers(platform);
    const fromTemplate = readPlatform(Template.fromStack(stack).toJSON() as CfnTemplate);
    return { fromTiers, fromTemplate };
  })] as const;
}

const built = VARIANTS.map(models);
const brought = models(BROUGHT_VPC);

const FAMILIES: Array<keyof PlatformModel> = [
  'zones', 'placeholderZones', 'subnets', 'natGateways', 'egress', 'serverGroups', 'loadBalancers', 'targetGroups',
  'databases', 'caches', 'searchDomains', 'brokers', 'healthChecks', 'dnsRecords', 'detectorWindowSeconds', 'objectStorage',
];

describe.each(FAMILIES)('the tier model\'s %s', (family) => {
  test.each(built)('are the template\'s: %s', (_name, variant) => {
    const { fromTiers, fromTemplate } = variant();
    expect(fromTiers[family]).toEqual(fromTemplate[family]);
  });

  // The brought VPC's one NAT gateway, and its three private subnets that leave through it.
  const inTemplateOnly: Partial<Record<keyof PlatformModel, number>> = { natGateways: 1, egress: 3 };
  test(`are the template's in a brought VPC${family in inTemplateOnly ? ', which alone has its NAT gateways' : ''}`, () => {
    const { fromTiers, fromTemplate } = brought[1]();
    if (family in inTemplateOnly) {
      expect([fromTiers[family], (fromTemplate[family] as unknown[]).length]).toEqual([[], inTemplateOnly[family]]);
    } else {
      expect(fromTiers[family]).toEqual(fromTemplate[family]);
    }
  });
});

describe('the recovery computed from the tier model', () => {
  test.each(built)('is the report\'s: %s', (_name, variant) => {
    const { fromTiers, fromTemplate } = variant();
    const { template: _template, ...fromTemplateModel } = fromTemplate as TemplateModel;
    expect(fromTiers).toEqual(fromTemplateModel);
    expect(buildZoneLoss(fromTiers, computeRecovery(fromTiers))).toEqual(buildZoneLoss(fromTemplate, computeRecovery(fromTemplate)));
  });
});
