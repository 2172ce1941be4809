// The ids under which each outlier alarm of the gray-failure detector reads a zone's metrics (`GrayFailureDetector`
// documents them): the detector, the check of its inputs and the platform's error-rate metric ids all read them here.

/** The ids of zone `zone`'s (1 or 2) request count, 5xx rate and p99 response time in the outlier alarms. */
export function outlierIds(zone: number): { readonly requests: string; readonly errorRate: string; readonly latency: string } {
  return { requests: `q${zone}`, errorRate: `r${zone}`, latency: `p${zone}` };
}

/** Every id the outlier alarms read under, both zones' of each metric: q1, q2, r1, r2, p1, p2. */
export const OUTLIER_ALARM_IDS: readonly string[] = (['requests', 'errorRate', 'latency'] as const)
  .flatMap((metric) => [1, 2].map((zone) => outlierIds(zone)[metric]));
