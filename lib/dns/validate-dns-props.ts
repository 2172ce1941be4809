import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { DnsOptions } from './global-dns';
import type { AutoEvacuationOptions, AutoEvacuationThresholds, ZoneTrafficMetrics } from './gray-failure-detector';
import { OUTLIER_ALARM_IDS, outlierIds } from './outlier-ids';
import { checkHttpPath, checkInteger, checkList, checkNumber, concreteDuration, fail, isToken } from '../private/validation';

/** Letters, digits and `. _ / : -`: a CloudWatch dimension value the evacuation commands need not quote. */
const PLATFORM_NAME = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,99}$/;

export function validateDnsOptions(options: DnsOptions): void {
  checkHostedZone('hostedZone', options.hostedZone);
  checkHttpPath('healthCheckPath', options.healthCheckPath);
  checkInteger('healthCheckFailureThreshold', options.healthCheckFailureThreshold, 1, 10);
  const interval = concreteDuration('healthCheckInterval', options.healthCheckInterval);
  if (interval && ![10, 30].includes(interval.toSeconds({ integral: false }))) {
    fail('healthCheckInterval', 'be 10 seconds (fast) or 30 seconds (standard), the intervals Route 53 offers', interval);
  }
  checkPlatformName('platformName', options.platformName);
  validateAutoEvacuationOptions('autoEvacuation', options.autoEvacuation);
  validateRecordName(options);
}

/**
 * A load balancer's listener takes only a certificate of its own region (ACM certificates are regional); a
 * certificate from another region fails at deploy, after the load balancers exist.
 */
export function checkCertificateRegion(certificate: acm.ICertificate | undefined, region: string): void {
  const arn = certificate?.certificateArn;
  if (arn === undefined || Token.isUnresolved(arn) || Token.isUnresolved(region)) {
    return;
  }
  const certificateRegion = arn.split(':')[3];
  if (certificateRegion && certificateRegion !== region) {
    fail('certificate', `be an ACM certificate of the stack's region (${region}): a load balancer's listener ` +
      'takes only certificates of its own region', arn);
  }
}

/** The hosted zone is required, and JavaScript callers can pass anything: the record name is read from it. */
function checkHostedZone(propPath: string, zone: unknown): void {
  const fields = zone as { zoneName?: unknown; hostedZoneId?: unknown } | null | undefined;
  if (typeof zone !== 'object' || typeof fields?.zoneName !== 'string' || typeof fields.hostedZoneId !== 'string') {
    fail(propPath, 'be a Route 53 hosted zone (for example `route53.HostedZone.fromHostedZoneAttributes`)', zone);
  }
}

/** The platform's name is the `Platform` dimension of the evacuation metric, typed by operators in a shell. */
export function checkPlatformName(propPath: string, name: string | undefined): void {
  if (name === undefined || isToken(name)) {
    return;
  }
  if (typeof name !== 'string' || !PLATFORM_NAME.test(name)) {
    fail(propPath, 'be 1 to 100 letters, digits and . _ / : - starting with a letter or digit (the `Platform` ' +
      'dimension of the zone evacuation metric, typed unquoted in the evacuation commands)', name);
  }
}

/** Checks the gray-failure detector's options; `path` is the options' prop path (empty for the detector's own props). */
export function validateAutoEvacuationOptions(path: string, options: AutoEvacuationOptions | undefined): void {
  if (options === undefined) {
    return;
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail(path, 'be an object of options', options);
  }
  validateAutoEvacuationThresholds(path, options);
}

export function validateAutoEvacuationThresholds(path: string, t: AutoEvacuationThresholds): void {
  const at = (name: string) => (path ? `${path}.${name}` : name);
  checkNumber(at('errorRateMargin'), t.errorRateMargin, { min: 0.1, max: 100 }, 'be between 0.1 and 100 percentage points');
  const outlier = 'an outlier is at least twice as bad as the other zone; a smaller factor would evacuate a zone ' +
    'over a difference both zones share';
  checkNumber(at('errorRateFactor'), t.errorRateFactor, { min: 2 }, `be at least 2 (${outlier})`);
  checkNumber(at('latencyFactor'), t.latencyFactor, { min: 2 }, `be at least 2 (${outlier})`);
  const floor = concreteDuration(at('minimumP99Latency'), t.minimumP99Latency);
  if (floor !== undefined) {
    const ms = floor.toMilliseconds({ integral: false });
    if (ms < 100 || ms > 60_000) {
      fail(at('minimumP99Latency'), 'be between 100 milliseconds and 1 minute (below 100 ms a p99 three times ' +
        'another zone\'s is still fast, not a gray failure)', floor);
    }
  }
  const requests = t.minimumRequestsPerMinute;
  if (requests !== undefined && !isToken(requests) && Number.isInteger(requests) && requests < 20) {
    fail(at('minimumRequestsPerMinute'), 'be at least 20 (with fewer requests one failed request is 5 % of a ' +
      'minute: noise, not an outlier)', requests);
  }
  checkInteger(at('minimumRequestsPerMinute'), requests, 20);
  checkInteger(at('minutes'), t.minutes, 3, 60);
}

