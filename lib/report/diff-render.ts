/**
 * Renders the pull-request diff as GitHub-flavoured markdown, for a PR comment: the CI rules' outcome and the
 * stateful resources replaced or deleted first, then recovery, zone-loss survival, cost and inventory.
 */
import { InventoryFigures, PlatformDiff, RecoveryFigures, StatefulChange } from './diff-model';
import { RuleOutcome } from './diff-rules';
import { money, section } from './markdown';

/** Section headings: stable, so reviewers (and tests) can find them. */
export const DIFF_HEADINGS = {
  title: '# MultiAzHaPlatform change report',
  policy: '## CI rules (--fail-on)',
  stateful: '## 1. Stateful resources replaced or deleted',
  recovery: '## 2. Recovery per failure scenario',
  zoneLoss: '## 3. Zone-loss survival',
  cost: '## 4. Estimated monthly cost',
  inventory: '## 5. Inventory per zone',
} as const;

/** The line printed when the two templates are the same. */
export const NO_CHANGE = '**No infrastructure change**: the base and head templates are the same.';

/** Renders the diff; `outcomes` are the `--fail-on` rules' results, shown first when given. */
export function renderDiffMarkdown(diff: PlatformDiff, outcomes: RuleOutcome[] = []): string {
  const out: string[] = [DIFF_HEADINGS.title, ''];
  out.push(`Base: ${sideLabel(diff.base)} → head: ${sideLabel(diff.head)}.`, '');
  renderPolicy(outcomes, out);
  if (diff.noChange) {
    out.push(NO_CHANGE, '');
    return out.join('\n');
  }
  const r = diff.resources;
  out.push(`Resources: ${r.added} added, ${r.removed} removed, ${r.updated} updated, ${r.replaced} replaced (or may be).`, '');
  renderStateful(diff, out);
  renderRecovery(diff, out);
  renderZoneLoss(diff, out);
  renderCost(diff, out);
  renderInventory(diff, out);
  renderResourceList(diff, out);
  return out.join('\n');
}

function sideLabel(side: PlatformDiff['base']): string {
  return `${side.source ? `\`${side.source}\`` : 'template'} (${side.resourceCount} resources)`;
}

/** The rules' outcome; empty when no rule was given. */
export function renderPolicy(outcomes: RuleOutcome[], out: string[]): void {
  if (outcomes.length === 0) {
    return;
  }
  out.push(DIFF_HEADINGS.policy, '');
  for (const o of outcomes) {
    out.push(o.tripped ? `- **FAILED** \`${o.rule}\`:` : `- passed \`${o.rule}\``);
    o.reasons.forEach((reason) => out.push(`  - ${reason}`));
  }
  out.push('');
}

function renderStateful(diff: PlatformDiff, out: string[]): void {
  const none = 'None: no database, cache, search domain, broker, bucket, key, secret, backup vault or log group is replaced or deleted.';
  if (!section(out, DIFF_HEADINGS.stateful, diff.stateful, none)) {
    return;
  }
  out.push('> [!CAUTION]', `> **${diff.stateful.length} stateful resource${diff.stateful.length === 1 ? '' : 's'} would be replaced or deleted.** ` +
    'A replacement starts empty. Check each before merging.', '');
  out.push('| Resource | Type | Logical ID | What happens | Caused by |');
  out.push('|---|---|---|---|---|');
  for (const change of diff.stateful) {
    out.push(`| \`${change.constructPath ?? '-'}\` | ${change.resourceType} | ${change.logicalId} | **${change.action}**: ${change.reason} | ${cause(change)} |`);
  }
  out.push('');
}

