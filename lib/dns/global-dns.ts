import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { AutoEvacuationOptions, GrayFailureDetector, ZoneTrafficMetrics } from './gray-failure-detector';
import { defaultPlatformName } from './platform-name';
import { checkAutoEvacuationInputs, checkCertificateRegion, validateDnsOptions } from './validate-dns-props';
import { ZoneEvacuation } from './zone-evacuation';
import { warn } from '../private/acknowledgements';
import { checkZoneIndex, fail, isToken, propRef, registerPropPath, validateProps } from '../private/validation';

export * from './zone-evacuation';
export * from './gray-failure-detector';

/** How the global DNS name spreads traffic over the two zones. */
export enum DnsRouting {
  /** Zone 1 serves all traffic while healthy; Route 53 fails over to zone 2 when it is not. */
  FAILOVER = 'FAILOVER',
  /** Both zones serve traffic (weighted 50/50); an unhealthy zone is taken out of the answers. */
  ACTIVE_ACTIVE = 'ACTIVE_ACTIVE',
}

/** Options of the global DNS: the name clients use, and the Route 53 health checks behind it. */
export interface DnsOptions {
  /**
   * The hosted zone that holds the platform's record (import it by attributes: no lookup is needed). A zone name known
   * at deploy only (a Token) must come without the trailing dot: the platform appends one to the record names.
   */
  readonly hostedZone: route53.IHostedZone;

  /**
   * The record name clients use: relative to the hosted zone (`app`) or fully qualified (`app.example.com`). When the
   * zone's name is known at deploy only (a Token, from an import or a parameter), end a fully qualified name with a dot
   * (`app.example.com.`): without one, a name is taken as inside the zone.
   * @default - the zone apex
   */
  readonly recordName?: string;

  /**
   * The HTTPS certificate of the zone load balancers; it must cover the record name.
   * @default - a certificate for the record name, DNS-validated in the hosted zone
   */
  readonly certificate?: acm.ICertificate;

  /**
   * How traffic is spread over the zones. Changing it on a deployed stack fails: each zone's record is updated in
   * place, and Route 53 refuses a weighted record beside a failover record of the same name and type. Change
   * `recordName` with it, or switch in two deploys through a temporary `recordName` (docs/defaults.md).
   * @default DnsRouting.FAILOVER
   */
  readonly routing?: DnsRouting;

  /**
   * Path each Route 53 health check requests over HTTPS from each zone's load balancer.
   * @default - under MultiAzHaPlatform, the app tier's `healthCheckPath` (the path the target groups request,
   * '/health' by default); on its own, '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * Seconds between two health checks from each checker: 10 (fast) or 30 (standard).
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;

  /**
   * Consecutive failed checks before Route 53 considers a zone unhealthy (1 to 10).
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;

  /**
   * The platform's name in the zone evacuation metric (its `Platform` dimension) and in the evacuation commands:
   * 1 to 100 letters, digits and `. _ / : -`.
   * @default - the stack name and the platform's construct path (`MyStack/Platform`)
   */
  readonly platformName?: string;

  /**
   * Gray-failure detection: evacuate a zone automatically when its 5xx rate or p99 latency has been far worse than
   * the other zone's for several minutes. Needs ACTIVE_ACTIVE routing.
   * @default - off: zones are evacuated by an operator only
   */
  readonly autoEvacuation?: AutoEvacuationOptions;
}

/** Properties of {@link GlobalDns}. */
export interface GlobalDnsProps extends DnsOptions {
  /** The load balancer of each zone: zone 1 first. */
  readonly zoneLoadBalancers: elbv2.IApplicationLoadBalancer[];

  /**
   * The traffic metrics of each zone's load balancer (zone 1 first), which the gray-failure detector compares.
   * @default - none: required when `autoEvacuation.enabled` is true
   */
  readonly zoneTrafficMetrics?: ZoneTrafficMetrics[];
}

const DEFAULT_HEALTH_CHECK_PATH = '/health';

/**
 * The global load balancer of the reference architecture, in Route 53: one HTTPS health check per zone load
 * balancer and a pair of alias records (failover or weighted) that answer with the healthy zones.
 *
 * Each record follows its zone's serving health check (`evacuation.servingHealthChecks`): healthy only while the
 * zone's HTTPS check passes and its evacuation switch is off. An operator takes a sick zone out of DNS with
 * `evacuateCommand(zone)` and puts it back with `restoreCommand(zone)`, no deploy; DNS follows in about 2 minutes.
 * Route 53 never answers with no zone: with both zones unhealthy or evacuated, failover answers with zone 1 and
 * weighted routing with both. See {@link ZoneEvacuation} and, for `autoEvacuation`, {@link GrayFailureDetector}.
 */
export class GlobalDns extends Construct {
  /** The weight of each zone's record with ACTIVE_ACTIVE routing: equal weights, traffic split 50/50. */
  public static readonly ZONE_WEIGHT = 50;

