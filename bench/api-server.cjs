// The API as the benches run it: a child process of bench/harness.ts with the production
// settings (NODE_ENV=production, job workers in the process) and, by default, the production
// build (dist/, plain node: what `npm start` and the image run; BENCH_BUILD=src runs src/ through
// tsx instead, with its loader's memory), counting the SQL statements it sends.
// Env: DATABASE_URL, PORT (0 = any), BENCH_STATEMENT_LOG (a file to append each counted statement
// to), plus any config variable. Reports `{ port }` over IPC and answers `'stats'` with
// `{ statements, cpuMs }` since the last `'stats'` and the process's `rssMb` / `heapUsedMb` now
// (after a GC when run with --expose-gc), `'stop'` by shutting down.
const { appendFileSync } = require('node:fs');
const path = require('node:path');

process.env.NODE_ENV ??= 'production';
const root = path.resolve(__dirname, '..', process.env.BENCH_BUILD === 'src' ? 'src' : 'dist');
const { loadConfig } = require(path.join(root, 'config'));
const { createLogger } = require(path.join(root, 'logger'));
const { createApp } = require(path.join(root, 'server', 'app'));

async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  let statements = 0;
  let cpuSince = process.cpuUsage();
  // The search-log worker's inserts are background work, not part of any request.
  const statementLog = process.env.BENCH_STATEMENT_LOG;
  const onQuery = (sql) => {
    if (sql.trimStart().startsWith('INSERT INTO search_logs')) return;
    statements++;
    if (statementLog) appendFileSync(statementLog, `${sql.trim().replace(/\s+/g, ' ').slice(0, 120)}\n`);
  };
  const app = await createApp({
    config,
    log: createLogger('warn'),
    databaseUrl: config.DATABASE_URL,
    onQuery,
  });
  const port = await app.http.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.on('message', (m) => {
    if (m === 'stats') {
      const cpu = process.cpuUsage(cpuSince);
      cpuSince = process.cpuUsage();
      // Memory after a full collection when the bench started node with --expose-gc.
      globalThis.gc?.();
      const mem = process.memoryUsage();
      process.send({
        statements,
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssMb: mem.rss / 2 ** 20,
        heapUsedMb: mem.heapUsed / 2 ** 20,
        heapTotalMb: mem.heapTotal / 2 ** 20,
        externalMb: mem.external / 2 ** 20,
      });
      statements = 0;
    } else if (m === 'stop') {
      void app.stop().then(() => process.exit(0));
    }
  });
  process.send({ port });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
