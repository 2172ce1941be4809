import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Which 5xx responses an error rate counts. */
export enum ErrorRateSource {
  /** The app servers' and the load balancer's own. */
  ALL = 'ALL',
  /** The app servers' (`HTTPCode_Target_5XX_Count`). */
  APP_SERVERS = 'APP_SERVERS',
  /** The load balancer's own (`HTTPCode_ELB_5XX_Count`: no healthy target, timeouts). */
  LOAD_BALANCER = 'LOAD_BALANCER',
}

/**
 * The ids of the metrics an error rate's expression reads, unique within the alarm or graph that shows it. They are
 * listed in the order given.
 */
export interface ErrorRateMetricIds {
  /** Id of the app servers' 5xx count. */
  readonly target: string;
  /** Id of the load balancer's own 5xx count. */
  readonly elb: string;
  /** Id of the request count. */
  readonly requests: string;
}

/** Options of `AppTier.metricErrorRate`. */
export interface ErrorRateOptions extends cloudwatch.MathExpressionOptions {
  /**
   * Which 5xx responses to count.
   * @default ErrorRateSource.ALL
   */
  readonly source?: ErrorRateSource;

  /**
   * The ids of the metrics the expression reads: give your own when a graph shows the rates of both zones.
   * @default - `target5xx`, `elb5xx`, `requests`
   */
  readonly metricIds?: ErrorRateMetricIds;

  /**
   * Whether a 5xx count without a datapoint counts as 0 (`FILL(id, 0)`): Elastic Load Balancing publishes no 5xx
   * count for a minute without 5xx. Turn it off where a latest minute whose counts have not arrived yet must not read
   * as 0 %, as the gray-failure detector does: the rate then has no value where a count has none.
   * @default true
   */
  readonly fillMissingErrorCounts?: boolean;
}
