import { Aws, CfnElement, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { fail } from './validation';

// The pieces of the fleets' boot script that are shell: where the team's user data and the platform's environment
// go, the parameters' export, and the readiness signal.

/** The script the platform writes at boot: `source` it to export the platform's SSM parameters. */
export const PLATFORM_ENV_SCRIPT = '/opt/multi-az-ha-platform/env';
/** The same parameters as `KEY='value'` lines, for systemd's `EnvironmentFile=`, written at boot. */
export const PLATFORM_ENV_FILE = '/etc/multi-az-ha-platform/platform.env';
/** Where the team's user data is written at boot and run from (root only). */
export const TEAM_SCRIPT = '/var/lib/multi-az-ha-platform/user-data';
export const TEAM_SCRIPT_END = 'MULTI_AZ_HA_PLATFORM_USER_DATA';

/** The team's user data as it renders now (commands added after the platform was built included). */
export function teamScript(userData: ec2.UserData): string {
  const script = userData.render();
  if (script.split('\n').includes(TEAM_SCRIPT_END)) {
    fail('userData', `not contain a line "${TEAM_SCRIPT_END}" (the platform ends its copy of the script there)`,
      TEAM_SCRIPT_END);
  }
  return script;
}

/** Writes the env script and file, and exports the parameters for the team's user data. */
export function exportParameters(prefix: string, region: string): string[] {
  return [
    '# The platform\'s SSM parameters as environment variables',
    `mkdir -p ${PLATFORM_ENV_SCRIPT.replace(/\/[^/]+$/, '')} ${PLATFORM_ENV_FILE.replace(/\/[^/]+$/, '')}`,
    `cat > ${PLATFORM_ENV_SCRIPT} <<'ENV'`,
    `# Source it: exports the MultiAzHaPlatform's SSM parameters under ${prefix} as PLATFORM_<TIER>_<NAME>,`,
    '# for example <prefix>/database/writer-endpoint as PLATFORM_DATABASE_WRITER_ENDPOINT (read from SSM now).',
    'while IFS=$\'\\t\' read -r name value; do',
    `  key="\${name#${prefix}/}"; key="PLATFORM_\${key//[^A-Za-z0-9]/_}"; export "\${key^^}=$value"`,
    `done < <(aws ssm get-parameters-by-path --region ${region} --path '${prefix}' --recursive \\`,
    '  --query \'Parameters[].[Name,Value]\' --output text)',
    'ENV',
    `chmod 0755 ${PLATFORM_ENV_SCRIPT}`,
    `source ${PLATFORM_ENV_SCRIPT}`,
    `env | grep '^PLATFORM_' | sed "s/=\\(.*\\)/='\\1'/" > ${PLATFORM_ENV_FILE}`,
  ];
}

/** `platform_signal <status> <reason>`: signals this instance's group (found by its subnet) to CloudFormation. */
export function signalFunction(stack: Stack, vpc: ec2.IVpc, zoneSubnets: ec2.SubnetSelection[], groups: autoscaling.AutoScalingGroup[]): string[] {
  const cases = groups.map((group, zone) => {
    const subnets = vpc.selectSubnets(zoneSubnets[zone]).subnetIds.join('|');
    return `    ${subnets}) resource=${stack.getLogicalId(group.node.defaultChild as CfnElement)} ;;`;
  });
  const imds = 'http://169.254.169.254/latest';
  return [
    'platform_signal() {',
    `  local token mac subnet resource; token=$(curl -s -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' ${imds}/api/token)`,
    `  mac=$(curl -s -H "X-aws-ec2-metadata-token: $token" ${imds}/meta-data/mac)`,
    `  subnet=$(curl -s -H "X-aws-ec2-metadata-token: $token" ${imds}/meta-data/network/interfaces/macs/$mac/subnet-id)`,
    '  case "$subnet" in',
    ...cases,
    '    *) echo "multi-az-ha-platform: subnet $subnet is in no group of this fleet: no signal"; return ;;',
    '  esac',
    `  cfn-signal --stack ${Aws.STACK_NAME} --resource "$resource" --region ${stack.region} --exit-code "$1" --reason "$2" \\`,
    '    || echo "multi-az-ha-platform: CloudFormation took no signal (expected outside a deploy)"',
    '}',
  ];
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}
