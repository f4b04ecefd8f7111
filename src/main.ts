import './startup/node-version';
import path from 'node:path';
import { type Config, loadConfigOrExit } from './config';
import { migrate } from './db/migrate';
import { resolveDatabase } from './db/resolve-database';
import { seedDemoIfEmpty } from './db/seed/demo';
import { demoSignInsPath, demoSignInsWork, loadDemoSignIns, saveDemoSignIns } from './db/seed/demo-sign-ins';
import { createLogger, type Logger } from './logger';
import { createApp } from './server/app';
import { readyBanner } from './startup/banner';
import { createLifecycle } from './startup/lifecycle';
import { assertPortFree, portError } from './startup/port';

/**
 * `npm start`: port check → database (embedded when DATABASE_URL is unset) → migrations → demo
 * seed → serve. A failure a person can fix prints one sentence with the fix and exits 1; SIGINT
 * and SIGTERM at any moment stop everything in order and exit 0.
 */
async function main() {
  const started = Date.now();
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const life = createLifecycle(log, { production: config.NODE_ENV === 'production' });
  let databaseUrl = config.DATABASE_URL;
  try {
    await assertPortFree(config.PORT, config.HOST);
    const database = await resolveDatabase(config, log, {
      owner: 'npm start',
      share: false,
      signal: life.signal,
    });
    life.onStop(() => database.stop());
    databaseUrl = database.url;
    life.signal.throwIfAborted();

    // Migrations and the demo seed hold session advisory locks: never through a transaction pooler.
    const directUrl = config.DATABASE_DIRECT_URL ?? database.url;
    const result = await migrate(directUrl, { log: (m) => log.info(m) });
    log.info({ applied: result.applied.length }, 'migrations up to date');
    life.signal.throwIfAborted();
    const demo = config.SEED_DEMO ? await demoSignIns(config, directUrl, log) : undefined;
    life.signal.throwIfAborted();

    const app = await createApp({ config, log, databaseUrl: database.url });
    life.onStop(() => app.stop());
    const port = await app.http.listen(config.PORT, config.HOST).catch((err: NodeJS.ErrnoException) => {
      throw portError(err, config.PORT, config.HOST);
    });
    const metricsHost = config.METRICS_HOST ?? config.HOST;
    const metricsPort = await app.http.listenMetrics().catch((err: NodeJS.ErrnoException) => {
      throw portError(err, config.METRICS_PORT!, metricsHost, 'METRICS_PORT');
    });
    if (metricsPort !== null) log.info({ port: metricsPort, host: metricsHost }, 'metrics listening');
    else if (config.METRICS_TOKEN === undefined)
      log.info('metrics not served (set METRICS_PORT or METRICS_TOKEN to serve /metrics)');
    const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    const graphqlUrl = `http://${shown}:${port}/graphql`;
    const ms = Date.now() - started;
    log.info(
      { port, ms, embeddedDatabase: database.embedded, node: process.version, demoSignIns: demo?.file },
      `Bazaar ready at ${graphqlUrl}`,
    );
    // People read this; log shippers (production) get the JSON line above and no passwords.
    if (config.NODE_ENV !== 'production') {
      process.stdout.write(
        readyBanner({
          graphqlUrl,
          databaseUrl: database.url,
          embedded: database.embedded,
          signIns: demo?.signIns,
          signInsFile: demo?.file && shortPath(demo.file),
          ms,
        }),
      );
    }
  } catch (err) {
    await life.fail(err, databaseUrl);
  } finally {
    life.settled();
  }
}

/** `.data/x` for a file under the working directory, the absolute path otherwise. */
const shortPath = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

/**
 * The demo sign-ins to show: generated and saved when this start seeded the demo, else the saved
 * ones when they still work on this database (never a sign-in that would be refused).
 */
async function demoSignIns(config: Config, url: string, log: Logger) {
  const seeded = await seedDemoIfEmpty(url, log, config);
  if (seeded) return { signIns: seeded, file: await saveDemoSignIns(config.DATA_DIR, url, seeded) };
  const saved = await loadDemoSignIns(config.DATA_DIR, url);
  if (saved && (await demoSignInsWork(url, saved))) {
    return { signIns: saved, file: demoSignInsPath(config.DATA_DIR) };
  }
  return undefined;
}

void main();
