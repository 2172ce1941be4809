/**
 * us-east-1 (N. Virginia) on-demand list prices, USD, without tax, Free Tier or discounts: the table the report has
 * priced with since its first release, and the one it falls back to for a region it has no table for.
 */
import { hourly, PriceEntry, valkeyPrices } from './types';

/** The day the us-east-1 table was last checked. */
export const US_EAST_1_DATE = '2026-11-27';

/** Where the us-east-1 prices come from. */
export const US_EAST_1_SOURCE =
  'AWS public on-demand prices for us-east-1: the AWS pricing pages (aws.amazon.com/<service>/pricing) and the AWS Price List API, ' +
  'cross-checked against published price tables read from the Price List API between 2026-10-01 and 2026-10-08; ' +
  'mq.m7g.large (RabbitMQ) and Aurora Standard storage and I/O added on 2026-11-27 from the same pages and published tables; ' +
  're-checked on 2026-11-27 against copies of the AWS Price List data (see regional-ec2.ts and regional-services.ts): equal, ' +
  'except RDS for PostgreSQL db.m7g.xlarge and db.m7g.2xlarge, now $0.337 and $0.674 as in two copies (was $0.336 and $0.672); ' +
  'c6gn, m7gd, t3.2xlarge and t4g.2xlarge added from the same copy.';

const EC2 = 'aws.amazon.com/ec2/pricing/on-demand (Linux, shared tenancy)';
const EC2_COPY = 'aws.amazon.com/ec2/pricing/on-demand (Linux, shared tenancy; AWS Price List, copy in iann0036/aws-price-watcher, data of 2025-05-24)';
const EBS = 'aws.amazon.com/ebs/pricing';
const RDS_PG = 'aws.amazon.com/rds/postgresql/pricing (per DB instance; a Multi-AZ DB instance bills the primary and the standby)';
const RDS_PG_COPY = `${RDS_PG}; AWS Price List, copies in iann0036/aws-price-watcher (2025-05) and yeo/ec2.shop (2025-04)`;
const AURORA = 'aws.amazon.com/rds/aurora/pricing (Aurora Standard, PostgreSQL-Compatible)';
const ELASTICACHE = 'aws.amazon.com/elasticache/pricing (node-based clusters; Valkey nodes are priced 20 % below Redis OSS)';
const OPENSEARCH = 'aws.amazon.com/opensearch-service/pricing';
const MQ = 'aws.amazon.com/amazon-mq/pricing (RabbitMQ; a cluster deployment bills each of its 3 broker instances)';
const AURORA_STORAGE = 'aws.amazon.com/rds/aurora/pricing (Aurora Standard storage configuration)';
const ELB = 'aws.amazon.com/elasticloadbalancing/pricing';
const VPC = 'aws.amazon.com/vpc/pricing';
const PRIVATELINK = 'aws.amazon.com/privatelink/pricing (interface endpoints, per endpoint per Availability Zone)';

/** ElastiCache node-based clusters, Redis OSS nodes, USD per hour (Valkey's follow from them). */
const ELASTICACHE_REDIS_OSS: Record<string, number> = {
  'cache.m6g.large': 0.149,
  'cache.m6g.xlarge': 0.297,
  'cache.m7g.large': 0.158,
  'cache.m7g.xlarge': 0.315,
  'cache.m7g.2xlarge': 0.629,
  'cache.r6g.large': 0.206,
  'cache.r6g.xlarge': 0.411,
  'cache.r7g.large': 0.219,
  'cache.r7g.xlarge': 0.437,
  'cache.r7g.2xlarge': 0.873,
  'cache.t4g.micro': 0.016,
  'cache.t4g.small': 0.032,
  'cache.t4g.medium': 0.065,
};

