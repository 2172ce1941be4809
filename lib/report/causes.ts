/**
 * Why a tier misses a recovery target or does not keep serving after a zone is lost, as the report reads it
 * from the template. Each cause has one remedy, named by the platform's synth-time check
 * (lib/resilience/remedies.ts); the report itself stays about the template.
 */
export type ResilienceCause =
  // Entry and servers
  /** No Route 53 health check (or target health) moves clients off a lost zone's record. */
  | 'dns-no-failover'
  /** Health check interval × failure threshold + TTL is longer than the target. */
  | 'dns-slow-failover'
  /** No load balancer keeps both a node and targets outside the lost zone. */
  | 'entry-in-one-zone'
  /** The target group's interval × unhealthy threshold is longer than the target. */
  | 'slow-target-group-health-check'
  /** Every server of the tier is in the lost zone. */
  | 'servers-in-one-zone'
  /** Private subnets of a surviving zone leave the VPC through a NAT gateway in the lost zone. */
  | 'single-nat-gateway'
  // Database
  /** RDS Multi-AZ DB instance: failover typically 60-120 s. */
  | 'database-multi-az-instance'
  /** RDS Single-AZ DB instance: no standby. */
  | 'database-single-az'
  /** Aurora without a reader: a new writer has to be created. */
  | 'database-no-reader'
  /** The writer is in the lost zone and nothing promotable is elsewhere. */
  | 'database-no-standby-elsewhere'
  /** The template does not say where every database instance is. */
  | 'database-placement-unknown'
  // Cache
  /** No replica, no automatic failover, or memcached: a lost primary is not replaced by a replica on its own. */
  | 'cache-no-failover'
  /** The template does not say where every cache node is. */
  | 'cache-placement-unknown'
  // Search
  /** Fewer than 3 master-eligible nodes: losing one loses the quorum. */
  | 'search-too-few-masters'
  /** One data node: no replica shard can exist. */
  | 'search-single-data-node'
  /** Dedicated masters over two zones (2 + 1): losing the zone with 2 loses the quorum. */
  | 'search-masters-two-zones'
  /** The masters lose their majority with the zone, wherever OpenSearch Service placed them. */
  | 'search-quorum-lost'
  /** Every data node is in the lost zone. */
  | 'search-data-in-one-zone'
  /** The template does not say which zones the domain's nodes are in. */
  | 'search-placement-unknown'
  // Broker
  /** RabbitMQ before 4.2: queues are classic unless clients declare them quorum. */
  | 'broker-classic-queues'
  /** One broker instance: nothing takes over. */
  | 'broker-single-instance';
