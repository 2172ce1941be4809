// How workers boot and tell CloudFormation they are ready: the platform's steps, the team's user data, then a
// signal carrying the user data's exit status (workers have no health endpoint); the policies that wait for it.
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { WorkerTier, WorkerTierOptions } from '../../lib/workers/worker-tier';
import { userDataOf } from '../app-tier/boot-script';
import { logicalIdOf, resourcesOf } from '../support/fixtures';
import { newTierStack } from '../support/tier-fixtures';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/** A worker tier on the platform network; `boot` adds the platform's steps before it is synthesized. */
function synthTier(options: WorkerTierOptions = {}, boot: (tier: WorkerTier) => void = () => {}) {
  const fixture = newTierStack();
  const tier = new WorkerTier(fixture.stack, 'Workers', {
    ...options,
    vpc: fixture.network.vpc,
    zoneSubnets: [0, 1].map((zone) => fixture.network.privateSubnetOfZone(zone)),
  });
  boot(tier);
  return { ...fixture, tier, template: Template.fromStack(fixture.stack) };
}

let booted: ReturnType<typeof synthTier> | undefined;
/** A worker tier booted as the platform boots it: its own steps, then the team's, with the parameters exported. */
function bootedTier() {
  return booted ??= synthTier({ userData: teamUserData('echo my-own-worker') }, (tier) => {
    tier.addPlatformBootCommands('echo platform-step-1', 'echo platform-step-2');
    tier.exportParametersAtBoot('/shop/prod');
  });
}

function teamUserData(command: string): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(command);
  return userData;
}

describe('readiness: deploys wait for new workers to finish their boot', () => {
  test('the first create and each rolling update wait for every new worker\'s signal, and roll back without', () => {
    const { template, tier } = synthTier();
    tier.autoScalingGroups.forEach((asg, zone) => {
      const group = resourcesOf(template, ASG)[logicalIdOf(asg)];
      expect(group.CreationPolicy).toEqual({
        ResourceSignal: { Count: [3, 2][zone], Timeout: 'PT15M' },
        AutoScalingCreationPolicy: { MinSuccessfulInstancesPercent: 100 },
      });
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({
        WaitOnResourceSignals: true, PauseTime: 'PT15M', MinSuccessfulInstancesPercent: 100, MaxBatchSize: 1,
      });
      // A new worker needs its subnet's route out (packages, SSM, the signal) from its first boot on.
      expect(group.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(`PrivateSubnet${zone + 1}DefaultRoute`)]));
    });
  });

  test('healthCheckGracePeriod plus 10 minutes is how long CloudFormation waits for the signal', () => {
    const { template } = synthTier({ healthCheckGracePeriod: Duration.minutes(2) });
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate.PauseTime).toBe('PT12M');
      expect(group.CreationPolicy.ResourceSignal.Timeout).toBe('PT12M');
    }
  });
});

describe('boot: the platform\'s steps, then the team\'s user data, then the readiness signal', () => {
  test('platform steps first (in the order added), then the team\'s user data, then the signal', () => {
    const script = userDataOf(bootedTier().template);
    const order = ['aws-cfn-bootstrap', 'echo platform-step-1', 'echo platform-step-2', 'source /opt/multi-az-ha-platform/env',
      '\necho my-own-worker\n', 'platform_signal "$team_status"'].map((text) => {
      expect(script).toContain(text);
      return script.indexOf(text);
    });
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('a worker is ready when its user data exits with status 0: the signal carries that status to its zone\'s group', () => {
    const { template, tier, network } = bootedTier();
    const script = userDataOf(template);
    expect(script).toContain('/var/lib/multi-az-ha-platform/user-data; team_status=$?\n' +
      'platform_signal "$team_status" "user data exited with status $team_status"');
    expect(script).not.toContain('curl -s -o /dev/null');
    tier.autoScalingGroups.forEach((asg, zone) => {
      const subnet = logicalIdOf(network.privateSubnetOfZone(zone).subnets![0]);
      expect(script).toContain(`<<{"Ref":"${subnet}"}>>) resource=${logicalIdOf(asg)} ;;`);
    });
    expect(script).toContain('cfn-signal --stack <<{"Ref":"AWS::StackName"}>> --resource "$resource" --region eu-west-1 --exit-code "$1"');
    expect(script).toContain('exit "$team_status"');
  });

  test('the parameters under the prefix become PLATFORM_<TIER>_<NAME> for the user data, a script and a unit file', () => {
    const script = userDataOf(bootedTier().template);
    expect(script).toContain('aws ssm get-parameters-by-path --region eu-west-1 --path \'/shop/prod\' --recursive');
    expect(script).toContain('cat > /opt/multi-az-ha-platform/env <<\'ENV\'');
    expect(script).toContain('> /etc/multi-az-ha-platform/platform.env');
    expect(userDataOf(synthTier().template)).not.toContain('get-parameters-by-path');
  });

  test('the groups wait for what publishes the parameters', () => {
    const { template, tier } = synthTier({}, (t) => {
      const publisher = new ssm.StringParameter(t, 'Published', { stringValue: 'x' });
      t.exportParametersAtBoot('/shop/prod', publisher);
    });
    const published = logicalIdOf(tier.node.findChild('Published'));
    for (const group of Object.values(resourcesOf(template, ASG))) {
      expect(group.DependsOn).toEqual(expect.arrayContaining([published]));
    }
  });

  test('the team\'s user data object is never changed, and runs as its own program', () => {
    const userData = teamUserData('echo mine');
    const before = userData.render();
    const { template } = synthTier({ userData }, (tier) => tier.addPlatformBootCommands('echo platform'));
    expect(userData.render()).toBe(before);
    expect(userDataOf(template)).toContain(`<<'MULTI_AZ_HA_PLATFORM_USER_DATA'\n${before}\nMULTI_AZ_HA_PLATFORM_USER_DATA\n`);
  });
});