/** Instances and nodes, USD per hour, by family and source. */
const INSTANCES: Readonly<Record<string, PriceEntry>> = {
  ...hourly('ec2:', EC2, {
    'c7g.medium': 0.0363,
    'c7g.large': 0.0725,
    'c7g.xlarge': 0.145,
    'c7g.2xlarge': 0.29,
    'c7g.4xlarge': 0.58,
    'm7g.medium': 0.0408,
    'm7g.large': 0.0816,
    'm7g.xlarge': 0.1632,
    'm7g.2xlarge': 0.3264,
    'm7g.4xlarge': 0.6528,
    'r7g.medium': 0.0536,
    'r7g.large': 0.1071,
    'r7g.xlarge': 0.2142,
    'r7g.2xlarge': 0.4284,
    'r7g.4xlarge': 0.8568,
    'm7i.large': 0.1008,
    'm7i.xlarge': 0.2016,
    'm7i.2xlarge': 0.4032,
    'm7i.4xlarge': 0.8064,
    't3.micro': 0.0104,
    't3.small': 0.0208,
    't3.medium': 0.0416,
    't3.large': 0.0832,
    't3.xlarge': 0.1664,
    't4g.micro': 0.0084,
    't4g.small': 0.0168,
    't4g.medium': 0.0336,
    't4g.large': 0.0672,
    't4g.xlarge': 0.1344,
    'm5.large': 0.096,
    'm5.xlarge': 0.192,
    'm5.2xlarge': 0.384,
    'c5.large': 0.085,
    'c5.xlarge': 0.17,
    'r5.large': 0.126,
    'r5.xlarge': 0.252,
  }),
  // The fleets' second instance type (c6gn) and the other types the report knows, from the Price List copy whose other
  // us-east-1 EC2 figures all equal those above.
  ...hourly('ec2:', EC2_COPY, {
    'c6gn.medium': 0.0432,
    'c6gn.large': 0.0864,
    'c6gn.xlarge': 0.1728,
    'c6gn.2xlarge': 0.3456,
    'm7gd.medium': 0.0534,
    'm7gd.large': 0.1068,
    'm7gd.xlarge': 0.2136,
    'm7gd.2xlarge': 0.4271,
    't3.2xlarge': 0.3328,
    't4g.2xlarge': 0.2688,
  }),
  ...hourly('rds:postgres:', RDS_PG, { 'db.m7g.large': 0.168 }),
  // Was 0.336 and 0.672 (twice the large's): two copies of the Price List data, of April and May 2025, list 0.337 and 0.674.
  ...hourly('rds:postgres:', RDS_PG_COPY, { 'db.m7g.xlarge': 0.337, 'db.m7g.2xlarge': 0.674 }),
  ...hourly('aurora:aurora-postgresql:', AURORA, {
    'db.r6g.large': 0.26,
    'db.r6g.xlarge': 0.519,
    'db.r6g.2xlarge': 1.038,
    'db.r7g.large': 0.276,
    'db.r7g.xlarge': 0.553,
    'db.r7g.2xlarge': 1.106,
    'db.r7g.4xlarge': 2.211,
  }),
  ...hourly('elasticache:redis:', ELASTICACHE, ELASTICACHE_REDIS_OSS),
  ...hourly('elasticache:valkey:', ELASTICACHE, valkeyPrices(ELASTICACHE_REDIS_OSS)),
  ...hourly('opensearch:', OPENSEARCH, {
    'r7g.medium.search': 0.089,
    'r7g.large.search': 0.178,
    'r7g.xlarge.search': 0.356,
    'r7g.2xlarge.search': 0.711,
    'm7g.medium.search': 0.068,
    'm7g.large.search': 0.135,
    'm7g.xlarge.search': 0.271,
    'm7g.2xlarge.search': 0.542,
    'r6g.large.search': 0.167,
    'r6g.xlarge.search': 0.335,
    'm6g.large.search': 0.128,
    'm6g.xlarge.search': 0.256,
    'c7g.large.search': 0.12,
    'c7g.xlarge.search': 0.241,
    't3.small.search': 0.036,
    't3.medium.search': 0.073,
  }),
  ...hourly('mq:rabbitmq:', MQ, { 'mq.m5.large': 0.288, 'mq.m7g.large': 0.2734 }),
};

/** One price per key: storage, I/O, load balancers, network, keys, secrets, alarms, dashboards and AWS WAF. */
const OTHERS: Readonly<Record<string, PriceEntry>> = {
  'ebs:gp3': { usd: 0.08, unit: 'GB-month', source: EBS },
  'ebs:gp2': { usd: 0.10, unit: 'GB-month', source: EBS },
  // Per GB-month of one copy: a Multi-AZ DB instance bills the primary's and the standby's storage.
  'rds-storage:gp3': { usd: 0.115, unit: 'GB-month', source: 'aws.amazon.com/rds/postgresql/pricing (gp3, Single-AZ rate)' },
  // Aurora Standard: the cluster volume is billed on the data stored, I/O per request (I/O-Optimized has neither I/O charge).
  'aurora-storage:standard': { usd: 0.10, unit: 'GB-month', source: AURORA_STORAGE },
  'aurora-io:standard': { usd: 0.20, unit: 'million requests', source: AURORA_STORAGE },
  'opensearch-storage:gp3': { usd: 0.122, unit: 'GB-month', source: `${OPENSEARCH} (gp3 EBS storage)` },

  'elb:alb': { usd: 0.0225, unit: 'hour', source: ELB },
  'elb:alb-lcu': { usd: 0.008, unit: 'LCU-hour', source: ELB },
  'vpc:nat-gateway': { usd: 0.045, unit: 'hour', source: `${VPC} (NAT gateway hour; data processed is extra)` },
  'vpc:public-ipv4': { usd: 0.005, unit: 'hour', source: `${VPC} (public IPv4 address, in use or idle)` },
  'vpc:interface-endpoint-az': { usd: 0.01, unit: 'hour', source: PRIVATELINK },

  'kms:key': { usd: 1.00, unit: 'month', source: 'aws.amazon.com/kms/pricing (customer managed key)' },
  'secretsmanager:secret': { usd: 0.40, unit: 'month', source: 'aws.amazon.com/secrets-manager/pricing' },
  'cloudwatch:alarm': { usd: 0.10, unit: 'month', source: 'aws.amazon.com/cloudwatch/pricing (standard-resolution metric alarm)' },
  'cloudwatch:dashboard': { usd: 3.00, unit: 'month', source: 'aws.amazon.com/cloudwatch/pricing (custom dashboard; the Free Tier\'s 3 are not deducted)' },
  'waf:web-acl': { usd: 5.00, unit: 'month', source: 'aws.amazon.com/waf/pricing' },
  'waf:rule': { usd: 1.00, unit: 'month', source: 'aws.amazon.com/waf/pricing (per rule or rule group added to a web ACL)' },
};

/**
 * us-east-1 on-demand prices, by key: `<service>:<what>` (for example `ec2:c7g.xlarge`,
 * `rds:postgres:db.m7g.2xlarge`, `elasticache:valkey:cache.m7g.xlarge`). Route 53 is global: see global.ts.
 */
export const US_EAST_1_ON_DEMAND: Readonly<Record<string, PriceEntry>> = { ...INSTANCES, ...OTHERS };
