#!/usr/bin/env node
// Benchmarks the README's synth command and `npx cdk synth` on the sample app against a baseline (the same synth run
// as a `cdk init` app runs it): wall time and peak memory (the largest Node process: the CDK CLI or the app), median
// of several runs, plus the size of the template.
// Usage: node test/bench/bench.js [runs=5]
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const RUNS = Number(process.argv[2] ?? 5);
const PROBE = path.join(__dirname, 'rss-probe.js');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function run(label, command, args, extraEnv) {
  const times = [];
  const peaks = [];
  for (let i = 0; i < RUNS; i++) {
    const rssFile = path.join(os.tmpdir(), `bench-rss-${process.pid}-${i}.jsonl`);
    fs.rmSync(rssFile, { force: true });
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ...extraEnv,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PROBE}`.trim(),
        BENCH_RSS_FILE: rssFile,
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      throw new Error(`${label} failed with exit code ${result.status}`);
    }
    const processes = fs.readFileSync(rssFile, 'utf-8').trim().split('\n').map((line) => JSON.parse(line));
    fs.rmSync(rssFile, { force: true });
    times.push(seconds);
    peaks.push(Math.max(...processes.map((p) => p.maxRssKiB)) / 1024);
  }
  return { label, medianSeconds: median(times), medianPeakMiB: median(peaks), runs: RUNS };
}

const results = [
  run('npm run synth (README command, schema validation off)', 'npm', ['run', '--silent', 'synth'], {}),
  run('npx cdk synth (with CloudFormation schema validation)', 'npx', ['cdk', 'synth', '--quiet'], {}),
  // The baseline: the same synth with the app command `cdk init` writes for a TypeScript app (ts-node, which
  // type-checks the app and the library on every run). The sample's cdk.json runs ts-node with SWC instead.
  run('baseline: npx cdk synth, as a `cdk init` app runs (npx ts-node, type-checking)', 'npx',
    ['cdk', 'synth', '--quiet', '--app', 'npx ts-node bin/app.ts'], {}),
];
const [, sample, baseline] = results;

const template = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.out', 'MultiAzHaPlatformSample.template.json'), 'utf-8'));
const bytes = Buffer.byteLength(JSON.stringify(template));
const resources = Object.keys(template.Resources).length;

console.log(`Sample app synth, median of ${RUNS} runs on ${os.cpus().length} cores (${process.version})`);
console.log('');
console.log('| command | wall time | peak memory (largest process) |');
console.log('|---|---|---|');
for (const r of results) {
  console.log(`| ${r.label} | ${r.medianSeconds.toFixed(2)} s | ${r.medianPeakMiB.toFixed(0)} MiB |`);
}
console.log('');
console.log(`npx cdk synth of the sample: ${(sample.medianSeconds / baseline.medianSeconds).toFixed(2)} of the baseline's time, ` +
  `${(sample.medianPeakMiB / baseline.medianPeakMiB).toFixed(2)} of its memory.`);
console.log(`Template: ${resources} resources (CloudFormation limit 500), ${(bytes / 1024).toFixed(0)} KiB minified (limit 1 MiB).`);
