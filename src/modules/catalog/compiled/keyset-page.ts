import { Prisma } from '../../../generated/prisma/client';
import {
  keysetPredicate,
  orderBySql,
  pageWindow,
  type PageArgs,
  type PageWindow,
  type SortKey,
} from '../../../graphql/connection';
import type { Field, FieldSql, TypeTable } from './compiler';
import { cursorSql, jsonList } from './sql';

/**
 * One keyset page of a connection as SQL, mirroring keysetConnection and toConnection
 * (src/graphql/connection.ts): the CTE `pg` holds the page's rows (LIMIT size + 1: the extra one
 * says whether another page exists) with their `_k<i>` cursor values and `_n` position.
 */
export interface Page {
  /** Alias of the page CTE. */
  pg: string;
  /** FROM clause of the page's rows (the CTE, maybe joined back to its table). */
  from: string;
  keyCount: number;
  window: PageWindow;
}

const sql = Prisma.sql;
const raw = Prisma.raw;

/**
 * `WITH pg AS MATERIALIZED (…)` of a page: `columns` and the cursor values of the rows of
 * `fromWhere` (a FROM … WHERE … over the aliases `keys` read) after the cursor, in key order.
 * Validates the page arguments as the general path does (BAD_USER_INPUT, QUERY_TOO_COMPLEX).
 */
export function pageCte(
  f: Field,
  pg: string,
  keys: SortKey[],
  columns: Prisma.Sql,
  fromWhere: Prisma.Sql,
): { cte: Prisma.Sql; window: PageWindow } {
  const window = pageWindow(
    f.args as PageArgs,
    keys.map((k) => k.cast),
    f.c.maxPageSize,
  );
  const after = window.cursor
    ? sql`AND ${keysetPredicate(keys, window.cursor, window.backward)}`
    : Prisma.empty;
  const order = orderBySql(keys, window.backward);
  const keyColumns = Prisma.join(
    keys.map((k, i) => sql`(${k.expr})::text AS ${raw(`_k${i}`)}`),
    ', ',
  );
  const cte = sql`WITH ${raw(pg)} AS MATERIALIZED (
      SELECT ${columns}, ${keyColumns}, row_number() OVER (ORDER BY ${order}) AS _n
      ${fromWhere} ${after} ORDER BY ${order} LIMIT ${window.limit === 0 ? 0 : window.limit + 1})`;
  return { cte, window };
}

/** Rows of the page in the order toConnection returns them (backward pages are flipped). */
export const pageRows = (pg: Page) => sql`${raw(pg.from)} WHERE ${raw(pg.pg)}._n <= ${pg.window.limit}`;
export const pageOrder = (pg: Page, reverse = false) =>
  `${pg.pg}._n ${pg.window.backward !== reverse ? 'DESC' : 'ASC'}`;
const hasMore = (pg: Page) => sql`((SELECT count(*) FROM ${raw(pg.pg)}) > ${pg.window.limit})`;
const edgeCursor = (pg: Page, last: boolean) =>
  sql`(SELECT ${cursorSql(pg.pg, pg.keyCount)} FROM ${raw(pg.pg)} WHERE ${raw(pg.pg)}._n <= ${pg.window.limit}
    ORDER BY ${raw(pageOrder(pg, last))} LIMIT 1)`;

/** A connection's PageInfo, as toConnection sets it. */
export const PAGE_INFO: TypeTable<Page> = {
  name: 'PageInfo',
  fields: {
    hasNextPage: (pg) => (pg.window.backward ? raw(String(pg.window.cursor !== null)) : hasMore(pg)),
    hasPreviousPage: (pg) => (pg.window.backward ? hasMore(pg) : raw(String(pg.window.cursor !== null))),
    startCursor: (pg) => edgeCursor(pg, false),
    endCursor: (pg) => edgeCursor(pg, true),
  },
};

/**
 * The field table of a connection type (`edges { cursor node }`, `nodes`, `pageInfo`,
 * `totalCount`) over a page whose rows read as `node` through the alias `row(page)`.
 */
export function connectionTable<P extends Page>(
  names: { connection: string; edge: string },
  node: TypeTable<string>,
  row: (pg: P) => string,
  totalCount: FieldSql<P>,
): TypeTable<P> {
  const edge: TypeTable<P> = {
    name: names.edge,
    fields: {
      cursor: (pg) => cursorSql(pg.pg, pg.keyCount),
      node: (pg, f) => f.c.object(node, row(pg), f),
    },
  };
  return {
    name: names.connection,
    fields: {
      edges: (pg, f) => jsonList(f.c.object(edge, pg, f), pageRows(pg), pageOrder(pg)),
      nodes: (pg, f) => jsonList(f.c.object(node, row(pg), f), pageRows(pg), pageOrder(pg)),
      pageInfo: (pg, f) => f.c.object(PAGE_INFO, pg, f),
      totalCount,
    },
  };
}
