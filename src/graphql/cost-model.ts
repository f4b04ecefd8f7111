import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection';

/**
 * Cost of one SQL statement in cost units (a plain field costs 1). Connection fields (a page query
 * per parent) and `totalCount` (a COUNT per parent) cost this by default; see `@cost`.
 */
export const STATEMENT_COST = 200;

/** Mutation payloads' `userErrors` (one per input problem): their declared maximum, by convention. */
export const USER_ERRORS_SIZE = 20;

/** How the cost walk treats one field of the schema, read from `@cost` / `@listSize` and conventions. */
export interface FieldCost {
  /** What the field costs itself, before its children. */
  weight: number;
  /** Arguments whose value sets the size (an Int, or a list whose length counts). */
  slicing: readonly string[];
  /** Children that carry the items (a connection's `edges`, `nodes`); null: the field's own list. */
  sized: readonly string[] | null;
  /** Size when no slicing argument is given (the declared maximum of an unpaginated list). */
  assumed: number | null;
  /** True for a list of objects: its children are multiplied by the size. */
  list: boolean;
}

/** The schema facts the walk needs, computed once per schema. */
export interface CostModel {
  field(parent: GraphQLNamedType, name: string): FieldCost | undefined;
  /** Every list of objects without a bound (neither `@listSize`, a connection, nor a sized field). */
  undeclaredLists: string[];
}

const models = new WeakMap<GraphQLSchema, CostModel>();

function directiveArgs(
  field: GraphQLField<unknown, unknown>,
  name: string,
): Record<string, number | string[]> | null {
  const d = field.astNode?.directives?.find((x: ConstDirectiveNode) => x.name.value === name);
  if (!d) return null;
  const out: Record<string, number | string[]> = {};
  for (const a of d.arguments ?? []) {
    if (a.value.kind === Kind.INT) out[a.name.value] = Number(a.value.value);
    else if (a.value.kind === Kind.LIST)
      out[a.name.value] = a.value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
    else if (a.value.kind === Kind.STRING) out[a.name.value] = [a.value.value];
  }
  return out;
}

const isConnectionType = (t: GraphQLNamedType) =>
  isObjectType(t) && t.name.endsWith('Connection') && ('edges' in t.getFields() || 'nodes' in t.getFields());

/**
 * Introspection lists count the schema's own average sizes, so `__schema { types { fields } }`
 * adds up to the real number of fields (what it returns), not types × the widest type.
 */
function introspectionSizes(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let enumValues = 0;
  let interfaces = 0;
  let possible = 0;
  for (const t of types) {
    if (isObjectType(t) || isInterfaceType(t)) {
      const fs = Object.values(t.getFields());
      fields += fs.length;
      args += fs.reduce((n, f) => n + f.args.length, 0);
      interfaces += t.getInterfaces().length;
    }
    if (isInterfaceType(t)) possible += schema.getPossibleTypes(t).length;
    if (isInputObjectType(t)) inputFields += Object.keys(t.getFields()).length;
    if (isEnumType(t)) enumValues += t.getValues().length;
  }
  // A type reference's `ofType` chain is as long as its wrappers (NonNull, List): count the share of
  // references that go one level deeper instead of every level a client asks for.
  let refs = 0;
  let wrappers = 0;
  const ref = (t: unknown) => {
    refs++;
    for (let x = t as { ofType?: unknown }; x.ofType; x = x.ofType as { ofType?: unknown }) wrappers++;
  };
  for (const t of types) {
    if (isObjectType(t) || isInterfaceType(t))
      for (const f of Object.values(t.getFields())) [f, ...f.args].forEach((x) => ref(x.type));
    if (isInputObjectType(t)) Object.values(t.getFields()).forEach((f) => ref(f.type));
  }
  const directives = schema.getDirectives();
  const avg = (n: number, of: number) => Math.max(1, Math.ceil(n / Math.max(1, of)));
  return {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': avg(fields, types.length),
    '__Type.inputFields': avg(inputFields, types.length),
    '__Type.enumValues': avg(enumValues, types.length),
    '__Type.interfaces': avg(interfaces, types.length),
    '__Type.possibleTypes': avg(possible, types.length),
    '__Field.args': avg(args, fields),
    '__Directive.args': avg(
      directives.reduce((n, d) => n + d.args.length, 0),
      directives.length,
    ),
    '__Type.ofType': wrappers / Math.max(1, wrappers + refs),
  };
}

function buildModel(schema: GraphQLSchema): CostModel {
  const intro = introspectionSizes(schema);
  const cache = new Map<string, FieldCost | undefined>();
  const undeclaredLists: string[] = [];

  function describe(parent: GraphQLNamedType, name: string): FieldCost | undefined {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
    const field = parent.getFields()[name];
    if (!field) return undefined;
    const coordinate = `${parent.name}.${name}`;
    const named = getNamedType(field.type);
    const nullable = getNullableType(field.type);
    const list = (isListType(nullable) && isCompositeType(named)) || intro[coordinate] !== undefined;
    const cost = directiveArgs(field, 'cost');
    const size = directiveArgs(field, 'listSize');
    const argNames = new Set(field.args.map((a) => a.name));
    const paged = isConnectionType(named) && (argNames.has('first') || argNames.has('last'));
    // The conventions of src/graphql/connection.ts: first/last slice edges/nodes, 20 when absent.
    const slicing =
      (size?.slicingArguments as string[] | undefined) ??
      (paged ? ['first', 'last'].filter((a) => argNames.has(a)) : []);
    const sized = (size?.sizedFields as string[] | undefined) ?? (paged ? ['edges', 'nodes'] : null);
    const assumed =
      (size?.assumedSize as number | undefined) ??
      intro[coordinate] ??
      (name === 'userErrors' && named.name === 'UserError' ? USER_ERRORS_SIZE : undefined) ??
      (paged || (slicing.length > 0 && sized) ? DEFAULT_PAGE_SIZE : null);
    const countsRows = paged || (name === 'totalCount' && isConnectionType(parent));
    const weight = (cost?.weight as number | undefined) ?? (countsRows ? STATEMENT_COST : 1);
    // A connection's edges/nodes are sized by the field above; anything else must say how long it gets.
    const carried = isConnectionType(parent) && (name === 'edges' || name === 'nodes');
    if (list && assumed === null && slicing.length === 0 && !carried && !name.startsWith('__')) {
      undeclaredLists.push(coordinate);
    }
    return { weight, slicing, sized, assumed, list };
  }

  for (const t of Object.values(schema.getTypeMap())) {
    if (t.name.startsWith('__') || !(isObjectType(t) || isInterfaceType(t))) continue;
    for (const name of Object.keys(t.getFields())) cache.set(`${t.name}.${name}`, describe(t, name));
  }
  return {
    field(parent, name) {
      const key = `${parent.name}.${name}`;
      if (!cache.has(key)) cache.set(key, describe(parent, name));
      return cache.get(key);
    },
    undeclaredLists,
  };
}

/** The cost model of a schema (built on first use, then cached with the schema). */
export function costModel(schema: GraphQLSchema): CostModel {
  let m = models.get(schema);
  if (!m) {
    m = buildModel(schema);
    models.set(schema, m);
  }
  return m;
}
