/**
 * The tiers that keep a quorum: OpenSearch Service (or Elasticsearch) domains and Amazon MQ brokers.
 */
import { BrokerModel, SearchModel } from './model';
import { ReadContext } from './read-context';
import { bool, isObject, num, propsOf, str } from './template-values';
import { quorumQueuesByDefault } from '../private/rabbitmq-queues';

/** Reads OpenSearch Service and Elasticsearch domains: data nodes, dedicated masters, zones, standby. */
export function readSearchDomains(ctx: ReadContext): SearchModel[] {
  return ctx.ofType('AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain').map(([id, domain]) => {
    const p = propsOf(domain);
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
      zones: ctx.zonesOfSubnets(isObject(p.VPCOptions) ? p.VPCOptions.SubnetIds : undefined),
    };
  });
}

/** Reads Amazon MQ brokers: engine and version, deployment mode (its number of nodes), host type and subnet zones. */
export function readBrokers(ctx: ReadContext): BrokerModel[] {
  return ctx.ofType('AWS::AmazonMQ::Broker').map(([id, broker]) => {
    const p = propsOf(broker);
    const mode = str(p.DeploymentMode);
    const engine = str(p.EngineType)?.toUpperCase();
    const engineVersion = str(p.EngineVersion) ?? (typeof p.EngineVersion === 'number' ? String(p.EngineVersion) : undefined);
    return {
      logicalId: id,
      engine,
      deploymentMode: mode,
      hostInstanceType: str(p.HostInstanceType),
      engineVersion,
      quorumQueuesByDefault: engine === 'RABBITMQ' ? quorumQueuesByDefault(engineVersion) : undefined,
      nodes: mode === 'CLUSTER_MULTI_AZ' ? 3 : mode === 'ACTIVE_STANDBY_MULTI_AZ' ? 2 : 1,
      zones: ctx.zonesOfSubnets(p.SubnetIds),
    };
  });
}
