import type { Config } from '../../config';
import { rateLimited, userError, type UserError } from '../../graphql/errors';
import type { GraphQLContext } from '../../server/context';
import {
  checkEvent,
  eventProperties,
  MAX_EVENTS_PER_CALL,
  type CheckedEvent,
  type StorefrontEventInput,
} from './events';
import { checkAnonymousId } from './identify';
import { RateWindow } from './rate-window';

/** One limiter per app (its config object), so test apps in one process do not share counts. */
const limiters = new WeakMap<Config, RateWindow>();
const limiterFor = (config: Config) => {
  let l = limiters.get(config);
  if (!l) limiters.set(config, (l = new RateWindow(config.TRACK_EVENTS_PER_MINUTE)));
  return l;
};

interface Found {
  kind: 'p' | 'v';
  id: number;
  productId: number;
  categoryId: number | null;
}

/** The products and variants the events name, with each one's product and category (one statement). */
async function lookup(ctx: GraphQLContext, events: CheckedEvent[]): Promise<Found[]> {
  const productIds = [...new Set(events.flatMap((e) => (e.productId === null ? [] : [e.productId])))];
  const variantIds = [...new Set(events.flatMap((e) => (e.variantId === null ? [] : [e.variantId])))];
  if (productIds.length + variantIds.length === 0) return [];
  return ctx.prisma.$queryRaw<Found[]>`
    SELECT 'p' AS kind, p.id, p.id AS "productId", p.category_id AS "categoryId"
    FROM products p WHERE p.id = ANY(${productIds}::int[]) AND p.status <> 'draft'
    UNION ALL
    SELECT 'v', v.id, v.product_id, p.category_id
    FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE v.id = ANY(${variantIds}::int[]) AND p.status <> 'draft'`;
}

/**
 * `trackEvents`: validates every event (errors under `events.<index>`), checks that the products
 * and variants exist (a draft product answers like a missing one), and records the valid ones in
 * `analytics_events` with one INSERT: two statements whatever the batch size. The customer (and
 * their session) comes from the token; anonymous visitors are told apart by `anonymousId`.
 */
export async function trackEvents(
  ctx: GraphQLContext,
  args: { events: StorefrontEventInput[]; anonymousId?: string | null },
): Promise<{ accepted: number; userErrors: UserError[] }> {
  const refuse = (e: UserError) => ({ accepted: 0, userErrors: [e] });
  if (args.events.length > MAX_EVENTS_PER_CALL)
    return refuse(userError('TOO_MANY', `At most ${MAX_EVENTS_PER_CALL} events per call`, ['events']));
  const badId = checkAnonymousId(args.anonymousId, ['anonymousId']);
  if (badId) return refuse(badId);
  if (args.events.length === 0) return { accepted: 0, userErrors: [] };
  const key = ctx.viewer ? `customer:${ctx.viewer.customerId}` : `ip:${ctx.ip ?? 'unknown'}`;
  const retryAt = limiterFor(ctx.config).take(key, args.events.length);
  if (retryAt) throw rateLimited(retryAt);

  const now = Date.now();
  const userErrors: UserError[] = [];
  const valid: CheckedEvent[] = [];
  args.events.forEach((input, i) => {
    const r = checkEvent(input, i, now);
    if ('errors' in r) userErrors.push(...r.errors);
    else valid.push(r.event);
  });
  const found = await lookup(ctx, valid);
  const product = new Map(found.filter((f) => f.kind === 'p').map((f) => [f.id, f]));
  const variant = new Map(found.filter((f) => f.kind === 'v').map((f) => [f.id, f]));
  const rows: { e: CheckedEvent; properties: Record<string, unknown> }[] = [];
  for (const e of valid) {
    const v = e.variantId === null ? undefined : variant.get(e.variantId);
    const p = e.productId === null ? undefined : product.get(e.productId);
    const field = (f: string) => ['events', String(e.index), f];
    if (e.variantId !== null && (!v || (e.productId !== null && v.productId !== e.productId))) {
      userErrors.push(userError('NOT_FOUND', 'Variant not found', field('variantId')));
      continue;
    }
    if (e.productId !== null && !p) {
      userErrors.push(userError('NOT_FOUND', 'Product not found', field('productId')));
      continue;
    }
    const of = v ?? p;
    rows.push({ e, properties: eventProperties(e, of?.productId ?? null, of?.categoryId ?? null) });
  }
  if (rows.length > 0) {
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    await ctx.prisma.$executeRaw`
      INSERT INTO analytics_events (name, customer_id, session_id, anonymous_id, properties, created_at)
      SELECT * FROM unnest(${col((r) => r.e.name)}::text[], ${col(() => ctx.viewer?.customerId ?? null)}::int[],
        ${col(() => (ctx.viewer ? String(ctx.viewer.sessionId) : null))}::text[],
        ${col(() => args.anonymousId ?? null)}::text[], ${col((r) => JSON.stringify(r.properties))}::jsonb[],
        ${col((r) => r.e.occurredAt)}::timestamptz[])`;
  }
  userErrors.sort((a, b) => Number(a.field![1]) - Number(b.field![1]));
  return { accepted: rows.length, userErrors };
}
