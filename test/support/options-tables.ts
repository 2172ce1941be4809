// The option tables of docs/defaults.md, generated from the props' own doc comments in lib/ (the same text jsii
// puts in API.md and .jsii), so the documented defaults cannot drift from the code's `@default`s.
// `npx projen readme` rewrites them; test/docs/docs.test.ts checks them.
import * as path from 'path';
import * as ts from 'typescript';
import { sourceFilesAt } from './source-files';

const ROOT = path.join(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
export const DEFAULTS_FILE = 'docs/defaults.md';

export interface OptionRow {
  readonly name: string;
  readonly defaultValue: string;
  readonly description: string;
}

/** One table: the options of one object of the platform's props, by its path (`dns.autoEvacuation`). */
export interface OptionsSection {
  /** `platform` for the root props that are not a tier's options object. */
  readonly key: string;
  readonly rows: OptionRow[];
}

/** Every options object of `MultiAzHaPlatformProps`, depth first, the root's own settings first. */
export function optionsSections(lib = LIB): OptionsSection[] {
  // lib/ alone, without aws-cdk-lib's declarations: the props' docs are all that is read (seconds, not tens).
  const program = ts.createProgram(sourceFilesAt(lib), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    noResolve: true,
    noLib: true,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(lib, 'platform.ts'))!;
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration =>
    ts.isInterfaceDeclaration(s) && s.name.text === 'MultiAzHaPlatformProps')!;
  const rootType = checker.getTypeAtLocation(declaration);

  const optionsObject = (prop: ts.Symbol): ts.Type | undefined => {
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
    const symbol = type.getSymbol();
    const isLibInterface = (symbol?.declarations ?? []).some((d) =>
      ts.isInterfaceDeclaration(d) && path.resolve(d.getSourceFile().fileName).startsWith(path.resolve(lib) + path.sep));
    return isLibInterface ? type : undefined;
  };
  const rowOf = (prop: ts.Symbol): OptionRow => {
    const tag = prop.getJsDocTags(checker).find((t) => t.name === 'default');
    return {
      name: prop.name,
      defaultValue: defaultCell(tag ? ts.displayPartsToString(tag.text) : ''),
      description: cell(ts.displayPartsToString(prop.getDocumentationComment(checker))),
    };
  };

  const sections: OptionsSection[] = [];
  const walk = (key: string, type: ts.Type) => {
    const props = checker.getPropertiesOfType(type);
    sections.push({ key, rows: props.map(rowOf) });
    for (const prop of props) {
      const nested = optionsObject(prop);
      if (nested) {
        walk(`${key}.${prop.name}`, nested);
      }
    }
  };
  const rootProps = checker.getPropertiesOfType(rootType);
  sections.push({ key: 'platform', rows: rootProps.filter((p) => !optionsObject(p)).map(rowOf) });
  for (const prop of rootProps) {
    const nested = optionsObject(prop);
    if (nested) {
      walk(prop.name, nested);
    }
  }
  return sections;
}

/** The markdown table of one section. */
export function optionsTable(section: OptionsSection): string {
  const prefix = section.key === 'platform' ? '' : `${section.key}.`;
  return [
    '| Option | Default | What it is |',
    '|---|---|---|',
    ...section.rows.map((r) => `| \`${prefix}${r.name}\` | ${r.defaultValue} | ${r.description} |`),
  ].join('\n');
}

export const startMarker = (key: string) => `<!-- options:${key}:start -->`;
export const endMarker = (key: string) => `<!-- options:${key}:end -->`;

function markedPattern(key: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escape(startMarker(key))}\\n(?:([\\s\\S]*?)\\n)?${escape(endMarker(key))}`);
}

/** The generated table between a section's markers in `text` ('' when empty), or undefined without markers. */
export function tableIn(text: string, key: string): string | undefined {
  const match = markedPattern(key).exec(text);
  return match ? match[1] ?? '' : undefined;
}

/** `text` with every section's table regenerated; a section without markers yet is appended at the end. */
export function withOptionsTables(text: string, sections: OptionsSection[]): string {
  let out = text;
  for (const section of sections) {
    const marked = `${startMarker(section.key)}\n${optionsTable(section)}\n${endMarker(section.key)}`;
    out = tableIn(out, section.key) === undefined
      ? `${out.trimEnd()}\n\n## \`${section.key}\`\n\n${marked}\n`
      : out.replace(markedPattern(section.key), () => marked);
  }
  return out;
}

/** The keys of the marker pairs in `text`, to find tables of options that no longer exist. */
export function markedKeys(text: string): string[] {
  return [...text.matchAll(/<!-- options:([\w.]+):start -->/g)].map((m) => m[1]);
}

function cell(text: string): string {
  return text
    .replace(/\{@link\s+([^}\s|]+)(?:[\s|]+([^}]*))?\}/g, (_m, target: string, label?: string) => `\`${(label || target).trim()}\``)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function defaultCell(text: string): string {
  const value = cell(text);
  if (value === '') {
    return 'required';
  }
  if (value.startsWith('- ')) {
    return value.slice(2);
  }
  if (value.includes('`')) {
    return value;
  }
  if (/^(\S+|\[[^\]]*\]|'[^']*')$/.test(value)) {
    return `\`${value}\``; // a value: 22, '/health', [4, 4], Duration.minutes(5)
  }
  // A value and a remark, `c7g.xlarge (4 vCPU, 8 GiB)`, or prose.
  return value.replace(/^(\S+)( \(.*)$/, '`$1`$2');
}
