import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection';
import { tooComplex } from './errors';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxPageSize: number;
}

/** Assumed size of a list field that takes no page size (images, variants, lines…). */
const UNPAGED_LIST_FACTOR = 3;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: QueryLimits;
}

function pageSizeArg(field: { arguments?: readonly { name: { value: string }; value: never }[] }, w: Walk) {
  let size: number | null = null;
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const v = valueFromASTUntyped(arg.value, w.variables);
    if (typeof v === 'number') {
      if (v > w.limits.maxPageSize) {
        throw tooComplex(`Page size ${v} exceeds the maximum of ${w.limits.maxPageSize}`, {
          maxPageSize: w.limits.maxPageSize,
        });
      }
      size = Math.max(size ?? 0, v);
    }
  }
  return size;
}

/** Returns [depth, cost] of a selection set under `parent`, each field costing 1 × its multiplier. */
function measure(
  set: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  multiplier: number,
  w: Walk,
  seen: Set<string>,
): [number, number] {
  let depth = 0;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue; // introspection is governed by its own switch
      const def =
        parent && (isObjectType(parent) || isInterfaceType(parent))
          ? parent.getFields()[sel.name.value]
          : undefined;
      const own = pageSizeArg(sel as never, w);
      const type = def ? getNullableType(def.type) : undefined;
      const named = def ? getNamedType(def.type) : undefined;
      let factor = 1;
      if (own !== null) factor = Math.max(own, 1);
      else if (named?.name.endsWith('Connection')) factor = DEFAULT_PAGE_SIZE;
      // edges/nodes of a connection are already counted by the connection's page size
      else if (type && isListType(type) && !parent?.name.endsWith('Connection')) factor = UNPAGED_LIST_FACTOR;
      cost += multiplier;
      if (sel.selectionSet) {
        const [d, c] = measure(sel.selectionSet, named, multiplier * factor, w, seen);
        depth = Math.max(depth, d + 1);
        cost += c;
      } else {
        depth = Math.max(depth, 1);
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const t = sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) : parent;
      const [d, c] = measure(sel.selectionSet, t ?? parent, multiplier, w, seen);
      depth = Math.max(depth, d);
      cost += c;
    } else {
      const name = sel.name.value;
      const frag = w.fragments.get(name);
      if (!frag || seen.has(name)) continue; // cycles are a validation error reported elsewhere
      seen.add(name);
      const [d, c] = measure(
        frag.selectionSet,
        w.schema.getType(frag.typeCondition.name.value),
        multiplier,
        w,
        seen,
      );
      seen.delete(name);
      depth = Math.max(depth, d);
      cost += c;
    }
  }
  return [depth, cost];
}

/**
 * Rejects operations that nest deeper than `maxDepth`, whose estimated cost (fields weighted by
 * the page sizes they multiply) exceeds `maxCost`, or that ask for pages over `maxPageSize`.
 * Runs before execution for HTTP (Apollo plugin) and WebSocket (graphql-ws onSubscribe) alike.
 */
export function assertWithinLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
): { depth: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (
      def.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || def.name?.value === operationName)
    ) {
      operation ??= def;
    }
  }
  if (!operation) return { depth: 0, cost: 0 };
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const w: Walk = { schema, fragments, variables: variables ?? {}, limits };
  const [depth, cost] = measure(operation.selectionSet, root ?? undefined, 1, w, new Set());
  if (depth > limits.maxDepth) {
    throw tooComplex(`Query depth ${depth} exceeds the maximum of ${limits.maxDepth}`, {
      depth,
      maxDepth: limits.maxDepth,
    });
  }
  if (cost > limits.maxCost) {
    throw tooComplex(`Query cost ${cost} exceeds the maximum of ${limits.maxCost}`, {
      cost,
      maxCost: limits.maxCost,
    });
  }
  return { depth, cost };
}
