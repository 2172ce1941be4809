import { Names, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The stack name and the path of `scope` below its stack (`MyStack/Platform`): unique in an account and region, and
 * stable across deploys. Characters the commands would have to quote become `-`.
 */
export function defaultPlatformName(scope: IConstruct): string {
  const stack = Stack.of(scope);
  const stackName = Token.isUnresolved(stack.stackName) ? Names.uniqueId(stack) : stack.stackName;
  const below = scope === stack ? '' : scope.node.path.slice(stack.node.path.length + 1);
  const name = below ? `${stackName}/${below}` : stackName;
  return name.replace(/[^A-Za-z0-9._/:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
}
