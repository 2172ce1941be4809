// Reads a platform report (markdown) on stdin and fails unless it has its four sections (the ci:report task).
const SECTIONS = ['## 1. Inventory per zone', '## 2. Estimated monthly cost', '## 3. Recovery per failure scenario', '## 4. Zone-loss capacity'];

const report = require('fs').readFileSync(0, 'utf-8');
const missing = SECTIONS.filter((heading) => !report.includes(heading));
if (missing.length > 0) {
  console.error(`The sample app's report lacks: ${missing.join('; ')} (${report.length} characters read)`);
  process.exit(1);
}
console.log(`The sample app's report has its ${SECTIONS.length} sections.`);
