import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { checkParameterPrefix } from './validate-platform-parameters-props';
import { acknowledgeOnGrantee, iam5Finding } from '../private/acknowledgements';
import { validateProps } from '../private/validation';

/** Properties of {@link PlatformParameters}. */
export interface PlatformParametersProps {
  /** The path every parameter lives under, e.g. `/multi-az-ha-platform/shop`. */
  readonly prefix: string;
}

/**
 * Where app servers and workers find the platform at boot: one SSM String parameter per endpoint,
 * port, secret ARN and name, all under one prefix (`<prefix>/<tier>/<name>`), and a grant that lets a role
 * read that prefix and nothing else. No secret values are stored here, only the ARNs of Secrets Manager secrets.
 */
export class PlatformParameters extends Construct {
  /** The path every parameter lives under. */
  public readonly prefix: string;
  /** The parameters, by name relative to the prefix (`database/writer-endpoint`). */
  public readonly parameters: { [name: string]: ssm.StringParameter } = {};

  constructor(scope: Construct, id: string, props: PlatformParametersProps) {
    super(scope, id);
    validateProps(this, () => checkParameterPrefix('prefix', props.prefix));
    this.prefix = props.prefix;
  }

  /** Publishes one value as `<prefix>/<tier>/<name>`. The construct ID derives from the name: keep names stable. */
  public publish(tier: string, name: string, value: string, description: string): ssm.StringParameter {
    const relative = `${tier}/${name}`;
    const id = relative.split(/[/-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
    const parameter = new ssm.StringParameter(this, id, {
      parameterName: `${this.prefix}/${relative}`,
      // A path (it starts with "/"): said outright, so that a prefix known at deploy only is accepted too.
      simpleName: false,
      stringValue: value,
      description,
      tier: ssm.ParameterTier.STANDARD,
    });
    this.parameters[relative] = parameter;
    return parameter;
  }

  /** Lets the grantee read every parameter under the prefix (by name or by path), and nothing else. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    // A parameter path starts with "/", which the ARN keeps: `parameter/team/platform`. Written as one resource part,
    // so a prefix known at deploy only (a Token) gives the same ARN.
    const arn = (path: string) => stack.formatArn({ service: 'ssm', resource: `parameter${path}`, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      resourceArns: [arn(this.prefix), arn(`${this.prefix}/*`)],
    });
    acknowledgeOnGrantee(grantee.grantPrincipal, iam5Finding(stack, arn(`${this.prefix}/*`)),
      'Instances read the platform\'s discovery parameters by path at boot; the wildcard covers exactly the ' +
        'platform\'s own prefix, which holds endpoints, ports and secret ARNs, never secret values.');
    return grant;
  }
}
