import { Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeOnGrantee } from '../private/acknowledgements';
import { allowCloudWatchLogs, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { checkInteger, checkNodeType, fail, isToken } from '../private/validation';

/**
 * Options of the search tier: an OpenSearch Service domain over both zones, with dedicated masters.
 */
export interface SearchTierOptions {
  /**
   * Whether the platform builds the search tier (read by the platform; the tier itself ignores it).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Dedicated master nodes: 3 or 5, so a majority survives the loss of a master.
   * @default 3
   */
  readonly masterNodes?: number;

  /**
   * Instance type of the dedicated masters, in OpenSearch Service spelling.
   * @default 'm7g.large.search'
   */
  readonly masterNodeType?: string;

  /**
   * Data nodes: an even number of at least 2, so zone awareness puts half of them in each zone.
   * @default 4
   */
  readonly dataNodes?: number;

  /**
   * Instance type of the data nodes, in OpenSearch Service spelling (an EBS-backed type).
   * @default 'r7g.large.search'
   */
  readonly dataNodeType?: string;

  /**
   * Size of each data node's gp3 EBS volume, in GiB (10 up to the instance type's gp3 limit).
   * @default 256
   */
  readonly volumeSizeGiB?: number;

  /**
   * OpenSearch engine version. Changing it later upgrades the domain in place (no replacement).
   * @default opensearch.EngineVersion.OPENSEARCH_3_5
   */
  readonly engineVersion?: opensearch.EngineVersion;

  /**
   * How long the slow search, slow index, application and audit logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of {@link SearchTier}. */
export interface SearchTierProps extends SearchTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /** The isolated subnets of both zones (one per zone), where the domain's nodes are placed. */
  readonly subnets: ec2.SubnetSelection;
  /** The two zones of the platform: zone 1 first. */
  readonly availabilityZones: string[];
}

const DEFAULT_MASTER_NODES = 3;
const DEFAULT_MASTER_NODE_TYPE = 'm7g.large.search';
const DEFAULT_DATA_NODES = 4;
const DEFAULT_DATA_NODE_TYPE = 'r7g.large.search';
const DEFAULT_VOLUME_SIZE_GIB = 256;
const HTTPS_PORT = 443;
const SEARCH_TYPE = { suffix: '.search' };

/**
 * The search tier: an Amazon OpenSearch Service domain in the isolated subnets of both zones, with zone
 * awareness (every primary shard's replica lives in the other zone), dedicated master nodes and gp3 storage.
 *
 * Why 3 dedicated masters: the seed's 3 + 3 Elasticsearch nodes spread master eligibility over 2 nodes, and
 * 2 master-eligible nodes cannot keep a quorum (a majority of 2 is 2) once either is lost, let alone a zone.
 * Three (or five) dedicated masters keep a majority through the loss of any one master. Over two zones
 * they sit 2 + 1: losing the zone with one master leaves a quorum; losing the zone with two leaves the
 * cluster without an elected master until OpenSearch Service replaces them in the surviving zone (minutes,
 * the seed's target for a search node failure). Only a third zone avoids that window.
 *
 * Security: encryption at rest with a customer-managed KMS key, node-to-node encryption, HTTPS only with
 * TLS 1.2 or later (perfect forward secrecy ciphers), slow search, slow index, application and audit logs in
 * KMS-encrypted log groups, and fine-grained access control whose master user is an IAM role (`adminRole`).
 * The domain's access policy names only the admin role and the principals given `grantReadWrite` (the
 * platform grants the app and worker roles), never `*`.
 *
 * Why the master user is an IAM role, not a password in Secrets Manager: an access policy that names IAM
 * principals makes the domain reject every unsigned request, including a password master user's HTTP basic
 * authentication, so such a master user could never log in. With an IAM master role, every caller signs with
 * SigV4. Inside OpenSearch a signed request gets the OpenSearch roles its IAM role ARN is mapped to: after
 * the first deploy, assume `adminRole` and map the app and worker role ARNs (backend roles) to the
 * OpenSearch roles the application needs; until then the domain refuses them.
 */
export class SearchTier extends Construct implements ec2.IConnectable {
  /** The OpenSearch Service domain. */
  public readonly domain: opensearch.Domain;
  /**
   * The fine-grained access control master user: an IAM role that principals of this account with
   * `sts:AssumeRole` on it can assume, to administer OpenSearch security (role mappings).
   */
  public readonly adminRole: iam.Role;
  /** The domain's HTTPS endpoint (host name, no scheme), reachable inside the VPC only. */
  public readonly endpoint: string;
  /** Port of the endpoint (HTTPS). */
  public readonly port: number;
  /** The customer-managed key that encrypts the domain's data and its log groups. */
  public readonly key: kms.Key;
  /** The log groups, by log type: SEARCH_SLOW_LOGS, INDEX_SLOW_LOGS, ES_APPLICATION_LOGS, AUDIT_LOGS. */
  public readonly logGroups: { [logType: string]: logs.LogGroup };
  /** The CloudWatch Logs resource policy that lets OpenSearch Service write to the log groups. */
  public readonly logsResourcePolicy: logs.ResourcePolicy;
  /** The security group of the domain: nothing may connect until the platform allows it. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The connections of the domain: `allowDefaultPortFrom(peer)` opens HTTPS to that peer. */
  public readonly connections: ec2.Connections;

  /** Principals named by the domain's access policy: those given grantReadWrite. */
  private readonly accessPrincipals: iam.IPrincipal[] = [];

  constructor(scope: Construct, id: string, props: SearchTierProps) {
    super(scope, id);
    validateSearchTierProps(props);
    const subnets = subnetPerZone(props);

    const stack = Stack.of(this);
    this.port = HTTPS_PORT;
    this.key = newTierKey(this, 'Key', 'Encrypts the MultiAzHaPlatform search domain and its logs');
    allowCloudWatchLogs(this.key);

    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.logGroups = {
      SEARCH_SLOW_LOGS: newEncryptedLogGroup(this, 'SlowSearchLogs', this.key, retention),
      INDEX_SLOW_LOGS: newEncryptedLogGroup(this, 'SlowIndexLogs', this.key, retention),
      ES_APPLICATION_LOGS: newEncryptedLogGroup(this, 'ApplicationLogs', this.key, retention),
      AUDIT_LOGS: newEncryptedLogGroup(this, 'AuditLogs', this.key, retention),
    };

    // The domain L2 would set this policy through an AwsCustomResource (a Lambda function with logs:* on "*");
    // a plain AWS::Logs::ResourcePolicy does the same without code, scoped to this account's domains.
    this.logsResourcePolicy = new logs.ResourcePolicy(this, 'LogsResourcePolicy', {
      policyStatements: [new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('es.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: Object.values(this.logGroups).map((group) => group.logGroupArn),
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'es', resource: 'domain', resourceName: '*' }) },
        },
      })],
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'MultiAzHaPlatform search domain: HTTPS from the tiers the platform allows',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(HTTPS_PORT) });

    this.adminRole = new iam.Role(this, 'AdminRole', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Master user of the MultiAzHaPlatform search domain (fine-grained access control): map roles with it',
    });
    this.accessPrincipals.push(this.adminRole);

    this.domain = new opensearch.Domain(this, 'Domain', {
      version: props.engineVersion ?? opensearch.EngineVersion.OPENSEARCH_3_5,
      // An engine version change upgrades the domain in place instead of replacing it with an empty one.
      enableVersionUpgrade: true,
      capacity: {
        masterNodes: props.masterNodes ?? DEFAULT_MASTER_NODES,
        masterNodeInstanceType: props.masterNodeType ?? DEFAULT_MASTER_NODE_TYPE,
        dataNodes: props.dataNodes ?? DEFAULT_DATA_NODES,
        dataNodeInstanceType: props.dataNodeType ?? DEFAULT_DATA_NODE_TYPE,
        // Multi-AZ with Standby needs three zones; the platform has two (the default depends on a feature flag).
        multiAzWithStandbyEnabled: false,
      },
      zoneAwareness: { enabled: true, availabilityZoneCount: 2 },
      ebs: {
        enabled: true,
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        volumeSize: props.volumeSizeGiB ?? DEFAULT_VOLUME_SIZE_GIB,
      },
      vpc: props.vpc,
      vpcSubnets: [{ subnets }],
      securityGroups: [this.securityGroup],
      encryptionAtRest: { enabled: true, kmsKey: this.key },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS,
      fineGrainedAccessControl: { masterUserArn: this.adminRole.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup: this.logGroups.SEARCH_SLOW_LOGS,
        slowIndexLogEnabled: true,
        slowIndexLogGroup: this.logGroups.INDEX_SLOW_LOGS,
        appLogEnabled: true,
        appLogGroup: this.logGroups.ES_APPLICATION_LOGS,
        auditLogEnabled: true,
        auditLogGroup: this.logGroups.AUDIT_LOGS,
      },
      suppressLogsResourcePolicy: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The access policy is set on the domain itself (the L2's accessPolicies would add a custom resource and
    // a Lambda function). It names the granted principals and nothing else; its resource is this account's
    // domain ARN pattern, since the domain's own ARN would be a circular reference, and a domain access policy
    // applies to the domain it is attached to anyway.
    const domainsOfAccount = stack.formatArn({ service: 'es', resource: 'domain', resourceName: '*' });
    const cfnDomain = this.domain.node.defaultChild as opensearch.CfnDomain;
    // OpenSearch Service checks at creation that it may write to the log groups.
    cfnDomain.node.addDependency(this.logsResourcePolicy);
    cfnDomain.accessPolicies = Lazy.any({
      produce: () => new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: this.accessPrincipals,
          actions: ['es:ESHttp*'],
          resources: [domainsOfAccount],
        })],
      }),
    });
    acknowledge(cfnDomain, 'AwsSolutions-OS3',
      'The domain is in the VPC, where OpenSearch Service does not evaluate IP-based access policies. The network ' +
      'path is limited by the security group (HTTPS from the platform\'s app and worker tiers only) and the ' +
      'access policy names only the IAM roles of those tiers, whose requests must be SigV4-signed.');

    this.endpoint = this.domain.domainEndpoint;
  }

  /**
   * Lets a principal (an IAM role or user) send any HTTP request to the domain: an identity policy on the
   * principal and a statement in the domain's access policy naming it. Fine-grained access control then
   * applies the OpenSearch roles its ARN is mapped to.
   */
  public grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    const principal = grantee.grantPrincipal;
    const json = Stack.of(this).resolve(principal.policyFragment.principalJson);
    const keys = Object.keys(json);
    if (keys.length !== 1 || keys[0] !== 'AWS' || JSON.stringify(json.AWS).includes('*')) {
      fail('search.grantReadWrite(grantee)',
        'be an IAM role or user (the domain\'s access policy names each principal, never "*")', JSON.stringify(json));
    }
    if (!this.accessPrincipals.includes(principal)) {
      this.accessPrincipals.push(principal);
    }
    const grant = this.domain.grantReadWrite(grantee);
    // The paths of a domain (indexes, APIs) are its ARN followed by /...: the grant cannot name them one by one.
    acknowledgeOnGrantee(principal, `AwsSolutions-IAM5[Resource::<${this.logicalIdOfDomain()}.Arn>/*]`,
      'OpenSearch Service authorizes HTTP requests on the domain\'s sub-resources (its indexes and APIs), ' +
      'named by the domain ARN followed by a path. The wildcard covers the paths of this one domain only; ' +
      'fine-grained access control narrows what the principal may do inside OpenSearch.');
    return grant;
  }

  /** 1 while at least one primary shard is unassigned (data unavailable), 0 otherwise. */
  public metricClusterStatusRed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metricClusterStatusRed(props);
  }

  /** 1 while at least one replica shard is unassigned (for example after losing a zone), 0 otherwise. */
  public metricClusterStatusYellow(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metricClusterStatusYellow(props);
  }

  /** Free storage space of the data nodes, in MiB (minimum over the nodes). */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metricFreeStorageSpace(props);
  }

  /** JVM memory pressure of the data nodes, in percent (maximum over the nodes). */
  public metricJvmMemoryPressure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metricJVMMemoryPressure(props);
  }

  /**
   * 1 while the cluster health check finds an elected master, 0 while it fails (MasterNotDiscovered, for example
   * after a lost quorum). AWS recommends alarming when the maximum stays below 1.
   */
  public metricMasterReachable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metric('MasterReachableFromNode', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** CPU utilization of the data nodes, in percent (maximum over the nodes). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metricCPUUtilization(props);
  }

  private logicalIdOfDomain(): string {
    return Stack.of(this).getLogicalId(this.domain.node.defaultChild as opensearch.CfnDomain);
  }
}

