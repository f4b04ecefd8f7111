/**
 * `npm run bench:assistant`: the assistant's quality harness over the demo catalog. For each
 * utterance of bench/assistant/utterances.ts it prints nothing unless it misses, then:
 * intent accuracy, entity exact-match, top-3 hit rate (at least one of the first three products
 * suggested satisfies every stated constraint, judged by an independent SQL oracle), precision
 * of the top 3, and the number of quoted prices that differ from the catalog (must be 0).
 *
 *   DATABASE_URL=postgresql://…/bazaar_quality npm run bench:assistant   (migrates, and seeds the demo catalog when empty)
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadConfigOrExit } from '../src/config';
import { createDatabase, type PrismaClient } from '../src/db/prisma';
import { migrate } from '../src/db/migrate';
import { DEMO_COUNTS } from '../src/db/seed/demo';
import { silentProgress } from '../src/db/seed/progress';
import { seed } from '../src/db/seed/seed';
import type { JobQueue } from '../src/jobs/job-queue';
import { createLogger } from '../src/logger';
import { buildContext } from '../src/server/context';
import type { PubSub } from '../src/server/pubsub';
import { localProvider } from '../src/modules/assistant/providers/local';
import { CATALOG_TOOLS } from '../src/modules/assistant/tools/registry';
import { emptyMemory, type ToolScope } from '../src/modules/assistant/tools/tool-types';
import { formatMoney } from '../src/modules/assistant/tools/quote';
import { reply } from '../src/modules/assistant/reply';
import { ENTITY_KEYS } from '../src/modules/assistant/understanding/understand';
import { UTTERANCES, type Utterance } from './assistant/utterances';

const SIZE_ALIASES: Record<string, string[]> = { s: ['s', 'small'], m: ['m', 'medium'], l: ['l', 'large'] };

/** The products that satisfy every constraint the utterance states, straight from SQL. */
async function satisfying(prisma: PrismaClient, e: NonNullable<Utterance['entities']>): Promise<Set<number>> {
  const colour = e.color ? `\\m${e.color}\\M` : null;
  const sizes = e.size ? (SIZE_ALIASES[e.size.toLowerCase()] ?? [e.size.toLowerCase()]) : null;
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    WITH RECURSIVE sub AS (
      SELECT id FROM categories WHERE slug = ${e.category ?? null}
      UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
    SELECT p.id FROM products p LEFT JOIN brands b ON b.id = p.brand_id
    WHERE p.status = 'active'
      AND (${e.category ?? null}::text IS NULL OR p.category_id IN (SELECT id FROM sub))
      AND (${e.brand ?? null}::text IS NULL OR lower(b.name) = lower(${e.brand ?? null}))
      AND (${e.minPrice ?? null}::numeric IS NULL OR (CASE WHEN p.sale_price IS NOT NULL AND p.sale_price < p.price
             AND (p.sale_starts_at IS NULL OR p.sale_starts_at <= now()) AND (p.sale_ends_at IS NULL OR p.sale_ends_at > now())
             THEN p.sale_price ELSE p.price END) >= ${e.minPrice ?? null}::numeric)
      AND (${e.maxPrice ?? null}::numeric IS NULL OR (CASE WHEN p.sale_price IS NOT NULL AND p.sale_price < p.price
             AND (p.sale_starts_at IS NULL OR p.sale_starts_at <= now()) AND (p.sale_ends_at IS NULL OR p.sale_ends_at > now())
             THEN p.sale_price ELSE p.price END) <= ${e.maxPrice ?? null}::numeric)
      AND (${colour}::text IS NULL OR p.name ~* ${colour} OR coalesce(p.specifications->>'Color', '') ~* ${colour}
           OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active
                      AND coalesce(v.attributes->>'color', '') ~* ${colour}
                      AND (${sizes}::text[] IS NULL OR lower(v.attributes->>'size') = ANY(${sizes}::text[]))))
      AND (${sizes}::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active
                      AND lower(v.attributes->>'size') = ANY(${sizes}::text[])))`;
  return new Set(rows.map((r) => r.id));
}

/** Catalog price now (of the variant quoted, when it has its own price), for the grounding check. */
async function catalogPrices(
  prisma: PrismaClient,
  quoted: { productId: number; variantId: number | null }[],
) {
  const rows = await prisma.$queryRaw<{ n: number; price: string; currency: string }[]>`
    SELECT q.n, coalesce(v.price, CASE WHEN p.sale_price IS NOT NULL AND p.sale_price < p.price AND (p.sale_starts_at IS NULL OR p.sale_starts_at <= now())
                AND (p.sale_ends_at IS NULL OR p.sale_ends_at > now()) THEN p.sale_price ELSE p.price END)::text AS price, p.currency
    FROM unnest(${quoted.map((q) => q.productId)}::int[], ${quoted.map((q) => q.variantId)}::int[]) WITH ORDINALITY AS q(id, variant, n)
    JOIN products p ON p.id = q.id LEFT JOIN product_variants v ON v.id = q.variant`;
  return new Map(rows.map((r) => [Number(r.n) - 1, r]));
}

async function main() {
  const config = loadConfigOrExit({ ...process.env, LOG_LEVEL: 'silent' });
  if (!config.DATABASE_URL)
    throw new Error('Set DATABASE_URL (a database of its own: the demo catalog is seeded when empty)');
  const log = createLogger('silent');
  await migrate(config.DATABASE_URL, { log: () => undefined });
  const db = createDatabase({ url: config.DATABASE_URL, poolSize: 4 });
  if ((await db.prisma.product.count()) === 0)
    await seed(config.DATABASE_URL, { ...DEMO_COUNTS, progress: silentProgress }, log);
  // Searches made by the harness are not storefront traffic: they are not logged.
  const jobs = { send: async () => null, sendLater: () => {} } as unknown as JobQueue;
  const deps = { config, log, db, jobs, pubsub: {} as PubSub };

  let intentOk = 0;
  let entitiesOk = 0;
  let relevanceCases = 0;
  let hits = 0;
  let precisionSum = 0;
  let quoted = 0;
  let wrongPrices = 0;
  const started = performance.now();
  for (const u of UTTERANCES) {
    const ctx = buildContext(deps, { requestId: randomUUID(), viewer: null, transport: 'internal' });
    const scope: ToolScope = { ctx, conversationId: null, customerId: null, memory: emptyMemory() };
    const say = (text: string) => reply(scope, text, { provider: localProvider, tools: CATALOG_TOOLS });
    if (u.before) await say(u.before);
    const { understanding: und, result: out } = await say(u.text);
    const expected = Object.fromEntries(ENTITY_KEYS.map((k) => [k, u.entities?.[k] ?? null]));
    const got = Object.fromEntries(ENTITY_KEYS.map((k) => [k, und.entities[k]]));
    const iOk = und.intent === u.intent;
    const eOk = JSON.stringify(got) === JSON.stringify(expected);
    intentOk += Number(iOk);
    entitiesOk += Number(eOk);
    if (!iOk || !eOk)
      console.log(
        `miss: ${JSON.stringify(u.text)} → ${und.intent} ${JSON.stringify(got)}; want ${u.intent} ${JSON.stringify(expected)}`,
      );

    const constrained =
      u.intent === 'PRODUCT_SEARCH' &&
      !u.before &&
      ['category', 'brand', 'minPrice', 'maxPrice', 'color', 'size'].some((k) => expected[k] != null);
    if (constrained) {
      const ok = await satisfying(db.prisma, u.entities!);
      if (ok.size > 0) {
        relevanceCases++;
        const top = out.products.slice(0, 3);
        const good = top.filter((p) => ok.has(p.productId)).length;
        hits += Number(good > 0);
        precisionSum += top.length ? good / top.length : 0;
        if (good === 0)
          console.log(
            `no hit: ${JSON.stringify(u.text)} (${ok.size} satisfy; suggested ${top.map((p) => p.name).join(' | ') || 'nothing'})`,
          );
      }
    }
    const prices = await catalogPrices(db.prisma, out.products);
    out.products.forEach((p, i) => {
      quoted++;
      const catalog = prices.get(i);
      const lineOk = out.content
        .split('\n')
        .filter((l) => l.includes(p.name))
        .every((l) => l.includes(formatMoney(catalog!.price, catalog!.currency)));
      if (!catalog || catalog.price !== p.price || !lineOk) {
        wrongPrices++;
        console.log(`price mismatch: ${p.name}: quoted ${p.price}, catalog ${catalog?.price}`);
      }
    });
  }
  const n = UTTERANCES.length;
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : 'n/a');
  console.log(
    `\nassistant quality over ${n} utterances (${((performance.now() - started) / n).toFixed(1)} ms each)`,
  );
  console.log(`intent accuracy        ${pct(intentOk, n)}% (${intentOk}/${n})`);
  console.log(`entity exact-match     ${pct(entitiesOk, n)}% (${entitiesOk}/${n})`);
  console.log(
    `top-3 hit rate         ${pct(hits, relevanceCases)}% (${hits}/${relevanceCases} searches with satisfiable constraints)`,
  );
  console.log(`top-3 precision        ${pct(precisionSum, relevanceCases)}%`);
  console.log(`quoted prices wrong    ${wrongPrices} of ${quoted}`);
  await db.close();
  if (wrongPrices > 0) process.exitCode = 1;
}

void main();
