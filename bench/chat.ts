/**
 * `npm run bench:chat`: conversations under load, with two API processes (A and B) on one
 * database and this process as the clients (WebSockets, HTTP, and autocannon in a process of its
 * own for throughput).
 * 1. Idle subscriptions: BENCH_CHAT_SUBS (2,000) WebSockets on process B, one messageAdded each
 *    (half of them on one "hot" conversation, the rest on conversations of their own); B's RSS
 *    and heap after a GC, against B's before them.
 * 2. Fan-out: a message sent to A reaches all BENCH_CHAT_FANOUT (1,000) subscribers of the hot
 *    conversation on B: time from sending to the first and to the last delivery, over 20 sends.
 * 3. messageSend throughput at 16 clients for BENCH_SECONDS over HTTP to A: 16 conversations (one
 *    per client), then all 16 clients on one conversation (every send waits for that row's lock).
 * 4. End-to-end latency of one message, sent to A, delivered on B (and on A, for reference):
 *    p50/p95 over BENCH_CHAT_LATENCY (300) sequential sends.
 * Figures move with the machine and with other work on it: read them against the same-run
 * references printed next to them (the idle server, A→A).
 * Env: DATABASE_URL (a scratch database: migrated here, conversations are added), BENCH_SECONDS
 * (default 10), BENCH_CHAT_SUBS, BENCH_CHAT_FANOUT, BENCH_CHAT_LATENCY.
 * @example flock /tmp/bazaar-bench.lock env DATABASE_URL=postgresql://postgres@127.0.0.1:5432/chat_bench npm run bench:chat
 */
import './production-env';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { migrate } from '../src/db/migrate';
import { benchShopper, conversationGid } from './shopper';
import { fmt, loadTest, startServer, type BenchServer } from './harness';

const url = process.env.DATABASE_URL;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SUBS = Number(process.env.BENCH_CHAT_SUBS ?? 2000);
const FANOUT = Number(process.env.BENCH_CHAT_FANOUT ?? 1000);
const LATENCY_SENDS = Number(process.env.BENCH_CHAT_LATENCY ?? 300);
/** Extra node flags for process B (BENCH_CHAT_NODE_ARGS, e.g. `--max-semi-space-size=4`). */
const NODE_ARGS_B = (process.env.BENCH_CHAT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SERVER_ENV = {
  DATABASE_URL: url ?? '',
  JOBS_ENABLED: 'false',
  CHAT_RATE_SENDER_PER_MINUTE: '100000',
  CHAT_RATE_CONVERSATION_PER_MINUTE: '100000',
  CHAT_STARTS_PER_HOUR: '100000',
};

const SEND = `mutation($input: MessageSendInput!) { messageSend(input: $input) { message { sequence } userErrors { code } } }`;
const ADDED = `subscription($id: ID!, $after: Int) { messageAdded(conversationId: $id, afterSequence: $after) { sequence content sender { displayName } } }`;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A graphql-ws client; `connected` resolves once the server acknowledged it. */
function wsClient(server: BenchServer, token: string): WsClient & { connected: Promise<void> } {
  let ready!: () => void;
  const connected = new Promise<void>((resolve) => (ready = resolve));
  const client = createClient({
    url: server.endpoint.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: 0,
    on: { connected: () => ready() },
  });
  return Object.assign(client, { connected });
}

/** Receive times of each message sequence, and promises for "n deliveries of sequence s". */
class Arrivals {
  private readonly times = new Map<number, number[]>();
  private readonly waiting = new Map<number, { n: number; resolve: (times: number[]) => void }>();

  record(seq: number, at: number) {
    const list = this.times.get(seq) ?? [];
    list.push(at);
    this.times.set(seq, list);
    const w = this.waiting.get(seq);
    if (w && list.length >= w.n) {
      this.waiting.delete(seq);
      w.resolve(list);
    }
  }

  /** Resolves with the receive times once `seq` was delivered `n` times; forgets it then. */
  until(seq: number, n = 1): Promise<number[]> {
    return new Promise<number[]>((resolve) => {
      const done = (list: number[]) => {
        this.times.delete(seq);
        resolve(list);
      };
      const list = this.times.get(seq) ?? [];
      if (list.length >= n) done(list);
      else this.waiting.set(seq, { n, resolve: done });
    });
  }
}

/** messageAdded on `conversation`, recording each delivery's receive time. */
function follow(client: WsClient, conversation: string, after: number, arrivals: Arrivals) {
  client.subscribe<{ messageAdded: { sequence: number } }>(
    { query: ADDED, variables: { id: conversation, after } },
    {
      next: (v) => {
        if (v.errors) throw new Error(`messageAdded refused: ${JSON.stringify(v.errors)}`);
        arrivals.record(v.data!.messageAdded.sequence, performance.now());
      },
      error: (err) => console.error('subscription failed', (err as { message?: string }).message ?? err),
      complete: () => undefined,
    },
  );
}

async function send(server: BenchServer, token: string, conversation: string, content: string) {
  const res = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SEND, variables: { input: { conversationId: conversation, content } } }),
  });
  const body = (await res.json()) as {
    data?: { messageSend: { message: { sequence: number } | null } };
    errors?: unknown;
  };
  const m = body.data?.messageSend.message;
  if (!m) throw new Error(`messageSend failed: ${JSON.stringify(body)}`);
  return m.sequence;
}