/**
 * Largest gp3 volume, in GiB, OpenSearch Service attaches to a data node of each current Graviton type
 * (Amazon OpenSearch Service quotas, "EBS volume size quotas"). Other types get the general minimum only.
 */
const GP3_SIZES = ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const GP3_MAX_GIB_BY_SIZE: Record<string, number[]> = {
  // medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge (0: no such size)
  c6g: [0, 256, 512, 1024, 1536, 3072, 4608, 0],
  c7g: [0, 256, 512, 1024, 1536, 3072, 4608, 6144],
  m6g: [0, 1024, 2048, 3072, 6144, 12288, 18432, 0],
  m7g: [512, 768, 2048, 3072, 6144, 12288, 18432, 24576],
  r6g: [0, 2048, 3072, 6144, 12288, 16384, 24576, 0],
  r7g: [768, 1536, 3072, 6144, 12288, 16384, 24576, 36864],
};
/** Families with instance storage only: OpenSearch Service attaches no EBS volume to them. */
const INSTANCE_STORE_FAMILIES = ['i3', 'i4g', 'i4i', 'i7i', 'i8g', 'im4gn', 'r6gd', 'r7gd'];
/** OpenSearch Optimized families take at least 20 GiB. */
const MIN_20_GIB_FAMILIES = ['om2', 'or1', 'or2'];

