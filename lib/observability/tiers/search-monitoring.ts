import { Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { warn } from '../../private/acknowledgements';
import { isToken, propRef } from '../../private/validation';
import { SearchTier } from '../../search/search-tier';
import {
  AlarmFactory, checkFreeStorageBelow, HEALTH_WARNING, mebibytesOf, NOTIFY, PAGE, SEARCH_RED, SEARCH_STORAGE, SEARCH_YELLOW, Severity, showSize,
  SUSTAINED,
} from '../alarm-spec';
import { AlertThresholds } from '../alert-thresholds';
import { graph, MINUTE } from '../dashboard-widgets';

// The search cluster's alarms (AWS's recommended alarms for OpenSearch Service) and dashboard row.

/** 25 % of a data node's volume, as AWS recommends. */
const DEFAULT_FREE_STORAGE_SHARE = 0.25;

/** Cluster status red and yellow, free storage, JVM memory pressure and master reachability. */
export function searchAlarms(alarms: AlarmFactory, search: SearchTier, thresholds: AlertThresholds): void {
  alarms.addAlarm('SearchClusterRed', {
    metric: search.metricClusterStatusRed({ statistic: cloudwatch.Stats.MAXIMUM, period: SEARCH_RED.period }),
    threshold: 1,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    window: SEARCH_RED,
    // One late minute of the status is not a red cluster: a gap shows as INSUFFICIENT_DATA, not a page.
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    severity: Severity.CRITICAL,
    implements: 'Search health (cluster status red)',
    condition: 'At least one primary shard of the search cluster and all its replicas are unassigned: some data ' +
      'cannot be searched or written.',
    action: `${PAGE}: find the red indexes (GET _cluster/health?level=indices) and the missing data nodes; restore ` +
      'those indexes from a snapshot if the nodes do not return',
  });

  alarms.addAlarm('SearchClusterYellow', {
    metric: search.metricClusterStatusYellow({ statistic: cloudwatch.Stats.MAXIMUM, period: SEARCH_YELLOW.period }),
    threshold: 1,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    window: SEARCH_YELLOW,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    severity: Severity.WARNING,
    implements: 'Search health (cluster status yellow)',
    condition: 'At least one replica shard of the search cluster has been unassigned for 5 minutes (for example ' +
      'after losing a node or a zone): one more loss makes it red.',
    action: `${NOTIFY}: check the data nodes and shard allocation`,
  });

  freeStorageAlarm(alarms, search, thresholds);
  nodeHealthAlarms(alarms, search, thresholds);
}

function freeStorageAlarm(alarms: AlarmFactory, search: SearchTier, thresholds: AlertThresholds): void {
  const storage = thresholds.searchFreeStorage ?? defaultFreeStorage(search);
  if (storage === undefined) {
    warn(alarms.scope, 'observability.SearchVolumeUnknown',
      'The search data nodes\' volume size is not known at synth time: no SearchLowFreeStorage alarm ' +
      `(set ${propRef(alarms.scope, 'searchFreeStorageThreshold')}).`);
    return;
  }
  alarms.addAlarm('SearchLowFreeStorage', {
    // FreeStorageSpace is in MiB; its minimum is the data node with the least free space.
    metric: search.metricFreeStorageSpace({ statistic: cloudwatch.Stats.MINIMUM, period: SEARCH_STORAGE.period }),
    threshold: mebibytesOf(storage),
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
    window: SEARCH_STORAGE,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    severity: Severity.WARNING,
    implements: 'Search health (free storage)',
    condition: `A search data node is down to ${showSize(storage)} of free storage; OpenSearch blocks writes to its ` +
      'indexes near the flood-stage watermark (95 % used).',
    action: `${NOTIFY}: delete old indexes, or raise search.volumeSizeGiB`,
  });
}

/** JVM memory pressure of the data nodes, and whether the cluster has an elected master. */
function nodeHealthAlarms(alarms: AlarmFactory, search: SearchTier, thresholds: AlertThresholds): void {
  const jvm = thresholds.searchJvmPercent;
  alarms.addAlarm('SearchHighJvmMemoryPressure', {
    ...HEALTH_WARNING,
    metric: search.metricJvmMemoryPressure({ statistic: cloudwatch.Stats.MAXIMUM, period: SUSTAINED.period }),
    threshold: jvm,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    implements: 'Search health (JVM memory pressure)',
    condition: `A search data node's JVM memory pressure has been at or above ${jvm} % for 15 minutes: garbage ` +
      'collection cannot keep up, and OpenSearch starts rejecting requests near 92 %.',
    action: `${NOTIFY}: reduce shard count or heavy aggregations, or scale the data node type up`,
  });

  alarms.addAlarm('SearchMasterUnreachable', {
    ...HEALTH_WARNING,
    metric: search.metricMasterReachable({ statistic: cloudwatch.Stats.MAXIMUM, period: SUSTAINED.period }),
    threshold: 1,
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    implements: 'Search health (master reachable)',
    condition: 'The search cluster\'s health check has found no elected master for 15 minutes (an election takes ' +
      'seconds): the masters have lost their quorum, and the cluster cannot change state.',
    action: `${NOTIFY}: check the dedicated master nodes (AWS Support if they do not recover)`,
  });
}

/** A free storage threshold must stay below a data node's volume. */
export function validateSearchThresholds(search: SearchTier, thresholds: AlertThresholds): void {
  checkFreeStorageBelow('searchFreeStorageThreshold', thresholds.searchFreeStorage, volumeSizeGiB(search),
    'a search data node\'s volume');
}

/** 25 % of a data node's EBS volume, or undefined when the volume size is a Token. */
function defaultFreeStorage(search: SearchTier): Size | undefined {
  const volume = volumeSizeGiB(search);
  return volume === undefined ? undefined : Size.mebibytes(Math.round(volume * 1024 * DEFAULT_FREE_STORAGE_SHARE));
}

function volumeSizeGiB(search: SearchTier): number | undefined {
  return isToken(search.volumeSizeGiB) ? undefined : search.volumeSizeGiB;
}

/** The search cluster's row: status, free storage, JVM memory pressure and CPU. */
export function searchWidgets(search: SearchTier): cloudwatch.IWidget[] {
  return [
    graph('Search: cluster status', [
      search.metricClusterStatusRed({ period: MINUTE, label: 'Red (primary shard unassigned)' }),
      search.metricClusterStatusYellow({ period: MINUTE, label: 'Yellow (replica shard unassigned)' }),
      search.metricMasterReachable({ period: MINUTE, label: 'Master reachable' }),
    ], { max: 1 }),
    graph('Search: free storage (least free node)', [
      search.metricFreeStorageSpace({ period: MINUTE, label: 'Free storage (MiB)' }),
    ], { leftLabel: 'MiB' }),
    graph('Search: JVM memory pressure', [
      search.metricJvmMemoryPressure({ period: MINUTE, label: 'Data nodes (max)' }),
    ], { leftLabel: 'Percent', max: 100 }),
    graph('Search: CPU utilization', [
      search.metricCpuUtilization({ period: MINUTE, label: 'Data nodes (max)' }),
    ], { leftLabel: 'Percent', max: 100 }),
  ];
}
