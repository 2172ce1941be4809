import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { resilienceCheck } from './findings';
import { writePlatformMetadata } from './platform-metadata';
import { TARGET_OPTIONS } from './remedies';
import { RecoveryTargetOptions, ResilienceOptions } from './resilience-options';
import { warn } from '../private/acknowledgements';
import { checkAtSynth } from '../private/at-synth';
import { concreteDuration, fail, validateProps } from '../private/validation';
import { RecoveryScenario, RecoveryTargets } from '../report/recovery';
import { CfnResource as CfnTemplateResource } from '../report/template-values';

/**
 * Compares the platform's recovery, computed from what will deploy (escape hatches included), with the
 * targets, at synth time. It warns once per missed target (`multi-az-ha-platform:resilience.<scenario>`), and
 * once per tier that does not keep serving after the loss of some zone (`multi-az-ha-platform:resilience.zone-loss.<tier>`,
 * naming the zones: zone 1, zone 2, the quorum zone), on the platform construct, each naming the setting that
 * restores it. The figures are those of the platform report
 * (`cdk-multi-az-ha-platform-report`), which reads the targets back from the template's metadata.
 */
export function checkRecoveryAtSynth(platform: Construct, options: ResilienceOptions = {},
  onScenarios?: (scenarios: RecoveryScenario[]) => void): void {
  const targets = validateProps(platform, () => toSeconds(options.targets ?? {}));
  writePlatformMetadata(platform, targets);
  checkAtSynth(platform, () => {
    const { findings, scenarios } = resilienceCheck(resourcesOf(platform), targets);
    for (const finding of findings) {
      warn(platform, finding.id, finding.message);
    }
    onScenarios?.(scenarios);
  });
}

/**
 * The platform's CloudFormation resources as they will deploy, by logical ID. Deliberately the rendered L1s, not the
 * tiers' readonly settings: the check predicts recovery from what will deploy, and _toCloudFormation renders a
 * resource with its overrides (escape hatches), as synthesis does. Each resource is rendered when the check first
 * reads more than its type: the model reads a few dozen of a platform's ~250 resources (servers, data stores,
 * subnets, DNS), and rendering all of them took a fifth of a platform's synth.
 */
function resourcesOf(platform: Construct): Record<string, CfnTemplateResource> {
  const stack = Stack.of(platform);
  const resources: Record<string, CfnTemplateResource> = {};
  for (const construct of platform.node.findAll()) {
    if (CfnResource.isCfnResource(construct) && (construct as any).shouldSynthesize()) {
      resources[stack.resolve(construct.logicalId)] = renderedOnRead(stack, construct);
    }
  }
  return resources;
}

/**
 * A resource whose `Type` is its L1's (unless an escape hatch overrides it), and whose other template keys are rendered
 * on the first read of one.
 */
function renderedOnRead(stack: Stack, construct: CfnResource): CfnTemplateResource {
  let rendered: Record<string, unknown> | undefined;
  const render = () => rendered ??= stack.resolve((construct as any)._toCloudFormation()).Resources[stack.resolve(construct.logicalId)];
  const typeOverridden = 'Type' in ((construct as any).rawOverrides ?? {});
  return new Proxy({ Type: construct.cfnResourceType }, {
    get: (target, key) => key === 'Type' && !typeOverridden ? target.Type : render()[key as string],
    has: (_target, key) => key in render(),
    ownKeys: () => Reflect.ownKeys(render()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(render(), key),
  });
}

function toSeconds(options: RecoveryTargetOptions): Partial<RecoveryTargets> {
  const targets: { [key: string]: number } = {};
  for (const { option, key } of TARGET_OPTIONS) {
    const given = options[option];
    const value = concreteDuration(`resilience.targets.${option}`, given);
    if (given !== undefined && value === undefined) {
      fail(`resilience.targets.${option}`, 'be a concrete duration', given);
    }
    if (value === undefined) {
      continue;
    }
    const seconds = value.toSeconds({ integral: false });
    if (seconds <= 0) {
      fail(`resilience.targets.${option}`, 'be longer than 0 seconds', value);
    }
    targets[key] = seconds;
  }
  return targets as Partial<RecoveryTargets>;
}
