import type { StorageTierProps } from './storage-tier';
import { checkInteger, fail, isToken } from '../private/validation';

/** arn:<partition>:s3:::<bucket>, with S3's bucket naming rules (general purpose buckets). */
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;
/** arn:<partition>:kms:<region>:<account>:key/<key id>: a key ARN (an alias would not let IAM scope the role). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(mrk-)?[0-9a-f-]{32,36}$/;

/** Checks the storage tier's props before any child is created. Paths are relative to the tier's own props. */
export function validateStorageTierProps(props: StorageTierProps): void {
  checkInteger('noncurrentVersionExpirationDays', props.noncurrentVersionExpirationDays, 1);

  const bucketArn = props.replicationDestinationBucketArn;
  const keyArn = props.replicationDestinationKmsKeyArn;
  if (bucketArn !== undefined && !isToken(bucketArn) && !isBucketArn(bucketArn)) {
    fail('replicationDestinationBucketArn', 'be an S3 bucket ARN, arn:<partition>:s3:::<bucket name> ' +
      '(3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)', bucketArn);
  }
  if (keyArn !== undefined && !isToken(keyArn) && !KMS_KEY_ARN.test(keyArn)) {
    fail('replicationDestinationKmsKeyArn',
      'be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>', keyArn);
  }
  if (bucketArn !== undefined && keyArn === undefined) {
    fail('replicationDestinationKmsKeyArn', 'be given with `.replicationDestinationBucketArn` ' +
      '(the objects are KMS-encrypted, and S3 replicates them only re-encrypted with a key of the destination)', keyArn);
  }
  if (keyArn !== undefined && bucketArn === undefined) {
    fail('replicationDestinationKmsKeyArn',
      'be left unset unless `.replicationDestinationBucketArn` is given', keyArn);
  }
}

function isBucketArn(arn: string): boolean {
  const name = BUCKET_ARN.exec(arn)?.[1];
  return name !== undefined
    && !name.includes('..')
    && !/^\d+\.\d+\.\d+\.\d+$/.test(name)
    && !/^(xn--|sthree-|amzn-s3-demo-)/.test(name)
    && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name);
}