function cause(change: StatefulChange): string {
  if (change.typeChange) {
    return `type ${change.typeChange.from} → ${change.typeChange.to}`;
  }
  if (change.properties.length > 0) {
    return change.properties.map((p) => `\`${p}\``).join(', ');
  }
  const added = change.addedSameType.map((a) => `${a.logicalId}${a.constructPath ? ` (\`${a.constructPath}\`)` : ''}`);
  return added.length > 0 ? `logical ID removed; the head adds ${added.join(', ')} of the same type (renamed?)` : 'logical ID removed';
}

/** A section of changes: its heading, then "No change." or a table of the `rows` under the header lines `head`. */
function changeTable(out: string[], heading: string, head: string[], rows: string[]): void {
  if (section(out, heading, rows, 'No change.')) {
    out.push(...head, ...rows, '');
  }
}

function renderRecovery(diff: PlatformDiff, out: string[]): void {
  const rows = diff.recovery.filter((s) => s.changed).map((s) => {
    const target = s.before && s.after && s.before.target !== s.after.target ? `${s.before.target} s → ${s.after.target} s` : `${(s.after ?? s.before)!.target} s`;
    const verdict = s.newlyMissed ? '**newly missed**' : s.newlyMet ? 'newly met' : s.after?.status === 'MISSES' ? '**missed** (as before)' : '';
    return `| ${s.title} | ${figure(s.before)} | ${figure(s.after)} | ${target} | ${verdict} |`;
  });
  changeTable(out, DIFF_HEADINGS.recovery, ['| Scenario | Before | After | Target | |', '|---|---:|---:|---:|---|'], rows);
}

function figure(f: RecoveryFigures | undefined): string {
  if (!f) {
    return '-';
  }
  if (f.status === 'NOT_APPLICABLE') {
    return 'n/a';
  }
  return f.expectedSeconds === undefined ? 'no automatic recovery' : `${f.expectedSeconds} s`;
}

const STATUS: Record<string, string> = { SERVES: 'serves', DEPENDS: 'depends', DOWN: '**DOWN**' };

function renderZoneLoss(diff: PlatformDiff, out: string[]): void {
  const rows = diff.zoneLoss.map((z) => {
    const verdict = z.newlyDown ? '**stops surviving**' : z.newlyServes ? 'now survives' : '';
    return `| ${z.zoneName} | ${z.tier} | ${z.before ? STATUS[z.before] : '-'} | ${z.after ? STATUS[z.after] : '-'} | ${verdict} |`;
  });
  changeTable(out, DIFF_HEADINGS.zoneLoss, ['| If this zone is lost | Tier | Before | After | |', '|---|---|---|---|---|'], rows);
}

function renderCost(diff: PlatformDiff, out: string[]): void {
  const cost = diff.cost;
  out.push(DIFF_HEADINGS.cost, '');
  const percent = cost.deltaPercent === undefined ? '' : `, ${signed(cost.deltaPercent, '')}%`;
  out.push(`Total: ${money(cost.beforeUsd)} → ${money(cost.afterUsd)} a month (**${signed(cost.deltaUsd, '$')}**${percent}).`, '');
  if (cost.lines.length === 0) {
    return;
  }
  out.push('| Resource | Item | Before (USD) | After (USD) | Change (USD) |');
  out.push('|---|---|---:|---:|---:|');
  for (const line of cost.lines) {
    const before = line.beforeUsd === undefined ? '-' : `${money(line.beforeUsd)}${quantity(line.beforeQuantity)}`;
    const after = line.afterUsd === undefined ? '-' : `${money(line.afterUsd)}${quantity(line.afterQuantity)}`;
    out.push(`| ${line.logicalId} | ${line.item} | ${before} | ${after} | ${signed(line.deltaUsd, '$')} |`);
  }
  out.push('');
}

function quantity(value: number | undefined): string {
  return value === undefined ? '' : ` (× ${value})`;
}

function renderInventory(diff: PlatformDiff, out: string[]): void {
  const cell = (b: InventoryFigures, a: InventoryFigures, key: keyof InventoryFigures) =>
    (b[key] === a[key] ? `${round(a[key])}` : `${round(b[key])} → **${round(a[key])}**`);
  const rows = diff.inventory.map((z) => {
    const name = z.zone === 'total' ? '**Total**' : `${z.zoneName} (\`${z.zone}\`)`;
    return `| ${name} | ${cell(z.before, z.after, 'servers')} | ${cell(z.before, z.after, 'vcpus')} | ` +
      `${cell(z.before, z.after, 'memoryGiB')} | ${cell(z.before, z.after, 'storageGiB')} |`;
  });
  changeTable(out, DIFF_HEADINGS.inventory, ['| Zone | Servers | vCPUs | Memory (GiB) | Storage (GiB) |', '|---|---:|---:|---:|---:|'], rows);
}

function renderResourceList(diff: PlatformDiff, out: string[]): void {
  const changes = diff.resources.changes;
  if (changes.length === 0) {
    return;
  }
  out.push(`<details><summary>Every changed resource (${changes.length})</summary>`, '');
  out.push('| Logical ID | Type | Change |');
  out.push('|---|---|---|');
  changes.forEach((c) => out.push(`| ${c.logicalId} | ${c.resourceType} | ${c.impact} |`));
  out.push('', '</details>', '');
}

function signed(value: number, prefix: string): string {
  const abs = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: prefix ? 2 : 0, maximumFractionDigits: 2 });
  return `${value > 0 ? '+' : value < 0 ? '-' : '±'}${prefix}${abs}`;
}

function round(value: number): string {
  return Number.isInteger(value) ? `${value}` : value.toFixed(1);
}
