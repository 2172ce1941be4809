import { Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { subnetPerZone, validateSearchTierProps, validateSearchZones, warnMasterQuorum } from './validate-search-tier-props';
import { acknowledge, acknowledgeOnGrantee } from '../private/acknowledgements';
import { newClosedSecurityGroup } from '../private/closed-security-group';
import { allowCloudWatchLogs, KEEP_EXCEPT_ON_FAILED_CREATE, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';
import { fail, validateProps } from '../private/validation';

/**
 * Options of the search tier: an OpenSearch Service domain over three zones (the two serving zones and the quorum
 * zone), with dedicated masters.
 */
export interface SearchTierOptions {
  /**
   * Whether the platform builds the search tier (read by the platform; the tier itself ignores it).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Dedicated master nodes: 3 or 5, so a majority survives the loss of a master (3 with Multi-AZ with Standby).
   * @default 3
   */
  readonly masterNodes?: number;

  /**
   * Instance type of the dedicated masters, in OpenSearch Service spelling.
   * @default 'm7g.large.search'
   */
  readonly masterNodeType?: string;

  /**
   * Data nodes, spread evenly over the zones: with 3 zones a multiple of 3 (a third per zone), with 2 zones an
   * even number (half per zone).
   * @default - 6 with 3 zones (with standby: 4 serve, the third zone's 2 stand by), 4 with 2 zones
   */
  readonly dataNodes?: number;

  /**
   * Whether the domain uses Multi-AZ with Standby: one zone's data nodes hold a full copy of the data without
   * serving, and OpenSearch Service makes them serve in under a minute when a zone fails. Needs 3 zones, and every
   * index must keep a multiple of 3 copies (`number_of_replicas: 2`); see the class documentation.
   * @default - true with 3 zones, false with 2 (true with 2 zones is an error)
   */
  readonly multiAzWithStandby?: boolean;

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

  /**
   * Whether the stack creates the service-linked role `AWSServiceRoleForAmazonOpenSearchService`, which OpenSearch
   * Service needs to place a domain in a VPC. An account that never had an OpenSearch Service domain lacks it, and
   * the domain then fails to create. IAM creates it once per account, and creating it again fails ("has been taken
   * in this account"), so this is off by default: turn it on for the first platform of a new account only, or
   * create the role once before deploying: `aws iam create-service-linked-role --aws-service-name
   * opensearchservice.amazonaws.com`. The role is kept when the stack is deleted or this is turned off again (other
   * domains of the account use it) and deleted only if the stack's first deployment rolls back.
   * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/slr-aos.html
   * @default false
   */
  readonly createServiceLinkedRole?: boolean;
}

/** Properties of {@link SearchTier}. */
export interface SearchTierProps extends SearchTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /**
   * One isolated subnet in each of `availabilityZones`, where the domain's nodes are placed (the platform passes
   * its network's `quorumSubnets`).
   */
  readonly subnets: ec2.SubnetSelection;
  /**
   * The zones of the domain, 2 or 3: zone 1, zone 2, then the quorum zone (the platform passes its network's
   * `quorumZones`). With 2, a zone loss can take the master quorum, and the tier warns.
   */
  readonly availabilityZones: string[];

  /**
   * An account-level CloudWatch Logs resource policy to add the tier's statement to (OpenSearch Service may write
   * to the tier's log groups), instead of a policy of its own. An account holds at most 10 such policies per
   * Region: the platform passes one policy shared by the tiers that need one, so that each platform takes one.
   * @default - the tier creates its own policy
   */
  readonly logsResourcePolicy?: logs.ResourcePolicy;
}

const DEFAULT_MASTER_NODES = 3;
const DEFAULT_MASTER_NODE_TYPE = 'm7g.large.search';
/** Data nodes by zone count: 2 per zone, so that 4 serve after any zone loss (with standby, 4 serve always). */
const DEFAULT_DATA_NODES: Record<number, number> = { 2: 4, 3: 6 };
const DEFAULT_DATA_NODE_TYPE = 'r7g.large.search';
const DEFAULT_VOLUME_SIZE_GIB = 256;
const HTTPS_PORT = 443;
/** The service-linked role OpenSearch Service uses for VPC domains: AWSServiceRoleForAmazonOpenSearchService. */
const SERVICE_LINKED_ROLE_SERVICE = 'opensearchservice.amazonaws.com';

/**
 * The search tier: an Amazon OpenSearch Service domain in one isolated subnet of each of three zones (zone 1,
 * zone 2 and the quorum zone), with zone awareness over the three, 3 dedicated masters and gp3 storage.
 *
 * Masters: the reference architecture's 3 + 3 Elasticsearch nodes spread master eligibility over 2 nodes, and 2
 * master-eligible nodes cannot keep a quorum (a majority of 2 is 2) once either is lost, let alone a zone. With
 * three zones OpenSearch Service places one dedicated master in each, so losing any one zone, serving or quorum,
 * leaves 2 of 3 masters: a quorum, and the cluster keeps an elected master. (5 masters sit 2 + 2 + 1: 3 of 5 survive.)
 *
 * Data nodes: 6 r7g.large.search with Multi-AZ with Standby by default, 2 per zone. Each zone holds a full copy
 * of the data; the two active zones' 4 nodes serve, the third zone's 2 stand by. When a zone fails OpenSearch
 * Service makes the standby serve in under a minute, with no shard to rebuild, so 4 nodes serve before and after
 * any zone loss: the reference architecture's serving capacity (the previous default was 4 nodes over 2 zones).
 * AWS offers 99.99 % availability for this deployment option (99.9 % without standby).
 *
 * Why 6 with standby, measured with the report's price table (lib/report/prices.ts: us-east-1 on-demand,
 * 730 h): a data node costs $129.94 a month (r7g.large.search, $0.178/h) plus $31.23 of gp3 storage (256 GiB at
 * $0.122), $161.17 in all. 4 nodes (the 2-zone layout) cost $644.69 a month, 6 nodes $967.03: +$322.34 (+50 %;
 * the 3 masters, $295.65, do not change). Standby costs nothing more than 6 nodes without it (AWS: "available at
 * no extra cost"; standby nodes are billed as the data nodes they are), so the choice is not about price:
 * - 6 without standby: 6 serve, and a zone loss leaves 4 that serve while they re-create the lost copies (AWS
 *   warns that this data movement can degrade a cluster not sized for it);
 * - 6 with standby: 4 serve before and after, nothing to re-create, promotion in under a minute.
 * Storage ends up alike: standby keeps 3 copies on 6 x 256 GiB (512 GiB of data), as 2 copies on today's 4 do; 6
 * nodes with 1 replica hold 768 GiB, but after a zone loss only 512 GiB fit twice on the 4 left. 3 larger nodes
 * (r7g.xlarge.search) cost the same as 6 large ones and make each node failure twice as big. So standby it is.
 *
 * What the application must do with standby (the default): every index keeps a multiple of 3 copies of each
 * shard (primary and replicas), one per zone. Create indexes and index templates with `number_of_replicas: 2`
 * (or `auto_expand_replicas: "0-2"`); OpenSearch rejects an index or settings update with 1 replica ("expected
 * total copies needs to be a multiple of total awareness attributes [3]"). Also: at most 1,000 shards per node,
 * 75,000 per cluster and 65 GB per shard, and one configuration change at a time. An application that cannot
 * follow this sets `multiAzWithStandby: false` (1 replica is then enough: its copies go to different zones).
 *
 * Moving an existing 2-zone domain to 3 zones updates it in place: CloudFormation changes `ZoneAwarenessConfig`,
 * `InstanceCount`, `MultiAZWithStandbyEnabled` and `VPCOptions.SubnetIds` with no interruption (no replacement;
 * the logical ID stays), and OpenSearch Service applies the new subnets and zones with a blue/green deployment
 * (it copies the data to a new set of nodes, then switches; the endpoint stays). The move to standby fails if an
 * index has a number of copies that is not a multiple of 3: set `number_of_replicas: 2` on every index first, or
 * deploy with `multiAzWithStandby: false`, fix the indexes, then turn standby on in a second deploy.
 *
 * Without a quorum zone (2 zones, for a region with two): the 3 masters sit 2 + 1 and losing the zone with 2
 * loses the quorum until OpenSearch Service replaces them (AWS may place them in a third zone of a region that
 * has one, but nothing in the template ensures it); the tier warns (`search.two-zone-masters`). The data nodes
 * keep the 2-zone layout (4, every replica in the other zone) without standby.
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
 *
 * Deployment: the domain, its log groups and its key are kept when the stack is deleted, and deleted when the
 * stack's first deployment rolls back (RetainExceptOnCreate), so a failed first deployment leaves no domain, and no
 * network interface, in the isolated subnets. A new account needs the OpenSearch Service service-linked role first
 * (`createServiceLinkedRole`). OpenSearch Service writes its logs through an account-level CloudWatch Logs resource
 * policy, of which an account has at most 10 per Region (`logsResourcePolicy` shares one).
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
  /**
   * The CloudWatch Logs resource policy that lets OpenSearch Service write to the log groups: the tier's own, or the
   * shared policy given as `logsResourcePolicy`.
   */
  public readonly logsResourcePolicy: logs.ResourcePolicy;
  /** The OpenSearch Service service-linked role. Only when `createServiceLinkedRole` is true. */
  public readonly serviceLinkedRole?: iam.CfnServiceLinkedRole;
  /** The security group of the domain: nothing may connect until the platform allows it. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The connections of the domain: `allowDefaultPortFrom(peer)` opens HTTPS to that peer. */
  public readonly connections: ec2.Connections;
  /** The number of zones the domain spans: 3 with the quorum zone, 2 without. */
  public readonly availabilityZoneCount: number;
  /** The number of data nodes, standby nodes included. */
  public readonly dataNodes: number;
  /** Whether the domain uses Multi-AZ with Standby (a third of the data nodes stand by). */
  public readonly multiAzWithStandby: boolean;
  /** The EBS (gp3) volume size of each data node, in GiB. */
  public readonly volumeSizeGiB: number;
  /** The EBS volume type of the data nodes (gp3). */
  public readonly volumeType: ec2.EbsDeviceVolumeType;
  /** The instance type of the data nodes, in OpenSearch Service spelling. */
  public readonly dataNodeType: string;
  /** The number of dedicated master nodes: 3 or 5. */
  public readonly masterNodes: number;
  /** The instance type of the dedicated masters, in OpenSearch Service spelling. */
  public readonly masterNodeType: string;
  /** Whether the domain is zone-aware: it spreads its nodes and each shard's copies over `availabilityZoneCount` zones. */
  public readonly zoneAwareness: boolean;
  /** The subnets of the domain's nodes: one in each zone the tier was given (its `availabilityZones` prop), in that order. */
  public readonly subnets: ec2.ISubnet[];

  /** Principals named by the domain's access policy: those given grantReadWrite. */
  private readonly accessPrincipals: iam.IPrincipal[] = [];

  constructor(scope: Construct, id: string, props: SearchTierProps) {
    super(scope, id);
    validateProps(this, () => validateSearchZones(props));
    this.availabilityZoneCount = props.availabilityZones.length;
    this.multiAzWithStandby = props.multiAzWithStandby ?? this.availabilityZoneCount === 3;
    this.volumeSizeGiB = props.volumeSizeGiB ?? DEFAULT_VOLUME_SIZE_GIB;
    this.volumeType = ec2.EbsDeviceVolumeType.GP3;
    this.dataNodeType = props.dataNodeType ?? DEFAULT_DATA_NODE_TYPE;
    validateProps(this, () => validateSearchTierProps(props, {
      zoneCount: this.availabilityZoneCount,
      standby: this.multiAzWithStandby,
      dataNodeType: this.dataNodeType,
    }));
    this.subnets = validateProps(this, () => subnetPerZone(props));
    this.dataNodes = props.dataNodes ?? DEFAULT_DATA_NODES[this.availabilityZoneCount];
    this.masterNodes = props.masterNodes ?? DEFAULT_MASTER_NODES;
    this.masterNodeType = props.masterNodeType ?? DEFAULT_MASTER_NODE_TYPE;
    this.zoneAwareness = true;
    warnMasterQuorum(this, this.masterNodes, this.availabilityZoneCount);

    this.port = HTTPS_PORT;
    this.key = newTierKey(this, 'Key', 'Encrypts the MultiAzHaPlatform search domain and its logs');
    allowCloudWatchLogs(this.key);
    this.logGroups = this.newLogGroups(props.logRetention ?? logs.RetentionDays.ONE_YEAR);
    this.logsResourcePolicy = this.allowLogDelivery(props.logsResourcePolicy);

    ({ securityGroup: this.securityGroup, connections: this.connections } = newClosedSecurityGroup(this, props.vpc,
      'MultiAzHaPlatform search domain: HTTPS from the tiers the platform allows', HTTPS_PORT));

    this.adminRole = new iam.Role(this, 'AdminRole', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Master user of the MultiAzHaPlatform search domain (fine-grained access control): map roles with it',
    });
    this.accessPrincipals.push(this.adminRole);

    this.domain = this.newDomain(props);
    const cfnDomain = this.domain.node.defaultChild as opensearch.CfnDomain;
    // OpenSearch Service checks at creation that it may write to the log groups.
    cfnDomain.node.addDependency(this.logsResourcePolicy);
    if (props.createServiceLinkedRole) {
      this.serviceLinkedRole = this.newServiceLinkedRole();
      cfnDomain.node.addDependency(this.serviceLinkedRole);
    }
    this.setAccessPolicy(cfnDomain);
    this.endpoint = this.domain.domainEndpoint;
  }

  /** The domain's log groups, by log type, encrypted with the tier's key. */
  private newLogGroups(retention: logs.RetentionDays): { [logType: string]: logs.LogGroup } {
    const logGroup = (groupId: string) => newEncryptedLogGroup(this, groupId, this.key, retention);
    return {
      SEARCH_SLOW_LOGS: logGroup('SlowSearchLogs'),
      INDEX_SLOW_LOGS: logGroup('SlowIndexLogs'),
      ES_APPLICATION_LOGS: logGroup('ApplicationLogs'),
      AUDIT_LOGS: logGroup('AuditLogs'),
    };
  }

  /**
   * Lets OpenSearch Service write the log groups. The domain L2 would set this policy through an AwsCustomResource (a
   * Lambda function with logs:* on "*"); a plain AWS::Logs::ResourcePolicy does the same without code, scoped to this
   * account's domains. One statement, in the shared policy when the platform gives one: the account's 10 policies
   * per Region are few.
   */
  private allowLogDelivery(shared?: logs.ResourcePolicy): logs.ResourcePolicy {
    const stack = Stack.of(this);
    const policy = shared ?? new logs.ResourcePolicy(this, 'LogsResourcePolicy');
    policy.document.addStatements(new iam.PolicyStatement({
      sid: 'OpenSearchServiceLogs',
      principals: [new iam.ServicePrincipal('es.amazonaws.com')],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: Object.values(this.logGroups).map((group) => group.logGroupArn),
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'es', resource: 'domain', resourceName: '*' }) },
      },
    }));
    return policy;
  }

  private newDomain(props: SearchTierProps): opensearch.Domain {
    return new opensearch.Domain(this, 'Domain', {
      version: props.engineVersion ?? opensearch.EngineVersion.OPENSEARCH_3_5,
      // An engine version change upgrades the domain in place instead of replacing it with an empty one.
      enableVersionUpgrade: true,
      capacity: {
        masterNodes: this.masterNodes,
        masterNodeInstanceType: this.masterNodeType,
        dataNodes: this.dataNodes,
        dataNodeInstanceType: this.dataNodeType,
        // Always set: left unset, aws-cdk-lib's default depends on a feature flag of the app.
        multiAzWithStandbyEnabled: this.multiAzWithStandby,
      },
      zoneAwareness: { enabled: this.zoneAwareness, availabilityZoneCount: this.availabilityZoneCount },
      ebs: {
        enabled: true,
        volumeType: this.volumeType,
        volumeSize: this.volumeSizeGiB,
      },
      vpc: props.vpc,
      vpcSubnets: [{ subnets: this.subnets }],
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
      removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
    });
  }

  private newServiceLinkedRole(): iam.CfnServiceLinkedRole {
    const role = new iam.CfnServiceLinkedRole(this, 'ServiceLinkedRole', {
      awsServiceName: SERVICE_LINKED_ROLE_SERVICE,
      description: 'Lets Amazon OpenSearch Service place domains in VPCs (created by the MultiAzHaPlatform search tier)',
    });
    // Other domains of the account come to rely on it: kept unless the first deployment rolls back, so that a
    // retry can create it again.
    role.applyRemovalPolicy(KEEP_EXCEPT_ON_FAILED_CREATE);
    return role;
  }

  /**
   * The access policy is set on the domain itself (the L2's accessPolicies would add a custom resource and a Lambda
   * function). It names the granted principals and nothing else; its resource is this account's domain ARN pattern,
   * since the domain's own ARN would be a circular reference, and a domain access policy applies to the domain it
   * is attached to anyway.
   */
  private setAccessPolicy(cfnDomain: opensearch.CfnDomain): void {
    const domainsOfAccount = Stack.of(this).formatArn({ service: 'es', resource: 'domain', resourceName: '*' });
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
      validateProps(this, () => fail('grantReadWrite(grantee)',
        'be an IAM role or user (the domain\'s access policy names each principal, never "*")', JSON.stringify(json)));
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

  /**
   * Any OpenSearch Service metric of the domain (`AWS/ES`, dimensions `DomainName` and `ClientId`), for example
   * 'SearchLatency'.
   *
   * @default Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.domain.metric(metricName, props);
  }

  /**
   * 1 while at least one primary shard is unassigned (data unavailable), 0 otherwise.
   *
   * @default Maximum over 5 minutes
   */
  public metricClusterStatusRed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ClusterStatus.red', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * 1 while at least one replica shard is unassigned (for example after losing a zone), 0 otherwise.
   *
   * @default Maximum over 5 minutes
   */
  public metricClusterStatusYellow(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ClusterStatus.yellow', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Free storage space of the data nodes, in MiB (the minimum is the node with the least).
   *
   * @default Minimum over 5 minutes
   */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeStorageSpace', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * JVM memory pressure of the data nodes, in percent (the maximum is the node under the most).
   *
   * @default Maximum over 5 minutes
   */
  public metricJvmMemoryPressure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('JVMMemoryPressure', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * 1 while the cluster health check finds an elected master, 0 while it fails (MasterNotDiscovered, for example
   * after a lost quorum). AWS recommends alarming when the maximum stays below 1.
   *
   * @default Maximum over 5 minutes
   */
  public metricMasterReachable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('MasterReachableFromNode', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * CPU utilization of the data nodes, in percent (the maximum is the busiest node).
   *
   * @default Maximum over 5 minutes
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  private logicalIdOfDomain(): string {
    return Stack.of(this).getLogicalId(this.domain.node.defaultChild as opensearch.CfnDomain);
  }
}
