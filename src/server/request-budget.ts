import { AsyncLocalStorage } from 'node:async_hooks';
import { tooComplex } from '../graphql/errors';

/** The hard limits of one request: they hold whatever the cost estimate said. */
export interface BudgetLimits {
  /** SQL statements the request may send. */
  maxStatements: number;
  /** Milliseconds from the start of the request after which it may send no further statement. */
  timeoutMs: number;
}

/**
 * The last line of defence against a request that does more work than its cost estimate: every
 * SQL statement sent through the application's pool while the request runs is counted here
 * (`beforeStatement`), and refused once the request has sent `maxStatements` or run past its
 * deadline. A single statement is bounded by PostgreSQL's `statement_timeout` (see createDatabase).
 */
export class RequestBudget {
  statements = 0;
  private deadline: number;
  private maxStatements: number;

  constructor(private limits: BudgetLimits) {
    this.deadline = Date.now() + limits.timeoutMs;
    this.maxStatements = limits.maxStatements;
  }

  /** Throws QUERY_TOO_COMPLEX when the request may not send another statement. */
  beforeStatement(): void {
    this.statements++;
    if (this.statements > this.maxStatements) {
      throw tooComplex(`The request needed more than ${this.maxStatements} SQL statements`, {
        limit: 'statements',
        maxStatements: this.maxStatements,
      });
    }
    if (Date.now() > this.deadline) {
      throw tooComplex(`The request ran longer than ${this.limits.timeoutMs} ms`, {
        limit: 'deadline',
        timeoutMs: this.limits.timeoutMs,
      });
    }
  }

  /**
   * Raises the limits for an operation documented as long (an admin's catalog import): `extra`
   * statements more and a deadline `timeoutMs` from now. Never lowers them.
   */
  widen(extra: { statements: number; timeoutMs: number }): void {
    this.maxStatements += extra.statements;
    this.deadline = Math.max(this.deadline, Date.now() + extra.timeoutMs);
  }
}

const storage = new AsyncLocalStorage<RequestBudget>();

/** The budget of the request this code runs for; undefined outside requests (jobs, CLIs, tests in-process). */
export function currentBudget(): RequestBudget | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` (and everything it starts, asynchronously too) under `budget`.
 * @example runWithBudget(new RequestBudget({ maxStatements: 250, timeoutMs: 10_000 }), () => next());
 */
export function runWithBudget<T>(budget: RequestBudget, fn: () => T): T {
  return storage.run(budget, fn);
}

/** The budget limits configured for GraphQL requests. */
export function budgetLimits(config: {
  GRAPHQL_MAX_STATEMENTS: number;
  GRAPHQL_REQUEST_TIMEOUT_MS: number;
}): BudgetLimits {
  return { maxStatements: config.GRAPHQL_MAX_STATEMENTS, timeoutMs: config.GRAPHQL_REQUEST_TIMEOUT_MS };
}
