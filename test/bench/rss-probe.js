// Preloaded into every Node process of a benchmark run (NODE_OPTIONS=--require): on exit, appends the
// process's peak resident memory to the file named by BENCH_RSS_FILE.
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) {
    const script = process.argv.slice(1, 2).map((a) => a.split('/').slice(-3).join('/')).join(' ');
    fs.appendFileSync(file, JSON.stringify({ pid: process.pid, script, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
  }
});