/** What the gray-failure detector needs from the rest of the DNS tier: two zones that both carry traffic, and their metrics. */
export function checkAutoEvacuationInputs(activeActive: boolean, metrics: ZoneTrafficMetrics[] | undefined): void {
  if (!activeActive) {
    fail('autoEvacuation.enabled', 'go with `.routing` ACTIVE_ACTIVE: with FAILOVER routing zone 2 serves no ' +
      'traffic while zone 1 is healthy, so there is no other zone to compare zone 1 with', true);
  }
  validateZoneTrafficMetrics('zoneTrafficMetrics', metrics, 'when `autoEvacuation` is enabled');
}

/** The detector's inputs: one set of traffic metrics per zone. */
export function validateZoneTrafficMetrics(path: string, metrics: ZoneTrafficMetrics[] | undefined, needed: string): void {
  if (metrics === undefined) {
    fail(path, `list the traffic metrics of both zones (requests, 5xx rate, target response time) ${needed}`, undefined);
  }
  checkList(path, metrics);
  if (metrics.length !== 2) {
    fail(path, 'list the traffic metrics of exactly 2 zones (zone 1 first)', metrics.length);
  }
  metrics.forEach((zone, i) => {
    if (typeof zone !== 'object' || zone === null || !zone.requestCount || !zone.errorRate || !zone.targetResponseTime) {
      fail(`${path}[${i}]`, 'give requestCount, errorRate and targetResponseTime', zone);
    }
  });
  checkOutlierAlarmIds(path, metrics);
}

/** CloudWatch's limit on the metrics a metric math alarm reads. */
const MAX_ALARM_METRICS = 10;

/**
 * Each outlier alarm reads both zones' metrics under one set of ids: the detector's, and those each error rate's
 * metric math reads. These must be the zone's own (its request count aside, read once under `q1` or `q2`), and the
 * alarm reads at most 10 metrics.
 */
function checkOutlierAlarmIds(path: string, metrics: ZoneTrafficMetrics[]): void {
  const read = metrics.map((zone) => idsRead(zone.errorRate));
  read.forEach((zone, i) => {
    const reserved = OUTLIER_ALARM_IDS.filter((id) => id !== outlierIds(i + 1).requests);
    const clashes = zone.ids.filter((id) => reserved.includes(id));
    if (clashes.length > 0) {
      fail(`${path}[${i}].errorRate`, `read its metrics under ids the outlier alarms leave it: not ${reserved.map((id) => `\`${id}\``)
        .join(', ')}`, clashes);
    }
  });
  const shared = read[1].ids.filter((id) => read[0].ids.includes(id));
  if (shared.length > 0) {
    fail(`${path}[1].errorRate`, 'read its metrics under ids of its own: not those of zone 1\'s error rate (both are in each outlier alarm)', shared);
  }
  const own = [1, 2].flatMap((zone) => [outlierIds(zone).requests, outlierIds(zone).latency]);
  const alarmMetrics = new Set([...own, ...read.flatMap((zone, i) => (zone.ids.length > 0 ? zone.metricIds : [outlierIds(i + 1).errorRate]))]);
  if (alarmMetrics.size > MAX_ALARM_METRICS) {
    fail(path, `read at most ${MAX_ALARM_METRICS} metrics in each outlier alarm (CloudWatch's limit for metric math alarms): ` +
      'both zones\' request counts and response times, and the metrics their error rates read', alarmMetrics.size);
  }
}

/** The ids a metric math expression reads, nested expressions included, and those of them that are metrics. A metric reads none. */
function idsRead(metric: cloudwatch.IMetric): { ids: string[]; metricIds: string[] } {
  const ids: string[] = [];
  const metricIds: string[] = [];
  const visit = (using: Record<string, cloudwatch.IMetric>) => {
    for (const [id, used] of Object.entries(using)) {
      ids.push(id);
      const math = used.toMetricConfig().mathExpression;
      if (math) {
        visit(math.usingMetrics);
      } else {
        metricIds.push(id);
      }
    }
  };
  visit(metric.toMetricConfig().mathExpression?.usingMetrics ?? {});
  return { ids, metricIds };
}

function validateRecordName(options: DnsOptions): void {
  const name = options.recordName;
  const zoneName = options.hostedZone.zoneName;
  if (name === undefined || Token.isUnresolved(name)) {
    return;
  }
  const bare = name.replace(/\.$/, '').toLowerCase();
  if (!/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(bare) || bare.split('.').some((label) => label.length > 63)) {
    fail('recordName', 'be a DNS name (letters, digits, hyphens and dots; labels up to 63 characters)', name);
  }
  if (Token.isUnresolved(zoneName)) {
    return; // known at deploy only: nothing to compare the name with
  }
  const zone = zoneName.replace(/\.$/, '').toLowerCase();
  // A fully qualified name (a trailing dot, or ending in the zone's top-level domain) outside the zone
  // would otherwise be nested into the zone silently (app.other.com.example.com).
  const tld = zone.split('.').slice(-1)[0];
  const fullyQualifiedName = name.endsWith('.') || (bare.includes('.') && bare.endsWith(`.${tld}`));
  if (fullyQualifiedName && bare !== zone && !bare.endsWith(`.${zone}`)) {
    fail('recordName', `be inside the hosted zone's domain ${zone}`, name);
  }
}
