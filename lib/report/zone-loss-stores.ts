/** Zone loss for the database and the cache: which node survives, and whether a promotion brings writes back. */
import { cacheRecovery, databaseRecovery } from './recovery-tiers';
import { CacheModel, DatabaseModel, DatabaseNodeModel, UNPLACED, zonePhrase } from './template-model';
import { LostZone, ZoneLossRow } from './zone-loss';

type Row = ZoneLossRow;

export function databaseZoneLoss(lost: LostZone, db: DatabaseModel): Row {
  const { model } = lost;
  const nodes = db.nodes;
  const left = nodes.filter((node) => lost.survives(node.zone));
  const roles = (some: DatabaseNodeModel[]) => some.map((node) => `${node.role.replace(/-/g, ' ')} ${node.logicalId} (${zonePhrase(model, node.zone)})`).join(', ');
  const recovery = databaseRecovery(model, db);
  const failover = recovery.expectedSeconds;
  const failoverText = failover === undefined ? 'no automatic failover' : `~${failover} s`;
  const row = { tier: `Database ${db.logicalId}`, kind: 'database' as const, targetSeconds: lost.recovery.targets.databaseSeconds };
  const inLost = nodes.some((node) => node.zone === lost.zone.key);
  if (!inLost && !nodes.some((node) => node.zone === UNPLACED)) {
    return { ...row, status: 'SERVES', recoverySeconds: 0, detail: `no instance in ${lost.name}: nothing changes.` };
  }
  if (db.kind === 'rds-instance' && nodes.some((node) => node.role === 'primary-or-standby')) {
    const replicas = nodes.filter((node) => node.role === 'replica');
    const replicaText = replicas.length === 0 ? '' : ` Read replica${replicas.length > 1 ? 's' : ''}: ${replicas.map((r) =>
      `${r.logicalId} ${lost.survives(r.zone) ? 'keeps serving reads' : r.zone === UNPLACED ? 'may be lost' : 'is lost (reads fall to the writer)'}`).join('; ')}.`;
    return {
      ...row,
      status: 'SERVES',
      recoverySeconds: failover,
      cause: recovery.cause,
      detail: `the primary or the standby is in each zone: if the primary was in ${lost.name}, RDS promotes the standby (${failoverText}).${replicaText}`,
    };
  }
  const writer = nodes.find((node) => node.role === 'primary' || node.role === 'writer');
  const promotable = left.some((node) => node.role === 'standby' || node.role === 'reader' || node.role === 'primary-or-standby');
  if (writer && lost.survives(writer.zone)) {
    const readersLost = nodes.filter((node) => node.zone === lost.zone.key);
    return {
      ...row,
      status: 'SERVES',
      recoverySeconds: 0,
      detail: `the writer ${writer.logicalId} is in ${zonePhrase(model, writer.zone)} and keeps serving` +
        (readersLost.length > 0 ? `; lost: ${roles(readersLost)}.` : '.'),
    };
  }
  if (writer?.zone === lost.zone.key && promotable && failover !== undefined) {
    return {
      ...row,
      status: 'SERVES',
      recoverySeconds: failover,
      cause: recovery.cause,
      detail: `the writer is lost; ${roles(left)} survive${left.length === 1 ? 's' : ''} and one is promoted (${failoverText}).`,
    };
  }
  if (nodes.some((node) => node.zone === UNPLACED)) {
    return {
      ...row,
      status: 'DEPENDS',
      cause: 'database-placement-unknown',
      detail: `the template does not place every instance (${roles(nodes)}); it serves if the writer or a promotable standby is outside ${lost.name}.`,
    };
  }
  return {
    ...row,
    status: 'DOWN',
    cause: 'database-no-standby-elsewhere',
    detail: `the writer is in ${lost.name} and nothing promotable is left${left.length > 0 ? ` (left: ${roles(left)})` : ''}.`,
  };
}

export function cacheZoneLoss(lost: LostZone, cache: CacheModel): Row {
  const left = cache.nodes.filter((node) => lost.survives(node.zone));
  const primaryLost = cache.nodes.some((node) => node.role === 'primary' && node.zone === lost.zone.key);
  const row = { tier: `Cache ${cache.logicalId}`, kind: 'cache' as const, targetSeconds: lost.recovery.targets.cacheSeconds };
  if (left.length === cache.nodes.length) {
    return { ...row, status: 'SERVES', recoverySeconds: 0, detail: `no node in ${lost.name}: nothing changes.` };
  }
  if (!primaryLost && left.some((node) => node.role === 'primary')) {
    return {
      ...row,
      status: 'SERVES',
      recoverySeconds: 0,
      detail: `the primary keeps serving; ${cache.nodes.length - left.length} replica(s) lost.`,
    };
  }
  const failover = cacheRecovery(cache).expectedSeconds;
  if (primaryLost && left.some((node) => node.role === 'replica') && cache.automaticFailover) {
    const where = [...new Set(left.map((n) => zonePhrase(lost.model, n.zone)))].join(', ');
    return {
      ...row,
      status: 'SERVES',
      recoverySeconds: failover,
      detail: `the primary is lost; a replica in ${where} is promoted (~${failover ?? '?'} s).`,
    };
  }
  if (cache.nodes.some((node) => node.zone === UNPLACED)) {
    return { ...row, status: 'DEPENDS', cause: 'cache-placement-unknown', detail: 'the template does not say where every node is.' };
  }
  return {
    ...row,
    status: 'DOWN',
    cause: 'cache-no-failover',
    detail: primaryLost && left.length > 0
      ? 'the primary is lost and automatic failover is off: a replica must be promoted by hand.'
      : `every node is in ${lost.name}.`,
  };
}
