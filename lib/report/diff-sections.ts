/**
 * The sections of the pull-request diff that compare two reports: recovery per scenario, zone-loss survival, cost
 * and inventory. Each reads only the report fields it diffs, defensively where another section's model may grow.
 */
import { round2 } from './cost-ledger';
import {
  CostDiff, CostLineChange, InventoryChange, InventoryFigures, RecoveryChange, RecoveryFigures, ZoneLossChange,
} from './diff-model';
import { RecoveryScenario } from './recovery-basics';
import { PlatformReport } from './report';
import { ZoneLossStatus } from './zone-loss';

/** Every scenario of either side, matched by id, with what changed. */
export function diffRecovery(base: PlatformReport, head: PlatformReport): RecoveryChange[] {
  const before = new Map(base.recovery.scenarios.map((s) => [s.id, s]));
  const after = new Map(head.recovery.scenarios.map((s) => [s.id, s]));
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  return ids.map((id) => {
    const b = before.get(id);
    const a = after.get(id);
    const bf = b && figures(b);
    const af = a && figures(a);
    const changed = !bf || !af || bf.expectedSeconds !== af.expectedSeconds || bf.target !== af.target || bf.status !== af.status;
    return {
      id,
      title: (a ?? b)!.title,
      before: bf,
      after: af,
      changed,
      newlyMissed: af?.status === 'MISSES' && bf?.status !== 'MISSES',
      newlyMet: af?.status === 'MEETS' && bf?.status !== 'MEETS' && bf !== undefined,
    };
  });
}

function figures(scenario: RecoveryScenario): RecoveryFigures {
  return { expectedSeconds: scenario.expectedSeconds, target: scenario.target, status: scenario.status };
}

/** Tiers whose status when a zone is lost differs between the sides, or that are on one side only. */
export function diffZoneLoss(base: PlatformReport, head: PlatformReport): ZoneLossChange[] {
  type Row = { zoneId: string; zoneName: string; tier: string; status: ZoneLossStatus; detail: string };
  const rows = (report: PlatformReport): Map<string, Row> => new Map(report.zoneLoss.flatMap((zone) => zone.tiers.map((tier) => [
    `${zone.zoneId}\u0000${tier.tier}`,
    { zoneId: zone.zoneId, zoneName: zone.zoneName, tier: tier.tier, status: tier.status, detail: tier.detail },
  ] as [string, Row])));
  const before = rows(base);
  const after = rows(head);
  const zoneOrder = [...new Set([...head.zoneLoss, ...base.zoneLoss].map((zone) => zone.zoneId))];
  const keys = [...after.keys(), ...[...before.keys()].filter((key) => !after.has(key))]
    .sort((x, y) => zoneOrder.indexOf(x.split('\u0000')[0]) - zoneOrder.indexOf(y.split('\u0000')[0]));
  const changes: ZoneLossChange[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    if (b && a && b.status === a.status) {
      continue;
    }
    const row = (a ?? b)!;
    changes.push({
      zoneId: row.zoneId,
      zoneName: row.zoneName,
      tier: row.tier,
      before: b?.status,
      after: a?.status,
      detail: row.detail,
      newlyDown: a?.status === 'DOWN' && b?.status !== 'DOWN',
      newlyServes: a?.status === 'SERVES' && b?.status !== 'SERVES',
    });
  }
  return changes;
}

/**
 * The total before and after, and the lines that changed: matched by logical ID and item, then a resource's one
 * unmatched line on each side paired (its item names an instance type that changed). Reads only `totalMonthlyUsd`
 * and `lines` (logicalId, item, quantity, monthlyUsd, status), each checked: the cost model may grow.
 */
export function diffCost(base: PlatformReport, head: PlatformReport): CostDiff {
  const beforeUsd = totalOf(base);
  const afterUsd = totalOf(head);
  const deltaUsd = round2(afterUsd - beforeUsd);
  const lines: CostLineChange[] = [];
  for (const [b, a] of pairLines(linesOf(base), linesOf(head))) {
    const delta = round2((a?.monthlyUsd ?? 0) - (b?.monthlyUsd ?? 0));
    const itemChanged = !!a && !!b && a.item !== b.item;
    const quantityChanged = !!a && !!b && a.quantity !== b.quantity;
    const unpricedOnOneSide = !(a && b) && (a ?? b)!.unpriced;
    // A line that costs the same on both sides is noise, unless what or how many changed, or it cannot be priced.
    if (delta === 0 && !itemChanged && !quantityChanged && !unpricedOnOneSide) {
      continue;
    }
    lines.push({
      logicalId: (a ?? b)!.logicalId,
      item: itemChanged ? `${b!.item} → ${a!.item}` : (a ?? b)!.item,
      beforeUsd: b?.monthlyUsd,
      afterUsd: a?.monthlyUsd,
      beforeQuantity: b?.quantity,
      afterQuantity: a?.quantity,
      deltaUsd: delta,
    });
  }
  return {
    beforeUsd,
    afterUsd,
    deltaUsd,
    deltaPercent: beforeUsd > 0 ? round2((deltaUsd / beforeUsd) * 100) : undefined,
    lines,
  };
}

