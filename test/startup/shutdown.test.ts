/**
 * SIGTERM while busy, through the command the Dockerfile runs (`node dist/main.js`) and through
 * `npm start` (npm forwards the signal): requests in flight finish, WebSockets close with 1001
 * (going away), new connections are refused rather than reset, and the exit code is 0.
 */
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { buildDist, freePort, startDist, startNpm, type Proc } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

jest.setTimeout(120_000);

beforeAll(() => buildDist());

const QUERY = JSON.stringify({ query: '{ categories { name children { name } } }' });

/** A POST whose body is sent in two parts: in flight from its first byte until the second part. */
function slowRequest(port: number): {
  sendRest(): void;
  response: Promise<{ status: number; body: string }>;
} {
  const socket = net.connect(port, '127.0.0.1');
  const half = Math.floor(QUERY.length / 2);
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(QUERY)}\r\nConnection: close\r\n\r\n${QUERY.slice(0, half)}`,
  );
  let raw = '';
  socket.on('data', (c: Buffer) => (raw += c.toString()));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    socket.on('error', (err) => reject(new Error(`the request in flight failed: ${err.message}`)));
    socket.once('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
      resolve({ status, body: raw.slice(raw.indexOf('\r\n\r\n') + 4) });
    });
  });
  return { sendRest: () => socket.write(QUERY.slice(half)), response };
}

/** One POST on a new connection (no keep-alive: a reused idle socket would race the server closing it). */
function post(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(QUERY);
  });
}

/** Clients that post queries back to back until the server refuses connections; each one's outcomes in order. */
function load(port: number, clients: number) {
  const outcomes: string[][] = Array.from({ length: clients }, () => []);
  let stop = false;
  const loops = outcomes.map(async (mine) => {
    while (!stop) {
      const outcome = await post(port);
      mine.push(outcome);
      if (outcome === 'ECONNREFUSED') return;
    }
  });
  return {
    outcomes,
    /** Every client has been refused (the server is gone). */
    refused: () => Promise.all(loops),
    stop: () => void (stop = true),
  };
}

/**
 * What a client may see: answers, then a refusal once the listener is closed. A reset is allowed
 * only right before that refusal: a connection the kernel queued but the server never accepted
 * (closing a listening socket resets its backlog; no request was read from it). A request the
 * server had accepted and then dropped would be followed by a successful request instead.
 */
const BEHAVED = /^(200,)*(ECONNRESET,)?ECONNREFUSED$/;

function openSocket(port: number): Promise<{ closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('error', (err) => {
      console.warn('ws error', err.message);
      reject(err);
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    ws.on('message', (m: Buffer) => {
      if (JSON.parse(m.toString()).type === 'connection_ack') resolve({ closed });
    });
  });
}

describe.each([
  ['node dist/main.js (the Dockerfile CMD)', (env: Record<string, string>) => startDist('main', [], env)],
  ['npm start', (env: Record<string, string>) => startNpm(['start'], env)],
])('SIGTERM through %s', (_name, start) => {
  let db: TestDatabase;
  let server: Proc;
  let port: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    server = start({ PORT: String(port), DATABASE_URL: db.url, SEED_DEMO: 'false', LOG_LEVEL: 'info' });
    await server.waitFor(/Bazaar ready at/);
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.signalGroup('SIGKILL');
    await db.drop();
  });

  it('finishes requests in flight, closes sockets with 1001, refuses new ones, exits 0', async () => {
    const socket = await openSocket(port);
    const traffic = load(port, 8);
    await new Promise((r) => setTimeout(r, 300));
    const inFlight = slowRequest(port);
    await new Promise((r) => setTimeout(r, 100));

    server.child.kill('SIGTERM'); // the process only, as `docker stop` does to PID 1's child through the init
    await server.waitFor(/shutting down/);
    await new Promise((r) => setTimeout(r, 300));
    inFlight.sendRest();

    const finished = await inFlight.response.catch((err: Error) => {
      throw new Error(
        `${err.message}\n${server
          .stdout()
          .split('\n')
          .filter((l) => !l.includes('"request"'))
          .slice(-15)
          .join('\n')}`,
      );
    });
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body)).toEqual({
      data: { categories: expect.any(Array) },
    });
    expect(await socket.closed).toBe(1001);
    const { code } = await server.exited;
    await traffic.refused();

    expect(code).toBe(0);
    expect(server.stdout()).toMatch(/stopped cleanly/);
    for (const client of traffic.outcomes) expect(client.join(',')).toMatch(BEHAVED);
    expect(traffic.outcomes.flat().filter((o) => o === '200').length).toBeGreaterThan(5);
  });
});
