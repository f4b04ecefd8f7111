import { userError, UserInputFailure, type UserError } from '../../../graphql/errors';
import { tryGlobalIntId } from '../../../graphql/global-id';
import type { GraphQLContext } from '../../../server/context';
import { invalidateVocabulary } from '../search/vocabulary';

/** `Running Shoes & Co.` → `running-shoes-co`. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

export { UserInputFailure };

/** A global ID of `type` as a local id, or a NOT_FOUND user error for `field`. */
export function localId(id: string, type: string, field: string[]): number {
  const n = tryGlobalIntId(id, type);
  if (n === null) throw new UserInputFailure([userError('NOT_FOUND', `${type} not found`, field)]);
  return n;
}

/**
 * Turns a constraint violation into a user error: unique keys (slug, sku) → TAKEN, row checks
 * (SQLSTATE 23514, e.g. a negative price or a sale window ending before it starts) and values
 * that do not fit their column (class 22, e.g. a 4-letter currency) → INVALID.
 * Anything else is a real failure and is rethrown.
 */
export function constraintUserError(err: unknown): UserError | null {
  const e = err as { code?: string; message?: string; meta?: Record<string, unknown> };
  const text = `${e.message ?? ''} ${JSON.stringify(e.meta ?? {})}`;
  if (e.code === 'P2002' || /23505|unique constraint/i.test(text)) {
    const field = uniqueField(e, text);
    return userError(
      'TAKEN',
      `This ${field ?? 'value'} is already used`,
      field ? ['input', field] : undefined,
    );
  }
  const check = /check constraint \\?"?([a-z_]+)/i.exec(text);
  if (check || /23514/.test(text))
    return userError('INVALID', `Invalid value (${check?.[1] ?? 'check failed'})`);
  // Data exceptions (class 22: too long, out of range, malformed date or number) are the input's.
  if (['P2000', 'P2020', 'P2007'].includes(e.code ?? '') || /\b22(001|003|007|008|P02)\b/.test(text))
    return userError('INVALID', 'A value is too long or out of range');
  return null;
}

/**
 * The input field a unique violation is about, from the violated constraint (`products_sku_key`)
 * or the key's columns — never from the whole message, which quotes the calling code (`data.slug`).
 */
function uniqueField(e: { meta?: Record<string, unknown> }, text: string): 'slug' | 'sku' | 'term' | null {
  const cause = (
    e.meta?.driverAdapterError as { cause?: { constraint?: { index?: string; fields?: string[] } } }
  )?.cause;
  const target = e.meta?.target;
  const key =
    cause?.constraint?.fields?.join(' ') ??
    cause?.constraint?.index ??
    (Array.isArray(target) ? target.join(' ') : undefined) ??
    /unique constraint[^`"]*[`"](\w+)[`"]/i.exec(text)?.[1] ??
    '';
  return (
    (['slug', 'sku', 'term'] as const).find((f) => new RegExp(`(^|[_\\s])${f}([_\\s]|$)`).test(key)) ?? null
  );
}

/**
 * asPayload for catalog writes: afterwards this process's search vocabulary cache is dropped, so
 * new and renamed words are searchable (and typo-correctable) at once (other processes: within a minute).
 */
export function catalogPayload<T extends { userErrors: UserError[] }>(
  ctx: GraphQLContext,
  fn: () => Promise<T>,
  empty: Omit<T, 'userErrors'>,
): Promise<T> {
  return asPayload(fn, empty).finally(() => invalidateVocabulary(ctx.prisma));
}

export async function asPayload<T extends { userErrors: UserError[] }>(
  fn: () => Promise<T>,
  empty: Omit<T, 'userErrors'>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserInputFailure) return { ...empty, userErrors: err.userErrors } as T;
    const ue = constraintUserError(err);
    if (ue) return { ...empty, userErrors: [ue] } as T;
    throw err;
  }
}
