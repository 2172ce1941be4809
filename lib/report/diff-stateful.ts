/**
 * Which stateful resources a change replaces or deletes, found with the diff engine of `cdk diff`
 * (@aws-cdk/cloudformation-diff): it knows, from the CloudFormation resource specification it ships (so it works
 * offline), which property changes replace a resource. A removed logical ID (a removed or renamed construct) deletes
 * the resource, or orphans it when its DeletionPolicy retains it.
 */
import { fullDiff, ResourceDifference, ResourceImpact, TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { ResourceChanges, StatefulAction, StatefulChange } from './diff-model';
import { CfnResource, CfnTemplate, isObject } from './template-values';

/**
 * Resource types that hold data (or keys to data): replacing one starts empty, deleting one loses what it held.
 * Log groups are in: the platform's hold audit and flow logs that an incident review needs.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::GlobalCluster',
  'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ServerlessCache',
  'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain',
  'AWS::AmazonMQ::Broker',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::Logs::LogGroup',
  'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::EFS::FileSystem', 'AWS::EC2::Volume',
  'AWS::SQS::Queue', 'AWS::Kinesis::Stream', 'AWS::ECR::Repository', 'AWS::Cognito::UserPool', 'AWS::APS::Workspace',
]);

const ACTIONS: Partial<Record<ResourceImpact, StatefulAction>> = {
  [ResourceImpact.WILL_REPLACE]: 'REPLACE',
  [ResourceImpact.MAY_REPLACE]: 'MAY_REPLACE',
  [ResourceImpact.WILL_DESTROY]: 'DESTROY',
  [ResourceImpact.WILL_ORPHAN]: 'ORPHAN',
};

/** Compares two templates (as cdk diff does); the inputs are not modified. */
export function diffTemplates(base: CfnTemplate, head: CfnTemplate): TemplateDiff {
  return fullDiff(structuredClone(base), structuredClone(head));
}

/** Counts and lists the changed resources of every type. */
export function resourceChanges(diff: TemplateDiff): ResourceChanges {
  const changes: ResourceChanges['changes'] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    // (`resourceType` throws when the type changes: name the new one.)
    changes.push({ logicalId, resourceType: change.newResourceType ?? change.oldResourceType ?? 'unknown', impact: change.changeImpact });
  });
  const count = (...impacts: string[]) => changes.filter((c) => impacts.includes(c.impact)).length;
  return {
    added: count(ResourceImpact.WILL_CREATE, ResourceImpact.WILL_IMPORT),
    removed: count(ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN),
    updated: count(ResourceImpact.WILL_UPDATE),
    replaced: count(ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE),
    changes,
  };
}

/** The stateful resources of the base that the head replaces, may replace, deletes or orphans. */
export function statefulChanges(diff: TemplateDiff, base: CfnTemplate, head: CfnTemplate): StatefulChange[] {
  const added = Object.entries(head.Resources).filter(([id]) => !(id in base.Resources));
  const result: StatefulChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const action = ACTIONS[change.changeImpact];
    const oldType = change.oldResourceType;
    if (!action || !oldType || !(STATEFUL_TYPES.has(oldType) || (change.newResourceType && STATEFUL_TYPES.has(change.newResourceType)))) {
      return;
    }
    result.push(statefulChange(logicalId, change, action, added));
  });
  return result;
}

function statefulChange(logicalId: string, change: ResourceDifference, action: StatefulAction,
  added: Array<[string, CfnResource]>): StatefulChange {
  const old = change.oldValue as CfnResource;
  const resourceType = change.oldResourceType!;
  const constructPath = cdkPath(old);
  const typeChange = change.resourceTypeChanged && change.newResourceType
    ? { from: resourceType, to: change.newResourceType } : undefined;
  const properties = Object.entries(change.propertyUpdates)
    .filter(([, property]) => property.changeImpact === ResourceImpact.WILL_REPLACE || property.changeImpact === ResourceImpact.MAY_REPLACE)
    .map(([name]) => name);
  const removed = action === 'DESTROY' || action === 'ORPHAN';
  const addedSameType = removed ? added
    .filter(([, resource]) => resource.Type === resourceType)
    .map(([id, resource]) => ({ logicalId: id, constructPath: cdkPath(resource) }))
    : [];
  const policy = removed ? policyOf(old, 'DeletionPolicy') : policyOf(old, 'UpdateReplacePolicy');
  return {
    logicalId,
    resourceType,
    constructPath,
    action,
    properties,
    typeChange,
    addedSameType,
    policy,
    reason: reasonOf(action, properties, typeChange, policy),
  };
}

function reasonOf(action: StatefulAction, properties: string[], typeChange: StatefulChange['typeChange'], policy?: string): string {
  const props = properties.map((p) => `\`${p}\``).join(', ');
  switch (action) {
    case 'REPLACE':
      return typeChange
        ? `its type changes from ${typeChange.from} to ${typeChange.to}: CloudFormation replaces it${oldFate(policy)}`
        : `a change to ${props} replaces it: a new, empty resource is created${oldFate(policy)}`;
    case 'MAY_REPLACE':
      return `a change to ${props} may replace it (depending on the values): if so, a new, empty resource is created${oldFate(policy)}`;
    case 'DESTROY':
      return `its logical ID is gone from the head (the construct was removed, renamed or moved): CloudFormation deletes it and its data${policy === 'Snapshot' ? ' (a final snapshot is taken: DeletionPolicy Snapshot)' : ''}`;
    case 'ORPHAN':
      return `its logical ID is gone from the head (the construct was removed, renamed or moved): DeletionPolicy ${policy} keeps it and its data, no longer managed by the stack`;
  }
}

function oldFate(policy?: string): string {
  switch (policy) {
    case 'Retain':
    case 'RetainExceptOnCreate':
      return `, and the old one is kept, outside the stack (UpdateReplacePolicy ${policy})`;
    case 'Snapshot':
      return ', and the old one is deleted after a final snapshot (UpdateReplacePolicy Snapshot)';
    default:
      return ', and the old one is deleted with its data';
  }
}

function cdkPath(resource: CfnResource | undefined): string | undefined {
  const path = isObject(resource?.Metadata) ? resource.Metadata['aws:cdk:path'] : undefined;
  return typeof path === 'string' ? path : undefined;
}

function policyOf(resource: CfnResource, key: 'DeletionPolicy' | 'UpdateReplacePolicy'): string | undefined {
  const value = (resource as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
