import { randomUUID } from 'node:crypto';
import { localProvider } from '../../src/modules/assistant/providers/local';
import { reply } from '../../src/modules/assistant/reply';
import { CATALOG_TOOLS } from '../../src/modules/assistant/tools/registry';
import { emptyMemory, type ToolScope } from '../../src/modules/assistant/tools/tool-types';
import { invalidateLexicon } from '../../src/modules/assistant/understanding/lexicon.loader';
import { buildContext } from '../../src/server/context';
import { assistantScenario, type AssistantScenario } from '../fixtures/assistant.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let s: AssistantScenario;

beforeAll(async () => {
  t = await startTestApp();
  s = await assistantScenario(t.prisma);
});
afterAll(() => t.stop());

const newScope = (): ToolScope => ({
  ctx: buildContext(t.app.deps, { requestId: randomUUID(), viewer: null, transport: 'internal' }),
  conversationId: null,
  customerId: null,
  memory: emptyMemory(),
});

const say = async (scope: ToolScope, text: string) => {
  const tokens: string[] = [];
  const out = await reply(scope, text, {
    provider: localProvider,
    tools: CATALOG_TOOLS,
    onToken: (x) => tokens.push(x),
  });
  return { ...out, tokens };
};

/** What the shopper pays now, read independently of the assistant. */
async function catalogPrice(id: number): Promise<string> {
  const [row] = await t.prisma.$queryRaw<{ p: string }[]>`
    SELECT (CASE WHEN sale_price IS NOT NULL AND sale_price < price THEN sale_price ELSE price END)::text AS p
    FROM products WHERE id = ${id}`;
  return row!.p;
}

