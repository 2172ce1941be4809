import * as fs from 'fs';
import { join } from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as library from '../../lib';
import { DatabaseTopology, MultiAzHaPlatform, PlatformErrors, PlatformParameters } from '../../lib';
import { errorOf, expectConfigurationError } from '../support/errors';
import { buildPlatform, customisedProps, defaultPlatform, joinedText, logicalIdOf, newStack, synthPlatform } from '../support/fixtures';
import { sourceFilesAt } from '../support/source-files';

describe('whole platform', () => {
  test('default platform snapshot (fixed environment)', () => {
    expect(defaultPlatform().template.toJSON()).toMatchSnapshot();
  });

  test('every tier is a public property and its main resources are reachable for escape hatches', () => {
    const { platform } = defaultPlatform();
    expect(platform.network.vpc.node.defaultChild).toBeInstanceOf(ec2.CfnVPC);
    expect(platform.appTier.autoScalingGroups[0].node.defaultChild).toBeDefined();
    expect(platform.dns.records).toHaveLength(2);
    expect(platform.dns.healthChecks).toHaveLength(2);
  });

  test('every alarm\'s description fits CloudWatch\'s 1024 characters, default and customised', () => {
    for (const { template } of [defaultPlatform(), customisedPlatform()]) {
      const descriptions = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
        .map((alarm) => JSON.stringify(alarm.Properties.AlarmDescription ?? ''));
      expect(descriptions.length).toBeGreaterThan(40);
      expect(descriptions.filter((text) => text.length > 1024)).toEqual([]);
    }
  });

  test('an escape hatch on an exposed child lands in the template', () => {
    const { stack, platform } = buildPlatform();
    const cfnAlb = platform.appTier.zoneLoadBalancers[0].loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer;
    cfnAlb.addPropertyOverride('IpAddressType', 'dualstack');
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'dualstack' });
  });

  test('the default platform raises one warning of its own, that nobody receives its alerts yet: none about zones or recovery', () => {
    expect(platformWarnings(defaultPlatform().stack)).toEqual([
      expect.stringContaining('[ack: Annotation::multi-az-ha-platform:observability.no-critical-subscriber]'),
    ]);
  });

  test('a risky choice raises a warning with an id users can acknowledge', () => {
    const props = { network: { natGateways: 1 }, observability: { criticalEmails: ['oncall@example.com'] } };
    const risky = buildPlatform(props);
    // The network says what it is; the resilience check says what a zone's loss then stops.
    expect(platformWarnings(risky.stack)).toEqual([
      expect.stringContaining('[ack: Annotation::multi-az-ha-platform:resilience.zone-loss.egress]'),
      expect.stringContaining('[ack: Annotation::multi-az-ha-platform:SingleNatGateway]'),
    ]);

    const acknowledged = buildPlatform(props);
    for (const id of ['SingleNatGateway', 'resilience.zone-loss.egress']) {
      Validations.of(acknowledged.platform).acknowledge({ id: `Annotation::multi-az-ha-platform:${id}`, reason: 'a dev account' });
    }
    expect(platformWarnings(acknowledged.stack)).toEqual([]);
  });
});

let customised: { platform: MultiAzHaPlatform; template: Template } | undefined;
/** The fully customised platform, synthesized once per file. */
function customisedPlatform() {
  if (!customised) {
    const { stack, hostedZone } = newStack();
    const platform = new MultiAzHaPlatform(stack, 'Platform', customisedProps(hostedZone));
    customised = { platform, template: Template.fromStack(stack) };
  }
  return customised;
}

/** The platform's own warnings (not aws-cdk-lib's) on a stack. */
function platformWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data))
    .filter((message) => message.includes('multi-az-ha-platform:'));
}

describe('the package\'s exports', () => {
  test('only classes and enums: what jsii carries to every language (a free function or a constant reaches TypeScript users only)', () => {
    const isClass = (value: unknown) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
    // An exported object is an enum when lib/ declares it as one (a constant map looks the same at runtime).
    const enums = new Set(sourceFilesAt(join(__dirname, '../../lib'))
      .flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/^export enum (\w+)/gm)].map((m) => m[1])));
    expect([isClass(library.MultiAzHaPlatform), enums.has('CacheEngine'), isClass(library.CacheEngine)]).toEqual([true, true, false]);
    const others = Object.keys(library).filter((name) => !isClass((library as any)[name]) && !enums.has(name));
    expect(others).toEqual([]);
  });
});

