/**
 * A counting semaphore: at most `max` holders at once, the others wait in FIFO order.
 * Used to bound argon2 hashing, which is deliberately memory- and CPU-hungry: without a bound,
 * a login burst would run dozens of 19 MiB hashes at once and starve every other request.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error('Semaphore max must be a positive integer');
  }

  /** Holders right now and callers waiting (for metrics and tests). */
  get stats() {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same) or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
