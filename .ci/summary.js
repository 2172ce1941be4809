// The last lines of .ci/run: jest's own totals over every jest run, so a run that executed no test shows as such,
// ending with `N passed, N failed`. A failed CI step that is not a jest test counts as one failed, and so does a
// jest step that failed beyond its tests (type-check, eslint, jest not starting).
// Usage: node .ci/summary.js <failed non-jest steps> <jest step>=<its jest results file, or nothing>:<exit code> ...
const fs = require('fs');

const [steps, ...runs] = process.argv.slice(2);
let passed = 0;
let failed = Number(steps);
if (runs.length === 0) {
  console.log('FAILED: no jest step ran');
  failed += 1;
}
for (const run of runs) {
  const [label, rest] = run.split('=');
  const file = rest.slice(0, rest.lastIndexOf(':'));
  const rc = Number(rest.slice(rest.lastIndexOf(':') + 1));
  if (!file || !fs.existsSync(file)) {
    console.log(`FAILED: jest in ${label}: no results file (exit code ${rc})`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const f = r.numFailedTests + r.numRuntimeErrorTestSuites;
  console.log(`jest in ${label} (${file}): ${r.numPassedTests} passed, ${f} failed (${r.numTotalTestSuites} suites)`);
  passed += r.numPassedTests;
  failed += f;
  if (r.numTotalTests === 0) {
    console.log(`FAILED: jest in ${label} ran no test`);
    failed += 1;
  } else if (rc !== 0 && f === 0) {
    console.log(`FAILED: the ${label} step (exit code ${rc}) beyond its tests: type-check, eslint or jest itself`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