describe('request path across both zones (guarantee 1 and 2)', () => {
  test('each zone has its own load balancer, app servers and health check, so losing one zone leaves the other serving', () => {
    const { template, platform } = defaultPlatform();
    const zones = platform.appTier.zoneLoadBalancers.map((zone, i) => ({
      alb: logicalIdOf(zone.loadBalancer),
      targetGroup: logicalIdOf(zone.targetGroup),
      asg: logicalIdOf(platform.appTier.autoScalingGroups[i]),
      subnet: logicalIdOf((platform.network.privateSubnetOfZone(i).subnets![0] as ec2.Subnet)),
      healthCheck: logicalIdOf(platform.dns.healthChecks[i]),
      // The record follows the zone's calculated check: its HTTPS check AND its evacuation switch.
      servingCheck: logicalIdOf(platform.dns.evacuation.servingHealthChecks[i]),
    }));
    expect(new Set(zones.flatMap((z) => Object.values(z))).size).toBe(12);
    zones.forEach((zone) => {
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        VPCZoneIdentifier: [{ Ref: zone.subnet }],
        TargetGroupARNs: [{ Ref: zone.targetGroup }],
      });
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: { 'Fn::GetAtt': [zone.alb, 'DNSName'] } }),
      });
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', ChildHealthChecks: Match.arrayWith([{ Ref: zone.healthCheck }]) }),
      });
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        HealthCheckId: { Ref: zone.servingCheck },
        AliasTarget: Match.objectLike({ DNSName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [zone.alb, 'DNSName'] }])]) }) }),
      });
    });
  });
});

