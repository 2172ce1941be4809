import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FleetDefaults, FleetSettings } from './fleet-defaults';
import { checkInteger, checkList, checkPerZone, concreteDuration, fail, isToken } from './validation';
import { instanceSpec, InstanceSpec } from '../report/instance-types';

// The checks of the props every tier of servers (app servers, workers) shares, before the tier creates its fleet.

/**
 * The props of a tier of servers that its fleet's checks read: those the fleet builds from, with the ones a JavaScript
 * or Python caller may pass anything for typed loosely.
 */
export interface FleetOptions extends Omit<FleetSettings, 'instanceType' | 'additionalInstanceTypes' | 'machineImage'> {
  readonly instanceType?: unknown;
  readonly machineImage?: unknown;
  readonly userData?: unknown;
  readonly additionalInstanceTypes?: unknown;
  readonly cpuTargetUtilizationPercent?: number;
}

/** An Auto Scaling group takes at most 40 instance types. */
const MAX_INSTANCE_TYPES = 40;

/**
 * Checks the props of a fleet a JavaScript or Python caller may get wrong, before any child is created: the
 * instance type (an ec2.InstanceType or its name; its CPU architecture must be known when the platform picks the
 * image), the machine image, the user data (a Linux shell script, run after the platform's boot steps) and the
 * additional instance types (checked against the instance type, or `defaultInstanceType` when it is not given).
 */
export function checkFleetOptions(options: FleetOptions, defaults: FleetDefaults): void {
  const { instanceType, machineImage, userData } = options;
  const defaultInstanceType = defaults.instanceType;
  if (machineImage !== undefined && typeof (machineImage as ec2.IMachineImage)?.getImage !== 'function') {
    fail('machineImage', 'be an ec2.IMachineImage, such as ec2.MachineImage.genericLinux({...})', machineImage);
  }
  if (instanceType !== undefined) {
    const name = instanceTypeName('instanceType', instanceType);
    if (Token.isUnresolved(name)) {
      if (machineImage === undefined) {
        fail('instanceType', 'be known at synth when `.machineImage` is not given (the ' +
          'default image is built for the instance type\'s CPU architecture)', name);
      }
    } else if (!/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(name)) {
      fail('instanceType', 'be an EC2 instance type such as c7g.xlarge (family, generation and ' +
        'options, a dot, the size)', name);
    } else if (machineImage === undefined && architectureOf(name) === undefined) {
      fail('instanceType', 'be of a family whose CPU architecture aws-cdk-lib knows (such as c7g or m7i), ' +
        'or come with `.machineImage`', name);
    }
  }
  checkAdditionalInstanceTypes(instanceType === undefined ? defaultInstanceType.toString()
    : instanceTypeName('instanceType', instanceType), options.additionalInstanceTypes);
  checkFleetSizing(options, defaults.instancesPerZone);
  if (userData !== undefined) {
    if (typeof (userData as ec2.UserData)?.render !== 'function') {
      fail('userData', 'be an ec2.UserData, such as ec2.UserData.forLinux()', userData);
    }
    const firstLine = (userData as ec2.UserData).render().split('\n')[0];
    if (!Token.isUnresolved(firstLine) && !firstLine.startsWith('#!')) {
      fail('userData', 'be a Linux shell script (ec2.UserData.forLinux(), or ec2.UserData.custom() ' +
        'starting with "#!"): the platform runs it as a program after its own boot steps', firstLine.slice(0, 60));
    }
  }
}

/**
 * The additional instance types must be distinct EC2 types of the primary type's CPU architecture (the launch
 * template's one image boots them all) and, where the platform knows their sizes, of its vCPUs and memory: the
 * platform sizes each zone (scaling targets, the report's capacity) from the primary type.
 */
