/**
 * Recovery time and data loss per failure scenario, computed from a template's own settings and AWS's
 * documented failover behaviour. A pure function of the template: the report prints it, and the platform
 * construct can compare the same figures with its recovery targets at synth time.
 *
 * Figures AWS documents are cited next to their constant. Where AWS documents no figure, the constant is a
 * planning assumption and its basis says so; measure it with a game day (RDS reboot with failover,
 * ElastiCache TestFailover, AWS Fault Injection Service) before relying on it.
 */
import { DEFAULT_RECOVERY_TARGETS, RecoveryScenario, RecoveryTargets, worstOf } from './recovery-basics';
import { brokerRecovery, cacheRecovery, databaseRecovery, searchRecovery } from './recovery-tiers';
import { appServerScenario, zoneScenarios } from './recovery-zones';
import { CfnResource, CfnTemplate, isObject, PlatformModel, readPlatform } from './template-model';
import { REMEDIES, scenarioTarget } from '../resilience/remedies';

export * from './recovery-basics';

export interface RecoveryReport {
  readonly targets: RecoveryTargets;
  readonly scenarios: RecoveryScenario[];
}

/** A template, its Resources section, or a model already read with {@link readPlatform}. */
export type RecoveryInput = CfnTemplate | PlatformModel | Record<string, CfnResource>;

/**
 * Computes expected recovery time and data loss for each failure scenario of the reference architecture, from a
 * template's settings, and compares them with the targets (the reference architecture's by default).
 */
export function computeRecovery(input: RecoveryInput, targets: Partial<RecoveryTargets> = {}): RecoveryReport {
  const model = toModel(input);
  const effective: RecoveryTargets = { ...DEFAULT_RECOVERY_TARGETS, ...definedOnly(targets) };
  const scenarios: RecoveryScenario[] = [
    ...zoneScenarios(model, effective.zoneFailureSeconds),
    appServerScenario(model, effective.appServerSeconds),
    worstOf('database-primary', 'Database primary (writer) failure', effective.databaseSeconds,
      model.databases.map((db) => databaseRecovery(model, db)), 'no database in the template'),
    worstOf('cache-primary', 'Cache primary failure', effective.cacheSeconds,
      model.caches.map((cache) => cacheRecovery(cache)), 'no ElastiCache replication group in the template'),
    worstOf('search-node', 'Search node failure', effective.searchNodeSeconds,
      model.searchDomains.map((domain) => searchRecovery(model, domain)), 'no OpenSearch domain in the template'),
    worstOf('broker-node', 'Broker node failure', effective.brokerNodeSeconds,
      model.brokers.map((broker) => brokerRecovery(broker)), 'no Amazon MQ broker in the template'),
  ];
  return { targets: effective, scenarios: scenarios.map(withRemedy) };
}

/** Checks a targets object read from a file: known keys, positive numbers. Throws Error with a one-line message. */
export function checkRecoveryTargets(value: unknown, source = 'the targets'): Partial<RecoveryTargets> {
  if (!isObject(value)) {
    throw new Error(`${source} must be a JSON object such as {"databaseSeconds": 60}`);
  }
  const known = Object.keys(DEFAULT_RECOVERY_TARGETS);
  for (const [key, seconds] of Object.entries(value)) {
    if (!known.includes(key)) {
      throw new Error(`${source}: unknown target "${key}" (known: ${known.join(', ')})`);
    }
    // As `resilience.targets` on the platform: a target of 0 s could never be met.
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
      throw new Error(`${source}: "${key}" must be a number of seconds greater than 0, got ${JSON.stringify(seconds)}`);
    }
  }
  return value as Partial<RecoveryTargets>;
}

function toModel(input: RecoveryInput): PlatformModel {
  if ((input as PlatformModel).kind === 'PlatformModel') {
    return input as PlatformModel;
  }
  if (isObject((input as CfnTemplate).Resources)) {
    return readPlatform(input as CfnTemplate);
  }
  return readPlatform({ Resources: input as Record<string, CfnResource> });
}

/** A missed scenario names what meets it: the remedy of its cause (or of its kind of scenario). */
function withRemedy(scenario: RecoveryScenario): RecoveryScenario {
  if (scenario.status !== 'MISSES') {
    return scenario;
  }
  const cause = scenario.cause ?? scenarioTarget(scenario.id)?.fallback;
  return cause ? { ...scenario, remedy: REMEDIES[cause] } : scenario;
}

function definedOnly(targets: Partial<RecoveryTargets>): Partial<RecoveryTargets> {
  return Object.fromEntries(Object.entries(targets).filter(([, value]) => value !== undefined));
}

