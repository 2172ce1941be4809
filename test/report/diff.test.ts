// The pull-request diff (buildDiff, its rules and its markdown) over the real default platform: each test edits a
// copy of the synthesized template into a head and checks what the diff says about it.
import { Template } from 'aws-cdk-lib/assertions';
import { buildDiff, DIFF_SCHEMA_VERSION, PlatformDiff } from '../../lib/report/diff';
import { DIFF_HEADINGS, NO_CHANGE, renderDiffMarkdown } from '../../lib/report/diff-render';
import { evaluateDiffRules, parseFailOn } from '../../lib/report/diff-rules';
import { STATEFUL_TYPES } from '../../lib/report/diff-stateful';
import { CfnTemplate } from '../../lib/report/template-model';
import { buildPlatform, newTestApp, TEST_ENV } from '../support/fixtures';

// Synthesized once, with the construct paths the CDK CLI writes (`aws:cdk:path`), which the diff names resources by.
const { stack } = buildPlatform({}, { env: TEST_ENV }, newTestApp({ context: { 'aws:cdk:enable-path-metadata': true } }));
const BASE: CfnTemplate = Template.fromStack(stack).toJSON() as CfnTemplate;

/** A copy of the base to edit into a head. */
function head(): CfnTemplate {
  return structuredClone(BASE);
}

