/**
 * Reads a synthesized CloudFormation template into the model the report works on: the zones, and the
 * resources of each tier with the settings that decide capacity, cost and recovery.
 *
 * It reads what will deploy (the template, escape hatches included), never the construct's props. Values it
 * cannot resolve offline (parameters, imports, tokens) are left undefined and the report says so.
 */

/** The input is not a CloudFormation template the report can read. Its message is one line, for the CLI. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
    Object.setPrototypeOf(this, ReportInputError.prototype);
  }
}

/** One resource of a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A CloudFormation template (only what the report reads). */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly [key: string]: unknown;
}

/** Parses the text of a template file. Throws {@link ReportInputError} with a one-line message. */
export function parseTemplateText(text: string, source = 'the input'): CfnTemplate {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ReportInputError(`${source} is not valid JSON (${detail.split('\n')[0]})`);
  }
  return parseTemplate(json, source);
}

/** Checks a parsed JSON value is a CloudFormation template. Throws {@link ReportInputError} when it is not. */
export function parseTemplate(json: unknown, source = 'the input'): CfnTemplate {
  if (!isObject(json)) {
    const kind = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`;
    throw new ReportInputError(`${source} is not a CloudFormation template: expected a JSON object with "Resources", got ${kind}`);
  }
  if (!('Resources' in json)) {
    const keys = Object.keys(json).slice(0, 5).map((key) => `"${key}"`).join(', ');
    throw new ReportInputError(`${source} is not a CloudFormation template: it has no "Resources" section` +
      (keys ? ` (top-level keys: ${keys})` : ' (it is an empty object)'));
  }
  const resources = json.Resources;
  if (!isObject(resources)) {
    throw new ReportInputError(`${source} is not a CloudFormation template: "Resources" must be an object`);
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string' || resource.Type === '') {
      throw new ReportInputError(`${source} is not a valid CloudFormation template: resource "${logicalId}" has no "Type"`);
    }
    if (resource.Properties !== undefined && !isObject(resource.Properties)) {
      throw new ReportInputError(`${source} is not a valid CloudFormation template: "Properties" of "${logicalId}" must be an object`);
    }
  }
  return json as unknown as CfnTemplate;
}

// ---------------------------------------------------------------------------------------------------------
// Reading values
// ---------------------------------------------------------------------------------------------------------

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A literal number (or numeric string, as CloudFormation often spells numbers); undefined for intrinsics. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

/** A literal string; undefined for intrinsics and unresolved tokens. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${Token[') ? value : undefined;
}

/** A literal boolean (or "true"/"false"); undefined otherwise. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return undefined;
}

/** The logical ID of `{ Ref: id }`. */
export function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.Ref === 'string' ? value.Ref : undefined;
}

/** Every logical ID referenced (Ref or Fn::GetAtt) anywhere inside a value. */
export function refsIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (isObject(node)) {
      if (typeof node.Ref === 'string') {
        found.push(node.Ref);
      }
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
        found.push(getAtt[0]);
      } else if (typeof getAtt === 'string') {
        found.push(getAtt.split('.')[0]);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return [...new Set(found)];
}

/** A list value (an array), or [] for anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// ---------------------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------------------

/** Key of resources the template does not place in a known zone. */
export const UNPLACED = 'unplaced';

/** An Availability Zone the template uses. */
export interface ZoneInfo {
  /** Stable key: the literal zone name (`eu-west-1a`) or `GetAZs[<index>]` for `Fn::Select` over `Fn::GetAZs`. */
  readonly key: string;
  /** "zone 1", "zone 2", ... in the order of the zone names (or GetAZs indexes). */
  readonly name: string;
  /** 1-based position. */
  readonly index: number;
}

/** An Auto Scaling group: app servers or workers, pinned to its zones. */
export interface ServerGroupModel {
  readonly logicalId: string;
  /** 'app' behind a load balancer, 'workers' (logical ID says so, or no load balancer), 'servers' otherwise. */
  readonly tier: 'app' | 'workers' | 'servers';
  /** Zone keys of its subnets (or AvailabilityZones). */
  readonly zones: string[];
  /** Instances it keeps running: DesiredCapacity, else MinSize. */
  readonly count?: number;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly instanceType?: string;
  /** Sum of the EBS volumes of its launch template, GiB per instance. */
  readonly volumeGiB: number;
  /** Volume type of its first EBS volume. */
  readonly volumeType?: string;
  /** Target groups it registers with. */
  readonly targetGroupIds: string[];
}

/** One database node (an instance, or the standby of a Multi-AZ DB instance). */
export interface DatabaseNodeModel {
  readonly logicalId: string;
  readonly role: 'primary' | 'standby' | 'primary-or-standby' | 'replica' | 'writer' | 'reader';
  /** Zone key, or {@link UNPLACED}. */
  readonly zone: string;
  readonly instanceClass?: string;
  /** Storage billed for this node, GiB (undefined for Aurora: the cluster volume grows on its own). */
  readonly storageGiB?: number;
}

/** A database: an RDS instance with its standby and read replicas, an Aurora cluster, or a Multi-AZ DB cluster. */
export interface DatabaseModel {
  /** The primary instance or the cluster. */
  readonly logicalId: string;
  readonly kind: 'rds-instance' | 'aurora-cluster' | 'rds-multi-az-cluster';
  readonly engine?: string;
  /** RDS instance: MultiAZ (synchronous standby). Aurora: more than one instance in more than one zone. */
  readonly multiAz: boolean;
  readonly nodes: DatabaseNodeModel[];
  /** Logical IDs of the RDS read replicas of the primary. */
  readonly replicaIds: string[];
  /** Zones of its DB subnet group. */
  readonly subnetZones: string[];
  readonly storageType?: string;
  readonly backupRetentionDays?: number;
  /** Aurora: replicas Application Auto Scaling keeps at least (beyond the template's readers). */
  readonly autoScaledReadersMin?: number;
}

/** An ElastiCache replication group (or a single-node cache cluster). */
export interface CacheModel {
  readonly logicalId: string;
  readonly kind: 'replication-group' | 'cache-cluster';
  /** 'valkey', 'redis' or 'memcached'. */
  readonly engine?: string;
  readonly nodeType?: string;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly automaticFailover: boolean;
  readonly multiAz: boolean;
  readonly nodes: Array<{ readonly role: 'primary' | 'replica'; readonly zone: string }>;
}

/** An OpenSearch Service (or Elasticsearch) domain. */
export interface SearchModel {
  readonly logicalId: string;
  readonly dataNodes: number;
  readonly dataNodeType?: string;
  readonly masterNodes: number;
  readonly masterNodeType?: string;
  readonly zoneAwareness: boolean;
  readonly availabilityZoneCount: number;
  readonly multiAzWithStandby: boolean;
  /** EBS volume of each data node, GiB. */
  readonly volumeGiB: number;
  readonly volumeType?: string;
  /** Zones of its VPC subnets. */
  readonly zones: string[];
}

/** An Amazon MQ broker. */
export interface BrokerModel {
  readonly logicalId: string;
  readonly engine?: string;
  readonly deploymentMode?: string;
  readonly hostInstanceType?: string;
  /** 1 (single instance), 2 (active/standby) or 3 (RabbitMQ cluster). */
  readonly nodes: number;
  readonly zones: string[];
}

/** A load balancer. */
export interface LoadBalancerModel {
  readonly logicalId: string;
  readonly type: string;
  readonly scheme: string;
  /** Zones of its subnets: the zones it has a node in. */
  readonly zones: string[];
  readonly targetGroupIds: string[];
  /** Zones of the server groups registered with its target groups: the zones whose servers it sends traffic to. */
  readonly targetZones: string[];
}

/** A target group's health check. */
export interface TargetGroupModel {
  readonly logicalId: string;
  readonly intervalSeconds: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
  /** True when the interval or threshold is AWS's default, not set in the template. */
  readonly defaulted: boolean;
}

/** A Route 53 health check. */
export interface HealthCheckModel {
  readonly logicalId: string;
  readonly type?: string;
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly measureLatency: boolean;
  /** Load balancer whose DNS name it checks. */
  readonly targetLoadBalancerId?: string;
}

/** A Route 53 record of the platform's name. */
export interface DnsRecordModel {
  readonly logicalId: string;
  readonly name?: string;
  readonly type?: string;
  readonly routing: 'failover' | 'weighted' | 'latency' | 'geolocation' | 'multivalue' | 'simple';
  readonly failover?: string;
  readonly weight?: number;
  readonly healthCheckId?: string;
  readonly evaluateTargetHealth: boolean;
  /** Load balancer the alias points to. */
  readonly aliasLoadBalancerId?: string;
  readonly alias: boolean;
  /** Seconds resolvers cache the answer: the record's TTL, or 60 for an alias to a load balancer. */
  readonly ttlSeconds?: number;
}

/** A NAT gateway. */
export interface NatGatewayModel {
  readonly logicalId: string;
  readonly zone: string;
}

/** A subnet whose default route leaves through a NAT gateway. */
export interface EgressModel {
  readonly subnetId: string;
  readonly zone: string;
  readonly natGatewayId: string;
}

/** What the report knows about a template. */
export interface PlatformModel {
  readonly kind: 'PlatformModel';
  readonly zones: ZoneInfo[];
  readonly serverGroups: ServerGroupModel[];
  readonly databases: DatabaseModel[];
  readonly caches: CacheModel[];
  readonly searchDomains: SearchModel[];
  readonly brokers: BrokerModel[];
  readonly loadBalancers: LoadBalancerModel[];
  readonly targetGroups: TargetGroupModel[];
  readonly healthChecks: HealthCheckModel[];
  readonly dnsRecords: DnsRecordModel[];
  readonly natGateways: NatGatewayModel[];
  readonly egress: EgressModel[];
  /** The template it was read from. */
  readonly template: CfnTemplate;
}

/** True when the model holds any resource of the platform's tiers. */
export function hasPlatformResources(model: PlatformModel): boolean {
  return model.serverGroups.length + model.databases.length + model.caches.length + model.searchDomains.length +
    model.brokers.length + model.loadBalancers.length + model.dnsRecords.length > 0;
}

/** The zone's display name ("zone 1"), or "no known zone". */
export function zoneName(model: PlatformModel, key: string): string {
  return model.zones.find((zone) => zone.key === key)?.name ?? (key === UNPLACED ? 'no known zone' : key);
}

/** Alias records to Elastic Load Balancing carry the load balancer's fixed 60 s TTL (Route 53 FAQ, "DNS failover"). */
export const ELB_ALIAS_TTL_SECONDS = 60;

/** AWS defaults of an ALB/NLB target group health check (instance or IP targets, HTTP/HTTPS). */
const TARGET_GROUP_DEFAULTS = { intervalSeconds: 30, unhealthyThreshold: 2, healthyThreshold: 5 };

/** Route 53 health check defaults (CloudFormation `HealthCheckConfig`). */
const HEALTH_CHECK_DEFAULTS = { intervalSeconds: 30, failureThreshold: 3 };

/** Reads a template (parsed with {@link parseTemplate}) into the report's model. */
export function readPlatform(template: CfnTemplate): PlatformModel {
  const resources = template.Resources;
  const ofType = (...types: string[]) => Object.entries(resources).filter(([, resource]) => types.includes(resource.Type));
  const props = (resource: CfnResource): Record<string, any> => resource.Properties ?? {};

  // Zones: every AZ value the template spells, ordered by name (or GetAZs index).
  const zoneKeys = new Set<string>();
  const zoneOf = (value: unknown): string | undefined => {
    const key = azKey(value);
    if (key) {
      zoneKeys.add(key);
    }
    return key;
  };
  const subnetZones = new Map<string, string>();
  for (const [id, subnet] of ofType('AWS::EC2::Subnet')) {
    const key = zoneOf(props(subnet).AvailabilityZone);
    if (key) {
      subnetZones.set(id, key);
    }
  }
  const zonesOfSubnets = (value: unknown): string[] => unique(list(value).map((subnet) => {
    const id = refOf(subnet);
    return (id && subnetZones.get(id)) ?? UNPLACED;
  }));

  // Target groups, and which load balancer forwards to which target group (through listeners and rules).
  const targetGroups: TargetGroupModel[] = ofType('AWS::ElasticLoadBalancingV2::TargetGroup').map(([id, tg]) => {
    const p = props(tg);
    const interval = num(p.HealthCheckIntervalSeconds);
    const unhealthy = num(p.UnhealthyThresholdCount);
    return {
      logicalId: id,
      intervalSeconds: interval ?? TARGET_GROUP_DEFAULTS.intervalSeconds,
      unhealthyThreshold: unhealthy ?? TARGET_GROUP_DEFAULTS.unhealthyThreshold,
      healthyThreshold: num(p.HealthyThresholdCount) ?? TARGET_GROUP_DEFAULTS.healthyThreshold,
      defaulted: interval === undefined || unhealthy === undefined,
    };
  });
  const targetGroupIds = new Set(targetGroups.map((tg) => tg.logicalId));
  const listenerLb = new Map<string, string>();
  const lbTargetGroups = new Map<string, Set<string>>();
  const addLbTarget = (lb: string | undefined, actions: unknown) => {
    if (!lb) {
      return;
    }
    const set = lbTargetGroups.get(lb) ?? new Set<string>();
    refsIn(actions).filter((id) => targetGroupIds.has(id)).forEach((id) => set.add(id));
    lbTargetGroups.set(lb, set);
  };
  for (const [id, listener] of ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = refOf(props(listener).LoadBalancerArn);
    if (lb) {
      listenerLb.set(id, lb);
    }
    addLbTarget(lb, props(listener).DefaultActions);
  }
  for (const [, rule] of ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = refOf(props(rule).ListenerArn);
    addLbTarget(listener && listenerLb.get(listener), props(rule).Actions);
  }

  // Server groups.
  const serverGroups: ServerGroupModel[] = ofType('AWS::AutoScaling::AutoScalingGroup').map(([id, asg]) => {
    const p = props(asg);
    const launch = launchSettings(resources, p);
    const tgs = refsIn(p.TargetGroupARNs).filter((tg) => targetGroupIds.has(tg));
    const zones = p.VPCZoneIdentifier !== undefined
      ? zonesOfSubnets(p.VPCZoneIdentifier)
      : unique(list(p.AvailabilityZones).map((az) => zoneOf(az) ?? UNPLACED));
    const minSize = num(p.MinSize);
    const tier: ServerGroupModel['tier'] = /worker/i.test(id) ? 'workers'
      : tgs.length > 0 || list(p.LoadBalancerNames).length > 0 ? 'app'
        : /app|web|server/i.test(id) ? 'app' : 'workers';
    return {
      logicalId: id,
      tier,
      zones: zones.length > 0 ? zones : [UNPLACED],
      count: num(p.DesiredCapacity) ?? minSize,
      minSize,
      maxSize: num(p.MaxSize),
      ...launch,
      targetGroupIds: tgs,
    };
  });

  const loadBalancers: LoadBalancerModel[] = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map(([id, lb]) => {
    const p = props(lb);
    const subnets = p.Subnets !== undefined ? p.Subnets : list(p.SubnetMappings).map((mapping) => isObject(mapping) ? mapping.SubnetId : undefined);
    const tgs = [...(lbTargetGroups.get(id) ?? [])];
    return {
      logicalId: id,
      type: str(p.Type) ?? 'application',
      scheme: str(p.Scheme) ?? 'internet-facing',
      zones: zonesOfSubnets(subnets),
      targetGroupIds: tgs,
      targetZones: unique(serverGroups.filter((group) => group.targetGroupIds.some((tg) => tgs.includes(tg))).flatMap((group) => group.zones)),
    };
  });

  const databases = readDatabases(resources, zoneOf, zonesOfSubnets);
  const caches = readCaches(resources, zoneOf);

  const searchDomains: SearchModel[] = ofType('AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain').map(([id, domain]) => {
    const p = props(domain);
    const cluster = isObject(p.ClusterConfig) ? p.ClusterConfig : isObject(p.ElasticsearchClusterConfig) ? p.ElasticsearchClusterConfig : {};
    const ebs = isObject(p.EBSOptions) ? p.EBSOptions : {};
    const zoneAwareness = bool(cluster.ZoneAwarenessEnabled) ?? false;
    const mastersOn = bool(cluster.DedicatedMasterEnabled) ?? false;
    return {
      logicalId: id,
      dataNodes: num(cluster.InstanceCount) ?? 1,
      dataNodeType: str(cluster.InstanceType),
      masterNodes: mastersOn ? num(cluster.DedicatedMasterCount) ?? 3 : 0,
      masterNodeType: mastersOn ? str(cluster.DedicatedMasterType) : undefined,
      zoneAwareness,
      availabilityZoneCount: zoneAwareness
        ? num(isObject(cluster.ZoneAwarenessConfig) ? cluster.ZoneAwarenessConfig.AvailabilityZoneCount : undefined) ?? 2
        : 1,
      multiAzWithStandby: bool(cluster.MultiAZWithStandbyEnabled) ?? false,
      volumeGiB: bool(ebs.EBSEnabled) === false ? 0 : num(ebs.VolumeSize) ?? 0,
      volumeType: str(ebs.VolumeType),
      zones: zonesOfSubnets(isObject(p.VPCOptions) ? p.VPCOptions.SubnetIds : undefined),
    };
  });

  const brokers: BrokerModel[] = ofType('AWS::AmazonMQ::Broker').map(([id, broker]) => {
    const p = props(broker);
    const mode = str(p.DeploymentMode);
    return {
      logicalId: id,
      engine: str(p.EngineType)?.toUpperCase(),
      deploymentMode: mode,
      hostInstanceType: str(p.HostInstanceType),
      nodes: mode === 'CLUSTER_MULTI_AZ' ? 3 : mode === 'ACTIVE_STANDBY_MULTI_AZ' ? 2 : 1,
      zones: zonesOfSubnets(p.SubnetIds),
    };
  });

  const healthChecks: HealthCheckModel[] = ofType('AWS::Route53::HealthCheck').map(([id, check]) => {
    const config = isObject(props(check).HealthCheckConfig) ? props(check).HealthCheckConfig : {};
    const lb = refsIn(config.FullyQualifiedDomainName).find((ref) => resources[ref]?.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    return {
      logicalId: id,
      type: str(config.Type),
      intervalSeconds: num(config.RequestInterval) ?? HEALTH_CHECK_DEFAULTS.intervalSeconds,
      failureThreshold: num(config.FailureThreshold) ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
      measureLatency: bool(config.MeasureLatency) ?? false,
      targetLoadBalancerId: lb,
    };
  });

  const recordSets: Array<[string, Record<string, any>]> = [
    ...ofType('AWS::Route53::RecordSet').map(([id, record]): [string, Record<string, any>] => [id, props(record)]),
    ...ofType('AWS::Route53::RecordSetGroup').flatMap(([id, group]) =>
      list(props(group).RecordSets).filter(isObject).map((record, i): [string, Record<string, any>] => [`${id}[${i}]`, record])),
  ];
  const dnsRecords: DnsRecordModel[] = recordSets
    .filter(([, p]) => ['A', 'AAAA', 'CNAME'].includes(str(p.Type) ?? ''))
    .map(([id, p]) => {
      const alias = isObject(p.AliasTarget) ? p.AliasTarget : undefined;
      const lb = alias ? refsIn(alias.DNSName).find((ref) => resources[ref]?.Type?.startsWith('AWS::ElasticLoadBalancing')) : undefined;
      const routing: DnsRecordModel['routing'] = p.Failover !== undefined ? 'failover'
        : p.Weight !== undefined ? 'weighted'
          : p.Region !== undefined ? 'latency'
            : p.GeoLocation !== undefined ? 'geolocation'
              : p.MultiValueAnswer !== undefined ? 'multivalue' : 'simple';
      const isElbAlias = alias !== undefined && (lb !== undefined || /elb\.amazonaws\.com/.test(JSON.stringify(alias.DNSName)));
      return {
        logicalId: id,
        name: str(p.Name),
        type: str(p.Type),
        routing,
        failover: str(p.Failover),
        weight: num(p.Weight),
        healthCheckId: refOf(p.HealthCheckId),
        evaluateTargetHealth: alias ? bool(alias.EvaluateTargetHealth) ?? false : false,
        aliasLoadBalancerId: lb,
        alias: alias !== undefined,
        ttlSeconds: alias ? (isElbAlias ? ELB_ALIAS_TTL_SECONDS : undefined) : num(p.TTL),
      };
    });

  const natGateways: NatGatewayModel[] = ofType('AWS::EC2::NatGateway').map(([id, nat]) => {
    const subnet = refOf(props(nat).SubnetId);
    return { logicalId: id, zone: (subnet && subnetZones.get(subnet)) ?? UNPLACED };
  });
  const natIds = new Set(natGateways.map((nat) => nat.logicalId));
  const routeTableNat = new Map<string, string>();
  for (const [, route] of ofType('AWS::EC2::Route')) {
    const p = props(route);
    const nat = refOf(p.NatGatewayId);
    const table = refOf(p.RouteTableId);
    if (nat && table && natIds.has(nat) && str(p.DestinationCidrBlock) === '0.0.0.0/0') {
      routeTableNat.set(table, nat);
    }
  }
  const egress: EgressModel[] = ofType('AWS::EC2::SubnetRouteTableAssociation').flatMap(([, association]) => {
    const subnet = refOf(props(association).SubnetId);
    const table = refOf(props(association).RouteTableId);
    const nat = table ? routeTableNat.get(table) : undefined;
    return subnet && nat ? [{ subnetId: subnet, zone: subnetZones.get(subnet) ?? UNPLACED, natGatewayId: nat }] : [];
  });

  const zones = [...zoneKeys].sort(compareZoneKeys).map((key, i): ZoneInfo => ({ key, name: `zone ${i + 1}`, index: i + 1 }));
  return {
    kind: 'PlatformModel',
    zones,
    serverGroups,
    databases,
    caches,
    searchDomains,
    brokers,
    loadBalancers,
    targetGroups,
    healthChecks,
    dnsRecords,
    natGateways,
    egress,
    template,
  };
}

/** Zone key of an AZ value: a literal name, or `Fn::Select [i, Fn::GetAZs]` as `GetAZs[i]`. */
function azKey(value: unknown): string | undefined {
  const literal = str(value);
  if (literal) {
    return literal;
  }
  if (isObject(value) && Array.isArray(value['Fn::Select'])) {
    const [index, from] = value['Fn::Select'];
    if (num(index) !== undefined && isObject(from) && 'Fn::GetAZs' in from) {
      return `GetAZs[${num(index)}]`;
    }
  }
  return undefined;
}

function compareZoneKeys(a: string, b: string): number {
  const index = (key: string) => /^GetAZs\[(\d+)\]$/.exec(key)?.[1];
  const [ia, ib] = [index(a), index(b)];
  if (ia !== undefined && ib !== undefined) {
    return Number(ia) - Number(ib);
  }
  if (ia !== undefined || ib !== undefined) {
    return ia !== undefined ? -1 : 1;
  }
  return a.localeCompare(b);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

interface LaunchSettings {
  readonly instanceType?: string;
  readonly volumeGiB: number;
  readonly volumeType?: string;
}

/** Instance type and volumes of an Auto Scaling group's launch template, mixed instances policy or launch configuration. */
function launchSettings(resources: Record<string, CfnResource>, asg: Record<string, any>): LaunchSettings {
  const mixed = isObject(asg.MixedInstancesPolicy) && isObject(asg.MixedInstancesPolicy.LaunchTemplate)
    ? asg.MixedInstancesPolicy.LaunchTemplate : undefined;
  const spec = isObject(asg.LaunchTemplate) ? asg.LaunchTemplate
    : mixed && isObject(mixed.LaunchTemplateSpecification) ? mixed.LaunchTemplateSpecification : undefined;
  let data: Record<string, any> = {};
  if (spec) {
    const id = refsIn(spec.LaunchTemplateId ?? spec.LaunchTemplateName)[0];
    const launchTemplate = id ? resources[id] : undefined;
    const launchData = launchTemplate?.Properties?.LaunchTemplateData;
    data = isObject(launchData) ? launchData : {};
  } else {
    const id = refOf(asg.LaunchConfigurationName);
    data = (id && resources[id]?.Properties) || {};
  }
  const override = mixed ? list(mixed.Overrides).filter(isObject).map((o) => str(o.InstanceType)).find(Boolean) : undefined;
  const volumes = list(data.BlockDeviceMappings).filter(isObject).map((mapping) => isObject(mapping.Ebs) ? mapping.Ebs : {});
  return {
    instanceType: override ?? str(data.InstanceType),
    volumeGiB: volumes.reduce((sum, ebs) => sum + (num(ebs.VolumeSize) ?? 0), 0),
    volumeType: volumes.length > 0 ? str(volumes[0].VolumeType) ?? 'gp2' : undefined,
  };
}

function readDatabases(
  resources: Record<string, CfnResource>,
  zoneOf: (value: unknown) => string | undefined,
  zonesOfSubnets: (value: unknown) => string[],
): DatabaseModel[] {
  const entries = Object.entries(resources);
  const props = (resource: CfnResource): Record<string, any> => resource.Properties ?? {};
  const subnetGroupZones = (value: unknown): string[] => {
    const id = refOf(value);
    const group = id ? resources[id] : undefined;
    return group?.Type === 'AWS::RDS::DBSubnetGroup' ? zonesOfSubnets(props(group).SubnetIds) : [];
  };
  const instances = entries.filter(([, r]) => r.Type === 'AWS::RDS::DBInstance');
  const clusterMembers = new Map<string, Array<[string, CfnResource]>>();
  const standalone: Array<[string, CfnResource]> = [];
  for (const entry of instances) {
    const cluster = refOf(props(entry[1]).DBClusterIdentifier);
    if (cluster && resources[cluster]?.Type === 'AWS::RDS::DBCluster') {
      clusterMembers.set(cluster, [...(clusterMembers.get(cluster) ?? []), entry]);
    } else {
      standalone.push(entry);
    }
  }
  const instanceIds = new Set(standalone.map(([id]) => id));
  const sourceOf = (resource: CfnResource): string | undefined => {
    const source = props(resource).SourceDBInstanceIdentifier;
    return source === undefined ? undefined : refsIn(source).find((ref) => instanceIds.has(ref)) ?? '(outside the template)';
  };
  const databases: DatabaseModel[] = [];

  for (const [id, resource] of standalone.filter(([, r]) => sourceOf(r) === undefined || sourceOf(r) === '(outside the template)')) {
    const p = props(resource);
    const multiAz = bool(p.MultiAZ) ?? false;
    const subnetZones = subnetGroupZones(p.DBSubnetGroupName);
    const storage = num(p.AllocatedStorage);
    const instanceClass = str(p.DBInstanceClass);
    const az = zoneOf(p.AvailabilityZone);
    const isReplica = sourceOf(resource) !== undefined;
    const nodes: DatabaseNodeModel[] = [];
    if (multiAz && !az && subnetZones.length === 2 && !subnetZones.includes(UNPLACED)) {
      // RDS places the primary and the standby in different zones of the subnet group; which is which is its choice.
      subnetZones.forEach((zone) => nodes.push({ logicalId: id, role: 'primary-or-standby', zone, instanceClass, storageGiB: storage }));
    } else {
      nodes.push({ logicalId: id, role: isReplica ? 'replica' : 'primary', zone: az ?? UNPLACED, instanceClass, storageGiB: storage });
      if (multiAz) {
        const other = subnetZones.filter((zone) => zone !== az && zone !== UNPLACED);
        nodes.push({ logicalId: id, role: 'standby', zone: az && other.length === 1 ? other[0] : UNPLACED, instanceClass, storageGiB: storage });
      }
    }
    const replicas = standalone.filter(([, r]) => sourceOf(r) === id);
    for (const [replicaId, replica] of replicas) {
      const rp = props(replica);
      const replicaStorage = num(rp.AllocatedStorage) ?? storage;
      const replicaClass = str(rp.DBInstanceClass) ?? instanceClass;
      nodes.push({ logicalId: replicaId, role: 'replica', zone: zoneOf(rp.AvailabilityZone) ?? UNPLACED, instanceClass: replicaClass, storageGiB: replicaStorage });
      if (bool(rp.MultiAZ)) {
        nodes.push({ logicalId: replicaId, role: 'standby', zone: UNPLACED, instanceClass: replicaClass, storageGiB: replicaStorage });
      }
    }
    databases.push({
      logicalId: id,
      kind: 'rds-instance',
      engine: str(p.Engine),
      multiAz,
      nodes,
      replicaIds: replicas.map(([replicaId]) => replicaId),
      subnetZones,
      storageType: str(p.StorageType) ?? (p.Iops !== undefined ? 'io1' : 'gp2'),
      backupRetentionDays: num(p.BackupRetentionPeriod) ?? (isReplica ? 0 : 1),
    });
  }

  for (const [id, cluster] of entries.filter(([, r]) => r.Type === 'AWS::RDS::DBCluster')) {
    const p = props(cluster);
    const engine = str(p.Engine);
    const subnetZones = subnetGroupZones(p.DBSubnetGroupName);
    if (p.DBClusterInstanceClass !== undefined && !engine?.startsWith('aurora')) {
      // A Multi-AZ DB cluster: a writer and two readable standbys, each in its own zone.
      const instanceClass = str(p.DBClusterInstanceClass);
      const storage = num(p.AllocatedStorage);
      const zones = subnetZones.length === 3 ? subnetZones : [UNPLACED, UNPLACED, UNPLACED];
      databases.push({
        logicalId: id,
        kind: 'rds-multi-az-cluster',
        engine,
        multiAz: true,
        nodes: zones.map((zone, i) => ({ logicalId: id, role: i === 0 ? 'writer' : 'reader', zone, instanceClass, storageGiB: storage })),
        replicaIds: [],
        subnetZones,
        storageType: str(p.StorageType),
        backupRetentionDays: num(p.BackupRetentionPeriod) ?? 1,
      });
      continue;
    }
    const members = (clusterMembers.get(id) ?? [])
      .map(([memberId, member]) => ({ memberId, p: props(member) }))
      .sort((a, b) => (num(a.p.PromotionTier) ?? 1) - (num(b.p.PromotionTier) ?? 1));
    const nodes: DatabaseNodeModel[] = members.map(({ memberId, p: mp }, i) => ({
      logicalId: memberId,
      role: i === 0 ? 'writer' : 'reader',
      zone: zoneOf(mp.AvailabilityZone) ?? UNPLACED,
      instanceClass: str(mp.DBInstanceClass),
    }));
    const scaling = entries.find(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget'
      && str(props(r).ScalableDimension) === 'rds:cluster:ReadReplicaCount' && refsIn(props(r).ResourceId).includes(id));
    const placed = new Set(nodes.map((node) => node.zone));
    databases.push({
      logicalId: id,
      kind: 'aurora-cluster',
      engine,
      multiAz: nodes.length > 1 && (placed.size > 1 || placed.has(UNPLACED)),
      nodes,
      replicaIds: [],
      subnetZones,
      storageType: 'aurora',
      backupRetentionDays: num(p.BackupRetentionPeriod) ?? 1,
      autoScaledReadersMin: scaling ? num(props(scaling[1]).MinCapacity) : undefined,
    });
  }
  return databases;
}

function readCaches(resources: Record<string, CfnResource>, zoneOf: (value: unknown) => string | undefined): CacheModel[] {
  const caches: CacheModel[] = [];
  const props = (resource: CfnResource): Record<string, any> => resource.Properties ?? {};
  for (const [id, group] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ElastiCache::ReplicationGroup')) {
    const p = props(group);
    const nodeGroups = list(p.NodeGroupConfiguration).filter(isObject);
    const shards = num(p.NumNodeGroups) ?? (nodeGroups.length || 1);
    const clusterModeDisabled = p.NumNodeGroups === undefined && p.ReplicasPerNodeGroup === undefined && nodeGroups.length === 0;
    const replicasPerShard = clusterModeDisabled
      ? Math.max(0, (num(p.NumCacheClusters) ?? list(p.PreferredCacheClusterAZs).length ?? 1) - 1)
      : num(p.ReplicasPerNodeGroup) ?? (nodeGroups.length > 0 ? num(nodeGroups[0].ReplicaCount) ?? 1 : 1);
    const nodes: CacheModel['nodes'] = [];
    for (let shard = 0; shard < shards; shard++) {
      const config = nodeGroups[shard] ?? {};
      const azs = clusterModeDisabled
        ? list(p.PreferredCacheClusterAZs)
        : [config.PrimaryAvailabilityZone, ...list(config.ReplicaAvailabilityZones)];
      for (let i = 0; i <= replicasPerShard; i++) {
        nodes.push({ role: i === 0 ? 'primary' : 'replica', zone: zoneOf(azs[i]) ?? UNPLACED });
      }
    }
    caches.push({
      logicalId: id,
      kind: 'replication-group',
      engine: (str(p.Engine) ?? 'redis').toLowerCase(),
      nodeType: str(p.CacheNodeType),
      shards,
      replicasPerShard,
      automaticFailover: bool(p.AutomaticFailoverEnabled) ?? !clusterModeDisabled,
      multiAz: bool(p.MultiAZEnabled) ?? false,
      nodes,
    });
  }
  for (const [id, cluster] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ElastiCache::CacheCluster')) {
    const p = props(cluster);
    const count = num(p.NumCacheNodes) ?? 1;
    caches.push({
      logicalId: id,
      kind: 'cache-cluster',
      engine: (str(p.Engine) ?? 'redis').toLowerCase(),
      nodeType: str(p.CacheNodeType),
      shards: 1,
      replicasPerShard: 0,
      automaticFailover: false,
      multiAz: false,
      nodes: Array.from({ length: count }, (_, i) => ({
        // Memcached nodes are independent partitions; a single Redis node is a primary without replica.
        role: 'primary' as const,
        zone: zoneOf(list(p.PreferredAvailabilityZones)[i] ?? p.PreferredAvailabilityZone) ?? UNPLACED,
      })),
    });
  }
  return caches;
}
