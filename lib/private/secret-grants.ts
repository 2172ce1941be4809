import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * Lets `grantee` read `secret` and decrypt it with `key` (the secret's key) through Secrets Manager.
 *
 * In the secret's stack this is `secret.grantRead`. A grantee in another stack of the same account gets both
 * permissions in its own policy instead: `secret.grantRead` would also name it in the key policy (aws-cdk-lib grants
 * the key to a `kms.ViaServicePrincipal`), so the secret's stack would refer to the grantee's stack while that stack
 * refers to the secret, a cycle `cdk synth` refuses (https://github.com/aws/aws-cdk/issues/14213). The tiers' keys
 * trust the account's IAM policies, so the grantee's policy is enough. A grantee of another account, or one that is
 * no construct (an ARN), gets `secret.grantRead`: a key policy statement is what lets it in.
 */
export function grantSecretRead(secret: secretsmanager.ISecret, key: kms.IKey, grantee: iam.IGrantable): iam.Grant {
  const principal = grantee.grantPrincipal;
  const stack = Stack.of(secret);
  const otherStack = Construct.isConstruct(principal) ? Stack.of(principal) : undefined;
  if (!otherStack || otherStack === stack || otherStack.account !== stack.account) {
    return secret.grantRead(grantee);
  }
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resourceArns: [secret.secretArn],
  }).combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
  }));
}
