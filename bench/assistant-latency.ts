/**
 * `npm run bench:assistant:latency`: the assistant turn as a shopper's client sees it, with the
 * `local` provider, on one API process with its job workers (as `npm start` runs it).
 * For each message: messageSend over HTTP → first `assistantTokens` token and → the `done` token
 * on a graphql-ws subscription; p50/p95 at 1 conversation (sequential messages) and at 16
 * conversations at once (each sending its next message when its reply is done), and messages/s
 * sustained at 16. Then where the time goes, from the turns' own accounting (llm_responses:
 * queue time = committed → picked up by a worker; first token; whole turn), and the RSS of an API
 * process without workers at idle (the NLP model must not be loaded there).
 * SPEC §7: first token p95 ≤ 100 ms with `local`.
 * Env: DATABASE_URL (a scratch database: migrated and seeded with the demo catalog when empty;
 * conversations are added), BENCH_SECONDS (16-conversation phase, default 10),
 * BENCH_ASSISTANT_MESSAGES (1-conversation phase, default 60), BENCH_API_NODE_ARGS (e.g. `--cpu-prof`).
 * @example flock /tmp/bazaar-bench.lock env DATABASE_URL=postgresql://postgres@127.0.0.1:5432/assistant_bench npm run bench:assistant:latency
 */
import './production-env';
import { loadavg } from 'node:os';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { migrate } from '../src/db/migrate';
import { DEMO_COUNTS } from '../src/db/seed/demo';
import { silentProgress } from '../src/db/seed/progress';
import { seed } from '../src/db/seed/seed';
import { createLogger } from '../src/logger';
import { benchShopper, conversationGid } from './shopper';
import { fmt, startServer, type BenchServer } from './harness';

const url = process.env.DATABASE_URL;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MESSAGES = Number(process.env.BENCH_ASSISTANT_MESSAGES ?? 60);
const SERVER_ENV = {
  DATABASE_URL: url ?? '',
  LLM_PROVIDER: 'local',
  LLM_DAILY_TOKENS_CUSTOMER: '0',
  CHAT_RATE_SENDER_PER_MINUTE: '100000',
  CHAT_RATE_CONVERSATION_PER_MINUTE: '100000',
  CHAT_STARTS_PER_HOUR: '100000',
};

/** What shoppers say, in conversation order (references need the search before them). */
const SCRIPT = [
  'waterproof hiking boots under $350',
  'tell me more about the second one',
  'laptops between 500 and 2000',
  'compare the two cheapest',
  'bluetooth speakers under 200',
  'add the first one to my cart',
  "what's in my cart?",
  'where is my order?',
  'hi there',
  'do you sell drones?',
];

const SEND = `mutation($input: MessageSendInput!) { messageSend(input: $input) { message { sequence } userErrors { code } } }`;
const TOKENS = `subscription($id: ID!) { assistantTokens(conversationId: $id) { messageId index done } }`;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** One shopper's conversation: a WebSocket on its tokens, messages sent over HTTP. */
class Shopper {
  private waiter: { first: (t: number) => void; done: (t: number) => void } | null = null;
  private firstSeen = false;
  private constructor(
    readonly ws: WsClient,
    private readonly server: BenchServer,
    private readonly token: string,
    readonly conversation: string,
  ) {}

  static async open(server: BenchServer, token: string, conversation: string): Promise<Shopper> {
    let ready!: () => void;
    const connected = new Promise<void>((r) => (ready = r));
    const ws = createClient({
      url: server.endpoint.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: { connected: () => ready() },
    });
    const s = new Shopper(ws, server, token, conversation);
    ws.subscribe<{ assistantTokens: { done: boolean } }>(
      { query: TOKENS, variables: { id: conversationGid(conversation) } },
      {
        next: (v) => s.onToken(v.data?.assistantTokens.done ?? false),
        error: (err) => console.error('assistantTokens failed', err),
        complete: () => undefined,
      },
    );
    await connected;
    // The server checks access before it listens: give it a moment, then prove it with a turn.
    await new Promise((r) => setTimeout(r, 200));
    return s;
  }

  private onToken(done: boolean) {
    const now = performance.now();
    if (!this.waiter) return;
    if (!this.firstSeen) {
      this.firstSeen = true;
      this.waiter.first(now);
    }
    if (done) {
      const w = this.waiter;
      this.waiter = null;
      w.done(now);
    }
  }

