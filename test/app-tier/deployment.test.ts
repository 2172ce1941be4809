// What a real deploy needs from the app tier beyond its schema: a failed first create that rolls back cleanly (or
// says how to clean up), a stack that can be created again after a deletion, and CloudWatch Logs resource policies
// that leave room in the account (at most 10 per Region).
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { AppTier, AppTierProps, PlatformErrors, PlatformNetwork } from '../../lib';
import { WEB_ACL_LOG_DELIVERY_SID } from '../../lib/app-tier/web-acl-logs';
import { deployedIn, stackIdsOf } from '../support/deployed';
import { errorOf } from '../support/errors';
import { newTestApp } from '../support/fixtures';
import { buildPlatform, defaultPlatform, logicalIdOf, resourcesOf, synthPlatform, TEST_ENV } from '../support/request-path';
import { synthAndCollectFindings } from '../support/validation-report';

const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const LOGS_POLICY = 'AWS::Logs::ResourcePolicy';
const WAF_LOGGING = 'AWS::WAFv2::LoggingConfiguration';
const DISABLED_WARNING = 'multi-az-ha-platform:appTier.DeletionProtectionDisabled';

const { created: STACK_ID, recreated: RECREATED_STACK_ID } = stackIdsOf('TestStack');
const deployed = (value: any, stackId = STACK_ID): any => deployedIn(value, stackId);

/** A stack with the platform's network, for the app tier on its own (no platform around it). */
function tierStack(stackName = 'TestStack') {
  const stack = new Stack(newTestApp(), stackName, { env: TEST_ENV });
  return { stack, network: new PlatformNetwork(stack, 'Network') };
}

/** The app tier on its own, in `scope` (a tier stack's, by default). */
function standaloneTier(props: Partial<AppTierProps> = {}, built = tierStack(), scope: Construct = built.stack) {
  const { stack, network } = built;
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0000000000000EXAMPLE', zoneName: 'example.com',
  });
  const tier = new AppTier(scope, 'AppTier', {
    vpc: network.vpc,
    publicSubnets: network.publicSubnets,
    zoneSubnets: [0, 1].map((zone) => network.privateSubnetOfZone(zone)),
    domainName: 'app.example.com',
    hostedZone,
    ...props,
  });
  return { stack, tier, template: Template.fromStack(stack) };
}

/** The document of a CloudWatch Logs resource policy, resolved (the template holds it as a JSON string). */
function documentOf(stack: Stack, policy: logs.ResourcePolicy): any {
  return stack.resolve(policy.document);
}

