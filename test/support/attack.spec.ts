import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { watchingHealth } from './attack';

/** The watch must see a server that stops yielding, and must not blame a slow but yielding one. */
describe('watchingHealth', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  });

  it('measures 300 ms of work that does not yield', async () => {
    const w = await watchingHealth(base, async () => {
      await new Promise((r) => setTimeout(r, 20)); // the poller's first check is in flight
      // 300 ms of CPU without yielding (a synchronous cost walk, say), however loaded the machine.
      const cpu = () => {
        const u = process.threadCpuUsage();
        return (u.user + u.system) / 1000;
      };
      const until = cpu() + 300;
      while (cpu() < until);
      return 'done';
    });
    expect(w.result).toBe('done');
    expect(w.longestBlockMs).toBeGreaterThanOrEqual(300);
    expect(w.healthChecks).toBeGreaterThan(0);
  });

  it('does not count time the loop spends waiting', async () => {
    const w = await watchingHealth(base, () => new Promise((r) => setTimeout(() => r('waited'), 300)));
    expect(w.result).toBe('waited');
    expect(w.longestBlockMs).toBeLessThan(100);
    expect(w.healthFailures).toBe(0);
    expect(w.healthChecks).toBeGreaterThan(1);
  });
});
