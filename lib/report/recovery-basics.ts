/**
 * The vocabulary of the recovery computation: targets, the AWS figures and their sources, and how one
 * resource's recovery becomes a scenario compared with its target. Shared by recovery-zones.ts and
 * recovery-tiers.ts; recovery.ts puts the scenarios together.
 */
import { ResilienceCause } from './causes';

/** Recovery targets, in seconds: a scenario meets its target when its expected recovery is at most the target. */
export interface RecoveryTargets {
  /** Loss of a whole zone: until clients are served from the other zone. */
  readonly zoneFailureSeconds: number;
  /** Loss of one app server: until the load balancer stops sending it requests. */
  readonly appServerSeconds: number;
  /** Loss of the database writer: until writes succeed again. */
  readonly databaseSeconds: number;
  /** Loss of the cache primary: until writes succeed again. */
  readonly cacheSeconds: number;
  /** Loss of a search node: until every shard is served again. */
  readonly searchNodeSeconds: number;
  /** Loss of a broker node: until publishing and consuming work again. */
  readonly brokerNodeSeconds: number;
}

/**
 * The reference architecture's targets (multi-environment-ha.md, "Failover Scenarios"):
 * - zone 1 failure: RTO < 2 minutes -> 120 s;
 * - app server: "instant (LB removes it)" -> 30 s, the time an ALB health check can reasonably take to remove a
 *   server (2 failed checks 10-15 s apart); nothing is instant;
 * - database: the component table says < 30 s, the Database HA section says RTO < 1 minute: the stricter 30 s;
 * - cache (Redis): < 30 s;
 * - search: "minutes" -> 600 s (10 minutes);
 * - broker: "seconds" -> 60 s.
 */
export const DEFAULT_RECOVERY_TARGETS: RecoveryTargets = {
  zoneFailureSeconds: 120,
  appServerSeconds: 30,
  databaseSeconds: 30,
  cacheSeconds: 30,
  searchNodeSeconds: 600,
  brokerNodeSeconds: 60,
};

/** AWS documentation the figures come from. */
export const CITATIONS = {
  route53HealthChecks: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html',
  route53AliasTtl: 'https://aws.amazon.com/route53/faqs/ (DNS failover: alias records to ELB have a fixed TTL of 60 seconds)',
  albHealthChecks: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  rdsMultiAzInstance: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
  rdsMultiAzCluster: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts-failover.html',
  rdsPointInTimeRestore: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html',
  auroraFaultTolerance: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html#Aurora.Managing.FaultTolerance',
  auroraFaq: 'https://aws.amazon.com/rds/aurora/faqs/ (High availability and replication)',
  elastiCacheMultiAz: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html',
  openSearchMultiAz: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html',
  openSearchMasters: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html',
  openSearchStandby: 'https://aws.amazon.com/blogs/big-data/amazon-opensearch-service-now-supports-99-99-availability-using-multi-az-with-standby/ ' +
    '(OpenSearch Service "promotes nodes from the standby pool to become active in less than a minute")',
  mqRabbitMqCluster: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-broker-architecture.html',
  mqQuorumQueues: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/quorum-queues.html',
  mqRabbitMq4: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-4.html (the default queue type on RabbitMQ 4.2 is quorum)',
  mqClusterDefaults: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-defaults.html (RabbitMQ 3 clusters: classic mirroring policy)',
  mqActiveStandby: 'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/active-standby-broker-deployment.html',
} as const;

/** Failover figures, seconds. `documented` ones are AWS's; the others are planning assumptions (see each basis). */
export const FAILOVER_FIGURES = {
  /** RDS Multi-AZ DB instance: "Failover times are typically 60–120 seconds" (the upper end). Documented. */
  rdsMultiAzInstance: 120,
  /** RDS Multi-AZ DB cluster: "Failover times are typically under 35 seconds". Documented. */
  rdsMultiAzCluster: 35,
  /** Aurora with a replica: the cluster endpoint moves to the promoted replica, typically under 30 s (Aurora FAQ). Documented. */
  auroraWithReplica: 30,
  /** Aurora without a replica: Aurora "will attempt to create a new DB instance" (best effort, no bound given). Assumed. */
  auroraWithoutReplica: 600,
  /** ElastiCache Multi-AZ automatic failover: AWS gives no time, only "a few seconds" for the DNS update. Assumed. */
  elastiCacheAutomaticFailover: 30,
  /** OpenSearch Service node replacement and shard recovery: "minutes", no bound given. Assumed. */
  openSearchNodeRecovery: 300,
  /** Multi-AZ with Standby: standby nodes are promoted "in less than a minute" (AWS, announcing the feature). Documented. */
  openSearchStandbyFailover: 60,
  /** RabbitMQ quorum queues elect a new leader (Raft) among the surviving nodes. Assumed. */
  rabbitMqClusterNode: 30,
  /** Amazon MQ active/standby: the standby takes over the shared storage. Assumed. */
  activeMqStandby: 60,
  /** RDS uploads transaction logs to S3 every 5 minutes: the data loss bound of a point-in-time restore. Documented. */
  rdsPointInTimeRestoreDataLoss: 300,
} as const;

