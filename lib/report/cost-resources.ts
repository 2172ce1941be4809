/**
 * The lines of the estimate, resource by resource: what each resource type bills, priced from the ledger's price book.
 */
import { priceHealthCheck } from './cost-health-checks';
import { Ledger } from './cost-ledger';
import { list, TemplateModel, str } from './template-model';

/** Resource types that carry no charge of their own (their cost, if any, shows on the resource that uses them). */
export const FREE_TYPES = new Set([
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::Route',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::AutoScaling::ScalingPolicy',
  'AWS::AutoScaling::LifecycleHook', 'AWS::AutoScaling::ScheduledAction', 'AWS::AutoScaling::WarmPool',
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ServiceLinkedRole',
  'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate',
  'AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::OptionGroup',
  'AWS::ElastiCache::SubnetGroup', 'AWS::ElastiCache::ParameterGroup', 'AWS::ElastiCache::User', 'AWS::ElastiCache::UserGroup',
  'AWS::SecretsManager::SecretTargetAttachment', 'AWS::SecretsManager::RotationSchedule', 'AWS::SecretsManager::ResourcePolicy',
  'AWS::CertificateManager::Certificate', 'AWS::WAFv2::WebACLAssociation', 'AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup',
  'AWS::S3::BucketPolicy', 'AWS::Logs::ResourcePolicy', 'AWS::Logs::QueryDefinition', 'AWS::KMS::Alias',
  'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::CDK::Metadata',
  'AWS::Lambda::Permission', 'AWS::SNS::Subscription', 'AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy', 'AWS::Events::Rule',
  'AWS::XRay::SamplingRule', 'AWS::XRay::Group', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::CloudFormation::WaitCondition',
  'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection',
]);

/** Types whose cost is only usage: storage, requests, log volume or invocations. */
export const USAGE_TYPES: Record<string, string> = {
  'AWS::FIS::ExperimentTemplate': 'action-minutes while an experiment runs (nothing until one is started)',
  'AWS::S3::Bucket': 'storage and requests (not estimable from the template)',
  'AWS::Logs::LogGroup': 'log ingestion and storage',
  'AWS::EC2::FlowLog': 'flow log delivery to its log group',
  'AWS::Serverless::Application': 'the Lambda function it deploys (invocations)',
  'AWS::Lambda::Function': 'invocations and duration',
  'AWS::SNS::Topic': 'publishes and deliveries',
  'AWS::SQS::Queue': 'requests',
  'AWS::APS::Workspace': 'metric samples ingested, stored and queried',
  'AWS::APS::RuleGroupsNamespace': 'rule evaluations (queries)',
  'AWS::Events::EventBus': 'custom events',
  'AWS::Backup::BackupVault': 'backup storage of the recovery points it keeps',
  'AWS::WAFv2::LoggingConfiguration': 'AWS WAF logs delivered to CloudWatch Logs (vended log ingestion)',
};

/** Servers and data stores: Auto Scaling groups, instances, databases, caches, search domains, brokers. */
export function priceServersAndStores(ledger: Ledger, model: TemplateModel, id: string, type: string, p: Record<string, any>): boolean {
  switch (type) {
    case 'AWS::AutoScaling::AutoScalingGroup': {
      const group = model.serverGroups.find((g) => g.logicalId === id)!;
      if (group.count === undefined || group.instanceType === undefined) {
        ledger.unpriced(id, type, 'instances', 'instance count or type is not a literal in the template');
        return true;
      }
      ledger.priced(id, type, `${group.instanceType} instances`, `ec2:${group.instanceType}`, group.count);
      if (group.volumeGiB > 0) {
        ledger.priced(id, type, `${group.volumeType} volumes (${group.volumeGiB} GiB each)`, `ebs:${group.volumeType}`, group.count * group.volumeGiB);
      }
      return true;
    }
    case 'AWS::EC2::Instance':
      ledger.priced(id, type, `${str(p.InstanceType) ?? 'm1.small'} instance`, `ec2:${str(p.InstanceType) ?? 'm1.small'}`, 1);
      return true;
    case 'AWS::RDS::DBInstance':
      priceDbInstance(ledger, model, id, type, p);
      return true;
    case 'AWS::RDS::DBCluster': {
      const db = model.databases.find((d) => d.logicalId === id);
      if (db?.kind === 'aurora-cluster') {
        ledger.usage(id, type, 'Aurora cluster storage and I/O (Aurora Standard)', 'aurora-storage:standard',
          auroraStorageNote(ledger));
      } else {
        ledger.unpriced(id, type, `Multi-AZ DB cluster (3 × ${str(p.DBClusterInstanceClass) ?? '?'}) and storage`, 'no price in the table for Multi-AZ DB clusters');
      }
      return true;
    }
    case 'AWS::ElastiCache::ReplicationGroup':
    case 'AWS::ElastiCache::CacheCluster': {
      const cache = model.caches.find((c) => c.logicalId === id)!;
      ledger.priced(id, type, `${cache.nodeType} nodes (${cache.engine})`, `elasticache:${cache.engine}:${cache.nodeType}`, cache.nodes.length);
      return true;
    }
    case 'AWS::OpenSearchService::Domain':
    case 'AWS::Elasticsearch::Domain':
      priceSearchDomain(ledger, model, id, type);
      return true;
    case 'AWS::AmazonMQ::Broker': {
      const broker = model.brokers.find((b) => b.logicalId === id)!;
      ledger.priced(id, type, `${broker.hostInstanceType} broker instances (${broker.deploymentMode ?? 'SINGLE_INSTANCE'})`,
        `mq:${(broker.engine ?? '').toLowerCase()}:${broker.hostInstanceType}`, broker.nodes, 'broker storage not included');
      return true;
    }
    default:
      return false;
  }
}

