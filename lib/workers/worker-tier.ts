import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { validateWorkerTierProps } from './validate-worker-tier-props';
import { DEFAULT_QUEUE_DEPTH_SCALE_IN, DEFAULT_QUEUE_DEPTH_SCALE_OUT } from './worker-defaults';
import { FleetDefaults, gravitonFleetTypes } from '../private/fleet-defaults';
import { HardenedFleet } from '../private/hardened-fleet';
import { ServerTier, SERVERS_ID } from '../private/server-tier';
import { evaluationTime, scaleInInSteps, scaleOutInSteps } from '../private/step-scaling';
import { propName, registerPropPath, validateProps } from '../private/validation';

/** Options of the worker tier: the background job servers of both zones. */
export interface WorkerTierOptions {
  /**
   * Whether the platform builds the worker tier. Read by the platform; the construct itself ignores it.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Workers per zone: zone 1 first. Each zone's group keeps at least this many (minimum = desired).
   * @default [3, 2]
   */
  readonly instancesPerZone?: number[];

  /**
   * The most workers per zone that scaling may reach.
   * @default - twice `instancesPerZone`
   */
  readonly maxInstancesPerZone?: number[];

  /**
   * Instance type of the workers. The default image follows its CPU architecture (arm64 for Graviton types
   * such as c7g, x86_64 otherwise); JavaScript callers may also give its name (`'c7g.large'`).
   * @default c7g.large (2 vCPU, 4 GiB, Graviton)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Instance types each zone's group may launch when `instanceType` has no capacity in the zone, in order of
   * preference. As for `appTier.additionalInstanceTypes`: each must differ from `instanceType` and have its CPU
   * architecture and, where the platform knows their sizes, its vCPUs and memory; the groups launch on-demand
   * instances of `instanceType` first (`prioritized`). Each type must be offered in the Region; where AWS Control
   * Tower's CT.AUTOSCALING.PR.11 is enforced, each must encrypt traffic between instances. An empty list launches
   * `instanceType` only (CT.AUTOSCALING.PR.6 then fails).
   * @default - [c6gn.large] (2 vCPU, 4 GiB, Graviton2) when `instanceType` is left at its default; none when you set
   *   `instanceType` (name the additional types that suit yours)
   */
  readonly additionalInstanceTypes?: ec2.InstanceType[];

  /**
   * Machine image of the workers. As for `appTier.machineImage`: the default moves only when instances launch, never
   * on a deploy (EC2 resolves the public Amazon Linux 2023 SSM parameter at each launch); pass an image, or an SSM
   * parameter your team bumps (`ec2.MachineImage.fromSsmParameter(...)`), to pin it. Another image than Amazon Linux
   * 2023 must bring `cfn-signal` (aws-cfn-bootstrap) and the CloudWatch agent.
   * @default - Amazon Linux 2023 for the instance type's CPU architecture, resolved when each instance launches
   */
  readonly machineImage?: ec2.IMachineImage;

  /**
   * User data that installs and starts the worker service: a Linux shell script (`ec2.UserData.forLinux()`, or custom
   * content starting with `#!`). The platform never changes this object; it boots each worker in this order:
   * 1. the platform's steps: the CloudFormation helper scripts, the CloudWatch agent, and (in a MultiAzHaPlatform) its
   *    SSM parameters exported as `PLATFORM_<TIER>_<NAME>` environment variables (a failing step does not stop the boot);
   * 2. this user data, run as its own program with those variables set (`source /opt/multi-az-ha-platform/env` loads
   *    them again elsewhere; systemd units can use `EnvironmentFile=/etc/multi-az-ha-platform/platform.env`);
   * 3. the readiness signal. Workers have no health endpoint: a worker is ready when this user data exits with status
   *    0, and failed when it exits with another. So it must return (start the worker as a systemd service) and fail
   *    when the worker cannot start (`set -euo pipefail`). On the first deploy and in each rolling update
   *    CloudFormation waits for the signal (up to `healthCheckGracePeriod` plus 10 minutes, at most 1 hour) and
   *    rolls back on a failure or no signal.
   * @default - a placeholder `placeholder-worker` systemd service that idles and logs a heartbeat every minute
   */
  readonly userData?: ec2.UserData;

  /**
   * Size of each worker's encrypted gp3 root volume, in GiB.
   * @default 30
   */
  readonly rootVolumeSizeGiB?: number;

  /**
   * How long a new worker has before failed EC2 status checks replace it; a deploy also waits this long, plus 10
   * minutes (at most 1 hour), for its readiness signal.
   * @default Duration.minutes(5)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Queue depth (messages on the broker) at or above which each zone's group adds workers.
   * @default 10000
   */
  readonly queueDepthScaleOutThreshold?: number;

  /**
   * Queue depth at or below which each zone's group removes a worker; lower than the scale-out threshold.
   * @default 1000
   */
  readonly queueDepthScaleInThreshold?: number;

