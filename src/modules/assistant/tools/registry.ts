import {
  compareProductsTool,
  productDetailsTool,
  returnPolicyTool,
  searchProductsTool,
} from './catalog-tools';
import { addToCartTool, cartSummaryTool, updateCartTool } from './cart-tools';
import { addToWishlistTool, orderStatusTool } from './customer-tools';
import type { ToolDef } from './tool-types';

/** The catalog tools (no customer data: safe for guests and every chat mode). */
export const CATALOG_TOOLS: ToolDef[] = [
  searchProductsTool,
  productDetailsTool,
  compareProductsTool,
  returnPolicyTool,
] as ToolDef[];

/**
 * The tools over the signed-in customer's own data (cart, wishlist, orders). Each acts for the
 * conversation's customer only; for a guest they answer SIGN_IN_REQUIRED.
 */
export const CUSTOMER_TOOLS: ToolDef[] = [
  addToCartTool,
  updateCartTool,
  cartSummaryTool,
  addToWishlistTool,
  orderStatusTool,
] as ToolDef[];

/** Every built-in tool, in the order the default chat mode lists them. */
export const ALL_TOOLS: ToolDef[] = [...CATALOG_TOOLS, ...CUSTOMER_TOOLS];

const REGISTRY = new Map<string, ToolDef>(CATALOG_TOOLS.map((t) => [t.name, t]));

/** Adds tools to the registry chat modes pick from (by name); the assistant worker registers the customer tools. */
export function registerTools(tools: ToolDef[]) {
  for (const t of tools) REGISTRY.set(t.name, t);
}

/** The tools a chat mode lists, in its order; unknown names are skipped. */
export function toolsFor(names: readonly string[]): ToolDef[] {
  return names.map((n) => REGISTRY.get(n)).filter((t): t is ToolDef => !!t);
}
