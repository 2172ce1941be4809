import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { newAccessLogsBucket } from './access-logs-bucket';
import { ErrorRateMetricIds, ErrorRateOptions, ErrorRateSource } from './error-rate';
import { placeholderUserData } from './placeholder-app';
import { validateAppTierOptions } from './validate-app-tier-props';
import { newWebAclLogs } from './web-acl-logs';
import { ZoneLoadBalancer } from './zone-load-balancer';
import { warn } from '../private/acknowledgements';
import { FleetDefaults, gravitonFleetTypes } from '../private/fleet-defaults';
import { HardenedFleet } from '../private/hardened-fleet';
import { DEFAULT_P99_LATENCY } from '../private/latency';
import { ServerTier, SERVERS_ID } from '../private/server-tier';
import { evaluationTime, scaleOutInSteps } from '../private/step-scaling';
import { checkZoneIndex, propName, propRef, registerPropPath, validateProps } from '../private/validation';

export * from './error-rate';

/** Options of the app tier: the app servers of both zones and their load balancers. */
export interface AppTierOptions {
  /**
   * App servers per zone: zone 1 first. Each zone's group keeps at least this many (minimum = desired).
   * @default [4, 4]
   */
  readonly instancesPerZone?: number[];

  /**
   * The most app servers per zone that scaling may reach.
   * @default - twice `instancesPerZone`
   */
  readonly maxInstancesPerZone?: number[];

  /**
   * Instance type of the app servers. The default image follows its CPU architecture (arm64 for Graviton
   * types such as c7g, x86_64 otherwise); JavaScript callers may also give its name (`'c7g.xlarge'`).
   * @default c7g.xlarge (4 vCPU, 8 GiB, Graviton)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Instance types each zone's group may launch when `instanceType` has no capacity in the zone, in order of
   * preference. Each must differ from `instanceType` and have its CPU architecture (the one image boots them all) and,
   * where the platform knows their sizes, its vCPUs and memory (the platform sizes each zone from `instanceType`).
   * The groups launch on-demand instances of `instanceType` first (a mixed instances policy with the `prioritized`
   * allocation strategy), so a zone under capacity pressure still gets app servers; the report counts and prices
   * them as `instanceType`. Each type must be offered in the Region (one it does not offer can make Auto Scaling
   * refuse the group); where AWS Control Tower's CT.AUTOSCALING.PR.11 is enforced, each must also be a Nitro type
   * that encrypts traffic between instances. An empty list launches `instanceType` only (CT.AUTOSCALING.PR.6 then
   * fails).
   * @default - [c6gn.xlarge] (4 vCPU, 8 GiB, Graviton2) when `instanceType` is left at its default; none when you set
   *   `instanceType` (name the additional types that suit yours)
   */
  readonly additionalInstanceTypes?: ec2.InstanceType[];

  /**
   * Machine image of the app servers.
   *
   * The default image moves only when instances launch, never on a deploy: the launch template names the public SSM
   * parameter of Amazon Linux 2023 (`resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-<arch>`)
   * and EC2 resolves it at each launch. So a deploy after AWS publishes a new AMI replaces no instance; every instance
   * launched later (scale-out, replacement of an unhealthy one, a rolling update your own change starts) boots the
   * newest AMI, with its security fixes. To move the whole fleet to it on purpose, start an instance refresh of each
   * zone's group (`aws autoscaling start-instance-refresh`), or deploy any change of the launch template.
   *
   * To pin the image, pass it: `ec2.MachineImage.genericLinux({ [region]: 'ami-...' })`, or an SSM parameter your team
   * bumps (`ec2.MachineImage.fromSsmParameter('/team/app-ami')`, read at deploy: bumping it is a rolling update).
   * The platform's boot steps expect Amazon Linux 2023 (dnf); another image must bring `cfn-signal`
   * (aws-cfn-bootstrap) and the CloudWatch agent.
   * @default - Amazon Linux 2023 for the instance type's CPU architecture, resolved when each instance launches
   */
  readonly machineImage?: ec2.IMachineImage;

  /**
   * Port the app listens on; the load balancers forward to it over HTTP inside the VPC.
   * @default 8080
   */
  readonly port?: number;

