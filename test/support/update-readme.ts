// Rewrites the generated parts of README.md from the code: `npx projen readme`.
import * as fs from 'fs';
import * as path from 'path';
import { acknowledgementRows, acknowledgementTable } from './acknowledgements';
import { synthPlatform } from './fixtures';

const README = path.join(__dirname, '..', '..', 'README.md');

const table = acknowledgementTable(acknowledgementRows(synthPlatform().stack));
const text = fs.readFileSync(README, 'utf-8').replace(
  /(<!-- acknowledgements:start -->\n)[\s\S]*?(\n<!-- acknowledgements:end -->)/,
  (_m, start: string, end: string) => `${start}${table}${end}`,
);
fs.writeFileSync(README, text);
console.log('README.md: acknowledgement table updated');
