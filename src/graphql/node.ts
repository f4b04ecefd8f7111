import type { GraphQLContext } from '../server/context';
import { decodeGlobalId } from './global-id';
import { badUserInput } from './errors';
import { catalogNodes } from '../modules/catalog/catalog.nodes';
import { customerNodes } from '../modules/customers/customers.nodes';
import { cartNodes } from '../modules/cart/cart.nodes';
import { wishlistNodes } from '../modules/wishlist/wishlist.nodes';
import { chatNodes } from '../modules/chat/chat.nodes';
import { orderNodes } from '../modules/orders/orders.nodes';
import { adminNodes } from '../modules/admin/admin.nodes';

/** Loads one object of a Node type by its local id, answering null when absent or hidden from the viewer. */
export type NodeFetcher = (ctx: GraphQLContext, localId: string) => Promise<object | null>;

/** Every type implementing Node has its fetcher here (test/server/node.test.ts checks the schema against it). */
export const NODE_FETCHERS: Record<string, NodeFetcher> = {
  ...catalogNodes,
  ...customerNodes,
  ...cartNodes,
  ...wishlistNodes,
  ...chatNodes,
  ...orderNodes,
  ...adminNodes,
};

const TYPENAME = Symbol('typename');

async function fetchNode(ctx: GraphQLContext, id: string) {
  const decoded = decodeGlobalId(id);
  const fetcher =
    decoded && Object.hasOwn(NODE_FETCHERS, decoded.type) ? NODE_FETCHERS[decoded.type] : undefined;
  if (!decoded || !fetcher) return null;
  const obj = await fetcher(ctx, decoded.id);
  return obj ? Object.assign(obj, { [TYPENAME]: decoded.type }) : null;
}

export const nodeResolvers = {
  Query: {
    node: (_: unknown, args: { id: string }, ctx: GraphQLContext) => fetchNode(ctx, args.id),
    nodes: (_: unknown, args: { ids: string[] }, ctx: GraphQLContext) => {
      if (args.ids.length > ctx.config.GRAPHQL_MAX_PAGE_SIZE) {
        throw badUserInput(`At most ${ctx.config.GRAPHQL_MAX_PAGE_SIZE} ids`, ['ids']);
      }
      return Promise.all(args.ids.map((id) => fetchNode(ctx, id)));
    },
  },
  Node: {
    __resolveType: (obj: { [TYPENAME]?: string; __typename?: string }) =>
      obj[TYPENAME] ?? obj.__typename ?? null,
  },
};
