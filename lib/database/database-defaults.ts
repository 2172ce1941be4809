import { Duration } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DatabaseTopology } from './database-topology';

// The database tier's defaults and the limits RDS and Aurora set, shared by the tier, its topologies and its checks.

/** PostgreSQL's default port. */
export const DEFAULT_PORT = 5432;
/** The ports RDS accepts for a DB instance or cluster (CloudFormation `Port`, valid values 1150-65535). */
export const MIN_PORT = 1150;
export const MAX_PORT = 65535;
/** RDS DB instance and cluster identifiers: at most 63 letters, digits and hyphens. */
export const MAX_IDENTIFIER_LENGTH = 63;
/** The master user RDS creates; its password lives in the tier's secret. */
export const MASTER_USERNAME = 'postgres';
/**
 * Aurora: failover typically under 30 s, the reference architecture's database recovery target (RDS Multi-AZ instance:
 * 60-120 s).
 */
export const DEFAULT_TOPOLOGY = DatabaseTopology.AURORA;
export const DEFAULT_INSTANCE_TYPE = 'db.m7g.2xlarge';
export const DEFAULT_AURORA_INSTANCE_TYPE = 'db.r7g.2xlarge';
export const DEFAULT_ALLOCATED_STORAGE_GIB = 500;
export const DEFAULT_MAX_ALLOCATED_STORAGE_GIB = 1000;
/** RDS for PostgreSQL gp3 storage limits. */
export const MIN_STORAGE_GIB = 20;
export const MAX_STORAGE_GIB = 65536;
export const DEFAULT_BACKUP_RETENTION_DAYS = 14;
/** The design asks for at least a week of backups; less is legal but warns. */
export const RECOMMENDED_BACKUP_RETENTION_DAYS = 7;
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** PostgreSQL's MAX_BACKENDS (2^18 - 1), the highest max_connections RDS and Aurora accept. */
export const MAX_CONNECTIONS_LIMIT = 262143;
/** Share of max_connections where Aurora adds readers (and the observability tier alarms). */
export const CONNECTIONS_SCALING_SHARE = 0.8;
export const DEFAULT_DATABASE_NAME = 'app';
export const DEFAULT_READER_MIN = 1;
export const DEFAULT_READER_MAX = 3;
/** An Aurora cluster holds at most 15 readers. */
export const MAX_AURORA_READERS = 15;
export const DEFAULT_BACKUP_WINDOW = '02:00-03:00';
export const DEFAULT_MAINTENANCE_WINDOW = 'sun:03:30-sun:04:30';
export const CREDENTIAL_ROTATION = Duration.days(30);
export const MONITORING_INTERVAL = Duration.seconds(60);
/**
 * Major versions only, so a new stack still creates after AWS retires a minor version ("Cannot find version 17.9
 * for aurora-postgresql"): RDS creates the database on the major version's default minor version, and
 * AutoMinorVersionUpgrade keeps it current. Both engines accept a major-only version at create (RDS for PostgreSQL
 * documents it; Aurora PostgreSQL: AWS::RDS::DBCluster deploys with `EngineVersion: 13`, aws-cloudformation/cfn-lint
 * #3976, accepted by cfn-lint since #3978). EngineVersion is not create-only on AWS::RDS::DBInstance or DBCluster:
 * CloudFormation modifies in place ("Some interruptions"), only when the template value changes, and reads
 * `17.x` as matching `17`. The major version also names the parameter group families (postgres18,
 * aurora-postgresql17); changing it is a major version upgrade. `of()` exists in every aws-cdk-lib 2 release; the
 * features are those of the `VER_*` constants.
 */
export const POSTGRES_VERSION = rds.PostgresEngineVersion.of('18', '18', { s3Import: true, s3Export: true });
export const AURORA_POSTGRES_VERSION = rds.AuroraPostgresEngineVersion.of('17', '17', { s3Import: true, s3Export: true });
/** The PostgreSQL log RDS exports to CloudWatch Logs (the only one Aurora PostgreSQL has). */
export const LOG_EXPORT = 'postgresql';
/** RDS for PostgreSQL also exports the log of engine version upgrades. */
export const UPGRADE_LOG_EXPORT = 'upgrade';
/**
 * AWS Backup: a daily snapshot of the database, kept 35 days in the tier's vault, independent of the automated
 * backups. 05:00 UTC is after the default backup window (02:00-03:00) and the Sunday maintenance window.
 */
export const AWS_BACKUP_SCHEDULE = { hour: '5', minute: '0' };
export const AWS_BACKUP_RETENTION = Duration.days(35);
