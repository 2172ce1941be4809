import { ResilienceCause } from './causes';
import { computeRecovery, RecoveryReport } from './recovery';
import { PlatformModel, UNPLACED, ZoneInfo, zonePhrase, ZoneRole } from './template-model';
import { brokerZoneLoss, searchZoneLoss } from './zone-loss-quorum';
import { egressZoneLoss, entryZoneLoss, serverZoneLoss } from './zone-loss-serving';
import { cacheZoneLoss, databaseZoneLoss } from './zone-loss-stores';
import { REMEDIES, ZONE_LOSS_FALLBACK } from '../resilience/remedies';

/**
 * What a tier still has when a zone is lost:
 * - SERVES: it keeps serving from the other zone(s), after its automatic failover if any;
 * - DEPENDS: whether it keeps serving (or keeps every message) depends on what the template does not say: where
 *   AWS placed its nodes, or what clients declare;
 * - DOWN: nothing of it serves until the zone comes back or someone acts.
 */
export type ZoneLossStatus = 'SERVES' | 'DEPENDS' | 'DOWN';

/** Stable slug of a zone-loss row's tier: part of the synth-time warning ids. */
export type ZoneLossTierKind = 'entry' | 'app-servers' | 'workers' | 'database' | 'cache' | 'search' | 'broker' | 'egress' | 'object-storage';

export interface ZoneLossTier {
  /** The row's title: 'App servers', 'Database <logical ID>', ... */
  readonly tier: string;
  readonly kind: ZoneLossTierKind;
  readonly status: ZoneLossStatus;
  readonly detail: string;
  /** Why it does not simply serve: the key of the remedy the synth-time check names. */
  readonly cause?: ResilienceCause;
  /** Seconds until it serves again from the other zones (0: unaffected); undefined when nothing restores it or it is unknown. */
  readonly recoverySeconds?: number;
  /** The recovery target of the tier, seconds (none for servers, egress and storage). */
  readonly targetSeconds?: number;
  /** recoverySeconds within targetSeconds; undefined when either is. */
  readonly meetsTarget?: boolean;
  /** What restores it, when it does not keep serving or misses its target (the platform setting). */
  readonly remedy?: string;
  /** Servers of the tier left running, and their vCPUs (server tiers only). */
  readonly remainingServers?: number;
  readonly remainingVcpus?: number;
}

export interface ZoneLossReport {
  readonly zone: string;
  readonly zoneName: string;
  /** 'zone-1', 'zone-2', 'quorum-zone'. */
  readonly zoneId: string;
  readonly role: ZoneRole;
  readonly tiers: ZoneLossTier[];
}

/** What the per-tier functions share about the lost zone. */
export interface LostZone {
  readonly model: PlatformModel;
  readonly zone: ZoneInfo;
  /** Its name as sentences spell it ("zone 1", "the quorum zone"). */
  readonly name: string;
  readonly recovery: RecoveryReport;
  /** True for a zone that is not the lost one and is known. */
  survives(zone: string): boolean;
}

/** For each zone of the template: what keeps serving in the other zone(s), tier by tier. */
export function buildZoneLoss(model: PlatformModel, recovery: RecoveryReport = computeRecovery(model)): ZoneLossReport[] {
  return model.zones.map((zone) => {
    const lost: LostZone = {
      model,
      zone,
      name: zonePhrase(model, zone.key),
      recovery,
      survives: (key: string) => key !== zone.key && key !== UNPLACED,
    };
    const rows: ZoneLossRow[] = [
      ...entryZoneLoss(lost),
      ...serverZoneLoss(lost, 'app'),
      ...serverZoneLoss(lost, 'workers'),
      ...model.databases.map((db) => databaseZoneLoss(lost, db)),
      ...model.caches.map((cache) => cacheZoneLoss(lost, cache)),
      ...model.searchDomains.map((domain) => searchZoneLoss(lost, domain)),
      ...model.brokers.map((broker) => brokerZoneLoss(lost, broker)),
      ...egressZoneLoss(lost),
    ];
    if (model.objectStorage) {
      rows.push({
        tier: 'Object storage (S3)',
        kind: 'object-storage',
        status: 'SERVES',
        recoverySeconds: 0,
        detail: 'S3 is regional: it stores objects across Availability Zones.',
      });
    }
    return { zone: zone.key, zoneName: zone.name, zoneId: zone.id, role: zone.role, tiers: rows.map(withVerdict) };
  });
}

/** A row as the per-tier functions build it: the verdict and the remedy are added here. */
export type ZoneLossRow = Omit<ZoneLossTier, 'meetsTarget' | 'remedy'>;

function withVerdict(row: ZoneLossRow): ZoneLossTier {
  const meetsTarget = row.recoverySeconds === undefined || row.targetSeconds === undefined
    ? undefined : row.recoverySeconds <= row.targetSeconds;
  const cause = row.cause ?? ZONE_LOSS_FALLBACK[row.kind];
  const remedy = (row.status !== 'SERVES' || meetsTarget === false) && cause ? REMEDIES[cause] : undefined;
  return { ...row, meetsTarget, remedy };
}
