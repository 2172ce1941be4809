// How app servers boot and tell CloudFormation they are ready: the platform's steps, the team's user data, the
// readiness signal; the creation and update policies that wait for it.
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { userDataOf } from './boot-script';
import { defaultPlatform, logicalIdOf, resourcesOf, synthPlatform } from '../support/request-path';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LT = 'AWS::EC2::LaunchTemplate';

describe('readiness: deploys wait for new app servers to answer the health check', () => {
  test('new app servers signal ready: the first create and each rolling update wait for them, and roll back without', () => {
    const { template } = defaultPlatform();
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.CreationPolicy).toEqual({
        ResourceSignal: { Count: 4, Timeout: 'PT15M' },
        AutoScalingCreationPolicy: { MinSuccessfulInstancesPercent: 100 },
      });
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({
        WaitOnResourceSignals: true, PauseTime: 'PT15M', MinSuccessfulInstancesPercent: 100,
      });
    }
  });

  test.each([
    [Duration.minutes(2), 'PT12M', 120],
    [Duration.minutes(30), 'PT40M', 1800],
    [Duration.hours(2), 'PT1H', 3300],
  ])('a grace period of %s waits %s for the signal and gives the health check %i s of uptime', (grace, pause, seconds) => {
    const { template } = synthPlatform({ appTier: { healthCheckGracePeriod: grace } });
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate.PauseTime).toBe(pause);
      expect(group.CreationPolicy.ResourceSignal.Timeout).toBe(pause);
    }
    expect(userDataOf(template)).toContain(`-lt ${seconds} ]`);
  });

  test('each group waits for its subnet\'s route out before its instances boot', () => {
    const { template, platform } = defaultPlatform();
    platform.appTier.autoScalingGroups.forEach((asg, zone) => {
      const group = resourcesOf(template, ASG)[logicalIdOf(asg)];
      expect(group.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(`PrivateSubnet${zone + 1}DefaultRoute`)]));
    });
  });
});

describe('boot: the platform\'s steps, then the team\'s user data, then the readiness signal', () => {
  const withTelemetry = () => {
    const team = ec2.UserData.forLinux();
    team.addCommands('echo my-own-app');
    const before = team.render();
    const synthesized = synthPlatform({ appTier: { userData: team }, observability: {} });
    return { ...synthesized, team, before, script: userDataOf(synthesized.template) };
  };
  let booted: ReturnType<typeof withTelemetry>;
  const boot = () => booted ??= withTelemetry();

  test('the CloudWatch agent and the parameters come before the team\'s commands, the signal after them', () => {
    const { script } = boot();
    const at = (text: string) => {
      expect(script).toContain(text);
      return script.indexOf(text);
    };
    const order = [
      at('dnf install -y aws-cfn-bootstrap'),
      at('amazon-cloudwatch-agent-ctl -a fetch-config'),
      at('source /opt/multi-az-ha-platform/env'),
      at('\necho my-own-app\n'),
      at('platform_signal "$ready"'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('the team\'s user data is never changed, and runs as its own program', () => {
    const { script, team, before } = boot();
    expect(team.render()).toBe(before);
    expect(script).toContain(`cat > /var/lib/multi-az-ha-platform/user-data <<'MULTI_AZ_HA_PLATFORM_USER_DATA'\n${before}\nMULTI_AZ_HA_PLATFORM_USER_DATA\n`);
    expect(script).toContain('/var/lib/multi-az-ha-platform/user-data &');
  });

  test('the platform\'s SSM parameters are exported as PLATFORM_<TIER>_<NAME>, and written for later shells and units', () => {
    const text = userDataOf(synthPlatform({ parameterPrefix: '/shop/prod' }).template);
    expect(text).toContain('aws ssm get-parameters-by-path --region eu-west-1 --path \'/shop/prod\' --recursive');
    expect(text).toContain('key="${name#/shop/prod/}"; key="PLATFORM_${key//[^A-Za-z0-9]/_}"; export "${key^^}=$value"');
    expect(text).toContain('> /etc/multi-az-ha-platform/platform.env');
  });

  test('the groups are created after the parameters, so the first app servers find every one of them', () => {
    const { template, platform } = defaultPlatform();
    const parameters = Object.values(platform.parameters.parameters).map((parameter) => logicalIdOf(parameter));
    expect(parameters.length).toBeGreaterThan(1);
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.DependsOn).toEqual(expect.arrayContaining(parameters));
    }
  });

  test('a user data object shared by both fleets gets the agent once in each launch template', () => {
    const shared = ec2.UserData.forLinux();
    shared.addCommands('echo shared');
    const before = shared.render();
    const { template } = synthPlatform({ appTier: { userData: shared }, workers: { userData: shared }, observability: {} });
    const scripts = Object.values(resourcesOf(template, LT)).map((lt) => JSON.stringify(lt.Properties.LaunchTemplateData.UserData));
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      expect(script.split('amazon-cloudwatch-agent-ctl -a fetch-config')).toHaveLength(2);
    }
    expect(shared.render()).toBe(before);
  });

  test('an app server is ready once the health check path answers 200 on localhost; it signals its own zone\'s group', () => {
    const { template, platform } = synthPlatform({ appTier: { port: 9000, healthCheckPath: '/ready' } });
    const script = userDataOf(template);
    expect(script).toContain('url=\'http://localhost:9000/ready\'');
    expect(script).toContain('if [ "$(curl -s -o /dev/null -w \'%{http_code}\' --max-time 5 "$url")" = 200 ]; then ready=0; break; fi');
    platform.appTier.autoScalingGroups.forEach((asg, zone) => {
      expect(script).toContain(`<<{"Ref":"${logicalIdOf(platform.network.privateSubnetOfZone(zone).subnets![0])}"}>>) resource=${logicalIdOf(asg)} ;;`);
    });
    // The deployed stack's name, so a stack deployed under another name still receives the signal.
    expect(script).toContain('cfn-signal --stack <<{"Ref":"AWS::StackName"}>> --resource "$resource" --region eu-west-1 --exit-code "$1"');
  });

  test('a team\'s user data cannot end the platform\'s copy of it early', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('MULTI_AZ_HA_PLATFORM_USER_DATA');
    expect(() => synthPlatform({ appTier: { userData } }))
      .toThrow(/`appTier.userData` must not contain a line "MULTI_AZ_HA_PLATFORM_USER_DATA"/);
  });
});
