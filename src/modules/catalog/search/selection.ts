import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { QuerySearchProductsArgs } from '../../../generated/graphql';
import { toListFilter } from '../product-filter';
import type { SearchArgs } from './search.service';

/**
 * True when the client's selection under the current field reaches `path` (e.g. ['edges',
 * 'highlight']), through inline fragments and named fragments. Lets a resolver skip costly SQL
 * (facets, ts_headline) that nobody asked for.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: string[]): boolean {
  const walk = (set: SelectionSetNode | undefined, rest: string[]): boolean => {
    if (!set) return false;
    if (rest.length === 0) return true;
    return set.selections.some((s) => {
      if (s.kind === 'Field')
        return s.name.value === rest[0] && (rest.length === 1 || walk(s.selectionSet, rest.slice(1)));
      if (s.kind === 'InlineFragment') return walk(s.selectionSet, rest);
      const frag: FragmentDefinitionNode | undefined = info.fragments[s.name.value];
      return walk(frag?.selectionSet, rest);
    });
  };
  return info.fieldNodes.some((f) => walk(f.selectionSet, path));
}

/** The search service's arguments for a `searchProducts` field: its arguments, and what its selection needs. */
export function searchArgs(
  args: QuerySearchProductsArgs,
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
): SearchArgs {
  return {
    query: args.query,
    filter: toListFilter(args.filter),
    sort: args.sort ?? 'RELEVANCE',
    first: args.first,
    after: args.after,
    last: args.last,
    before: args.before,
    want: { facets: selects(info, ['facets']), highlight: selects(info, ['edges', 'highlight']) },
  };
}
