import type { FieldNode } from 'graphql';
import { Prisma } from '../../../generated/prisma/client';
import type { QuerySearchProductsArgs } from '../../../generated/graphql';
import type {
  BrandFacetRecord,
  CategoryFacetRecord,
  Highlight,
  PriceRangeRecord,
  SearchConnection,
  SearchEdge,
} from '../catalog.types';
import { rawJson } from '../../../graphql/raw-json';
import { searchProducts as search } from '../search/search.service';
import { searchArgs } from '../search/selection';
import { BRAND, CATEGORY, PRODUCT } from './catalog-fields';
import type { Field, RenderTable, RootFieldSql, TypeTable } from './compiler';

const sql = Prisma.sql;
const raw = Prisma.raw;

/** Columns added to the search statement, one per selection that needs JSON from it. */
class Columns {
  readonly list: Prisma.Sql[] = [];
  private names = new Map<FieldNode, string>();
  add(f: Field, expr: Prisma.Sql): string {
    const name = `_c${this.list.length}`;
    this.names.set(f.nodes[0]!, name);
    this.list.push(sql`${expr} AS ${raw(`"${name}"`)}`);
    return name;
  }
}

const read =
  <S, K extends keyof S>(key: K) =>
  () =>
  (src: S) =>
    src[key];

const HIGHLIGHT: RenderTable<Highlight> = {
  name: 'ProductHighlight',
  fields: { name: read('name'), description: read('description') },
};

const PAGE_INFO: RenderTable<SearchConnection['pageInfo']> = {
  name: 'PageInfo',
  fields: {
    hasNextPage: read('hasNextPage'),
    hasPreviousPage: read('hasPreviousPage'),
    startCursor: read('startCursor'),
    endCursor: read('endCursor'),
  },
};

/**
 * A product of the page as JSON built in the search statement (over its page alias `p`), read as
 * text and written into the response as it is (see raw-json.ts).
 */
const nodeColumn = (cols: Columns, f: Field) => {
  const name = cols.add(f, sql`(${f.c.object(PRODUCT, 'p', f)})::text`);
  return (row: unknown) => rawJson((row as Record<string, string>)[name]!);
};

const edge = (cols: Columns): RenderTable<SearchEdge> => ({
  name: 'ProductSearchEdge',
  fields: {
    cursor: read('cursor'),
    related: read('related'),
    highlight: (f) => {
      const render = f.c.render(HIGHLIGHT, f);
      return (e) => render(e.highlight);
    },
    node: (f) => {
      const node = nodeColumn(cols, f);
      return (e) => node(e.node);
    },
  },
});

type Facet<R> = { facet: R; head: Record<string, unknown> };

/**
 * A facet's Category/Brand objects, read on the statement's first row: one JSON object by id for
 * the ids of the facet (`agg.<list>` holds `[id, count]` pairs).
 */
const facetObjects = <R>(
  cols: Columns,
  type: TypeTable<string>,
  table: string,
  list: string,
  id: (r: R) => number,
) => {
  return (f: Field) => {
    const x = f.c.alias(table[0]!);
    const name = cols.add(
      f,
      sql`CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN (
        SELECT json_object_agg(${raw(x)}.id, ${f.c.object(type, x, f)}) FROM ${raw(`${table} ${x}`)}
        WHERE ${raw(x)}.id IN (SELECT (e->>0)::int FROM json_array_elements(agg.${raw(list)}) e)) END`,
    );
    return ({ facet, head }: Facet<R>) => (head[name] as Record<number, unknown>)[id(facet)];
  };
};

const facets = (cols: Columns): RenderTable<SearchConnection> => {
  const categoryFacet: RenderTable<Facet<CategoryFacetRecord>> = {
    name: 'CategoryFacet',
    fields: {
      category: facetObjects(cols, CATEGORY, 'categories', 'cats', (r: CategoryFacetRecord) => r.categoryId),
      count: () => (s) => s.facet.count,
    },
  };
  const brandFacet: RenderTable<Facet<BrandFacetRecord>> = {
    name: 'BrandFacet',
    fields: {
      brand: facetObjects(cols, BRAND, 'brands', 'brands', (r: BrandFacetRecord) => r.brandId),
      count: () => (s) => s.facet.count,
    },
  };
  const priceRange: RenderTable<PriceRangeRecord> = {
    name: 'PriceRangeFacet',
    fields: { min: read('min'), max: read('max'), count: read('count') },
  };
  const list =
    <R>(table: RenderTable<Facet<R>>, of: (c: SearchConnection) => R[]) =>
    (f: Field) => {
      const render = f.c.render(table, f);
      return (c: SearchConnection) => of(c).map((facet) => render({ facet, head: c.head ?? {} }));
    };
  return {
    name: 'ProductSearchFacets',
    fields: {
      categories: list(categoryFacet, (c) => c.facets.categories),
      brands: list(brandFacet, (c) => c.facets.brands),
      priceRanges: (f) => {
        const render = f.c.render(priceRange, f);
        return (c) => c.facets.priceRanges.map(render);
      },
    },
  };
};

const connection = (cols: Columns): RenderTable<SearchConnection> => ({
  name: 'ProductSearchConnection',
  fields: {
    edges: (f) => {
      const render = f.c.render(edge(cols), f);
      return (c) => c.edges.map(render);
    },
    nodes: (f) => {
      const node = nodeColumn(cols, f);
      return (c) => c.nodes.map(node);
    },
    pageInfo: (f) => {
      const render = f.c.render(PAGE_INFO, f);
      return (c) => render(c.pageInfo);
    },
    totalCount: read('totalCount'),
    facets: (f) => f.c.render(facets(cols), f),
    correctedQuery: read('correctedQuery'),
  },
});

/**
 * searchProducts on the compiled path: the same search service as the resolver calls (planning,
 * relaxing, fallbacks, logging), its statement also building each page product and facet object
 * as JSON, so the response is assembled without resolving a field.
 */
export const searchProducts: RootFieldSql = (_root, f) => {
  const cols = new Columns();
  const render = f.c.render(connection(cols), f);
  const args = searchArgs(f.args as unknown as QuerySearchProductsArgs, {
    fieldNodes: f.nodes,
    fragments: f.c.fragments,
  });
  const extraColumns = cols.list.length ? Prisma.join(cols.list, ', ') : undefined;
  return { run: async (ctx) => render(await search(ctx, { ...args, extraColumns })) };
};