  /**
   * Average CPU utilization target tracking keeps each zone's group at, used only without a queue-depth metric.
   * @default 70
   */
  readonly cpuTargetUtilizationPercent?: number;
}

/** Properties of {@link WorkerTier}. */
export interface WorkerTierProps extends WorkerTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;

  /** The private subnet of each zone (zone 1 first), for that zone's workers. */
  readonly zoneSubnets: ec2.SubnetSelection[];

  /**
   * The broker-wide queue depth the workers scale on (the messaging tier's `metricMessageCount()`),
   * used with its own statistic and period.
   * @default - no queue-depth scaling: target tracking on CPU at `cpuTargetUtilizationPercent`
   */
  readonly queueDepthMetric?: cloudwatch.IMetric;
}

const FLEET_DEFAULTS: FleetDefaults = {
  instancesPerZone: [3, 2], ...gravitonFleetTypes(ec2.InstanceSize.LARGE), healthCheckGracePeriod: Duration.minutes(5),
};
const DEFAULT_CPU_TARGET_PERCENT = 70;
/** Scale out quickly: 3 periods of the queue-depth metric at or above the threshold. */
const SCALE_OUT_EVALUATION_PERIODS = 3;
/** Scale in slowly: 10 periods at or below the lower threshold, so a lull between bursts keeps the workers. */
const SCALE_IN_EVALUATION_PERIODS = 10;

/**
 * The worker tier: in each zone, an Auto Scaling group of background job servers pinned to the zone's
 * private subnet, built from the same hardened launch template code as the app servers (IMDSv2 only,
 * encrypted gp3 root volume, no public IP, SSM instead of SSH) with EC2 status checks and rolling updates that wait
 * for each new worker's readiness signal (see `userData`).
 *
 * Workers accept no inbound traffic: their security group has no ingress rule, and `connections` has no
 * default port. The platform opens the data stores to them (`store.connections.allowDefaultPortFrom(workers)`).
 *
 * Scaling. With a `queueDepthMetric` (the broker-wide RabbitMQ message count), each zone's group has its
 * own step scaling policies on that one number, so both zones react to the same backlog and stay balanced:
 * - at or above `queueDepthScaleOutThreshold` for 3 periods of the metric, each group adds 1 worker per breach
 *   (2 at twice the threshold), capped by its `maxInstancesPerZone`: the tier grows by 2 (or 4) workers;
 * - at or below `queueDepthScaleInThreshold` for 10 periods, each group removes 1 worker per breach, down to
 *   its `instancesPerZone`;
 * - in between, nothing changes.
 * Without a queue-depth metric (messaging turned off), each group tracks `cpuTargetUtilizationPercent` CPU.
 */
export class WorkerTier extends ServerTier implements ec2.IConnectable {
  /** The connections of the workers, without a default port: allow data stores to be reached from here. */
  public readonly connections: ec2.Connections;
  /**
   * The average CPU utilization, in percent, that target tracking keeps each zone's workers at when the tier has no
   * `queueDepthMetric` (with one, the workers scale on queue depth and this target is not used).
   */
  public readonly cpuTargetUtilizationPercent: number;
  /**
   * The queue depth at or above which each zone's group adds workers (`queueDepthScaleOutThreshold`); used when the
   * tier has a `queueDepthMetric`.
   */
  public readonly queueDepthScaleOutThreshold: number;

  /** The servers (read by the members ServerTier gives this tier, and by `metric`). */
  private readonly servers: HardenedFleet;

