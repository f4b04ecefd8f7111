import { RateWindow } from './rate-window';

describe('RateWindow', () => {
  const clock = (start: number) => {
    let t = start;
    return { now: () => t, set: (v: number) => (t = v) };
  };

  it.each([
    // [description, takes as [msIntoMinute, n, allowed]]
    [
      'within the limit',
      [
        [0, 5, true],
        [10_000, 5, true],
      ],
    ],
    [
      'over the limit in one minute',
      [
        [0, 8, true],
        [1_000, 3, false],
        [2_000, 2, true],
      ],
    ],
    ['a batch larger than the limit never fits', [[0, 11, false]]],
    // 10 used at the end of minute 0; half-way through minute 1 half of them still count.
    [
      'the previous minute fades',
      [
        [59_000, 10, true],
        [90_000, 5, true],
        [90_001, 1, false],
      ],
    ],
    [
      'two minutes later everything is free',
      [
        [0, 10, true],
        [120_000, 10, true],
      ],
    ],
  ] as const)('%s', (_name, takes) => {
    const c = clock(60_000 * 1000);
    const w = new RateWindow(10, 100, c.now);
    for (const [at, n, allowed] of takes) {
      c.set(60_000 * 1000 + at);
      expect([at, n, w.take('k', n) === null]).toEqual([at, n, allowed]);
    }
  });

  it('says when to retry', () => {
    const c = clock(60_000 * 1000);
    const w = new RateWindow(10, 100, c.now);
    w.take('k', 10);
    c.set(60_000 * 1000 + 30_000);
    // Still inside the first window: the next window frees it.
    expect(w.take('k', 1)!.getTime()).toBe(60_000 * 1001);
  });

  it('keeps keys apart and forgets the least recently used beyond maxKeys', () => {
    const w = new RateWindow(1, 2);
    expect([w.take('a', 1), w.take('b', 1)]).toEqual([null, null]);
    expect(w.take('a', 1)).not.toBeNull();
    w.take('c', 1); // forgets a, the least recently counted (a refusal does not count)
    expect(w.size).toBe(2);
    expect([w.take('b', 1) === null, w.take('a', 1) === null]).toEqual([false, true]);
  });
});
