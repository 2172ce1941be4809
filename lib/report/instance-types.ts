/**
 * vCPUs and memory of the instance, node and broker types the platform uses by default and their common
 * alternatives, as AWS documents them:
 *
 * - EC2: https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose),
 *   .../co.html (compute optimized), .../mo.html (memory optimized)
 * - RDS and Aurora: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 * - ElastiCache: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 *   (memory is the node's memory as ElastiCache lists it, not the instance's)
 * - OpenSearch Service: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/supported-instance-types.html
 * - Amazon MQ: https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rmq-broker-instance-types.html
 *
 * A type missing here is reported as unknown, never guessed from its name.
 */

/** The size of one instance, node or broker. */
export interface InstanceSpec {
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory, GiB. */
  readonly memoryGiB: number;
}

/** Sizes shared by the Graviton and Intel families: [size, vCPUs, GiB for a 2:1 (c), 4:1 (m) and 8:1 (r) family]. */
const SIZES: ReadonlyArray<[string, number]> = [
  ['medium', 1], ['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32],
  ['12xlarge', 48], ['16xlarge', 64],
];

/** GiB of memory per vCPU of each family letter: c 2, m 4, r 8. */
const MEMORY_PER_VCPU: Record<string, number> = { c: 2, m: 4, r: 8 };

/** Builds a family's sizes: every family here keeps the same memory-per-vCPU ratio across sizes. */
function family(prefix: string, name: string, suffix: string, sizes: string[]): Record<string, InstanceSpec> {
  const perVcpu = MEMORY_PER_VCPU[name[0]];
  const specs: Record<string, InstanceSpec> = {};
  for (const [size, vcpus] of SIZES) {
    if (sizes.includes(size)) {
      specs[`${prefix}${name}.${size}${suffix}`] = { vcpus, memoryGiB: vcpus * perVcpu };
    }
  }
  return specs;
}

const LARGE_UP = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const MEDIUM_UP = ['medium', ...LARGE_UP];

/** Burstable types (memory does not follow the family ratio). */
const BURSTABLE: Record<string, InstanceSpec> = {
  't3.micro': { vcpus: 2, memoryGiB: 1 },
  't3.small': { vcpus: 2, memoryGiB: 2 },
  't3.medium': { vcpus: 2, memoryGiB: 4 },
  't3.large': { vcpus: 2, memoryGiB: 8 },
  't3.xlarge': { vcpus: 4, memoryGiB: 16 },
  't3.2xlarge': { vcpus: 8, memoryGiB: 32 },
  't4g.micro': { vcpus: 2, memoryGiB: 1 },
  't4g.small': { vcpus: 2, memoryGiB: 2 },
  't4g.medium': { vcpus: 2, memoryGiB: 4 },
  't4g.large': { vcpus: 2, memoryGiB: 8 },
  't4g.xlarge': { vcpus: 4, memoryGiB: 16 },
  't4g.2xlarge': { vcpus: 8, memoryGiB: 32 },
  'db.t3.micro': { vcpus: 2, memoryGiB: 1 },
  'db.t3.small': { vcpus: 2, memoryGiB: 2 },
  'db.t3.medium': { vcpus: 2, memoryGiB: 4 },
  'db.t3.large': { vcpus: 2, memoryGiB: 8 },
  'db.t4g.micro': { vcpus: 2, memoryGiB: 1 },
  'db.t4g.small': { vcpus: 2, memoryGiB: 2 },
  'db.t4g.medium': { vcpus: 2, memoryGiB: 4 },
  'db.t4g.large': { vcpus: 2, memoryGiB: 8 },
  't3.small.search': { vcpus: 2, memoryGiB: 2 },
  't3.medium.search': { vcpus: 2, memoryGiB: 4 },
  'mq.t3.micro': { vcpus: 2, memoryGiB: 1 },
};

/** ElastiCache nodes: memory is what ElastiCache reports for the node. */
const CACHE_NODES: Record<string, InstanceSpec> = {
  'cache.t4g.micro': { vcpus: 2, memoryGiB: 0.5 },
  'cache.t4g.small': { vcpus: 2, memoryGiB: 1.37 },
  'cache.t4g.medium': { vcpus: 2, memoryGiB: 3.09 },
  'cache.t3.micro': { vcpus: 2, memoryGiB: 0.5 },
  'cache.t3.small': { vcpus: 2, memoryGiB: 1.37 },
  'cache.t3.medium': { vcpus: 2, memoryGiB: 3.09 },
  'cache.m6g.large': { vcpus: 2, memoryGiB: 6.38 },
  'cache.m6g.xlarge': { vcpus: 4, memoryGiB: 12.93 },
  'cache.m6g.2xlarge': { vcpus: 8, memoryGiB: 26.04 },
  'cache.m6g.4xlarge': { vcpus: 16, memoryGiB: 52.26 },
  'cache.m7g.large': { vcpus: 2, memoryGiB: 6.38 },
  'cache.m7g.xlarge': { vcpus: 4, memoryGiB: 12.93 },
  'cache.m7g.2xlarge': { vcpus: 8, memoryGiB: 26.04 },
  'cache.m7g.4xlarge': { vcpus: 16, memoryGiB: 52.26 },
  'cache.r6g.large': { vcpus: 2, memoryGiB: 13.07 },
  'cache.r6g.xlarge': { vcpus: 4, memoryGiB: 26.32 },
  'cache.r6g.2xlarge': { vcpus: 8, memoryGiB: 52.82 },
  'cache.r6g.4xlarge': { vcpus: 16, memoryGiB: 105.81 },
  'cache.r7g.large': { vcpus: 2, memoryGiB: 13.07 },
  'cache.r7g.xlarge': { vcpus: 4, memoryGiB: 26.32 },
  'cache.r7g.2xlarge': { vcpus: 8, memoryGiB: 52.82 },
  'cache.r7g.4xlarge': { vcpus: 16, memoryGiB: 105.81 },
};

/** Amazon MQ brokers (RabbitMQ and ActiveMQ use the same host types). */
const BROKERS: Record<string, InstanceSpec> = {
  'mq.m5.large': { vcpus: 2, memoryGiB: 8 },
  'mq.m5.xlarge': { vcpus: 4, memoryGiB: 16 },
  'mq.m5.2xlarge': { vcpus: 8, memoryGiB: 32 },
  'mq.m5.4xlarge': { vcpus: 16, memoryGiB: 64 },
  'mq.m7g.large': { vcpus: 2, memoryGiB: 8 },
  'mq.m7g.xlarge': { vcpus: 4, memoryGiB: 16 },
  'mq.m7g.2xlarge': { vcpus: 8, memoryGiB: 32 },
  'mq.m7g.4xlarge': { vcpus: 16, memoryGiB: 64 },
};

/** Every known type, by the name the template spells. */
export const INSTANCE_SPECS: Readonly<Record<string, InstanceSpec>> = {
  // EC2 (app servers, workers)
  ...family('', 'c7g', '', MEDIUM_UP),
  ...family('', 'm7g', '', MEDIUM_UP),
  ...family('', 'r7g', '', MEDIUM_UP),
  ...family('', 'c6g', '', MEDIUM_UP),
  ...family('', 'c6gn', '', MEDIUM_UP),
  ...family('', 'c7gd', '', MEDIUM_UP),
  ...family('', 'c7gn', '', MEDIUM_UP),
  ...family('', 'm7gd', '', MEDIUM_UP),
  ...family('', 'm6g', '', MEDIUM_UP),
  ...family('', 'r6g', '', MEDIUM_UP),
  ...family('', 'c8g', '', MEDIUM_UP),
  ...family('', 'm8g', '', MEDIUM_UP),
  ...family('', 'r8g', '', MEDIUM_UP),
  ...family('', 'c7i', '', LARGE_UP),
  ...family('', 'm7i', '', LARGE_UP),
  ...family('', 'r7i', '', LARGE_UP),
  ...family('', 'c6i', '', LARGE_UP),
  ...family('', 'm6i', '', LARGE_UP),
  ...family('', 'r6i', '', LARGE_UP),
  ...family('', 'c5', '', LARGE_UP.filter((size) => !['8xlarge', '16xlarge'].includes(size))),
  ...family('', 'm5', '', LARGE_UP),
  ...family('', 'r5', '', LARGE_UP),
  // RDS and Aurora
  ...family('db.', 'm7g', '', LARGE_UP),
  ...family('db.', 'r7g', '', LARGE_UP),
  ...family('db.', 'm6g', '', LARGE_UP),
  ...family('db.', 'r6g', '', LARGE_UP),
  ...family('db.', 'm6i', '', LARGE_UP),
  ...family('db.', 'r6i', '', LARGE_UP),
  ...family('db.', 'm7i', '', LARGE_UP),
  ...family('db.', 'r7i', '', LARGE_UP),
  ...family('db.', 'm8g', '', LARGE_UP),
  ...family('db.', 'r8g', '', LARGE_UP),
  ...family('db.', 'm5', '', LARGE_UP),
  ...family('db.', 'r5', '', LARGE_UP),
  // OpenSearch Service
  ...family('', 'r7g', '.search', MEDIUM_UP),
  ...family('', 'm7g', '.search', MEDIUM_UP),
  ...family('', 'c7g', '.search', LARGE_UP),
  ...family('', 'r6g', '.search', LARGE_UP),
  ...family('', 'm6g', '.search', LARGE_UP),
  ...family('', 'c6g', '.search', LARGE_UP),
  ...family('', 'r8g', '.search', MEDIUM_UP),
  ...family('', 'm8g', '.search', MEDIUM_UP),
  ...family('', 'r5', '.search', LARGE_UP.filter((size) => size !== '16xlarge')),
  ...family('', 'm5', '.search', LARGE_UP.filter((size) => size !== '16xlarge')),
  ...BURSTABLE,
  ...CACHE_NODES,
  ...BROKERS,
};

/** The size of a type, or undefined when the type is missing or not a literal (a parameter, a token). */
export function instanceSpec(type: string | undefined): InstanceSpec | undefined {
  return type === undefined ? undefined : INSTANCE_SPECS[type];
}
