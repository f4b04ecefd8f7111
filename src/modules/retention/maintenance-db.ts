import type { PoolClient } from 'pg';
import type { AppDeps } from '../../server/context';

export type MaintenanceDeps = Pick<AppDeps, 'db' | 'config' | 'log'>;

/**
 * Runs `fn` in one transaction on a connection of the shared pool, with `statement_timeout` raised
 * to MAINTENANCE_STATEMENT_TIMEOUT_MS for that transaction only: the API's 5-second limit would cut
 * a retention batch or a materialized-view refresh short. `lockTimeoutMs` bounds the wait for a
 * lock (DROP of a partition must not queue the inserts behind a long analyst query).
 */
export async function inMaintenanceTx<T>(
  deps: MaintenanceDeps,
  fn: (client: PoolClient) => Promise<T>,
  opts: { lockTimeoutMs?: number } = {},
): Promise<T> {
  const client = await deps.db.pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('statement_timeout', $1, true)`, [
        String(deps.config.MAINTENANCE_STATEMENT_TIMEOUT_MS),
      ]);
      if (opts.lockTimeoutMs !== undefined)
        await client.query(`SELECT set_config('lock_timeout', $1, true)`, [String(opts.lockTimeoutMs)]);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}