  /**
   * Path the load balancers' target groups request to decide an app server is healthy.
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * User data that installs and starts the app: a Linux shell script (`ec2.UserData.forLinux()`, or custom content
   * starting with `#!`). The platform never changes this object; it boots each app server in this order:
   * 1. the platform's steps: the CloudFormation helper scripts, the CloudWatch agent, and (in a MultiAzHaPlatform) its
   *    SSM parameters (`<parameterPrefix>/<tier>/<name>`) exported as `PLATFORM_<TIER>_<NAME>` environment variables,
   *    for example `PLATFORM_DATABASE_WRITER_ENDPOINT`. A failing platform step does not stop the boot;
   * 2. this user data, run as its own program with those variables set. Elsewhere (a shell, a later script) one line
   *    loads them again from SSM: `source /opt/multi-az-ha-platform/env`; a systemd unit reads the values of boot
   *    time with `EnvironmentFile=/etc/multi-az-ha-platform/platform.env`;
   * 3. the readiness signal: once `healthCheckPath` answers 200 on `http://localhost:<port>`, the app server tells
   *    CloudFormation it is ready. On the first deploy and in each rolling update CloudFormation waits for it
   *    (up to `healthCheckGracePeriod` plus 10 minutes, at most 1 hour), and rolls back when the path does not
   *    answer within `healthCheckGracePeriod` of boot.
   * @default - a placeholder service on `port` that answers `healthCheckPath`, so a fresh deploy is healthy
   */
  readonly userData?: ec2.UserData;

  /**
   * Size of each app server's encrypted gp3 root volume, in GiB.
   * @default 30
   */
  readonly rootVolumeSizeGiB?: number;

  /**
   * How long a new app server has to answer the health check: before failed load balancer health checks replace it,
   * and, in a deploy, before it signals CloudFormation that it failed (the deploy rolls back).
   * @default Duration.minutes(5)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Average CPU utilization each zone's group is kept at by target tracking.
   * @default 70
   */
  readonly cpuTargetUtilizationPercent?: number;

  /**
   * p99 target response time above which a zone's group scales out by a step.
   * @default Duration.millis(500)
   */
  readonly p99LatencyScaleOutThreshold?: Duration;

  /**
   * Requests one client IP may make in any 5 minutes before AWS WAF blocks it (100 to 2,000,000,000).
   * @default 2000
   */
  readonly rateLimitPerFiveMinutes?: number;

