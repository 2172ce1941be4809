/**
 * EC2 on-demand prices (Linux, shared tenancy) outside us-east-1: the types of the us-east-1 table, c6gn (the
 * fleets' second instance type) and m7gd, in the five other regions the report has a table for.
 *
 * Read on 2026-11-27 from the AWS Price List data behind the AWS pricing pages, as copied in
 * iann0036/aws-price-watcher, processed/ec2.json (commit d65c44f0, data of 2025-05-24). Checked on the same day:
 * - its us-east-1 figures equal the us-east-1 table's for all 36 types the table had (checked against AWS's pages);
 * - the on-demand column of the reserved-price copy in yeo/ec2.shop (data/ec2/<region>-reservedinstance-1y.json,
 *   commit 74c9fd8a, data of 2025-04-05) gives the same figure for every type in every region;
 * - c7g.medium, c7g.large and c7g.xlarge equal, in every region, the AWS Price List's as republished in
 *   skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv (commit 00148f2a, column `Price`), read 2026-11-27.
 * Each figure is the source's, for its region: none is derived from another region's.
 */
import { column, hourly, PriceEntry } from './types';

/** The day the regional EC2 prices were read. */
export const REGIONAL_EC2_DATE = '2026-11-27';

/** The regions of the tuples below, in order. */
export const OTHER_REGIONS = ['us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'] as const;

/** Where they were read. */
export const REGIONAL_EC2_SOURCE = 'EC2: AWS Price List on-demand prices (Linux, shared tenancy), read 2026-11-27 from their copy in ' +
  'iann0036/aws-price-watcher processed/ec2.json (commit d65c44f0, data of 2025-05-24), the same figures as the on-demand column of ' +
  'yeo/ec2.shop data/ec2 (commit 74c9fd8a) and, for c7g, as skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv (commit 00148f2a); ' +
  'its us-east-1 figures equal the us-east-1 table\'s';

const EC2 = 'aws.amazon.com/ec2/pricing/on-demand (Linux, shared tenancy; AWS Price List, copy in iann0036/aws-price-watcher, data of 2025-05-24)';

/** USD per hour: [us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1]. */
const EC2_HOURLY: Record<string, [number, number, number, number, number]> = {
  'c7g.medium': [0.0363, 0.0388, 0.0412, 0.0417, 0.0455],
  'c7g.large': [0.0725, 0.0775, 0.0825, 0.0833, 0.091],
  'c7g.xlarge': [0.145, 0.155, 0.1649, 0.1666, 0.1819],
  'c7g.2xlarge': [0.29, 0.3101, 0.3298, 0.3332, 0.3638],
  'c7g.4xlarge': [0.58, 0.6202, 0.6596, 0.6664, 0.7277],
  'c6gn.medium': [0.0432, 0.0488, 0.0493, 0.0495, 0.0545],
  'c6gn.large': [0.0864, 0.0976, 0.0986, 0.099, 0.109],
  'c6gn.xlarge': [0.1728, 0.1952, 0.1972, 0.198, 0.218],
  'c6gn.2xlarge': [0.3456, 0.3904, 0.3944, 0.396, 0.436],
  'm7g.medium': [0.0408, 0.0455, 0.0489, 0.051, 0.0527],
  'm7g.large': [0.0816, 0.091, 0.0978, 0.102, 0.1054],
  'm7g.xlarge': [0.1632, 0.1819, 0.1955, 0.204, 0.2108],
  'm7g.2xlarge': [0.3264, 0.3638, 0.391, 0.408, 0.4216],
  'm7g.4xlarge': [0.6528, 0.7276, 0.7821, 0.816, 0.8432],
  'm7gd.medium': [0.0534, 0.0595, 0.0643, 0.0666, 0.069],
  'm7gd.large': [0.1068, 0.1191, 0.1285, 0.1332, 0.138],
  'm7gd.xlarge': [0.2136, 0.2381, 0.257, 0.2665, 0.2759],
  'm7gd.2xlarge': [0.4271, 0.4763, 0.5141, 0.533, 0.5519],
  'r7g.medium': [0.0536, 0.0599, 0.0646, 0.0646, 0.0646],
  'r7g.large': [0.1071, 0.1199, 0.1292, 0.1292, 0.1292],
  'r7g.xlarge': [0.2142, 0.2397, 0.2584, 0.2584, 0.2584],
  'r7g.2xlarge': [0.4284, 0.4794, 0.5168, 0.5168, 0.5168],
  'r7g.4xlarge': [0.8568, 0.9588, 1.0336, 1.0336, 1.0336],
  'm7i.large': [0.1008, 0.11235, 0.12075, 0.126, 0.1302],
  'm7i.xlarge': [0.2016, 0.2247, 0.2415, 0.252, 0.2604],
  'm7i.2xlarge': [0.4032, 0.4494, 0.483, 0.504, 0.5208],
  'm7i.4xlarge': [0.8064, 0.8988, 0.966, 1.008, 1.0416],
  't3.micro': [0.0104, 0.0114, 0.012, 0.0132, 0.0136],
  't3.small': [0.0208, 0.0228, 0.024, 0.0264, 0.0272],
  't3.medium': [0.0416, 0.0456, 0.048, 0.0528, 0.0544],
  't3.large': [0.0832, 0.0912, 0.096, 0.1056, 0.1088],
  't3.xlarge': [0.1664, 0.1824, 0.192, 0.2112, 0.2176],
  't3.2xlarge': [0.3328, 0.3648, 0.384, 0.4224, 0.4352],
  't4g.micro': [0.0084, 0.0092, 0.0096, 0.0106, 0.0108],
  't4g.small': [0.0168, 0.0184, 0.0192, 0.0212, 0.0216],
  't4g.medium': [0.0336, 0.0368, 0.0384, 0.0424, 0.0432],
  't4g.large': [0.0672, 0.0736, 0.0768, 0.0848, 0.0864],
  't4g.xlarge': [0.1344, 0.1472, 0.1536, 0.1696, 0.1728],
  't4g.2xlarge': [0.2688, 0.2944, 0.3072, 0.3392, 0.3456],
  'm5.large': [0.096, 0.107, 0.115, 0.12, 0.124],
  'm5.xlarge': [0.192, 0.214, 0.23, 0.24, 0.248],
  'm5.2xlarge': [0.384, 0.428, 0.46, 0.48, 0.496],
  'c5.large': [0.085, 0.096, 0.097, 0.098, 0.107],
  'c5.xlarge': [0.17, 0.192, 0.194, 0.196, 0.214],
  'r5.large': [0.126, 0.141, 0.152, 0.152, 0.152],
  'r5.xlarge': [0.252, 0.282, 0.304, 0.304, 0.304],
};

/** The regional EC2 prices of a region (empty for a region without a column). */
export function regionalEc2OnDemand(region: string): Record<string, PriceEntry> {
  return hourly('ec2:', EC2, column(EC2_HOURLY, OTHER_REGIONS, region));
}
