import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { PlatformErrors, PlatformNetwork } from '../../lib';
import { SearchTier, SearchTierOptions } from '../../lib/search/search-tier';
import { errorOf, expectConfigurationError } from '../support/errors';
import { buildPlatform, logicalIdOf, newTestApp, once, resourcesOf, TEST_ENV, TEST_ZONES, withTemplate } from '../support/fixtures';
import { expectMetricMethod } from '../support/metric-assertions';
import { buildPlatform as buildRequestPath } from '../support/request-path';
import { expectKeptExceptOnFailedCreate, newTierStack } from '../support/tier-fixtures';

const DOMAIN = 'AWS::OpenSearchService::Domain';
const LOG_GROUP = 'AWS::Logs::LogGroup';

/**
 * The search tier as the platform wires it: in the quorum subnets (both serving zones and the quorum zone), HTTPS
 * from the app tier, read-write for the app and worker roles.
 */
function buildSearchTier(options: SearchTierOptions = {}, wiring = { grant: true }) {
  const fixture = newTierStack();
  const tier = new SearchTier(fixture.stack, 'SearchTier', {
    ...options,
    vpc: fixture.network.vpc,
    subnets: fixture.network.quorumSubnets,
    availabilityZones: fixture.network.quorumZones,
  });
  if (wiring.grant) {
    tier.grantReadWrite(fixture.appRole);
    tier.grantReadWrite(fixture.workerRole);
    tier.connections.allowDefaultPortFrom(fixture.appSecurityGroup);
  }
  return { ...fixture, tier };
}

function synthSearchTier(options: SearchTierOptions = {}, wiring = { grant: true }) {
  return withTemplate(buildSearchTier(options, wiring));
}

/** The default tier, synthesized once for this file. */
const defaultTier = once(() => synthSearchTier());

/** Every option overridden, and no grant (the platform's wiring left out), synthesized once for this file. */
const overriddenTier = once(() => synthSearchTier({
  masterNodes: 5,
  masterNodeType: 'm7g.xlarge.search',
  dataNodes: 9,
  multiAzWithStandby: false,
  dataNodeType: 'r7g.xlarge.search',
  volumeSizeGiB: 3072,
  engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
  logRetention: logs.RetentionDays.THREE_MONTHS,
}, { grant: false }));

/** The search tier on a network without the quorum zone (a region with two zones): 2 zones. */
function buildTwoZoneTier(options: SearchTierOptions = {}) {
  const stack = new Stack(newTestApp(), 'TierStack', { env: TEST_ENV });
  const network = new PlatformNetwork(stack, 'Network', { quorumZoneEnabled: false });
  const tier = new SearchTier(stack, 'SearchTier', {
    ...options,
    vpc: network.vpc,
    subnets: network.quorumSubnets,
    availabilityZones: network.quorumZones,
  });
  return { stack, network, tier };
}

let twoZones: (ReturnType<typeof buildTwoZoneTier> & { template: Template }) | undefined;
/** The default tier over 2 zones, synthesized once for this file. */
function twoZoneTier() {
  if (!twoZones) {
    const built = buildTwoZoneTier();
    twoZones = { ...built, template: Template.fromStack(built.stack) };
  }
  return twoZones;
}

/** The search tier's own warnings (the network warns about a missing quorum zone too). */
function searchWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('multi-az-ha-platform:search'))
    .map((warning) => String(warning.entry.data));
}

/** The availability zone of each subnet of the domain, in order. */
function zonesOfDomainSubnets(template: Template): string[] {
  const subnets = resourcesOf(template, 'AWS::EC2::Subnet');
  return domainOf(template).Properties.VPCOptions.SubnetIds
    .map((ref: { Ref: string }) => subnets[ref.Ref].Properties.AvailabilityZone);
}

function domainOf(template: Template): any {
  const domains = Object.values(resourcesOf(template, DOMAIN));
  expect(domains).toHaveLength(1);
  return domains[0];
}

/**
 * Asserts the domain's whole cluster layout, 3 dedicated m7g.large masters and `dataNodes` r7g.large data nodes
 * zone-aware over `zones` zones, with standby or not, and that the tier's getters say the same.
 */
