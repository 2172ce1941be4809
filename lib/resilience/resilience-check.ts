import { Aspects, CfnResource, Duration, IAspect, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { warn } from '../private/acknowledgements';
import { fail } from '../private/validation';
import { computeRecovery, RecoveryScenario, RecoveryTargets } from '../report/recovery';

/** Recovery targets, one per failure scenario of the seed. Each default is the seed's. */
export interface RecoveryTargetOptions {
  /**
   * Loss of a whole zone: until clients are served from the other zone.
   * @default Duration.minutes(2)
   */
  readonly zoneFailure?: Duration;
  /**
   * Loss of one app server: until the load balancer stops sending it requests (the seed: "instant").
   * @default Duration.seconds(30)
   */
  readonly appServerFailure?: Duration;
  /**
   * Loss of the database writer: until writes succeed again (the seed's component table: under 30 s).
   * @default Duration.seconds(30)
   */
  readonly databaseFailure?: Duration;
  /**
   * Loss of the cache primary: until writes succeed again.
   * @default Duration.seconds(30)
   */
  readonly cacheFailure?: Duration;
  /**
   * Loss of a search node: until every shard is served again (the seed: "minutes").
   * @default Duration.minutes(10)
   */
  readonly searchNodeFailure?: Duration;
  /**
   * Loss of a broker node: until publishing and consuming work again (the seed: "seconds").
   * @default Duration.minutes(1)
   */
  readonly brokerNodeFailure?: Duration;
}

/** Options of the synth-time recovery checks. */
export interface ResilienceOptions {
  /**
   * The recovery targets the configuration is checked against at synth time; each miss is a warning.
   * @default - the seed's targets
   */
  readonly targets?: RecoveryTargetOptions;
}

/** Target option -> the report's target key, and the settings that would meet a missed target. */
const SCENARIO_TARGETS: { [scenario: string]: { option: keyof RecoveryTargetOptions; key: keyof RecoveryTargets; remedy: string } } = {
  'zone-1-loss': {
    option: 'zoneFailure',
    key: 'zoneFailureSeconds',
    remedy: 'a faster DNS failover: `dns.healthCheckInterval` of 10 seconds and a lower `dns.healthCheckFailureThreshold`',
  },
  'zone-2-loss': {
    option: 'zoneFailure',
    key: 'zoneFailureSeconds',
    remedy: 'a faster DNS failover: `dns.healthCheckInterval` of 10 seconds and a lower `dns.healthCheckFailureThreshold`',
  },
  'app-server': {
    option: 'appServerFailure',
    key: 'appServerSeconds',
    remedy: 'a faster target group health check (interval and unhealthy threshold of each zone\'s target group)',
  },
  'database-primary': {
    option: 'databaseFailure',
    key: 'databaseSeconds',
    remedy: '`database.topology: DatabaseTopology.AURORA` (failover with a reader in the other zone typically under 30 s)',
  },
  'cache-primary': {
    option: 'cacheFailure',
    key: 'cacheSeconds',
    remedy: '`cache.replicasPerPrimary` of at least 1 with automatic failover (the default)',
  },
  'search-node': {
    option: 'searchNodeFailure',
    key: 'searchNodeSeconds',
    remedy: 'zone awareness with an even `search.dataNodes` and 3 dedicated masters (the defaults)',
  },
  'broker-node': {
    option: 'brokerNodeFailure',
    key: 'brokerNodeSeconds',
    remedy: 'the `CLUSTER_MULTI_AZ` deployment mode (the default)',
  },
};

/**
 * Compares the platform's recovery, computed from what will deploy (escape hatches included), with the
 * targets, at synth time, and warns once per missed target on the platform construct.
 * The figures are those of the platform report (`cdk-multi-az-ha-platform-report`).
 */
export function checkRecoveryAtSynth(platform: Construct, options: ResilienceOptions = {}): void {
  const targets = toSeconds(options.targets ?? {});
  let checked = false;
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (node !== platform || checked) {
        return;
      }
      checked = true;
      for (const scenario of computeRecovery(resourcesOf(platform), targets).scenarios) {
        if (scenario.status === 'MISSES') {
          warnMiss(platform, scenario);
        }
      }
    },
  };
  Aspects.of(platform).add(aspect);
}

function warnMiss(platform: Construct, scenario: RecoveryScenario): void {
  const target = SCENARIO_TARGETS[scenario.id];
  const expected = scenario.expectedSeconds === undefined ? 'no automatic recovery' : `about ${scenario.expectedSeconds} s`;
  const option = target ? `\`resilience.targets.${target.option}\`` : 'its target';
  warn(platform, `resilience.${scenario.id}`,
    `${scenario.title}: ${expected} (${scenario.basis}) misses ${option} of ${scenario.target} s. ` +
    (target ? `To meet it: ${target.remedy}; or relax the target.` : 'Relax the target or change the tier.'));
}

/** The platform's CloudFormation resources as they will deploy, by logical ID. */
function resourcesOf(platform: Construct): Record<string, any> {
  const stack = Stack.of(platform);
  const resources: Record<string, any> = {};
  for (const construct of platform.node.findAll()) {
    if (CfnResource.isCfnResource(construct)) {
      // _toCloudFormation renders the resource with its overrides (escape hatches), as synthesis does.
      const rendered = stack.resolve((construct as any)._toCloudFormation());
      Object.assign(resources, rendered.Resources);
    }
  }
  return resources;
}

function toSeconds(options: RecoveryTargetOptions): Partial<RecoveryTargets> {
  const targets: { [key: string]: number } = {};
  for (const { option, key } of Object.values(SCENARIO_TARGETS)) {
    const value = options[option];
    if (value === undefined) {
      continue;
    }
    if (value.isUnresolved()) {
      fail(`resilience.targets.${option}`, 'be a concrete duration', value);
    }
    const seconds = value.toSeconds({ integral: false });
    if (seconds <= 0) {
      fail(`resilience.targets.${option}`, 'be longer than 0 seconds', value);
    }
    targets[key] = seconds;
  }
  return targets as Partial<RecoveryTargets>;
}
