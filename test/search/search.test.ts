import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { PlatformErrors, PlatformNetwork } from '../../lib';
import { SearchTier, SearchTierOptions } from '../../lib/search/search-tier';
import { logicalIdOf, resourcesOf, TEST_ENV } from '../support/fixtures';
import { newTierStack } from '../support/tier-fixtures';
import { awsSolutionsFindings, schemaValidationFindings } from '../support/validation-report';

const DOMAIN = 'AWS::OpenSearchService::Domain';
const LOG_GROUP = 'AWS::Logs::LogGroup';

/** The search tier as the platform wires it: HTTPS from the app tier, read-write for the app and worker roles. */
function buildSearchTier(options: SearchTierOptions = {}, wiring = { grant: true }) {
  const fixture = newTierStack();
  const tier = new SearchTier(fixture.stack, 'SearchTier', {
    ...options,
    vpc: fixture.network.vpc,
    subnets: fixture.network.isolatedSubnets,
    availabilityZones: fixture.network.availabilityZones,
  });
  if (wiring.grant) {
    tier.grantReadWrite(fixture.appRole);
    tier.grantReadWrite(fixture.workerRole);
    tier.connections.allowDefaultPortFrom(fixture.appSecurityGroup);
  }
  return { ...fixture, tier };
}

function synthSearchTier(options: SearchTierOptions = {}, wiring = { grant: true }) {
  const built = buildSearchTier(options, wiring);
  return { ...built, template: Template.fromStack(built.stack) };
}

let defaults: ReturnType<typeof synthSearchTier> | undefined;
/** The default tier, synthesized once for this file. */
function defaultTier() {
  defaults ??= synthSearchTier();
  return defaults;
}

let overridden: ReturnType<typeof synthSearchTier> | undefined;
/** Every option overridden, and no grant (the platform's wiring left out), synthesized once for this file. */
function overriddenTier() {
  overridden ??= synthSearchTier({
    masterNodes: 5,
    masterNodeType: 'm7g.xlarge.search',
    dataNodes: 6,
    dataNodeType: 'r7g.xlarge.search',
    volumeSizeGiB: 3072,
    engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
    logRetention: logs.RetentionDays.THREE_MONTHS,
  }, { grant: false });
  return overridden;
}

function domainOf(template: Template): any {
  const domains = Object.values(resourcesOf(template, DOMAIN));
  expect(domains).toHaveLength(1);
  return domains[0];
}

describe('nodes over both zones (guarantee 1)', () => {
  test('3 dedicated m7g.large masters and 4 r7g.large data nodes, zone-aware over 2 zones, by default', () => {
    defaultTier().template.hasResourceProperties(DOMAIN, {
      ClusterConfig: {
        DedicatedMasterEnabled: true,
        DedicatedMasterCount: 3,
        DedicatedMasterType: 'm7g.large.search',
        InstanceCount: 4,
        InstanceType: 'r7g.large.search',
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
        // Multi-AZ with Standby needs three zones: off, whatever the app's feature flags say.
        MultiAZWithStandbyEnabled: false,
      },
    });
  });

  test('one isolated subnet per zone, zone 1 first', () => {
    const { template, network } = defaultTier();
    const isolated = network.vpc.isolatedSubnets.map((subnet) => ({ Ref: logicalIdOf(subnet) }));
    expect(isolated).toHaveLength(2);
    expect(domainOf(template).Properties.VPCOptions.SubnetIds).toEqual(isolated);
  });

  test('masterNodes, masterNodeType, dataNodes and dataNodeType override the defaults', () => {
    overriddenTier().template.hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({
        DedicatedMasterCount: 5,
        DedicatedMasterType: 'm7g.xlarge.search',
        InstanceCount: 6,
        InstanceType: 'r7g.xlarge.search',
        ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
      }),
    });
  });
});

describe('storage and engine', () => {
  test('a 256 GiB gp3 volume per data node by default, volumeSizeGiB overrides it', () => {
    defaultTier().template.hasResourceProperties(DOMAIN, { EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 256 } });
    overriddenTier().template.hasResourceProperties(DOMAIN, { EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 3072 } });
  });

  test('OpenSearch 3.5 by default, engineVersion overrides it, and a version change upgrades in place', () => {
    expect(domainOf(defaultTier().template)).toMatchObject({
      Properties: { EngineVersion: 'OpenSearch_3.5' },
      UpdatePolicy: { EnableVersionUpgrade: true },
    });
    overriddenTier().template.hasResourceProperties(DOMAIN, { EngineVersion: 'OpenSearch_2.19' });
  });
});

