import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config';
import { badUserInput, tooComplex } from './errors';
import { assertWithinLimits, type QueryLimits } from './limits';

type LimitConfig = Pick<
  Config,
  | 'GRAPHQL_MAX_DEPTH'
  | 'GRAPHQL_MAX_COST'
  | 'GRAPHQL_MAX_PAGE_SIZE'
  | 'GRAPHQL_MAX_ALIASES'
  | 'GRAPHQL_MAX_DIRECTIVES'
  | 'GRAPHQL_MAX_TOKENS'
>;

/** graphql-js parse options: parsing stops after GRAPHQL_MAX_TOKENS tokens. */
export const parseOptions = (config: LimitConfig): ParseOptions => ({ maxTokens: config.GRAPHQL_MAX_TOKENS });

/**
 * Validation rules from GraphQL Armor for limits that need no knowledge of our schema: aliases and
 * directives per operation (fragments counted once per spread, measured once). They report
 * QUERY_TOO_COMPLEX; depth and cost need our page sizes, so `assertWithinLimits` does those.
 */
export function documentRules(config: LimitConfig): ValidationRule[] {
  const report = (message: string, details: Record<string, unknown>) => [
    (ctx: ValidationContext | null) => ctx?.reportError(tooComplex(message, details)),
  ];
  return [
    maxAliasesRule({
      n: config.GRAPHQL_MAX_ALIASES,
      propagateOnRejection: false,
      onReject: report(`At most ${config.GRAPHQL_MAX_ALIASES} aliases per operation`, {
        maxAliases: config.GRAPHQL_MAX_ALIASES,
      }),
    }),
    maxDirectivesRule({
      n: config.GRAPHQL_MAX_DIRECTIVES,
      propagateOnRejection: false,
      onReject: report(`At most ${config.GRAPHQL_MAX_DIRECTIVES} directives per operation`, {
        maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
      }),
    }),
  ];
}

export const queryLimits = (config: LimitConfig): QueryLimits => ({
  maxDepth: config.GRAPHQL_MAX_DEPTH,
  maxCost: config.GRAPHQL_MAX_COST,
  maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
});

const NUL = '\u0000';
const nulRefused = (field: string[]) => badUserInput('Text must not contain NUL (U+0000) characters', field);

/**
 * PostgreSQL text and jsonb cannot hold NUL: refuse it in any string of the document or the
 * variables before anything runs, so it never reaches SQL as an internal error. Iterative, so
 * deeply nested variables cannot exhaust the stack.
 */
export function assertNoNulInput(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
) {
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) throw nulRefused([]);
    },
  });
  const stack: [unknown, string[]][] = Object.entries(variables ?? {}).map(([k, v]) => [v, ['variables', k]]);
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) throw nulRefused(path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, [...path, String(i)]]));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes(NUL)) throw nulRefused(path);
        stack.push([v, [...path, k]]);
      }
    }
  }
}

/** Marks a refusal before execution as a client error (HTTP 400 where the response is GraphQL JSON). */
export function asRequestError(err: unknown): GraphQLError {
  if (!(err instanceof GraphQLError)) throw err;
  (err.extensions as Record<string, unknown>).http = { status: 400 };
  return err;
}

/**
 * The checks every operation passes before execution once it is parsed and validated: no NUL in
 * its input, then depth, cost and page sizes (`assertWithinLimits`). Throws BAD_USER_INPUT or
 * QUERY_TOO_COMPLEX.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  config: LimitConfig,
): void {
  assertNoNulInput(document, variables);
  assertWithinLimits(schema, document, operationName, variables, queryLimits(config));
}

/**
 * Parse, validate and check a document as Apollo does (for graphql-ws): the same token limit,
 * validation rules and pre-execution checks, with the same error codes.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  config: LimitConfig,
): { document: DocumentNode } | { errors: GraphQLError[] } {
  const cache = validDocuments(schema);
  let document = cache.get(payload.query);
  if (document) {
    // Most recently used last: the first key is the one to evict.
    cache.delete(payload.query);
    cache.set(payload.query, document);
  } else {
    const parsed = parseAndValidate(schema, payload.query, config);
    if ('errors' in parsed) return parsed;
    document = parsed.document;
    if (payload.query.length <= MAX_CACHED_QUERY_CHARS) {
      cache.set(payload.query, document);
      if (cache.size > MAX_CACHED_DOCUMENTS) cache.delete(cache.keys().next().value!);
    }
  }
  try {
    checkOperation(schema, document, payload.operationName, payload.variables, config);
  } catch (err) {
    return { errors: [err as GraphQLError] };
  }
  return { document };
}

/**
 * Valid documents by query text, most recently used last. Chat clients open many subscriptions
 * with the same query: they share one parsed document (graphql-js never mutates it) instead of
 * each holding its own tokens and locations for as long as it lives, and skip parsing and
 * validation. Bounded in entries and query length.
 */
const documentCaches = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();
const MAX_CACHED_DOCUMENTS = 200;
const MAX_CACHED_QUERY_CHARS = 4_000;
function validDocuments(schema: GraphQLSchema): Map<string, DocumentNode> {
  let cache = documentCaches.get(schema);
  if (!cache) documentCaches.set(schema, (cache = new Map()));
  return cache;
}

function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
  config: LimitConfig,
): { document: DocumentNode } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(query, parseOptions(config));
  } catch (err) {
    const e = err as GraphQLError;
    const tooLong = /Document contains more tha[nt] \d+ tokens/.test(e.message);
    return {
      errors: [
        new GraphQLError(e.message, {
          extensions: { code: tooLong ? 'QUERY_TOO_COMPLEX' : 'GRAPHQL_PARSE_FAILED' },
        }),
      ],
    };
  }
  const invalid = validate(schema, document, [...specifiedRules, ...documentRules(config)]);
  if (invalid.length > 0) {
    return {
      errors: invalid.map((e) =>
        e.extensions.code
          ? e
          : new GraphQLError(e.message, {
              nodes: e.nodes,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
      ),
    };
  }
  return { document };
}
