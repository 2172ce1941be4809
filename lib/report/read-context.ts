import { UNPLACED } from './model';
import { azKey, CfnResource, list, propsOf, refOf, unique } from './template-values';

/** What every reader of the template shares: its resources, and the zones it has seen so far. */
export interface ReadContext {
  readonly resources: Record<string, CfnResource>;
  /** Every zone key read so far (through {@link ReadContext.zoneOf} or a subnet). */
  readonly zoneKeys: ReadonlySet<string>;
  /** The resources of the given types, as [logical ID, resource]. */
  ofType(...types: string[]): Array<[string, CfnResource]>;
  /** Zone key of an AZ value (a literal or `Fn::Select` over `Fn::GetAZs`), recorded as a zone of the template. */
  zoneOf(value: unknown): string | undefined;
  /** The zone of a subnet of the template. */
  subnetZone(logicalId: string): string | undefined;
  /** Zones of a list of subnet references, without duplicates ({@link UNPLACED} for subnets the template does not place). */
  zonesOfSubnets(value: unknown): string[];
}

/** Starts reading a template: its subnets' zones are known from here on. */
export function newReadContext(resources: Record<string, CfnResource>): ReadContext {
  const zoneKeys = new Set<string>();
  const ofType = (...types: string[]) => Object.entries(resources).filter(([, resource]) => types.includes(resource.Type));
  const zoneOf = (value: unknown): string | undefined => {
    const key = azKey(value);
    if (key) {
      zoneKeys.add(key);
    }
    return key;
  };
  const subnetZones = new Map<string, string>();
  for (const [id, subnet] of ofType('AWS::EC2::Subnet')) {
    const key = zoneOf(propsOf(subnet).AvailabilityZone);
    if (key) {
      subnetZones.set(id, key);
    }
  }
  return {
    resources,
    zoneKeys,
    ofType,
    zoneOf,
    subnetZone: (id) => subnetZones.get(id),
    zonesOfSubnets: (value) => unique(list(value).map((subnet) => {
      const id = refOf(subnet);
      return (id && subnetZones.get(id)) ?? UNPLACED;
    })),
  };
}
