import { CostLine } from './cost';
import { INVENTORY_TIERS } from './inventory';
import { money, section } from './markdown';
import { PlatformReport } from './report';
import { ZoneLossTier } from './zone-loss';

/** Section headings: stable, so reviewers (and tests) can find them. */
export const HEADINGS = {
  title: '# MultiAzHaPlatform report',
  inventory: '## 1. Inventory per zone',
  cost: '## 2. Estimated monthly cost',
  recovery: '## 3. Recovery per failure scenario',
  zoneLoss: '## 4. Zone-loss capacity',
  drills: '## 5. Drills (AWS FIS)',
} as const;

/** Renders the report as GitHub-flavoured markdown. */
export function renderMarkdown(report: PlatformReport): string {
  const out: string[] = [HEADINGS.title, ''];
  if (report.source) {
    out.push(`Template: \`${report.source}\` (${report.resourceCount} resources).`, '');
  }
  if (!report.hasPlatformResources) {
    out.push(`**No platform resources found:** ${report.emptyReason}.`, '',
      'There is nothing to inventory, price, or fail over. Point the command at the template of a stack that contains a MultiAzHaPlatform.', '');
    return out.join('\n');
  }
  for (const warning of report.warnings) {
    out.push(`> **WARNING (${warning.id}):** ${warning.message}`, '');
  }
  out.push(`Zones: ${report.zones.map((zone) => `${zone.name} = \`${zone.key}\``).join(', ') || 'none known'}.` +
    (report.zones.some((zone) => zone.role === 'quorum')
      ? ' The quorum zone holds only isolated subnets, for the quorum members of the data tiers: nothing there serves clients.' : ''), '');
  renderInventory(report, out);
  renderCost(report, out);
  renderRecovery(report, out);
  renderZoneLoss(report, out);
  renderDrills(report, out);
  return out.join('\n');
}

function renderInventory(report: PlatformReport, out: string[]): void {
  const inventory = report.inventory;
  const zones = inventory.zones;
  out.push(HEADINGS.inventory, '');
  out.push(`| Tier | ${zones.map((zone) => zone.zoneName).join(' | ')} | Total servers | vCPUs | Memory (GiB) | Storage (GiB) |`);
  out.push(`|---|${zones.map(() => '---:').join('|')}|---:|---:|---:|---:|`);
  for (const tier of INVENTORY_TIERS) {
    const items = inventory.items.filter((item) => item.tier === tier);
    if (items.length === 0) {
      continue;
    }
    const perZone = zones.map((zone) => zone.tiers.find((t) => t.tier === tier)!);
    const total = {
      servers: perZone.reduce((s, t) => s + t.servers, 0),
      vcpus: perZone.reduce((s, t) => s + t.vcpus, 0),
      memoryGiB: perZone.reduce((s, t) => s + t.memoryGiB, 0),
      storageGiB: perZone.reduce((s, t) => s + t.storageGiB, 0),
    };
    out.push(`| ${tier} | ${perZone.map((t) => t.servers).join(' | ')} | ${total.servers} | ${total.vcpus} | ${fmt(total.memoryGiB)} | ${total.storageGiB} |`);
  }
  const totals = inventory.totals;
  out.push(`| **Total** | ${zones.map((zone) => `**${zone.servers}**`).join(' | ')} | **${totals.servers}** | **${totals.vcpus}** | ` +
    `**${fmt(totals.memoryGiB)}** | **${totals.storageGiB}** |`, '');

  const reference = inventory.referenceArchitecture;
  out.push(`| Per zone | ${zones.map((zone) => zone.zoneName).join(' | ')} | Total | Reference architecture |`);
  out.push(`|---|${zones.map(() => '---:').join('|')}|---:|---:|`);
  out.push(`| Servers | ${zones.map((zone) => zone.servers).join(' | ')} | ${totals.servers} | ~${reference.servers} |`);
  out.push(`| vCPUs | ${zones.map((zone) => zone.vcpus).join(' | ')} | ${totals.vcpus} | ~${reference.vcpus} cores |`);
  out.push(`| Memory (GiB) | ${zones.map((zone) => fmt(zone.memoryGiB)).join(' | ')} | ${fmt(totals.memoryGiB)} | ~${reference.memoryGB} GB |`);
  out.push(`| Storage (GiB) | ${zones.map((zone) => zone.storageGiB).join(' | ')} | ${totals.storageGiB} | ~${reference.storageGB / 1000} TB |`, '');

  out.push('<details><summary>Servers by resource</summary>', '');
  out.push('| Tier | Resource | Role | Type | Zone | Count | vCPU each | GiB each | Storage (GiB) |');
  out.push('|---|---|---|---|---|---:|---:|---:|---:|');
  for (const item of inventory.items) {
    out.push(`| ${item.tier} | ${item.logicalId} | ${item.role} | ${item.instanceType ?? '?'} | ${item.zoneName} | ${item.count} | ` +
      `${item.vcpus ?? 'unknown'} | ${item.memoryGiB ?? 'unknown'} | ${item.storageGiB} |`);
  }
  out.push('', '</details>', '');
  inventory.notes.forEach((note) => out.push(`- ${note}`));
  out.push('');
}

function renderCost(report: PlatformReport, out: string[]): void {
  const cost = report.cost;
  out.push(HEADINGS.cost, '');
  out.push(`Prices: **${cost.region}** ${REGION_FROM[cost.regionFallback ? 'fallback' : cost.regionFrom]}, price table of ` +
    `**${cost.priceTableDate}**, ${cost.hoursPerMonth} hours a month.`, '');
  renderCostTotals(cost, out);
  out.push('| Resource | Item | Quantity | Unit price (USD) | Monthly (USD) | Reserved (USD) |');
  out.push('|---|---|---:|---:|---:|---:|');
  for (const line of cost.lines.filter((l) => l.status === 'PRICED')) {
    const reserved = line.reservedMonthlyUsd !== undefined ? money(line.reservedMonthlyUsd) : line.reservable ? 'on-demand' : '';
    out.push(`| ${line.logicalId} | ${line.item}${line.note ? ` (${line.note})` : ''} | ${fmt(line.quantity)} | ${unitPrice(line)} | ` +
      `${money(line.monthlyUsd ?? 0)} | ${reserved} |`);
  }
  out.push(`| **Total** | | | | **${money(cost.totalMonthlyUsd)}** | **${money(cost.reservedMonthlyUsd)}** |`, '');
  renderCeiling(cost, out);
  const unpriced = cost.lines.filter((line) => line.status === 'NO_PRICE');
  if (unpriced.length > 0) {
    out.push(`**Not priced** (${unpriced.length}; the totals leave them out):`, '');
    unpriced.forEach((line) => out.push(`- ${line.logicalId} (${line.resourceType}): ${line.item}: ${line.note}`));
    out.push('');
  }
  const usage = cost.lines.filter((line) => line.status === 'USAGE_BASED');
  if (usage.length > 0) {
    out.push(`**Usage-based** (${usage.length}, listed at $0): ${usage.map((line) =>
      `${line.logicalId} (${line.item}${line.unitUsd !== undefined && line.note ? `: ${line.note}` : ''})`).join('; ')}.`, '');
  }
  if (cost.freeResources.length > 0) {
    out.push(`**No charge of their own:** ${cost.freeResources.map((r) => `${r.count} × ${r.resourceType}`).join(', ')}.`, '');
  }
  cost.notes.forEach((note) => out.push(`- ${note}`));
  out.push(`- Price table source: ${cost.priceTableSource}`, '');
}

const REGION_FROM: Record<PlatformReport['cost']['regionFrom'] | 'fallback', string> = {
  metadata: '(the template\'s region, from the platform\'s template metadata)',
  zones: '(the template\'s region, from its zone names)',
  unknown: '(the template\'s region is unknown)',
  fallback: '(not the template\'s region: see the warning at the top)',
};

/** On-demand, reserved and ceiling totals against the reference architecture's ranges. */
function renderCostTotals(cost: PlatformReport['cost'], out: string[]): void {
  const range = (r: { low: number; high: number }) => `$${r.low.toLocaleString('en-US')}-${r.high.toLocaleString('en-US')}`;
  const verdict = (value: number, r: { low: number; high: number }) => `**${value < r.low ? 'below' : value > r.high ? 'above' : 'within'}**`;
  out.push('| Estimate | Monthly (USD) | Reference architecture | Against it |');
  out.push('|---|---:|---:|---|');
  out.push(`| On-demand | ${money(cost.totalMonthlyUsd)} | ${range(cost.referenceMonthlyUsd)} | ${verdict(cost.totalMonthlyUsd, cost.referenceMonthlyUsd)} |`);
  out.push(`| Reserved (${cost.reservedTerm}) | ${money(cost.reservedMonthlyUsd)} | ${range(cost.referenceReservedMonthlyUsd)} | ` +
    `${verdict(cost.reservedMonthlyUsd, cost.referenceReservedMonthlyUsd)} |`);
  out.push(`| Ceiling (every scaler at its maximum, on-demand) | ${money(cost.ceilingMonthlyUsd)} | - | - |`, '');
  const caveats = [
    cost.unpricedCount > 0 ? `**${cost.unpricedCount} line${cost.unpricedCount === 1 ? ' is' : 's are'} not priced** in ${cost.region} ` +
      '(listed below): every total leaves them out, so each is a lower bound.' : undefined,
    `Reserved: ${cost.reservedPricedCount} compute and database line${cost.reservedPricedCount === 1 ? '' : 's'} at a reserved price, ` +
      `${cost.reservedAtOnDemandCount} without a checked reserved price in the table, counted at on-demand.`,
  ].filter((line): line is string => line !== undefined);
  out.push(caveats.join(' '), '');
}

/** What each Auto Scaling group and Aurora reader scaler adds at its maximum. */
function renderCeiling(cost: PlatformReport['cost'], out: string[]): void {
  if (cost.ceiling.length === 0) {
    return;
  }
  out.push('| Scaler | Scales | Priced above | At maximum | Adds a month (USD) |');
  out.push('|---|---|---:|---:|---:|');
  for (const line of cost.ceiling) {
    out.push(`| ${line.logicalId} | ${line.item}${line.note ? ` (${line.note})` : ''} | ${line.current} | ${line.maximum ?? '?'} | ` +
      `${line.extraMonthlyUsd !== undefined ? money(line.extraMonthlyUsd) : 'not priced'} |`);
  }
  out.push('');
}

const TARGETS_FROM: Record<PlatformReport['recoveryTargetsFrom'], string> = {
  template: 'the platform\'s own (`resilience.targets`, carried in the template\'s metadata)',
  options: 'given to the report (`--targets`), over the template\'s',
  defaults: 'the defaults (the template carries no platform targets)',
};

function renderRecovery(report: PlatformReport, out: string[]): void {
  out.push(HEADINGS.recovery, '');
  out.push(`Targets: ${TARGETS_FROM[report.recoveryTargetsFrom]}.`, '');
  out.push('| Scenario | Expected recovery | Target | Meets target | Data loss |');
  out.push('|---|---:|---:|---|---|');
  for (const s of report.recovery.scenarios) {
    const expected = s.status === 'NOT_APPLICABLE' ? 'n/a' : s.expectedSeconds === undefined ? 'no automatic recovery' : `${s.expectedSeconds} s`;
    const verdict = s.status === 'NOT_APPLICABLE' ? 'n/a' : s.meets ? 'yes' : '**NO**';
    out.push(`| ${s.title} | ${expected} | ≤ ${s.target} s | ${verdict} | ${s.dataLoss} |`);
  }
  out.push('', 'How each figure is computed:', '');
  for (const s of report.recovery.scenarios) {
    out.push(`- **${s.title}**: ${s.basis}.${s.citation ? ` Source: ${s.citation}.` : ''}`);
    s.notes.forEach((note) => out.push(`  - ${note}`));
    if (s.remedy) {
      out.push(`  - To meet the target: ${s.remedy}.`);
    }
  }
  out.push('');
}

function renderZoneLoss(report: PlatformReport, out: string[]): void {
  if (!section(out, HEADINGS.zoneLoss, report.zoneLoss, 'The template places no resource in a known Availability Zone.')) {
    return;
  }
  for (const zone of report.zoneLoss) {
    out.push(`### If ${zone.zoneName} (\`${zone.zone}\`) is lost`, '');
    out.push('| Tier | Keeps serving | Back within | What remains |');
    out.push('|---|---|---|---|');
    for (const tier of zone.tiers) {
      const status = tier.status === 'SERVES' ? 'yes' : tier.status === 'DOWN' ? '**NO**' : 'depends';
      out.push(`| ${tier.tier} | ${status} | ${backWithin(tier)} | ${tier.detail}${tier.remedy ? ` To restore: ${tier.remedy}.` : ''} |`);
    }
    out.push('');
  }
}

