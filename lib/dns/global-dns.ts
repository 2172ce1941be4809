import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { checkHttpPath, checkInteger, fail, isToken } from '../private/validation';

/** How the global DNS name spreads traffic over the two zones. */
export enum DnsRouting {
  /** Zone 1 serves all traffic while healthy; Route 53 fails over to zone 2 when it is not. */
  FAILOVER = 'FAILOVER',
  /** Both zones serve traffic (weighted 50/50); an unhealthy zone is taken out of the answers. */
  ACTIVE_ACTIVE = 'ACTIVE_ACTIVE',
}

/** Options of the global DNS: the name clients use, and the Route 53 health checks behind it. */
export interface DnsOptions {
  /** The hosted zone that holds the platform's record (import it by attributes: no lookup is needed). */
  readonly hostedZone: route53.IHostedZone;

  /**
   * The record name clients use: relative to the hosted zone (`app`) or fully qualified (`app.example.com`).
   * @default - the zone apex
   */
  readonly recordName?: string;

  /**
   * The HTTPS certificate of the zone load balancers; it must cover the record name.
   * @default - a certificate for the record name, DNS-validated in the hosted zone
   */
  readonly certificate?: acm.ICertificate;

  /**
   * How traffic is spread over the zones.
   * @default DnsRouting.FAILOVER
   */
  readonly routing?: DnsRouting;

  /**
   * Path each Route 53 health check requests over HTTPS from each zone's load balancer.
   * @default '/health'
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
}

/** Properties of {@link GlobalDns}. */
export interface GlobalDnsProps extends DnsOptions {
  /** The load balancer of each zone: zone 1 first. */
  readonly zoneLoadBalancers: elbv2.IApplicationLoadBalancer[];
}

const DEFAULT_HEALTH_CHECK_PATH = '/health';

/**
 * The global load balancer of the seed, in Route 53: one HTTPS health check per zone load balancer and
 * a pair of alias records (failover or weighted) that answer with the healthy zones.
 */
export class GlobalDns extends Construct {
  /**
   * The fully qualified domain name clients use.
   */
  public static domainNameOf(options: DnsOptions): string {
    validateDnsOptions(options);
    return fullyQualified(options);
  }

  /** The fully qualified domain name clients use. */
  public readonly domainName: string;
  /** The health check of each zone's load balancer: index 0 is zone 1. */
  public readonly healthChecks: route53.HealthCheck[];
  /** The alias record of each zone: index 0 is zone 1. */
  public readonly records: route53.ARecord[];
  /** The routing policy in use. */
  public readonly routing: DnsRouting;