function validateSearchTierProps(props: SearchTierProps): void {
  const masters = props.masterNodes;
  if (masters !== undefined && !isToken(masters) && masters !== 3 && masters !== 5) {
    fail('search.masterNodes', 'be 3 or 5 (an odd number of dedicated masters keeps a quorum when one is lost; ' +
      'the seed\'s 2 master-eligible nodes lose it with either node or zone)', masters);
  }
  const data = props.dataNodes;
  checkInteger('search.dataNodes', data, 2);
  if (data !== undefined && !isToken(data) && data % 2 !== 0) {
    fail('search.dataNodes', 'be an even number (zone awareness spreads the data nodes evenly over the two zones)', data);
  }
  checkNodeType('search.masterNodeType', props.masterNodeType, SEARCH_TYPE);
  checkNodeType('search.dataNodeType', props.dataNodeType, SEARCH_TYPE);

  const dataNodeType = props.dataNodeType ?? DEFAULT_DATA_NODE_TYPE;
  const [family, size] = isToken(dataNodeType) ? [] : dataNodeType.split('.');
  if (family !== undefined && INSTANCE_STORE_FAMILIES.includes(family)) {
    fail('search.dataNodeType', 'be an EBS-backed type (the tier stores data on gp3 volumes; this family has ' +
      'instance storage only)', dataNodeType);
  }
  const volume = props.volumeSizeGiB;
  checkInteger('search.volumeSizeGiB', volume, family !== undefined && MIN_20_GIB_FAMILIES.includes(family) ? 20 : 10);
  const max = family !== undefined ? GP3_MAX_GIB_BY_SIZE[family]?.[GP3_SIZES.indexOf(size)] : undefined;
  if (volume !== undefined && !isToken(volume) && max && volume > max) {
    fail('search.volumeSizeGiB', `be at most ${max} for ${dataNodeType} (its gp3 volume limit)`, volume);
  }

  const version = props.engineVersion?.version;
  if (version !== undefined && !Token.isUnresolved(version) && !version.startsWith('OpenSearch_')) {
    fail('search.engineVersion', 'be an OpenSearch version (fine-grained access control, audit logs and ' +
      'the Graviton node types need it)', version);
  }
  const zones = props.availabilityZones;
  if (zones.length !== 2) {
    fail('search.availabilityZones', 'list exactly 2 availability zones (zone 1, zone 2)', zones);
  }
}

/** One subnet of the selection per platform zone, in zone order: the domain needs exactly one per zone. */
function subnetPerZone(props: SearchTierProps): ec2.ISubnet[] {
  const selected = props.vpc.selectSubnets(props.subnets).subnets;
  return props.availabilityZones.map((zone, i) => {
    const match = Token.isUnresolved(zone) ? selected[i] : selected.find((s) => s.availabilityZone === zone);
    if (!match) {
      fail('search.subnets', `have a subnet in each platform zone (${props.availabilityZones.join(', ')})`,
        selected.map((s) => s.availabilityZone));
    }
    return match;
  });
}