function renderDrills(report: PlatformReport, out: string[]): void {
  if (report.drills.length === 0) {
    return;
  }
  out.push(HEADINGS.drills, '');
  out.push('Experiment templates cost nothing until started (`aws fis start-experiment --experiment-template-id <id>`). ' +
    'Compare the recovery you measure with the prediction: the figures of section 3 for the same scenario.', '');
  out.push('| Drill | Rehearses | Actions | Runs for | Stops on | Predicted recovery |');
  out.push('|---|---|---|---:|---:|---:|');
  for (const drill of report.drills) {
    const predicted = drill.predictedSeconds === undefined ? '-'
      : `${drill.predictedSeconds} s${drill.targetSeconds === undefined ? '' : ` (target ${drill.targetSeconds} s)`}`;
    const runs = drill.durationSeconds === undefined ? '-' : `${Math.round(drill.durationSeconds / 60)} min`;
    out.push(`| ${drill.logicalId} | ${drill.title} | ${[...new Set(drill.actions)].map((a) => `\`${a}\``).join(', ')} | ${runs} | ` +
      `${drill.stopAlarms} alarm${drill.stopAlarms === 1 ? '' : 's'} | ${predicted} |`);
  }
  out.push('');
}

/** "0 s", "~30 s (≤ 30 s)", "**~120 s (target 30 s: missed)**", or "-" when nothing brings it back on its own. */
function backWithin(tier: ZoneLossTier): string {
  if (tier.recoverySeconds === undefined) {
    return '-';
  }
  if (tier.recoverySeconds === 0) {
    return '0 s';
  }
  if (tier.targetSeconds === undefined) {
    return `~${tier.recoverySeconds} s`;
  }
  return tier.meetsTarget
    ? `~${tier.recoverySeconds} s (≤ ${tier.targetSeconds} s)`
    : `**~${tier.recoverySeconds} s (target ${tier.targetSeconds} s: missed)**`;
}

function unitPrice(line: CostLine): string {
  if (line.unitUsd === undefined) {
    return '-';
  }
  return `${line.unitUsd} / ${line.unit}`;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
