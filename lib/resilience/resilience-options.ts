import { Duration } from 'aws-cdk-lib';

/**
 * Recovery targets, one per failure scenario of the reference architecture. Each default is the reference
 * architecture's.
 */
export interface RecoveryTargetOptions {
  /**
   * Loss of a whole zone: until clients are served from the other zone.
   * @default Duration.minutes(2)
   */
  readonly zoneFailure?: Duration;
  /**
   * Loss of one app server: until the load balancer stops sending it requests (the reference architecture: "instant").
   * @default Duration.seconds(30)
   */
  readonly appServerFailure?: Duration;
  /**
   * Loss of the database writer: until writes succeed again (the reference architecture's component table: under 30 s).
   * @default Duration.seconds(30)
   */
  readonly databaseFailure?: Duration;
  /**
   * Loss of the cache primary: until writes succeed again.
   * @default Duration.seconds(30)
   */
  readonly cacheFailure?: Duration;
  /**
   * Loss of a search node: until every shard is served again (the reference architecture: "minutes").
   * @default Duration.minutes(10)
   */
  readonly searchNodeFailure?: Duration;
  /**
   * Loss of a broker node: until publishing and consuming work again (the reference architecture: "seconds").
   * @default Duration.minutes(1)
   */
  readonly brokerNodeFailure?: Duration;
}

/** Options of the synth-time recovery checks. */
export interface ResilienceOptions {
  /**
   * The recovery targets the configuration is checked against at synth time; each miss is a warning.
   * @default - the reference architecture's targets
   */
  readonly targets?: RecoveryTargetOptions;
}
