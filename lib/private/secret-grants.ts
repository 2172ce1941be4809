import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * Lets `grantee` read `secret` and decrypt it with the secret's key through Secrets Manager.
 *
 * In the secret's stack this is `secret.grantRead`. A grantee in another stack, of the secret's account, gets both
 * permissions in its own policy instead: `secret.grantRead` would also name it in the key policy (aws-cdk-lib grants
 * the key to a `kms.ViaServicePrincipal`), so the secret's stack would refer back to the grantee's stack, a cycle
 * `cdk synth` refuses (https://github.com/aws/aws-cdk/issues/14213). The tiers' keys trust the account's IAM
 * policies, so the grantee's policy is enough. A grantee of another account, one that is no construct (an ARN), or
 * one that takes no policy (an imported role with `addGrantsToResources`) gets `secret.grantRead`: the secret's
 * and the key's policies are what let it in.
 */
export function grantSecretRead(secret: secretsmanager.ISecret, grantee: iam.IGrantable): iam.Grant {
  const key = secret.encryptionKey;
  if (!key) {
    throw new Error(`grantSecretRead: ${secret.node.path} has no key of its own`);
  }
  const principal = grantee.grantPrincipal;
  const stack = Stack.of(secret);
  if (!Construct.isConstruct(principal) || Stack.of(principal) === stack || !inAccountOf(stack, principal)) {
    return secret.grantRead(grantee);
  }
  const read = iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resourceArns: [secret.secretArn],
  });
  if (!read.success) {
    return secret.grantRead(grantee);
  }
  return read.combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
  }));
}

/** Whether the principal is of the stack's account: the same account, or both the deploying account (unresolved). */
function inAccountOf(stack: Stack, principal: iam.IPrincipal): boolean {
  if (principal.principalAccount === undefined) {
    return false;
  }
  const comparison = Token.compareStrings(principal.principalAccount, stack.account);
  return comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED;
}
