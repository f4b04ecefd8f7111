import {
  compareProductsTool,
  productDetailsTool,
  returnPolicyTool,
  searchProductsTool,
} from './catalog-tools';
import type { ToolDef } from './tool-types';

/** The catalog tools (no customer data: safe for guests and every chat mode). */
export const CATALOG_TOOLS: ToolDef[] = [
  searchProductsTool,
  productDetailsTool,
  compareProductsTool,
  returnPolicyTool,
] as ToolDef[];

const REGISTRY = new Map<string, ToolDef>(CATALOG_TOOLS.map((t) => [t.name, t]));

/** Adds tools from other modules (the cart tools register themselves here). */
export function registerTools(tools: ToolDef[]) {
  for (const t of tools) REGISTRY.set(t.name, t);
}

/** The tools a chat mode lists, in its order; unknown names are skipped. */
export function toolsFor(names: readonly string[]): ToolDef[] {
  return names.map((n) => REGISTRY.get(n)).filter((t): t is ToolDef => !!t);
}
