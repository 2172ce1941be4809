import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { getAtt, logicalIdOf, ref, TEST_ENV } from './fixtures';

/** Asserts that the grantee's policy holds exactly one statement: read `secret` (its value and description), nothing else. */
export function expectReadsOnlySecret(template: Template, grantee: IConstruct, secret: IConstruct): void {
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [ref(grantee)],
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: ref(secret),
      }],
    },
  });
}

/**
 * Asserts that the tier's one key (the one key whose logical ID starts with `tierPrefix`: the network's flow log key
 * aside) encrypts the template's one secret.
 */
export function expectOneKeyEncryptsOneSecret(template: Template, tierPrefix: string, key: IConstruct, secret: IConstruct): void {
  expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith(tierPrefix))).toEqual([logicalIdOf(key)]);
  template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  expect(template.findResources('AWS::SecretsManager::Secret')[logicalIdOf(secret)].Properties.KmsKeyId).toEqual(getAtt(key, 'Arn'));
}

/** Asserts that the key's policy lets the grantee decrypt with it through Secrets Manager (in eu-west-1) only. */
export function expectDecryptsThroughSecretsManager(template: Template, key: IConstruct, grantee: IConstruct): void {
  expect(template.findResources('AWS::KMS::Key')[ref(key).Ref].Properties.KeyPolicy.Statement).toContainEqual({
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Principal: { AWS: getAtt(grantee, 'Arn') },
    Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    Resource: '*',
  });
}

/**
 * Grants a secret of a tier (`grant`) to a role in another stack of the tier's app, as an app's own stack does
 * (docs/connecting-your-app.md), and asserts that only that stack refers to the other: the app synthesizes (no
 * dependency cycle), the tier's stack imports nothing, and the role's own policy reads `secret` and decrypts with
 * `key` through Secrets Manager (eu-west-1) only.
 */
export function expectCrossStackSecretRead(tierStack: Stack, grant: (role: iam.IRole) => void, secret: IConstruct, key: IConstruct): void {
  const appStack = new Stack(tierStack.node.root as App, 'AppStack', { env: TEST_ENV });
  const role = new iam.Role(appStack, 'OrdersRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  grant(role);
  expect(JSON.stringify(Template.fromStack(tierStack).toJSON())).not.toContain('Fn::ImportValue');
  const policies = Object.values(Template.fromStack(appStack).findResources('AWS::IAM::Policy'));
  const imported = (id: string) => ({ 'Fn::ImportValue': expect.stringContaining(id) });
  expect(policies.map((policy) => policy.Properties.PolicyDocument.Statement)).toEqual([[
    { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: imported(logicalIdOf(secret)) },
    {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      Resource: imported(logicalIdOf(key)),
    },
  ]]);
}

/**
 * The one trust statement of a role that only `service` may assume, and only for its resources `resource` (a path
 * such as `experiment/*`) in TEST_ENV's account and region: the source account and source ARN conditions, as the
 * template holds them.
 */
export function serviceTrustStatement(service: string, resource: string): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: { Service: `${service}.amazonaws.com` },
    Condition: {
      StringEquals: { 'aws:SourceAccount': TEST_ENV.account },
      ArnLike: {
        'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:${TEST_ENV.region}:${TEST_ENV.account}:${resource}`]] },
      },
    },
  };
}
