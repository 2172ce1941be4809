/** The DNS family of the tier model: Route 53 health checks, the records, the gray-failure detectors' windows. */
import { TierContext } from './context';
import { PlatformTiers } from './tiers';
import { DnsRecordModel, HealthCheckModel } from '../../report/model';

/** The global DNS's health checks and records, and the windows of its detectors' alarms, as the report reads them. */
export function dnsOfTiers(_ctx: TierContext, _tiers: PlatformTiers):
{ healthChecks: HealthCheckModel[]; dnsRecords: DnsRecordModel[]; detectorWindowSeconds: number[] } {
  return { healthChecks: [], dnsRecords: [], detectorWindowSeconds: [] };
}
