import type { Router } from 'express';
import express from 'express';
import { pendingMigrations } from '../db/migrate';
import type { AppDeps } from './context';

/** Why the process is not ready; logged (when it changes), never sent to the client. */
type NotReady =
  | { reason: 'shutting_down' }
  | { reason: 'migrations_pending'; pending: string[] }
  | { reason: 'database_unavailable'; err: unknown };

/**
 * `/healthz`: the process is alive. `/readyz`: the database answers and every migration is
 * applied. Both answer anyone, so they say only `ok` / `ready` / `not_ready`: the reason (pending
 * migration names, a database error) goes to the log, once each time it changes.
 */
export function healthRoutes(deps: AppDeps, isShuttingDown: () => boolean): Router {
  const router = express.Router();
  let lastReason: string | null = null;
  const report = (state: NotReady | null) => {
    const reason = state?.reason ?? null;
    if (reason === lastReason) return;
    lastReason = reason;
    if (!state) deps.log.info('ready');
    else {
      const { reason: _, ...details } = state;
      deps.log.warn({ reason, ...details }, 'not ready');
    }
  };
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const state = await readiness(deps, isShuttingDown);
    report(state);
    if (state) res.status(503).json({ status: 'not_ready' });
    else res.json({ status: 'ready' });
  });
  return router;
}

async function readiness(deps: AppDeps, isShuttingDown: () => boolean): Promise<NotReady | null> {
  if (isShuttingDown()) return { reason: 'shutting_down' };
  try {
    const pending = await pendingMigrations(async (sql) => (await deps.db.pool.query(sql)).rows);
    return pending.length > 0 ? { reason: 'migrations_pending', pending } : null;
  } catch (err) {
    return { reason: 'database_unavailable', err };
  }
}
