import {
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { costModel, type CostModel } from './cost-model';
import { tooComplex } from './errors';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxPageSize: number;
}

/** Depth and cost of a selection set per item of its parent (the caller multiplies by the parent's size). */
interface Measure {
  depth: number;
  cost: number;
}

/**
 * One walk over an operation. Linear in the document: each fragment is measured once per page
 * size it is spread under (memoized), and the walk stops at the first limit it crosses.
 */
class CostWalk {
  private readonly memo = new Map<string, Measure>();
  private readonly active = new Set<string>();
  private readonly model: CostModel;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly limits: QueryLimits,
  ) {
    this.model = costModel(schema);
  }

  /**
   * Measures `set` under `parent`. `carried` is the page size a connection hands to its item fields
   * (`edges`, `nodes`); `introspection` marks selections below `__schema`/`__type`, which are
   * costed but not counted for depth (their depth is the schema's, bounded by the token limit).
   */
  measure(
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    carried: { fields: readonly string[]; size: number } | null,
    introspection: boolean,
  ): Measure {
    let depth = 0;
    let cost = 0;
    for (const sel of set.selections) {
      let m: Measure;
      if (sel.kind === Kind.FIELD) {
        m = this.field(sel, parent, carried, introspection);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent;
        m = this.measure(sel.selectionSet, t ?? parent, carried, introspection);
      } else {
        m = this.spread(sel.name.value, carried, introspection);
      }
      depth = Math.max(depth, m.depth);
      cost += m.cost;
      this.check(depth, cost);
    }
    return { depth, cost };
  }

  private spread(
    name: string,
    carried: { fields: readonly string[]; size: number } | null,
    introspection: boolean,
  ): Measure {
    const key = `${name}|${carried ? `${carried.size}:${carried.fields.join(',')}` : ''}|${introspection}`;
    const known = this.memo.get(key);
    if (known) return known;
    const frag = this.fragments.get(name);
    // Unknown fragments and cycles are validation errors, reported before this walk runs.
    if (!frag || this.active.has(key)) return { depth: 0, cost: 0 };
    this.active.add(key);
    const m = this.measure(
      frag.selectionSet,
      this.schema.getType(frag.typeCondition.name.value) ?? undefined,
      carried,
      introspection,
    );
    this.active.delete(key);
    this.memo.set(key, m);
    return m;
  }

  private field(
    sel: FieldNode,
    parent: GraphQLNamedType | undefined,
    carried: { fields: readonly string[]; size: number } | null,
    introspection: boolean,
  ): Measure {
    const name = sel.name.value;
    if (name === '__typename') return { depth: introspection ? 0 : 1, cost: 0 };
    let type: GraphQLNamedType | undefined;
    if (name === '__schema' || name === '__type') {
      type = this.schema.getType(name === '__schema' ? '__Schema' : '__Type');
      introspection = true;
    } else if (parent && 'getFields' in parent) {
      const def = parent.getFields()[name];
      type = def ? (namedTypeOf(def.type) as GraphQLNamedType) : undefined;
    }
    const rule = parent ? this.model.field(parent, name) : undefined;
    let size = 1;
    let handOn: { fields: readonly string[]; size: number } | null = null;
    if (rule) {
      const given = this.sliceSize(sel.arguments ?? [], rule.slicing);
      const n = given ?? rule.assumed ?? this.limits.maxPageSize;
      if (rule.sized) handOn = { fields: rule.sized, size: n };
      else if (rule.list) size = n;
    }
    if (carried?.fields.includes(name)) size = carried.size;
    const weight = rule?.weight ?? 1;
    if (!sel.selectionSet) return { depth: introspection ? 0 : 1, cost: weight };
    const inner = this.measure(sel.selectionSet, type, handOn, introspection);
    return { depth: introspection ? 0 : inner.depth + 1, cost: weight + size * inner.cost };
  }

  /** The largest slicing argument given (an Int, or a list's length); null when none is given. */
  private sliceSize(args: readonly ArgumentNode[], slicing: readonly string[]): number | null {
    let size: number | null = null;
    for (const arg of args) {
      if (!slicing.includes(arg.name.value)) continue;
      const v = this.value(arg.value);
      const n = Array.isArray(v) ? v.length : typeof v === 'number' ? v : null;
      if (n === null) continue;
      if (n > this.limits.maxPageSize) {
        throw tooComplex(
          Array.isArray(v)
            ? `At most ${this.limits.maxPageSize} items in \`${arg.name.value}\``
            : `Page size ${n} exceeds the maximum of ${this.limits.maxPageSize}`,
          { maxPageSize: this.limits.maxPageSize },
        );
      }
      size = Math.max(size ?? 0, n);
    }
    return size;
  }

  private value(node: ValueNode): unknown {
    if (node.kind === Kind.VARIABLE) return this.variables[node.name.value];
    if (node.kind === Kind.LIST) return node.values; // its length is what counts
    return valueFromASTUntyped(node, this.variables);
  }

  check(depth: number, cost: number) {
    if (depth > this.limits.maxDepth) {
      throw tooComplex(`Query depth exceeds the maximum of ${this.limits.maxDepth}`, {
        maxDepth: this.limits.maxDepth,
      });
    }
    if (cost > this.limits.maxCost) {
      throw tooComplex(`Query cost exceeds the maximum of ${this.limits.maxCost}`, {
        maxCost: this.limits.maxCost,
      });
    }
  }
}

function namedTypeOf(t: unknown): unknown {
  let x = t as { ofType?: unknown };
  while (x.ofType) x = x.ofType as { ofType?: unknown };
  return x;
}

/** Variables as the operation will see them: the values sent, else the declared defaults. */
function variablesWithDefaults(
  defs: readonly VariableDefinitionNode[] | undefined,
  sent: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...sent };
  for (const d of defs ?? []) {
    const name = d.variable.name.value;
    if (out[name] === undefined && d.defaultValue) out[name] = valueFromASTUntyped(d.defaultValue);
  }
  return out;
}

/**
 * Rejects operations that nest deeper than `maxDepth`, whose cost exceeds `maxCost`, or that ask for
 * pages (or id lists) over `maxPageSize`, with QUERY_TOO_COMPLEX. Cost: every field costs its weight
 * (1, or `@cost`) times the sizes of the lists above it — page sizes as sent or defaulted,
 * `@listSize` maxima for unpaginated lists, the real sizes of introspection lists. Linear in the
 * document and stops as soon as a limit is crossed, so an abusive document is refused in
 * microseconds. Runs before execution for HTTP (Apollo plugin) and WebSocket (onSubscribe) alike.
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
  const vars = variablesWithDefaults(operation.variableDefinitions, variables ?? {});
  const walk = new CostWalk(schema, fragments, vars, limits);
  return walk.measure(operation.selectionSet, root ?? undefined, null, false);
}
