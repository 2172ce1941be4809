import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge, warn } from './acknowledgements';
import { fail } from './validation';

/** What a tier of servers (app servers, workers) asks of the shared fleet code. */
export interface HardenedFleetProps {
  /** The prop path of the tier, for messages: `appTier` or `workers`. */
  readonly propPath: string;
  /** What the instances are, for descriptions: `app servers`, `workers`. */
  readonly displayName: string;
  readonly vpc: ec2.IVpc;
  readonly instanceType: ec2.InstanceType;
  readonly machineImage?: ec2.IMachineImage;
  readonly userData: ec2.UserData;
  readonly rootVolumeSizeGiB: number;
  /** Desired (= minimum) instances per zone. */
  readonly instancesPerZone: number[];
  readonly maxInstancesPerZone: number[];
  /** One subnet selection per zone: the zone's private subnet. */
  readonly zoneSubnets: ec2.SubnetSelection[];
  /** ELB health checks (app servers) or EC2 status checks only (workers). */
  readonly elbHealthChecks: boolean;
  readonly healthCheckGracePeriod: Duration;
}

/**
 * The instances of one tier: an instance role (SSM instead of SSH, CloudWatch agent), a security
 * group, one hardened launch template (IMDSv2 only, encrypted gp3 root volume, no public IP, no key
 * pair) and one Auto Scaling group per zone, pinned to the zone's private subnet, with rolling updates
 * that keep the desired count in service.
 */
export class HardenedFleet extends Construct {
  public readonly role: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly launchTemplate: ec2.LaunchTemplate;
  public readonly autoScalingGroups: autoscaling.AutoScalingGroup[];

  constructor(scope: Construct, id: string, props: HardenedFleetProps) {
    super(scope, id);

    this.role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Instance role of the platform's ${props.displayName} (SSM Session Manager, CloudWatch agent)`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'),
      ],
    });
    acknowledge(this.role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager and patching, which ' +
      'replace SSH on the instances; AWS updates it as the SSM agent changes.');
    acknowledge(this.role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy]',
      'CloudWatchAgentServerPolicy is the AWS-maintained minimum for the CloudWatch agent to publish metrics ' +
      'and logs from the instances.');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MultiAzHaPlatform ${props.displayName}: only the paths the platform opens reach them`,
      allowAllOutbound: true,
    });

    const cpuType = props.instanceType.architecture === ec2.InstanceArchitecture.ARM_64
      ? ec2.AmazonLinuxCpuType.ARM_64
      : ec2.AmazonLinuxCpuType.X86_64;
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: props.instanceType,
      machineImage: props.machineImage ?? ec2.MachineImage.latestAmazonLinux2023({ cpuType }),
      userData: props.userData,
      role: this.role,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeSizeGiB, {
          encrypted: true,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      }],
    });

    this.autoScalingGroups = props.zoneSubnets.map((vpcSubnets, zone) => {
      const desired = props.instancesPerZone[zone];
      const max = props.maxInstancesPerZone[zone];
      if (max === desired) {
        warn(this, `${props.propPath}.NoRollingHeadroom`,
          `\`${props.propPath}.maxInstancesPerZone[${zone}]\` equals the desired count (${desired}): a rolling ` +
          'update must take an instance out of service, and scaling cannot add capacity. Raise the maximum.');
      }
      const asg = new autoscaling.AutoScalingGroup(this, `Zone${zone + 1}Group`, {
        vpc: props.vpc,
        vpcSubnets,
        launchTemplate: this.launchTemplate,
        // No desiredCapacity: the group starts at the minimum, and a deploy never resets what scaling added.
        minCapacity: desired,
        maxCapacity: max,
        healthChecks: props.elbHealthChecks
          ? autoscaling.HealthChecks.withAdditionalChecks({
            additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
            gracePeriod: props.healthCheckGracePeriod,
          })
          : autoscaling.HealthChecks.ec2({ gracePeriod: props.healthCheckGracePeriod }),
        // Zero-downtime deployments: new instances join before old ones leave.
        updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
          minInstancesInService: Math.min(desired, max - 1),
          maxBatchSize: 1,
          pauseTime: Duration.minutes(5),
        }),
        groupMetrics: [autoscaling.GroupMetrics.all()],
      });
      acknowledge(asg, 'AwsSolutions-AS3',
        'Scaling activity is recorded in the group\'s activity history, its CloudWatch group metrics (all enabled) ' +
        'and EventBridge events; the platform alerts from CloudWatch alarms, not per-group SNS notifications.');
      return asg;
    });
  }

  /** Average CPU utilization of one zone's instances (0 = zone 1). */
  public metricCpuUtilization(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.groupMetric('AWS/EC2', 'CPUUtilization', zoneIndex, { statistic: 'Average', ...props });
  }

  /** Instances in service in one zone's group (group metrics are enabled), Minimum over the period. */
  public metricInServiceInstances(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.groupMetric('AWS/AutoScaling', 'GroupInServiceInstances', zoneIndex, { statistic: 'Minimum', ...props });
  }

  private groupMetric(namespace: string, metricName: string, zoneIndex: number, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    const group = this.autoScalingGroups[zoneIndex];
    if (!group) {
      fail('zoneIndex', 'be 0 (zone 1) or 1 (zone 2)', zoneIndex);
    }
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { AutoScalingGroupName: group.autoScalingGroupName },
      ...props,
    });
  }
}
