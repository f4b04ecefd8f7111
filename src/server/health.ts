import type { Router } from 'express';
import express from 'express';
import { pendingMigrations } from '../db/migrate';
import type { AppDeps } from './context';

/** `/healthz`: the process is alive. `/readyz`: the database answers and every migration is applied. */
export function healthRoutes(deps: AppDeps, isShuttingDown: () => boolean): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    try {
      const pending = await pendingMigrations(async (sql) => (await deps.db.pool.query(sql)).rows);
      if (pending.length > 0) {
        res.status(503).json({ status: 'migrations_pending', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (err) {
      deps.log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database_unavailable' });
    }
  });
  return router;
}