  constructor(scope: Construct, id: string, props: WorkerTierProps) {
    super(scope, id);
    validateProps(this, () => validateWorkerTierProps(props, {
      ...FLEET_DEFAULTS,
      queueDepthScaleOutThreshold: DEFAULT_QUEUE_DEPTH_SCALE_OUT,
      queueDepthScaleInThreshold: DEFAULT_QUEUE_DEPTH_SCALE_IN,
    }));
    // The fleet reports the tier's props (`workers.userData` under the platform, `userData` on its own).
    registerPropPath(this, SERVERS_ID, '');

    this.cpuTargetUtilizationPercent = props.cpuTargetUtilizationPercent ?? DEFAULT_CPU_TARGET_PERCENT;
    this.servers = new HardenedFleet(this, SERVERS_ID, {
      warningPrefix: 'workers',
      displayName: 'workers',
      vpc: props.vpc,
      options: props,
      defaults: FLEET_DEFAULTS,
      userData: props.userData ?? placeholderUserData(),
      zoneSubnets: props.zoneSubnets,
      // Workers sit behind no load balancer: EC2 status checks decide their health.
      elbHealthChecks: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });

    this.queueDepthScaleOutThreshold = props.queueDepthScaleOutThreshold ?? DEFAULT_QUEUE_DEPTH_SCALE_OUT;
    const scaleIn = props.queueDepthScaleInThreshold ?? DEFAULT_QUEUE_DEPTH_SCALE_IN;
    for (const [zone, asg] of this.autoScalingGroups.entries()) {
      if (props.queueDepthMetric) {
        scaleOutInSteps(asg, 'QueueDepthScaleOut', {
          metric: props.queueDepthMetric,
          steps: [{ at: this.queueDepthScaleOutThreshold, change: +1 }, { at: this.queueDepthScaleOutThreshold * 2, change: +2 }],
          evaluationPeriods: SCALE_OUT_EVALUATION_PERIODS,
          // A new worker needs time to boot and start consuming before it counts against the backlog.
          estimatedInstanceWarmup: Duration.minutes(3),
          alarmDescription: scaleOutDescription(this, zone, props.queueDepthMetric, this.queueDepthScaleOutThreshold, this.maxInstancesPerZone[zone]),
        });
        scaleInInSteps(asg, 'QueueDepthScaleIn', {
          metric: props.queueDepthMetric,
          steps: [{ at: scaleIn, change: -1 }],
          evaluationPeriods: SCALE_IN_EVALUATION_PERIODS,
          alarmDescription: scaleInDescription(this, zone, props.queueDepthMetric, scaleIn, this.minInstancesPerZone[zone]),
        });
      } else {
        asg.scaleOnCpuUtilization('CpuTargetTracking', {
          targetUtilizationPercent: this.cpuTargetUtilizationPercent,
        });
      }
    }
  }

  /**
   * A metric of one zone's workers, as EC2 publishes it for their Auto Scaling group (namespace `AWS/EC2`, dimension
   * `AutoScalingGroupName`), such as `NetworkIn` or `StatusCheckFailed`.
   * @param metricName the metric's name, as EC2 publishes it
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 5 minutes
   */
  public metric(metricName: string, zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.servers.metric(metricName, zoneIndex, props);
  }
}

/** The queue-depth scale-out alarm of zone `zone`'s group, for on-call: what it watches and does, when to act. */
function scaleOutDescription(tier: WorkerTier, zone: number, metric: cloudwatch.IMetric, threshold: number, max: number): string {
  const maxRef = propName(tier, 'maxInstancesPerZone');
  return `Messages are piling up on the broker: its queue depth has been at least ${threshold} for ` +
    `${evaluationTime(metric, SCALE_OUT_EVALUATION_PERIODS)}. This alarm scales zone ${zone + 1}'s workers out: Auto ` +
    `Scaling adds 1 worker (2 at ${threshold * 2} messages or more) while it is in ALARM, up to the group's maximum of ${max} ` +
    `(${maxRef}); the other zone's group scales on the same queue depth. No action while the groups grow. Act only if ` +
    'the group stays at its maximum and the queue keeps growing: check that the workers consume (their logs, the ' +
    `broker's consumer count), and raise ${maxRef} if the load is real.`;
}

/** The queue-depth scale-in alarm of zone `zone`'s group, for on-call: in ALARM most of the time, and that is fine. */
function scaleInDescription(tier: WorkerTier, zone: number, metric: cloudwatch.IMetric, threshold: number, min: number): string {
  return `The broker's queue depth has been at most ${threshold} for ${evaluationTime(metric, SCALE_IN_EVALUATION_PERIODS)}: ` +
    `the backlog is worked off. This alarm scales zone ${zone + 1}'s workers in: Auto Scaling removes 1 worker at a time ` +
    `while it is in ALARM, down to the group's minimum of ${min} (${propName(tier, 'instancesPerZone')}). It is in ALARM ` +
    'whenever the queue is short, the usual state: no action needed.';
}

/**
 * A placeholder worker service that idles and logs a heartbeat to the journal every minute, so a fresh
 * deploy runs something observable. Teams replace it with `workers.userData` that installs their worker.
 */
function placeholderUserData(): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'mkdir -p /opt/placeholder-worker',
    "cat > /opt/placeholder-worker/worker.sh <<'SH'",
    '#!/bin/bash',
    '# Placeholder: replace with your worker through workers.userData.',
    'while true; do',
    '  echo "placeholder worker on $(hostname): idle, heartbeat"',
    '  sleep 60',
    'done',
    'SH',
    "cat > /etc/systemd/system/placeholder-worker.service <<'UNIT'",
    '[Unit]',
    'Description=MultiAzHaPlatform placeholder worker (replace with workers.userData)',
    'After=network-online.target',
    '[Service]',
    'ExecStart=/bin/bash /opt/placeholder-worker/worker.sh',
    'Restart=always',
    'DynamicUser=yes',
    'NoNewPrivileges=yes',
    '[Install]',
    'WantedBy=multi-user.target',
    'UNIT',
    'systemctl daemon-reload',
    'systemctl enable --now placeholder-worker.service',
  );
  return userData;
}
