import { getOperationAST, type DocumentNode } from 'graphql';

/** Variable sets remembered per document, cleared when full: a storefront repeats a few. */
const MAX_PER_DOCUMENT = 200;
/** Longer variable sets are not remembered (their key would cost more than the work). */
const MAX_KEY_CHARS = 2_000;

/**
 * Memoizes a pure function of a query operation — its document, operation name and variables —
 * such as the query-limit checks (~50 µs) and the compiled read path (~90 µs), both otherwise
 * done again for every request. Apollo hands the same DocumentNode object for the same query text
 * (its parsed-document cache), so entries live as long as that document does (a WeakMap).
 * Mutations and subscriptions are never remembered; neither is a thrown error.
 */
export function operationMemo<T>() {
  const byDocument = new WeakMap<DocumentNode, Map<string, T>>();
  return (
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
    compute: () => T,
  ): T => {
    if (getOperationAST(document, operationName)?.operation !== 'query') return compute();
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    if (key.length > MAX_KEY_CHARS) return compute();
    let cache = byDocument.get(document);
    if (cache?.has(key)) return cache.get(key)!;
    const value = compute();
    if (!cache) byDocument.set(document, (cache = new Map()));
    if (cache.size >= MAX_PER_DOCUMENT) cache.clear();
    cache.set(key, value);
    return value;
  };
}
