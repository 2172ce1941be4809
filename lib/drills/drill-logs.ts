import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { allowCloudWatchLogs, allowVendedLogDelivery, newEncryptedLogGroup, newTierKey } from '../private/encrypted-logs';

export interface DrillLogs {
  readonly key: kms.Key;
  readonly logGroup: logs.LogGroup;
  readonly resourcePolicy: logs.ResourcePolicy;
}

/**
 * The experiments' log: a KMS-encrypted log group, kept when the stack is deleted (drill results are evidence) and
 * removed when the stack's first deployment rolls back, and the resource policy statement CloudWatch Logs vended log
 * delivery needs to write to it.
 *
 * AWS FIS sends experiment logs through vended log delivery ("Experiment logging", AWS FIS User Guide). When the log
 * group has no matching policy statement and the caller may call `logs:PutResourcePolicy`, CloudWatch Logs adds one to
 * an account-level resource policy ("Logs sent to CloudWatch Logs", CloudWatch Logs User Guide); an account holds at
 * most 10 such policies per Region. The statement AWS would add is declared here instead, in the shared policy when
 * one is given, and the experiment role gets no `logs:PutResourcePolicy`: starting a drill never changes the
 * account's resource policies.
 */
export function newDrillLogs(scope: Construct, retention: logs.RetentionDays, shared?: logs.ResourcePolicy): DrillLogs {
  const key = newTierKey(scope, 'LogKey', 'Encrypts the experiment logs of the MultiAzHaPlatform drills (AWS FIS)');
  allowCloudWatchLogs(key);
  const logGroup = newEncryptedLogGroup(scope, 'LogGroup', key, retention);
  const resourcePolicy = shared ?? new logs.ResourcePolicy(scope, 'LogDeliveryPolicy');
  allowVendedLogDelivery(resourcePolicy, logGroup, 'FisExperimentLogDelivery');
  return { key, logGroup, resourcePolicy };
}
