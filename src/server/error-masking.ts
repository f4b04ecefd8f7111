import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { PUBLIC_ERROR_CODES } from '../graphql/errors';
import type { Logger } from '../logger';

/**
 * Lets through errors we raised on purpose (codes of SPEC §5 and graphql-js validation errors);
 * replaces everything else with a bare INTERNAL_SERVER_ERROR so no stack, SQL or path reaches a
 * client. Development keeps the original message to speed up debugging.
 */
export function createFormatError(opts: { log: Logger; exposeInternals: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    const intentional =
      original instanceof GraphQLError &&
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
