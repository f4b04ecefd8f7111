import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, PUBLIC_ERROR_CODES } from '../graphql/errors';
import type { Logger } from '../logger';

/** The PostgreSQL SQLSTATE behind a Prisma error, wherever the driver adapter put it. */
function sqlState(err: unknown): string | undefined {
  const meta = (err as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } })?.meta;
  return meta?.driverAdapterError?.cause?.originalCode;
}

/**
 * The code a client should see when the raw formatting hides our intent: limits reported by
 * validation rules come wrapped as GRAPHQL_VALIDATION_FAILED, the token limit as a parse failure,
 * and a statement cancelled by `statement_timeout` as an unknown database error.
 */
function intendedCode(
  formatted: GraphQLFormattedError,
  error: unknown,
  original: unknown,
): string | undefined {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  if (cause instanceof AppError) return String(cause.extensions.code);
  // graphql-js 16 spells it "more that"; later versions "more than".
  if (
    formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' &&
    /Document contains more tha[nt] \d+ tokens/.test(formatted.message)
  ) {
    return 'QUERY_TOO_COMPLEX';
  }
  if (sqlState(original) === '57014') return 'QUERY_TOO_COMPLEX';
  return undefined;
}

/**
 * Lets through errors we raised on purpose (codes of SPEC §5 and graphql-js validation errors);
 * replaces everything else with a bare INTERNAL_SERVER_ERROR so no stack, SQL or path reaches a
 * client. Development keeps the original message to speed up debugging.
 */
export function createFormatError(opts: { log: Logger; exposeInternals: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const restored = intendedCode(formatted, error, original);
    if (restored === 'QUERY_TOO_COMPLEX' && sqlState(original) === '57014') {
      opts.log.warn({ path: formatted.path }, 'statement_timeout cancelled a statement');
      return {
        message: 'A database statement of this request ran longer than allowed',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: restored, limit: 'statement_timeout' },
      };
    }
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
