import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import { normalizePassword } from './policy';
import { Semaphore } from './semaphore';

type Argon2Config = Pick<
  Config,
  'ARGON2_MEMORY_KIB' | 'ARGON2_TIME_COST' | 'ARGON2_PARALLELISM' | 'ARGON2_MAX_CONCURRENCY'
>;

/**
 * argon2id hashing with parameters from config, bounded to ARGON2_MAX_CONCURRENCY hashes at once
 * (one limiter per process: hashes and verifications share it).
 */
export class PasswordHasher {
  private readonly limiter: Semaphore;
  private readonly params: { memoryCost: number; timeCost: number; parallelism: number };
  private dummy: Promise<string> | null = null;

  constructor(config: Argon2Config) {
    this.limiter = new Semaphore(config.ARGON2_MAX_CONCURRENCY);
    this.params = {
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_TIME_COST,
      parallelism: config.ARGON2_PARALLELISM,
    };
  }

  get stats() {
    return this.limiter.stats;
  }

  hash(password: string): Promise<string> {
    return this.limiter.run(() =>
      argon2.hash(normalizePassword(password), { type: argon2.argon2id, ...this.params }),
    );
  }

  /** False for a wrong password and for a hash that is not argon2 at all (never throws on bad data). */
  verify(hash: string, password: string): Promise<boolean> {
    return this.limiter.run(() => argon2.verify(hash, normalizePassword(password)).catch(() => false));
  }

  /**
   * Spends one verification against a hash made with the current parameters, so that an unknown
   * email costs the same time as a wrong password (no account enumeration by timing).
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummy, password);
    return false;
  }

  /** True when a stored hash was made with weaker parameters (or another algorithm) than configured now. */
  needsRehash(hash: string): boolean {
    try {
      return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, this.params);
    } catch {
      return true;
    }
  }
}

const hashers = new WeakMap<object, PasswordHasher>();

/** The process-wide hasher for a config object (one limiter per running app). */
export function hasherFor(config: Config): PasswordHasher {
  let h = hashers.get(config);
  if (!h) {
    h = new PasswordHasher(config);
    hashers.set(config, h);
  }
  return h;
}
