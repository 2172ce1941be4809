/**
 * On-demand prices of everything but EC2 instances outside us-east-1: databases, caches, search, brokers, storage,
 * network, keys, secrets, alarms and AWS WAF, in the five other regions the report has a table for.
 *
 * Read on 2026-11-27 from public copies of the AWS Price List data behind the AWS pricing pages (each copy names
 * the AWS rate code of every price; the publication date is the data's, the prices are the region's list prices):
 * - WATCHER: iann0036/aws-price-watcher (commit d65c44f0, data of 2025-05-24): RDS for PostgreSQL
 *   (processed/rds-postgresql-ondemand.json), Aurora PostgreSQL instances, storage and I/O (raw/rds-aurora-*.json,
 *   published 2025-05-23; I/O is listed per request, $0.0000002, written here per million), RDS storage
 *   (raw/rds-storage.json), ElastiCache (processed/elasticache.json), OpenSearch Service instances
 *   (processed/es.json), ALB (raw/elb.json, 2025-05-20), Secrets Manager (raw/secretsmanager.json, 2025-03-27) and
 *   Amazon MQ (raw/mq.json, 2025-04-07);
 * - AWS_PRICE: lamngockhuong/aws-price lib/data/pricing (commit 508fb452): NAT gateway (natgateway.json, published
 *   2025-10-28), interface endpoints and public IPv4 addresses (vpc.json, 2025-11-04), KMS (kms.json, 2025-08-28),
 *   CloudWatch (cloudwatch.json, 2025-09-23) and AWS WAF (waf.json, 2025-10-03);
 * - EC2_SHOP: yeo/ec2.shop data/ebs/ebs.json (commit 74c9fd8a, published 2024-07-18): EBS gp3 and gp2.
 * Verified on 2026-11-27: every us-east-1 figure of these copies equals the us-east-1 table's (checked against AWS's
 * pages), except RDS for PostgreSQL db.m7g.xlarge and db.m7g.2xlarge, where two copies of different months (WATCHER,
 * and the on-demand column of yeo/ec2.shop's reserved prices) both give $0.337 and $0.674 against the table's $0.336
 * and $0.672: the us-east-1 table now has the copies' figures (see us-east-1.ts).
 * Not in any copy found, so not in these tables ("no price" in the report): mq.m7g.large (the copies predate it) and
 * OpenSearch gp3 storage (the OpenSearch copy holds instances only).
 */
import { OTHER_REGIONS } from './regional-ec2';
import { column, familyOf, PriceBasis, PriceEntry, valkeyPrices, withBasis } from './types';

const WATCHER = 'AWS Price List, copy in iann0036/aws-price-watcher, data of 2025-05';
const AWS_PRICE = 'AWS Price List, copy in lamngockhuong/aws-price, published 2025-08..11';
const EC2_SHOP = 'AWS Price List, copy in yeo/ec2.shop, published 2024-07-18';

type Row = [number, number, number, number, number];

/**
 * What each price is charged per and where it was read: for instances and nodes (and EBS volumes) by the family's key
 * prefix (see {@link familyOf}), for the others by price key.
 */
