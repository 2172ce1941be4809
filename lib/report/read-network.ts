/**
 * The network side of the model: subnets and what their route tables make of them, NAT gateways and the
 * egress they give, and the zones of the template with their roles (serving zones, quorum zone).
 */
import {
  EgressModel, LoadBalancerModel, NatGatewayModel, PlatformModel, ServerGroupModel, SubnetKind, SubnetModel, UNPLACED, ZoneInfo,
} from './model';
import { ReadContext } from './read-context';
import { compareZoneKeys, isObject, propsOf, refOf, str } from './template-values';
import { isPlaceholderZone } from '../private/placeholder-zones';

/** The network resources of a template. */
export interface NetworkModel {
  readonly subnets: SubnetModel[];
  readonly natGateways: NatGatewayModel[];
  readonly egress: EgressModel[];
}


/** Default-route targets that leave the VPC without being an internet gateway: the subnet is private. */
const EGRESS_TARGETS = ['NatGatewayId', 'TransitGatewayId', 'InstanceId', 'NetworkInterfaceId', 'VpcPeeringConnectionId',
  'EgressOnlyInternetGatewayId', 'CarrierGatewayId', 'VpcEndpointId'];

/** Reads subnets (with their kind), NAT gateways, and which subnets leave the VPC through which NAT gateway. */
export function readNetwork(ctx: ReadContext): NetworkModel {
  const routes = ctx.ofType('AWS::EC2::Route').map(([, route]) => propsOf(route))
    .filter((p) => str(p.DestinationCidrBlock) === '0.0.0.0/0' || str(p.DestinationIpv6CidrBlock) === '::/0');
  const tableOf = new Map<string, string>();
  for (const [, association] of ctx.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = refOf(propsOf(association).SubnetId);
    const table = refOf(propsOf(association).RouteTableId);
    if (subnet && table) {
      tableOf.set(subnet, table);
    }
  }

  const kindOfTable = (table: string | undefined): SubnetKind | undefined => {
    const defaults = routes.filter((p) => table !== undefined && refOf(p.RouteTableId) === table);
    if (defaults.some((p) => isInternetGateway(ctx, p.GatewayId))) {
      return 'public';
    }
    return defaults.some((p) => EGRESS_TARGETS.some((key) => p[key] !== undefined)) ? 'private' : undefined;
  };
  const subnets: SubnetModel[] = ctx.ofType('AWS::EC2::Subnet').map(([id, subnet]) => {
    const table = tableOf.get(id);
    // Without an association the subnet uses the VPC's main route table, which a template cannot route out of.
    const kind = kindOfTable(table) ?? (table === undefined ? taggedKind(propsOf(subnet)) : undefined) ?? 'isolated';
    return { logicalId: id, zone: ctx.subnetZone(id) ?? UNPLACED, kind };
  });

  const natGateways: NatGatewayModel[] = ctx.ofType('AWS::EC2::NatGateway').map(([id, nat]) => {
    const subnet = refOf(propsOf(nat).SubnetId);
    return { logicalId: id, zone: (subnet && ctx.subnetZone(subnet)) ?? UNPLACED };
  });
  const natIds = new Set(natGateways.map((nat) => nat.logicalId));
  const tableNat = new Map<string, string>();
  for (const p of routes) {
    const nat = refOf(p.NatGatewayId);
    const table = refOf(p.RouteTableId);
    if (nat && table && natIds.has(nat)) {
      tableNat.set(table, nat);
    }
  }
  const egress: EgressModel[] = [...tableOf.entries()].flatMap(([subnet, table]) => {
    const nat = tableNat.get(table);
    return nat ? [{ subnetId: subnet, zone: ctx.subnetZone(subnet) ?? UNPLACED, natGatewayId: nat }] : [];
  });
  return { subnets, natGateways, egress };
}

