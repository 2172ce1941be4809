import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on exactly this construct, with the reason a security reviewer reads.
 * The README's acknowledgement table is generated from these (test/docs/readme.test.ts checks it).
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

/**
 * The id of cdk-nag's AwsSolutions-IAM5 finding on one wildcard resource, the way cdk-nag prints it: the resource
 * resolved, Fn::Join flattened, pseudo parameters and references as <AWS::Region> and <Id.Attr>.
 */
export function iam5Finding(stack: Stack, resource: string): string {
  const render = (part: any): string => {
    if (typeof part === 'string') {
      return part;
    }
    if (part['Fn::Join']) {
      return part['Fn::Join'][1].map(render).join(part['Fn::Join'][0]);
    }
    if (part['Fn::GetAtt']) {
      return `<${part['Fn::GetAtt'].join('.')}>`;
    }
    return `<${part.Ref}>`;
  };
  return `AwsSolutions-IAM5[Resource::${render(stack.resolve(resource))}]`;
}

/** Adds a warning users can acknowledge with `Validations.of(scope).acknowledge(...)`. */
export function warn(scope: IConstruct, id: string, message: string): void {
  Validations.of(scope).addWarning(`multi-az-ha-platform:${id}`, message);
}

/**
 * Acknowledges a finding on the policy a grant wrote to a principal (its DefaultPolicy, or the principal
 * itself). Principals that are not constructs (imported by ARN) hold no policy of ours: nothing to do.
 */
export function acknowledgeOnGrantee(principal: iam.IPrincipal, rule: string, reason: string): void {
  if (!Construct.isConstruct(principal)) {
    return;
  }
  acknowledge(principal.node.tryFindChild('DefaultPolicy') ?? principal, rule, reason);
}

/** Rule ID prefixes of cdk-nag's compliance packs. */
export const NIST_800_53_R5 = 'NIST.800.53.R5';
export const HIPAA_SECURITY = 'HIPAA.Security';
export const PCI_DSS_321 = 'PCI.DSS.321';
/** The three compliance packs the platform is checked against (test/nag/compliance-packs.test.ts). */
export const COMPLIANCE_PACKS = [NIST_800_53_R5, HIPAA_SECURITY, PCI_DSS_321];

/**
 * Acknowledges one rule of cdk-nag's compliance packs on exactly this construct, in each pack listed (only
 * the packs that have the rule: an acknowledgement of a rule a pack lacks would list a finding that never was).
 */
export function acknowledgeCompliance(scope: IConstruct, packs: string[], rule: string, reason: string): void {
  for (const pack of packs) {
    acknowledge(scope, `${pack}-${rule}`, reason);
  }
}

/**
 * Acknowledges, on a secret, the rules that ask for automatic rotation (AwsSolutions-SMG4, and the compliance packs'
 * SecretsManagerRotationEnabled): for credentials no Secrets Manager rotation function can rotate. `reason` says how
 * they are rotated instead and who can read them.
 */
export function acknowledgeUnrotatedSecret(secret: IConstruct, reason: string): void {
  acknowledge(secret, 'AwsSolutions-SMG4', reason);
  acknowledgeCompliance(secret, [NIST_800_53_R5, HIPAA_SECURITY], 'SecretsManagerRotationEnabled', reason);
}

/** `acknowledgeCompliance` on the policy grants wrote to a principal (see `acknowledgeOnGrantee`). */
export function acknowledgeComplianceOnGrantee(principal: iam.IPrincipal, packs: string[], rule: string, reason: string): void {
  for (const pack of packs) {
    acknowledgeOnGrantee(principal, `${pack}-${rule}`, reason);
  }
}

/** Why a role keeps the policy aws-cdk-lib writes for it (its DefaultPolicy) rather than a managed policy. */
export const INLINE_GRANT_POLICY_REASON =
  'This DefaultPolicy is the policy aws-cdk-lib generates for this one role from the grants it receives (for the ' +
  'flow log role, from the FlowLog construct): it is attached to this role alone and never shared, its statements ' +
  'are least-privilege grants (each wildcard is acknowledged on its own under AwsSolutions-IAM5), and it changes ' +
  'only through this stack, where CloudFormation change sets, drift detection and rollback version it. A customer ' +
  'managed policy would add reuse across identities and IAM policy versions, which one role\'s generated policy ' +
  'does not need; the permissions would be the same.';