/** The logical ID of the only resource of `type` whose ID matches `pattern`. */
function idOf(template: CfnTemplate, type: string, pattern: RegExp = /./): string {
  const ids = Object.entries(template.Resources).filter(([id, r]) => r.Type === type && pattern.test(id)).map(([id]) => id);
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} matching ${pattern}, got ${ids.join(', ') || 'none'}`);
  }
  return ids[0];
}

/** Renames a resource's logical ID everywhere (as renaming its construct does) and moves its construct path. */
function rename(template: CfnTemplate, from: string, to: string, pathFrom: string, pathTo: string): CfnTemplate {
  const text = JSON.stringify(template).split(`"${from}"`).join(`"${to}"`);
  const renamed = JSON.parse(text) as CfnTemplate;
  const metadata = renamed.Resources[to].Metadata as Record<string, string>;
  metadata['aws:cdk:path'] = metadata['aws:cdk:path'].replace(pathFrom, pathTo);
  return renamed;
}

function diffOf(headTemplate: CfnTemplate): PlatformDiff {
  return buildDiff(BASE, headTemplate, { baseSource: 'base.json', headSource: 'head.json' }).diff;
}

const scenario = (diff: PlatformDiff, id: string) => diff.recovery.find((s) => s.id === id)!;
const tripped = (diff: PlatformDiff, rules: string) => evaluateDiffRules(parseFailOn([rules]), diff).filter((o) => o.tripped);

describe('the same template', () => {
  const diff = diffOf(head());

  test('is "No infrastructure change", with every section empty', () => {
    expect(diff).toMatchObject({
      schemaVersion: DIFF_SCHEMA_VERSION,
      noChange: true,
      stateful: [],
      zoneLoss: [],
      inventory: [],
      cost: { deltaUsd: 0, lines: [] },
      resources: { added: 0, removed: 0, updated: 0, replaced: 0, changes: [] },
    });
    expect(diff.cost.beforeUsd).toBeGreaterThan(1000);
    expect(diff.recovery.length).toBeGreaterThanOrEqual(6);
    expect(diff.recovery.every((s) => !s.changed)).toBe(true);
    const markdown = renderDiffMarkdown(diff);
    expect(markdown).toContain(NO_CHANGE);
    expect(markdown).not.toContain(DIFF_HEADINGS.stateful);
  });

  test('trips no rule', () => {
    expect(tripped(diff, 'stateful-replacement,recovery-target,zone-loss,cost-increase:0')).toEqual([]);
  });
});

describe('recovery', () => {
  const headTemplate = head();
  for (const id of Object.keys(headTemplate.Resources).filter((i) => /^PlatformDnsZone\dHealthCheck/.test(i))) {
    (headTemplate.Resources[id].Properties as any).HealthCheckConfig.RequestInterval = 30;
  }
  const diff = diffOf(headTemplate);

  test('a health check every 30 s instead of 10 s: zone failover 90 s -> 150 s, the 120 s target newly missed', () => {
    expect(scenario(diff, 'zone-1-loss')).toMatchObject({
      changed: true,
      newlyMissed: true,
      before: { expectedSeconds: 90, target: 120, status: 'MEETS' },
      after: { expectedSeconds: 150, target: 120, status: 'MISSES' },
    });
    expect(scenario(diff, 'database-primary')).toMatchObject({ changed: false, newlyMissed: false });
    expect(diff.stateful).toEqual([]);
    const markdown = renderDiffMarkdown(diff);
    expect(markdown).toMatch(/\| Zone 1 \([^)]*\) failure \| 90 s \| 150 s \| 120 s \| \*\*newly missed\*\* \|/);
  });

  test('trips recovery-target, naming the scenario; not the others', () => {
    const [outcome] = tripped(diff, 'recovery-target');
    expect(outcome.rule).toBe('recovery-target');
    expect(outcome.reasons.join('\n')).toMatch(/Zone 1 .* failure: 150 s, target 120 s \(the base: 90 s, met\)/);
    expect(tripped(diff, 'stateful-replacement,zone-loss')).toEqual([]);
  });

  test('the fast-interval charge of each health check drops out of the cost', () => {
    expect(diff.cost.lines.filter((line) => /fast interval/.test(line.item))).toHaveLength(2);
    expect(diff.cost.deltaUsd).toBeLessThan(0);
    expect(tripped(diff, 'cost-increase:0')).toEqual([]);
  });

  test('targets the head carries in its metadata judge the head; --targets overrides both sides', () => {
    const strict = head();
    (strict as { Metadata?: unknown }).Metadata = { MultiAzHaPlatform: { recoveryTargets: { zoneFailureSeconds: 60 } } };
    const own = diffOf(strict);
    expect(scenario(own, 'zone-1-loss')).toMatchObject({ before: { target: 120, status: 'MEETS' }, after: { target: 60, status: 'MISSES' }, newlyMissed: true });
    expect(own.head.recoveryTargets.zoneFailureSeconds).toBe(60);

    const overridden = buildDiff(BASE, strict, { targets: { zoneFailureSeconds: 100 } }).diff;
    expect(scenario(overridden, 'zone-1-loss')).toMatchObject({ before: { target: 100 }, after: { target: 100 }, changed: false });
  });
});

describe('zone-loss survival and inventory', () => {
  const headTemplate = head();
  delete headTemplate.Resources[idOf(headTemplate, 'AWS::AutoScaling::AutoScalingGroup', /AppTier.*Zone2/)];
  const diff = diffOf(headTemplate);

  test('without zone 2\'s app servers, the app servers stop surviving the loss of zone 1', () => {
    expect(diff.zoneLoss).toContainEqual(expect.objectContaining({
      zoneId: 'zone-1', tier: 'App servers', before: 'SERVES', after: 'DOWN', newlyDown: true,
    }));
    const [outcome] = tripped(diff, 'zone-loss');
    expect(outcome.reasons.join('\n')).toMatch(/App servers, if zone 1 is lost: DOWN \(was SERVES\)/);
    expect(renderDiffMarkdown(diff)).toMatch(/\| zone 1 \| App servers \| serves \| \*\*DOWN\*\* \| \*\*stops surviving\*\* \|/);
  });

  test('zone 2 and the totals lose the group\'s servers; zone 1 is unchanged', () => {
    const zone2 = diff.inventory.find((z) => z.zone === 'eu-west-1b')!;
    const servers = zone2.before.servers - zone2.after.servers;
    expect(servers).toBeGreaterThan(0);
    expect(zone2.before.vcpus).toBeGreaterThan(zone2.after.vcpus);
    expect(diff.inventory.find((z) => z.zone === 'eu-west-1a')).toBeUndefined();
    const total = diff.inventory.find((z) => z.zone === 'total')!;
    expect(total.before.servers - total.after.servers).toBe(servers);
  });

  test('the cost falls by the group\'s lines', () => {
    expect(diff.cost.deltaUsd).toBeLessThan(0);
    expect(diff.cost.lines.every((line) => /AppTier.*Zone2/.test(line.logicalId))).toBe(true);
    expect(diff.cost.lines.length).toBeGreaterThan(0);
  });
});

describe('cost and inventory: a larger instance type for the workers', () => {
  // Wherever the template names the workers' type (launch template, mixed-instances overrides); both types are priced.
  const headTemplate = JSON.parse(JSON.stringify(BASE).split('"c7g.large"').join('"c7g.xlarge"')) as CfnTemplate;
  const diff = diffOf(headTemplate);
  const workerGroups = Object.keys(BASE.Resources).filter((id) => /Workers.*Group/.test(id) && BASE.Resources[id].Type === 'AWS::AutoScaling::AutoScalingGroup');

  test('each serving zone gains vCPUs and memory, not servers; the workers\' lines name the new type and cost more', () => {
    const zones = diff.inventory.filter((z) => z.zone !== 'total');
    expect(zones.map((z) => z.zone)).toEqual(['eu-west-1a', 'eu-west-1b']);
    for (const zone of [...zones, diff.inventory.find((z) => z.zone === 'total')!]) {
      expect(zone.after.servers).toBe(zone.before.servers);
      expect(zone.after.vcpus).toBeGreaterThan(zone.before.vcpus);
      expect(zone.after.memoryGiB).toBeGreaterThan(zone.before.memoryGiB);
    }
    const compute = diff.cost.lines.filter((line) => /c7g\.large.* → .*c7g\.xlarge/.test(line.item));
    expect(compute.map((line) => line.logicalId).sort()).toEqual([...workerGroups].sort());
    expect(compute.every((line) => line.deltaUsd > 0)).toBe(true);
    expect(diff.stateful).toEqual([]);
    const markdown = renderDiffMarkdown(diff);
    const delta = diff.cost.deltaUsd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(markdown).toContain(`a month (**+$${delta}**, +${diff.cost.deltaPercent}%)`);
    expect(markdown).toMatch(/\| zone 1 \(`eu-west-1a`\) \| \d+ \| \d+ → \*\*\d+\*\* \|/);
  });

  test('cost-increase trips above the allowed percent, not below', () => {
    const percent = diff.cost.deltaPercent!;
    expect(percent).toBeGreaterThan(1);
    const [outcome] = tripped(diff, `cost-increase:${Math.floor(percent) - 1}`);
    expect(outcome.reasons[0]).toMatch(/the estimated monthly cost grows from \$[\d,.]+ to \$[\d,.]+ \(\+\$[\d,.]+, \+[\d.]+%\), more than the \d+% allowed/);
    expect(tripped(diff, `cost-increase:${Math.ceil(percent)}`)).toEqual([]);
    expect(tripped(diff, 'stateful-replacement')).toEqual([]);
  });
});

describe('stateful resources', () => {
  test('renaming the database construct deletes the cluster: stateful-replacement names it by path and logical ID', () => {
    const cluster = idOf(BASE, 'AWS::RDS::DBCluster');
    const path = (BASE.Resources[cluster].Metadata as Record<string, string>)['aws:cdk:path'];
    expect(path).toMatch(/\/Platform\/Database\/Cluster\/Resource$/);
    const diff = diffOf(rename(head(), cluster, 'PlatformPrimaryDatabaseCluster0123ABCD', '/Database/', '/PrimaryDatabase/'));

    expect(diff.stateful[0]).toMatchObject({
      logicalId: cluster,
      resourceType: 'AWS::RDS::DBCluster',
      constructPath: path,
      action: 'DESTROY',
      policy: 'Snapshot',
      addedSameType: [{ logicalId: 'PlatformPrimaryDatabaseCluster0123ABCD', constructPath: path.replace('/Database/', '/PrimaryDatabase/') }],
    });
    // Its instances name the new cluster: CloudFormation replaces them too.
    const instances = Object.keys(BASE.Resources).filter((id) => BASE.Resources[id].Type === 'AWS::RDS::DBInstance');
    expect(diff.stateful.slice(1).map((c) => [c.logicalId, c.action, c.properties])).toEqual(
      instances.map((id) => [id, 'REPLACE', ['DBClusterIdentifier']]));
    const [outcome] = tripped(diff, 'stateful-replacement');
    expect(outcome.reasons[0]).toMatch(`AWS::RDS::DBCluster ${path} (logical ID ${cluster}): its logical ID is gone`);
    const markdown = renderDiffMarkdown(diff, [outcome]);
    expect(markdown.indexOf(DIFF_HEADINGS.policy)).toBeLessThan(markdown.indexOf(DIFF_HEADINGS.stateful));
    expect(markdown.indexOf(DIFF_HEADINGS.stateful)).toBeLessThan(markdown.indexOf(DIFF_HEADINGS.recovery));
    expect(markdown).toContain('> [!CAUTION]');
    expect(markdown).toContain(`| \`${path}\` | AWS::RDS::DBCluster | ${cluster} | **DESTROY**`);
  });

  test.each([
    // The cluster's instances refer to it: replacing it replaces them (cloudformation-diff follows the references).
    ['AWS::RDS::DBCluster', 'DBClusterIdentifier', 'renamed-cluster', 'Snapshot', 'final snapshot', 2],
    ['AWS::ElastiCache::ReplicationGroup', 'Engine', 'redis', 'Snapshot', 'final snapshot', 0],
    // A new cache.replicasPerPrimary lists the nodes' zones again: the zone list cannot change in place.
    ['AWS::ElastiCache::ReplicationGroup', 'PreferredCacheClusterAZs', ['eu-west-1a', 'eu-west-1b', 'eu-west-1a'], 'Snapshot', 'final snapshot', 0],
    ['AWS::OpenSearchService::Domain', 'DomainName', 'renamed-domain', 'Retain', 'old one is kept, outside the stack', 0],
  ])('a change to %s %s replaces it, naming the property', (type, property, value, policy, fate, dependents) => {
    const headTemplate = head();
    const id = idOf(headTemplate, type);
    (headTemplate.Resources[id].Properties as any)[property] = value;
    const diff = diffOf(headTemplate);
    expect(diff.stateful[0]).toMatchObject({ logicalId: id, resourceType: type, action: 'REPLACE', properties: [property], policy });
    expect(diff.stateful).toHaveLength(1 + dependents);
    expect(diff.stateful[0].constructPath).toMatch(/^TestStack\/Platform\//);
    expect(diff.stateful[0].reason).toMatch(new RegExp(`a change to \`${property}\` replaces it.*${fate}`));
    const [outcome] = tripped(diff, 'stateful-replacement');
    expect(outcome.reasons[0]).toContain(`${type} ${diff.stateful[0].constructPath} (logical ID ${id})`);
  });

  test('a new resource type replaces the resource', () => {
    const headTemplate = head();
    const id = idOf(headTemplate, 'AWS::OpenSearchService::Domain');
    (headTemplate.Resources[id] as { Type: string }).Type = 'AWS::Elasticsearch::Domain';
    const diff = diffOf(headTemplate);
    expect(diff.stateful[0]).toMatchObject({
      logicalId: id, action: 'REPLACE', typeChange: { from: 'AWS::OpenSearchService::Domain', to: 'AWS::Elasticsearch::Domain' },
    });
    expect(diff.stateful[0].reason).toMatch(/its type changes from AWS::OpenSearchService::Domain to AWS::Elasticsearch::Domain: CloudFormation replaces it/);
    expect(diff.resources.changes).toContainEqual({ logicalId: id, resourceType: 'AWS::Elasticsearch::Domain', impact: 'WILL_REPLACE' });
  });

  test('a change that updates in place (backup retention) is no stateful change', () => {
    const headTemplate = head();
    (headTemplate.Resources[idOf(headTemplate, 'AWS::RDS::DBCluster')].Properties as any).BackupRetentionPeriod = 21;
    const diff = diffOf(headTemplate);
    expect(diff).toMatchObject({ noChange: false, stateful: [], resources: { updated: 1, replaced: 0 } });
    expect(tripped(diff, 'stateful-replacement')).toEqual([]);
    expect(renderDiffMarkdown(diff)).toContain(`${DIFF_HEADINGS.stateful}\n\nNone:`);
  });

  test('removing a retained key orphans it, removing a log group deletes it; removing an alarm is no stateful change', () => {
    const base = head();
    const firstOf = (type: string) => Object.keys(base.Resources).find((id) => base.Resources[id].Type === type)!;
    const [key, logGroup, alarm] = [firstOf('AWS::KMS::Key'), firstOf('AWS::Logs::LogGroup'), firstOf('AWS::CloudWatch::Alarm')];
    (base.Resources[key] as { DeletionPolicy?: string }).DeletionPolicy = 'Retain';
    (base.Resources[logGroup] as { DeletionPolicy?: string }).DeletionPolicy = 'Delete';
    const headTemplate = structuredClone(base);
    for (const id of [key, logGroup, alarm]) {
      delete headTemplate.Resources[id];
    }
    const diff = buildDiff(base, headTemplate).diff;
    expect(diff.stateful.map((c) => [c.logicalId, c.action]).sort()).toEqual([[key, 'ORPHAN'], [logGroup, 'DESTROY']].sort());
    expect(diff.stateful.find((c) => c.action === 'ORPHAN')!.reason).toMatch(/DeletionPolicy Retain keeps it and its data, no longer managed/);
    expect(diff.resources.removed).toBe(3);
  });

  test('the default platform\'s data tiers are all stateful types', () => {
    const types = new Set(Object.values(BASE.Resources).map((r) => r.Type));
    for (const type of ['AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::OpenSearchService::Domain',
      'AWS::AmazonMQ::Broker', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::Backup::BackupVault']) {
      expect(types.has(type)).toBe(true);
      expect(STATEFUL_TYPES.has(type)).toBe(true);
    }
  });
});