  constructor(scope: Construct, id: string, props: GlobalDnsProps) {
    super(scope, id);
    validateDnsOptions(props);
    checkCertificateRegion(props.certificate, Stack.of(this).region);
    if (props.zoneLoadBalancers.length !== 2) {
      fail('zoneLoadBalancers', 'list exactly 2 load balancers (one per zone)', props.zoneLoadBalancers.length);
    }
    this.domainName = fullyQualified(props);
    this.routing = props.routing ?? DnsRouting.FAILOVER;

    this.healthChecks = props.zoneLoadBalancers.map((lb, zone) => new route53.HealthCheck(this, `Zone${zone + 1}HealthCheck`, {
      type: route53.HealthCheckType.HTTPS,
      fqdn: lb.loadBalancerDnsName,
      port: 443,
      resourcePath: props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
      requestInterval: props.healthCheckInterval ?? Duration.seconds(10),
      failureThreshold: props.healthCheckFailureThreshold ?? 3,
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

    this.records = props.zoneLoadBalancers.map((lb, zone) => new route53.ARecord(this, `Zone${zone + 1}Record`, {
      zone: props.hostedZone,
      recordName: this.domainName,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(lb, { evaluateTargetHealth: true })),
      setIdentifier: `zone-${zone + 1}`,
      healthCheck: this.healthChecks[zone],
      ...(this.routing === DnsRouting.FAILOVER
        ? { failover: zone === 0 ? route53.Failover.PRIMARY : route53.Failover.SECONDARY }
        : { weight: 50 }),
      comment: `MultiAzHaPlatform zone ${zone + 1} (${this.routing === DnsRouting.FAILOVER ? (zone === 0 ? 'primary' : 'secondary') : 'weighted 50/50'})`,
    }));
  }

  /** Whether one zone's health check passes (1) or fails (0), as Route 53 reports it. */
  public metricHealthCheckStatus(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.route53Metric(zoneIndex, 'HealthCheckStatus', { statistic: 'Minimum', ...props });
  }

  /** Time to first byte Route 53's checkers measure against one zone (latency measurement is on). */
  public metricTimeToFirstByte(zoneIndex: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.route53Metric(zoneIndex, 'TimeToFirstByte', { statistic: 'Average', ...props });
  }

  private route53Metric(zoneIndex: number, metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    const check = this.healthChecks[zoneIndex];
    if (!check) {
      fail('zoneIndex', 'be 0 (zone 1) or 1 (zone 2)', zoneIndex);
    }
    // Route 53 publishes health check metrics in us-east-1 only.
    return new cloudwatch.Metric({
      namespace: 'AWS/Route53',
      metricName,
      dimensionsMap: { HealthCheckId: check.healthCheckId },
      region: 'us-east-1',
      period: Duration.minutes(1),
      ...props,
    });
  }
}

function fullyQualified(options: DnsOptions): string {
  const zoneName = options.hostedZone.zoneName.replace(/\.$/, '');
  const name = options.recordName?.replace(/\.$/, '');
  if (name === undefined || name === '') {
    return zoneName;
  }
  if (isToken(name) || isToken(zoneName)) {
    return name;
  }
  // DNS names are case-insensitive.
  const [lowerName, lowerZone] = [name.toLowerCase(), zoneName.toLowerCase()];
  if (lowerName === lowerZone) {
    return zoneName;
  }
  return lowerName.endsWith(`.${lowerZone}`) ? name : `${name}.${zoneName}`;
}

/**
 * A load balancer's listener takes only a certificate of its own region (ACM certificates are regional); a
 * certificate from another region fails at deploy, after the load balancers exist.
 */
function checkCertificateRegion(certificate: acm.ICertificate | undefined, region: string): void {
  const arn = certificate?.certificateArn;
  if (arn === undefined || Token.isUnresolved(arn) || Token.isUnresolved(region)) {
    return;
  }
  const certificateRegion = arn.split(':')[3];
  if (certificateRegion && certificateRegion !== region) {
    fail('dns.certificate', `be an ACM certificate of the stack's region (${region}): a load balancer's listener ` +
      'takes only certificates of its own region', arn);
  }
}

function validateDnsOptions(options: DnsOptions): void {
  checkHttpPath('dns.healthCheckPath', options.healthCheckPath);
  checkInteger('dns.healthCheckFailureThreshold', options.healthCheckFailureThreshold, 1, 10);
  const interval = options.healthCheckInterval;
  if (interval && !interval.isUnresolved() && ![10, 30].includes(interval.toSeconds({ integral: false }))) {
    fail('dns.healthCheckInterval', 'be 10 seconds (fast) or 30 seconds (standard), the intervals Route 53 offers', interval);
  }
  const name = options.recordName;
  const zoneName = options.hostedZone.zoneName;
  if (name === undefined || Token.isUnresolved(name) || Token.isUnresolved(zoneName)) {
    return;
  }
  const bare = name.replace(/\.$/, '').toLowerCase();
  const zone = zoneName.replace(/\.$/, '').toLowerCase();
  if (!/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(bare) || bare.split('.').some((label) => label.length > 63)) {
    fail('dns.recordName', 'be a DNS name (letters, digits, hyphens and dots; labels up to 63 characters)', name);
  }
  // A fully qualified name (a trailing dot, or ending in the zone's top-level domain) outside the zone
  // would otherwise be nested into the zone silently (app.other.com.example.com).
  const tld = zone.split('.').slice(-1)[0];
  const fullyQualifiedName = name.endsWith('.') || (bare.includes('.') && bare.endsWith(`.${tld}`));
  if (fullyQualifiedName && bare !== zone && !bare.endsWith(`.${zone}`)) {
    fail('dns.recordName', `be inside the hosted zone's domain ${zone}`, name);
  }
}
