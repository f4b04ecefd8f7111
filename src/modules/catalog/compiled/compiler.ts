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
import { jsonObject, literal } from './sql';

/** Thrown when a selection uses something the compiler does not know: the general path answers. */
export class Unsupported extends Error {}

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
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    readonly maxPageSize: number,
  ) {}

  /** A table alias unique within the statement (nested sub-selects must not shadow each other). */
  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }

  /** The JSON object of `table`'s type for the selections of `f` (or of a root selection set). */
  object<S>(table: TypeTable<S>, src: S, from: Field | readonly SelectionSetNode[]): Prisma.Sql {
    const type = this.schema.getType(table.name) as GraphQLObjectType;
    const sets = Array.isArray(from)
      ? (from as readonly SelectionSetNode[])
      : (from as Field).nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    const fields = new Map<string, FieldNode[]>();
    for (const set of sets) this.collect(type, set, fields);
    if (fields.size > MAX_KEYS) throw new Unsupported(`more than ${MAX_KEYS} fields on ${type.name}`);
    const pairs: [string, Prisma.Sql][] = [];
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        pairs.push([key, literal(type.name)]);
        continue;
      }
      const compile = table.fields[name];
      const def = type.getFields()[name];
      if (!compile || !def) throw new Unsupported(`${type.name}.${name}`);
      const args = def.args.length ? getArgumentValues(def, nodes[0]!, this.variables) : {};
      pairs.push([key, compile(src, { c: this, nodes, def, args })]);
    }
    return jsonObject(pairs);
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
 * The one statement answering a whole query operation, or null when the operation is not a
 * query or its variables do not coerce (the general path then reports the errors). Throws
 * (Unsupported, or a resolver's own validation error) when the general path must answer.
 */
export function compileQuery(
  opts: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName: string | null | undefined;
    variables: Record<string, unknown> | undefined;
    maxPageSize: number;
  },
  root: TypeTable<null>,
): Prisma.Sql | null {
  const operation = getOperationAST(opts.document, opts.operationName);
  if (!operation || operation.operation !== 'query') return null;
  const coerced = getVariableValues(opts.schema, operation.variableDefinitions ?? [], opts.variables ?? {});
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of opts.document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const c = new Compiler(opts.schema, fragments, coerced.coerced, opts.maxPageSize);
  return Prisma.sql`SELECT ${c.object(root, null, [operation.selectionSet])} AS data`;
}
