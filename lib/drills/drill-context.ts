import { Duration } from 'aws-cdk-lib';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { DrillRecoveryPredictions, PlatformDrillsProps } from './platform-drills';

/** The scenarios, by the ids the platform's report gives them (lib/report/recovery.ts). */
export type ScenarioId = 'zone-1-loss' | 'zone-2-loss' | 'app-server' | 'database-primary' | 'cache-primary';

interface ScenarioInfo {
  /** What the drill does, for people. */
  readonly title: string;
  /** The construct ID of its template: stable, never derived from props. */
  readonly constructId: string;
  /** Where its predicted recovery sits in `predictedRecoverySeconds`. */
  readonly prediction: keyof DrillRecoveryPredictions;
}

export const SCENARIOS: Record<ScenarioId, ScenarioInfo> = {
  'zone-1-loss': { title: 'Zone 1 power loss', constructId: 'Zone1PowerLoss', prediction: 'zone1Loss' },
  'zone-2-loss': { title: 'Zone 2 power loss', constructId: 'Zone2PowerLoss', prediction: 'zone2Loss' },
  'app-server': { title: 'App server loss', constructId: 'AppServerLoss', prediction: 'appServer' },
  'database-primary': { title: 'Database primary failover', constructId: 'DatabasePrimaryFailover', prediction: 'databasePrimary' },
  'cache-primary': { title: 'Cache primary failover', constructId: 'CachePrimaryFailover', prediction: 'cachePrimary' },
};

/** Everything a template builder needs, built once by PlatformDrills. */
export interface DrillContext {
  readonly props: PlatformDrillsProps;
  readonly duration: Duration;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  /** The tag FIS finds the database and the cache by. */
  readonly targetTag: Record<string, string>;
  /** The recovery the report predicts for a scenario, read when the template is synthesized (it may be set late). */
  readonly predictionOf: (scenario: ScenarioId) => number | undefined;
}

/** Every resource of one type that carries the drills' target tag (the database, the cache), with the action's parameters. */
export function taggedTarget(context: DrillContext, resourceType: string,
  parameters?: Record<string, string>): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
  return { resourceType, resourceTags: context.targetTag, parameters, selectionMode: 'ALL' };
}

/** AWS FIS's action IDs (AWS FIS User Guide, "Actions reference"). */
export const FIS_ACTIONS = {
  stopInstances: 'aws:ec2:stop-instances',
  terminateInstances: 'aws:ec2:terminate-instances',
  asgInsufficientCapacity: 'aws:ec2:asg-insufficient-instance-capacity-error',
  disruptConnectivity: 'aws:network:disrupt-connectivity',
  failoverDbCluster: 'aws:rds:failover-db-cluster',
  rebootDbInstances: 'aws:rds:reboot-db-instances',
  /**
   * Formerly `aws:elasticache:interrupt-cluster-az-power`: the actions reference now documents only this name (the
   * aws-samples/fis-template-library ElastiCache AZ power interruption template, validated against a live
   * replication group, uses it too).
   */
  interruptCacheAzPower: 'aws:elasticache:replicationgroup-interrupt-az-power',
} as const;

/** AWS FIS's target resource types (AWS FIS User Guide, "Targets"). */
export const FIS_RESOURCE_TYPES = {
  instance: 'aws:ec2:instance',
  autoScalingGroup: 'aws:ec2:autoscaling-group',
  subnet: 'aws:ec2:subnet',
  dbCluster: 'aws:rds:cluster',
  dbInstance: 'aws:rds:db',
  replicationGroup: 'aws:elasticache:replicationgroup',
} as const;
