import { App, AppProps, CfnElement, Stack, StackProps, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { DatabaseTopology, DnsRouting, GrafanaAuthentication, MultiAzHaPlatform, MultiAzHaPlatformProps } from '../../lib';

/** A fixed environment, so templates (and snapshots) do not depend on the machine. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' };
/** The zones of TEST_ENV, as the CDK CLI would look them up (without it aws-cdk-lib writes placeholders). */
export const TEST_ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/**
 * An app whose context knows TEST_ENV's zones, as cdk.context.json would after a lookup. It writes no tree.json (the
 * construct tree as a file, for the CDK CLI and the console; no test reads it): a platform's synth takes about a
 * third less without it.
 */
export function newTestApp(props: AppProps = {}): App {
  return new App({
    treeMetadata: false,
    ...props,
    context: { [`availability-zones:account=${TEST_ENV.account}:region=${TEST_ENV.region}`]: TEST_ZONES, ...props.context },
  });
}
export const ZONE_NAME = 'example.com';

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly platform: MultiAzHaPlatform;
  readonly template: Template;
}

/** Props of the platform beyond the hosted zone the fixture provides. */
export type PlatformOverrides = Omit<Partial<MultiAzHaPlatformProps>, 'dns'> & {
  readonly dns?: Partial<MultiAzHaPlatformProps['dns']>;
};

/** A stack with an imported hosted zone (no lookup), in `inApp` (an app or a stage of one; a new test app by default). */
export function newStack<A extends Stage = App>(stackProps: StackProps = { env: TEST_ENV }, inApp?: A):
{ app: A; stack: Stack; hostedZone: route53.IHostedZone } {
  // Without `inApp`, A is App (its default).
  const app = (inApp ?? newTestApp()) as A;
  const stack = new Stack(app, 'TestStack', stackProps);
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', {
    hostedZoneId: 'Z0000000000000EXAMPLE',
    zoneName: ZONE_NAME,
  });
  return { app, stack, hostedZone };
}

/** Builds a platform (without synthesizing), for tests that expect the constructor to throw. */
export function buildPlatform(overrides: PlatformOverrides = {}, stackProps?: StackProps, inApp?: App):
{ app: App; stack: Stack; platform: MultiAzHaPlatform } {
  const { app, stack, hostedZone } = newStack(stackProps, inApp);
  const platform = new MultiAzHaPlatform(stack, 'Platform', {
    ...overrides,
    dns: { hostedZone, recordName: 'app', ...overrides.dns },
  });
  return { app, stack, platform };
}

/** Builds and synthesizes a platform. */
export function synthPlatform(overrides: PlatformOverrides = {}, stackProps?: StackProps): Synthesized {
  const built = buildPlatform(overrides, stackProps);
  return { ...built, template: Template.fromStack(built.stack) };
}

const cache = new Map<string, Synthesized>();

/** The default platform in the fixed environment, synthesized once per test file. */
export function defaultPlatform(): Synthesized {
  return cached('default', () => synthPlatform());
}

/** The default platform in an environment-agnostic stack (like the sample app), synthesized once per test file. */
export function agnosticPlatform(): Synthesized {
  return cached('agnostic', () => synthPlatform({}, {}));
}

function cached(key: string, make: () => Synthesized): Synthesized {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** The resources of one type in a template, by logical ID. */
export function resourcesOf(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

/** The logical ID of a construct's CloudFormation resource (its default child, or itself). */
export function logicalIdOf(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}

/** A build's result with its stack's template (synthesized now). */
export function withTemplate<T extends { stack: Stack }>(built: T): T & { template: Template } {
  return { ...built, template: Template.fromStack(built.stack) };
}

/** A fixture built on first use and shared by every later call: what a file synthesizes once. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** `{ Ref: <logical ID> }` of a construct, as the template holds it. */
export function ref(construct: IConstruct): { Ref: string } {
  return { Ref: logicalIdOf(construct) };
}

/** `{ 'Fn::GetAtt': [<logical ID>, attribute] }` of a construct, as the template holds it. */
export function getAtt(construct: IConstruct, attribute: string): { 'Fn::GetAtt': string[] } {
  return { 'Fn::GetAtt': [logicalIdOf(construct), attribute] };
}

/** A resolved CloudFormation string as text: literals as they are, Fn::Join flattened, any other value as `other` writes it. */
export function joinedText(value: any, other: (value: any) => string): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map((part: any) => joinedText(part, other)).join(separator);
  }
  return other(value);
}

/** A resolved CloudFormation string as text: Fn::Join flattened, Ref and Fn::GetAtt as <Ref:Id> and <Id.Attr>. */
export function cfnText(value: any): string {
  return joinedText(value, (intrinsic) => {
    if (intrinsic.Ref) {
      return `<Ref:${intrinsic.Ref}>`;
    }
    if (intrinsic['Fn::GetAtt']) {
      return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
    }
    throw new Error(`unexpected ${JSON.stringify(intrinsic)}`);
  });
}

/**
 * A platform with every tier customised: named zones (serving and quorum), the Multi-AZ DB instance, RabbitMQ on
 * a larger type, Grafana, emails, replication, active-active DNS.
 */
export function customisedProps(hostedZone: route53.IHostedZone): MultiAzHaPlatformProps {
  return {
    network: {
      cidr: '10.20.0.0/16',
      availabilityZones: ['eu-west-1b', 'eu-west-1c'],
      quorumAvailabilityZone: 'eu-west-1a',
      subnetCidrMask: 24,
      flowLogRetention: logs.RetentionDays.THREE_MONTHS,
    },
    dns: { hostedZone, recordName: 'shop', routing: DnsRouting.ACTIVE_ACTIVE, healthCheckFailureThreshold: 2 },
    appTier: {
      instancesPerZone: [2, 3],
      maxInstancesPerZone: [4, 6],
      port: 9000,
      instanceType: new ec2.InstanceType('m7g.large'),
      additionalInstanceTypes: [new ec2.InstanceType('m7gd.large')],
    },
    workers: { instancesPerZone: [2, 2], queueDepthScaleOutThreshold: 5000 },
    database: { topology: DatabaseTopology.MULTI_AZ_INSTANCE, backupRetentionDays: 21, port: 5433 },
    cache: { replicasPerPrimary: 2, nodeType: 'cache.r7g.large' },
    search: { dataNodes: 9, volumeSizeGiB: 512 },
    messaging: { hostInstanceType: 'mq.m7g.large' },
    storage: {
      replicationDestinationBucketArn: 'arn:aws:s3:::shop-replica-eu-central-1',
      replicationDestinationKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    },
    observability: {
      grafana: { authenticationProviders: [GrafanaAuthentication.AWS_SSO] },
      criticalEmails: ['oncall@example.com'],
      errorRatePercent: 2,
    },
    parameterPrefix: '/shop/prod',
  };
}

/** A VPC a caller makes in the platform's stack and brings as `network.vpc`: three zones, one NAT gateway. */
export function broughtVpcWithOneNatGateway(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'ByoVpc', {
    maxAzs: 3,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}
