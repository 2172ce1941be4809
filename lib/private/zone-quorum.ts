/**
 * How a search domain's masters spread over its zones, and whether a majority of them outlives the loss of any one
 * zone. The one rule the search tier's warning and the report's inventory, recovery notes and zone-loss section all
 * read, so they state the same split and the same verdict. Pure arithmetic: no construct, no template.
 */

/** `count` spread over `parts` as evenly as possible, the first parts taking the remainder (3 over 2: [2, 1]). */
export function spread(count: number, parts: number): number[] {
  const n = Math.max(1, parts);
  const base = Math.floor(count / n);
  return Array.from({ length: parts }, (_, i) => base + (i < count % n ? 1 : 0));
}

/**
 * What losing one zone does to the majority: `kept` whichever zone is lost; `depends` kept only when the lost zone
 * held the fewest (the service picks which zone holds more); `lost` whichever zone is lost.
 */
export type ZoneLossVerdict = 'kept' | 'depends' | 'lost';

/** A domain's masters over its zones. */
export interface MasterQuorum {
  /** The masters: the dedicated masters, or the data nodes when there are none (each is then master-eligible). */
  readonly members: number;
  /** Whether `members` are dedicated masters. */
  readonly dedicated: boolean;
  /** The number of zones. */
  readonly zoneCount: number;
  /** Members per zone, the most first: 3 over 2 zones is [2, 1], 5 over 2 is [3, 2], 5 over 3 is [2, 2, 1]. */
  readonly split: number[];
  /** The most members one zone holds. */
  readonly most: number;
  /** The fewest members one zone holds. */
  readonly fewest: number;
  /** Whether a majority of the members is left after losing any one zone. */
  readonly onZoneLoss: ZoneLossVerdict;
}

/**
 * A domain's masters over `zoneCount` zones: its `masterNodes` dedicated masters, or its `dataNodes` when it has
 * none. A majority is more than half of the members.
 */
export function masterQuorum(masterNodes: number, dataNodes: number, zoneCount: number): MasterQuorum {
  const dedicated = masterNodes > 0;
  const members = dedicated ? masterNodes : dataNodes;
  const split = spread(members, zoneCount);
  const most = Math.max(...split);
  const fewest = Math.min(...split);
  const keeps = (lost: number) => members - lost > members / 2;
  const onZoneLoss: ZoneLossVerdict = keeps(most) ? 'kept' : keeps(fewest) ? 'depends' : 'lost';
  return { members, dedicated, zoneCount, split, most, fewest, onZoneLoss };
}

/** The masters and their split: "the 5 dedicated masters sit 3 + 2 over 2 zones" (`over` replaces "over 2 zones"). */
export function masterSplitPhrase(quorum: MasterQuorum, over = `over ${quorum.zoneCount} zone${quorum.zoneCount === 1 ? '' : 's'}`): string {
  const who = quorum.dedicated
    ? `the ${quorum.members} dedicated masters`
    : `the ${quorum.members} data nodes (master-eligible: no dedicated masters)`;
  const split = quorum.split.every((count) => count === 1) ? 'one per zone' : quorum.split.join(' + ');
  return `${who} sit ${split} ${over}`;
}

/** What losing a zone does to them: "losing the zone that holds 3 loses the master quorum". */
export function masterLossPhrase(quorum: MasterQuorum): string {
  const left = quorum.members - quorum.most;
  if (quorum.onZoneLoss === 'kept') {
    return `losing any one zone leaves ${quorum.most === quorum.fewest ? '' : 'at least '}${left} of ${quorum.members}: ` +
      'the master quorum is kept';
  }
  const zone = quorum.onZoneLoss === 'depends' ? `the zone that holds ${quorum.most}` : 'any one zone';
  return quorum.dedicated
    ? `losing ${zone} loses the master quorum`
    : `losing ${zone} may leave no majority to elect a master`;
}
