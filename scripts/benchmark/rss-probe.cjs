// Preloaded (NODE_OPTIONS=--require) into every Node process of a benchmarked
// command when GNU time is missing: appends the process's peak RSS (KiB) and
// CPU seconds to $CNPG_BENCH_RSS_OUT on exit.
'use strict';
const fs = require('fs');

const out = process.env.CNPG_BENCH_RSS_OUT;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.appendFileSync(out, `${JSON.stringify({ pid: process.pid, maxRSS: usage.maxRSS, cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
  });
}
