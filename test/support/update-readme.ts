// Rewrites the generated parts of README.md from the code: `npx projen readme`.
import * as fs from 'fs';
import * as path from 'path';
import { acknowledgementRows, acknowledgementTable } from './acknowledgements';
import { architectureDiagram } from './diagram';
import { synthPlatform } from './fixtures';
import { REPORT_SAMPLE_FILE, sampleAppReport } from './report-sample';

const ROOT = path.join(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');

const platform = synthPlatform();
const table = acknowledgementTable(acknowledgementRows(platform.stack));
const diagram = architectureDiagram(platform.template.toJSON() as any);
const text = fs.readFileSync(README, 'utf-8').replace(
  /(<!-- acknowledgements:start -->\n)[\s\S]*?(\n<!-- acknowledgements:end -->)/,
  (_m, start: string, end: string) => `${start}${table}${end}`,
).replace(
  /(<!-- diagram:start -->\n)[\s\S]*?(\n<!-- diagram:end -->)/,
  (_m, start: string, end: string) => `${start}${diagram}${end}`,
);
fs.writeFileSync(README, text);
console.log('README.md: acknowledgement table updated');

fs.writeFileSync(path.join(ROOT, REPORT_SAMPLE_FILE), sampleAppReport());
console.log(`${REPORT_SAMPLE_FILE}: the sample app's report updated`);
