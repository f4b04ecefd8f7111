import type { AppDeps } from './context';
import { buildContext } from './context';

let created = 0;
jest.mock('./loaders', () => ({ createLoaders: () => ({ n: ++created }) }));

/** What Apollo Server does to the context of every operation (ApolloServer.js, cloneObject). */
const cloneAsApollo = <T extends object>(o: T): T =>
  Object.assign(Object.create(Object.getPrototypeOf(o)), o);

const deps = {
  config: {},
  log: { child: () => ({}) },
  db: { prisma: {} },
  jobs: {},
  pubsub: {},
} as unknown as AppDeps;

describe('buildContext loaders', () => {
  const fresh = () => buildContext(deps, { requestId: 'r', viewer: null, transport: 'http' });
  beforeEach(() => (created = 0));

  it.each<[string, (ctx: ReturnType<typeof fresh>) => unknown, number]>([
    ['building and cloning a context creates none', (ctx) => cloneAsApollo(cloneAsApollo(ctx)), 0],
    ['first use creates them once', (ctx) => [ctx.loaders, ctx.loaders], 1],
    ['first use on a clone creates them once', (ctx) => [cloneAsApollo(ctx).loaders], 1],
  ])('%s', (_label, act, expected) => {
    act(fresh());
    expect(created).toBe(expected);
  });

  it('freshLoaders replaces them, on a clone too', () => {
    const ctx = cloneAsApollo(fresh());
    const first = ctx.loaders;
    expect(ctx.loaders).toBe(first);
    ctx.freshLoaders();
    expect(ctx.loaders).not.toBe(first);
    const set = { n: 0 } as unknown as typeof first;
    ctx.loaders = set;
    expect(ctx.loaders).toBe(set);
  });

  it('keeps every field of the request', () => {
    const ctx = cloneAsApollo(fresh());
    expect(ctx).toMatchObject({ requestId: 'r', viewer: null, transport: 'http', token: null, ip: null });
  });
});
