import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { acknowledge, acknowledgeCompliance, HIPAA_SECURITY, NIST_800_53_R5, warn } from './acknowledgements';
import { exportParameters, shellQuote, signalFunction, TEAM_SCRIPT, TEAM_SCRIPT_END, teamScript } from './boot-script';
import { FleetDefaults, FleetSettings } from './fleet-defaults';
import { checkZoneIndex, propRef, validateProps } from './validation';
import { instanceSpec } from '../report/instance-types';

/** The root volume of app servers and workers when their tier gives none. */
const DEFAULT_ROOT_VOLUME_SIZE_GIB = 30;

/** What a tier of servers (app servers, workers) asks of the shared fleet code. */
export interface HardenedFleetProps {
  /**
   * The tier's name in the ids of the fleet's warnings (`appTier`, `workers`), which users acknowledge. The messages
   * name the props the way the tier's caller does: the tier registers the fleet under its own prop path.
   */
  readonly warningPrefix: string;
  /** What the instances are, for descriptions: `app servers`, `workers`. */
  readonly displayName: string;
  readonly vpc: ec2.IVpc;
  /** The tier's props the fleet builds from (checked by `checkFleetOptions`). */
  readonly options: FleetSettings;
  /** The tier's defaults for the props it leaves unset. */
  readonly defaults: FleetDefaults;
  /** The team's user data, or the tier's placeholder (checked by `checkFleetOptions`). The fleet runs it and never changes it. */
  readonly userData: ec2.UserData;
  /** One subnet selection per zone: the zone's private subnet. */
  readonly zoneSubnets: ec2.SubnetSelection[];
  /**
   * What the instances answer when they are ready (app servers): the load balancer's health check, made locally.
   * Without it (workers), an instance is ready when the team's user data exits with status 0.
   */
  readonly healthCheck?: { readonly port: number; readonly path: string };
  /** ELB health checks (app servers) or EC2 status checks only (workers). */
  readonly elbHealthChecks: boolean;
}

/** CloudFormation waits at most one hour for the signals of a rolling update batch (PauseTime). */
const MAX_SIGNAL_TIMEOUT = Duration.hours(1);
/** Time a new instance needs beyond its grace period: launch, and the signal reaching CloudFormation. */
const SIGNAL_MARGIN = Duration.minutes(10);
/**
 * The instances of one tier: an instance role (SSM instead of SSH, CloudWatch agent), a security
 * group, one hardened launch template (IMDSv2 only, encrypted gp3 root volume, no public IP, no key
 * pair) and one Auto Scaling group per zone, pinned to the zone's private subnet, with rolling updates
 * that keep the desired count in service and wait for each new instance to signal that it is ready.
 * With additional instance types, each group launches on-demand instances of the first type it can get, in order
 * (a mixed instances policy, `prioritized`): a zone short of the primary type still gets capacity.
 *
 * Boot order (the launch template's user data, the platform's own; the team's object is never changed):
 * 1. the platform's boot steps: the CloudFormation helper scripts, the commands added with
 *    `addPlatformBootCommands` (the CloudWatch agent), then the platform's SSM parameters exported as
 *    environment variables (`exportParametersAtBoot`). A failing step is logged and the boot goes on;
 * 2. the team's user data, written to a file and run as its own program, with those variables set;
 * 3. the readiness signal to CloudFormation (`cfn-signal`). App servers: success once the health check path answers
 *    200 on localhost, failure when the grace period of uptime passes first. Workers: the exit status of the team's
 *    user data. Outside a deploy CloudFormation refuses the signal, harmlessly.
 */
export class HardenedFleet extends Construct {
  public readonly role: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly launchTemplate: ec2.LaunchTemplate;
  public readonly autoScalingGroups: autoscaling.AutoScalingGroup[];
  /** How long CloudFormation waits for a new instance's signal, on create and in each rolling update batch. */
  public readonly signalTimeout: Duration;
  /** The instance types the groups launch, in order of preference: the primary type first. */
  public readonly instanceTypes: ec2.InstanceType[];
  /** Size of each instance's root volume, in GiB. */
  public readonly rootVolumeSizeGiB: number;
  /** Volume type of each instance's encrypted root volume. */
  public readonly rootVolumeType: ec2.EbsDeviceVolumeType = ec2.EbsDeviceVolumeType.GP3;
  /** Each zone's group's minimum size, zone 1 first. */
  public readonly minInstancesPerZone: number[];
  /** Each zone's group's maximum size, zone 1 first. */
  public readonly maxInstancesPerZone: number[];

  /** How long a new instance has before failed checks replace it, and to become ready. */
  private readonly healthCheckGracePeriod: Duration;
  private readonly platformCommands: string[] = [];
  private readonly zoneSelections: ec2.SelectedSubnets[];
  private parameterPrefix?: string;

