import { Construct } from 'constructs';
import { AppTier, AppTierOptions } from './app-tier/app-tier';
import { DnsOptions, GlobalDns } from './dns/global-dns';
import { NetworkOptions, PlatformNetwork } from './network/platform-network';

/** Properties of {@link MultiAzHaPlatform}: one options object per tier. */
export interface MultiAzHaPlatformProps {
  /** The global DNS name, its health checks and the HTTPS certificate. */
  readonly dns: DnsOptions;

  /**
   * The VPC over two availability zones.
   * @default - a new 10.0.0.0/16 VPC over the stack's first two zones
   */
  readonly network?: NetworkOptions;

  /**
   * The app servers and the load balancer of each zone.
   * @default - 4 + 4 c7g.xlarge app servers on port 8080
   */
  readonly appTier?: AppTierOptions;
}

/**
 * A two-zone, highly available web platform: Route 53 health-checked DNS in front of a load balancer
 * per zone, each serving its own zone's app servers, in a VPC over two availability zones.
 *
 * Each tier is a construct of its own, reachable as a property: `network`, `appTier`, `dns`.
 */
export class MultiAzHaPlatform extends Construct {
  /** The network tier: VPC, subnets, NAT gateways, flow logs, endpoints. */
  public readonly network: PlatformNetwork;
  /** The app tier: a load balancer and an Auto Scaling group of app servers per zone. */
  public readonly appTier: AppTier;
  /** The global DNS: health checks and failover (or weighted) records. */
  public readonly dns: GlobalDns;

  constructor(scope: Construct, id: string, props: MultiAzHaPlatformProps) {
    super(scope, id);
    const domainName = GlobalDns.domainNameOf(props.dns);

    this.network = new PlatformNetwork(this, 'Network', props.network);

    this.appTier = new AppTier(this, 'AppTier', {
      ...props.appTier,
      vpc: this.network.vpc,
      publicSubnets: this.network.publicSubnets,
      zoneSubnets: [0, 1].map((zone) => this.network.privateSubnetOfZone(zone)),
      domainName,
      certificate: props.dns.certificate,
      hostedZone: props.dns.hostedZone,
    });

    this.dns = new GlobalDns(this, 'Dns', {
      ...props.dns,
      zoneLoadBalancers: this.appTier.zoneLoadBalancers.map((zone) => zone.loadBalancer),
    });
  }
}
