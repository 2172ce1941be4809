// The discovery parameters' read grant: the ARNs it names and the acknowledgement of its wildcard, for a prefix
// given as a literal and as a Token (a CloudFormation parameter).
import { CfnParameter, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformParameters } from '../../lib';
import { newStack, newTestApp, TEST_ENV } from '../support/fixtures';
import { synthAndCollectFindings } from '../support/validation-report';

/** A stack with the parameters under `prefix` (a literal, or a Token when undefined) and a role granted to read them. */
function granted(app = newTestApp(), prefix?: string) {
  const { stack } = newStack({ env: TEST_ENV }, app);
  const given = prefix ?? new CfnParameter(stack, 'Prefix', { type: 'String' }).valueAsString;
  const parameters = new PlatformParameters(stack, 'Parameters', { prefix: given });
  parameters.publish('database', 'port', '5432', 'The port PostgreSQL listens on');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  parameters.grantRead(role);
  return { stack, role };
}

/** The resources of the role's read statement. */
function readResources(stack: ReturnType<typeof granted>['stack']): unknown {
  const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
  return policy.Properties.PolicyDocument.Statement[0].Resource;
}

describe('grantRead', () => {
  test('names the prefix and everything under it, the path\'s leading "/" kept once', () => {
    expect(readResources(granted(newTestApp(), '/team/platform').stack)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:123456789012:parameter/team/platform']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:123456789012:parameter/team/platform/*']] },
    ]);
  });

  test('with a prefix known at deploy only, the same ARNs (no "//" after parameter)', () => {
    expect(readResources(granted().stack)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:123456789012:parameter', { Ref: 'Prefix' }]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:123456789012:parameter', { Ref: 'Prefix' }, '/*']] },
    ]);
  });

  test.each([['a literal prefix', '/team/platform'], ['a prefix known at deploy only', undefined]])(
    'AwsSolutions reports no wildcard left unacknowledged, with %s', (_name, prefix) => {
      const { findings, plugins } = synthAndCollectFindings((outdir) => {
        const app = newTestApp({ outdir });
        const { stack } = granted(app, prefix);
        // A canary the pack must flag, so that no IAM5 finding means the pack ran and found none.
        new s3.Bucket(stack, 'Canary');
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        return app;
      });
      expect(plugins).toEqual(['AwsSolutions']);
      expect(findings.map((f) => f.rule)).toContain('AwsSolutions-S1');
      expect(findings.filter((f) => f.rule.startsWith('AwsSolutions-IAM5'))).toEqual([]);
    });
});
