/**
 * 1-year, no upfront reserved prices: the effective hourly rate (the hourly fee of a no-upfront reservation), in
 * the six regions the report has a table for, by the same keys as the on-demand tables.
 *
 * Read on 2026-11-27 from public copies of the AWS Price List data behind the AWS pricing pages:
 * - EC2: standard Reserved Instances, Linux, shared tenancy, 1 year, No Upfront; yeo/ec2.shop
 *   data/ec2/<region>-reservedinstance-1y.json (commit 74c9fd8a, data of 2025-04-05). Standard RIs, not Savings
 *   Plans: a Compute Savings Plan's rate differs and is not in the table.
 * - RDS for PostgreSQL: reserved DB instances, Single-AZ, 1 year, No Upfront, per instance (a Multi-AZ instance is
 *   priced as two, like its on-demand line); yeo/ec2.shop data/rds/<region>-rds-postgresql-reservedinstance-single-az-1y.json
 *   (same commit, published 2025-04-04).
 * - ElastiCache: reserved nodes, 1 year, No Upfront; yeo/ec2.shop data/elasticache (same commit, published
 *   2024-10-07). The copy lists Redis OSS nodes only (its on-demand column is Redis OSS's): Valkey nodes have no
 *   reserved price here, and none is derived from Redis OSS's.
 * - OpenSearch Service: reserved instances, 1 year, No Upfront, hourly cost; iann0036/aws-price-watcher
 *   processed/es.json (commit d65c44f0, data of 2025-05-24). t3.small.search has none there.
 * Verified: each EC2, RDS and ElastiCache reservation in the copies names its on-demand price, and those equal the
 * on-demand tables' (us-east-1 as checked against AWS's pages, and every other region) for every key below; the
 * OpenSearch copy's on-demand prices equal the us-east-1 table's.
 * Not here: Aurora (no copy of Aurora reserved prices was found), Valkey nodes (above) and Amazon MQ, which has no
 * reserved pricing. Their lines count at their on-demand price in the reserved total, as the report says.
 */
import { column, PriceBasis, PriceEntry, withBasis } from './types';

/** The regions of the tuples below, in order. */
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'] as const;

type Row = [number, number, number, number, number, number];

const EC2 = 'aws.amazon.com/ec2/pricing/reserved-instances/pricing (standard, Linux, shared tenancy, 1 year, No Upfront; ' +
  'AWS Price List, copy in yeo/ec2.shop, data of 2025-04-05)';
const RDS = 'aws.amazon.com/rds/postgresql/pricing (reserved DB instance, Single-AZ, 1 year, No Upfront; ' +
  'AWS Price List, copy in yeo/ec2.shop, published 2025-04-04)';
const ELASTICACHE = 'aws.amazon.com/elasticache/pricing (reserved node, Redis OSS, 1 year, No Upfront; ' +
  'AWS Price List, copy in yeo/ec2.shop, published 2024-10-07)';
const OPENSEARCH = 'aws.amazon.com/opensearch-service/pricing (reserved instance, 1 year, No Upfront; ' +
  'AWS Price List, copy in iann0036/aws-price-watcher, data of 2025-05-24)';