  /**
   * The fully qualified domain name clients use.
   */
  public static domainNameOf(options: DnsOptions): string {
    validateDnsOptions(options);
    return fullyQualified(options);
  }

  /** The fully qualified domain name clients use. */
  public readonly domainName: string;
  /** The name of the zones' records as Route 53 holds it: fully qualified, with the trailing dot. */
  public readonly recordName: string;
  /** The load balancer of each zone, which its health check and its record target: index 0 is zone 1. */
  public readonly zoneLoadBalancers: elbv2.IApplicationLoadBalancer[];
  /** How often each Route 53 checker checks each zone's load balancer. */
  public readonly healthCheckInterval: Duration;
  /** Consecutive failed checks before Route 53 considers a zone's load balancer unhealthy. */
  public readonly healthCheckFailureThreshold: number;
  /** The health check of each zone's load balancer: index 0 is zone 1. */
  public readonly healthChecks: route53.HealthCheck[];
  /** The alias record of each zone: index 0 is zone 1. */
  public readonly records: route53.ARecord[];
  /** The routing policy in use. */
  public readonly routing: DnsRouting;
  /** The zone evacuation switches, and the health checks the records follow. */
  public readonly evacuation: ZoneEvacuation;
  /** The gray-failure detector. Only when `autoEvacuation.enabled` is true. */
  public readonly autoEvacuation?: GrayFailureDetector;

  constructor(scope: Construct, id: string, props: GlobalDnsProps) {
    super(scope, id);
    registerPropPath(this, 'Evacuation', '');
    registerPropPath(this, 'AutoEvacuation', 'autoEvacuation');
    this.routing = props.routing ?? DnsRouting.FAILOVER;
    const autoEvacuation = props.autoEvacuation?.enabled === true;
    validateProps(this, () => {
      validateDnsOptions(props);
      checkCertificateRegion(props.certificate, Stack.of(this).region);
      if (props.zoneLoadBalancers.length !== 2) {
        fail('zoneLoadBalancers', 'list exactly 2 load balancers (one per zone)', props.zoneLoadBalancers.length);
      }
      if (autoEvacuation) {
        checkAutoEvacuationInputs(this.routing === DnsRouting.ACTIVE_ACTIVE, props.zoneTrafficMetrics);
      }
    });
    this.domainName = fullyQualified(props);
    const given = props.recordName;
    if (given !== undefined && !isToken(given) && isToken(props.hostedZone.zoneName) && given.includes('.') && !given.endsWith('.')) {
      warn(this, 'dns.RecordNameInUnknownZone',
        `${propRef(this, 'recordName')} '${given}' is taken as a name inside the hosted zone, whose name is known at deploy ` +
        `only: the records will be named ${given}.<zone name>. If it is fully qualified, end it with a dot ('${given}.').`);
    }
    this.recordName = `${this.domainName}.`;
    this.zoneLoadBalancers = props.zoneLoadBalancers;
    this.healthCheckInterval = props.healthCheckInterval ?? Duration.seconds(10);
    this.healthCheckFailureThreshold = props.healthCheckFailureThreshold ?? 3;

    this.healthChecks = this.zoneLoadBalancers.map((lb, zone) => new route53.HealthCheck(this, `Zone${zone + 1}HealthCheck`, {
      type: route53.HealthCheckType.HTTPS,
      fqdn: lb.loadBalancerDnsName,
      port: 443,
      resourcePath: props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
      requestInterval: this.healthCheckInterval,
      failureThreshold: this.healthCheckFailureThreshold,
      measureLatency: true,
      // No SNI. Each check must reach one zone, so it targets that zone's load balancer by its own DNS name, not
      // the platform's record name (which answers with whichever zone is healthy). With SNI on, Route 53 sends that
      // load balancer name in the client_hello, which no certificate of the listener covers; Route 53 asks for a
      // certificate matching the name it sends, and otherwise retries the handshake without it (HealthCheckConfig
      // EnableSNI): two handshakes per check, the first always mismatched. Without SNI the load balancer presents
      // its default certificate (the platform's) and Route 53, which does not validate the certificate of an HTTPS
      // check, completes the handshake once; the check judges what matters, the health path's answer.
      // (aws-cdk-lib turns SNI on for HTTPS checks unless told otherwise.)
      enableSNI: false,
    }));

    this.evacuation = new ZoneEvacuation(this, 'Evacuation', {
      zoneHealthChecks: this.healthChecks,
      platformName: props.platformName ?? defaultPlatformName(scope),
    });

    // The records follow the serving checks (HTTPS check AND switch off). Moving HealthCheckId from the HTTPS checks
    // updates the records in place (CloudFormation: "Update requires: No interruption").
    this.records = this.zoneLoadBalancers.map((lb, zone) => new route53.ARecord(this, `Zone${zone + 1}Record`, {
      zone: props.hostedZone,
      recordName: this.recordName,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(lb, { evaluateTargetHealth: true })),
      setIdentifier: `zone-${zone + 1}`,
      healthCheck: this.evacuation.servingHealthChecks[zone],
      ...(this.routing === DnsRouting.FAILOVER
        ? { failover: zone === 0 ? route53.Failover.PRIMARY : route53.Failover.SECONDARY }
        : { weight: GlobalDns.ZONE_WEIGHT }),
      comment: `MultiAzHaPlatform zone ${zone + 1} (${this.routing === DnsRouting.FAILOVER ? (zone === 0 ? 'primary' : 'secondary') : 'weighted 50/50'})`,
    }));

