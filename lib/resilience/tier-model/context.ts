import { CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { UNPLACED } from '../../report/model';
import { azKey, unique } from '../../report/template-values';

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
  /** True when the subnet is a resource of the model's stack: the template holds it (not imported, not another stack's). */
  inStack(subnet: ec2.ISubnet): boolean;
  /**
   * The zone key of a subnet: its zone when the tiers know it (a subnet of the stack, or one imported with its zone),
   * else {@link UNPLACED}. The tiers know more than the template here: a template places only the subnets it holds.
   */
  zoneOfSubnet(subnet: ec2.ISubnet): string;
  /** The zones of subnets ({@link TierContext.zoneOfSubnet}), without duplicates. */
  zonesOfSubnets(subnets: ec2.ISubnet[]): string[];
}

/** Starts a tier model of the platform in `stack`. */
export function newTierContext(stack: Stack): TierContext {
  const zoneKeys = new Set<string>();
  const zoneOf = (availabilityZone: string) => {
    const key = azKey(stack.resolve(availabilityZone));
    if (key === undefined) {
      throw new Error(`cannot key the Availability Zone ${JSON.stringify(stack.resolve(availabilityZone))}`);
    }
    zoneKeys.add(key);
    return key;
  };
  const inStack = (subnet: ec2.ISubnet) => subnet.node.defaultChild !== undefined && CfnElement.isCfnElement(subnet.node.defaultChild) &&
    Stack.of(subnet) === stack;
  const zoneOfSubnet = (subnet: ec2.ISubnet) => {
    const availabilityZone = knownZone(subnet);
    return availabilityZone === undefined ? UNPLACED : zoneOf(availabilityZone);
  };
  return {
    stack,
    zoneKeys,
    zoneOf,
    inStack,
    zoneOfSubnet,
    zonesOfSubnets: (subnets) => unique(subnets.map(zoneOfSubnet)),
    logicalIdOf: (construct) => {
      const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
      if (!element || !CfnElement.isCfnElement(element)) {
        throw new Error(`${construct.node.path} has no CloudFormation resource to name`);
      }
      return stack.resolve(element.logicalId);
    },
  };
}

/** The subnet's zone, unless it is an imported subnet whose zone was not given (aws-cdk-lib then throws on reading it). */
function knownZone(subnet: ec2.ISubnet): string | undefined {
  try {
    return subnet.availabilityZone;
  } catch {
    return undefined;
  }
}
