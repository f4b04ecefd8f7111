import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';
import type { GraphQLContext } from './context';

/** Codes of GraphQL request errors: the request was well-formed but the operation cannot run. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The media type Apollo answers with for this Accept header (its own negotiation, same order). */
function responseMediaType(accept: string | undefined): string | undefined {
  if (!accept) return 'application/json';
  return new Negotiator({ headers: { accept } }).mediaType([
    'application/json',
    'application/graphql-response+json',
    'application/json; callback',
  ]);
}

/**
 * GraphQL-over-HTTP status codes. A request error (parse, validation, variable coercion, limits)
 * answers 400 to clients that accept `application/graphql-response+json` — and 200 to clients that
 * accept only `application/json`, as the spec asks for that legacy media type (the body says what
 * failed). Malformed requests (BAD_REQUEST), 401 and 405 keep their status.
 */
export function graphqlOverHttpStatusPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length) return;
          if (!errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) return;
          if (responseMediaType(request.http?.headers.get('accept')) === 'application/json') {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
