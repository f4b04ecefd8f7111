import { mergeResolvers } from '@graphql-tools/merge';
import { nodeResolvers } from '../graphql/node';
import { scalarResolvers } from '../graphql/scalars';
import { catalogResolvers } from '../modules/catalog/catalog.resolvers';
import { customerResolvers } from '../modules/customers/customers.resolvers';
import { adminResolvers } from '../modules/admin/admin.resolvers';
import { cartResolvers } from '../modules/cart/cart.resolvers';
import { wishlistResolvers } from '../modules/wishlist/wishlist.resolvers';
import { chatResolvers } from '../modules/chat/chat.resolvers';
import { llmUsageResolvers } from '../modules/assistant/llm-usage.resolvers';
import { orderResolvers } from '../modules/orders/orders.resolvers';
import { assistantResolvers } from '../modules/assistant/assistant.resolvers';
import { analyticsResolvers } from '../modules/analytics/analytics.resolvers';

/** Every module's resolvers; a module adds itself here and its types to the schema. */
export const resolvers = mergeResolvers([
  scalarResolvers as never,
  nodeResolvers,
  catalogResolvers,
  customerResolvers,
  adminResolvers,
  cartResolvers,
  wishlistResolvers,
  chatResolvers,
  llmUsageResolvers,
  orderResolvers,
  assistantResolvers,
  analyticsResolvers,
]);