/** USD per hour: [us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1], by price key. */
const RESERVED: Record<string, Row> = {
  'ec2:c7g.medium': [0.0239, 0.0239, 0.0257, 0.0272, 0.0276, 0.03],
  'ec2:c7g.large': [0.0478, 0.0478, 0.0513, 0.0544, 0.0553, 0.06],
  'ec2:c7g.xlarge': [0.0955, 0.0955, 0.1026, 0.1087, 0.1106, 0.12],
  'ec2:c7g.2xlarge': [0.1911, 0.1911, 0.2053, 0.2174, 0.2211, 0.2399],
  'ec2:c7g.4xlarge': [0.3822, 0.3822, 0.4105, 0.4348, 0.4422, 0.4798],
  'ec2:c6gn.medium': [0.02727, 0.02727, 0.0307, 0.03101, 0.03124, 0.03412],
  'ec2:c6gn.large': [0.05453, 0.05453, 0.0614, 0.06201, 0.06247, 0.06825],
  'ec2:c6gn.xlarge': [0.10906, 0.10906, 0.12279, 0.12403, 0.12495, 0.13649],
  'ec2:c6gn.2xlarge': [0.21813, 0.21813, 0.24558, 0.24805, 0.2499, 0.27299],
  'ec2:m7g.medium': [0.027, 0.027, 0.0301, 0.0323, 0.0337, 0.0349],
  'ec2:m7g.large': [0.054, 0.054, 0.0602, 0.0647, 0.0675, 0.0698],
  'ec2:m7g.xlarge': [0.108, 0.108, 0.1203, 0.1293, 0.1349, 0.1397],
  'ec2:m7g.2xlarge': [0.2159, 0.2159, 0.2407, 0.2587, 0.2699, 0.2793],
  'ec2:m7g.4xlarge': [0.4318, 0.4318, 0.4813, 0.5173, 0.5398, 0.5587],
  'ec2:m7gd.medium': [0.0336, 0.0336, 0.0375, 0.0405, 0.042, 0.0435],
  'ec2:m7gd.large': [0.0673, 0.0673, 0.075, 0.081, 0.0839, 0.0869],
  'ec2:m7gd.xlarge': [0.1345, 0.1345, 0.15, 0.1619, 0.1679, 0.1738],
  'ec2:m7gd.2xlarge': [0.2691, 0.2691, 0.3001, 0.3239, 0.3358, 0.3477],
  'ec2:r7g.medium': [0.0354, 0.0354, 0.0396, 0.0427, 0.0427, 0.0427],
  'ec2:r7g.large': [0.0708, 0.0708, 0.0793, 0.0855, 0.0855, 0.0855],
  'ec2:r7g.xlarge': [0.1417, 0.1417, 0.1586, 0.1709, 0.1709, 0.1709],
  'ec2:r7g.2xlarge': [0.2834, 0.2834, 0.3171, 0.3419, 0.3419, 0.3419],
  'ec2:r7g.4xlarge': [0.5668, 0.5668, 0.6342, 0.6837, 0.6837, 0.6837],
  'ec2:m7i.large': [0.06668, 0.06668, 0.07432, 0.07988, 0.08335, 0.08627],
  'ec2:m7i.xlarge': [0.13336, 0.13336, 0.14864, 0.15975, 0.1667, 0.17254],
  'ec2:m7i.2xlarge': [0.26672, 0.26672, 0.29728, 0.3195, 0.3334, 0.34508],
  'ec2:m7i.4xlarge': [0.53343, 0.53343, 0.59456, 0.63901, 0.66679, 0.69017],
  'ec2:t3.micro': [0.0065, 0.0065, 0.0072, 0.0076, 0.0083, 0.0086],
  'ec2:t3.small': [0.013, 0.013, 0.0144, 0.0151, 0.0166, 0.0171],
  'ec2:t3.medium': [0.0261, 0.0261, 0.0287, 0.0302, 0.0332, 0.0343],
  'ec2:t3.large': [0.0522, 0.0522, 0.0575, 0.0605, 0.0664, 0.0685],
  'ec2:t3.xlarge': [0.1043, 0.1043, 0.1149, 0.121, 0.1328, 0.1371],
  'ec2:t3.2xlarge': [0.2086, 0.2086, 0.2298, 0.2419, 0.2656, 0.2742],
  'ec2:t4g.micro': [0.0053, 0.0053, 0.0058, 0.006, 0.0067, 0.0068],
  'ec2:t4g.small': [0.0105, 0.0105, 0.0116, 0.0121, 0.0134, 0.0136],
  'ec2:t4g.medium': [0.0211, 0.0211, 0.0232, 0.0242, 0.0267, 0.0272],
  'ec2:t4g.large': [0.0421, 0.0421, 0.0464, 0.0484, 0.0534, 0.0544],
  'ec2:t4g.xlarge': [0.0843, 0.0843, 0.0929, 0.0967, 0.1068, 0.1088],
  'ec2:t4g.2xlarge': [0.1686, 0.1686, 0.1857, 0.1934, 0.2136, 0.2176],
  'ec2:m5.large': [0.06, 0.06, 0.067, 0.072, 0.076, 0.078],
  'ec2:m5.xlarge': [0.121, 0.121, 0.135, 0.145, 0.151, 0.156],
  'ec2:m5.2xlarge': [0.242, 0.242, 0.27, 0.29, 0.302, 0.312],
  'ec2:c5.large': [0.054, 0.054, 0.06, 0.061, 0.062, 0.067],
  'ec2:c5.xlarge': [0.107, 0.107, 0.121, 0.122, 0.123, 0.135],
  'ec2:r5.large': [0.079, 0.079, 0.089, 0.096, 0.096, 0.096],
  'ec2:r5.xlarge': [0.159, 0.159, 0.178, 0.192, 0.192, 0.192],
  'rds:postgres:db.m7g.large': [0.1297, 0.1297, 0.1434, 0.1542, 0.1803, 0.1803],
  'rds:postgres:db.m7g.xlarge': [0.2595, 0.2595, 0.2868, 0.3084, 0.3607, 0.3607],
  'rds:postgres:db.m7g.2xlarge': [0.519, 0.519, 0.5736, 0.6169, 0.7213, 0.7213],
  'elasticache:redis:cache.m7g.large': [0.107, 0.107, 0.118, 0.128, 0.134, 0.137],
  'elasticache:redis:cache.t4g.medium': [0.044, 0.044, 0.046, 0.049, 0.065, 0.067],
  'elasticache:redis:cache.m6g.xlarge': [0.203, 0.203, 0.224, 0.242, 0.252, 0.261],
  'elasticache:redis:cache.m7g.xlarge': [0.214, 0.214, 0.236, 0.255, 0.267, 0.275],
  'elasticache:redis:cache.m6g.large': [0.102, 0.102, 0.112, 0.121, 0.126, 0.131],
  'elasticache:redis:cache.t4g.micro': [0.011, 0.011, 0.012, 0.012, 0.016, 0.017],
  'elasticache:redis:cache.t4g.small': [0.022, 0.022, 0.023, 0.025, 0.033, 0.033],
  'elasticache:redis:cache.m7g.2xlarge': [0.428, 0.428, 0.471, 0.509, 0.532, 0.551],
  'elasticache:redis:cache.r7g.xlarge': [0.297, 0.297, 0.331, 0.357, 0.357, 0.356],
  'elasticache:redis:cache.r7g.2xlarge': [0.594, 0.594, 0.662, 0.714, 0.713, 0.712],
  'elasticache:redis:cache.r6g.xlarge': [0.281, 0.281, 0.313, 0.338, 0.336, 0.336],
  'elasticache:redis:cache.r7g.large': [0.149, 0.149, 0.165, 0.179, 0.179, 0.179],
  'elasticache:redis:cache.r6g.large': [0.141, 0.141, 0.157, 0.169, 0.168, 0.168],
  'opensearch:r7g.medium.search': [0.061, 0.061, 0.068, 0.074, 0.074, 0.074],
  'opensearch:r7g.large.search': [0.123, 0.123, 0.137, 0.148, 0.148, 0.148],
  'opensearch:r7g.xlarge.search': [0.246, 0.246, 0.275, 0.296, 0.296, 0.296],
  'opensearch:r7g.2xlarge.search': [0.491, 0.491, 0.549, 0.592, 0.592, 0.592],
  'opensearch:m7g.medium.search': [0.047, 0.047, 0.052, 0.056, 0.059, 0.06],
  'opensearch:m7g.large.search': [0.093, 0.093, 0.104, 0.112, 0.117, 0.121],
  'opensearch:m7g.xlarge.search': [0.187, 0.187, 0.208, 0.224, 0.234, 0.242],
  'opensearch:m7g.2xlarge.search': [0.374, 0.374, 0.417, 0.448, 0.467, 0.483],
  'opensearch:r6g.large.search': [0.115, 0.115, 0.129, 0.139, 0.139, 0.139],
  'opensearch:r6g.xlarge.search': [0.231, 0.231, 0.258, 0.279, 0.279, 0.279],
  'opensearch:m6g.large.search': [0.088, 0.088, 0.099, 0.106, 0.11, 0.113],
  'opensearch:m6g.xlarge.search': [0.177, 0.177, 0.197, 0.21, 0.22, 0.227],
  'opensearch:c7g.large.search': [0.083, 0.083, 0.089, 0.095, 0.095, 0.104],
  'opensearch:c7g.xlarge.search': [0.166, 0.166, 0.177, 0.189, 0.191, 0.208],
  'opensearch:t3.medium.search': [0.06, 0.06, 0.064, 0.069, 0.092, 0.092],
};