    if (autoEvacuation) {
      const { enabled: _enabled, ...thresholds } = props.autoEvacuation!;
      this.autoEvacuation = new GrayFailureDetector(this, 'AutoEvacuation', {
        ...thresholds,
        evacuation: this.evacuation,
        zoneTrafficMetrics: props.zoneTrafficMetrics!,
      });
    }
  }

  /** The AWS CLI command that takes a zone out of DNS, no deploy (`zoneIndex` 0 is zone 1). DNS follows in about 2 minutes. */
  public evacuateCommand(zoneIndex: number): string {
    return this.evacuation.evacuateCommand(zoneIndex);
  }

  /** The AWS CLI command that puts an evacuated zone back in DNS (`zoneIndex` 0 is zone 1). */
  public restoreCommand(zoneIndex: number): string {
    return this.evacuation.restoreCommand(zoneIndex);
  }

  /**
   * Tells on-call: these actions are notified when a zone is evacuated or put back (the switch alarms), and when the
   * gray-failure detector finds an outlier zone (its alarms), each on ALARM and on OK.
   */
  public addEvacuationAlarmActions(...actions: cloudwatch.IAlarmAction[]): void {
    this.evacuation.addAlarmAction(...actions);
    this.autoEvacuation?.addAlarmAction(...actions);
  }

  /**
   * A Route 53 metric of one zone's HTTPS health check (namespace `AWS/Route53`, dimension `HealthCheckId`, in
   * us-east-1, where Route 53 publishes health check metrics), such as `HealthCheckPercentageHealthy`,
   * `ConnectionTime` or `SSLHandshakeTime`.
   * @param metricName the metric's name, as Route 53 publishes it
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 1 minute
   */
  public metric(metricName: string, zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Route53',
      metricName,
      dimensionsMap: { HealthCheckId: this.healthCheck(zoneIndex).healthCheckId },
      region: 'us-east-1',
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Whether one zone's health check passes (1) or fails (0), as Route 53 reports it.
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Minimum over 1 minute
   */
  public metricHealthCheckStatus(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('HealthCheckStatus', zoneIndex, { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Time to first byte Route 53's checkers measure against one zone, in milliseconds (latency measurement is on).
   * @param zoneIndex the zone: 0 for zone 1, 1 for zone 2
   * @default Average over 1 minute
   */
  public metricTimeToFirstByte(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TimeToFirstByte', zoneIndex, props);
  }

  private healthCheck(zoneIndex: number): route53.HealthCheck {
    checkZoneIndex(this, zoneIndex);
    return this.healthChecks[zoneIndex];
  }
}

/**
 * The fully qualified domain name of the records, without the trailing dot: the name of the certificate and
 * `domainName`, and (with the dot) the record name Route 53 holds. The records get it unchanged: aws-cdk-lib keeps a
 * record name that ends in a dot.
 */
function fullyQualified(options: DnsOptions): string {
  const zoneName = options.hostedZone.zoneName.replace(/\.$/, '');
  const given = options.recordName;
  const name = given?.replace(/\.$/, '');
  if (given === undefined || name === '') {
    return zoneName;
  }
  if (isToken(name) || isToken(zoneName)) {
    // One of them is known at deploy only: a name with a trailing dot is fully qualified, a name that ends in the zone's
    // name is kept, any other is inside the zone (as aws-cdk-lib reads a record name it cannot compare).
    return given!.endsWith('.') || name === zoneName || name!.endsWith(`.${zoneName}`) ? name! : `${name}.${zoneName}`;
  }
  // DNS names are case-insensitive.
  const [lowerName, lowerZone] = [name!.toLowerCase(), zoneName.toLowerCase()];
  if (lowerName === lowerZone) {
    return zoneName;
  }
  // A name inside the zone ends in the zone's own spelling: aws-cdk-lib compares case-sensitively, and would nest
  // `App.EXAMPLE.com` into `example.com` (`App.EXAMPLE.com.example.com.`).
  return lowerName.endsWith(`.${lowerZone}`) ? `${name!.slice(0, name!.length - zoneName.length)}${zoneName}` : `${name}.${zoneName}`;
}
