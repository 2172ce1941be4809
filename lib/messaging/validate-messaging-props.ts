import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { MessagingTierOptions } from './messaging-tier';
import { warn } from '../private/acknowledgements';
import { quorumQueuesByDefault } from '../private/rabbitmq-queues';
import { checkNodeType, fail, isToken, propRef, show } from '../private/validation';

/**
 * Amazon MQ for RabbitMQ versions ("Managing Amazon MQ for RabbitMQ engine versions" and "RabbitMQ 4", Amazon MQ
 * Developer Guide): RabbitMQ 4 runs only on mq.m7g instance types; RabbitMQ 3.13 runs on mq.t3, mq.m5 and
 * mq.m7g. New brokers take major.minor only. From RabbitMQ 3.13 on, Amazon MQ manages patch upgrades itself and
 * requires AutoMinorVersionUpgrade to be true (UpdateBroker API reference: "When upgrading to ... RabbitMQ
 * version 3.13 and above, you must have autoMinorVersionUpgrade set to true").
 *
 * The default is 4.2: on Amazon MQ for RabbitMQ 4.2 "the default queue type ... is quorum" (queues declared without
 * `x-queue-type` are quorum queues). In the 4 series Amazon MQ runs 4.2 (4.0 and 4.1 are refused); a later minor
 * version is accepted when set. Before 4.2 queues are classic by default: the tier warns (one rule with the report).
 */
export const RABBITMQ_4_VERSION = '4.2';
/** The newest version Amazon MQ runs on instance types other than mq.m7g. */
export const RABBITMQ_3_VERSION = '3.13';

/**
 * Subnets of a private CLUSTER_MULTI_AZ broker (CreateBroker SubnetIds, Amazon MQ API reference): at least one;
 * "If you specify more than one subnet, the subnets must be in different Availability Zones" (Amazon MQ creates
 * one VPC endpoint network interface per subnet). AWS documents no maximum; the platform takes at most one per
 * zone of the cluster's 3 nodes: zone 1, zone 2 and the quorum zone.
 */
export const MAX_BROKER_SUBNETS = 3;

export function isM7g(hostInstanceType: string): boolean {
  return !isToken(hostInstanceType) && hostInstanceType.startsWith('mq.m7g.');
}

/** The version a broker of this instance type gets when `engineVersion` is not set. */
export function defaultEngineVersion(hostInstanceType: string): string {
  return isM7g(hostInstanceType) ? RABBITMQ_4_VERSION : RABBITMQ_3_VERSION;
}

/**
 * Checks the tier's own options; `hostInstanceType` is the resolved instance type (the prop or the default).
 */
