import WebSocket from 'ws';
import { chatCast, startConversation, type Started } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof chatCast>>;
const CAP = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A raw graphql-transport-ws client that stops reading its socket once acknowledged (its kernel
 * receive buffer fills, then the server's send buffer), while it can still send.
 */
async function stalledClient(url: string, token: string) {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await new Promise<void>((resolve) =>
    ws.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') resolve();
    }),
  );
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  let id = 0;
  return {
    ws,
    subscribe(query: string, variables: Record<string, unknown>) {
      ws.send(JSON.stringify({ id: String(++id), type: 'subscribe', payload: { query, variables } }));
    },
  };
}

describe('a WebSocket client that never reads', () => {
  let t: TestApp;
  let c: Cast;
  let url: string;
  let conv: Started;
  beforeAll(async () => {
    t = await startTestApp({ env: { WS_MAX_BUFFERED_BYTES: String(CAP) } });
    url = `${(await t.listen()).replace('http', 'ws')}/graphql`;
    c = await chatCast(t);
    conv = await startConversation(t, c.alice);
    // 3,000 messages of 4,000 characters: 12 MB to replay, far more than the socket buffers hold.
    const id = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    await t.prisma.$executeRaw`
      INSERT INTO messages (conversation_id, role, content, sequence)
      SELECT ${id}::uuid, 'system', repeat(chr(97 + i % 26), 4000), i FROM generate_series(1, 3000) i`;
    await t.prisma
      .$executeRaw`UPDATE conversations SET last_sequence = 3000, message_count = 3000 WHERE id = ${id}::uuid`;
  });
  afterAll(() => t.stop());

  const serverSockets = () => [...t.app.http.wsServer.clients];

  it('holds a replay to the pace of the socket: the server queues no more than about one message for it', async () => {
    const client = await stalledClient(url, c.alice.token);
    client.subscribe(
      `subscription($id: ID!) { messageAdded(conversationId: $id, afterSequence: 0) { sequence content } }`,
      { id: conv.id },
    );
    await sleep(1500);
    const [server] = serverSockets();
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(server!.bufferedAmount);
      await sleep(200);
    }
    // graphql-ws waits for each send to reach the kernel: the backlog stays in the database.
    expect(Math.max(...samples)).toBeLessThan(CAP);
    expect(server!.readyState).toBe(WebSocket.OPEN);
    client.ws.terminate();
    await sleep(200);
  });

  it('drops a client that keeps asking while it reads nothing, once more than WS_MAX_BUFFERED_BYTES is queued for it', async () => {
    const before = serverSockets().length;
    const client = await stalledClient(url, c.alice.token);
    expect(serverSockets()).toHaveLength(before + 1);
    // Each answer is ~400 kB (100 messages of 4,000 characters).
    for (let i = 0; i < 60; i++) {
      client.subscribe(
        `query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes { content } } } }`,
        { id: conv.id },
      );
    }
    const deadline = Date.now() + 20_000;
    while (serverSockets().length > before && Date.now() < deadline) await sleep(100);
    expect(serverSockets()).toHaveLength(before);
    client.ws.terminate();
  });
});
