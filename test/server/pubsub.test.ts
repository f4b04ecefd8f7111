import { createDatabase, type Database } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { createPubSub, publish, type PubSub } from '../../src/server/pubsub';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/** Two pub/subs on one database stand for two API processes. */
describe('pub/sub over PostgreSQL LISTEN/NOTIFY', () => {
  let tdb: TestDatabase;
  let a: Database;
  let b: Database;
  let busA: PubSub;
  let busB: PubSub;
  const log = createLogger('silent');

  beforeAll(async () => {
    tdb = await createTestDatabase();
    a = createDatabase({ url: tdb.url, poolSize: 2 });
    b = createDatabase({ url: tdb.url, poolSize: 2 });
    busA = createPubSub(a.pool, log);
    busB = createPubSub(b.pool, log);
    await Promise.all([busA.ready, busB.ready]);
  });
  afterAll(async () => {
    await busA.close();
    await busB.close();
    await a.close();
    await b.close();
    await tdb.drop();
  });

  const nextOf = async <T>(it: AsyncIterator<T>, ms = 5000) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        it.next(),
        new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error('no event in time')), ms)),
        ),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  it('delivers a committed event to subscribers in every process, only on its topic', async () => {
    const onA = busA.subscribe<{ n: number }>('order:1');
    const onB = busB.subscribe<{ n: number }>('order:1');
    const other = busB.subscribe<{ n: number }>('order:2');
    await a.prisma.$transaction(async (tx) => publish(tx, 'order:1', { n: 1 }));
    expect((await nextOf(onA)).value).toEqual({ n: 1 });
    expect((await nextOf(onB)).value).toEqual({ n: 1 });
    await publish(a.prisma, 'order:2', { n: 2 });
    expect((await nextOf(other)).value).toEqual({ n: 2 });
    await Promise.all([onA.return!(), onB.return!(), other.return!()]);
    expect(busA.size).toBe(0);
    expect(busB.size).toBe(0);
  });

  it('delivers nothing for a rolled-back transaction', async () => {
    const sub = busB.subscribe<{ n: number }>('order:3');
    await expect(
      a.prisma.$transaction(async (tx) => {
        await publish(tx, 'order:3', { n: 'rolled back' as never });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await publish(a.prisma, 'order:3', { n: 3 });
    expect((await nextOf(sub)).value).toEqual({ n: 3 });
    await sub.return!();
  });

  it('refuses events over the NOTIFY payload limit', async () => {
    await expect(publish(a.prisma, 'big', { body: 'x'.repeat(8000) })).rejects.toThrow(/publish ids/);
  });

  it('cuts off a consumer that falls behind instead of buffering without bound', async () => {
    const slow = busA.subscribe<{ i: number }>('flood', { bufferSize: 3 });
    for (let i = 0; i < 5; i++) await publish(a.prisma, 'flood', { i });
    const probe = busA.subscribe<{ i: number }>('flood-done');
    await publish(a.prisma, 'flood-done', { i: -1 });
    await nextOf(probe); // every flood event was dispatched before this one
    await expect(slow.next()).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect((await slow.next()).done).toBe(true);
    await probe.return!();
  });
});