describe('encryption and TLS (guarantee 4)', () => {
  test('encrypted at rest with the tier\'s rotating customer-managed key, and node to node', () => {
    const { template, tier } = defaultTier();
    template.hasResourceProperties(DOMAIN, {
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: { Ref: logicalIdOf(tier.key) } },
      NodeToNodeEncryptionOptions: { Enabled: true },
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  test('HTTPS only, TLS 1.2 or later with perfect forward secrecy', () => {
    defaultTier().template.hasResourceProperties(DOMAIN, {
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    });
  });
});

describe('fine-grained access control and the master user', () => {
  test('the master user is an IAM role of the account, with no password anywhere', () => {
    const { template, tier } = defaultTier();
    template.hasResourceProperties(DOMAIN, {
      AdvancedSecurityOptions: {
        Enabled: true,
        InternalUserDatabaseEnabled: false,
        MasterUserOptions: { MasterUserARN: { 'Fn::GetAtt': [logicalIdOf(tier.adminRole), 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } },
        })],
      }),
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });
});

describe('logs', () => {
  test('slow search, slow index, application and audit logs, each to its own KMS-encrypted, retained log group', () => {
    const { template, tier } = defaultTier();
    const logTypes = ['SEARCH_SLOW_LOGS', 'INDEX_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'AUDIT_LOGS'];
    expect(Object.keys(tier.logGroups).sort()).toEqual([...logTypes].sort());
    template.hasResourceProperties(DOMAIN, {
      LogPublishingOptions: Object.fromEntries(logTypes.map((type) => [type, {
        Enabled: true,
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [logicalIdOf(tier.logGroups[type]), 'Arn'] },
      }])),
    });
    for (const group of Object.values(tier.logGroups)) {
      expect(resourcesOf(template, LOG_GROUP)[logicalIdOf(group)]).toEqual({
        Type: LOG_GROUP,
        Properties: { KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(tier.key), 'Arn'] }, RetentionInDays: 365 },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
    const custom = overriddenTier();
    for (const group of Object.values(custom.tier.logGroups)) {
      expect(resourcesOf(custom.template, LOG_GROUP)[logicalIdOf(group)].Properties.RetentionInDays).toBe(90);
    }
  });

  test('OpenSearch Service may write to them through a plain resource policy: no custom resource, no Lambda', () => {
    const { template, tier } = defaultTier();
    const policy = Object.values(resourcesOf(template, 'AWS::Logs::ResourcePolicy'));
    expect(policy).toHaveLength(1);
    const document = JSON.stringify(policy[0].Properties.PolicyDocument);
    expect(document).toContain('\\"Principal\\":{\\"Service\\":\\"es.amazonaws.com\\"}');
    expect(document).toContain('\\"Action\\":[\\"logs:CreateLogStream\\",\\"logs:PutLogEvents\\"]');
    expect(document).toContain('\\"aws:SourceAccount\\":\\"123456789012\\"');
    expect(document).toContain(':es:eu-west-1:123456789012:domain/*');
    for (const group of Object.values(tier.logGroups)) {
      expect(document).toContain(`{"Fn::GetAtt":["${logicalIdOf(group)}","Arn"]}`);
    }
    // OpenSearch Service checks at creation that it may write to the log groups.
    expect(domainOf(template).DependsOn).toContain(logicalIdOf(tier.logsResourcePolicy));
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('Custom::CloudwatchLogResourcePolicy', 0);
    template.resourceCountIs('Custom::OpenSearchAccessPolicy', 0);
  });
});

describe('access (guarantee 3)', () => {
  test('the access policy lets exactly the admin role and the granted roles send HTTP requests, and names no "*" principal', () => {
    const { template, tier, appRole, workerRole } = defaultTier();
    expect(domainOf(template).Properties.AccessPolicies).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: 'es:ESHttp*',
        Principal: {
          AWS: [
            { 'Fn::GetAtt': [logicalIdOf(tier.adminRole), 'Arn'] },
            { 'Fn::GetAtt': [logicalIdOf(appRole), 'Arn'] },
            { 'Fn::GetAtt': [logicalIdOf(workerRole), 'Arn'] },
          ],
        },
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':es:eu-west-1:123456789012:domain/*']] },
      }],
    });
  });

  test('grantReadWrite also gives the role the HTTP actions on the domain and its paths, nothing else', () => {
    const { template, tier, appRole } = defaultTier();
    const domainArn = { 'Fn::GetAtt': [logicalIdOf(tier.domain), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(appRole) }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpDelete', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpPatch'],
          Resource: [domainArn, { 'Fn::Join': ['', [domainArn, '/*']] }],
        }],
      },
    });
  });

  test('without a grant only the admin role is in the access policy', () => {
    const { template, tier } = overriddenTier();
    expect(domainOf(template).Properties.AccessPolicies.Statement).toEqual([expect.objectContaining({
      Principal: { AWS: { 'Fn::GetAtt': [logicalIdOf(tier.adminRole), 'Arn'] } },
    })]);
  });

  test('only the peers the platform allows reach the domain, on 443 only; the domain sends nothing', () => {
    const { template, tier, appSecurityGroup } = defaultTier();
    const sg = logicalIdOf(tier.securityGroup);
    expect(domainOf(template).Properties.VPCOptions.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sg, 'GroupId'] }]);
    const groups = resourcesOf(template, 'AWS::EC2::SecurityGroup');
    expect(groups[sg].Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups[sg].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => JSON.stringify(rule.Properties.GroupId).includes(sg));
    expect(ingress.map((rule) => rule.Properties)).toEqual([expect.objectContaining({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalIdOf(appSecurityGroup), 'GroupId'] },
    })]);
    expect(tier.connections.defaultPort?.toString()).toBe('443');
    expect(tier.connections.securityGroups).toEqual([tier.securityGroup]);
  });

  test.each([
    ['anyone', new iam.AnyPrincipal(), /"AWS":\["\*"\]/],
    ['a service', new iam.ServicePrincipal('lambda.amazonaws.com'), /"Service":\["lambda.amazonaws.com"\]/],
  ])('grantReadWrite fails for %s: the access policy names roles and users only', (_name, grantee, shown) => {
    const { tier } = buildSearchTier({}, { grant: false });
    expect(() => tier.grantReadWrite(grantee)).toThrow(
      /`search.grantReadWrite\(grantee\)` must be an IAM role or user \(the domain's access policy names each principal, never "\*"\), got '/);
    expect(() => tier.grantReadWrite(grantee)).toThrow(shown);
  });
});