/** Lines of both sides in pairs [before, after]; either is undefined for a line on one side only. */
function pairLines(before: Map<string, Line>, after: Map<string, Line>): Array<[Line | undefined, Line | undefined]> {
  const pairs: Array<[Line | undefined, Line | undefined]> = [];
  const unmatchedBefore = [...before.entries()].filter(([key]) => !after.has(key)).map(([, line]) => line);
  for (const [key, a] of after) {
    const b = before.get(key);
    if (b) {
      pairs.push([b, a]);
      continue;
    }
    const sameResource = unmatchedBefore.filter((line) => line.logicalId === a.logicalId);
    const sameResourceAfter = [...after.entries()].filter(([k, line]) => line.logicalId === a.logicalId && !before.has(k));
    if (sameResource.length === 1 && sameResourceAfter.length === 1) {
      pairs.push([sameResource[0], a]);
      unmatchedBefore.splice(unmatchedBefore.indexOf(sameResource[0]), 1);
    } else {
      pairs.push([undefined, a]);
    }
  }
  return [...pairs, ...unmatchedBefore.map((b): [Line, undefined] => [b, undefined])];
}

interface Line { logicalId: string; item: string; quantity?: number; monthlyUsd?: number; unpriced: boolean }

function totalOf(report: PlatformReport): number {
  const total: unknown = (report.cost as unknown as Record<string, unknown> | undefined)?.totalMonthlyUsd;
  return typeof total === 'number' && Number.isFinite(total) ? total : 0;
}

function linesOf(report: PlatformReport): Map<string, Line> {
  const raw: unknown = (report.cost as unknown as Record<string, unknown> | undefined)?.lines;
  const lines = new Map<string, Line>();
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (typeof entry?.logicalId !== 'string' || typeof entry?.item !== 'string') {
      continue;
    }
    const key = `${entry.logicalId}\u0000${entry.item}`;
    const previous = lines.get(key);
    const monthly = typeof entry.monthlyUsd === 'number' ? entry.monthlyUsd : undefined;
    const quantity = typeof entry.quantity === 'number' ? entry.quantity : undefined;
    lines.set(key, previous
      ? { ...previous, monthlyUsd: sum(previous.monthlyUsd, monthly), quantity: sum(previous.quantity, quantity) }
      : { logicalId: entry.logicalId, item: entry.item, monthlyUsd: monthly, quantity, unpriced: entry.status === 'NO_PRICE' });
  }
  return lines;
}

function sum(a?: number, b?: number): number | undefined {
  return a === undefined && b === undefined ? undefined : round2((a ?? 0) + (b ?? 0));
}

/** Zones whose servers, vCPUs, memory or storage changed, then the totals when they did. */
export function diffInventory(base: PlatformReport, head: PlatformReport): InventoryChange[] {
  const zero: InventoryFigures = { servers: 0, vcpus: 0, memoryGiB: 0, storageGiB: 0 };
  const zones = (report: PlatformReport) => new Map(report.inventory.zones.map((zone) => [zone.zone, zone]));
  const before = zones(base);
  const after = zones(head);
  const keys = [...after.keys(), ...[...before.keys()].filter((key) => !after.has(key))];
  const changes: InventoryChange[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    const change = { zone: key, zoneName: (a ?? b)!.zoneName, before: b ? pick(b) : zero, after: a ? pick(a) : zero };
    if (!same(change.before, change.after)) {
      changes.push(change);
    }
  }
  const totals = { zone: 'total', zoneName: 'Total', before: pick(base.inventory.totals), after: pick(head.inventory.totals) };
  return same(totals.before, totals.after) ? changes : [...changes, totals];
}

function pick(totals: InventoryFigures): InventoryFigures {
  return { servers: totals.servers, vcpus: totals.vcpus, memoryGiB: totals.memoryGiB, storageGiB: totals.storageGiB };
}

function same(a: InventoryFigures, b: InventoryFigures): boolean {
  return a.servers === b.servers && a.vcpus === b.vcpus && a.memoryGiB === b.memoryGiB && a.storageGiB === b.storageGiB;
}