describe('deletion protection (appTier.deletionProtection)', () => {
  test('on by default: both load balancers refuse deletion, and no warning', () => {
    const { template, platform, stack } = defaultPlatform();
    expect(platform.appTier.deletionProtection).toBe(true);
    template.resourceCountIs(ALB, 2);
    template.allResourcesProperties(ALB, {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('appTier.DeletionProtectionDisabled'))).toEqual([]);
  });

  test('false turns it off on both load balancers and warns, with an id users can acknowledge', () => {
    const { template, platform, stack } = synthPlatform({ appTier: { deletionProtection: false } });
    expect(platform.appTier.deletionProtection).toBe(false);
    template.allResourcesProperties(ALB, {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
    const warnings = Annotations.fromStack(stack).findWarning(`/${stack.stackName}/Platform/AppTier`, Match.stringLikeRegexp(
      '`appTier.deletionProtection` is false: .*delete the zone load balancers'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain(`[ack: Annotation::${DISABLED_WARNING}]`);

    const acknowledged = buildPlatform({ appTier: { deletionProtection: false } });
    Validations.of(acknowledged.platform).acknowledge({ id: `Annotation::${DISABLED_WARNING}`, reason: 'a test stack' });
    expect(Annotations.fromStack(acknowledged.stack).findWarning('*', Match.stringLikeRegexp('appTier.deletionProtection'))).toEqual([]);
  });

  test.each([['false'], [0], ['no']])('fails when appTier.deletionProtection is %p (JavaScript callers)', (value) => {
    const caught = errorOf(() => buildPlatform({ appTier: { deletionProtection: value as unknown as boolean } }));
    expect(PlatformErrors.propPathOf(caught)).toBe('appTier.deletionProtection');
    expect((caught as Error).message).toMatch(/^`appTier.deletionProtection` must be true or false, got /);
  });

  // The compliance packs check the attribute: the default stays clean, and an explicit opt-out shows in the packs
  // that have the rule (NIST 800-53 rev 5 and HIPAA; PCI DSS 3.2.1 has none), on both load balancers, for the user
  // to acknowledge.
  const PACKS: Array<[string, (app: App) => NagPack]> = [
    ['NIST.800.53.R5', (app) => new NIST80053R5Checks(app)],
    ['HIPAA.Security', (app) => new HIPAASecurityChecks(app)],
    ['PCI.DSS.321', (app) => new PCIDSS321Checks(app)],
  ];
  function deletionProtectionFindings(deletionProtection: boolean | undefined): string[] {
    const { findings } = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      buildPlatform({ appTier: { deletionProtection } }, { env: TEST_ENV }, app);
      Validations.of(app).addPlugins(...PACKS.map(([, pack]) => pack(app)));
      return app;
    });
    return findings.filter((f) => f.rule.endsWith('-ELBDeletionProtectionEnabled'))
      .flatMap((f) => f.paths.map((path) => `${f.rule} ${path}`)).sort();
  }

  test('the compliance packs find nothing by default, and both load balancers when it is turned off', () => {
    expect(deletionProtectionFindings(undefined)).toEqual([]);
    expect(deletionProtectionFindings(false)).toEqual(['HIPAA.Security', 'NIST.800.53.R5'].flatMap((pack) => [1, 2].map((zone) =>
      `${pack}-ELBDeletionProtectionEnabled TestStack/Platform/AppTier/Zone${zone}LoadBalancer/LoadBalancer/Resource`)));
  });
});

describe('the AWS WAF log group', () => {
  test('kept with its key when the stack is deleted, but not when the stack\'s first deployment rolls back', () => {
    const { template, platform } = defaultPlatform();
    for (const construct of [platform.appTier.webAclLogGroup, platform.appTier.key]) {
      expect(template.toJSON().Resources[logicalIdOf(construct)])
        .toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  // The group is kept after a stack deletion: a fixed name would make creating the stack again fail on it.
  test('named aws-waf-logs-<stack>-<path>-<part of the stack ID>: the same across updates, new each time the stack is created', () => {
    const { template, platform } = defaultPlatform();
    const name = template.toJSON().Resources[logicalIdOf(platform.appTier.webAclLogGroup)].Properties.LogGroupName;
    expect(deployed(name)).toBe('aws-waf-logs-TestStack-Platform-AppTier-BD6693B1-1c2fa620');
    expect(deployed(name, RECREATED_STACK_ID)).toBe('aws-waf-logs-TestStack-Platform-AppTier-BD6693B1-7d9e3b40');
  });

  test('a long stack name and construct path still give a name AWS WAF and CloudWatch Logs accept', () => {
    const built = tierStack(`Platform${'Production'.repeat(12)}`);
    const scope = new Construct(new Construct(built.stack, 'Teams'.repeat(40)), 'Storefront'.repeat(20));
    const { tier, template } = standaloneTier({}, built, scope);
    expect(built.stack.stackName).toHaveLength(128);
    const name = deployed(resourcesOf(template, LOG_GROUP)[logicalIdOf(tier.webAclLogGroup)].Properties.LogGroupName);
    expect(name).toMatch(/^aws-waf-logs-PlatformProduction[A-Za-z0-9-]+-1c2fa620$/);
    expect(name.length).toBeLessThanOrEqual(512);
  });

  test('AWS WAF logs to that group', () => {
    const { template, platform } = defaultPlatform();
    const group = logicalIdOf(platform.appTier.webAclLogGroup);
    const configs = Object.values(resourcesOf(template, WAF_LOGGING));
    expect(configs).toHaveLength(2);
    for (const config of configs) {
      expect(JSON.stringify(config.Properties.LogDestinationConfigs)).toContain(`{"Ref":"${group}"}`);
    }
  });
});

describe('CloudWatch Logs resource policy (appTier.logsResourcePolicy)', () => {
  test('on its own, the tier creates one policy that lets log delivery write to its AWS WAF log group only', () => {
    const { stack, tier, template } = standaloneTier();
    expect(Object.keys(resourcesOf(template, LOGS_POLICY))).toEqual([logicalIdOf(tier.logsResourcePolicy)]);
    expect(tier.logsResourcePolicy.node.scope).toBe(tier);
    expect(documentOf(stack, tier.logsResourcePolicy).Statement).toEqual([{
      Sid: WEB_ACL_LOG_DELIVERY_SID,
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:',
          { Ref: logicalIdOf(tier.webAclLogGroup) }, ':log-stream:*']],
      },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:*']] } },
      },
    }]);
    // CloudWatch Logs checks at creation that delivery may write to the group.
    for (const config of Object.values(resourcesOf(template, WAF_LOGGING))) {
      expect(config.DependsOn).toContain(logicalIdOf(tier.logsResourcePolicy));
    }
  });

  test('given a shared policy, the tier adds its statement there and creates none of its own', () => {
    const built = tierStack();
    const stack = built.stack;
    const shared = new logs.ResourcePolicy(stack, 'SharedLogDelivery', {
      policyStatements: [new iam.PolicyStatement({
        sid: 'SomeoneElse',
        principals: [new iam.ServicePrincipal('es.amazonaws.com')],
        actions: ['logs:PutLogEvents'],
        resources: ['arn:aws:logs:eu-west-1:123456789012:log-group:other:*'],
      })],
    });
    const { tier, template } = standaloneTier({ logsResourcePolicy: shared }, built);
    expect(tier.logsResourcePolicy).toBe(shared);
    expect(Object.keys(resourcesOf(template, LOGS_POLICY))).toEqual([logicalIdOf(shared)]);
    const statements = documentOf(stack, shared).Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual(['SomeoneElse', WEB_ACL_LOG_DELIVERY_SID]);
    expect(JSON.stringify(statements[1].Resource)).toContain(`{"Ref":"${logicalIdOf(tier.webAclLogGroup)}"}`);
    for (const config of Object.values(resourcesOf(template, WAF_LOGGING))) {
      expect(config.DependsOn).toContain(logicalIdOf(shared));
    }
  });
});

describe('prop paths: the app tier on its own names its own props', () => {
  test('a rule of the tier names its own prop and sibling prop, and its own construct path', () => {
    const err = errorOf(() => standaloneTier({ instancesPerZone: [4, 4], maxInstancesPerZone: [8, 3] }));
    expect(PlatformErrors.propPathOf(err)).toBe('maxInstancesPerZone[1]');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/AppTier');
    expect(err.message).toBe('`maxInstancesPerZone[1]` must be at least the desired count `instancesPerZone[1]` (4), got 3');
  });

  test('a rule of its servers (checked at synth) names the tier\'s prop: `userData` on its own, `appTier.userData` under the platform', () => {
    const userData = () => {
      const script = ec2.UserData.forLinux();
      script.addCommands('MULTI_AZ_HA_PLATFORM_USER_DATA');
      return script;
    };
    const alone = errorOf(() => standaloneTier({ userData: userData() }));
    expect(PlatformErrors.propPathOf(alone)).toBe('userData');
    expect(PlatformErrors.constructPathOf(alone)).toBe('TestStack/AppTier/Servers');
    // Raised while the template resolves, so aws-cdk-lib prefixes "Resolution error: " to the message.
    expect(alone.message).toMatch(/(^|: )`userData` must not contain a line "MULTI_AZ_HA_PLATFORM_USER_DATA" \(the platform ends its copy of the script there\), got 'MULTI_AZ_HA_PLATFORM_USER_DATA'/);

    const underPlatform = errorOf(() => synthPlatform({ appTier: { userData: userData() } }));
    expect(PlatformErrors.propPathOf(underPlatform)).toBe('appTier.userData');
    expect(PlatformErrors.constructPathOf(underPlatform)).toBe('TestStack/Platform/AppTier/Servers');
  });

  test('its warnings name its own props', () => {
    const { stack } = standaloneTier({ deletionProtection: false });
    expect(Annotations.fromStack(stack).findWarning('/TestStack/AppTier', Match.stringLikeRegexp(DISABLED_WARNING))
      .map((w) => w.entry.data)).toEqual([expect.stringMatching(/^`deletionProtection` is false: /)]);
  });
});