export function validateMessagingTierProps(props: MessagingTierOptions, hostInstanceType: string): void {
  const type = props.hostInstanceType;
  checkNodeType('hostInstanceType', type, { prefix: 'mq.' });
  if (type !== undefined && !isToken(type) && type.startsWith('mq.t')) {
    fail('hostInstanceType',
      'be an instance type that can run a CLUSTER_MULTI_AZ broker (burstable mq.t3.micro runs single-instance brokers only)', type);
  }

  const version = props.engineVersion;
  if (version !== undefined && !isToken(version)) {
    const match = /^(\d+)\.(\d+)$/.exec(version);
    if (!match) {
      fail('engineVersion', `be a major.minor RabbitMQ version such as '${RABBITMQ_3_VERSION}' or '${RABBITMQ_4_VERSION}'`, version);
    }
    const [major, minor] = [Number(match[1]), Number(match[2])];
    if (major < 3 || (major === 3 && minor < 13)) {
      fail('engineVersion', 'be 3.13 or later (older RabbitMQ versions are out of support on Amazon MQ)', version);
    }
    if (major === 4 && quorumQueuesByDefault(version) === false) {
      fail('engineVersion', `be ${RABBITMQ_4_VERSION} or later in the RabbitMQ 4 series (Amazon MQ does not run 4.0 or 4.1)`, version);
    }
    if (major >= 4 && !isToken(hostInstanceType) && !isM7g(hostInstanceType)) {
      fail('engineVersion',
        `be ${RABBITMQ_3_VERSION} when \`.hostInstanceType\` is ${show(hostInstanceType)} ` +
        '(Amazon MQ runs RabbitMQ 4 on mq.m7g instance types only)', version);
    }
  }

  const window = props.maintenanceWindowStart;
  if (window) {
    if (!isToken(window.dayOfWeek) && !DAYS.includes(window.dayOfWeek.toUpperCase())) {
      fail('maintenanceWindowStart.dayOfWeek', 'be a day of the week, MONDAY to SUNDAY', window.dayOfWeek);
    }
    if (!isToken(window.timeOfDay) && !/^([01]\d|2[0-3]):[0-5]\d$/.test(window.timeOfDay)) {
      fail('maintenanceWindowStart.timeOfDay', 'be a 24-hour UTC time \'HH:MM\'', window.timeOfDay);
    }
  }
}

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** Checks the subnets the broker's endpoint goes in: 1 to 3, each in a different zone (zones known at synth only). */
export function validateBrokerSubnets(subnets: ec2.ISubnet[]): void {
  const zones = subnets.map(zoneOf);
  const shown = zones.map((zone) => zone ?? '<zone unknown at synth>');
  if (subnets.length < 1) {
    fail('subnets', 'select at least 1 subnet (a private CLUSTER_MULTI_AZ broker needs one)', shown);
  }
  if (subnets.length > MAX_BROKER_SUBNETS) {
    fail('subnets',
      `select at most ${MAX_BROKER_SUBNETS} subnets, one per zone of the broker's 3 nodes (zone 1, zone 2, quorum zone)`, shown);
  }
  const known = zones.filter((zone): zone is string => zone !== undefined);
  if (new Set(known).size !== known.length) {
    fail('subnets',
      'select subnets in different availability zones (Amazon MQ refuses two subnets of one zone)', shown);
  }
}

/** A subnet's zone, or undefined when it is a Token or was imported without one (the getter throws then). */
function zoneOf(subnet: ec2.ISubnet): string | undefined {
  try {
    const zone = subnet.availabilityZone;
    return isToken(zone) ? undefined : zone;
  } catch {
    return undefined;
  }
}

/** What the broker runs: its instance type and RabbitMQ version (given or default), and the default instance type. */
export interface BrokerRuntime {
  readonly hostInstanceType: string;
  readonly engineVersion: string;
  readonly defaultHostInstanceType: string;
}

/** Warns when the broker's queues are classic (mirrored) unless clients ask otherwise: RabbitMQ 3.x can lose messages with a node. */
export function warnClassicDefaultQueues(tier: Construct, props: MessagingTierOptions, runtime: BrokerRuntime): void {
  const { hostInstanceType, engineVersion } = runtime;
  if (quorumQueuesByDefault(engineVersion) !== false) {
    return;
  }
  const cause = props.engineVersion !== undefined
    ? `${propRef(tier, 'engineVersion')} is ${show(engineVersion)}`
    : `${propRef(tier, 'hostInstanceType')} is ${isToken(hostInstanceType) ? 'not known at synth' : show(hostInstanceType)}, ` +
      `so the broker runs RabbitMQ ${engineVersion}`;
  warn(tier, 'messaging.ClassicQueues', `${cause}: on RabbitMQ ${engineVersion} queues are classic (mirrored) unless every ` +
    'client declares them quorum (`x-queue-type: quorum`), so losing a broker node or its zone can lose messages not yet ' +
    `synchronised to the other nodes. RabbitMQ ${RABBITMQ_4_VERSION} on an mq.m7g instance type (the default, ` +
    `${runtime.defaultHostInstanceType}) makes quorum queues the default queue type.`);
}