  /** Sends a message; resolves with ms to the first token and to the done token. */
  async say(content: string): Promise<{ first: number; done: number; sent: number }> {
    this.firstSeen = false;
    let first!: Promise<number>;
    const done = new Promise<number>((resolveDone) => {
      first = new Promise<number>((resolveFirst) => {
        this.waiter = { first: resolveFirst, done: resolveDone };
      });
    });
    const sent = performance.now();
    const res = await fetch(this.server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({
        query: SEND,
        variables: { input: { conversationId: conversationGid(this.conversation), content } },
      }),
    });
    const body = (await res.json()) as { data?: { messageSend: { message: unknown } }; errors?: unknown };
    const answered = performance.now() - sent;
    if (!body.data?.messageSend.message) throw new Error(`messageSend failed: ${JSON.stringify(body)}`);
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no reply to ${JSON.stringify(content)} within 30 s`)),
        30_000,
      ).unref(),
    );
    const [f, d] = await Promise.race([Promise.all([first, done]), timeout]);
    return { first: f - sent, done: d - sent, sent: answered };
  }
}

type Sample = { first: number; done: number; sent: number };

function summary(label: string, samples: Sample[]) {
  const firsts = samples.map((s) => s.first).sort((a, b) => a - b);
  const dones = samples.map((s) => s.done).sort((a, b) => a - b);
  const sends = samples.map((s) => s.sent).sort((a, b) => a - b);
  console.log(
    `   ${label}: first token p50 ${fmt(pct(firsts, 50))} ms, p95 ${fmt(pct(firsts, 95))} ms (target ≤ 100);` +
      ` done p50 ${fmt(pct(dones, 50))} ms, p95 ${fmt(pct(dones, 95))} ms; ${samples.length} messages   [load ${load()}]\n` +
      `   (messageSend answered over HTTP p50 ${fmt(pct(sends, 50))} ms, p95 ${fmt(pct(sends, 95))} ms)`,
  );
}

/** Where the time went, from the turns' own accounting since `since`. */
async function breakdown(db: Client, since: Date) {
  const { rows } = await db.query<Record<string, string>>(
    `SELECT count(*)::text AS n,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY queue_time_ms)::text AS q50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY queue_time_ms)::text AS q95,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_first_token_ms)::text AS f50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY time_to_first_token_ms)::text AS f95,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms)::text AS l50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms)::text AS l95
     FROM llm_responses WHERE created_at >= $1`,
    [since],
  );
  const r = rows[0]!;
  console.log(
    `   server side (${r.n} turns, from messageSend's transaction start): to a worker p50 ${r.q50} ms, p95 ${r.q95} ms;` +
      ` to the first token p50 ${r.f50} ms, p95 ${r.f95} ms; the worker's turn p50 ${r.l50} ms, p95 ${r.l95} ms`,
  );
}

async function main() {
  if (!url) throw new Error('Set DATABASE_URL to a scratch database, e.g. postgresql://…/assistant_bench');
  await migrate(url, { log: () => undefined });
  const db = new Client({ connectionString: url });
  await db.connect();
  if (Number((await db.query('SELECT count(*) AS n FROM products')).rows[0].n) === 0) {
    console.log('seeding the demo catalog …');
    await seed(url, { ...DEMO_COUNTS, progress: silentProgress }, createLogger('silent'));
  }
  const shoppers: Shopper[] = [];
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const api = await startServer('API', 'api-server.cjs', SERVER_ENV, ['--expose-gc', ...nodeArgs]);
  try {
    const { token, conversations } = await benchShopper(db, 17, 'assistant bench');
    const [solo, ...many] = conversations;
    console.log(`load before: ${load()} (2 cores shared with other work: read figures with the load)`);

    // 1. One conversation, messages one after another.
    const one = await Shopper.open(api, token, solo!);
    shoppers.push(one);
    for (const text of SCRIPT.slice(0, 3)) await one.say(text); // warm-up: JIT, pools, lexicon
    console.log(`\n1. one conversation, ${MESSAGES} messages in sequence`);
    let since = new Date();
    await api.stats();
    const sequential: Sample[] = [];
    for (let i = 0; i < MESSAGES; i++) sequential.push(await one.say(SCRIPT[i % SCRIPT.length]!));
    summary('1 conversation', sequential);
    const cost = await api.stats();
    console.log(
      `   per message (messageSend + turn): ${fmt(cost.statements / MESSAGES)} SQL statements, ${fmt(cost.cpuMs / MESSAGES)} ms server CPU`,
    );
    await breakdown(db, since);

    // 2. Sixteen conversations at once.
    console.log(
      `\n2. 16 conversations at once, each sending its next message when its reply is done, ${SECONDS} s`,
    );
    const many16 = await Promise.all(many.map((c) => Shopper.open(api, token, c)));
    shoppers.push(...many16);
    await Promise.all(many16.map((s) => s.say('hi')));
    since = new Date();
    const concurrent: Sample[] = [];
    const t0 = performance.now();
    const until = t0 + SECONDS * 1000;
    await Promise.all(
      many16.map(async (s, k) => {
        for (let i = k; performance.now() < until; i++)
          concurrent.push(await s.say(SCRIPT[i % SCRIPT.length]!));
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    summary('16 conversations', concurrent);
    console.log(
      `   sustained: ${fmt(concurrent.length / elapsed)} messages/s (each a full turn: stored reply and done token)`,
    );
    await breakdown(db, since);
    const stats = await api.stats();
    console.log(`   API process (with workers) RSS ${fmt(stats.rssMb)} MB after the run`);
  } finally {
    for (const s of shoppers) await s.ws.dispose();
    await api.stop();
  }

  // 3. An API process without workers: what it holds at idle.
  const idle = await startServer(
    'API (no workers)',
    'api-server.cjs',
    { ...SERVER_ENV, JOBS_ENABLED: 'false' },
    ['--expose-gc'],
  );
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const s = await idle.stats();
    console.log(
      `\n3. an API process without workers (JOBS_ENABLED=false) at idle: RSS ${fmt(s.rssMb)} MB, heap ${fmt(s.heapUsedMb)} MB`,
    );
  } finally {
    await idle.stop();
    await db.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
