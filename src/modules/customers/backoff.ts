/**
 * Account lock-out schedule. The first few failures are free (typos happen); from
 * FREE_FAILURES on, every further failure locks the account for twice as long as the previous
 * one, from one minute up to one hour. A success resets the count.
 */
export const FREE_FAILURES = 5;
export const FIRST_LOCK_SECONDS = 60;
export const MAX_LOCK_SECONDS = 3600;

/**
 * Seconds the account stays locked after its `failures`-th consecutive failure (0 = not locked).
 * @example lockSecondsAfter(4) // 0
 * @example lockSecondsAfter(5) // 60
 * @example lockSecondsAfter(6) // 120
 */
export function lockSecondsAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES));
}

/**
 * The whole schedule as an array indexed by failure count - 1 until it reaches its ceiling, so SQL
 * can apply it atomically (`schedule[least(n, len)]`) while incrementing the counter.
 */
export function lockSchedule(): number[] {
  const out: number[] = [];
  for (let n = 1; ; n++) {
    out.push(lockSecondsAfter(n));
    if (lockSecondsAfter(n) >= MAX_LOCK_SECONDS) return out;
  }
}

/** Failed logins from one IP address within IP_WINDOW_MINUTES before that address is refused. */
export const IP_MAX_FAILURES = 100;
export const IP_WINDOW_MINUTES = 15;
