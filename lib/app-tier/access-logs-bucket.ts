import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { newLogBucket } from '../private/log-bucket';

/** The bucket of the zone load balancers' access logs, kept a year, with the rule findings it keeps and why. */
export function newAccessLogsBucket(scope: Construct): s3.Bucket {
  return newLogBucket(scope, 'AccessLogsBucket', {
    receives: 'the load balancers\' access logs',
    logsName: 'Load balancer access logs',
    writer: 'Elastic Load Balancing write',
    sseS3Only: 'Elastic Load Balancing writes access logs only to buckets encrypted with Amazon S3 managed keys ' +
      '(SSE-S3): the Application Load Balancer guide lists SSE-S3 as the only supported server-side encryption, and ' +
      'aws-cdk-lib refuses a KMS-encrypted access log bucket.',
    alsoIn: '; AWS WAF request logs are also in CloudWatch Logs',
    acknowledgeLoggingCompliance: true,
  });
}
