import { Duration } from 'aws-cdk-lib';
import { checkDuration } from './validation';

/**
 * The p99 response time above which the app servers scale out, the platform alarms and traces count as slow: the
 * reference architecture's 500 ms. The app tier's default, and the standalone default of what follows it.
 */
export const DEFAULT_P99_LATENCY = Duration.millis(500);

/** Checks a p99 response-time threshold: from 10 ms (a load balancer's own latency) to 1 minute. Tokens are skipped. */
export function checkP99Latency(propPath: string, value: Duration | undefined): void {
  checkDuration(propPath, value, Duration.millis(10), Duration.minutes(1));
}
