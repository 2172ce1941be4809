#!/usr/bin/env node
// Benchmarks the README's synth command on the sample app: wall time and peak memory (the largest
// Node process: the CDK CLI or the app), median of several runs, plus the size of the template.
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
];

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
console.log(`Template: ${resources} resources (CloudFormation limit 500), ${(bytes / 1024).toFixed(0)} KiB minified (limit 1 MiB).`);
