import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { StorageTier } from '../../storage/storage-tier';
import { graph, HALF } from '../dashboard-widgets';

// The storage row of the dashboard. No alarm: S3 storage metrics are daily, too late to alert on.

/** The storage row: the bucket's size and object count. */
export function storageWidgets(storage: StorageTier): cloudwatch.IWidget[] {
  return [
    graph('Storage: bucket size (Standard)', [storage.metricBucketSizeBytes({ label: 'Bytes' })], { width: HALF, leftLabel: 'Bytes' }),
    graph('Storage: objects', [storage.metricNumberOfObjects({ label: 'Objects (all versions)' })], { width: HALF, leftLabel: 'Objects' }),
  ];
}
