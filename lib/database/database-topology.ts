
/** How the database tier keeps PostgreSQL available when a zone or an instance fails. */
export enum DatabaseTopology {
  /**
   * RDS for PostgreSQL: a Multi-AZ DB instance (synchronous standby in the other zone, failover typically
   * 60-120 s, which misses the 30 s database recovery target) plus a read replica in zone 2 for read traffic.
   */
  MULTI_AZ_INSTANCE = 'MULTI_AZ_INSTANCE',

  /**
   * The default. Aurora PostgreSQL: a writer in zone 1 and a reader in zone 2 that serves reads and is the
   * failover target (failover typically under 30 s), with more readers added and removed by Application Auto
   * Scaling on their average connections.
   */
  AURORA = 'AURORA',
}
