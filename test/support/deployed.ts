// Template values as CloudFormation resolves them at deploy time, for names built from the stack's ID.

/** Two IDs of one stack name, as CloudFormation gives a stack each time it is created (`stack/<name>/<uuid>`). */
export function stackIdsOf(stackName: string): { created: string; recreated: string } {
  return {
    created: `arn:aws:cloudformation:eu-west-1:123456789012:stack/${stackName}/1c2fa620-982a-11e3-aff7-50e2416294e0`,
    recreated: `arn:aws:cloudformation:eu-west-1:123456789012:stack/${stackName}/7d9e3b40-1f0c-11f1-8b2a-0a1b2c3d4e5f`,
  };
}

/** A template value as CloudFormation resolves it in a stack with this ID (Fn::Join, Fn::Select, Fn::Split, AWS::StackId). */
export function deployedIn(value: any, stackId: string): any {
  if (typeof value === 'string') {
    return value;
  }
  if (value?.Ref === 'AWS::StackId') {
    return stackId;
  }
  if (value?.['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map((part: any) => deployedIn(part, stackId)).join(separator);
  }
  if (value?.['Fn::Select']) {
    const [index, list] = value['Fn::Select'];
    return deployedIn(list, stackId)[index];
  }
  if (value?.['Fn::Split']) {
    const [separator, source] = value['Fn::Split'];
    return deployedIn(source, stackId).split(separator);
  }
  throw new Error(`not resolved here: ${JSON.stringify(value)}`);
}
