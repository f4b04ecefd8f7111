/**
 * `npm run bench:jobs`: runs each scheduled job that is not a retention job (those are in
 * bench/retention.ts) through its real handler on DATABASE_URL, twice — the first run does what
 * the data asks for, the second is what every later tick costs when nothing new came in — and
 * prints the time and the job's own output. It CHANGES the database as the jobs would (expired
 * orders cancelled, idle chat sessions ended, alerts raised): run it on a copy, e.g.
 * `createdb -T seedbench bench_jobs`.
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_jobs npm run bench:jobs
 */
import './production-env';
import { evaluateAlerts } from '../src/jobs/handlers/evaluate-wishlist-alerts';
import { expireChatSessions } from '../src/jobs/handlers/expire-chat-sessions';
import { cancelExpiredOrders } from '../src/jobs/handlers/order-jobs';
import { refreshCustomerAffinities } from '../src/jobs/handlers/refresh-affinities';
import { runAnalyticsRefresh } from '../src/jobs/handlers/refresh-analytics';
import { rollupLlmUsage } from '../src/jobs/handlers/rollup-llm-usage';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { sweepNotifications } from '../src/modules/notifications/notification.worker';
import { createApp } from '../src/server/app';
import type { AppDeps } from '../src/server/context';

/** The scheduled jobs, as their cron runs them (the payload a schedule sends is empty). */
const JOBS: [name: string, cron: string, run: (deps: AppDeps) => Promise<unknown>][] = [
  ['analytics.refresh', 'every 15 min', (d) => runAnalyticsRefresh(d, {})],
  ['analytics.affinities.refresh', 'every 30 min', (d) => refreshCustomerAffinities(d)],
  ['wishlist.alerts.evaluate', 'every 15 min', (d) => evaluateAlerts(d, {})],
  ['wishlist.alerts.evaluate all', 'after import', (d) => evaluateAlerts(d, { all: true })],
  ['notifications.sweep', 'every 10 min', (d) => sweepNotifications(d, {})],
  ['llm.usage.rollup', 'every 5 min', (d) => rollupLlmUsage(d, {})],
  ['chat.sessions.expire', 'every minute', (d) => expireChatSessions(d)],
  ['orders.unpaid.cancel', 'every minute', (d) => cancelExpiredOrders(d, {})],
];

const brief = (x: unknown) => JSON.stringify(x)?.slice(0, 160) ?? '';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (a copy of a seeded database: this changes it)');
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  // No workers: only the handlers run here, one at a time, each with the whole machine.
  const app = await createApp({ config, log: createLogger('warn'), databaseUrl: url, workers: false });
  try {
    for (const [name, cron, run] of JOBS)
      for (const pass of ['first', 'again'] as const) {
        const started = performance.now();
        const out = await run(app.deps);
        const ms = Math.round(performance.now() - started);
        console.log(
          `${name.padEnd(30)} ${cron.padEnd(13)} ${pass.padEnd(6)} ${String(ms).padStart(7)} ms  ${brief(out)}`,
        );
      }
  } finally {
    await app.stop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