/** A search domain's data nodes (standby ones included: they are billed alike), dedicated masters and EBS storage. */
function priceSearchDomain(ledger: Ledger, model: TemplateModel, id: string, type: string): void {
  const domain = model.searchDomains.find((d) => d.logicalId === id)!;
  const standby = domain.multiAzWithStandby ? 'Multi-AZ with Standby: the standby zone\'s nodes are billed like the active ones' : undefined;
  ledger.priced(id, type, `${domain.dataNodeType} data nodes`, `opensearch:${domain.dataNodeType}`, domain.dataNodes, standby);
  if (domain.masterNodes > 0) {
    ledger.priced(id, type, `${domain.masterNodeType} dedicated masters`, `opensearch:${domain.masterNodeType}`, domain.masterNodes);
  }
  if (domain.volumeGiB > 0) {
    ledger.priced(id, type, `${domain.volumeType ?? 'gp2'} storage (${domain.volumeGiB} GiB per data node)`,
      `opensearch-storage:${domain.volumeType ?? 'gp2'}`, domain.volumeGiB * domain.dataNodes);
  }
}

/** Load balancers, NAT gateways, addresses, VPC endpoints and Route 53 health checks. */
export function priceNetwork(ledger: Ledger, model: TemplateModel, id: string, type: string, p: Record<string, any>): boolean {
  switch (type) {
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const lb = model.loadBalancers.find((l) => l.logicalId === id)!;
      if (lb.type !== 'application') {
        ledger.unpriced(id, type, `${lb.type} load balancer`, `no price in the table for ${lb.type} load balancers`);
        return true;
      }
      ledger.priced(id, type, 'Application Load Balancer hours', 'elb:alb', 1);
      ledger.priced(id, type, 'LCUs (estimate: 1 LCU on average)', 'elb:alb-lcu', 1, 'actual LCUs depend on traffic');
      if (lb.scheme === 'internet-facing') {
        ledger.priced(id, type, 'public IPv4 addresses (at least one per zone)', 'vpc:public-ipv4', Math.max(1, lb.zones.length),
          'the load balancer may add nodes (and addresses) under load');
      }
      return true;
    }
    case 'AWS::EC2::NatGateway':
      ledger.priced(id, type, 'NAT gateway hours', 'vpc:nat-gateway', 1, 'data processed ($ per GB) not included');
      return true;
    case 'AWS::EC2::EIP':
      ledger.priced(id, type, 'public IPv4 address', 'vpc:public-ipv4', 1);
      return true;
    case 'AWS::EC2::VPCEndpoint':
      if ((str(p.VpcEndpointType) ?? 'Gateway') === 'Gateway') {
        ledger.freeOfCharge(`${type} (Gateway)`);
      } else {
        ledger.priced(id, type, `interface endpoint ${endpointService(p.ServiceName)} (one per zone)`, 'vpc:interface-endpoint-az',
          Math.max(1, list(p.SubnetIds).length), 'data processed not included');
      }
      return true;
    case 'AWS::Route53::HealthCheck':
      priceHealthCheck(ledger, model, id, type, p);
      return true;
    default:
      return false;
  }
}