  constructor(scope: Construct, id: string, props: HardenedFleetProps) {
    super(scope, id);
    const { options, defaults } = props;
    this.rootVolumeSizeGiB = options.rootVolumeSizeGiB ?? DEFAULT_ROOT_VOLUME_SIZE_GIB;
    const min = this.minInstancesPerZone = options.instancesPerZone ?? defaults.instancesPerZone;
    this.maxInstancesPerZone = options.maxInstancesPerZone ?? min.map((n) => n * 2);
    this.healthCheckGracePeriod = options.healthCheckGracePeriod ?? defaults.healthCheckGracePeriod;

    this.role = newInstanceRole(this, props.displayName);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MultiAzHaPlatform ${props.displayName}: only the paths the platform opens reach them`,
      allowAllOutbound: true,
    });

    const toType = (type: ec2.InstanceType | string) => typeof type === 'string' ? new ec2.InstanceType(type) : type;
    const instanceType = toType(options.instanceType ?? defaults.instanceType);
    // The default second choices suit the default type only: with a type of the team's, none unless it names them.
    const additionalTypes = (options.additionalInstanceTypes
      ?? (options.instanceType === undefined ? defaults.additionalInstanceTypes : [])).map(toType);
    this.instanceTypes = [instanceType, ...additionalTypes];
    this.warnUnknownSizes(props.warningPrefix);
    const grace = this.healthCheckGracePeriod.isUnresolved() ? MAX_SIGNAL_TIMEOUT : this.healthCheckGracePeriod;
    this.signalTimeout = Duration.seconds(Math.min(grace.toSeconds() + SIGNAL_MARGIN.toSeconds(), MAX_SIGNAL_TIMEOUT.toSeconds()));
    const bootUserData = ec2.UserData.forLinux();
    const image = options.machineImage ?? defaultImage(instanceType);
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType,
      machineImage: image,
      userData: bootUserData,
      role: this.role,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(this.rootVolumeSizeGiB, {
          encrypted: true,
          volumeType: this.rootVolumeType,
          deleteOnTermination: true,
        }),
      }],
    });

    if (image instanceof ec2.ResolveSsmParameterAtLaunchImage) {
      // aws-cdk-lib 2.269 (the peer floor) checks ImageId against the AMI ID format at synth; 2.271 and later accept this.
      acknowledge(this.launchTemplate.node.defaultChild!, 'CloudFormation-Validate::E1152',
        'The launch template\'s ImageId is `resolve:ssm:<parameter>`, a Systems Manager parameter EC2 resolves at each ' +
        'launch (a launch template may name one instead of an AMI ID; the default image is the public Amazon Linux 2023 ' +
        'parameter): not an AMI ID by design, so that instances launch from the current image.');
    }

    this.zoneSelections = props.zoneSubnets.map((vpcSubnets) => props.vpc.selectSubnets(vpcSubnets));
    const mixed = additionalTypes.length > 0;
    this.autoScalingGroups = props.zoneSubnets.map((vpcSubnets, zone) => this.newZoneGroup(props, vpcSubnets, zone, mixed));

    bootUserData.addCommands(...this.bootScript(props, grace));
  }

  /**
   * The zone of each zone's group (the zone of its subnet), in the order of `zoneSubnets`. Read when asked: a subnet
   * imported without its zone has none to give (aws-cdk-lib throws), and the fleet does not need it.
   */
  public get availabilityZones(): string[] {
    return this.zoneSelections.map((selection) => selection.availabilityZones[0]);
  }

  /** One zone's Auto Scaling group: launched from the shared template (or a mixed instances policy over it). */
  private newZoneGroup(props: HardenedFleetProps, vpcSubnets: ec2.SubnetSelection, zone: number, mixed: boolean): autoscaling.AutoScalingGroup {
    const desired = this.minInstancesPerZone[zone];
    const max = this.maxInstancesPerZone[zone];
    if (max === desired) {
      warn(this, `${props.warningPrefix}.NoRollingHeadroom`,
        `${propRef(this, `maxInstancesPerZone[${zone}]`)} equals the desired count (${desired}): a rolling ` +
        'update must take an instance out of service, and scaling cannot add capacity. Raise the maximum.');
    }
    const asg = new autoscaling.AutoScalingGroup(this, `Zone${zone + 1}Group`, {
      vpc: props.vpc,
      vpcSubnets,
      ...this.launchSettings(mixed),
      // No desiredCapacity: the group starts at the minimum, and a deploy never resets what scaling added.
      minCapacity: desired,
      maxCapacity: max,
      healthChecks: props.elbHealthChecks
        ? autoscaling.HealthChecks.withAdditionalChecks({
          additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
          gracePeriod: this.healthCheckGracePeriod,
        })
        : autoscaling.HealthChecks.ec2({ gracePeriod: this.healthCheckGracePeriod }),
      // The first create waits for every instance to signal ready (CreationPolicy); a failed or missing signal
      // fails the deploy, and CloudFormation rolls back.
      signals: autoscaling.Signals.waitForAll({ timeout: this.signalTimeout, minSuccessPercentage: 100 }),
      // Zero-downtime deployments: new instances join, and signal ready, before old ones leave. The rolling update
      // waits on those signals (PauseTime = the signal timeout) and suspends the health check, replacement and
      // scaling processes meanwhile, as AWS recommends: the signal is the health check during an update.
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        minInstancesInService: Math.min(desired, max - 1),
        maxBatchSize: 1,
      }),
      groupMetrics: [autoscaling.GroupMetrics.all()],
    });
    // A new instance needs its subnet's route out (packages, SSM, the signal) from its first boot on.
    asg.node.addDependency(props.vpc.selectSubnets(vpcSubnets).internetConnectivityEstablished);
    if (mixed) {
      acknowledgeCompliance(asg, [NIST_800_53_R5, HIPAA_SECURITY], 'EC2IMDSv2Enabled',
        'The group launches from the fleet\'s launch template through a mixed instances policy (several instance ' +
        'types), which this rule does not read: it looks for the group\'s LaunchTemplate property only. The launch ' +
        'template requires IMDSv2 (HttpTokens: required, hop limit 1).');
      acknowledge(asg, 'AwsSolutions-EC26',
        'The group launches from the fleet\'s launch template through a mixed instances policy (several instance ' +
        'types), which this rule does not read: it looks for the group\'s LaunchTemplate property only. The launch ' +
        'template\'s one volume, the root volume, is encrypted (gp3, Encrypted: true).');
    }
    acknowledge(asg, 'AwsSolutions-AS3',
      'Scaling activity is recorded in the group\'s activity history, its CloudWatch group metrics (all enabled) ' +
      'and EventBridge events; the platform alerts from CloudWatch alarms, not per-group SNS notifications.');
    return asg;
  }

  /** Adds commands to the platform's boot steps: they run before the team's user data, in the order added. */
  public addPlatformBootCommands(...commands: string[]): void {
    this.platformCommands.push(...commands);
  }

  /**
   * Exports the SSM parameters under `prefix` at boot, as `PLATFORM_<TIER>_<NAME>` environment variables. The groups
   * wait for `publishedBy` (the parameters) on create, so the first instances find every parameter.
   */
  public exportParametersAtBoot(prefix: string, publishedBy?: IDependable): void {
    this.parameterPrefix = prefix;
    if (publishedBy) {
      this.autoScalingGroups.forEach((asg) => asg.node.addDependency(publishedBy));
    }
  }

  /** A metric of one zone's instances (0 = zone 1) in `AWS/EC2`, by Auto Scaling group: Average unless `props` says. */
  public metric(metricName: string, zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.groupMetric('AWS/EC2', metricName, zoneIndex, props ?? {});
  }

  /** Average CPU utilization of one zone's instances (0 = zone 1). */
  public metricCpuUtilization(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', zoneIndex, { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Instances in service in one zone's group (group metrics are enabled), Minimum over the period. */
  public metricInServiceInstances(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.groupMetric('AWS/AutoScaling', 'GroupInServiceInstances', zoneIndex, { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * The launch template alone (one type), or a mixed instances policy over it: on-demand only, the types in order
   * (`prioritized`: Auto Scaling launches the primary type while it can, the next one when the zone has no capacity
   * for it). The launch template keeps the primary type, so its version does not change with the list.
   */
  private launchSettings(mixed: boolean): Pick<autoscaling.AutoScalingGroupProps, 'launchTemplate' | 'mixedInstancesPolicy'> {
    if (!mixed) {
      return { launchTemplate: this.launchTemplate };
    }
    return {
      mixedInstancesPolicy: {
        launchTemplate: this.launchTemplate,
        launchTemplateOverrides: this.instanceTypes.map((instanceType) => ({ instanceType })),
        instancesDistribution: {
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          onDemandBaseCapacity: 0,
          onDemandPercentageAboveBaseCapacity: 100,
        },
      },
    };
  }

  /** A type whose size the platform does not know cannot be compared with the primary type: say so. */
  private warnUnknownSizes(warningPrefix: string): void {
    const [primary, ...additional] = this.instanceTypes.map((type) => type.toString());
    if (Token.isUnresolved(primary)) {
      return;
    }
    additional.forEach((name, i) => {
      if (!Token.isUnresolved(name) && (instanceSpec(name) === undefined || instanceSpec(primary) === undefined)) {
        warn(this, `${warningPrefix}.InstanceTypeSizeUnknown`,
          `${propRef(this, `additionalInstanceTypes[${i}]`)} (${name}) or ${propRef(this, 'instanceType')} (${primary}) is a type ` +
          'whose vCPUs and memory the platform does not know: check that they match. The platform sizes each zone ' +
          '(scaling targets, the report\'s capacity and cost) from the first type.');
      }
    });
  }

  private groupMetric(namespace: string, metricName: string, zoneIndex: number, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    // The tier's path names a bad zone index: its metric methods pass theirs on.
    checkZoneIndex(this.node.scope!, zoneIndex);
    const group = this.autoScalingGroups[zoneIndex];
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { AutoScalingGroupName: group.autoScalingGroupName },
      ...props,
    });
  }

  /** The launch template's user data: the platform's steps, the team's user data, the readiness signal. */
  private bootScript(props: HardenedFleetProps, grace: Duration): string[] {
    const stack = Stack.of(this);
    const readyBy = Math.min(grace.toSeconds(), this.signalTimeout.toSeconds() - SIGNAL_MARGIN.toSeconds() / 2);
    const lazy = (produce: () => string[]) => Lazy.string({ produce: () => produce().join('\n') });
    return [
      '# MultiAzHaPlatform boot: 1. the platform\'s steps, 2. the team\'s user data, 3. the readiness signal.',
      '# A failing platform step is logged and the boot goes on; the team\'s user data runs as its own program.',
      'export PATH="/opt/aws/bin:$PATH"',
      '# 1. The platform\'s boot steps',
      'if ! command -v cfn-signal >/dev/null; then dnf install -y aws-cfn-bootstrap; fi',
      lazy(() => this.platformCommands),
      lazy(() => this.parameterPrefix === undefined ? [] : exportParameters(this.parameterPrefix, stack.region)),
      '# 2. The team\'s user data',
      `mkdir -p -m 0700 ${TEAM_SCRIPT.replace(/\/[^/]+$/, '')}`,
      `cat > ${TEAM_SCRIPT} <<'${TEAM_SCRIPT_END}'`,
      lazy(() => [validateProps(this, () => teamScript(props.userData))]),
      TEAM_SCRIPT_END,
      `chmod 0700 ${TEAM_SCRIPT}`,
      '# 3. The readiness signal to CloudFormation',
      ...signalFunction(stack, props.vpc, props.zoneSubnets, this.autoScalingGroups),
      ...(props.healthCheck ? [
        `${TEAM_SCRIPT} &`,
        'team_pid=$!',
        `ready=1; url=${shellQuote(`http://localhost:${props.healthCheck.port}${props.healthCheck.path}`)}`,
        `while [ "$(cut -d. -f1 /proc/uptime)" -lt ${readyBy} ]; do`,
        '  if [ "$(curl -s -o /dev/null -w \'%{http_code}\' --max-time 5 "$url")" = 200 ]; then ready=0; break; fi',
        '  sleep 5',
        'done',
        `platform_signal "$ready" "health check $url: $([ "$ready" = 0 ] && echo 200 || echo 'no 200 within ${readyBy} s of boot')"`,
        'wait "$team_pid"; team_status=$?',
      ] : [
        `${TEAM_SCRIPT}; team_status=$?`,
        'platform_signal "$team_status" "user data exited with status $team_status"',
      ]),
      'echo "multi-az-ha-platform: the team\'s user data exited with status $team_status"',
      'exit "$team_status"',
    ];
  }
}

/** The instances' role: SSM Session Manager and the CloudWatch agent, through their AWS-maintained policies. */
function newInstanceRole(scope: Construct, displayName: string): iam.Role {
  const role = new iam.Role(scope, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: `Instance role of the platform's ${displayName} (SSM Session Manager, CloudWatch agent)`,
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'),
    ],
  });
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
    'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager and patching, which ' +
    'replace SSH on the instances; AWS updates it as the SSM agent changes.');
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy]',
    'CloudWatchAgentServerPolicy is the AWS-maintained minimum for the CloudWatch agent to publish metrics ' +
    'and logs from the instances.');
  return role;
}

/**
 * Amazon Linux 2023 (kernel 6.1) for the instance type's CPU architecture, resolved by EC2 when each instance
 * launches (`resolve:ssm:` in the launch template): a deploy never changes the image, so it never replaces the
 * instances because AWS published a new AMI.
 */
function defaultImage(instanceType: ec2.InstanceType): ec2.IMachineImage {
  const cpuType = instanceType.architecture === ec2.InstanceArchitecture.ARM_64
    ? ec2.AmazonLinuxCpuType.ARM_64
    : ec2.AmazonLinuxCpuType.X86_64;
  return ec2.MachineImage.resolveSsmParameterAtLaunch(
    ec2.AmazonLinux2023ImageSsmParameter.ssmParameterName({ cpuType, kernel: ec2.AmazonLinux2023Kernel.KERNEL_6_1 }));
}
