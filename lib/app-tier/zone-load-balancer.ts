import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { enableAccessLogs } from '../private/access-logs';
import { acknowledge, acknowledgeCompliance, COMPLIANCE_PACKS } from '../private/acknowledgements';

/** Properties of {@link ZoneLoadBalancer}. */
export interface ZoneLoadBalancerProps {
  /** The VPC of the platform. */
  readonly vpc: ec2.IVpc;
  /** The public subnets of both zones: an ALB must span two zones. */
  readonly publicSubnets: ec2.SubnetSelection;
  /** The certificate of the HTTPS listener. */
  readonly certificate: acm.ICertificate;
  /** The bucket that receives the access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /** Prefix of this load balancer's access logs in the bucket. */
  readonly accessLogsPrefix: string;
  /** Port the app servers listen on. */
  readonly appPort: number;
  /** Path the target group's health check requests. */
  readonly healthCheckPath: string;
  /** Requests one client IP may make in any 5 minutes before AWS WAF blocks it. */
  readonly rateLimitPerFiveMinutes: number;
  /**
   * The log group AWS WAF logs the web ACL's requests to: its name starts with `aws-waf-logs-` and its resource
   * policy lets CloudWatch Logs delivery (delivery.logs.amazonaws.com) write to it.
   */
  readonly webAclLogGroup: logs.ILogGroup;
  /**
   * Whether Elastic Load Balancing refuses to delete the load balancer. A failed first deployment of the stack then
   * ends in ROLLBACK_FAILED (see `AppTierOptions.deletionProtection`).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** Request headers AWS WAF leaves out of its logs: credentials and session tokens have no place in a log. */
const REDACTED_HEADERS = ['authorization', 'cookie'];

/** The AWS managed rule groups every zone load balancer's web ACL applies, in priority order. */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

/**
 * The load balancer of one zone: an internet-facing ALB in the public subnets of both zones whose
 * target group holds only its own zone's app servers. HTTPS with a TLS 1.2+ policy, HTTP redirected
 * to HTTPS, invalid header fields dropped, deletion protection (unless turned off), access logs, and an
 * AWS WAF web ACL that logs every request (without the Authorization and Cookie headers) to CloudWatch Logs.
 */
export class ZoneLoadBalancer extends Construct {
  /** The application load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS (443) listener. */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP (80) listener, which only redirects to HTTPS. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** Whether the load balancer is internet-facing: clients reach it from the internet. */
  public readonly internetFacing: boolean;
  /** The target group of this zone's app servers. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The security group of the load balancer. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The AWS WAF web ACL associated with the load balancer. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The logging of the web ACL to `webAclLogGroup`. */
  public readonly webAclLogging: wafv2.CfnLoggingConfiguration;

  private readonly subnets: ec2.SelectedSubnets;

  constructor(scope: Construct, id: string, props: ZoneLoadBalancerProps) {
    super(scope, id);

    this.securityGroup = this.newEntrySecurityGroup(props.vpc);

    this.internetFacing = true;
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.publicSubnets,
      internetFacing: this.internetFacing,
      securityGroup: this.securityGroup,
      deletionProtection: props.deletionProtection ?? true,
      dropInvalidHeaderFields: true,
      http2Enabled: true,
    });
    this.subnets = props.vpc.selectSubnets(props.publicSubnets);
    enableAccessLogs(this.loadBalancer, props.accessLogsBucket, props.accessLogsPrefix);

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      port: props.appPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: props.healthCheckPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
    });

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [props.certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
      open: false,
    });
    this.httpListener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      open: false,
    });
    acknowledgeCompliance(this.httpListener, COMPLIANCE_PACKS, 'ELBv2ACMCertificateRequired',
      'This listener has no certificate because it serves no content: its only action answers every request with ' +
      'a permanent redirect (301) to HTTPS on 443, and nothing it receives reaches the app servers. Every request ' +
      'the app receives comes through the HTTPS listener, with an ACM certificate and a TLS 1.2+ policy; without ' +
      'this listener, plain-HTTP clients would fail instead of being moved to TLS.');

    this.webAcl = newWebAcl(this, props.rateLimitPerFiveMinutes);
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
    this.webAclLogging = new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      // AWS WAF takes the log group's ARN without the trailing ':*' of its Arn attribute.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: props.webAclLogGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
  }

  /** The load balancer's security group: HTTPS and HTTP (to redirect) from the internet, nothing out but to targets. */
  private newEntrySecurityGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Zone load balancer: HTTPS and HTTP (redirect only) from the internet',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet, redirected to HTTPS');
    acknowledge(securityGroup, 'AwsSolutions-EC23',
      'The zone load balancers are the public entry point of the platform: they must accept HTTPS (443) from any ' +
      'address, and HTTP (80) only to redirect to HTTPS. AWS WAF (managed rule groups and a rate limit) filters ' +
      'the traffic; nothing else in the platform accepts traffic from the internet.');
    return securityGroup;
  }

  /**
   * The zones of the load balancer's subnets: the zones it has a node in. Reading it fails for a subnet imported without
   * its zone.
   */
  public get availabilityZones(): string[] {
    return [...new Set(this.subnets.availabilityZones)];
  }
}

/** The web ACL of a zone's load balancer: AWS managed rule groups, then a rate limit per client IP. */
function newWebAcl(scope: Construct, rateLimitPerFiveMinutes: number): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('ZoneLoadBalancer'),
    rules: [
      ...MANAGED_RULE_GROUPS.map((name, priority) => ({
        name,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      })),
      {
        name: 'RateLimitPerClientIp',
        priority: MANAGED_RULE_GROUPS.length,
        action: { block: {} },
        statement: {
          rateBasedStatement: { limit: rateLimitPerFiveMinutes, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
        },
        visibilityConfig: visibility('RateLimitPerClientIp'),
      },
    ],
  });
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}
