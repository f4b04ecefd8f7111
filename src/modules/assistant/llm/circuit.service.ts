/**
 * Provider health and the circuit breaker, kept in llm_provider_status so every worker process
 * shares one view. closed: calls go through. open: after LLM_CIRCUIT_FAILURE_THRESHOLD consecutive
 * failures; calls are not made and `local` answers instead. half_open: after the cool-down, exactly
 * one caller wins the transition (a conditional UPDATE) and makes a trial call; its success closes
 * the circuit, its failure opens it again. Each step is one statement, so concurrent workers agree.
 */
import type { Db } from '../../../db/prisma';

export interface CircuitConfig {
  threshold: number;
  cooldownSeconds: number;
}

export type Gate = 'call' | 'trial' | 'skip';

/** May this caller call the provider now? `trial` means it is the half-open probe. */
export async function circuitGate(
  db: Db,
  provider: string,
  model: string,
  cfg: CircuitConfig,
): Promise<Gate> {
  const rows = await db.$queryRaw<{ circuit_state: string; trial: boolean }[]>`
    WITH probe AS (
      UPDATE llm_provider_status SET circuit_state = 'half_open', last_checked_at = now(), updated_at = now()
      WHERE provider = ${provider} AND model = ${model} AND circuit_state = 'open'
        AND opened_at <= now() - make_interval(secs => ${cfg.cooldownSeconds})
      RETURNING circuit_state)
    SELECT coalesce((SELECT circuit_state::text FROM probe), s.circuit_state::text, 'closed') AS circuit_state,
           EXISTS (SELECT 1 FROM probe) AS trial
    FROM (SELECT 1) one LEFT JOIN llm_provider_status s ON s.provider = ${provider} AND s.model = ${model}`;
  const row = rows[0]!;
  if (row.trial) return 'trial';
  return row.circuit_state === 'closed' ? 'call' : 'skip';
}

/** A call succeeded: failures reset, circuit closed, success rate moves up (EWMA, α = 0.1). */
export async function recordSuccess(db: Db, provider: string, model: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO llm_provider_status (provider, model, healthy, success_rate, consecutive_failures, circuit_state, last_checked_at, updated_at)
    VALUES (${provider}, ${model}, true, 1, 0, 'closed', now(), now())
    ON CONFLICT (provider, model) DO UPDATE SET
      healthy = true, consecutive_failures = 0, circuit_state = 'closed', opened_at = NULL,
      success_rate = llm_provider_status.success_rate * 0.9 + 0.1, last_checked_at = now(), updated_at = now()`;
}

/**
 * A call failed: one more consecutive failure; the circuit opens at the threshold, and a failed
 * half-open trial opens it again at once. Returns the state after the failure.
 */
export async function recordFailure(
  db: Db,
  provider: string,
  model: string,
  error: string,
  cfg: CircuitConfig,
): Promise<'closed' | 'open'> {
  const rows = await db.$queryRaw<{ circuit_state: string }[]>`
    INSERT INTO llm_provider_status AS s (provider, model, healthy, success_rate, consecutive_failures, circuit_state, opened_at, last_error, last_checked_at, updated_at)
    VALUES (${provider}, ${model}, ${cfg.threshold > 1}, 0.9, 1,
            (CASE WHEN ${cfg.threshold} <= 1 THEN 'open' ELSE 'closed' END)::circuit_state,
            CASE WHEN ${cfg.threshold} <= 1 THEN now() END, ${error.slice(0, 500)}, now(), now())
    ON CONFLICT (provider, model) DO UPDATE SET
      consecutive_failures = s.consecutive_failures + 1,
      success_rate = s.success_rate * 0.9,
      circuit_state = (CASE WHEN s.circuit_state <> 'closed' OR s.consecutive_failures + 1 >= ${cfg.threshold}
                            THEN 'open' ELSE 'closed' END)::circuit_state,
      opened_at = CASE WHEN s.circuit_state = 'half_open' OR (s.circuit_state = 'closed' AND s.consecutive_failures + 1 >= ${cfg.threshold})
                       THEN now() ELSE s.opened_at END,
      healthy = NOT (s.circuit_state <> 'closed' OR s.consecutive_failures + 1 >= ${cfg.threshold}),
      last_error = EXCLUDED.last_error, last_checked_at = now(), updated_at = now()
    RETURNING circuit_state::text`;
  return rows[0]!.circuit_state === 'open' ? 'open' : 'closed';
}