describe('stable logical IDs (guarantee 5)', () => {
  // Amazon MQ cannot change a RabbitMQ broker's security groups ("Changing security groups is not supported for
  // RabbitMQ brokers"): an update that replaced the group (a new logical ID, or a new GroupDescription or VpcId, which
  // cannot change in place) would fail on the broker.
  test('the broker\'s security group keeps its logical ID and the properties that would replace it', () => {
    const { platform, template } = defaultPlatform();
    const id = logicalIdOf(platform.messaging!.securityGroup);
    expect(id).toBe('PlatformMessagingSecurityGroupA0975D4B');
    const { GroupDescription, VpcId, GroupName } = template.toJSON().Resources[id].Properties;
    expect({ GroupDescription, VpcId, GroupName }).toEqual({
      GroupDescription: 'MultiAzHaPlatform RabbitMQ broker: AMQPS from the tiers the platform allows',
      VpcId: { Ref: logicalIdOf(platform.network.vpc) },
      GroupName: undefined,
    });
  });

  // Changing one of these replaces the resource on the next deploy. A failure here means a refactor
  // renamed a construct: restore the ID instead of updating this list.
  test('stateful and addressable resources keep their logical IDs', () => {
    const { platform } = defaultPlatform();
    const ids = {
      vpc: logicalIdOf(platform.network.vpc),
      flowLogGroup: logicalIdOf(platform.network.flowLogGroup!),
      flowLogKey: logicalIdOf(platform.network.flowLogKey!),
      accessLogsBucket: logicalIdOf(platform.appTier.accessLogsBucket),
      certificate: logicalIdOf(platform.appTier.certificate),
      zone1LoadBalancer: logicalIdOf(platform.appTier.zoneLoadBalancers[0].loadBalancer),
      zone2LoadBalancer: logicalIdOf(platform.appTier.zoneLoadBalancers[1].loadBalancer),
      zone1Group: logicalIdOf(platform.appTier.autoScalingGroups[0]),
      zone2Group: logicalIdOf(platform.appTier.autoScalingGroups[1]),
      zone1Record: logicalIdOf(platform.dns.records[0]),
      zone2Record: logicalIdOf(platform.dns.records[1]),
      databaseCluster: logicalIdOf(platform.database!.cluster!),
      databaseWriter: logicalIdOf(platform.database!.cluster!.node.findChild('Writer')),
      databaseReader: logicalIdOf(platform.database!.cluster!.node.findChild('Reader')),
      databaseKey: logicalIdOf(platform.database!.key),
      databaseSecret: logicalIdOf(platform.database!.node.findChild('Credentials')),
      cacheReplicationGroup: logicalIdOf(platform.cache!.replicationGroup),
      cacheKey: logicalIdOf(platform.cache!.key),
      searchDomain: logicalIdOf(platform.search!.domain),
      searchKey: logicalIdOf(platform.search!.key),
      broker: logicalIdOf(platform.messaging!.broker),
      bucket: logicalIdOf(platform.storage!.bucket),
      bucketKey: logicalIdOf(platform.storage!.key),
      appTierKey: logicalIdOf(platform.appTier.key),
      webAclLogGroup: logicalIdOf(platform.appTier.webAclLogGroup),
      topicKey: logicalIdOf(platform.observability!.alerting.topicKey!),
      prometheusWorkspace: logicalIdOf(platform.observability!.prometheus.workspace),
      prometheusKey: logicalIdOf(platform.observability!.prometheus.key),
      prometheusLogGroup: logicalIdOf(platform.observability!.prometheus.logGroup),
      logsKey: logicalIdOf(platform.observability!.logsAndTraces.key),
      appLogGroup: logicalIdOf(platform.observability!.logsAndTraces.appLogGroup),
      workersLogGroup: logicalIdOf(platform.observability!.logsAndTraces.workersLogGroup),
      systemLogGroup: logicalIdOf(platform.observability!.logsAndTraces.systemLogGroup),
    };
    expect(ids).toEqual({
      vpc: 'PlatformNetworkVpcED8BFD03',
      flowLogGroup: 'PlatformNetworkFlowLogGroup6E4BFBFF',
      flowLogKey: 'PlatformNetworkFlowLogKeyA8CBA491',
      accessLogsBucket: 'PlatformAppTierAccessLogsBucket39EE9CB9',
      certificate: 'PlatformAppTierCertificateC9E1EAAA',
      zone1LoadBalancer: 'PlatformAppTierZone1LoadBalancerE90A08AA',
      zone2LoadBalancer: 'PlatformAppTierZone2LoadBalancerBC5FD986',
      zone1Group: 'PlatformAppTierServersZone1GroupASGC6F6D027',
      zone2Group: 'PlatformAppTierServersZone2GroupASGE048CD1C',
      zone1Record: 'PlatformDnsZone1Record88423989',
      zone2Record: 'PlatformDnsZone2Record4DF186CE',
      databaseCluster: 'PlatformDatabaseCluster4F5E008D',
      databaseWriter: 'PlatformDatabaseClusterWriterDB118415',
      databaseReader: 'PlatformDatabaseClusterReaderCC549214',
      databaseKey: 'PlatformDatabaseKeyF736389F',
      databaseSecret: 'PlatformDatabaseCredentials7CA8FA36',
      cacheReplicationGroup: 'PlatformCacheReplicationGroupBBB2DAA6',
      cacheKey: 'PlatformCacheKey8E094695',
      searchDomain: 'PlatformSearchDomain4BEA905B',
      searchKey: 'PlatformSearchKeyF539612B',
      broker: 'PlatformMessagingBroker749C67BC',
      bucket: 'PlatformStorageBucket6FCEA167',
      bucketKey: 'PlatformStorageKey773013F5',
      appTierKey: 'PlatformAppTierKey055D88CE',
      webAclLogGroup: 'PlatformAppTierWebAclLogGroupAE93F560',
      topicKey: 'PlatformObservabilityAlertingTopicKeyF2D6149E',
      prometheusWorkspace: 'PlatformObservabilityPrometheusWorkspace51BB3B9C',
      prometheusKey: 'PlatformObservabilityPrometheusKeyD0065B87',
      prometheusLogGroup: 'PlatformObservabilityPrometheusAlertingLogGroupE43299E4',
      logsKey: 'PlatformObservabilityLogsAndTracesKey99A19384',
      appLogGroup: 'PlatformObservabilityLogsAndTracesAppLogGroup10724BCB',
      workersLogGroup: 'PlatformObservabilityLogsAndTracesWorkersLogGroup6FBA3445',
      systemLogGroup: 'PlatformObservabilityLogsAndTracesSystemLogGroup49C61BF4',
    });
  });

  test('the Multi-AZ DB instance topology keeps the logical IDs it had as the default', () => {
    const { platform } = customisedPlatform();
    expect(platform.database!.topology).toBe(DatabaseTopology.MULTI_AZ_INSTANCE);
    expect([logicalIdOf(platform.database!.instance!), logicalIdOf(platform.database!.readReplica!)])
      .toEqual(['PlatformDatabaseInstance6BC2E6BA', 'PlatformDatabaseReadReplica8393484C']);
  });

  test('stateful resources are retained (or snapshotted) when removed from the stack', () => {
    const { template, platform } = defaultPlatform();
    const resources = template.toJSON().Resources;
    // Kept on update and delete, but not when a first create rolls back (nothing to keep, and a kept broker or
    // domain would hold network interfaces in the subnets the rollback deletes).
    const observability = platform.observability!;
    const keptExceptOnFailedCreate = [
      platform.database!.key, platform.cache!.key, platform.search!.domain, platform.search!.key,
      platform.storage!.bucket, platform.storage!.key, platform.messaging!.broker,
      platform.network.flowLogGroup!, platform.network.flowLogKey!, platform.appTier.key, platform.appTier.webAclLogGroup,
      observability.alerting.topicKey!, observability.prometheus.key, observability.prometheus.logGroup,
      observability.prometheus.workspace, observability.logsAndTraces.key, observability.logsAndTraces.appLogGroup,
      observability.logsAndTraces.workersLogGroup, observability.logsAndTraces.systemLogGroup,
    ];
    for (const construct of keptExceptOnFailedCreate) {
      expect(resources[logicalIdOf(construct)]).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
    // Once a load balancer (or S3 server access logging) has written to them, a rollback could not delete them.
    for (const construct of [platform.appTier.accessLogsBucket, platform.storage!.accessLogsBucket]) {
      expect(resources[logicalIdOf(construct)]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    for (const construct of [platform.database!.cluster!, platform.cache!.replicationGroup]) {
      expect(resources[logicalIdOf(construct)]).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    }
    expect(resources[logicalIdOf(platform.database!.cluster!)].Properties.DeletionProtection).toBe(true);
  });

  // DeletionPolicy Retain also applies when a first create rolls back: whatever it keeps is left behind by every
  // failed attempt. Only the access log buckets keep it (see above); everything else that is kept uses
  // RetainExceptOnCreate.
  test.each([
    ['the default platform', () => defaultPlatform().template],
    ['the fully customised platform', () => customisedPlatform().template],
  ])('%s keeps nothing with plain Retain but the two access log buckets', (_name, templateOf) => {
    const resources: Record<string, any> = templateOf().toJSON().Resources;
    const retained = Object.entries(resources).filter(([, r]) => r.DeletionPolicy === 'Retain').map(([id]) => id).sort();
    expect(retained).toEqual(['PlatformAppTierAccessLogsBucket39EE9CB9', 'PlatformStorageAccessLogsBucket2AEB906B']);
  });

  test('the Grafana workspace is kept when the stack is deleted, not when its first deployment rolls back', () => {
    const { template, platform } = customisedPlatform();
    expect(template.toJSON().Resources[logicalIdOf(platform.observability!.prometheus.grafanaWorkspace!)])
      .toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });
});

describe('wiring between tiers (guarantee 3)', () => {
  const dataStores = (platform: MultiAzHaPlatform) => [
    { name: 'database', tier: platform.database!, port: 5432 },
    { name: 'cache', tier: platform.cache!, port: 6379 },
    { name: 'search', tier: platform.search!, port: 443 },
    { name: 'messaging', tier: platform.messaging!, port: 5671 },
  ];

  test('app servers and workers reach each data store on its port, and nothing else reaches it', () => {
    const { template, platform } = defaultPlatform();
    const clients = [logicalIdOf(platform.appTier.securityGroup), logicalIdOf(platform.workers!.securityGroup)];
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    for (const { tier, port } of dataStores(platform)) {
      const sg = logicalIdOf(tier.connections.securityGroups[0]);
      const rules = ingress.filter((r) => JSON.stringify(r.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sg, 'GroupId'] }))
        .filter((r) => !JSON.stringify(r.SourceSecurityGroupId).includes('Rotation'));
      expect(rules.map((r) => [r.SourceSecurityGroupId['Fn::GetAtt'][0], r.FromPort, r.ToPort]).sort())
        .toEqual(clients.map((client) => [client, port, port]).sort());
      const groups = template.findResources('AWS::EC2::SecurityGroup');
      expect(groups[sg].Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  // EC2 refuses other characters in a group's description and in a rule's ("Invalid rule description. Valid
  // descriptions are strings less than 256 characters from the following set: a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"):
  // the stack fails to create. An apostrophe is the usual slip.
  test.each([['default', defaultPlatform], ['customised', customisedPlatform]])(
    'every security group and rule description of the %s platform uses only the characters EC2 accepts', (_name, platformOf) => {
      const resources = Object.entries(platformOf().template.toJSON().Resources as Record<string, any>);
      const texts = resources.flatMap(([id, r]) => {
        const p = r.Properties ?? {};
        switch (r.Type) {
          case 'AWS::EC2::SecurityGroup':
            return [[id, p.GroupDescription], ...[...p.SecurityGroupIngress ?? [], ...p.SecurityGroupEgress ?? []]
              .map((rule: any) => [id, rule.Description])];
          case 'AWS::EC2::SecurityGroupIngress':
          case 'AWS::EC2::SecurityGroupEgress':
            return [[id, p.Description]];
          default:
            return [];
        }
      }).filter(([, text]) => text !== undefined);
      expect(texts.length).toBeGreaterThan(20);
      expect(texts.filter(([, text]) => typeof text !== 'string' || text.length > 255 || !/^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/.test(text)))
        .toEqual([]);
    });

  test('no security group of a data store or instance accepts traffic from the internet', () => {
    const { template, platform } = defaultPlatform();
    const publicGroups = new Set(platform.appTier.zoneLoadBalancers.map((z) => logicalIdOf(z.securityGroup)));
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    for (const [id, group] of Object.entries(groups)) {
      if (publicGroups.has(id)) continue;
      for (const rule of group.Properties.SecurityGroupIngress ?? []) {
        expect([id, rule.CidrIp]).not.toEqual([id, '0.0.0.0/0']);
        expect([id, rule.CidrIpv6]).not.toEqual([id, '::/0']);
      }
    }
    for (const rule of Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))) {
      expect(rule.Properties.CidrIp).toBeUndefined();
    }
  });

  test('data stores sit in the isolated subnets of both serving zones; quorum members also in the quorum zone', () => {
    const { template, platform } = defaultPlatform();
    const isolated = platform.network.isolatedSubnets.subnets!.map((s) => ({ Ref: logicalIdOf(s as ec2.Subnet) }));
    const withQuorum = [...isolated, { Ref: logicalIdOf(platform.network.quorumSubnet as ec2.Subnet) }];
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: isolated });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: isolated });
    template.hasResourceProperties('AWS::OpenSearchService::Domain', { VPCOptions: Match.objectLike({ SubnetIds: withQuorum }) });
    template.hasResourceProperties('AWS::AmazonMQ::Broker', { SubnetIds: withQuorum, PubliclyAccessible: false });
  });

  test('each instance role reads exactly the platform\'s secrets, the parameters under its prefix, and the bucket', () => {
    const { template, platform } = defaultPlatform();
    const secrets = [platform.database!.node.findChild('Credentials'), platform.cache!.authSecret, platform.messaging!.adminSecret]
      .map((secret) => logicalIdOf(secret)).sort();
    for (const role of [platform.appTier.role, platform.workers!.role]) {
      const policies = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: logicalIdOf(role) }]));
      expect(policies).toHaveLength(1);
      const statements: any[] = policies[0].Properties.PolicyDocument.Statement;
      const secretReads = statements.filter((st) => JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue'));
      expect(secretReads.map((st) => st.Resource.Ref).sort()).toEqual(secrets);
      const ssm = statements.find((st) => JSON.stringify(st.Action).includes('ssm:GetParametersByPath'));
      expect(JSON.stringify(ssm.Resource)).toContain(':parameter/multi-az-ha-platform/TestStack/*');
      // Only the X-Ray trace APIs, which have no resource-level permissions, are granted on "*".
      const onAnything = statements.filter((st) => [st.Resource].flat().includes('*'));
      expect(onAnything.flatMap((st) => [st.Action].flat()).every((action: string) => action.startsWith('xray:'))).toBe(true);
      expect(onAnything).toHaveLength(1);
    }
  });

  test('the instances find every endpoint, port, secret ARN and name under one prefix', () => {
    const { template, platform } = defaultPlatform();
    const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name).sort();
    expect(names).toEqual([
      'app/port', 'cache/auth-secret-arn', 'cache/port', 'cache/primary-endpoint', 'cache/reader-endpoint',
      'database/port', 'database/reader-endpoint', 'database/secret-arn', 'database/writer-endpoint',
      'dns/domain-name', 'messaging/amqp-endpoint', 'messaging/secret-arn',
      'observability/app-log-group', 'observability/prometheus-remote-write-url', 'observability/workers-log-group',
      'search/endpoint', 'storage/bucket-name',
    ].map((name) => `/multi-az-ha-platform/TestStack/${name}`)
      // The CloudWatch agent's configuration, named so that CloudWatchAgentServerPolicy may read it.
      .concat([expect.stringMatching(/^AmazonCloudWatch-TestStack-Platform-Observability-/)]));
    expect(platform.parameters.prefix).toBe('/multi-az-ha-platform/TestStack');
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/multi-az-ha-platform/TestStack/database/writer-endpoint',
      Value: { 'Fn::GetAtt': [logicalIdOf(platform.database!.cluster!), 'Endpoint.Address'] },
    });
  });

  test('parameterPrefix moves the parameters and the grant', () => {
    const { template } = synthPlatform({ parameterPrefix: '/shop/prod' });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/shop/prod/storage/bucket-name' });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain(':parameter/shop/prod/*');
  });

  test.each(['shop', '/shop/', '/aws/x', '/a b'])('fails when parameterPrefix is %j', (parameterPrefix) => {
    expect(() => buildPlatform({ parameterPrefix })).toThrow(
      new RegExp(`^\\\`parameterPrefix\\\` must be an SSM parameter path like /team/platform .*, got '${parameterPrefix.replace(/[/]/g, '\\/')}'$`));
  });

  test('a bad parameterPrefix names the platform\'s prop and the platform\'s construct path', () => {
    expectConfigurationError(errorOf(() => buildPlatform({ parameterPrefix: '/shop/' })), 'parameterPrefix', 'TestStack/Platform',
      '`parameterPrefix` must be an SSM parameter path like /team/platform (starting with "/", no trailing "/", ' +
      'letters, digits, "_", "." and "-"; not under /aws or /ssm), got \'/shop/\'');
  });

  test.each([['/shop/', "'/shop/'"], [42, '42'], [undefined, 'undefined']])(
    'PlatformParameters on its own names its own prop, prefix, and its construct path (prefix %p)', (prefix, shown) => {
      const { stack } = newStack();
      expectConfigurationError(errorOf(() => new PlatformParameters(stack, 'Params', { prefix: prefix as any })), 'prefix', 'TestStack/Params',
        '`prefix` must be an SSM parameter path like /team/platform (starting with "/", no trailing "/", ' +
        `letters, digits, "_", "." and "-"; not under /aws or /ssm), got ${shown}`);
    });

  test('the workers scale on the broker\'s queue depth', () => {
    const { template, platform } = defaultPlatform();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/AmazonMQ',
      MetricName: 'MessageCount',
      Dimensions: [{ Name: 'Broker', Value: Stack.of(platform).resolve(platform.messaging!.brokerName) }],
      Threshold: 10000,
    });
  });
});

// An account holds at most 10 account-level CloudWatch Logs resource policies per Region, and a policy document at
// most 5,120 characters (PutResourcePolicy): a platform takes one, its statements scoped to its own log groups.
describe('CloudWatch Logs resource policy', () => {
  const POLICY = 'AWS::Logs::ResourcePolicy';
  const documentOf = (template: Template) => Object.values(template.findResources(POLICY))[0].Properties.PolicyDocument;

  test('one per platform, a child of the platform, shared by the app tier (AWS WAF logs), the search tier and the drills', () => {
    const { template, platform, stack } = defaultPlatform();
    const policy = platform.logsResourcePolicy;
    expect(Object.keys(template.findResources(POLICY))).toEqual([logicalIdOf(policy)]);
    expect(policy.node.scope).toBe(platform);
    expect(policy.node.id).toBe('LogsResourcePolicy');
    expect(platform.appTier.logsResourcePolicy).toBe(policy);
    expect(platform.search!.logsResourcePolicy).toBe(policy);
    expect(platform.drills!.logsResourcePolicy).toBe(policy);

    const statements: any[] = stack.resolve(policy.document).Statement;
    expect(statements.map((st) => [st.Sid, st.Principal.Service])).toEqual([
      ['AwsWafLogDelivery', 'delivery.logs.amazonaws.com'],
      ['OpenSearchServiceLogs', 'es.amazonaws.com'],
      ['FisExperimentLogDelivery', 'delivery.logs.amazonaws.com'],
    ]);
    // Scoped to this platform's log groups, never to a wildcard of log groups.
    expect(JSON.stringify(statements[0].Resource)).toContain(`{"Ref":"${logicalIdOf(platform.appTier.webAclLogGroup)}"}`);
    expect(statements[1].Resource).toEqual(Object.values(platform.search!.logGroups)
      .map((group) => ({ 'Fn::GetAtt': [logicalIdOf(group), 'Arn'] })));
    // Each service checks at creation that it may write: its resource waits for the policy.
    const resources = template.toJSON().Resources;
    const waiting = Object.entries(resources).filter(([, r]: [string, any]) => (r.DependsOn ?? []).includes(logicalIdOf(policy)))
      .map(([, r]: [string, any]) => r.Type).sort();
    expect(waiting).toEqual(['AWS::OpenSearchService::Domain', 'AWS::WAFv2::LoggingConfiguration', 'AWS::WAFv2::LoggingConfiguration']);
  });

  test('without the search tier, still one: the app tier\'s and the drills\' statements', () => {
    const { template, platform, stack } = synthPlatform({ search: { enabled: false } });
    expect(Object.keys(template.findResources(POLICY))).toEqual([logicalIdOf(platform.logsResourcePolicy)]);
    expect(stack.resolve(platform.logsResourcePolicy.document).Statement.map((st: any) => st.Sid))
      .toEqual(['AwsWafLogDelivery', 'FisExperimentLogDelivery']);
  });

  /**
   * A policy document as it could deploy at its longest: every log group name at CloudWatch Logs' maximum of 512
   * characters, every pseudo parameter at 20 characters.
   */
  function longestDeployed(value: any): string {
    return joinedText(value, (intrinsic) => {
      if (intrinsic.Ref) {
        return intrinsic.Ref.startsWith('AWS::') ? 'p'.repeat(20) : 'g'.repeat(512);
      }
      if (intrinsic['Fn::GetAtt']?.[1] === 'Arn') {
        return `arn:${'p'.repeat(20)}:logs:${'p'.repeat(20)}:${'p'.repeat(20)}:log-group:${'g'.repeat(512)}:*`;
      }
      throw new Error(`not resolved here: ${JSON.stringify(intrinsic)}`);
    });
  }

  test.each([
    ['the default platform in a fixed environment', () => defaultPlatform().template],
    ['the fully customised platform', () => customisedPlatform().template],
    ['an environment-agnostic platform', () => synthPlatform({}, {}).template],
  ])('%s: the document fits PutResourcePolicy\'s 5,120 characters even with the longest names', (_name, templateOf) => {
    const document = longestDeployed(documentOf(templateOf()));
    expect(JSON.parse(document).Statement).toHaveLength(3);
    expect(document.length).toBeLessThanOrEqual(5120);
  });
});

