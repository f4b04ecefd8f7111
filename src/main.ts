import path from 'node:path';
import { type Config, loadConfigOrExit } from './config';
import { migrate } from './db/migrate';
import { resolveDatabase } from './db/resolve-database';
import { seedDemoIfEmpty } from './db/seed/demo';
import { demoSignInsPath, demoSignInsWork, loadDemoSignIns, saveDemoSignIns } from './db/seed/demo-sign-ins';
import { createLogger, type Logger } from './logger';
import { readyBanner } from './startup/banner';
import { createApp } from './server/app';

/** `npm start`: database (embedded when DATABASE_URL is unset) → migrations → demo seed → serve. */
async function main() {
  const started = Date.now();
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const database = await resolveDatabase(config, log);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await app?.stop();
      await database.stop();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const result = await migrate(database.url, { log: (m) => log.info(m) });
    log.info({ applied: result.applied.length }, 'migrations up to date');
    const demo = config.SEED_DEMO ? await demoSignIns(config, database.url, log) : undefined;
    app = await createApp({ config, log, databaseUrl: database.url });
    const port = await app.http.listen(config.PORT, config.HOST);
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
    log.fatal({ err }, 'failed to start');
    await app?.stop().catch(() => undefined);
    await database.stop().catch(() => undefined);
    process.exit(1);
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
  if (seeded) return { signIns: seeded, file: await saveDemoSignIns(config.DATA_DIR, seeded) };
  const saved = await loadDemoSignIns(config.DATA_DIR);
  if (saved && (await demoSignInsWork(url, saved)))
    return { signIns: saved, file: demoSignInsPath(config.DATA_DIR) };
  return undefined;
}

void main();
