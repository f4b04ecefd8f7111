import {
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { Prisma } from '../../../generated/prisma/client';
import { BODY_PREFIX } from '../../../graphql/raw-json';
import type { GraphQLContext } from '../../../server/context';
import { jsonObject, literal } from './sql';

/**
 * Thrown when a selection uses something the compiler does not know: the general path answers.
 * Not an Error: it is thrown on every fallback, and capturing a stack trace each time costs.
 */
export class Unsupported {
  constructor(readonly message: string) {}
}

/** One field of the response as a field compiler sees it: its nodes (merged by response key) and arguments. */
export interface Field {
  c: Compiler;
  nodes: readonly FieldNode[];
  def: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
}

/** Compiles one field of a type to the SQL expression of its JSON value, given the type's source (a row alias…). */
export type FieldSql<S> = (src: S, f: Field) => Prisma.Sql;

/** The fields of one GraphQL object type the compiler can build, each as SQL over a source `S`. */
export interface TypeTable<S> {
  name: string;
  fields: Readonly<Record<string, FieldSql<S>>>;
}

/**
 * The fields of a type built in JavaScript from what a service returned (`S`), as its resolvers
 * would: each entry prepares once (compiling any SQL it needs) and returns how to read the value.
 */
export interface RenderTable<S> {
  name: string;
  fields: Readonly<Record<string, (f: Field) => (src: S) => unknown>>;
}

/** A root field answered by running a service (its own statements) instead of inside the one statement. */
export interface Deferred {
  run(ctx: GraphQLContext): Promise<unknown>;
}

/** What a root field compiles to. */
export type RootFieldSql = (src: null, f: Field) => Prisma.Sql | Deferred;

/** A compiled query operation: response keys in order, each answered by the statement or by code. */
export interface CompiledQuery {
  /** One statement whose `data` column holds the SQL-answered root fields as JSON text; null when there are none. */
  statement: Prisma.Sql | null;
  /** Root fields answered by code, by response key. */
  deferred: Map<string, Deferred>;
  keys: string[];
}

/** json_build_object takes at most 100 arguments. */
const MAX_KEYS = 50;

/**
 * Walks a selection set the way graphql-js executes it (fragments, type conditions,
 * @skip/@include, fields merged by response key) and builds one SQL expression per object.
 */
export class Compiler {
  private aliases = 0;

  constructor(
    readonly schema: GraphQLSchema,
    readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    readonly maxPageSize: number,
  ) {}

  /** A table alias unique within the statement (nested sub-selects must not shadow each other). */
  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }

  /** The JSON object of `table`'s type for the selections of `f` (or of a root selection set). */
  object<S>(table: TypeTable<S>, src: S, from: Field | readonly SelectionSetNode[]): Prisma.Sql {
    const pairs: [string, Prisma.Sql][] = [];
    for (const [key, field, compile] of this.fieldsOf(table, from)) {
      pairs.push([key, field ? compile!(src, field) : literal(table.name)]);
    }
    if (pairs.length > MAX_KEYS) throw new Unsupported(`more than ${MAX_KEYS} fields on ${table.name}`);
    return jsonObject(pairs);
  }

  /** How to build `table`'s response object for the selections of `f` from a service's value. */
  render<S>(table: RenderTable<S>, from: Field): (src: S) => Record<string, unknown> {
    const parts: [string, (src: S) => unknown][] = [];
    for (const [key, field, prepare] of this.fieldsOf(table, from))
      parts.push([key, field ? prepare!(field) : () => table.name]);
    return (src) => {
      const out: Record<string, unknown> = {};
      for (const [key, read] of parts) out[key] = read(src);
      return out;
    };
  }

  /** The root fields of the operation: those compiling to SQL share one statement, the others run. */
  root(
    table: { name: string; fields: Readonly<Record<string, RootFieldSql>> },
    set: SelectionSetNode,
  ): CompiledQuery {
    const pairs: [string, Prisma.Sql][] = [];
    const deferred = new Map<string, Deferred>();
    const keys: string[] = [];
    for (const [key, field, compile] of this.fieldsOf(table, [set])) {
      keys.push(key);
      const out = field ? compile!(null, field) : literal(table.name);
      if (out instanceof Prisma.Sql) pairs.push([key, out]);
      else deferred.set(key, out);
    }
    // The whole response body as text: the response takes it as it is (src/graphql/raw-json.ts).
    const statement = pairs.length
      ? Prisma.sql`SELECT ${Prisma.raw(`'${BODY_PREFIX}'`)} || (${jsonObject(pairs)})::text || ${Prisma.raw(`E'}\\n'`)} AS body`
      : null;
    return { statement, deferred, keys };
  }

  /** The selected fields of a type: response key, the field (null for `__typename`) and its entry in `fields`. */
  private *fieldsOf<T>(
    table: { name: string; fields: Readonly<Record<string, T>> },
    from: Field | readonly SelectionSetNode[],
  ): Generator<[string, Field | null, T | undefined]> {
    const type = this.schema.getType(table.name) as GraphQLObjectType;
    const sets = Array.isArray(from)
      ? (from as readonly SelectionSetNode[])
      : (from as Field).nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    const fields = new Map<string, FieldNode[]>();
    for (const set of sets) this.collect(type, set, fields);
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        yield [key, null, undefined];
        continue;
      }
      const entry = table.fields[name];
      const def = type.getFields()[name];
      if (!entry || !def) throw new Unsupported(`${type.name}.${name}`);
      const args = def.args.length ? getArgumentValues(def, nodes[0]!, this.variables) : {};
      yield [key, { c: this, nodes, def, args }, entry];
    }
  }

  /** graphql-js's CollectFields: response key → field nodes, in first-seen order. */
  private collect(type: GraphQLObjectType, set: SelectionSetNode, out: Map<string, FieldNode[]>) {
    for (const sel of set.selections) {
      if (!this.included(sel)) continue;
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const list = out.get(key);
        if (list) list.push(sel);
        else out.set(key, [sel]);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!sel.typeCondition || this.applies(sel.typeCondition.name.value, type))
          this.collect(type, sel.selectionSet, out);
      } else {
        const frag = this.fragments[sel.name.value];
        if (frag && this.applies(frag.typeCondition.name.value, type))
          this.collect(type, frag.selectionSet, out);
      }
    }
  }

  private included(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    if (!node.directives?.length) return true;
    for (const d of node.directives) {
      if (d.name.value !== 'skip' && d.name.value !== 'include') throw new Unsupported(`@${d.name.value}`);
    }
    if (getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false;
  }

  private applies(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true;
    const t = this.schema.getType(condition);
    return !!t && isAbstractType(t) && this.schema.isSubType(t, type);
  }
}

/**
 * Compiles a query operation, or returns null when it is not a query or its variables do not
 * coerce (the general path then reports the errors). Throws (Unsupported, or a resolver's own
 * validation error) when the general path must answer.
 */
export function compileQuery(
  opts: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName: string | null | undefined;
    variables: Record<string, unknown> | undefined;
    maxPageSize: number;
  },
  root: { name: string; fields: Readonly<Record<string, RootFieldSql>> },
): CompiledQuery | null {
  const operation = getOperationAST(opts.document, opts.operationName);
  if (!operation || operation.operation !== 'query') return null;
  const coerced = getVariableValues(opts.schema, operation.variableDefinitions ?? [], opts.variables ?? {});
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of opts.document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return new Compiler(opts.schema, fragments, coerced.coerced, opts.maxPageSize).root(
    root,
    operation.selectionSet,
  );
}
