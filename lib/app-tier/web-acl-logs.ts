import { Names } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { allowCloudWatchLogs, allowVendedLogDelivery, KEEP_EXCEPT_ON_FAILED_CREATE, newTierKey, stackCreationId } from '../private/encrypted-logs';

/** AWS WAF request logs are kept a year, like the load balancers' access logs. */
const WEB_ACL_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
/** AWS WAF logs only to log groups whose name starts with this. */
export const WEB_ACL_LOG_GROUP_PREFIX = 'aws-waf-logs-';
/** Longest part of the name taken from the construct path: the whole name stays far below CloudWatch Logs' 512. */
const PATH_PART_MAX_LENGTH = 200;
/** The statement the app tier adds to the CloudWatch Logs resource policy. */
export const WEB_ACL_LOG_DELIVERY_SID = 'AwsWafLogDelivery';

/** Where the app tier's AWS WAF logs go. */
export interface WebAclLogs {
  readonly key: kms.Key;
  readonly logGroup: logs.LogGroup;
  readonly logsResourcePolicy: logs.ResourcePolicy;
}

/**
 * The key, the log group and the CloudWatch Logs resource policy statement of the AWS WAF logs, as children of
 * `scope` (the app tier): `Key`, `WebAclLogGroup` and, unless `sharedPolicy` is given, `WebAclLogDeliveryPolicy`.
 *
 * The log group has to be named (AWS WAF requires the prefix), and it is kept when the stack is deleted: its name
 * ends with a part of the stack ID that is new each time the stack is created, so creating the stack again does not
 * collide with the kept group, while updates keep the name.
 */
export function newWebAclLogs(scope: Construct, sharedPolicy?: logs.ResourcePolicy): WebAclLogs {
  const key = newTierKey(scope, 'Key', 'Encrypts the AWS WAF logs of the MultiAzHaPlatform load balancers');
  allowCloudWatchLogs(key);
  const logGroup = new logs.LogGroup(scope, 'WebAclLogGroup', {
    logGroupName: `${WEB_ACL_LOG_GROUP_PREFIX}${Names.uniqueResourceName(scope, { maxLength: PATH_PART_MAX_LENGTH, separator: '-' })}` +
      `-${stackCreationId()}`,
    encryptionKey: key,
    retention: WEB_ACL_LOG_RETENTION,
    removalPolicy: KEEP_EXCEPT_ON_FAILED_CREATE,
  });

  const logsResourcePolicy = sharedPolicy ?? new logs.ResourcePolicy(scope, 'WebAclLogDeliveryPolicy');
  allowVendedLogDelivery(logsResourcePolicy, logGroup, WEB_ACL_LOG_DELIVERY_SID);
  return { key, logGroup, logsResourcePolicy };
}