describe('turning tiers off', () => {
  test('every tier but the network and the app tier can be turned off', () => {
    const off = { enabled: false };
    const { template, platform } = synthPlatform({
      workers: off, database: off, cache: off, search: off, messaging: off, storage: off, observability: off,
    });
    expect([platform.workers, platform.database, platform.cache, platform.search, platform.messaging, platform.storage,
      platform.observability]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 2);
    for (const type of ['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::OpenSearchService::Domain',
      'AWS::AmazonMQ::Broker', 'AWS::SecretsManager::Secret', 'AWS::SNS::Topic', 'AWS::CloudWatch::Dashboard', 'AWS::APS::Workspace']) {
      template.resourceCountIs(type, 0);
    }
    const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name).sort();
    expect(names).toEqual(['/multi-az-ha-platform/TestStack/app/port', '/multi-az-ha-platform/TestStack/dns/domain-name']);
  });

  test('without the broker the workers scale on CPU', () => {
    const { template } = synthPlatform({ messaging: { enabled: false } });
    template.resourceCountIs('AWS::AmazonMQ::Broker', 0);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).not.toContain('AWS/AmazonMQ');
    const tracking = Object.values(template.findResources('AWS::AutoScaling::ScalingPolicy'))
      .filter((p) => p.Properties.PolicyType === 'TargetTrackingScaling');
    expect(tracking).toHaveLength(4);
  });
});