describe('local assistant over the catalog', () => {
  it('finds what satisfies every stated constraint and quotes the catalog price (the sale price while it runs)', async () => {
    const scope = newScope();
    const { understanding, result, tokens } = await say(scope, 'waterproof hiking boots under $120');
    expect(understanding.intent).toBe('PRODUCT_SEARCH');
    expect(understanding.entities).toMatchObject({ category: 'hiking-boots', maxPrice: '120' });
    const ids = result.products.map((p) => p.productId);
    expect(ids).toEqual(expect.arrayContaining([s.summit.id, s.ridge.id]));
    expect(ids).not.toContain(s.alpine.id);
    for (const p of result.products) {
      expect(p.price).toBe(await catalogPrice(p.productId));
      expect(Number(p.price)).toBeLessThanOrEqual(120);
    }
    expect(result.products.find((p) => p.productId === s.summit.id)?.price).toBe('109.00');
    expect(result.content).toContain('$109.00');
    expect(tokens.join('')).toBe(result.content);
    expect(result.activities).toEqual([
      expect.objectContaining({ tool: 'search_products', status: 'succeeded' }),
    ]);
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.completionTokens).toBeGreaterThan(10);
  });

  it('honours colour and size through the variants, in-stock first', async () => {
    const { result } = await say(newScope(), 'black boots size 10');
    expect(result.products.map((p) => p.productId)).toEqual([s.ridge.id, s.trek.id]);
    expect(result.products[0]).toMatchObject({ variantName: 'Black / 10', stock: 12 });
  });

  it('resolves "the second one" and "compare" against the last results', async () => {
    const scope = newScope();
    const first = await say(scope, 'Ridgeway boots');
    const second = first.result.products[1]!;
    const details = await say(scope, 'tell me more about the second one');
    expect(details.result.products.map((p) => p.productId)).toEqual([second.productId]);
    expect(details.result.content).toContain('30-day returns');
    const compared = await say(scope, 'compare the two cheapest');
    expect(compared.understanding.intent).toBe('PRICE_COMPARISON');
    const prices = await Promise.all(first.result.products.map((p) => catalogPrice(p.productId)));
    const cheapest = [...prices].sort((a, b) => Number(a) - Number(b))[0]!;
    expect(compared.result.products[0]!.price).toBe(cheapest);
  });

  it('compares the results named ("the first and the third"), and widens a price limit that left one', async () => {
    const scope = newScope();
    const shown = (await say(scope, 'Ridgeway boots')).result.products.map((p) => p.productId);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    const named = await say(scope, 'compare the first and the third');
    expect(new Set(named.result.products.map((p) => p.productId))).toEqual(new Set([shown[0], shown[2]]));

    const narrow = newScope();
    const one = await say(narrow, 'hiking boots under $95');
    expect(one.result.products.map((p) => p.productId)).toEqual([s.trek.id]);
    const widened = await say(narrow, 'compare the two cheapest');
    expect(widened.result.content).toMatch(/^Fewer than two matched your price range/);
    expect(widened.result.products.map((p) => p.productId)).toContain(s.trek.id);
    expect(widened.result.products.length).toBe(2);
    expect(widened.result.products.every((p) => p.name.includes('Boot'))).toBe(true);
  });

  it('refines the last search with a follow-up that only adds a constraint, and says what it searched', async () => {
    const scope = newScope();
    await say(scope, 'Ridgeway boots');
    const cheaper = await say(scope, 'only the ones under $110');
    expect(cheaper.understanding.entities).toMatchObject({ brand: null, maxPrice: '110' });
    expect(cheaper.result.products.length).toBeGreaterThan(0);
    expect(cheaper.result.products.every((p) => p.brand === 'Ridgeway' && Number(p.price) <= 110)).toBe(true);
    expect(cheaper.result.content).toMatch(/ by Ridgeway under \$110:/);
    const cheapest = await say(scope, 'something cheaper?');
    expect(cheapest.understanding.sort).toBe('PRICE_ASC');
    const prices = cheapest.result.products.map((p) => Number(p.price));
    expect(cheapest.result.products.every((p) => p.brand === 'Ridgeway')).toBe(true);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    // Asking for something else starts over; thanks is answered as such.
    const other = await say(scope, 'something else under $50');
    expect(other.result.products.every((p) => Number(p.price) <= 50)).toBe(true);
    expect(other.result.products.some((p) => p.brand !== 'Ridgeway')).toBe(true);
    expect((await say(scope, 'thanks, bye')).result.content).toMatch(/^You're welcome/);
  });

  it('answers a question about the product in view with its details, and asks when there is nothing to go on', async () => {
    const scope = newScope();
    const empty = await say(scope, 'is it any good?');
    expect([empty.result.products, empty.result.content]).toEqual([
      [],
      'What are you looking for? Tell me a product, a category, a brand or a price range.',
    ]);
    const shown = (await say(scope, 'Ridgeway boots')).result.products;
    await say(scope, 'tell me more about the second one');
    const asked = await say(scope, 'is it dishwasher safe?');
    expect(asked.understanding.intent).toBe('FALLBACK');
    expect(asked.result.products.map((p) => p.productId)).toEqual([shown[1]!.productId]);
    const sorted = await say(newScope(), 'show me boots sorted by price');
    expect(sorted.understanding.sort).toBe('PRICE_ASC');
  });

  it('shows as many as asked ("the 2 cheapest boots"), and fills a narrow match up from its category', async () => {
    const two = await say(newScope(), 'show me the 2 cheapest boots');
    expect([two.understanding.count, two.understanding.entities.quantity]).toEqual([2, null]);
    expect(two.result.products).toHaveLength(2);
    const narrow = await say(newScope(), 'trekker boots');
    expect(narrow.result.products[0]!.productId).toBe(s.trek.id);
    expect(narrow.result.products.length).toBeGreaterThanOrEqual(3);
    expect(narrow.result.products.every((p) => p.name.includes('Boot'))).toBe(true);
  });

  it('finds what is on sale ("any deals on boots?"), and only that', async () => {
    const { understanding, result } = await say(newScope(), 'any deals on boots?');
    expect([understanding.intent, understanding.onSale]).toEqual(['PRODUCT_SEARCH', true]);
    expect(result.products.map((p) => p.productId)).toEqual([s.summit.id]);
    expect(result.content).toContain('boots on sale');
    expect(result.content).toContain('$109.00');
  });

  it('never quotes a price from product text: an injected description changes nothing', async () => {
    const { result } = await say(newScope(), 'Brewmaster kettle');
    expect(result.products.map((p) => p.productId)).toEqual([s.kettle.id]);
    expect(result.content).toContain('$39.99');
    expect(result.content).not.toContain('$1.00');
    expect(result.activities.map((a) => a.tool)).toEqual(['search_products']);
  });

  it('reads brands and categories from the database: a renamed brand is understood after a refresh', async () => {
    await t.prisma.brand.update({ where: { id: s.brew.id }, data: { name: 'Kettleworks' } });
    invalidateLexicon(t.prisma);
    const { understanding } = await say(newScope(), 'Kettleworks kettles');
    expect(understanding.entities).toMatchObject({ brand: 'Kettleworks', category: 'kettles-and-toasters' });
  });

  it('answers a shopper it cannot serve with guidance instead of products', async () => {
    const { understanding, result } = await say(newScope(), 'what is the weather tomorrow');
    expect(understanding.intent).toBe('FALLBACK');
    expect(result.products).toEqual([]);
    expect(result.activities).toEqual([]);
  });

  it('says it failed when a tool fails, instead of "nothing found"', async () => {
    const broken = CATALOG_TOOLS.map((tool) =>
      tool.name === 'search_products'
        ? {
            ...tool,
            run: () => Promise.reject(new Error('search is down')),
          }
        : tool,
    );
    const out = await reply(newScope(), 'waterproof hiking boots under $120', {
      provider: localProvider,
      tools: broken,
      onToken: () => undefined,
    });
    expect(out.result.products).toEqual([]);
    expect(out.result.content).toMatch(/^Sorry, something went wrong/);
    expect(out.result.content).not.toMatch(/couldn't find/);
    expect(out.result.activities).toEqual([
      expect.objectContaining({ tool: 'search_products', status: 'failed' }),
    ]);
  });
});
