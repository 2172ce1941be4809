import { Template } from 'aws-cdk-lib/assertions';

/** The public SSM parameter of Amazon Linux 2023 the default image resolves at launch, without `-<arch>`. */
export const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1';

/** The (one) launch template's user data as one script; CloudFormation functions inside it as `<<{...}>>`. */
export function userDataOf(template: Template): string {
  const [lt] = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
  const data = lt.Properties.LaunchTemplateData.UserData['Fn::Base64'];
  const parts: unknown[] = typeof data === 'string' ? [data] : data['Fn::Join'][1];
  return parts.map((part) => typeof part === 'string' ? part : `<<${JSON.stringify(part)}>>`).join('');
}
