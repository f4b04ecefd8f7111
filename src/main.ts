import { loadConfigOrExit } from './config';
import { migrate } from './db/migrate';
import { resolveDatabase } from './db/resolve-database';
import { seedDemoIfEmpty } from './db/seed/demo';
import { createLogger } from './logger';
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
    if (config.SEED_DEMO) await seedDemoIfEmpty(database.url, log);
    app = await createApp({ config, log, databaseUrl: database.url });
    const port = await app.http.listen(config.PORT, config.HOST);
    const shown = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    log.info(
      { port, ms: Date.now() - started, embeddedDatabase: database.embedded, node: process.version },
      `Bazaar ready at http://${shown}:${port}/graphql`,
    );
  } catch (err) {
    log.fatal({ err }, 'failed to start');
    await app?.stop().catch(() => undefined);
    await database.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