function expectClusterLayout({ template, tier }: { template: Template; tier: SearchTier }, zones: number, dataNodes: number, standby: boolean) {
  template.hasResourceProperties(DOMAIN, {
    ClusterConfig: {
      DedicatedMasterEnabled: true,
      DedicatedMasterCount: 3,
      DedicatedMasterType: 'm7g.large.search',
      InstanceCount: dataNodes,
      InstanceType: 'r7g.large.search',
      ZoneAwarenessEnabled: true,
      ZoneAwarenessConfig: { AvailabilityZoneCount: zones },
      MultiAZWithStandbyEnabled: standby,
    },
  });
  expect({ zones: tier.availabilityZoneCount, dataNodes: tier.dataNodes, standby: tier.multiAzWithStandby })
    .toEqual({ zones, dataNodes, standby });
}

describe('nodes over three zones: any one zone lost keeps the master quorum (guarantees 1 and 2)', () => {
  test('3 dedicated m7g.large masters and 6 r7g.large data nodes with standby, zone-aware over 3 zones, by default', () => {
    // Over 3 zones OpenSearch Service places one master in each: losing any zone leaves 2 of 3.
    expectClusterLayout(defaultTier(), 3, 6, true);
  });

  test('one isolated subnet in each of zone 1, zone 2 and the quorum zone, in that order', () => {
    const { template, network, tier } = defaultTier();
    const quorumSubnets = network.vpc.selectSubnets(network.quorumSubnets).subnets;
    expect(quorumSubnets).toHaveLength(3);
    expect(tier.subnets).toEqual(quorumSubnets);
    expect(domainOf(template).Properties.VPCOptions.SubnetIds).toEqual(quorumSubnets.map((subnet) => ({ Ref: logicalIdOf(subnet) })));
    expect(zonesOfDomainSubnets(template)).toEqual(network.quorumZones);
    expect(new Set(zonesOfDomainSubnets(template))).toEqual(new Set(TEST_ZONES));
  });

  test('in an environment-agnostic stack too: the subnets of zones 1 and 2 and of the region\'s third zone', () => {
    const stack = new Stack(new App(), 'TierStack');
    const network = new PlatformNetwork(stack, 'Network');
    new SearchTier(stack, 'SearchTier', { vpc: network.vpc, subnets: network.quorumSubnets, availabilityZones: network.quorumZones });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({ InstanceCount: 6, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, MultiAZWithStandbyEnabled: true }),
    });
    expect(zonesOfDomainSubnets(template)).toEqual([0, 1, 2].map((i) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] })));
  });

  test('masterNodes, masterNodeType, dataNodes, dataNodeType and multiAzWithStandby override the defaults', () => {
    const { template, tier } = overriddenTier();
    template.hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({
        DedicatedMasterCount: 5,
        DedicatedMasterType: 'm7g.xlarge.search',
        InstanceCount: 9,
        InstanceType: 'r7g.xlarge.search',
        ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
        MultiAZWithStandbyEnabled: false,
      }),
    });
    expect(tier.multiAzWithStandby).toBe(false);
  });

  test('without standby the default stays 6 data nodes, all serving', () => {
    const { template } = synthSearchTier({ multiAzWithStandby: false }, { grant: false });
    template.hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({ InstanceCount: 6, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, MultiAZWithStandbyEnabled: false }),
    });
  });

  test('no search warning', () => {
    expect(searchWarnings(defaultTier().stack)).toEqual([]);
  });
});