/** What the template holds in each zone, for {@link classifyZones}. */
export interface ZoneFacts {
  readonly subnets: SubnetModel[];
  readonly serverGroups: ServerGroupModel[];
  readonly loadBalancers: LoadBalancerModel[];
  readonly natGateways: NatGatewayModel[];
}

/**
 * Names the zones. A zone is the quorum zone when it has subnets, all of them isolated, and nothing that serves
 * (no server group, load balancer node or NAT gateway), while another zone serves. The other zones are the serving
 * zones: zone 1, zone 2, ... in `order` (the platform's zone order, zone 1 first, from its template metadata), then any
 * zone it leaves out in the order of their names (or GetAZs indexes); the quorum zone comes after them.
 */
function classifyZones(keys: Iterable<string>, facts: ZoneFacts, order: readonly string[]): ZoneInfo[] {
  const serves = (zone: string) =>
    facts.subnets.some((s) => s.zone === zone && s.kind !== 'isolated') ||
    facts.serverGroups.some((group) => group.zones.includes(zone)) ||
    facts.loadBalancers.some((lb) => lb.zones.includes(zone)) ||
    facts.natGateways.some((nat) => nat.zone === zone);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const sorted = [...new Set(keys)].filter((key) => key !== UNPLACED).sort((a, b) => rank(a) - rank(b) || compareZoneKeys(a, b));
  const serving = sorted.filter(serves);
  const quorum = serving.length === 0 ? []
    : sorted.filter((zone) => !serves(zone) && facts.subnets.some((s) => s.zone === zone));
  const rest = sorted.filter((zone) => !quorum.includes(zone));
  const zones: ZoneInfo[] = rest.map((key, i) => ({ key, name: `zone ${i + 1}`, index: i + 1, role: 'serving', id: `zone-${i + 1}` }));
  quorum.forEach((key, i) => {
    const suffix = quorum.length > 1 ? ` ${i + 1}` : '';
    zones.push({ key, name: `quorum zone${suffix}`, index: zones.length + 1, role: 'quorum', id: `quorum-zone${suffix.replace(' ', '-')}` });
  });
  return zones;
}

/** The resources of each family, as a reader (of the template, or of the tiers) finds them: the model but its zones. */
export type ModelFamilies = Omit<PlatformModel, 'kind' | 'zones' | 'placeholderZones'>;

/**
 * The model of the families, once every reader has recorded the zones it met: the zones named, knowing what each holds.
 * `zoneOrder` is the platform's order of its zones as the reader knows it (zone 1 first); zones it leaves out go by name.
 */
export function modelOfFamilies(zoneKeys: Iterable<string>, families: ModelFamilies, zoneOrder: readonly string[] = []): PlatformModel {
  const zones = classifyZones(zoneKeys, families, zoneOrder);
  return { kind: 'PlatformModel', zones, placeholderZones: hasPlaceholderZones(zones), ...families };
}

/** True when the template's zones are aws-cdk-lib's offline placeholders (dummy1a, dummy1b, dummy1c). */
function hasPlaceholderZones(zones: ZoneInfo[]): boolean {
  return zones.some((zone) => isPlaceholderZone(zone.key));
}

function isInternetGateway(ctx: ReadContext, value: unknown): boolean {
  const ref = refOf(value);
  if (ref) {
    return ctx.resources[ref]?.Type === 'AWS::EC2::InternetGateway';
  }
  return /^igw-/.test(str(value) ?? '');
}

/** The kind aws-cdk-lib tags its subnets with (`aws-cdk:subnet-type`), or a public IP on launch. */
function taggedKind(p: Record<string, any>): SubnetKind | undefined {
  const tag = (Array.isArray(p.Tags) ? p.Tags : []).find((t: unknown) => isObject(t) && t.Key === 'aws-cdk:subnet-type');
  const value = str(tag?.Value)?.toLowerCase();
  if (value === 'public' || value === 'private' || value === 'isolated') {
    return value;
  }
  return p.MapPublicIpOnLaunch === true || p.MapPublicIpOnLaunch === 'true' ? 'public' : undefined;
}
