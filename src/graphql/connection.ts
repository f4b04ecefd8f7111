import DataLoader from 'dataloader';
import { Prisma } from '../generated/prisma/client';
import { castable } from './cursor-values';
import { badUserInput, tooComplex } from './errors';

/** Relay pagination arguments as clients send them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One column of a keyset ordering. `expr` must be the same SQL in ORDER BY and in the cursor predicate. */
export interface SortKey {
  expr: Prisma.Sql;
  direction: 'ASC' | 'DESC';
  /** SQL type the cursor value is cast to, e.g. 'numeric', 'timestamptz', 'int', 'text'. */
  cast: string;
}

export interface PageWindow {
  limit: number;
  /** Decoded cursor values (after or before), or null for the first page. */
  cursor: unknown[] | null;
  /** True for last/before: query in reversed order, then flip the rows. */
  backward: boolean;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number> | number;
}

export const DEFAULT_PAGE_SIZE = 20;

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor. `columns` is the cursor's arity, or the SQL type of each of
 * its values (they are cast in SQL): a cursor that is malformed, of another arity or with a value
 * the type cannot hold answers BAD_USER_INPUT on `field`.
 */
export function decodeCursor(
  cursor: string,
  columns: number | readonly string[],
  field = 'after',
): unknown[] {
  const arity = typeof columns === 'number' ? columns : columns.length;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === arity &&
      v.every((x) => x === null || ['string', 'number'].includes(typeof x)) &&
      (typeof columns === 'number' || v.every((x, i) => castable(x, columns[i]!)))
    ) {
      return v;
    }
  } catch {
    // fall through: any malformed cursor gets the same typed error
  }
  throw badUserInput('Invalid cursor', [field]);
}

/**
 * Validates first/last/after/before and turns them into one query window. `columns`: the cursor's
 * arity, or the SQL types of its values (see decodeCursor).
 */
export function pageWindow(
  args: PageArgs,
  columns: number | readonly string[],
  maxPageSize: number,
): PageWindow {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badUserInput('Pass either first or last, not both', ['first']);
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  if (size < 0) throw badUserInput('Page size must not be negative', [first != null ? 'first' : 'last']);
  if (size > maxPageSize) {
    throw tooComplex(`Page size ${size} exceeds the maximum of ${maxPageSize}`, { maxPageSize });
  }
  const backward = last != null || (before != null && first == null);
  const raw = backward ? before : after;
  return {
    limit: size,
    cursor: raw ? decodeCursor(raw, columns, backward ? 'before' : 'after') : null,
    backward,
  };
}

/** ORDER BY for the keys, reversed when paging backwards. */
export function orderBySql(keys: SortKey[], backward: boolean): Prisma.Sql {
  const parts = keys.map((k) => {
    const dir = (k.direction === 'ASC') !== backward ? 'ASC' : 'DESC';
    return Prisma.sql`${k.expr} ${Prisma.raw(dir)}`;
  });
  return Prisma.join(parts, ', ');
}

/**
 * The predicate "strictly after this cursor" in the (possibly reversed) ordering. A single row
 * comparison when every key shares a direction (index-friendly); the expanded OR form otherwise.
 */
export function keysetPredicate(keys: SortKey[], values: unknown[], backward: boolean): Prisma.Sql {
  const val = (i: number) => Prisma.sql`CAST(${values[i]} AS ${Prisma.raw(keys[i]!.cast)})`;
  const op = (k: SortKey) => ((k.direction === 'ASC') !== backward ? '>' : '<');
  if (keys.every((k) => k.direction === keys[0]!.direction)) {
    return Prisma.sql`(${Prisma.join(
      keys.map((k) => k.expr),
      ', ',
    )}) ${Prisma.raw(op(keys[0]!))} (${Prisma.join(
      keys.map((_, i) => val(i)),
      ', ',
    )})`;
  }
  const ors = keys.map((k, i) => {
    const eqs = keys.slice(0, i).map((p, j) => Prisma.sql`${p.expr} = ${val(j)}`);
    return Prisma.join([...eqs, Prisma.sql`${k.expr} ${Prisma.raw(op(k))} ${val(i)}`], ' AND ');
  });
  return Prisma.sql`((${Prisma.join(ors, ') OR (')}))`;
}

/**
 * Builds a Relay connection from rows fetched with LIMIT window.limit + 1 (the extra row says
 * whether another page exists).
 */
