/**
 * A per-key rate limit over a sliding minute, approximated from two fixed one-minute windows (the
 * previous window's count weighted by how much of it the sliding minute still covers). Memory is
 * two numbers per active key, capped at `maxKeys` (the oldest keys are forgotten first). It lives
 * in one process: N API processes allow up to N × the limit, which is enough to stop a runaway
 * client without a database round trip per request.
 */
export class RateWindow {
  private readonly keys = new Map<string, { window: number; current: number; previous: number }>();

  constructor(
    private readonly limit: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `n` units for `key`: null when allowed (and counted), else the time at which `n` units
   * would fit again (nothing counted).
   */
  take(key: string, n: number): Date | null {
    const t = this.now();
    const window = Math.floor(t / 60_000);
    let e = this.keys.get(key);
    if (!e || e.window < window - 1) e = { window, current: 0, previous: 0 };
    else if (e.window === window - 1) e = { window, current: 0, previous: e.current };
    const elapsed = (t % 60_000) / 60_000;
    const used = e.previous * (1 - elapsed) + e.current;
    if (used + n > this.limit) {
      // The previous window's weight fades linearly: wait until enough of it has gone, else the next window.
      const excess = used + n - this.limit;
      const wait =
        e.previous > 0 && excess <= e.previous * (1 - elapsed)
          ? Math.ceil((excess / e.previous) * 60_000)
          : (window + 1) * 60_000 - t;
      this.keys.set(key, e);
      return new Date(t + Math.max(wait, 1));
    }
    e.current += n;
    this.keys.delete(key); // re-inserted last: Map order is then least recently used first
    this.keys.set(key, e);
    if (this.keys.size > this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
    return null;
  }

  /** Keys held (tests, metrics). */
  get size() {
    return this.keys.size;
  }
}
