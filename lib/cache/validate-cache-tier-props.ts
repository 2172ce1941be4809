import { CacheEngine, CacheTierProps } from './cache-tier';
import { checkDailyWindow, checkWeeklyWindow, ELASTICACHE_MIN_WINDOW_MINUTES } from '../private/maintenance-window';
import { checkDays, checkNodeType, fail, isToken, show } from '../private/validation';

/**
 * ElastiCache takes snapshot and maintenance windows of at least 60 minutes, and documents no rule between them. Each
 * rule states the format and the length at once, so a window too short breaks the same rule as a malformed one.
 */

/** Checks the cache tier's props, with prop paths relative to them (`nodeType`). */
export function validateCacheTierProps(props: CacheTierProps): void {
  const engine = props.engine ?? CacheEngine.VALKEY;
  if (!Object.values(CacheEngine).includes(engine)) {
    fail('engine', 'be CacheEngine.VALKEY or CacheEngine.REDIS', engine);
  }
  checkEngineVersion(engine, props.engineVersion);
  checkNodeType('nodeType', props.nodeType, { prefix: 'cache.' });
  const replicas = props.replicasPerPrimary;
  if (replicas !== undefined && !isToken(replicas)) {
    if (!Number.isInteger(replicas)) {
      fail('replicasPerPrimary', 'be a whole number', replicas);
    }
    if (replicas < 1) {
      fail('replicasPerPrimary', 'be at least 1 for automatic failover', replicas);
    }
    if (replicas > 5) {
      fail('replicasPerPrimary', 'be at most 5 (ElastiCache allows 5 replicas per primary)', replicas);
    }
  }
  checkDays('snapshotRetentionDays', props.snapshotRetentionDays, 0, 35);
  checkDailyWindow('snapshotWindow', props.snapshotWindow, ELASTICACHE_MIN_WINDOW_MINUTES);
  checkWeeklyWindow('maintenanceWindow', props.maintenanceWindow, ELASTICACHE_MIN_WINDOW_MINUTES);
  const zones = props.availabilityZones;
  if (zones.length < 2) {
    fail('availabilityZones', 'list the 2 zones of the platform, zone 1 first', zones);
  }
}

/**
 * ElastiCache's engine versions ("Supported engines and versions", ElastiCache User Guide): Valkey starts at 7.2
 * (then 8.0, 8.1, 8.2, 9.0, ...); Redis OSS ends at 7.1. A version of the other engine fails at deploy, so it fails here.
 */
function checkEngineVersion(engine: CacheEngine, version: string | undefined): void {
  if (version === undefined || isToken(version)) {
    return;
  }
  const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
  if (!match) {
    fail('engineVersion', 'be a version number such as \'8.2\'', version);
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const redisVersion = major < 7 || (major === 7 && minor <= 1);
  if (engine === CacheEngine.VALKEY && (redisVersion || (major === 7 && minor !== 2))) {
    const hint = redisVersion ? `; ${show(version)} is a Redis OSS version: set \`.engine\` to CacheEngine.REDIS for it` : '';
    fail('engineVersion', 'be a Valkey version ElastiCache offers, 7.2 or 8.0 and later, when `.engine` is ' +
      `CacheEngine.VALKEY (the default${hint})`, version);
  }
  if (engine === CacheEngine.REDIS && !(major === 7 && minor <= 1)) {
    const why = major >= 7
      ? 'ElastiCache\'s Redis OSS line ends at 7.1, the versions after it are Valkey\'s: set `.engine` to CacheEngine.VALKEY for them'
      : 'required in-transit encryption needs Redis OSS 7';
    fail('engineVersion', `be a Redis OSS version ElastiCache offers, 7.0 or 7.1, when \`.engine\` is CacheEngine.REDIS (${why})`, version);
  }
}