/** Keys, secrets, alarms, dashboards, AWS WAF and SSM parameters. */
export function priceOperations(ledger: Ledger, id: string, type: string, p: Record<string, any>): boolean {
  switch (type) {
    case 'AWS::KMS::Key':
      ledger.priced(id, type, 'customer managed key', 'kms:key', 1, 'requests not included');
      return true;
    case 'AWS::SecretsManager::Secret':
      ledger.priced(id, type, 'secret', 'secretsmanager:secret', 1, 'API calls not included');
      return true;
    case 'AWS::CloudWatch::Alarm':
      ledger.priced(id, type, 'metric alarm', 'cloudwatch:alarm', Math.max(1, list(p.Metrics).length || 1));
      return true;
    case 'AWS::CloudWatch::Dashboard':
      ledger.priced(id, type, 'dashboard', 'cloudwatch:dashboard', 1);
      return true;
    case 'AWS::WAFv2::WebACL':
      ledger.priced(id, type, 'web ACL', 'waf:web-acl', 1, 'requests ($ per million) not included');
      ledger.priced(id, type, 'rules and rule groups', 'waf:rule', list(p.Rules).length);
      return true;
    case 'AWS::SSM::Parameter':
      if (str(p.Tier) === 'Advanced' || str(p.Tier) === 'Intelligent-Tiering') {
        ledger.unpriced(id, type, `${p.Tier} parameter`, 'no price in the table for advanced parameters');
      } else {
        ledger.freeOfCharge(type);
      }
      return true;
    default:
      return false;
  }
}

/** An RDS instance: an Aurora member (instance hours only), or an RDS instance with its standby and storage. */
function priceDbInstance(ledger: Ledger, model: TemplateModel, id: string, type: string, p: Record<string, any>): void {
  const instanceClass = str(p.DBInstanceClass);
  const aurora = model.databases.find((d) => d.kind === 'aurora-cluster' && d.nodes.some((node) => node.logicalId === id));
  if (aurora) {
    ledger.priced(id, type, `${instanceClass} Aurora instance`, `aurora:${str(p.Engine) ?? aurora.engine ?? 'aurora-postgresql'}:${instanceClass}`, 1);
    return;
  }
  const db = model.databases.find((d) => d.nodes.some((node) => node.logicalId === id));
  const nodes = db?.nodes.filter((node) => node.logicalId === id) ?? [];
  const engine = engineKey(str(p.Engine) ?? db?.engine);
  const role = p.SourceDBInstanceIdentifier !== undefined ? 'read replica' : nodes.length > 1 ? 'Multi-AZ: primary + standby' : 'Single-AZ';
  ledger.priced(id, type, `${instanceClass} (${role})`, `rds:${engine}:${instanceClass}`, Math.max(1, nodes.length));
  const storage = nodes.reduce((sum, node) => sum + (node.storageGiB ?? 0), 0);
  if (storage > 0) {
    const storageType = str(p.StorageType) ?? db?.storageType ?? 'gp2';
    ledger.priced(id, type, `${storageType} storage (${nodes[0].storageGiB} GiB${nodes.length > 1 ? ` × ${nodes.length} copies` : ''})`,
      `rds-storage:${storageType}`, storage, 'backup storage beyond the database size not included');
  }
}

/** The price table's engine name of an RDS engine. */
function engineKey(engine: string | undefined): string {
  if (!engine) {
    return 'unknown';
  }
  return engine.toLowerCase() === 'postgresql' ? 'postgres' : engine.toLowerCase();
}

/** The service of an endpoint's ServiceName (`com.amazonaws.<region>.ssm` -> `ssm`). */
function endpointService(serviceName: unknown): string {
  const literal = str(serviceName) ?? JSON.stringify(serviceName ?? '');
  return /\.([a-z0-9-]+)"?\]*\}*\]*$/.exec(literal)?.[1] ?? '';
}

/** Aurora Standard storage and I/O: usage-based, with their unit prices when the region's table has them. */
function auroraStorageNote(ledger: Ledger): string {
  const storage = ledger.book.onDemand['aurora-storage:standard'];
  const io = ledger.book.onDemand['aurora-io:standard'];
  if (!storage || !io) {
    return 'usage-based: the cluster volume grows with the data, billed per GB-month plus per million I/O requests ' +
      `(no ${ledger.book.region} price in the table); neither is in the template`;
  }
  return `usage-based: the cluster volume grows with the data, $${storage.usd} per GB-month, ` +
    `plus $${io.usd} per million I/O requests; neither is in the template`;
}
