import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { grantSecretRead } from '../../lib/private/secret-grants';
import { TEST_ENV } from '../support/fixtures';

// The cross-stack case (the grantee's own policy, no cycle) is tested on each tier that grants a secret.

function secretStack(app: App) {
  const stack = new Stack(app, 'Secrets', { env: TEST_ENV });
  const key = new kms.Key(stack, 'Key');
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
  return { stack, key, secret };
}

const role = (stack: Stack) => new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const decryptPrincipals = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0]
  .Properties.KeyPolicy.Statement.filter((s: any) => s.Action === 'kms:Decrypt').map((s: any) => s.Principal.AWS);

test('in the secret\'s own stack it is secret.grantRead: the key policy names the grantee', () => {
  const app = new App();
  const { stack, key, secret } = secretStack(app);
  const reader = role(stack);
  grantSecretRead(secret, key, reader);
  expect(decryptPrincipals(stack)).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(reader.node.defaultChild as iam.CfnRole), 'Arn'] }]);
});

test('a grantee of another account gets secret.grantRead too: the key policy is what lets it in', () => {
  const app = new App();
  const { stack, key, secret } = secretStack(app);
  // Imported and immutable: the other account's stack gets no policy, which could not import the key's ARN.
  const other = new Stack(app, 'Other', { env: { account: '210987654321', region: TEST_ENV.region } });
  grantSecretRead(secret, key, iam.Role.fromRoleArn(other, 'Reader', 'arn:aws:iam::210987654321:role/reader', { mutable: false }));
  expect(decryptPrincipals(stack)).toEqual([expect.stringContaining(':iam::210987654321:')]);
});

test('a grantee that is no construct (an ARN) gets secret.grantRead too', () => {
  const app = new App();
  const { stack, key, secret } = secretStack(app);
  grantSecretRead(secret, key, new iam.ArnPrincipal('arn:aws:iam::123456789012:role/reader'));
  expect(decryptPrincipals(stack)).toEqual(['arn:aws:iam::123456789012:role/reader']);
});
