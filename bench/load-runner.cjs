#!/usr/bin/env node
// The load generator of the benches, in its own process (as a real client would be): sharing the
// server's event loop would halve what the server can serve. Reads one JSON job on stdin
// ({ url, connections, seconds, bodies, headers? }), prints one JSON result on stdout.
const autocannon = require('autocannon');

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const times = [];
  let failed = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    requests: job.bodies.map((body) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(job.headers || {}) },
      body,
    })),
    setupClient: (client) => {
      client.on('body', (buf) => {
        if (buf.includes('"errors"')) failed++;
      });
      // Every response time, for exact percentiles (autocannon's summary has no p95).
      client.on('response', (_status, _bytes, ms) => times.push(ms));
    },
  });
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] || 0;
  process.stdout.write(
    JSON.stringify({
      reqPerSec: result.requests.total / job.seconds,
      total: result.requests.total,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      failed: failed + result.non2xx + result.errors,
    }),
  );
});
