import { CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { UNPLACED } from '../../report/model';
import { azKey, num, str, unique } from '../../report/template-values';

/** What every family of the tier model shares: the stack, and the zones met so far. */
export interface TierContext {
  readonly stack: Stack;
  /** Every zone key met so far (through {@link TierContext.zoneOf}). */
  readonly zoneKeys: ReadonlySet<string>;
  /**
   * The zone key of an Availability Zone as a tier names it (a literal such as `eu-west-1a`, or the token of
   * `Fn::Select` over `Fn::GetAZs`), as the report keys it: `eu-west-1a`, `GetAZs[0]`. Recorded as a zone of the platform.
   * {@link UNPLACED} for a zone known at deploy time only (a parameter, an import).
   */
  zoneOf(availabilityZone: string): string;
  /**
   * The logical ID the template gives a construct: a CloudFormation element's own, or the one of a construct's
   * `node.defaultChild` (an L2's resource). Identifiers only, so that the model names resources as the report does.
   */
  logicalIdOf(construct: IConstruct): string;
  /**
   * A setting as the template will hold it, read as the report reads the template: a number, or undefined for a
   * value known at deploy time only (a Token: a parameter, an import), where the report falls back as it does.
   */
  num(value: number | undefined): number | undefined;
  /** A text setting as the template will hold it: undefined for a Token (see {@link TierContext.num}). */
  str(value: string | undefined): string | undefined;
  /** True when the subnet is a resource of the model's stack: the template holds it (not imported, not another stack's). */
  inStack(subnet: ec2.ISubnet): boolean;
  /**
   * The zone key of a subnet: its zone when the tiers know it (a subnet of the stack, or one imported with its zone),
   * else {@link UNPLACED}. The tiers know more than the template here: a template places only the subnets it holds.
   */
  zoneOfSubnet(subnet: ec2.ISubnet): string;
  /**
   * The zone keys of zones a tier reads from its subnets when asked (`read`); {@link UNPLACED}, as in the report, when
   * one of them was imported without its zone, which aws-cdk-lib refuses to read.
   */
  zonesRead(read: () => string[]): string[];
  /** The zones of subnets ({@link TierContext.zoneOfSubnet}), without duplicates. */
  zonesOfSubnets(subnets: ec2.ISubnet[]): string[];
}

/** Starts a tier model of the platform in `stack`. */
export function newTierContext(stack: Stack): TierContext {
  const zoneKeys = new Set<string>();
  // A zone the template names only at deploy time (a parameter, an import) is unplaced, as in the report.
  const zoneOf = (availabilityZone: string) => {
    const key = azKey(stack.resolve(availabilityZone));
    if (key === undefined) {
      return UNPLACED;
    }
    zoneKeys.add(key);
    return key;
  };
  const inStack = (subnet: ec2.ISubnet) => subnet.node.defaultChild !== undefined && CfnElement.isCfnElement(subnet.node.defaultChild) &&
    Stack.of(subnet) === stack;
  const zonesRead = (read: () => string[]) => {
    try {
      return read().map(zoneOf);
    } catch {
      return [UNPLACED];
    }
  };
  const zoneOfSubnet = (subnet: ec2.ISubnet) => zonesRead(() => [subnet.availabilityZone])[0];
  return {
    stack,
    zoneKeys,
    zoneOf,
    num: (value) => {
      // Arithmetic on a Token number gives a number no template holds (the report finds none either).
      const resolved = num(stack.resolve(value));
      return resolved !== undefined && Math.abs(resolved) <= Number.MAX_SAFE_INTEGER ? resolved : undefined;
    },
    str: (value) => str(stack.resolve(value)),
    inStack,
    zonesRead,
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