const BASES: Readonly<Record<string, PriceBasis>> = {
  'rds:postgres:': { unit: 'hour', source: `aws.amazon.com/rds/postgresql/pricing (per DB instance, Single-AZ rate; ${WATCHER})` },
  'aurora:aurora-postgresql:': { unit: 'hour', source: `aws.amazon.com/rds/aurora/pricing (Aurora Standard, PostgreSQL-Compatible; ${WATCHER})` },
  'elasticache:redis:': { unit: 'hour', source: `aws.amazon.com/elasticache/pricing (node-based clusters, Redis OSS; ${WATCHER})` },
  'elasticache:valkey:': { unit: 'hour', source: `aws.amazon.com/elasticache/pricing (node-based clusters, Valkey; ${WATCHER})` },
  'opensearch:': { unit: 'hour', source: `aws.amazon.com/opensearch-service/pricing (${WATCHER})` },
  'mq:rabbitmq:': { unit: 'hour', source: `aws.amazon.com/amazon-mq/pricing (RabbitMQ, per broker instance; ${WATCHER})` },
  'ebs:': { unit: 'GB-month', source: `aws.amazon.com/ebs/pricing (${EC2_SHOP})` },
  'rds-storage:gp3': { unit: 'GB-month', source: `aws.amazon.com/rds/postgresql/pricing (gp3, Single-AZ rate; ${WATCHER})` },
  'aurora-storage:standard': { unit: 'GB-month', source: `aws.amazon.com/rds/aurora/pricing (Aurora Standard storage; ${WATCHER})` },
  'aurora-io:standard': { unit: 'million requests', source: `aws.amazon.com/rds/aurora/pricing (Aurora Standard I/O; ${WATCHER})` },
  'elb:alb': { unit: 'hour', source: `aws.amazon.com/elasticloadbalancing/pricing (${WATCHER})` },
  'elb:alb-lcu': { unit: 'LCU-hour', source: `aws.amazon.com/elasticloadbalancing/pricing (${WATCHER})` },
  'vpc:nat-gateway': { unit: 'hour', source: `aws.amazon.com/vpc/pricing (NAT gateway hour; data processed is extra; ${AWS_PRICE})` },
  'vpc:public-ipv4': { unit: 'hour', source: `aws.amazon.com/vpc/pricing (public IPv4 address, in use or idle; ${AWS_PRICE})` },
  'vpc:interface-endpoint-az': { unit: 'hour', source: `aws.amazon.com/privatelink/pricing (interface endpoints, per endpoint per Availability Zone; ${AWS_PRICE})` },
  'kms:key': { unit: 'month', source: `aws.amazon.com/kms/pricing (customer managed key; ${AWS_PRICE})` },
  'secretsmanager:secret': { unit: 'month', source: `aws.amazon.com/secrets-manager/pricing (${WATCHER})` },
  'cloudwatch:alarm': { unit: 'month', source: `aws.amazon.com/cloudwatch/pricing (standard-resolution metric alarm; ${AWS_PRICE})` },
  'cloudwatch:dashboard': { unit: 'month', source: `aws.amazon.com/cloudwatch/pricing (custom dashboard, one price in every region; ${AWS_PRICE})` },
  'waf:web-acl': { unit: 'month', source: `aws.amazon.com/waf/pricing (${AWS_PRICE})` },
  'waf:rule': { unit: 'month', source: `aws.amazon.com/waf/pricing (per rule or rule group added to a web ACL; ${AWS_PRICE})` },
};

