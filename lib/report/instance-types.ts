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

/** A family whose sizes are listed with their own vCPUs and memory: `[size, vCPUs, GiB]`. */
type SizeTable = ReadonlyArray<[string, number, number]>;

/** Builds a family's sizes from a table of them. */
function sized(prefix: string, table: SizeTable): Record<string, InstanceSpec> {
  return Object.fromEntries(table.map(([size, vcpus, memoryGiB]) => [`${prefix}.${size}`, { vcpus, memoryGiB }]));
}

/** Burstable sizes (memory does not follow a family ratio), the same in t3 and t4g, on EC2, RDS and OpenSearch. */
const BURSTABLE: SizeTable = [
  ['micro', 2, 1], ['small', 2, 2], ['medium', 2, 4], ['large', 2, 8], ['xlarge', 4, 16], ['2xlarge', 8, 32],
];
const BURSTABLE_TO_LARGE = BURSTABLE.slice(0, 4);

/** ElastiCache nodes: memory is what ElastiCache reports for the node, the same across generations of a family. */
const CACHE_T: SizeTable = [['micro', 2, 0.5], ['small', 2, 1.37], ['medium', 2, 3.09]];
const CACHE_M: SizeTable = [['large', 2, 6.38], ['xlarge', 4, 12.93], ['2xlarge', 8, 26.04], ['4xlarge', 16, 52.26]];
const CACHE_R: SizeTable = [['large', 2, 13.07], ['xlarge', 4, 26.32], ['2xlarge', 8, 52.82], ['4xlarge', 16, 105.81]];

/** Amazon MQ brokers (RabbitMQ and ActiveMQ use the same host types): the m family's 4 GiB per vCPU. */
const BROKER_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge'];

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
  // Burstable
  ...sized('t3', BURSTABLE),
  ...sized('t4g', BURSTABLE),
  ...sized('db.t3', BURSTABLE_TO_LARGE),
  ...sized('db.t4g', BURSTABLE_TO_LARGE),
  't3.small.search': { vcpus: 2, memoryGiB: 2 },
  't3.medium.search': { vcpus: 2, memoryGiB: 4 },
  'mq.t3.micro': { vcpus: 2, memoryGiB: 1 },
  // ElastiCache
  ...sized('cache.t4g', CACHE_T),
  ...sized('cache.t3', CACHE_T),
  ...sized('cache.m6g', CACHE_M),
  ...sized('cache.m7g', CACHE_M),
  ...sized('cache.r6g', CACHE_R),
  ...sized('cache.r7g', CACHE_R),
  // Amazon MQ
  ...family('mq.', 'm5', '', BROKER_SIZES),
  ...family('mq.', 'm7g', '', BROKER_SIZES),
};

/** The size of a type, or undefined when the type is missing or not a literal (a parameter, a token). */
export function instanceSpec(type: string | undefined): InstanceSpec | undefined {
  return type === undefined ? undefined : INSTANCE_SPECS[type];
}