describe('two zones, without the quorum zone (a region with two zones)', () => {
  test('today\'s two-zone layout: 3 masters, 4 data nodes, zone-aware over 2 zones, no standby', () => {
    expectClusterLayout(twoZoneTier(), 2, 4, false);
  });

  test('one isolated subnet in each serving zone, zone 1 first', () => {
    const { template, network, tier } = twoZoneTier();
    expect(domainOf(template).Properties.VPCOptions.SubnetIds)
      .toEqual(network.vpc.isolatedSubnets.map((subnet) => ({ Ref: logicalIdOf(subnet) })));
    expect(tier.subnets).toEqual(network.vpc.isolatedSubnets);
    expect(zonesOfDomainSubnets(template)).toEqual(network.availabilityZones);
  });

  test('dataNodes overrides the default with an even number', () => {
    const { stack } = buildTwoZoneTier({ dataNodes: 6 });
    Template.fromStack(stack).hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({ InstanceCount: 6, ZoneAwarenessConfig: { AvailabilityZoneCount: 2 } }),
    });
  });

  test('warns that a zone loss can take the master quorum, and how to restore it', () => {
    expect(searchWarnings(twoZoneTier().stack)).toEqual([expect.stringMatching(new RegExp(
      '^`availabilityZones` lists 2 zones: the 3 dedicated masters sit 2 \\+ 1 over them, and losing the ' +
      'zone that holds 2 loses the master quorum: .*`network.quorumZoneEnabled` true \\(the default\\).*' +
      'multi-az-ha-platform:search.two-zone-masters', 's'))]);
    const annotated = Annotations.fromStack(twoZoneTier().stack)
      .findWarning('/TierStack/SearchTier', Match.stringLikeRegexp('multi-az-ha-platform:search'));
    expect(annotated).toHaveLength(1);
  });

  test.each([
    { masterNodes: 3, split: '2 + 1', more: 2, fewer: 1 },
    { masterNodes: 5, split: '3 + 2', more: 3, fewer: 2 },
  ])('under the platform without a quorum zone, $masterNodes masters: every warning about them says $split', ({ masterNodes, split, more, fewer }) => {
    const { stack } = buildRequestPath({ network: { quorumZoneEnabled: false }, search: { masterNodes } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((warning) => String(warning.entry.data));
    const splits = (text: string) => text.match(/\d+ \+ \d+/g) ?? [];
    // The search tier's warning names the platform's prop and the split; the network's names no tier's masters.
    expect(searchWarnings(stack)).toEqual([expect.stringMatching(new RegExp('^`search\\.availabilityZones` lists 2 zones: ' +
      `the ${masterNodes} dedicated masters sit ${split.replace('+', '\\+')} over them, and losing the zone that holds ${more} loses the master quorum`))]);
    expect(warnings.filter((text) => /network\.no-quorum-zone/.test(text))).toEqual([expect.not.stringMatching(/master/)]);
    // The resilience check (the report's zone-loss rule) agrees, and no warning states another split.
    expect(warnings.filter((text) => /resilience\.zone-loss\.search/.test(text))).toEqual([expect.stringContaining(
      `masters are split ${split} over the 2 zones: quorum is kept only if the lost zone held ${fewer} of them`)]);
    expect(new Set(warnings.filter((text) => /master/.test(text)).flatMap(splits))).toEqual(new Set([split]));
  });

  test('with 5 masters the warning says 3 + 2', () => {
    const { stack } = buildTwoZoneTier({ masterNodes: 5 });
    expect(searchWarnings(stack)).toEqual([expect.stringMatching(/the 5 dedicated masters sit 3 \+ 2 over them, and losing the zone that holds 3/)]);
  });

  test('the warning can be acknowledged', () => {
    const { stack, tier } = buildTwoZoneTier();
    Validations.of(tier).acknowledge({ id: 'multi-az-ha-platform:search.two-zone-masters', reason: 'a region with two zones' });
    Template.fromStack(stack);
    expect(searchWarnings(stack)).toEqual([]);
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
    expect(resourcesOf(template, 'AWS::KMS::Key')[logicalIdOf(tier.key)]).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
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
        DeletionPolicy: 'RetainExceptOnCreate',
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

  // An account holds at most 10 account-level CloudWatch Logs resource policies per Region: a platform shares one.
  test('given a shared resource policy, the tier adds its statement there and creates none of its own', () => {
    const fixture = newTierStack();
    const shared = new logs.ResourcePolicy(fixture.stack, 'SharedLogDelivery', {
      policyStatements: [new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['*'],
      })],
    });
    const tier = new SearchTier(fixture.stack, 'SearchTier', {
      vpc: fixture.network.vpc,
      subnets: fixture.network.quorumSubnets,
      availabilityZones: fixture.network.quorumZones,
      logsResourcePolicy: shared,
    });
    const template = Template.fromStack(fixture.stack);
    expect(tier.logsResourcePolicy).toBe(shared);
    const policies = resourcesOf(template, 'AWS::Logs::ResourcePolicy');
    expect(Object.keys(policies)).toEqual([logicalIdOf(shared)]);
    const document = JSON.stringify(fixture.stack.resolve(shared.document));
    expect(document).toContain('delivery.logs.amazonaws.com');
    expect(document).toContain('"Sid":"OpenSearchServiceLogs"');
    for (const group of Object.values(tier.logGroups)) {
      expect(document).toContain(`{"Fn::GetAtt":["${logicalIdOf(group)}","Arn"]}`);
    }
    expect(domainOf(template).DependsOn).toContain(logicalIdOf(shared));
  });
});