describe('fully customised platform', () => {
  test('every tier option flows to its tier', () => {
    const { platform, template } = customisedPlatform();
    expect(platform.network.availabilityZones).toEqual(['eu-west-1b', 'eu-west-1c']);
    expect(platform.network.quorumAvailabilityZone).toBe('eu-west-1a');
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'shop.example.com.', Weight: 50 });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '3', MaxSize: '6' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 9000 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { BackupRetentionPeriod: 21, MultiAZ: true });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NumCacheClusters: 3, CacheNodeType: 'cache.r7g.large' });
    template.hasResourceProperties('AWS::OpenSearchService::Domain', { ClusterConfig: Match.objectLike({ InstanceCount: 9 }) });
    template.hasResourceProperties('AWS::AmazonMQ::Broker', { HostInstanceType: 'mq.m7g.large', EngineVersion: '4.2' });
    template.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.anyValue() });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/shop/prod/database/writer-endpoint' });
    expect(platform.database!.instance).toBeDefined();
    template.hasResourceProperties('AWS::Grafana::Workspace', { DataSources: ['PROMETHEUS', 'CLOUDWATCH'] });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.absent(), Threshold: 2, ComparisonOperator: 'GreaterThanThreshold' });
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('bad input from JavaScript (no type checker)', () => {
  test.each([
    { desc: 'an unknown root prop (a typo)', props: { databse: { enabled: false } }, path: 'databse', message: /^`databse` must be one of the platform's options \(dns, network, .*\): did you mean `database`\?, got \{"enabled":false\}$/ },
    { desc: 'tier options that are not an object', props: { cache: 'valkey' }, path: 'cache', message: /^`cache` must be an object of options, got 'valkey'$/ },
    { desc: 'a parameter prefix that is not a string', props: { parameterPrefix: 42 }, path: 'parameterPrefix', message: /^`parameterPrefix` must be a string, got 42$/ },
    { desc: 'a count per zone given as a string', props: { appTier: { instancesPerZone: '4,4' } }, path: 'appTier.instancesPerZone', message: /^`appTier\.instancesPerZone` must be a list, got '4,4'$/ },
    { desc: 'an email list given as a string', props: { observability: { criticalEmails: 'oncall@example.com' } }, path: 'observability.criticalEmails', message: /^`observability\.criticalEmails` must be a list, got 'oncall@example\.com'$/ },
  ])('fails with the platform\'s error when given $desc', ({ props, path, message }) => {
    const err = errorOf(() => buildPlatform(props as any));
    expect(err.message).toMatch(message);
    expect(PlatformErrors.propPathOf(err)).toBe(path);
  });

  test('fails when there are no props, or no dns', () => {
    const { stack } = newStack();
    expect(PlatformErrors.propPathOf(errorOf(() => new MultiAzHaPlatform(stack, 'NoProps', undefined as any)))).toBe('props');
    expect(errorOf(() => new MultiAzHaPlatform(stack, 'NoDns', {} as any)).message)
      .toBe('`dns` must be given (the hosted zone and record name of the platform), got undefined');
  });

  test.each([
    ['no hosted zone', {}, 'undefined'],
    ['a zone name instead of a hosted zone', { hostedZone: 'example.com' }, "'example.com'"],
    ['an object that is no hosted zone', { hostedZone: { zoneName: 'example.com' } }, '{"zoneName":"example.com"}'],
  ])('fails with the platform\'s error when dns has %s', (_desc, dns, shown) => {
    const { stack } = newStack();
    const err = errorOf(() => new MultiAzHaPlatform(stack, 'Platform', { dns } as any));
    expect(err.message).toBe('`dns.hostedZone` must be a Route 53 hosted zone (for example ' +
      `\`route53.HostedZone.fromHostedZoneAttributes\`), got ${shown}`);
    expect([PlatformErrors.propPathOf(err), PlatformErrors.constructPathOf(err)]).toEqual(['dns.hostedZone', 'TestStack/Platform']);
  });

  test('a construct or a circular value where a hosted zone goes is named, not serialized (which would throw)', () => {
    const { stack } = newStack();
    const notAZone = new ec2.Vpc(stack, 'NotAZone');
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(errorOf(() => new MultiAzHaPlatform(stack, 'A', { dns: { hostedZone: notAZone } } as any)).message)
      .toMatch(/^`dns.hostedZone` must be a Route 53 hosted zone .*, got the construct TestStack\/NotAZone$/);
    expect(errorOf(() => new MultiAzHaPlatform(stack, 'B', { dns: { hostedZone: circular } } as any)).message)
      .toMatch(/^`dns.hostedZone` must be a Route 53 hosted zone .*, got a circular object$/);
    expect(errorOf(() => new MultiAzHaPlatform(stack, 'C', { dns: { hostedZone: MultiAzHaPlatform } } as any)).message)
      .toMatch(/^`dns.hostedZone` must be a Route 53 hosted zone .*, got the function MultiAzHaPlatform$/);
  });
});