async function main() {
  if (!url)
    throw new Error(
      'Set DATABASE_URL to a scratch database, e.g. postgresql://postgres@127.0.0.1:5432/chat_bench',
    );
  await migrate(url, { log: () => undefined });
  const db = new Client({ connectionString: url });
  await db.connect();
  const a = await startServer('A', 'api-server.cjs', SERVER_ENV);
  const b = await startServer('B', 'api-server.cjs', SERVER_ENV, ['--expose-gc', ...NODE_ARGS_B]);
  const clients: WsClient[] = [];
  try {
    const idleConversations = Math.max(0, SUBS - FANOUT);
    const shopper = await benchShopper(db, idleConversations + 1 + 16 + 2);
    const { token } = shopper;
    const conversations = shopper.conversations.map(conversationGid);
    const [hot, ...rest] = conversations;
    const idle = rest.slice(0, idleConversations);
    const [latencyConv, latencyConvA, ...loadConvs] = rest.slice(idleConversations);

    // Warm B up (schema, pools, JIT) so the baseline is a serving process, not a fresh one.
    await send(a, token, hot!, 'warm-up');
    const warm = wsClient(b, token);
    const warmArrivals = new Arrivals();
    follow(warm, hot!, 0, warmArrivals);
    await warmArrivals.until(1);
    await warm.dispose();
    await sleep(500);
    const base = await b.stats();

    // 1. Idle subscriptions on B.
    console.log(
      `\n1. ${SUBS} idle subscriptions on one process (B): ${FANOUT} on one conversation, ${idle.length} on their own`,
    );
    const hotArrivals = new Arrivals();
    const idleArrivals = new Arrivals();
    const targets = [...Array<string>(FANOUT).fill(hot!), ...idle];
    const t0 = performance.now();
    // In batches of 50 acknowledged connections: a burst of 2,000 handshakes would overflow the
    // listen backlog, which is not what this measures.
    for (let i = 0; i < targets.length; i += 50) {
      const batch = targets.slice(i, i + 50).map((conv) => {
        const c = wsClient(b, token);
        clients.push(c);
        follow(c, conv, 1, conv === hot ? hotArrivals : idleArrivals);
        return c.connected;
      });
      await Promise.all(batch);
    }
    // Every hot subscriber receives a probe once B holds them all.
    await hotArrivals.until(await send(a, token, hot!, 'probe'), FANOUT);
    console.log(`   opened in ${fmt((performance.now() - t0) / 1000)} s`);
    await sleep(2000);
    const loaded = await b.stats();
    console.log(
      `   B RSS ${fmt(loaded.rssMb)} MB (idle before: ${fmt(base.rssMb)} MB, +${fmt(loaded.rssMb - base.rssMb)} MB,` +
        ` ${fmt(((loaded.rssMb - base.rssMb) * 1024) / SUBS)} KB per subscription)   target: < 300 MB\n` +
        `   B heap ${fmt(loaded.heapUsedMb)} MB (before ${fmt(base.heapUsedMb)} MB, ` +
        `${fmt(((loaded.heapUsedMb - base.heapUsedMb) * 1024) / SUBS)} KB per subscription), ` +
        `committed ${fmt(loaded.heapTotalMb)} MB (before ${fmt(base.heapTotalMb)} MB), ` +
        `external ${fmt(loaded.externalMb)} MB (before ${fmt(base.externalMb)} MB)`,
    );

    // 2. Fan-out to the hot conversation's subscribers.
    console.log(`\n2. fan-out: a message sent to A, delivered to ${FANOUT} subscribers on B`);
    const firsts: number[] = [];
    const lasts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      const seq = await send(a, token, hot!, `fan-out ${i}`);
      const times = await hotArrivals.until(seq, FANOUT);
      firsts.push(Math.min(...times) - sent);
      lasts.push(Math.max(...times) - sent);
      await sleep(100);
    }
    firsts.sort((x, y) => x - y);
    lasts.sort((x, y) => x - y);
    const fanStats = await b.stats();
    console.log(
      `   first delivery p50 ${fmt(pct(firsts, 50))} ms; all ${FANOUT} delivered p50 ${fmt(pct(lasts, 50))} ms, p95 ${fmt(pct(lasts, 95))} ms` +
        `   (B: ${fmt(fanStats.statements / 20)} SQL statements per message for all its subscribers, ${fmt(fanStats.cpuMs / 20)} ms CPU)`,
    );
    for (const c of clients.splice(0)) await c.dispose();
    await sleep(1000);
    console.log(`   B RSS after closing them: ${fmt((await b.stats()).rssMb)} MB`);

    // 3. messageSend throughput.
    console.log(`\n3. messageSend over HTTP to A, 16 clients, ${SECONDS} s`);
    const bodies = (convs: string[]) =>
      convs.map((c, i) =>
        JSON.stringify({ query: SEND, variables: { input: { conversationId: c, content: `load ${i}` } } }),
      );
    const headers = { authorization: `Bearer ${token}` };
    await loadTest(a, bodies(loadConvs), 3, 16, headers); // warm-up
    // Reference: the cheapest signed-in operation (HTTP, auth, one statement) on the same server.
    const floor = await loadTest(a, [JSON.stringify({ query: '{ me { id } }' })], SECONDS, 16, headers);
    console.log(`   reference, { me { id } }: ${fmt(floor.reqPerSec)} requests/s, p50 ${fmt(floor.p50)} ms`);
    for (const [label, convs] of [
      ['16 conversations (one per client)', loadConvs],
      ['one conversation (all 16 clients)', [loadConvs[0]!]],
    ] as const) {
      const r = await loadTest(a, bodies([...convs]), SECONDS, 16, headers);
      console.log(
        `   ${label}: ${fmt(r.reqPerSec)} messages/s (${fmt(r.reqPerSec / floor.reqPerSec, 2)}× the reference),` +
          ` p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, ${r.failed} failed,` +
          ` ${fmt(r.statementsPerRequest)} statements and ${fmt(r.cpuMsPerRequest, 2)} ms server CPU per message`,
      );
    }

    // 4. End-to-end latency A → B, and A → A.
    console.log(
      `\n4. end-to-end: messageSend on A → messageAdded delivered, ${LATENCY_SENDS} sequential sends`,
    );
    for (const [label, conv, target] of [
      ['A → B (another process)', latencyConv!, b],
      ['A → A (same process, reference)', latencyConvA!, a],
    ] as const) {
      const c = wsClient(target, token);
      clients.push(c);
      const arrivals = new Arrivals();
      follow(c, conv, 0, arrivals);
      await arrivals.until(await send(a, token, conv, 'warm'));
      const times: number[] = [];
      for (let i = 0; i < LATENCY_SENDS; i++) {
        const sent = performance.now();
        const seq = await send(a, token, conv, `latency ${i}`);
        const [at] = await arrivals.until(seq);
        times.push(at! - sent);
      }
      times.sort((x, y) => x - y);
      console.log(
        `   ${label}: p50 ${fmt(pct(times, 50))} ms, p95 ${fmt(pct(times, 95))} ms, max ${fmt(times[times.length - 1]!)} ms`,
      );
    }
  } finally {
    for (const c of clients) await c.dispose();
    await a.stop();
    await b.stop();
    await db.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
