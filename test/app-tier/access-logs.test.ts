// Where the load balancers' access logs go, and who may write them, in every Region.
import { Match } from 'aws-cdk-lib/assertions';
import { ELB_LOG_DELIVERY_SERVICE, regionsWithElbAccount } from '../../lib/private/access-logs';
import { agnosticPlatform, defaultPlatform, resourcesOf } from '../support/request-path';

const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

describe('access logs', () => {
  test('an encrypted, private, TLS-only bucket that is kept when the stack is deleted', () => {
    const { template } = defaultPlatform();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
  });

  test('in a concrete region the regional ELB account writes the logs', () => {
    defaultPlatform().template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { AWS: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':iam::156460612806:root')])] }) },
        })]),
      }),
    });
  });

  test('in an environment-agnostic stack the log delivery service may write, and the ELB account only where the Region has one', () => {
    const { template } = agnosticPlatform();
    const json = template.toJSON();
    const conditions = Object.entries(json.Conditions as Record<string, unknown>).filter(([id]) => id.includes('RegionHasElbAccount'));
    expect(conditions).toHaveLength(1);
    const regions = JSON.stringify(conditions[0][1]).match(/"[a-z]{2}(-[a-z]+)+-\d"/g)!.map((r) => JSON.parse(r)).sort();
    expect(regions).toEqual(Object.keys(regionsWithElbAccount()).sort());
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));
    expect(regions).not.toEqual(expect.arrayContaining(['ap-south-2']));
    template.allResourcesProperties(ALB, {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
  });

  // Evaluated as CloudFormation would in each Region: a plain Fn::FindInMap failed in the Regions opened since 2022.
  test.each([
    ['us-east-1', '127311923021'],
    ['eu-west-1', '156460612806'],
    ['ap-southeast-2', '783225319266'],
    ['ap-south-2', 'none'],
    ['eu-south-2', 'none'],
    ['il-central-1', 'none'],
    ['mx-central-1', 'none'],
    ['xx-future-1', 'none'],
  ])('an environment-agnostic stack deployed in %s lets the log delivery service write, and ELB account %s', (region, account) => {
    const json = agnosticPlatform().template.toJSON();
    const [policy] = Object.entries(resourcesOf(agnosticPlatform().template, 'AWS::S3::BucketPolicy'))
      .filter(([id]) => id.startsWith('PlatformAppTierAccessLogsBucket')).map(([, p]) => p);
    const writes = deployedIn(region, json, policy.Properties.PolicyDocument).Statement
      .filter((statement: any) => statement.Action === 's3:PutObject');
    expect(writes).toHaveLength(2);
    for (const statement of writes) {
      expect(statement.Principal).toEqual({
        Service: ELB_LOG_DELIVERY_SERVICE,
        ...(account === 'none' ? {} : { AWS: `arn:aws:iam::${account}:root` }),
      });
    }
  });
});

const NO_VALUE = Symbol('AWS::NoValue');

/** The value CloudFormation would deploy in `region`: conditions, Fn::If, Fn::FindInMap (which fails on a missing key). */
function deployedIn(region: string, template: any, value: any): any {
  const evaluate = (v: any): any => deployedIn(region, template, v);
  const condition = (name: string): boolean => evaluate(template.Conditions[name]);
  if (Array.isArray(value)) {
    return value.map(evaluate).filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const [fn] = Object.keys(value);
  const arg = value[fn];
  switch (fn) {
    case 'Ref':
      return { 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::NoValue': NO_VALUE }[arg as string] ?? `<${arg}>`;
    case 'Condition': return condition(arg);
    case 'Fn::If': return evaluate(condition(arg[0]) ? arg[1] : arg[2]);
    case 'Fn::Equals': return evaluate(arg[0]) === evaluate(arg[1]);
    case 'Fn::Or': return arg.some((c: any) => evaluate(c) === true);
    case 'Fn::Join': return evaluate(arg[1]).join(arg[0]);
    case 'Fn::GetAtt': return `<${arg.join('.')}>`;
    case 'Fn::FindInMap': {
      const [map, top, second] = arg.map(evaluate);
      const found = template.Mappings?.[map]?.[top]?.[second];
      if (found === undefined) {
        throw new Error(`Fn::FindInMap: ${map} has no ${top}/${second}: the deploy fails in ${region}`);
      }
      return found;
    }
    default:
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v)]).filter(([, v]) => v !== NO_VALUE));
  }
}