export function toConnection<T>(
  rows: T[],
  window: PageWindow,
  cursorOf: (row: T) => unknown[],
  totalCount: () => Promise<number> | number,
): Connection<T> {
  const hasMore = rows.length > window.limit;
  const page = hasMore ? rows.slice(0, window.limit) : rows;
  if (window.backward) page.reverse();
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: window.backward ? window.cursor !== null : hasMore,
      hasPreviousPage: window.backward ? hasMore : window.cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** The SQL pieces a keyset page query splices in; see keysetConnection. */
export interface KeysetQuery {
  /** `(expr)::text AS "_k0", …` for the SELECT list: the exact cursor values of each row. */
  keyColumns: Prisma.Sql;
  /** `AND <strictly after the cursor>`, or nothing on the first page. */
  after: Prisma.Sql;
  orderBy: Prisma.Sql;
  /** Page size + 1: the extra row tells whether another page exists. */
  limit: number;
}

/**
 * One keyset-paginated connection: validates the page arguments, lets `fetch` run its query with
 * the cursor predicate, order and limit spliced in (skipped for an empty page), and builds the
 * connection with cursors read from the `_k<i>` columns.
 * @example
 * keysetConnection({ args, keys, maxPageSize, totalCount,
 *   fetch: (q) => prisma.$queryRaw`SELECT t.*, ${q.keyColumns} FROM t WHERE x ${q.after} ORDER BY ${q.orderBy} LIMIT ${q.limit}` });
 */
export async function keysetConnection<T>(opts: {
  args: PageArgs;
  keys: SortKey[];
  maxPageSize: number;
  fetch: (q: KeysetQuery) => Promise<T[]>;
  totalCount: () => Promise<number> | number;
}): Promise<Connection<T>> {
  const window = pageWindow(
    opts.args,
    opts.keys.map((k) => k.cast),
    opts.maxPageSize,
  );
  const rows = window.limit === 0 ? [] : await opts.fetch(keysetQuery(opts.keys, window));
  return toConnection(rows, window, keyValues(opts.keys), opts.totalCount);
}

/** The SQL pieces of one page window (see KeysetQuery). */
function keysetQuery(keys: SortKey[], window: PageWindow): KeysetQuery {
  return {
    keyColumns: Prisma.join(
      keys.map((k, i) => Prisma.sql`(${k.expr})::text AS ${Prisma.raw(`"_k${i}"`)}`),
      ', ',
    ),
    after: window.cursor
      ? Prisma.sql`AND ${keysetPredicate(keys, window.cursor, window.backward)}`
      : Prisma.empty,
    orderBy: orderBySql(keys, window.backward),
    limit: window.limit + 1,
  };
}

/** Reads a row's cursor values back from its `_k<i>` columns. */
const keyValues = (keys: SortKey[]) => (row: unknown) =>
  keys.map((_, i) => (row as Record<string, unknown>)[`_k${i}`]);

/**
 * What keysetConnectionLoader's `fetch` sends: one keyset page per parent, a LATERAL join over the
 * parent ids, each row carrying its parent in `_parent`, the rows in page order. `select` is a
 * row's columns; `fromWhere` the FROM … WHERE … of one parent's rows, over `parent.id`.
 * @example
 * prisma.$queryRaw(pagesPerParent(ids, sql`o.*`, sql`FROM orders o WHERE o.customer_id = parent.id`, q))
 */
export function pagesPerParent(
  parentIds: readonly number[],
  select: Prisma.Sql,
  fromWhere: Prisma.Sql,
  q: KeysetQuery,
): Prisma.Sql {
  return Prisma.sql`
    SELECT page.* FROM unnest(${[...parentIds]}::int[]) AS parent(id)
    CROSS JOIN LATERAL (
      SELECT ${select}, parent.id AS "_parent", ${q.keyColumns},
             row_number() OVER (ORDER BY ${q.orderBy}) AS "_rn"
      ${fromWhere} ${q.after}
      ORDER BY ${q.orderBy} LIMIT ${q.limit}) page
    ORDER BY page."_parent", page."_rn"`;
}

/**
 * Keyset connections of many parents at once, for a connection field on a type that appears many
 * times in one response (`customers { orders(first: 5) }`): one DataLoader per distinct page
 * arguments and filter, batching every parent into one `fetch` (a LATERAL join per parent, each
 * row carrying its parent id in `_parent`) and, only when asked, one `count` (GROUP BY parent).
 * @example
 * const page = ordersOfCustomers({ first: 5 }, filter).load(customerId);
 */
export function keysetConnectionLoader<T, F>(opts: {
  keys: SortKey[];
  maxPageSize: number;
  fetch: (parentIds: readonly number[], filter: F, q: KeysetQuery) => Promise<(T & { _parent: number })[]>;
  count: (parentIds: readonly number[], filter: F) => Promise<{ parent: number; count: number }[]>;
}): (args: PageArgs, filter: F) => DataLoader<number, Connection<T>> {
  const loaders = new Map<string, DataLoader<number, Connection<T>>>();
  return (args, filter) => {
    const key = JSON.stringify([args.first, args.after, args.last, args.before, filter]);
    const known = loaders.get(key);
    if (known) return known;
    const window = pageWindow(
      args,
      opts.keys.map((k) => k.cast),
      opts.maxPageSize,
    );
    const counts = new DataLoader<number, number>(async (ids) => {
      const byParent = new Map((await opts.count(ids, filter)).map((r) => [r.parent, r.count]));
      return ids.map((id) => byParent.get(id) ?? 0);
    });
    const loader = new DataLoader<number, Connection<T>>(
      async (ids) => {
        const rows = window.limit === 0 ? [] : await opts.fetch(ids, filter, keysetQuery(opts.keys, window));
        return ids.map((id) =>
          toConnection(
            rows.filter((r) => r._parent === id),
            window,
            keyValues(opts.keys),
            () => counts.load(id),
          ),
        );
      },
      { maxBatchSize: 100 },
    );
    loaders.set(key, loader);
    return loader;
  };
}

/** A connection over an in-memory list (small, already-loaded collections such as a cart's lines). */
export function connectionFromArray<T>(
  items: T[],
  args: PageArgs,
  keyOf: (item: T) => string | number,
  maxPageSize: number,
): Connection<T> {
  const window = pageWindow(args, 1, maxPageSize);
  let start = 0;
  let end = items.length;
  if (window.cursor) {
    const idx = items.findIndex((i) => keyOf(i) === window.cursor![0]);
    if (window.backward) end = idx < 0 ? end : idx;
    else start = idx < 0 ? start : idx + 1;
  }
  const slice = window.backward
    ? items.slice(Math.max(start, end - window.limit - 1), end).reverse()
    : items.slice(start, start + window.limit + 1);
  return toConnection(
    slice,
    window,
    (i) => [keyOf(i)],
    () => items.length,
  );
}