/** USD per unit (see {@link BASES}): [us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1], by price key. */
const FIGURES: Record<string, Row> = {
  'rds:postgres:db.m7g.large': [0.168, 0.186, 0.2, 0.234, 0.234],
  'rds:postgres:db.m7g.xlarge': [0.337, 0.372, 0.401, 0.468, 0.468],
  'rds:postgres:db.m7g.2xlarge': [0.674, 0.745, 0.801, 0.937, 0.937],
  'aurora:aurora-postgresql:db.r6g.large': [0.26, 0.286, 0.313, 0.313, 0.313],
  'aurora:aurora-postgresql:db.r6g.xlarge': [0.519, 0.573, 0.627, 0.627, 0.627],
  'aurora:aurora-postgresql:db.r6g.2xlarge': [1.038, 1.146, 1.253, 1.253, 1.253],
  'aurora:aurora-postgresql:db.r7g.large': [0.276, 0.304, 0.333, 0.333, 0.333],
  'aurora:aurora-postgresql:db.r7g.xlarge': [0.553, 0.608, 0.665, 0.665, 0.665],
  'aurora:aurora-postgresql:db.r7g.2xlarge': [1.106, 1.216, 1.331, 1.331, 1.331],
  'aurora:aurora-postgresql:db.r7g.4xlarge': [2.211, 2.432, 2.662, 2.662, 2.662],
  'elasticache:redis:cache.m6g.large': [0.149, 0.164, 0.177, 0.185, 0.191],
  'elasticache:redis:cache.m6g.xlarge': [0.297, 0.327, 0.354, 0.369, 0.382],
  'elasticache:redis:cache.m7g.large': [0.158, 0.174, 0.188, 0.197, 0.202],
  'elasticache:redis:cache.m7g.xlarge': [0.315, 0.347, 0.375, 0.392, 0.405],
  'elasticache:redis:cache.m7g.2xlarge': [0.629, 0.693, 0.749, 0.783, 0.81],
  'elasticache:redis:cache.r6g.large': [0.206, 0.229, 0.247, 0.247, 0.247],
  'elasticache:redis:cache.r6g.xlarge': [0.411, 0.458, 0.494, 0.493, 0.493],
  'elasticache:redis:cache.r7g.large': [0.219, 0.243, 0.263, 0.263, 0.263],
  'elasticache:redis:cache.r7g.xlarge': [0.437, 0.487, 0.525, 0.525, 0.524],
  'elasticache:redis:cache.r7g.2xlarge': [0.873, 0.974, 1.05, 1.048, 1.047],
  'elasticache:redis:cache.t4g.micro': [0.016, 0.017, 0.018, 0.024, 0.025],
  'elasticache:redis:cache.t4g.small': [0.032, 0.034, 0.036, 0.048, 0.049],
  'elasticache:redis:cache.t4g.medium': [0.065, 0.068, 0.072, 0.095, 0.098],
  'opensearch:r7g.medium.search': [0.089, 0.099, 0.107, 0.107, 0.107],
  'opensearch:r7g.large.search': [0.178, 0.199, 0.214, 0.214, 0.214],
  'opensearch:r7g.xlarge.search': [0.356, 0.398, 0.429, 0.429, 0.429],
  'opensearch:r7g.2xlarge.search': [0.711, 0.796, 0.858, 0.858, 0.858],
  'opensearch:m7g.medium.search': [0.068, 0.076, 0.081, 0.085, 0.087],
  'opensearch:m7g.large.search': [0.135, 0.151, 0.162, 0.169, 0.175],
  'opensearch:m7g.xlarge.search': [0.271, 0.302, 0.325, 0.339, 0.35],
  'opensearch:m7g.2xlarge.search': [0.542, 0.604, 0.649, 0.677, 0.7],
  'opensearch:r6g.large.search': [0.167, 0.187, 0.202, 0.202, 0.202],
  'opensearch:r6g.xlarge.search': [0.335, 0.374, 0.404, 0.404, 0.404],
  'opensearch:m6g.large.search': [0.128, 0.143, 0.153, 0.159, 0.164],
  'opensearch:m6g.xlarge.search': [0.256, 0.286, 0.305, 0.319, 0.329],
  'opensearch:c7g.large.search': [0.12, 0.129, 0.137, 0.138, 0.151],
  'opensearch:c7g.xlarge.search': [0.241, 0.257, 0.274, 0.277, 0.302],
  'opensearch:t3.small.search': [0.036, 0.039, 0.042, 0.056, 0.056],
  'opensearch:t3.medium.search': [0.073, 0.078, 0.084, 0.112, 0.112],
  'mq:rabbitmq:mq.m5.large': [0.288, 0.321, 0.345, 0.36, 0.372],
  'ebs:gp3': [0.08, 0.088, 0.0952, 0.096, 0.096],
  'ebs:gp2': [0.1, 0.11, 0.119, 0.12, 0.12],
  'rds-storage:gp3': [0.115, 0.127, 0.137, 0.138, 0.138],
  'aurora-storage:standard': [0.1, 0.11, 0.119, 0.11, 0.12],
  'aurora-io:standard': [0.2, 0.22, 0.22, 0.22, 0.24],
  'elb:alb': [0.0225, 0.0252, 0.027, 0.0252, 0.0243],
  'elb:alb-lcu': [0.008, 0.008, 0.008, 0.008, 0.008],
  'vpc:nat-gateway': [0.045, 0.048, 0.052, 0.059, 0.062],
  'vpc:public-ipv4': [0.005, 0.005, 0.005, 0.005, 0.005],
  'vpc:interface-endpoint-az': [0.01, 0.011, 0.012, 0.013, 0.014],
  'kms:key': [1, 1, 1, 1, 1],
  'secretsmanager:secret': [0.4, 0.4, 0.4, 0.4, 0.4],
  'cloudwatch:alarm': [0.1, 0.1, 0.1, 0.1, 0.1],
  'cloudwatch:dashboard': [3, 3, 3, 3, 3],
  'waf:web-acl': [5, 5, 5, 5, 5],
  'waf:rule': [1, 1, 1, 1, 1],
};

const REDIS = 'elasticache:redis:';
const VALKEY = 'elasticache:valkey:';

/** Valkey nodes' figures, by price key, from the Redis OSS nodes' among `usd` (see {@link valkeyPrices}). */
function valkeyNodes(usd: Record<string, number>): Record<string, number> {
  const redis = Object.fromEntries(Object.entries(usd).filter(([key]) => familyOf(key) === REDIS));
  return Object.fromEntries(Object.entries(valkeyPrices(redis)).map(([key, price]) => [key.replace(REDIS, VALKEY), price]));
}

/** The on-demand prices of a region other than us-east-1 (EC2 instances and global services aside). */
export function regionalServicesOnDemand(region: string): Record<string, PriceEntry> {
  const usd = column(FIGURES, OTHER_REGIONS, region);
  return withBasis({ ...usd, ...valkeyNodes(usd) }, BASES);
}