  /**
   * Whether Elastic Load Balancing refuses to delete the zone load balancers (the `deletion_protection.enabled`
   * attribute of both), from the first deployment on. Turning it off warns.
   *
   * It also stops CloudFormation: if the stack's first deployment fails after the load balancers were created, the
   * rollback cannot delete them and ends in ROLLBACK_FAILED. Deploy a new stack with `cdk deploy --no-rollback`
   * (CloudFormation's "preserve successfully provisioned resources"): a failure then leaves the stack in
   * CREATE_FAILED with what was created, and the next `cdk deploy` resumes from there once the cause is fixed.
   * After a ROLLBACK_FAILED, for each zone's load balancer: `aws elbv2 modify-load-balancer-attributes
   * --load-balancer-arn <arn> --attributes Key=deletion_protection.enabled,Value=false` (the ARNs are the physical
   * IDs in `aws cloudformation describe-stack-resources`), then `aws cloudformation delete-stack`.
   * The setting is part of the template so that compliance checks (ELBDeletionProtectionEnabled of the cdk-nag NIST
   * and HIPAA packs) and drift detection see it, and no custom resource has to turn it on after the create.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** Properties of {@link AppTier}. */
export interface AppTierProps extends AppTierOptions {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /** The public subnets of both zones, for the load balancers. */
  readonly publicSubnets: ec2.SubnetSelection;
  /** The private subnet of each zone (zone 1 first), for that zone's app servers. */
  readonly zoneSubnets: ec2.SubnetSelection[];
  /** The fully qualified name clients use; the HTTPS certificate is issued for it. */
  readonly domainName: string;
  /**
   * The HTTPS certificate of the load balancers.
   * @default - a certificate for `domainName`, DNS-validated in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;
  /** The hosted zone that validates the certificate the tier creates. */
  readonly hostedZone: route53.IHostedZone;
  /**
   * An account-level CloudWatch Logs resource policy to add the tier's statement to (CloudWatch Logs delivery may
   * write AWS WAF logs to the tier's log group), instead of a policy of its own. An account holds at most 10 such
   * policies per Region: the platform passes one policy shared by the tiers that need one, so that each platform
   * takes one.
   * @default - the tier creates its own policy
   */
  readonly logsResourcePolicy?: logs.ResourcePolicy;
}

const FLEET_DEFAULTS: FleetDefaults = {
  instancesPerZone: [4, 4], ...gravitonFleetTypes(ec2.InstanceSize.XLARGE), healthCheckGracePeriod: Duration.minutes(5),
};
const DEFAULT_PORT = 8080;
const DEFAULT_HEALTH_CHECK_PATH = '/health';
const DEFAULT_CPU_TARGET_PERCENT = 70;
/** The p99 scale-out alarm fires after 3 one-minute periods at or above the threshold. */
const P99_SCALE_OUT_EVALUATION_PERIODS = 3;
/** The ids of the error rate's metrics when the caller gives none (the alarms' ids). */
const DEFAULT_ERROR_RATE_IDS: ErrorRateMetricIds = { target: 'target5xx', elb: 'elb5xx', requests: 'requests' };

/**
 * The app tier: in each zone, a load balancer (see {@link ZoneLoadBalancer}) and an Auto Scaling group of
 * app servers pinned to the zone's private subnet. Only the load balancers reach the app servers,
 * and only on the app port.
 *
 * Deployment: the AWS WAF log group and its key are kept when the stack is deleted, and deleted when the stack's
 * first deployment rolls back (RetainExceptOnCreate). The access log bucket is always kept (Retain): Elastic Load
 * Balancing writes a test object into it as soon as a load balancer's logging is on, and CloudFormation cannot
 * delete a bucket that holds objects, so a rollback that tried would fail on it. The load balancers' deletion
 * protection makes a failed first deployment end in ROLLBACK_FAILED (see `deletionProtection`).
 */
export class AppTier extends ServerTier implements ec2.IConnectable {
  /** The load balancer of each zone: index 0 is zone 1. */
  public readonly zoneLoadBalancers: ZoneLoadBalancer[];
  /** The certificate of the HTTPS listeners. */
  public readonly certificate: acm.ICertificate;
  /** The bucket that receives the load balancers' access logs. */
  public readonly accessLogsBucket: s3.Bucket;
  /**
   * The log group of both load balancers' AWS WAF logs (every request, Authorization and Cookie headers redacted),
   * named `aws-waf-logs-<stack>-<path>-<part of the stack ID>`: the last part is new each time the stack is created,
   * so creating the stack again does not collide with the group a deleted stack kept.
   */
  public readonly webAclLogGroup: logs.LogGroup;
  /** The customer-managed key that encrypts `webAclLogGroup`. */
  public readonly key: kms.Key;
  /**
   * The CloudWatch Logs resource policy that lets log delivery write the AWS WAF logs: the tier's own, or the shared
   * policy given as `logsResourcePolicy`.
   */
  public readonly logsResourcePolicy: logs.ResourcePolicy;
  /** Whether Elastic Load Balancing refuses to delete the load balancers (see `AppTierOptions.deletionProtection`). */
  public readonly deletionProtection: boolean;
  /** Port the app servers listen on. */
  public readonly port: number;
  /** The path the target groups request to decide an app server is healthy (under the platform, Route 53's health checks too). */
  public readonly healthCheckPath: string;
  /** The average CPU utilization, in percent, that target tracking keeps each zone's app servers at. */
  public readonly cpuTargetUtilizationPercent: number;
  /** The p99 target response time above which each zone's group scales out by a step. */
  public readonly p99LatencyScaleOutThreshold: Duration;
  /** The connections of the app servers: allow data stores to be reached from here. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: AppTierProps) {
    super(scope, id);
    validateProps(this, () => validateAppTierOptions(props, FLEET_DEFAULTS));
    // The fleet reports the tier's props (`appTier.userData` under the platform, `userData` on its own).
    registerPropPath(this, SERVERS_ID, '');

    this.cpuTargetUtilizationPercent = props.cpuTargetUtilizationPercent ?? DEFAULT_CPU_TARGET_PERCENT;
    this.port = props.port ?? DEFAULT_PORT;
    this.healthCheckPath = props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH;
    this.deletionProtection = props.deletionProtection ?? true;
    if (!this.deletionProtection) {
      warn(this, 'appTier.DeletionProtectionDisabled',
        `${propRef(this, 'deletionProtection')} is false: a stack deletion or a mistaken change can delete the zone load ` +
        'balancers, and with them the addresses DNS points to (the NIST 800-53 and HIPAA compliance packs report ' +
        'ELBDeletionProtectionEnabled on both).');
    }

    this.certificate = props.certificate ?? new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });

    this.accessLogsBucket = newAccessLogsBucket(this);

    // AWS WAF logs every request the web ACLs see to CloudWatch Logs.
    const webAclLogs = newWebAclLogs(this, props.logsResourcePolicy);
    this.key = webAclLogs.key;
    this.webAclLogGroup = webAclLogs.logGroup;
    this.logsResourcePolicy = webAclLogs.logsResourcePolicy;

    new HardenedFleet(this, SERVERS_ID, {
      warningPrefix: 'appTier',
      displayName: 'app servers',
      vpc: props.vpc,
      options: props,
      defaults: FLEET_DEFAULTS,
      userData: props.userData ?? placeholderUserData(this.port, this.healthCheckPath),
      zoneSubnets: props.zoneSubnets,
      healthCheck: { port: this.port, path: this.healthCheckPath },
      elbHealthChecks: true,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    this.p99LatencyScaleOutThreshold = props.p99LatencyScaleOutThreshold ?? DEFAULT_P99_LATENCY;
    this.zoneLoadBalancers = this.autoScalingGroups.map((asg, zone) =>
      this.newZoneLoadBalancer(props, asg, zone, this.maxInstancesPerZone[zone]));
  }

  /** One zone's load balancer in front of its group, and the group's scaling on CPU and on p99 latency. */
  private newZoneLoadBalancer(props: AppTierProps, asg: autoscaling.AutoScalingGroup, zone: number,
    maxInstances: number): ZoneLoadBalancer {
    const lb = new ZoneLoadBalancer(this, `Zone${zone + 1}LoadBalancer`, {
      vpc: props.vpc,
      publicSubnets: props.publicSubnets,
      certificate: this.certificate,
      accessLogsBucket: this.accessLogsBucket,
      accessLogsPrefix: `zone-${zone + 1}`,
      appPort: this.port,
      healthCheckPath: this.healthCheckPath,
      rateLimitPerFiveMinutes: props.rateLimitPerFiveMinutes ?? 2000,
      webAclLogGroup: this.webAclLogGroup,
      deletionProtection: this.deletionProtection,
    });
    // CloudWatch Logs checks at creation that delivery may write to the log group.
    lb.webAclLogging.node.addDependency(this.logsResourcePolicy);
    lb.targetGroup.addTarget(asg);
    // The load balancer reaches its zone's servers on the app port, and nothing else reaches them.
    this.connections.allowFrom(lb.securityGroup, ec2.Port.tcp(this.port), `Zone ${zone + 1} load balancer to the app port`);

    asg.scaleOnCpuUtilization('CpuTargetTracking', {
      targetUtilizationPercent: this.cpuTargetUtilizationPercent,
    });
    const seconds = this.p99LatencyScaleOutThreshold.toMilliseconds() / 1000;
    const metric = lb.targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(99), period: Duration.minutes(1) });
    scaleOutInSteps(asg, 'P99LatencyScaleOut', {
      metric,
      steps: [{ at: seconds, change: +1 }, { at: seconds * 2, change: +2 }],
      evaluationPeriods: P99_SCALE_OUT_EVALUATION_PERIODS,
      estimatedInstanceWarmup: Duration.minutes(3),
      alarmDescription: p99ScaleOutDescription(this, zone, metric, seconds, maxInstances),
    });
    return lb;
  }

  /**
   * A metric of one zone's load balancer (namespace `AWS/ApplicationELB`, dimension `LoadBalancer`), such as
   * `ActiveConnectionCount` or `RejectedConnectionCount`.
   * @param metricName the metric's name, as Elastic Load Balancing publishes it
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 5 minutes
   */
  public metric(metricName: string, zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.zone(zoneIndex).loadBalancer.metrics.custom(metricName, props);
  }

  /**
   * Target response time of one zone's load balancer, in seconds.
   * @default p99 over 5 minutes
   */
  public metricTargetResponseTime(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.zone(zoneIndex).targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(99), ...props });
  }

  /**
   * Requests served by one zone's load balancer.
   * @default Sum over 5 minutes
   */
  public metricRequestCount(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.zone(zoneIndex).loadBalancer.metrics.requestCount(props);
  }

  /**
   * Healthy app servers behind one zone's load balancer.
   * @default Average over 5 minutes
   */
  public metricHealthyHostCount(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.zone(zoneIndex).targetGroup.metrics.healthyHostCount(props);
  }

  /**
   * 5xx responses the app servers of one zone returned through its load balancer.
   * @default Sum over 5 minutes
   */
  public metricTarget5xxCount(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.zone(zoneIndex).loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, props);
  }

  /**
   * 5xx responses one zone's load balancer generated itself (no healthy target, timeouts...).
   * @default Sum over 5 minutes
   */
  public metricElb5xxCount(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.zone(zoneIndex).loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, props);
  }

  /**
   * One zone's 5xx responses as a percentage of its requests (metric math over the Sums of the 5xx counts and the
   * requests; a minute without 5xx counts as 0 unless `fillMissingErrorCounts` is false). The observability tier's
   * High Error Rate alarms, the dashboard's error rate panel and the gray-failure detector read it.
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Sum over 5 minutes of each count (the app servers' and the load balancer's 5xx, and the requests)
   */
  public metricErrorRate(zoneIndex: number, props?: ErrorRateOptions): cloudwatch.MathExpression {
    const { source, metricIds, fillMissingErrorCounts, ...expressionOptions } = props ?? {};
    const ids = metricIds ?? DEFAULT_ERROR_RATE_IDS;
    const counts: Record<keyof ErrorRateMetricIds, cloudwatch.IMetric> = {
      target: this.metricTarget5xxCount(zoneIndex, { statistic: cloudwatch.Stats.SUM }),
      elb: this.metricElb5xxCount(zoneIndex, { statistic: cloudwatch.Stats.SUM }),
      requests: this.metricRequestCount(zoneIndex, { statistic: cloudwatch.Stats.SUM }),
    };
    // In the order the ids were given: that is the order alarms and graphs list the metrics.
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    for (const [name, id] of Object.entries(ids) as Array<[keyof ErrorRateMetricIds, string]>) {
      usingMetrics[id] = counts[name];
    }
    const count = (id: string) => (fillMissingErrorCounts ?? true ? `FILL(${id}, 0)` : id);
    const errors = {
      [ErrorRateSource.ALL]: `(${count(ids.target)} + ${count(ids.elb)})`,
      [ErrorRateSource.APP_SERVERS]: count(ids.target),
      [ErrorRateSource.LOAD_BALANCER]: count(ids.elb),
    }[source ?? ErrorRateSource.ALL];
    return new cloudwatch.MathExpression({ ...expressionOptions, expression: `100 * ${errors} / ${ids.requests}`, usingMetrics });
  }

  private zone(zoneIndex: number): ZoneLoadBalancer {
    checkZoneIndex(this, zoneIndex);
    return this.zoneLoadBalancers[zoneIndex];
  }
}

/** The p99 scale-out alarm of zone `zone`'s group, for on-call: what it watches and does, and when to act. */
function p99ScaleOutDescription(tier: AppTier, zone: number, metric: cloudwatch.IMetric, seconds: number, max: number): string {
  const maxRef = propName(tier, 'maxInstancesPerZone');
  return `Zone ${zone + 1}'s app servers are slow: their p99 response time has been at least ${seconds} s for ` +
    `${evaluationTime(metric, P99_SCALE_OUT_EVALUATION_PERIODS)}. This alarm scales the zone's group out: Auto Scaling adds 1 app server (2 at ` +
    `${seconds * 2} s or more) while it is in ALARM, up to the group's maximum of ${max} (${maxRef}). No action while the ` +
    'group grows. Act only if the group stays at its maximum and this alarm stays in ALARM: find what slows the app ' +
    `servers (their logs, the database, the cache), and raise ${maxRef} if the load is real.`;
}
