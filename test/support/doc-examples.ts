// The TypeScript examples of README.md and docs/*.md as files a compiler can check: `npx projen typecheck` (and
// `npm test`: test/support/static-checks.ts) writes them to .doc-examples/ (git-ignored) with a tsconfig.json, then
// type-checks them with tsc against lib/ as the package `cdk-multi-az-ha-platform`. test/docs/readme.test.ts checks
// that the docs keep their examples.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
/** Where the examples are written, from the repository root. */
export const DOC_EXAMPLES_DIR = '.doc-examples';

/**
 * What examples without imports of their own may use, as the prose around them introduces it: jsii-rosetta's fixture
 * for the README's snippets (rosetta/default.ts-fixture, without its `/// here` marker), and cdk-nag for the docs'
 * (rosetta compiles the README against the package's own dependencies, where cdk-nag is not).
 */
function prelude(): string {
  const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', 'default.ts-fixture'), 'utf-8').replace(/^\/\/\/ here$/m, '');
  return `import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';\n${fixture}`;
}

/** The ```ts blocks of a markdown text, fences at the start of a line (with or without jsii-rosetta's metadata: ```ts nofixture). */
export function tsExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts(?: [^\n`]*)?\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/** README.md and every markdown file of docs/, by path from the repository root. */
export function markdownFiles(): Map<string, string> {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort();
  return new Map(['README.md', ...docs.map((name) => `docs/${name}`)]
    .map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf-8')]));
}

/** Each example as a TypeScript module (`<markdown file>-<n>.ts`); one without imports gets the prelude. */
export function docExampleModules(): Map<string, string> {
  return new Map([...markdownFiles()].flatMap(([file, text]) => tsExamples(text).map((code, i) => [
    `${path.basename(file, '.md')}-${i}.ts`,
    /^import /m.test(code) ? `${code}\nexport {};\n` : `${prelude()}\n${code}\nexport {};\n`,
  ] as const)));
}

/** The compiler options of the examples: the library's, without the unused-name checks (examples show a part). */
const TSCONFIG = {
  extends: '../tsconfig.json',
  compilerOptions: {
    noEmit: true,
    rootDir: '..',
    noUnusedLocals: false,
    noUnusedParameters: false,
    types: ['node'],
    paths: { 'cdk-multi-az-ha-platform': ['../lib/index.ts'] },
  },
  include: ['*.ts'],
};

/** Writes the examples and their tsconfig.json to {@link DOC_EXAMPLES_DIR}, replacing what was there. */
export function writeDocExamples(): void {
  const dir = path.join(ROOT, DOC_EXAMPLES_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, undefined, 2)}\n`);
  for (const [name, code] of docExampleModules()) {
    fs.writeFileSync(path.join(dir, name), code);
  }
}
