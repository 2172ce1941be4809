import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { grantSecretRead } from '../../lib/private/secret-grants';
import { TEST_ENV } from '../support/fixtures';

// A grantee in another stack of the same account (its own policy, no cycle) is tested on each tier that grants a
// secret (expectCrossStackSecretRead); here, the grantees that keep aws-cdk-lib's secret.grantRead.

function secretStack(app: App) {
  const stack = new Stack(app, 'Secrets', { env: TEST_ENV });
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: new kms.Key(stack, 'Key') });
  return { stack, secret };
}

/** The principals the key policy lets decrypt, and those the secret's resource policy lets read. */
function policiesOf(stack: Stack) {
  const template = Template.fromStack(stack);
  const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
  const secretPolicies = Object.values(template.findResources('AWS::SecretsManager::ResourcePolicy'));
  return {
    decrypt: key.Properties.KeyPolicy.Statement.filter((s: any) => s.Action === 'kms:Decrypt').map((s: any) => s.Principal.AWS),
    read: secretPolicies.flatMap((p) => p.Properties.ResourcePolicy.Statement).map((s: any) => s.Principal.AWS),
  };
}

const OTHER_ACCOUNT = { account: '210987654321', region: TEST_ENV.region };
const lambdaRole = (stack: Stack) => new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

test('in the secret\'s own stack: the key policy names the grantee', () => {
  const app = new App();
  const { stack, secret } = secretStack(app);
  const reader = lambdaRole(stack);
  grantSecretRead(secret, reader);
  expect(policiesOf(stack).decrypt).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(reader.node.defaultChild as iam.CfnRole), 'Arn'] }]);
});

test.each([
  ['in a stack of another account', (app: App) => new Stack(app, 'Other', { env: OTHER_ACCOUNT })],
  ['imported into a stack of the same account', (app: App) => new Stack(app, 'Other', { env: TEST_ENV })],
])('a role of another account, %s: the key policy and the secret\'s policy name it', (_where, otherStack) => {
  const app = new App();
  const { stack, secret } = secretStack(app);
  // Immutable: a stack of the other account could not import the key's ARN into a policy of its own.
  grantSecretRead(secret, iam.Role.fromRoleArn(otherStack(app), 'Reader', 'arn:aws:iam::210987654321:role/reader', { mutable: false }));
  const { decrypt, read } = policiesOf(stack);
  expect(decrypt).toEqual([expect.stringContaining(':iam::210987654321:')]);
  expect(read).toEqual([expect.stringContaining(':iam::210987654321:')]);
});

test('an imported role of the same account that takes no policy (addGrantsToResources): the key policy names it', () => {
  const app = new App();
  const { stack, secret } = secretStack(app);
  const other = new Stack(app, 'Other', { env: TEST_ENV });
  const arn = `arn:aws:iam::${TEST_ENV.account}:role/reader`;
  const grant = grantSecretRead(secret, iam.Role.fromRoleArn(other, 'Reader', arn, { mutable: false, addGrantsToResources: true }));
  expect(grant.success).toBe(true);
  expect(policiesOf(stack).decrypt).toEqual([arn]);
});

test('a grantee that is no construct (an ARN): the key policy names it', () => {
  const app = new App();
  const { stack, secret } = secretStack(app);
  grantSecretRead(secret, new iam.ArnPrincipal('arn:aws:iam::123456789012:role/reader'));
  expect(policiesOf(stack).decrypt).toEqual(['arn:aws:iam::123456789012:role/reader']);
});

test('a secret without a key of its own is refused', () => {
  const stack = new Stack(new App(), 'Secrets');
  const secret = new secretsmanager.Secret(stack, 'Secret');
  expect(() => grantSecretRead(secret, lambdaRole(stack))).toThrow('grantSecretRead: Secrets/Secret has no key of its own');
});