function checkAdditionalInstanceTypes(primary: string, additional: unknown): void {
  const path = 'additionalInstanceTypes';
  if (additional === undefined) {
    return;
  }
  checkList(path, additional);
  const types = additional as unknown[];
  if (types.length > MAX_INSTANCE_TYPES - 1) {
    fail(path, `list at most ${MAX_INSTANCE_TYPES - 1} types (an Auto Scaling group takes ${MAX_INSTANCE_TYPES} with ` +
      '`.instanceType`)', types.length);
  }
  const seen = new Set([primary]);
  types.forEach((value, i) => {
    const itemPath = `${path}[${i}]`;
    const name = instanceTypeName(itemPath, value);
    if (Token.isUnresolved(name) || Token.isUnresolved(primary)) {
      return;
    }
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(name)) {
      fail(itemPath, 'be an EC2 instance type such as c6gn.xlarge (family, generation and options, a dot, the size)', name);
    }
    if (seen.has(name)) {
      fail(itemPath, `differ from \`.instanceType\` (${primary}) and from the other additional types`, name);
    }
    seen.add(name);
    const architecture = architectureOf(name);
    if (architecture === undefined) {
      fail(itemPath, 'be of a family whose CPU architecture aws-cdk-lib knows (such as c6g or m6i)', name);
    }
    const primaryArchitecture = architectureOf(primary);
    if (primaryArchitecture !== undefined && architecture !== primaryArchitecture) {
      fail(itemPath, `have the CPU architecture of \`.instanceType\` (${primary}: ${primaryArchitecture}): ` +
        'the launch template\'s one image boots every type', name);
    }
    const [spec, primarySpec] = [instanceSpec(name), instanceSpec(primary)];
    if (spec && primarySpec && (spec.vcpus !== primarySpec.vcpus || spec.memoryGiB !== primarySpec.memoryGiB)) {
      fail(itemPath, `have the vCPUs and memory of \`.instanceType\` (${primary}: ${describeSpec(primarySpec)}): ` +
        `the platform sizes each zone from one type, and this one has ${describeSpec(spec)}`, name);
    }
  });
}

function describeSpec(spec: InstanceSpec): string {
  return `${spec.vcpus} vCPU, ${spec.memoryGiB} GiB`;
}

function instanceTypeName(propPath: string, value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  // Duck-typed rather than instanceof: another copy of aws-cdk-lib (or a jsii proxy) has its own class.
  if (typeof value === 'object' && value !== null && 'architecture' in value && typeof value.toString === 'function') {
    return value.toString();
  }
  return fail(propPath, 'be an ec2.InstanceType, such as ec2.InstanceType.of(ec2.InstanceClass.C7G, ' +
    'ec2.InstanceSize.XLARGE) or new ec2.InstanceType(\'c7g.xlarge\')', value);
}

function architectureOf(name: string): ec2.InstanceArchitecture | undefined {
  try {
    return new ec2.InstanceType(name).architecture;
  } catch {
    return undefined;
  }
}

/**
 * Each zone's count and maximum (a maximum below the count would stop the group's creation), the root volume, the CPU
 * target and the grace period, which CloudFormation's signal wait bounds.
 */
function checkFleetSizing(options: FleetOptions, defaultInstancesPerZone: number[]): void {
  checkPerZone('instancesPerZone', options.instancesPerZone, 1);
  checkPerZone('maxInstancesPerZone', options.maxInstancesPerZone, 1);
  const desired = options.instancesPerZone ?? defaultInstancesPerZone;
  // The default maximum is twice the count: CloudFormation has no arithmetic to double a parameter.
  if (options.maxInstancesPerZone === undefined && desired.some(isToken)) {
    fail('maxInstancesPerZone', 'be given when `.instancesPerZone` holds a Token (a parameter, an import): its default, ' +
      'twice the count, cannot be computed before the deploy', undefined);
  }
  options.maxInstancesPerZone?.forEach((max, zone) => {
    if (!isToken(max) && !isToken(desired[zone]) && max < desired[zone]) {
      fail(`maxInstancesPerZone[${zone}]`,
        `be at least the desired count \`.instancesPerZone[${zone}]\` (${desired[zone]})`, max);
    }
  });
  checkInteger('rootVolumeSizeGiB', options.rootVolumeSizeGiB, 8, 16384);
  checkInteger('cpuTargetUtilizationPercent', options.cpuTargetUtilizationPercent, 10, 95);
  const grace = concreteDuration('healthCheckGracePeriod', options.healthCheckGracePeriod);
  if (grace && grace.toSeconds({ integral: false }) > 7200) {
    fail('healthCheckGracePeriod', 'be at most 2 hours', grace);
  }
}
