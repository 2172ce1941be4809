import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { azKey } from '../../report/template-values';

/** What every family of the tier model shares: the stack, and the zones met so far. */
export interface TierContext {
  readonly stack: Stack;
  /** Every zone key met so far (through {@link TierContext.zoneOf}). */
  readonly zoneKeys: ReadonlySet<string>;
  /**
   * The zone key of an Availability Zone as a tier names it (a literal such as `eu-west-1a`, or the token of
   * `Fn::Select` over `Fn::GetAZs`), as the report keys it: `eu-west-1a`, `GetAZs[0]`. Recorded as a zone of the platform.
   */
  zoneOf(availabilityZone: string): string;
  /**
   * The logical ID the template gives a construct: a CloudFormation element's own, or the one of a construct's
   * `node.defaultChild` (an L2's resource). Identifiers only, so that the model names resources as the report does.
   */
  logicalIdOf(construct: IConstruct): string;
}

/** Starts a tier model of the platform in `stack`. */
export function newTierContext(stack: Stack): TierContext {
  const zoneKeys = new Set<string>();
  return {
    stack,
    zoneKeys,
    zoneOf: (availabilityZone) => {
      const key = azKey(stack.resolve(availabilityZone));
      if (key === undefined) {
        throw new Error(`cannot key the Availability Zone ${JSON.stringify(stack.resolve(availabilityZone))}`);
      }
      zoneKeys.add(key);
      return key;
    },
    logicalIdOf: (construct) => {
      const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
      if (!element || !CfnElement.isCfnElement(element)) {
        throw new Error(`${construct.node.path} has no CloudFormation resource to name`);
      }
      return stack.resolve(element.logicalId);
    },
  };
}
