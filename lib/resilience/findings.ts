import { scenarioTarget } from './remedies';
import { PlatformModel } from '../report/model';
import { computeRecovery, RecoveryScenario, RecoveryTargets } from '../report/recovery';
import { CfnResource, readPlatform } from '../report/template-model';
import { buildZoneLoss, ZoneLossReport, ZoneLossTier } from '../report/zone-loss';

/** One synth-time warning of the resilience check: a stable id (after `multi-az-ha-platform:`) and its message. */
export interface ResilienceFinding {
  /** `resilience.<scenario>` for a missed recovery target; `resilience.zone-loss.<tier>` for a tier the loss of a zone stops. */
  readonly id: string;
  readonly message: string;
}

/**
 * What the recovery of the platform in a template misses (the report's figures): each scenario that misses its target,
 * and each tier that does not keep serving after the loss of a zone (zone 1, zone 2, the quorum zone), with the
 * setting that restores it.
 */
export function resilienceFindings(resources: Record<string, CfnResource>, targets: Partial<RecoveryTargets> = {}): ResilienceFinding[] {
  return resilienceCheck(readPlatform({ Resources: resources }), targets).findings;
}

/** The findings of a platform's model, and the recovery scenarios they were computed from (the report's section 3). */
export function resilienceCheck(model: PlatformModel, targets: Partial<RecoveryTargets> = {}):
{ findings: ResilienceFinding[]; scenarios: RecoveryScenario[] } {
  const recovery = computeRecovery(model, targets);
  const misses = recovery.scenarios.filter((s) => s.status === 'MISSES').map(recoveryFinding);
  const zoneLoss = zoneLossFindings(buildZoneLoss(model, recovery));
  return { findings: [...misses, ...zoneLoss], scenarios: recovery.scenarios };
}

function recoveryFinding(scenario: RecoveryScenario): ResilienceFinding {
  const target = scenarioTarget(scenario.id);
  const expected = scenario.expectedSeconds === undefined ? 'no automatic recovery' : `about ${scenario.expectedSeconds} s`;
  const option = target ? `\`resilience.targets.${target.option}\`` : 'its target';
  return {
    id: `resilience.${scenario.id}`,
    message: `${scenario.title}: ${expected} (${scenario.basis}) misses ${option} of ${scenario.target} s. ` +
      (scenario.remedy ? `To meet it: ${scenario.remedy}; or relax the target.` : 'Relax the target or change the tier.'),
  };
}

/**
 * One finding per kind of tier that does not keep serving (SERVES) after the loss of some zone: the zones whose
 * loss it does not survive, and the setting that restores it. One cause (no quorum zone, RabbitMQ 3.13) is one
 * warning, however many zones and resources it affects.
 */
function zoneLossFindings(zones: ZoneLossReport[]): ResilienceFinding[] {
  const failing = zones.flatMap((zone) => zone.tiers.filter((tier) => tier.status !== 'SERVES').map((tier) => ({ zone, tier })));
  const kinds = [...new Set(failing.map(({ tier }) => tier.kind))];
  return kinds.map((kind) => {
    const rows = failing.filter(({ tier }) => tier.kind === kind);
    const lost = [...new Set(rows.map(({ zone }) => zone))];
    const remedy = [...new Set(rows.map(({ tier }) => tier.remedy).filter((r): r is string => r !== undefined))].join('; and ');
    const details = lost.map((zone) => `After the loss of ${zoneLabel(zone)}, ` +
      rows.filter((row) => row.zone === zone).map(({ tier }) => describe(tier)).join(' ')).join(' ');
    return {
      id: `resilience.zone-loss.${kind}`,
      // DEPENDS (where AWS places nodes, what clients declare) is a risk, not a certainty: the headline says so.
      message: `${rows[0].tier.tier} ${rows.some(({ tier }) => tier.status === 'DOWN') ? 'does' : 'may'} not survive the loss of ` +
        `${lost.map(zoneLabel).join(' or ')}. ${details}` +
        (remedy ? ` To keep it serving: ${remedy}.` : ''),
    };
  });
}

function zoneLabel(zone: ZoneLossReport): string {
  return `${zone.role === 'quorum' ? 'the ' : ''}${zone.zoneName} (${zone.zone})`;
}

function describe(tier: ZoneLossTier): string {
  const verdict = tier.status === 'DOWN' ? 'it stops serving' : 'it is not sure to keep serving (the template does not decide it)';
  return `${verdict}: ${tier.detail}`;
}
