/**
 * The ceiling: what the month costs if every Auto Scaling group runs at its MaxSize and every Aurora reader scaler
 * (Application Auto Scaling on `rds:cluster:ReadReplicaCount`) at its MaxCapacity, all month.
 */
import { CostLine, Ledger, round2 } from './cost-ledger';
import { monthlyUsd, PriceEntry } from './prices';
import { num, TemplateModel, propsOf, refsIn, str } from './template-model';

/** What one scaler adds at its maximum. */
export interface CeilingLine {
  /** The Auto Scaling group, or the ScalableTarget of an Aurora cluster's readers. */
  readonly logicalId: string;
  readonly item: string;
  /** Instances the estimate prices (the group's desired or minimum count; the cluster's readers). */
  readonly current: number;
  /** Instances at the maximum. */
  readonly maximum?: number;
  /** What the instances (and their volumes) beyond `current` add a month; undefined when not priced. */
  readonly extraMonthlyUsd?: number;
  readonly note?: string;
}

/** The scalers' lines: Auto Scaling groups first, then Aurora reader scalers. */
export function buildCeiling(model: TemplateModel, ledger: Ledger, lines: CostLine[]): CeilingLine[] {
  return [...groupCeilings(model, ledger, lines), ...readerCeilings(model, ledger)];
}

function groupCeilings(model: TemplateModel, ledger: Ledger, lines: CostLine[]): CeilingLine[] {
  return model.serverGroups.map((group): CeilingLine => {
    const current = group.count ?? 0;
    const item = `${group.instanceType ?? '?'} instances`;
    if (group.maxSize === undefined || group.count === undefined || group.instanceType === undefined) {
      return { logicalId: group.logicalId, item, current, note: 'MaxSize, the count or the instance type is not a literal: not in the ceiling' };
    }
    const extra = Math.max(0, group.maxSize - current);
    const instance = ledger.book.onDemand[`ec2:${group.instanceType}`];
    if (!instance) {
      return { logicalId: group.logicalId, item, current, maximum: group.maxSize, note: `no ${ledger.book.region} price in the table` };
    }
    const volumeLine = lines.find((line) => line.logicalId === group.logicalId && line.priceKey?.startsWith('ebs:'));
    const volumesPriced = group.volumeGiB === 0 || volumeLine?.unitUsd !== undefined;
    const volume = volumesPriced && volumeLine?.unitUsd !== undefined ? volumeLine.unitUsd * group.volumeGiB * extra : 0;
    return {
      logicalId: group.logicalId,
      item,
      current,
      maximum: group.maxSize,
      extraMonthlyUsd: round2(monthlyUsd(instance, extra) + volume),
      note: group.volumeGiB === 0 ? undefined : volumesPriced
        ? `with their ${group.volumeType ?? 'EBS'} volumes (${group.volumeGiB} GiB each)`
        : `their ${group.volumeType ?? 'EBS'} volumes have no ${ledger.book.region} price in the table: left out`,
    };
  });
}

/**
 * Aurora reader scalers. ReadReplicaCount counts every Aurora Replica of the cluster, the template's readers
 * included, so the maximum adds MaxCapacity minus those; Aurora Auto Scaling adds replicas of the writer's class.
 */
function readerCeilings(model: TemplateModel, ledger: Ledger): CeilingLine[] {
  const ceilings: CeilingLine[] = [];
  const scalers = Object.entries(model.template.Resources).filter(([, resource]) =>
    resource.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' && str(propsOf(resource).ScalableDimension) === 'rds:cluster:ReadReplicaCount');
  for (const [id, scaler] of scalers) {
    const p = propsOf(scaler);
    const cluster = model.databases.find((db) => db.kind === 'aurora-cluster' && refsIn(p.ResourceId).includes(db.logicalId));
    const readers = cluster?.nodes.filter((node) => node.role === 'reader').length ?? 0;
    const writerClass = cluster?.nodes.find((node) => node.role === 'writer')?.instanceClass;
    const item = `${writerClass ?? '?'} Aurora readers`;
    const maximum = num(p.MaxCapacity);
    if (!cluster || maximum === undefined || writerClass === undefined) {
      ceilings.push({ logicalId: id, item, current: readers, maximum, note: 'the cluster, its class or MaxCapacity is not a literal: not in the ceiling' });
      continue;
    }
    const price: PriceEntry | undefined = ledger.book.onDemand[`aurora:${cluster.engine ?? 'aurora-postgresql'}:${writerClass}`];
    ceilings.push(price
      ? {
        logicalId: id,
        item,
        current: readers,
        maximum,
        extraMonthlyUsd: round2(monthlyUsd(price, Math.max(0, maximum - readers))),
        note: 'replicas added by Aurora Auto Scaling take the writer\'s class; storage is the cluster\'s, shared',
      }
      : { logicalId: id, item, current: readers, maximum, note: `no ${ledger.book.region} price in the table` });
  }
  return ceilings;
}