/** Whether a scenario meets its target. */
export type RecoveryStatus = 'MEETS' | 'MISSES' | 'NOT_APPLICABLE';

/** Recovery from one failure. */
export interface RecoveryScenario {
  /**
   * '<zone id>-loss' per zone ('zone-1-loss', 'zone-2-loss', 'quorum-zone-loss'), 'app-server', 'database-primary',
   * 'cache-primary', 'search-node', 'broker-node'.
   */
  readonly id: string;
  readonly title: string;
  /** Expected time until service is restored, seconds; undefined when nothing restores it automatically. */
  readonly expectedSeconds?: number;
  /** True when AWS (or the template's health checks) restore service without a person acting. */
  readonly automatic: boolean;
  /** What data can be lost. */
  readonly dataLoss: string;
  /** Upper bound of the data loss, seconds of writes (0: none); undefined when it cannot be bounded. */
  readonly dataLossSeconds?: number;
  /** The target, seconds. */
  readonly target: number;
  readonly meets: boolean;
  readonly status: RecoveryStatus;
  /** Which settings of the template and which AWS figure give the expected time. */
  readonly basis: string;
  /** AWS documentation of the figure. */
  readonly citation: string;
  /** Logical IDs of the resources the scenario is about. */
  readonly resources: string[];
  /** What else happens in the scenario (other tiers failing over in parallel, caveats). */
  readonly notes: string[];
  /** What makes it slow (or its data loss unbounded), when the report knows: the key of the remedy. */
  readonly cause?: ResilienceCause;
  /** When it misses its target: the platform setting that meets it. */
  readonly remedy?: string;
}

/** One resource's recovery, before it is compared with a target. */
export interface Recovery {
  readonly expectedSeconds?: number;
  readonly automatic: boolean;
  readonly dataLoss: string;
  readonly dataLossSeconds?: number;
  readonly basis: string;
  readonly citation: string;
  readonly resources: string[];
  readonly notes: string[];
  /** Why it misses (or could miss) its target: the key of the remedy the synth-time check names. */
  readonly cause?: ResilienceCause;
}

/**
 * An automatic recovery within `expectedSeconds` that loses no stored data (`dataLossSeconds` 0; `dataLoss` says why,
 * or what little is lost in flight).
 */
export function losslessFailover(
  expectedSeconds: number, { dataLoss, ...rest }: Omit<Recovery, 'expectedSeconds' | 'automatic' | 'dataLossSeconds'>,
): Recovery {
  return { expectedSeconds, automatic: true, dataLoss, dataLossSeconds: 0, ...rest };
}

export function scenario(id: string, title: string, target: number, recovery: Recovery | undefined, notApplicable: string): RecoveryScenario {
  if (!recovery) {
    return {
      id,
      title,
      automatic: false,
      dataLoss: 'n/a',
      target,
      meets: false,
      status: 'NOT_APPLICABLE',
      basis: notApplicable,
      citation: '',
      resources: [],
      notes: [],
    };
  }
  const meets = recovery.expectedSeconds !== undefined && recovery.expectedSeconds <= target;
  return { id, title, target, meets, status: meets ? 'MEETS' : 'MISSES', ...recovery };
}

/** The scenario of a tier with several resources: the slowest one decides (no automatic recovery is slowest). */
export function worstOf(id: string, title: string, target: number, recoveries: Recovery[], notApplicable: string): RecoveryScenario {
  if (recoveries.length === 0) {
    return scenario(id, title, target, undefined, notApplicable);
  }
  const rank = (r: Recovery) => r.expectedSeconds ?? Number.POSITIVE_INFINITY;
  const worst = recoveries.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const others = recoveries.filter((r) => r !== worst);
  return scenario(id, title, target, {
    ...worst,
    resources: recoveries.flatMap((r) => r.resources),
    notes: [...worst.notes, ...others.map((r) => `Also: ${r.basis}`)],
  }, notApplicable);
}
