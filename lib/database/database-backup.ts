import { Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AWS_BACKUP_RETENTION, AWS_BACKUP_SCHEDULE } from './database-defaults';
import { acknowledge } from '../private/acknowledgements';
import { KEEP_EXCEPT_ON_FAILED_CREATE, STACK_CREATION_ID_LENGTH, stackCreationId } from '../private/encrypted-logs';

/**
 * Snapshots outside the database's own backups: they outlive its automated backups and its deletion, and
 * the vault policy denies deleting them (NIST 800-53 CP-9, HIPAA 164.308(a)(7)(ii)(A)).
 */
export function newDatabaseBackup(tier: Construct, key: kms.IKey, resource: backup.BackupResource) {
  const backupVault = new backup.BackupVault(tier, 'BackupVault', {
    // AWS::Backup::BackupVault requires a name (at most 50 characters), and the vault outlives the stack.
    backupVaultName: `${Names.uniqueResourceName(tier, { maxLength: 50 - 1 - STACK_CREATION_ID_LENGTH, separator: '-' })}` +
      `-${stackCreationId()}`,
    encryptionKey: key,
    blockRecoveryPointDeletion: true,
    removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
  });
  const backupPlan = new backup.BackupPlan(tier, 'BackupPlan', {
    backupPlanName: Names.uniqueResourceName(tier, { maxLength: 50, separator: '-' }),
    backupVault,
    backupPlanRules: [new backup.BackupPlanRule({
      ruleName: 'DailySnapshot',
      scheduleExpression: events.Schedule.cron(AWS_BACKUP_SCHEDULE),
      deleteAfter: AWS_BACKUP_RETENTION,
    })],
  });
  const selection = backupPlan.addSelection('Selection', {
    backupSelectionName: 'Database',
    resources: [resource],
  });
  acknowledge(selection.node.findChild('Role'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup needs to snapshot the ' +
    'resources of a backup selection; this role is assumable by AWS Backup only and serves this selection only.');
  return { backupVault, backupPlan };
}
