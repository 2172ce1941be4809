import { Duration, Names, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { appServerLossTemplate, cachePrimaryFailoverTemplate, databasePrimaryFailoverTemplate } from './component-failures';
import { DrillContext, SCENARIOS, ScenarioId } from './drill-context';
import { newDrillLogs } from './drill-logs';
import { newDrillRole } from './drill-role';
import { tagPrediction } from './drill-template';
import { checkPrediction, validateDrillsProps } from './validate-drills-props';
import { zonePowerLossTemplate } from './zone-power-loss';
import { fail, validateArguments, validateProps } from '../private/validation';

/** Options of the drills: AWS FIS experiment templates, one per failure scenario the platform claims to survive. */
export interface DrillsOptions {
  /**
   * Whether the platform creates the drills. Read by the platform; the construct itself ignores it. The templates
   * cost nothing until someone starts an experiment.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How long each drill keeps its fault in place (instances stopped, subnets cut, launches blocked, cache nodes
   * down), 1 minute to 12 hours (the limits of an AWS FIS action), in whole seconds.
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;

  /**
   * How long the drills' experiment logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** One serving zone of the platform, as the drills see it. */
export interface DrillZone {
  /** The zone's name, for example `eu-west-1a`. */
  readonly availabilityZone: string;

  /**
   * The zone's Auto Scaling group of app servers, launched from a launch template of this app (the app server drill
   * tells app servers from other instances by the template's security groups). Both zones' groups in one stack.
   */
  readonly appServers: autoscaling.AutoScalingGroup;

  /**
   * The zone's Auto Scaling group of workers (launched from a launch template).
   * @default - no workers: the zone drill stops only the app servers
   */
  readonly workers?: autoscaling.AutoScalingGroup;

  /**
   * The subnets of this zone whose connectivity the zone drill cuts: the zone's private and isolated subnets. All
   * must be in `availabilityZone`. AWS FIS cuts at most 5 subnets per action by default (quota L-1F59732D,
   * adjustable); more warns.
   */
  readonly subnets: ec2.ISubnet[];
}

/** The alarms of one zone that the drills stop on. */
export interface DrillZoneAlarms {
  /** The zone has no healthy app server (the platform's `Zone<n>Down`). */
  readonly down: cloudwatch.IAlarm;

  /**
   * The zone's 5xx rate is high for several minutes (the platform's `Zone<n>HighErrorRate`).
   * @default - the drills stop on the zone's Zone Down alarm only
   */
  readonly highErrorRate?: cloudwatch.IAlarm;
}

/**
 * The recovery time, in seconds, the platform's report predicts for each scenario (the report's scenario ids in
 * brackets). Each given value goes into its template's description and the tag
 * `multi-az-ha-platform:predicted-recovery-seconds`, so a drill's result can be compared with the promise.
 */
export interface DrillRecoveryPredictions {
  /**
   * Zone 1 power loss (`zone-1-loss`), in seconds.
   * @default - no prediction on the zone 1 drill
   */
  readonly zone1Loss?: number;
  /**
   * Zone 2 power loss (`zone-2-loss`), in seconds.
   * @default - no prediction on the zone 2 drill
   */
  readonly zone2Loss?: number;
  /**
   * Loss of one app server (`app-server`), in seconds.
   * @default - no prediction on the app server drill
   */
  readonly appServer?: number;
  /**
   * Failover of the database primary (`database-primary`), in seconds.
   * @default - no prediction on the database drill
   */
  readonly databasePrimary?: number;
  /**
   * Failover of the cache primary (`cache-primary`), in seconds.
   * @default - no prediction on the cache drill
   */
  readonly cachePrimary?: number;
}

/** Properties of {@link PlatformDrills}. */
export interface PlatformDrillsProps extends DrillsOptions {
  /** The VPC of the zones' subnets: the network ACLs AWS FIS swaps in while it cuts a zone belong to it. */
  readonly vpc: ec2.IVpc;

  /** The platform's 2 serving zones: zone 1 first, then zone 2. */
  readonly zones: DrillZone[];

  /**
   * The Aurora cluster. Give it or `databaseInstance`, not both.
   * @default - no Aurora cluster
   */
  readonly databaseCluster?: rds.DatabaseCluster;

  /**
   * The primary of an RDS Multi-AZ DB instance deployment. Give it or `databaseCluster`, not both.
   * @default - no Multi-AZ DB instance
   */
  readonly databaseInstance?: rds.DatabaseInstance;

  /**
   * The cache: a replication group with Multi-AZ and automatic failover, its primary placed in zone 1.
   * @default - no cache drill, and the zone drills leave the cache alone
   */
  readonly cacheReplicationGroup?: elasticache.CfnReplicationGroup;

  /**
   * The alarms of each zone, zone 1 first: a drill stops when they show customers hurt beyond what it expects.
   * @default - no zone alarm stops a drill
   */
  readonly zoneAlarms?: DrillZoneAlarms[];

  /**
   * Alarms of the whole platform that stop every drill (for example the search cluster turning red). At most 5 stop
   * conditions fit in a template: the app server, database and cache drills already use up to 4 zone alarms.
   * @default - none
   */
  readonly platformAlarms?: cloudwatch.IAlarm[];

  /**
   * The recovery time the platform's report predicts for each scenario. Predictions known only later (the report
   * reads the synthesized resources) can be given with `predictRecovery` instead.
   * @default - no predictions
   */
  readonly predictedRecoverySeconds?: DrillRecoveryPredictions;

  /**
   * An account-level CloudWatch Logs resource policy to add the drills' log delivery statement to, instead of a
   * policy of their own (an account holds at most 10 per Region).
   * @default - the drills create their own policy
   */
  readonly logsResourcePolicy?: logs.ResourcePolicy;
}

/** One drill: a scenario, its template, and the recovery the report predicts for it. */
export interface DrillScenario {
  /** The scenario's id, the one the report uses: `zone-1-loss`, `zone-2-loss`, `app-server`, `database-primary`, `cache-primary`. */
  readonly id: string;
  /** What the drill does, for people: `Zone 1 power loss`. */
  readonly title: string;
  /** The experiment template; its `ref` is the template id `aws fis start-experiment` takes. */
  readonly template: fis.CfnExperimentTemplate;
  /**
   * The recovery time the report predicts, in seconds.
   * @default - none given
   */
  readonly predictedRecoverySeconds?: number;
}

/** Default drill duration: long enough to see DNS failover, Auto Scaling and alarms settle, short enough to run often. */
const DEFAULT_DURATION = Duration.minutes(10);

/**
 * The platform's drills: one AWS Fault Injection Service (FIS) experiment template per failure scenario the platform
 * claims to survive, created with the platform. A template costs nothing until an experiment is started from it.
 *
 * | Drill | id | What it does |
 * |---|---|---|
 * | Zone 1 power loss, Zone 2 power loss | `zone-1-loss`, `zone-2-loss` | After AWS FIS's "AZ Availability: Power Interruption" scenario, for `duration`: stops the zone's app servers and workers (`aws:ec2:stop-instances`, restarted after `duration`), cuts the zone's subnets (`aws:network:disrupt-connectivity`, scope `all`), makes Auto Scaling launches in the zone fail (`aws:ec2:asg-insufficient-instance-capacity-error`), fails the database over out of the zone when its writer (Aurora, `aws:rds:failover-db-cluster`) or primary (Multi-AZ DB instance, `aws:rds:reboot-db-instances` with `forceFailover`) is there, and powers off the cache nodes in the zone (`aws:elasticache:replicationgroup-interrupt-az-power`; a primary there fails over) |
 * | App server loss | `app-server` | Terminates one app server, chosen at random among both zones' (`aws:ec2:terminate-instances`, `COUNT(1)`) |
 * | Database primary failover | `database-primary` | Fails the Aurora writer over to a reader, or reboots the Multi-AZ DB instance with failover to its standby |
 * | Cache primary failover | `cache-primary` | Powers off the cache nodes in zone 1, where the platform places the primary, for `duration` (replication group only): FIS has no other ElastiCache action. If an earlier failover left the primary in zone 2, this only takes a replica away |
 *
 * **Stop conditions.** A drill stops when customers are hurt beyond what the drill expects. A zone drill expects its
 * zone to go down and to fail requests, so its own zone's alarms never stop it (they are the drill working): it stops
 * on the other zone's Zone Down and High Error Rate alarms (the survivor failing) and on `platformAlarms`. The other
 * drills expect no zone to go down and no more than a blip of errors (shorter than the High Error Rate alarm's
 * window), so they stop on both zones' alarms and on `platformAlarms`. AWS FIS takes at most 5 stop conditions per
 * template, and does not start an experiment while one of them is in ALARM.
 *
 * **The role.** Assumed only by AWS FIS experiments of this account and region (`aws:SourceAccount`,
 * `aws:SourceArn`). It stops, starts and terminates only instances tagged by the platform's own Auto Scaling groups
 * (`ec2:ResourceTag/aws:autoscaling:groupName`), injects launch errors only into those groups (`ec2:FisTargetArns`),
 * fails over and reboots only the given database, interrupts only the given cache, swaps network ACLs only on the
 * zones' subnets and creates, fills and deletes only network ACLs tagged `managedByFIS=true` in the platform's VPC.
 * `*` is left only to APIs without resource-level permissions: reads, `tag:GetResources`, `logs:CreateLogDelivery`,
 * and `ec2:InjectApiError`, which the condition keys scope instead. It cannot write CloudWatch Logs resource policies.
 *
 * **Targets.** Instances are found by their Auto Scaling group's tag, Auto Scaling groups and the app servers by the
 * tags CloudFormation puts on them. The database and the cache replication group are tagged
 * `multi-az-ha-platform:drill-target=<targetTagValue>` here, so FIS finds them by tag (CloudFormation puts no stack
 * tags on ElastiCache replication groups). Targets are resolved when an experiment starts: a zone drill whose
 * database writer or cache node is not in its zone skips that action (the experiment log lists what was resolved).
 *
 * **Logs.** Each experiment logs to `logGroup` (KMS-encrypted, log schema version 2) through CloudWatch Logs vended
 * log delivery. The drills declare the resource policy statement delivery needs (`delivery.logs.amazonaws.com` may
 * write to this log group only), in `logsResourcePolicy` when given (no new account-level policy) or in a policy of
 * their own (one of the account's 10 per Region).
 *
 * **Quotas.** AWS FIS acts on at most 5 instances per `aws:ec2:stop-instances` or `aws:ec2:terminate-instances`
 * action (quotas L-3F98B425 and L-EE64095D, adjustable): a zone with more than 5 app servers or 5 workers needs the
 * quota raised in Service Quotas, or the zone drill fails at target resolution.
 *
 * **The broker and search have no FIS action.** Test them by hand, during a quiet hour, watching the dashboard:
 * - Broker (Amazon MQ for RabbitMQ, 3 nodes): `aws mq reboot-broker --broker-id <id>` (`aws mq list-brokers`). Watch the
 *   broker's queue depth and the workers' consumption resume, client reconnects in the app logs, and the
 *   BrokerHighMemory and HighQueueDepth alarms. Queues that must resynchronise are unavailable until they have.
 * - Search (OpenSearch Service): reboot one data node with `aws opensearch start-domain-maintenance --domain-name <name>
 *   --action REBOOT_NODE --node-id <id>` (node ids from `aws opensearch describe-domain-nodes --domain-name <name>`;
 *   progress with `get-domain-maintenance-status`). Watch the cluster status go yellow and back to green
 *   (SearchClusterYellow), never red (SearchClusterRed), and search latency and errors in the app.
 */
export class PlatformDrills extends Construct {
  /** The tag key the drills put on the database and the cache so that AWS FIS can find them. */
  public static readonly TARGET_TAG_KEY = 'multi-az-ha-platform:drill-target';

  /** The experiment templates, by scenario id (`zone-1-loss`, `zone-2-loss`, `app-server`, `database-primary`, `cache-primary`). */
  public readonly templates: { [scenario: string]: fis.CfnExperimentTemplate } = {};
  /** The role AWS FIS assumes to run the drills. */
  public readonly role: iam.Role;
  /** The log group of the experiments. */
  public readonly logGroup: logs.LogGroup;
  /** The KMS key that encrypts `logGroup`. */
  public readonly logKey: kms.Key;
  /** The CloudWatch Logs resource policy holding the log delivery statement: the one given, or the drills' own. */
  public readonly logsResourcePolicy: logs.ResourcePolicy;
  /** How long each drill keeps its fault in place. */
  public readonly duration: Duration;
  /** The value of the `multi-az-ha-platform:drill-target` tag on the database and the cache: unique to these drills. */
  public readonly targetTagValue: string;

  private readonly predictions: Partial<Record<ScenarioId, number>> = {};

  constructor(scope: Construct, id: string, props: PlatformDrillsProps) {
    super(scope, id);
    validateProps(this, () => validateDrillsProps(this, props));
    this.duration = props.duration ?? DEFAULT_DURATION;
    this.targetTagValue = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });

    const database = props.databaseCluster ?? props.databaseInstance;
    for (const target of [database?.node.defaultChild, props.cacheReplicationGroup]) {
      if (target) {
        Tags.of(target).add(PlatformDrills.TARGET_TAG_KEY, this.targetTagValue);
      }
    }

    const drillLogs = newDrillLogs(this, props.logRetention ?? logs.RetentionDays.ONE_YEAR, props.logsResourcePolicy);
    this.logKey = drillLogs.key;
    this.logGroup = drillLogs.logGroup;
    this.logsResourcePolicy = drillLogs.resourcePolicy;
    this.role = newDrillRole(this, props);

    for (const scenario of Object.keys(SCENARIOS) as ScenarioId[]) {
      const seconds = props.predictedRecoverySeconds?.[SCENARIOS[scenario].prediction];
      if (seconds !== undefined) {
        this.predictions[scenario] = seconds;
      }
    }
    const context: DrillContext = {
      props,
      duration: this.duration,
      role: this.role,
      logGroup: this.logGroup,
      targetTag: { [PlatformDrills.TARGET_TAG_KEY]: this.targetTagValue },
      predictionOf: (scenario) => this.predictions[scenario],
    };
    const builders: Array<[ScenarioId, () => fis.CfnExperimentTemplate | undefined]> = [
      ['zone-1-loss', () => zonePowerLossTemplate(this, context, 0)],
      ['zone-2-loss', () => zonePowerLossTemplate(this, context, 1)],
      ['app-server', () => appServerLossTemplate(this, context)],
      ['database-primary', () => databasePrimaryFailoverTemplate(this, context)],
      ['cache-primary', () => cachePrimaryFailoverTemplate(this, context)],
    ];
    for (const [scenario, build] of builders) {
      const template = build();
      if (template) {
        this.templates[scenario] = template;
      }
    }
  }

  /** The drills, in order: the two zone drills, then app server, database and cache (those the platform has). */
  public get scenarios(): DrillScenario[] {
    return Object.entries(this.templates).map(([scenario, template]) => ({
      id: scenario,
      title: SCENARIOS[scenario as ScenarioId].title,
      template,
      predictedRecoverySeconds: this.predictions[scenario as ScenarioId],
    }));
  }

  /**
   * Sets the recovery time the platform's report predicts for a scenario, after construction (for example from an
   * aspect that computes it from the synthesized resources). It goes into the template's description and tag like
   * `predictedRecoverySeconds`; a scenario without a template (no database, no cache) is ignored.
   * @param scenario the report's scenario id: `zone-1-loss`, `zone-2-loss`, `app-server`, `database-primary` or `cache-primary`
   * @param seconds the predicted recovery, in seconds
   */
  public predictRecovery(scenario: string, seconds: number): void {
    validateArguments(this, () => {
      if (!(scenario in SCENARIOS)) {
        fail('scenario', `be one of ${Object.keys(SCENARIOS).join(', ')}`, scenario);
      }
      checkPrediction(`predictRecovery(${scenario})`, seconds);
    });
    this.predictions[scenario as ScenarioId] = seconds;
    const template = this.templates[scenario];
    if (template) {
      tagPrediction(template, seconds);
    }
  }
}
