/**
 * EC2 on-demand prices (Linux, shared tenancy) of the instance types the platform's fleets use by default (c7g.large
 * workers, c7g.xlarge app servers) and c7g.medium, in the regions the report has a table for.
 *
 * Read on 2026-11-27 from the AWS Price List data as republished in skypilot-org/skypilot-catalog,
 * catalogs/v8/aws/vms.csv (commit 00148f2af3672e2229b4f7bf8157d5a3f36e3c35), column `Price` (the on-demand price; the
 * file lists it once per zone, identical across a region's zones). Verified: its us-east-1 rows equal the us-east-1
 * table's (0.0363, 0.0725, 0.145), which was checked against AWS's pages. Each figure below is the file's, for its
 * region: none is derived from another region's.
 */
import { hourly, PriceEntry } from './types';

/** The day the regional EC2 prices were read. */
export const REGIONAL_EC2_DATE = '2026-11-27';

/** Where they were read. */
export const REGIONAL_EC2_SOURCE = 'AWS Price List on-demand prices (Linux, shared tenancy), read 2026-11-27 from their copy in ' +
  'skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv (commit 00148f2a), matched against the us-east-1 table';

const EC2 = 'aws.amazon.com/ec2/pricing/on-demand (Linux, shared tenancy; AWS Price List)';

/** c7g prices per region: [medium, large, xlarge], USD per hour. */
const C7G: Record<string, [number, number, number]> = {
  'us-east-1': [0.0363, 0.0725, 0.145],
  'us-west-2': [0.0363, 0.0725, 0.145],
  'eu-west-1': [0.0388, 0.0775, 0.155],
  'eu-central-1': [0.0412, 0.0825, 0.1649],
  'ap-southeast-1': [0.0417, 0.0833, 0.1666],
  'ap-northeast-1': [0.0455, 0.091, 0.1819],
};

/** The regional EC2 prices of a region (empty for a region without a row). */
export function regionalEc2OnDemand(region: string): Record<string, PriceEntry> {
  const row = C7G[region];
  if (!row) {
    return {};
  }
  const [medium, large, xlarge] = row;
  return hourly('ec2:', EC2, { 'c7g.medium': medium, 'c7g.large': large, 'c7g.xlarge': xlarge });
}
