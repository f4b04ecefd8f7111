import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** The value types of the configuration schema (src/config.ts): parsing and validation of one variable each. */

export const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? def : v === 'true' || v === '1' || v === 'yes'));

export const int = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** A money amount as typed in the environment, e.g. `5.99` (kept as text: amounts are never floats). */
export const MONEY = /^\d{1,10}(\.\d{1,2})?$/;
export const money = (def: string) => z.string().regex(MONEY, 'must be an amount like 5.99').default(def);

/** `DE:0.19,FR:0.2,*:0` → { DE: '0.19', FR: '0.2', '*': '0' }: tax rate (0–1) per ISO country, `*` for the rest. */
export const taxRates = (def: string) =>
  z
    .string()
    .default(def)
    .transform((text, zctx) => {
      const rates: Record<string, string> = {};
      for (const entry of text
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const m = /^([A-Za-z]{2}|\*):((?:0|1)(?:\.\d{1,6})?)$/.exec(entry);
        if (!m || Number(m[2]) > 1) {
          zctx.addIssue({
            code: 'custom',
            message: `"${entry}" is not COUNTRY:RATE with a rate from 0 to 1`,
          });
          return z.NEVER;
        }
        rates[m[1]!.toUpperCase()] = m[2]!;
      }
      return rates;
    });

/** Which peers may tell us the client's address: none, all, the nearest N hops, or these addresses. */
export type TrustProxy = boolean | number | string[];

/**
 * `false` (default) | `true` | a hop count | addresses, subnets and `loopback`/`linklocal`/
 * `uniquelocal`, comma-separated (express's `trust proxy` values). Invalid addresses are refused.
 */
export const trustProxy = z
  .string()
  .default('false')
  .transform((text, zctx): TrustProxy => {
    const v = text.trim().toLowerCase();
    if (v === 'false' || v === 'no' || v === '0') return false;
    if (v === 'true' || v === 'yes') return true;
    if (/^\d{1,3}$/.test(v)) return Number(v);
    const list = v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    try {
      proxyaddr.compile(list);
      return list;
    } catch {
      zctx.addIssue({
        code: 'custom',
        message: `"${text}" is not false, true, a hop count or a list of addresses/subnets (e.g. loopback, 10.0.0.0/8)`,
      });
      return z.NEVER;
    }
  });

/**
 * `https://shop.example.com,http://localhost:5173` → the exact origins (scheme, host, port; no
 * path), or `*` for any origin. Empty: same origin only.
 */
export const corsOrigins = z
  .string()
  .default('')
  .transform((text, zctx): string[] => {
    const origins = text
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (origin === '*') continue;
      let parsed: URL | null = null;
      try {
        parsed = new URL(origin);
      } catch {
        // reported below
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
        zctx.addIssue({
          code: 'custom',
          message: `"${origin}" is not an origin like https://shop.example.com (scheme and host, optional port, no path or trailing slash), or *`,
        });
        return z.NEVER;
      }
    }
    return origins;
  });
