import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DatabaseError } from 'pg';
import { AppError, PUBLIC_ERROR_CODES } from '../graphql/errors';
import type { Logger } from '../logger';

/**
 * The PostgreSQL SQLSTATE of an error: pg's own (the hot read paths query the pool directly), or
 * behind a Prisma error, wherever the driver adapter put it.
 */
function sqlState(err: unknown): string | undefined {
  if (err instanceof DatabaseError) return err.code;
  const meta = (err as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } })?.meta;
  return meta?.driverAdapterError?.cause?.originalCode;
}

/**
 * The code a client should see when the raw formatting hides our intent: limits reported by
 * validation rules come wrapped as GRAPHQL_VALIDATION_FAILED, the token limit as a parse failure.
 */
function intendedCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  if (cause instanceof AppError) return String(cause.extensions.code);
  // graphql-js 16 spells it "more that"; later versions "more than".
  if (
    formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' &&
    /Document contains more tha[nt] \d+ tokens/.test(formatted.message)
  ) {
    return 'QUERY_TOO_COMPLEX';
  }
  return undefined;
}

/**
 * Database outcomes that are the request's fault or a race, not ours: a statement cancelled by
 * `statement_timeout`, and a row updated or deleted after another request removed it (Prisma
 * P2025; services check for it, this is the backstop).
 */
function databaseOutcome(original: unknown): { message: string; extensions: Record<string, unknown> } | null {
  if (sqlState(original) === '57014') {
    return {
      message: 'A database statement of this request ran longer than allowed',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'statement_timeout' },
    };
  }
  if ((original as { code?: unknown })?.code === 'P2025') {
    return { message: 'Not found', extensions: { code: 'NOT_FOUND' } };
  }
  return null;
}

/**
 * Lets through errors we raised on purpose (codes of SPEC §5 and graphql-js validation errors);
 * replaces everything else with a bare INTERNAL_SERVER_ERROR so no stack, SQL or path reaches a
 * client. Development keeps the original message to speed up debugging.
 */
export function createFormatError(opts: { log: Logger; exposeInternals: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const outcome = databaseOutcome(original);
    if (outcome) {
      opts.log.warn({ err: original, path: formatted.path }, `answered ${String(outcome.extensions.code)}`);
      return {
        message: outcome.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: outcome.extensions,
      };
    }
    const restored = intendedCode(formatted, error);
    if (restored) formatted = { ...formatted, extensions: { ...formatted.extensions, code: restored } };
    const code = formatted.extensions?.code;
    const intentional =
      (original instanceof GraphQLError || restored !== undefined) &&
      typeof code === 'string' &&
      code !== 'INTERNAL_SERVER_ERROR' &&
      PUBLIC_ERROR_CODES.has(code);
    if (intentional) {
      if (opts.exposeInternals) return formatted;
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    opts.log.error({ err: original, path: formatted.path }, 'unexpected error while executing GraphQL');
    if (opts.exposeInternals) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
