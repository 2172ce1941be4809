// When RabbitMQ on Amazon MQ makes quorum queues the default: one rule for the messaging tier and the report.

/**
 * The first RabbitMQ version on Amazon MQ whose default queue type is quorum ("RabbitMQ 4", Amazon MQ Developer
 * Guide: "The default queue type on Amazon MQ for RabbitMQ 4.2 brokers is quorum").
 */
const QUORUM_QUEUES_DEFAULT_FROM = [4, 2] as const;

/**
 * True from RabbitMQ 4.2 on (queues declared without `x-queue-type` are quorum queues), false before, undefined when
 * the version is not a literal major.minor (a Token). The messaging tier's `quorumQueuesByDefault`, and the report's.
 */
export function quorumQueuesByDefault(version: string | undefined): boolean | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) {
    return undefined;
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [fromMajor, fromMinor] = QUORUM_QUEUES_DEFAULT_FROM;
  return major > fromMajor || (major === fromMajor && minor >= fromMinor);
}