describe('stateful resources survive (guarantee 5)', () => {
  test('the domain, its key and log groups are retained, under logical IDs pinned here', () => {
    const { template, tier } = defaultTier();
    expect(domainOf(template)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect({
      domain: logicalIdOf(tier.domain),
      key: logicalIdOf(tier.key),
      auditLogs: logicalIdOf(tier.logGroups.AUDIT_LOGS),
    }).toEqual({
      domain: 'SearchTierDomain816532FF',
      key: 'SearchTierKey59254750',
      auditLogs: 'SearchTierAuditLogs6BA92305',
    });
  });
});

describe('exposed members and metrics', () => {
  test('the endpoint is the domain\'s HTTPS endpoint on 443', () => {
    const { stack, tier } = defaultTier();
    expect(stack.resolve(tier.endpoint)).toEqual({ 'Fn::GetAtt': [logicalIdOf(tier.domain), 'DomainEndpoint'] });
    expect(tier.port).toBe(443);
  });

  test.each([
    ['metricClusterStatusRed', 'ClusterStatus.red', 'Maximum'],
    ['metricClusterStatusYellow', 'ClusterStatus.yellow', 'Maximum'],
    ['metricFreeStorageSpace', 'FreeStorageSpace', 'Minimum'],
    ['metricJvmMemoryPressure', 'JVMMemoryPressure', 'Maximum'],
    ['metricMasterReachable', 'MasterReachableFromNode', 'Maximum'],
    ['metricCpuUtilization', 'CPUUtilization', 'Maximum'],
  ] as const)('%s reads AWS/ES %s of this domain (%s)', (method, metricName, statistic) => {
    const { stack, tier } = defaultTier();
    const metric = tier[method]();
    expect(metric.namespace).toBe('AWS/ES');
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe(statistic);
    expect(stack.resolve(metric.dimensions)).toEqual({ DomainName: { Ref: logicalIdOf(tier.domain) }, ClientId: '123456789012' });
    expect(tier[method]({ statistic: 'Average' }).statistic).toBe('Average');
  });
});

describe('bad input', () => {
  test.each([
    [{ dataNodes: 3 }, /`search.dataNodes` must be an even number \(zone awareness spreads the data nodes evenly over the two zones\), got 3/],
    [{ dataNodes: 0 }, /`search.dataNodes` must be at least 2, got 0/],
    [{ dataNodes: 4.5 }, /`search.dataNodes` must be a whole number, got 4.5/],
    [{ masterNodes: 2 }, /`search.masterNodes` must be 3 or 5 \(an odd number of dedicated masters keeps a quorum when one is lost; the seed's 2 master-eligible nodes lose it with either node or zone\), got 2/],
    [{ masterNodes: 4 }, /`search.masterNodes` must be 3 or 5 \(.*\), got 4/],
    [{ masterNodeType: 'r7g.large' }, /`search.masterNodeType` must be a node type of the form <family>.<size>.search, got 'r7g.large'/],
    [{ dataNodeType: 'r7g.large' }, /`search.dataNodeType` must be a node type of the form <family>.<size>.search, got 'r7g.large'/],
    [{ dataNodeType: 'search.r7g.large' }, /`search.dataNodeType` must be a node type of the form <family>.<size>.search, got 'search.r7g.large'/],
    [{ dataNodeType: 'r7gd.large.search' }, /`search.dataNodeType` must be an EBS-backed type \(.*instance storage only\), got 'r7gd.large.search'/],
    [{ volumeSizeGiB: 5 }, /`search.volumeSizeGiB` must be at least 10, got 5/],
    [{ volumeSizeGiB: 2048 }, /`search.volumeSizeGiB` must be at most 1536 for r7g.large.search \(its gp3 volume limit\), got 2048/],
    [{ dataNodeType: 'm7g.large.search', volumeSizeGiB: 1024 }, /`search.volumeSizeGiB` must be at most 768 for m7g.large.search/],
    [{ dataNodeType: 'or2.large.search', volumeSizeGiB: 10 }, /`search.volumeSizeGiB` must be at least 20, got 10/],
    [{ engineVersion: opensearch.EngineVersion.ELASTICSEARCH_7_10 }, /`search.engineVersion` must be an OpenSearch version \(.*\), got 'Elasticsearch_7.10'/],
  ] as Array<[SearchTierOptions, RegExp]>)('fails when search is %j', (options, message) => {
    expect(() => buildSearchTier(options, { grant: false })).toThrow(message);
  });

  test('fails when the subnets do not cover both zones', () => {
    const { stack, network } = newTierStack();
    expect(() => new SearchTier(stack, 'SearchTier', {
      vpc: network.vpc,
      subnets: network.privateSubnetOfZone(0),
      availabilityZones: network.availabilityZones,
    })).toThrow(/`search.subnets` must have a subnet in each platform zone/);
  });

  test('the error names its prop path, for every jsii language', () => {
    let caught: unknown;
    try {
      buildSearchTier({ masterNodes: 2 }, { grant: false });
    } catch (error) {
      caught = error;
    }
    expect(PlatformErrors.isConfigurationError(caught)).toBe(true);
    expect(PlatformErrors.propPathOf(caught)).toBe('search.masterNodes');
  });
});

/** The search tier as in the default platform, in its own stack. */
function searchTierApp(app: App, env: { account?: string; region?: string } | undefined): void {
  const stack = new Stack(app, 'TierStack', { env });
  const network = new PlatformNetwork(stack, 'Network');
  const tier = new SearchTier(stack, 'SearchTier', {
    vpc: network.vpc,
    subnets: network.isolatedSubnets,
    availabilityZones: network.availabilityZones,
  });
  for (const id of ['AppRole', 'WorkerRole']) {
    tier.grantReadWrite(new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }));
  }
  tier.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc }));
}

describe('cdk-nag AwsSolutions (guarantee 6)', () => {
  test.each([
    ['a fixed environment', TEST_ENV],
    ['an environment-agnostic stack', undefined],
  ])('in %s: no unacknowledged finding, and the pack ran', (_name, env) => {
    const { canaryRules, others } = awsSolutionsFindings((app) => searchTierApp(app, env));
    expect(canaryRules).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
    expect(others).toEqual([]);
  });
});

describe('CloudFormation schema validation', () => {
  test('the tier has no schema issue, and the validation ran', () => {
    const { canaryFindings, others } = schemaValidationFindings((app) => searchTierApp(app, TEST_ENV));
    expect(canaryFindings).toBeGreaterThan(0);
    expect(others).toEqual([]);
  });
});
