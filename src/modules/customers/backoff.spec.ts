import { FREE_FAILURES, MAX_LOCK_SECONDS, lockSchedule, lockSecondsAfter } from './backoff';
import { Semaphore } from './semaphore';

describe('lock-out back-off schedule', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 60],
    [6, 120],
    [7, 240],
    [10, 1920],
    [11, 3600],
    [50, 3600],
  ])('after %i failures the account is locked for %i s', (failures, seconds) =>
    expect(lockSecondsAfter(failures)).toBe(seconds),
  );
  it('grows monotonically and the SQL array ends at the ceiling', () => {
    const s = lockSchedule();
    expect(s.slice(0, FREE_FAILURES - 1).every((x) => x === 0)).toBe(true);
    for (let i = 1; i < s.length; i++) expect(s[i]!).toBeGreaterThanOrEqual(s[i - 1]!);
    expect(s[s.length - 1]).toBe(MAX_LOCK_SECONDS);
  });
});

describe('Semaphore', () => {
  it('never runs more than max at once and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sem.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sem.stats).toEqual({ active: 0, waiting: 0 });
  });
  it('frees the slot when the task throws', async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sem.run(async () => 42)).resolves.toBe(42);
  });
});
