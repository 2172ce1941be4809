import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The file that lists every acknowledgement, between `<!-- acknowledgements:start -->` and `:end -->` markers. */
export const ACKNOWLEDGEMENTS_FILE = 'docs/compliance.md';

export interface AcknowledgementRow {
  readonly rule: string;
  /** Construct path below the platform; zone-specific paths are folded (`Zone{1,2}`). */
  readonly resource: string;
  readonly reason: string;
}

/** Every cdk-nag acknowledgement the platform records in a stack, one row per rule and resource. */
export function acknowledgementRows(stack: Stack, platformId = 'Platform'): AcknowledgementRow[] {
  const rows = new Map<string, AcknowledgementRow>();
  for (const construct of stack.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        continue;
      }
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const rule = id.replace(/^Annotation::/, '');
        if (!rule.startsWith('AwsSolutions-') && !rule.startsWith('NIST') && !rule.startsWith('HIPAA') && !rule.startsWith('PCI')) {
          continue; // aws-cdk-lib's own acknowledgements of its schema validation
        }
        const resource = construct.node.path.split(`/${platformId}/`)[1].replace(/Zone[12]/g, 'Zone{1,2}');
        rows.set(`${rule} ${resource}`, { rule, resource, reason });
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.resource.localeCompare(b.resource));
}

/** The table of acknowledgements in {@link ACKNOWLEDGEMENTS_FILE}. */
export function acknowledgementTable(rows: AcknowledgementRow[]): string {
  return [
    '| Rule | Resource (under the platform) | Reason |',
    '|---|---|---|',
    ...rows.map((r) => `| \`${r.rule}\` | \`${r.resource}\` | ${r.reason} |`),
  ].join('\n');
}

/** Rules acknowledged on a construct (cdk-nag findings kept on purpose, with their reasons), by rule id. */
export function acknowledgedRules(construct: IConstruct): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const entry of construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
    for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
      rules[id.replace(/^Annotation::/, '')] = reason;
    }
  }
  return rules;
}
