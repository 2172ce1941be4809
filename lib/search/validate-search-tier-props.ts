import { Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { SearchTierProps } from './search-tier';
import { warn } from '../private/acknowledgements';
import { checkInteger, checkNodeType, fail, isToken, propRef } from '../private/validation';
import { masterLossPhrase, masterQuorum, masterSplitPhrase } from '../private/zone-quorum';

/** The layout the tier deploys, once the zone count is known and the defaults that follow it are applied. */
export interface SearchLayout {
  /** 2 or 3. */
  readonly zoneCount: number;
  /** Whether Multi-AZ with Standby is on (3 zones only). */
  readonly standby: boolean;
  /** The data node type, given or default. */
  readonly dataNodeType: string;
}

const SEARCH_TYPE = { suffix: '.search' };

/**
 * Largest gp3 volume, in GiB, OpenSearch Service attaches to a data node of each current Graviton type
 * (Amazon OpenSearch Service quotas, "EBS volume size quotas"). Other types get the general minimum only.
 */
const GP3_SIZES = ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const GP3_MAX_GIB_BY_SIZE: Record<string, number[]> = {
  // medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge (0: no such size)
  c6g: [0, 256, 512, 1024, 1536, 3072, 4608, 0],
  c7g: [0, 256, 512, 1024, 1536, 3072, 4608, 6144],
  m6g: [0, 1024, 2048, 3072, 6144, 12288, 18432, 0],
  m7g: [512, 768, 2048, 3072, 6144, 12288, 18432, 24576],
  r6g: [0, 2048, 3072, 6144, 12288, 16384, 24576, 0],
  r7g: [768, 1536, 3072, 6144, 12288, 16384, 24576, 36864],
};
/** Families with instance storage only: OpenSearch Service attaches no EBS volume to them. */
const INSTANCE_STORE_FAMILIES = ['i3', 'i4g', 'i4i', 'i7i', 'i8g', 'im4gn', 'r6gd', 'r7gd'];
/** OpenSearch Optimized families take at least 20 GiB. */
const MIN_20_GIB_FAMILIES = ['om2', 'or1', 'or2'];
/** Burstable families: OpenSearch Service runs them only without standby. */
const BURSTABLE_FAMILY = /^t\d/;

/** Checks the zones before anything else: the defaults of the other props follow their count. */
export function validateSearchZones(props: SearchTierProps): void {
  const zones = props.availabilityZones;
  if (zones.length !== 2 && zones.length !== 3) {
    fail('availabilityZones', 'list 2 or 3 availability zones (zone 1, zone 2, then the quorum zone)', zones);
  }
  const named = zones.filter((zone) => !Token.isUnresolved(zone));
  if (new Set(named).size !== named.length) {
    fail('availabilityZones', 'list different availability zones', zones);
  }
  if (props.multiAzWithStandby === true && zones.length !== 3) {
    fail('multiAzWithStandby', `be false with ${zones.length} availability zones (Multi-AZ with Standby keeps ` +
      'a full copy of the data in each of 3 zones; add the quorum zone to `.availabilityZones`)', true);
  }
}

/** Checks the rest of the props against the layout they produce. */
export function validateSearchTierProps(props: SearchTierProps, layout: SearchLayout): void {
  const { zoneCount, standby, dataNodeType } = layout;
  const masters = props.masterNodes;
  if (masters !== undefined && !isToken(masters) && masters !== 3 && masters !== 5) {
    fail('masterNodes', 'be 3 or 5 (an odd number of dedicated masters keeps a quorum when one is lost; ' +
      'the reference architecture\'s 2 master-eligible nodes lose it with either node or zone)', masters);
  }
  if (standby && masters !== undefined && !isToken(masters) && masters !== 3) {
    fail('masterNodes', 'be 3 with Multi-AZ with Standby (`.multiAzWithStandby`), which places one ' +
      'dedicated master in each zone', masters);
  }
  checkDataNodes(props.dataNodes, zoneCount, standby);
  checkNodeType('masterNodeType', props.masterNodeType, SEARCH_TYPE);
  checkNodeType('dataNodeType', props.dataNodeType, SEARCH_TYPE);

  const [family, size] = isToken(dataNodeType) ? [] : dataNodeType.split('.');
  if (family !== undefined && INSTANCE_STORE_FAMILIES.includes(family)) {
    fail('dataNodeType', 'be an EBS-backed type (the tier stores data on gp3 volumes; this family has ' +
      'instance storage only)', dataNodeType);
  }
  if (standby) {
    const types: Array<[string, string | undefined]> = [
      ['dataNodeType', props.dataNodeType],
      ['masterNodeType', props.masterNodeType],
    ];
    for (const [propPath, type] of types) {
      if (type !== undefined && !isToken(type) && BURSTABLE_FAMILY.test(type)) {
        fail(propPath, 'be a non-burstable type with Multi-AZ with Standby (`.multiAzWithStandby`; OpenSearch ' +
          'Service runs T-family nodes only without standby)', type);
      }
    }
  }
  const volume = props.volumeSizeGiB;
  checkInteger('volumeSizeGiB', volume, family !== undefined && MIN_20_GIB_FAMILIES.includes(family) ? 20 : 10);
  const max = family !== undefined ? GP3_MAX_GIB_BY_SIZE[family]?.[GP3_SIZES.indexOf(size)] : undefined;
  if (volume !== undefined && !isToken(volume) && max && volume > max) {
    fail('volumeSizeGiB', `be at most ${max} for ${dataNodeType} (its gp3 volume limit)`, volume);
  }

  const version = props.engineVersion?.version;
  if (version !== undefined && !Token.isUnresolved(version)) {
    if (!version.startsWith('OpenSearch_')) {
      fail('engineVersion', 'be an OpenSearch version (fine-grained access control, audit logs and ' +
        'the Graviton node types need it)', version);
    }
    if (standby && /^OpenSearch_1\.[0-2]$/.test(version)) {
      fail('engineVersion', 'be OpenSearch 1.3 or later with Multi-AZ with Standby (`.multiAzWithStandby`)', version);
    }
  }
}

/** With 3 zones a multiple of 3 (a third per zone), with 2 an even number (half per zone). */
function checkDataNodes(data: number | undefined, zoneCount: number, standby: boolean): void {
  checkInteger('dataNodes', data, zoneCount);
  if (data === undefined || isToken(data) || data % zoneCount === 0) {
    return;
  }
  if (zoneCount === 3) {
    fail('dataNodes', 'be a multiple of 3 with 3 availability zones (zone awareness puts a third of the data ' +
      `nodes in each zone${standby ? ', and Multi-AZ with Standby keeps one zone\'s third on standby' : ''})`, data);
  }
  fail('dataNodes', 'be an even number with 2 availability zones (zone awareness puts half of the data nodes ' +
    'in each zone)', data);
}

/** One subnet of the selection per zone of the domain, in zone order: the domain needs exactly one per zone. */
export function subnetPerZone(props: SearchTierProps): ec2.ISubnet[] {
  const selected = props.vpc.selectSubnets(props.subnets).subnets;
  return props.availabilityZones.map((zone, i) => {
    const match = Token.isUnresolved(zone) ? selected[i] : selected.find((s) => s.availabilityZone === zone);
    if (!match) {
      fail('subnets', `have a subnet in each platform zone (${props.availabilityZones.join(', ')})`,
        selected.map((s) => s.availabilityZone));
    }
    return match;
  });
}

/**
 * Warns when the masters lose their quorum with a zone (the report's rule: with 2 zones, whichever holds more):
 * says the split, what a zone loss does, and how to avoid it. A token count over 2 zones loses it too (no count
 * over two zones keeps a majority through either zone's loss).
 */
export function warnMasterQuorum(tier: Construct, masterNodes: number, zoneCount: number): void {
  const masters = isToken(masterNodes) ? undefined : masterQuorum(masterNodes, 0, zoneCount);
  if (masters ? masters.onZoneLoss === 'kept' : zoneCount !== 2) {
    return;
  }
  const split = masters ? masterSplitPhrase(masters, 'over them') : 'the dedicated masters sit more + fewer over them';
  const loss = masters ? masterLossPhrase(masters) : 'losing the zone that holds more loses the master quorum';
  warn(tier, 'search.two-zone-masters',
    `${propRef(tier, 'availabilityZones')} lists ${zoneCount} zones: ${split}, and ${loss}: the search cluster refuses reads ` +
    'and writes until OpenSearch Service replaces the masters (minutes). (AWS may place them in a third zone of a region with ' +
    'three; nothing in the template ensures it.) Keep `network.quorumZoneEnabled` true (the default), or give ' +
    'the tier a third zone and its subnet, to place one master in each of 3 zones.');
}
