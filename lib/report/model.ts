/**
 * The report's model of a platform: its zones, and the resources of each tier with the settings that decide
 * capacity, cost and recovery. Read from a template by template-model.ts (and its read-*.ts helpers), which every
 * section of the report works from; built from the tiers' settings by resilience/tier-model/ for the synth-time check.
 */
import { CfnTemplate } from './template-values';

/** Key of resources the template does not place in a known zone. */
export const UNPLACED = 'unplaced';

/**
 * What a zone is for:
 * - serving: it holds servers or a way in or out (load balancer nodes, app servers, workers, public or private subnets);
 * - quorum: it holds only isolated subnets, for the quorum members of the data tiers (search masters, broker
 *   nodes), while other zones serve.
 */
export type ZoneRole = 'serving' | 'quorum';

/** An Availability Zone the template uses. */
export interface ZoneInfo {
  /** Stable key: the literal zone name (`eu-west-1a`) or `GetAZs[<index>]` for `Fn::Select` over `Fn::GetAZs`. */
  readonly key: string;
  /**
   * "zone 1", "zone 2", ... for the serving zones in the platform's order (the template's VPC subnets `...Subnet1`,
   * `...Subnet2` tell it; without them, the order of their names or GetAZs indexes); "quorum zone".
   */
  readonly name: string;
  /** 1-based position in the report's order: the serving zones, then the quorum zone(s). */
  readonly index: number;
  readonly role: ZoneRole;
  /** Stable slug of the name, for scenario and warning ids: 'zone-1', 'zone-2', 'quorum-zone'. */
  readonly id: string;
}

/** What a subnet's route table says about it: public (internet gateway), private (egress through NAT or similar), isolated. */
export type SubnetKind = 'public' | 'private' | 'isolated';

/** A subnet of the template. */
export interface SubnetModel {
  readonly logicalId: string;
  /** Zone key, or {@link UNPLACED}. */
  readonly zone: string;
  readonly kind: SubnetKind;
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
  /** EngineVersion as the template spells it ('4.2', '3.13'). */
  readonly engineVersion?: string;
  /**
   * RabbitMQ: true when queues are quorum queues unless clients ask otherwise (Amazon MQ for RabbitMQ 4.2 and later),
   * false when clients must declare them (3.13 and earlier), undefined when the template does not say (or ActiveMQ).
   */
  readonly quorumQueuesByDefault?: boolean;
  /** 1 (single instance), 2 (active/standby) or 3 (RabbitMQ cluster). */
  readonly nodes: number;
  /** Zones of its subnets ({@link UNPLACED} for a subnet whose zone the template does not say). */
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
  /** A CALCULATED check's children (logical IDs). */
  readonly childIds: string[];
  /** A CLOUDWATCH_METRIC check's alarm (logical ID), and how long that alarm takes to change state, in seconds. */
  readonly alarmId?: string;
  readonly alarmWindowSeconds?: number;
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

/**
 * What decides a platform's capacity, cost and recovery: read from a template (the report) or built from the tiers'
 * settings (the synth-time resilience check).
 */
export interface PlatformModel {
  readonly kind: 'PlatformModel';
  /** Serving zones first (zone 1, zone 2, ...), then the quorum zone(s). */
  readonly zones: ZoneInfo[];
  /**
   * True when the zones are aws-cdk-lib's offline placeholders (`dummy1a`, `dummy1b`, `dummy1c`): a stack with an
   * account and region synthesized without availability-zones context. Such a template cannot deploy.
   */
  readonly placeholderZones: boolean;
  readonly subnets: SubnetModel[];
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
  /**
   * How long each alarm that an EventBridge rule on alarm state changes watches (the gray-failure detectors) takes to
   * change state, in seconds.
   */
  readonly detectorWindowSeconds: number[];
  /** True when the platform stores objects in S3: a bucket (the storage tier's, the access logs'). */
  readonly objectStorage: boolean;
}

/** The model of a template, with the template it was read from: what the report's cost and drill sections read. */
export interface TemplateModel extends PlatformModel {
  /** The template it was read from. */
  readonly template: CfnTemplate;
}

/** True when the model holds any resource of the platform's tiers. */
export function hasPlatformResources(model: PlatformModel): boolean {
  return model.serverGroups.length + model.databases.length + model.caches.length + model.searchDomains.length +
    model.brokers.length + model.loadBalancers.length + model.dnsRecords.length > 0;
}

/** The zone's display name ("zone 1", "quorum zone"), or "no known zone". */
export function zoneName(model: PlatformModel, key: string): string {
  return model.zones.find((zone) => zone.key === key)?.name ?? (key === UNPLACED ? 'no known zone' : key);
}

/** The zone's name as a sentence spells it: "zone 1", "the quorum zone", "no known zone". */
export function zonePhrase(model: PlatformModel, key: string): string {
  const zone = model.zones.find((z) => z.key === key);
  return zone?.role === 'quorum' ? `the ${zone.name}` : zoneName(model, key);
}

/** The zone's display name with its key, as the report prints it: "quorum zone (GetAZs[2])". */
export function zoneLabel(model: PlatformModel, key: string): string {
  const zone = model.zones.find((z) => z.key === key);
  return zone ? `${zone.name} (${zone.key})` : zoneName(model, key);
}