describe('service-linked role (new accounts)', () => {
  test('not created by default: creating it fails in an account that has it', () => {
    const { template, tier } = defaultTier();
    template.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    expect(tier.serviceLinkedRole).toBeUndefined();
  });

  test('createServiceLinkedRole: true creates AWSServiceRoleForAmazonOpenSearchService before the domain, kept unless the first deployment rolls back', () => {
    const { template, tier } = synthSearchTier({ createServiceLinkedRole: true }, { grant: false });
    const roles = resourcesOf(template, 'AWS::IAM::ServiceLinkedRole');
    expect(Object.keys(roles)).toEqual([logicalIdOf(tier.serviceLinkedRole!)]);
    expect(roles[logicalIdOf(tier.serviceLinkedRole!)]).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { AWSServiceName: 'opensearchservice.amazonaws.com' },
    });
    expect(domainOf(template).DependsOn).toContain(logicalIdOf(tier.serviceLinkedRole!));
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
      /`grantReadWrite\(grantee\)` must be an IAM role or user \(the domain's access policy names each principal, never "\*"\), got '/);
    expect(() => tier.grantReadWrite(grantee)).toThrow(shown);
  });
});

describe('stateful resources survive (guarantee 5)', () => {
  test.each([
    ['three zones (the default)', defaultTier],
    ['two zones', twoZoneTier],
  ])('with %s the domain, its key and log groups are retained, under logical IDs pinned here', (_name, built) => {
    const { template, tier } = built();
    expect(domainOf(template)).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    // The same IDs in both layouts: moving a domain from 2 zones to 3 updates it in place (a blue/green
    // deployment inside OpenSearch Service), it never replaces it.
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

describe('a failed first deployment rolls back cleanly', () => {
  // A domain kept by a rolled-back create would keep its network interfaces in the isolated subnets, and with
  // them the subnets and the VPC.
  test('the domain, its key and its log groups are kept on update and deletion only (RetainExceptOnCreate); nothing is Retain', () => {
    const { template, tier } = defaultTier();
    expectKeptExceptOnFailedCreate(template, [tier.domain, tier.key, ...Object.values(tier.logGroups)], 'SearchTier');
  });
});

describe('exposed members and metrics', () => {
  test('the tier says its masters, node types, volume type and zone awareness: the defaults, and the overrides', () => {
    const layoutOf = (tier: SearchTier) => [tier.masterNodes, tier.masterNodeType, tier.dataNodeType, tier.volumeType, tier.zoneAwareness];
    expect(layoutOf(defaultTier().tier)).toEqual([3, 'm7g.large.search', 'r7g.large.search', 'gp3', true]);
    expect(layoutOf(overriddenTier().tier)).toEqual([5, 'm7g.xlarge.search', 'r7g.xlarge.search', 'gp3', true]);
    overriddenTier().template.hasResourceProperties(DOMAIN, {
      ClusterConfig: Match.objectLike({ DedicatedMasterCount: 5, DedicatedMasterType: 'm7g.xlarge.search', InstanceType: 'r7g.xlarge.search' }),
    });
  });

  test('the endpoint is the domain\'s HTTPS endpoint on 443', () => {
    const { stack, tier } = defaultTier();
    expect(stack.resolve(tier.endpoint)).toEqual({ 'Fn::GetAtt': [logicalIdOf(tier.domain), 'DomainEndpoint'] });
    expect(tier.port).toBe(443);
  });

  test.each([
    ['metricClusterStatusRed', 'ClusterStatus.red', cloudwatch.Stats.MAXIMUM],
    ['metricClusterStatusYellow', 'ClusterStatus.yellow', cloudwatch.Stats.MAXIMUM],
    ['metricFreeStorageSpace', 'FreeStorageSpace', cloudwatch.Stats.MINIMUM],
    ['metricJvmMemoryPressure', 'JVMMemoryPressure', cloudwatch.Stats.MAXIMUM],
    ['metricMasterReachable', 'MasterReachableFromNode', cloudwatch.Stats.MAXIMUM],
    ['metricCpuUtilization', 'CPUUtilization', cloudwatch.Stats.MAXIMUM],
  ] as const)('%s reads AWS/ES %s of this domain (%s over 5 minutes)', (method, metricName, statistic) => {
    const { stack, tier } = defaultTier();
    const metric = expectMetricMethod((props) => tier[method](props),
      { namespace: 'AWS/ES', metricName, statistic, period: Duration.minutes(5) }, cloudwatch.Stats.AVERAGE);
    expect(stack.resolve(metric.dimensions)).toEqual({ DomainName: { Ref: logicalIdOf(tier.domain) }, ClientId: '123456789012' });
  });

  test('metric reads any AWS/ES metric of this domain: the average over 5 minutes by default', () => {
    const { stack, tier } = defaultTier();
    const metric = tier.metric('SearchLatency', { statistic: cloudwatch.Stats.p(99) });
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual(['AWS/ES', 'SearchLatency', 'p99', 5]);
    expect(tier.metric('SearchRate').statistic).toBe(cloudwatch.Stats.AVERAGE);
    expect(stack.resolve(metric.dimensions)).toEqual({ DomainName: { Ref: logicalIdOf(tier.domain) }, ClientId: '123456789012' });
  });
});

describe('bad input', () => {
  test.each([
    [{ dataNodes: 4 }, /^`dataNodes` must be a multiple of 3 with 3 availability zones \(zone awareness puts a third of the data nodes in each zone, and Multi-AZ with Standby keeps one zone's third on standby\), got 4$/],
    [{ dataNodes: 8, multiAzWithStandby: false }, /^`dataNodes` must be a multiple of 3 with 3 availability zones \(zone awareness puts a third of the data nodes in each zone\), got 8$/],
    [{ dataNodes: 0 }, /^`dataNodes` must be at least 3, got 0$/],
    [{ dataNodes: 2, multiAzWithStandby: false }, /^`dataNodes` must be at least 3, got 2$/],
    [{ dataNodes: 4.5 }, /`dataNodes` must be a whole number, got 4.5/],
    [{ masterNodes: 5 }, /^`masterNodes` must be 3 with Multi-AZ with Standby \(`multiAzWithStandby`\), which places one dedicated master in each zone, got 5$/],
    [{ dataNodeType: 't3.medium.search' }, /^`dataNodeType` must be a non-burstable type with Multi-AZ with Standby \(.*\), got 't3.medium.search'$/],
    [{ masterNodeType: 't3.medium.search' }, /^`masterNodeType` must be a non-burstable type with Multi-AZ with Standby \(.*\), got 't3.medium.search'$/],
    [{ engineVersion: opensearch.EngineVersion.OPENSEARCH_1_2 }, /^`engineVersion` must be OpenSearch 1.3 or later with Multi-AZ with Standby \(`multiAzWithStandby`\), got 'OpenSearch_1.2'$/],
    [{ masterNodes: 2 }, /`masterNodes` must be 3 or 5 \(an odd number of dedicated masters keeps a quorum when one is lost; the reference architecture's 2 master-eligible nodes lose it with either node or zone\), got 2/],
    [{ masterNodes: 4 }, /`masterNodes` must be 3 or 5 \(.*\), got 4/],
    [{ masterNodeType: 'r7g.large' }, /`masterNodeType` must be a node type of the form <family>.<size>.search, got 'r7g.large'/],
    [{ dataNodeType: 'r7g.large' }, /`dataNodeType` must be a node type of the form <family>.<size>.search, got 'r7g.large'/],
    [{ dataNodeType: 'search.r7g.large' }, /`dataNodeType` must be a node type of the form <family>.<size>.search, got 'search.r7g.large'/],
    [{ dataNodeType: 'r7gd.large.search' }, /`dataNodeType` must be an EBS-backed type \(.*instance storage only\), got 'r7gd.large.search'/],
    [{ volumeSizeGiB: 5 }, /`volumeSizeGiB` must be at least 10, got 5/],
    [{ volumeSizeGiB: 2048 }, /`volumeSizeGiB` must be at most 1536 for r7g.large.search \(its gp3 volume limit\), got 2048/],
    [{ dataNodeType: 'm7g.large.search', volumeSizeGiB: 1024 }, /`volumeSizeGiB` must be at most 768 for m7g.large.search/],
    [{ dataNodeType: 'or2.large.search', volumeSizeGiB: 10 }, /`volumeSizeGiB` must be at least 20, got 10/],
    [{ engineVersion: opensearch.EngineVersion.ELASTICSEARCH_7_10 }, /`engineVersion` must be an OpenSearch version \(.*\), got 'Elasticsearch_7.10'/],
  ] as Array<[SearchTierOptions, RegExp]>)('fails when search is %j (3 zones)', (options, message) => {
    expect(() => buildSearchTier(options, { grant: false })).toThrow(message);
  });

  test.each([
    [{ dataNodes: 3 }, /^`dataNodes` must be an even number with 2 availability zones \(zone awareness puts half of the data nodes in each zone\), got 3$/],
    [{ dataNodes: 1 }, /^`dataNodes` must be at least 2, got 1$/],
    [{ multiAzWithStandby: true }, /^`multiAzWithStandby` must be false with 2 availability zones \(Multi-AZ with Standby keeps a full copy of the data in each of 3 zones; add the quorum zone to `availabilityZones`\), got true$/],
  ] as Array<[SearchTierOptions, RegExp]>)('fails when search is %j (2 zones)', (options, message) => {
    expect(() => buildTwoZoneTier(options)).toThrow(message);
  });

  test('3 data nodes are enough with 3 zones, with or without standby', () => {
    for (const multiAzWithStandby of [true, false]) {
      const { stack } = buildSearchTier({ dataNodes: 3, multiAzWithStandby }, { grant: false });
      Template.fromStack(stack).hasResourceProperties(DOMAIN, { ClusterConfig: Match.objectLike({ InstanceCount: 3 }) });
    }
  });

  test.each([
    ['1 zone', (zones: string[]) => zones.slice(0, 1), /^`availabilityZones` must list 2 or 3 availability zones \(zone 1, zone 2, then the quorum zone\), got \["eu-west-1a"\]$/],
    ['4 zones', (zones: string[]) => [...zones, 'eu-west-1d'], /^`availabilityZones` must list 2 or 3 availability zones .*, got \[.*"eu-west-1d"\]$/],
    ['a zone twice', (zones: string[]) => [zones[0], zones[1], zones[0]], /^`availabilityZones` must list different availability zones, got /],
  ])('fails when availabilityZones lists %s', (_name, zonesOf, message) => {
    const { stack, network } = newTierStack();
    expect(() => new SearchTier(stack, 'SearchTier', {
      vpc: network.vpc,
      subnets: network.quorumSubnets,
      availabilityZones: zonesOf(network.quorumZones),
    })).toThrow(message);
  });

  test.each([
    ['the serving zones\' isolated subnets only', (network: PlatformNetwork) => network.isolatedSubnets],
    ['a private subnet of zone 1', (network: PlatformNetwork) => network.privateSubnetOfZone(0)],
  ])('fails when the subnets are %s: they do not cover the 3 zones', (_name, subnetsOf) => {
    const { stack, network } = newTierStack();
    expect(() => new SearchTier(stack, 'SearchTier', {
      vpc: network.vpc,
      subnets: subnetsOf(network),
      availabilityZones: network.quorumZones,
    })).toThrow(/`subnets` must have a subnet in each platform zone \(eu-west-1a, eu-west-1b, eu-west-1c\)/);
  });

  test('a search tier used on its own names its own props, sibling props included, and the construct', () => {
    const caught = errorOf(() => buildSearchTier({ masterNodes: 5 }, { grant: false }));
    expectConfigurationError(caught, 'masterNodes', 'TierStack/SearchTier',
      '`masterNodes` must be 3 with Multi-AZ with Standby (`multiAzWithStandby`), which ' +
      'places one dedicated master in each zone, got 5');
  });

  test('under the platform, the same error names the platform\'s props', () => {
    const caught = errorOf(() => buildPlatform({ search: { masterNodes: 5 } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('search.masterNodes');
    expect(PlatformErrors.constructPathOf(caught)).toBe('TestStack/Platform/Search');
    expect(caught.message).toBe('`search.masterNodes` must be 3 with Multi-AZ with Standby (`search.multiAzWithStandby`), which ' +
      'places one dedicated master in each zone, got 5');
  });
});

// cdk-nag's AwsSolutions pack (test/nag/aws-solutions.test.ts) and the CloudFormation schema validation
// (test/platform/schema-validation.test.ts) run over the search tier (fixed, environment-agnostic, with the
// service-linked role), with every other tier's checks, in one synth each.
