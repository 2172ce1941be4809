// Rewrites the generated parts of README.md and docs/ from the code: `npx projen readme`.
import * as fs from 'fs';
import * as path from 'path';
import { acknowledgementRows, acknowledgementTable, ACKNOWLEDGEMENTS_FILE } from './acknowledgements';
import { architectureDiagram } from './diagram';
import { synthPlatform } from './fixtures';
import { DEFAULTS_FILE, optionsSections, withOptionsTables } from './options-tables';
import { REPORT_SAMPLE_FILE, sampleAppReport } from './report-sample';

const ROOT = path.join(__dirname, '..', '..');

/** Rewrites one file of the repository with `update`. */
function rewrite(file: string, update: (text: string) => string, what: string): void {
  const full = path.join(ROOT, file);
  fs.writeFileSync(full, update(fs.readFileSync(full, 'utf-8')));
  console.log(`${file}: ${what} updated`);
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->` replaced with `content`. */
function between(name: string, content: string): (text: string) => string {
  const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  return (text) => {
    if (!pattern.test(text)) {
      throw new Error(`the <!-- ${name}:start --> and <!-- ${name}:end --> markers are missing`);
    }
    return text.replace(pattern, (_m, start: string, end: string) => `${start}${content}${end}`);
  };
}

const platform = synthPlatform();
rewrite('README.md', between('diagram', architectureDiagram(platform.template.toJSON() as any)), 'the architecture diagram');
rewrite(ACKNOWLEDGEMENTS_FILE, between('acknowledgements', acknowledgementTable(acknowledgementRows(platform.stack))),
  'the cdk-nag acknowledgement table');
rewrite(DEFAULTS_FILE, (text) => withOptionsTables(text, optionsSections()), 'the option tables');

fs.writeFileSync(path.join(ROOT, REPORT_SAMPLE_FILE), sampleAppReport());
console.log(`${REPORT_SAMPLE_FILE}: the sample app's report updated`);