/** What the reserved prices were read from, printed with a region's table. */
export const RESERVED_SOURCE = 'Reserved (1 year, No Upfront): EC2 standard Reserved Instances, RDS for PostgreSQL reserved ' +
  'DB instances and ElastiCache reserved nodes (Redis OSS) from the AWS Price List copy in yeo/ec2.shop (commit 74c9fd8a, ' +
  'data of 2024-10 to 2025-04), OpenSearch reserved instances from iann0036/aws-price-watcher (commit d65c44f0, data of ' +
  '2025-05-24), read 2026-11-27; their on-demand figures equal the on-demand tables\'. No reserved price for Aurora ' +
  '(none found), Valkey nodes (none listed) or Amazon MQ (no reserved pricing)';

/** What each family of reserved prices is charged per and where it was read, by its key prefix (see familyOf). */
const BASES: Readonly<Record<string, PriceBasis>> = {
  'ec2:': { unit: 'hour', source: EC2 },
  'rds:postgres:': { unit: 'hour', source: RDS },
  'elasticache:redis:': { unit: 'hour', source: ELASTICACHE },
  'opensearch:': { unit: 'hour', source: OPENSEARCH },
};

/** The reserved prices of a region (empty for a region without a column). */
export function reservedFor(region: string): Record<string, PriceEntry> {
  return withBasis(column(RESERVED, REGIONS, region), BASES);
}
