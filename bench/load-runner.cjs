#!/usr/bin/env node
// The load generator of the benches, in its own process (as a real client would be): sharing the
// server's event loop would halve what the server can serve. Reads one JSON job on stdin, prints
// one JSON result on stdout. Two kinds of job:
// - { url, connections, seconds, bodies, headers? }: for `seconds`, cycling through `bodies`;
// - { url, connections, requests: [{ body, headers }], ok? }: every request sent exactly once
//   (operations that consume what they act on, like a checkout its cart), req/s over the time
//   they took; a response counts as failed unless it contains the text `ok` (when given).
const autocannon = require('autocannon');

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const times = [];
  let failed = 0;
  const once = job.requests;
  let next = 0;
  const source = once
    ? {
        amount: once.length,
        // A slow response is measured, not abandoned and re-sent.
        timeout: 60,
        requests: [
          {
            method: 'POST',
            // Called once per request sent (autocannon builds a request right before sending it).
            setupRequest: (req) => {
              const r = once[next++];
              return {
                ...req,
                method: 'POST',
                headers: { 'content-type': 'application/json', ...r.headers },
                body: r.body,
              };
            },
          },
        ],
      }
    : {
        duration: job.seconds,
        requests: job.bodies.map((body) => ({
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(job.headers || {}) },
          body,
        })),
      };
  const started = performance.now();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    ...source,
    setupClient: (client) => {
      client.on('body', (buf) => {
        if (buf.includes('"errors"') || (job.ok && !buf.includes(job.ok))) failed++;
      });
      // Every response time, for exact percentiles (autocannon's summary has no p95).
      client.on('response', (_status, _bytes, ms) => times.push(ms));
    },
  });
  const seconds = once ? (performance.now() - started) / 1000 : job.seconds;
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] || 0;
  process.stdout.write(
    JSON.stringify({
      reqPerSec: result.requests.total / seconds,
      total: result.requests.total,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      failed: failed + result.non2xx + result.errors,
    }),
  );
});
