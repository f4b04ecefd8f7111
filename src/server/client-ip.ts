import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config';

/** Whether the address at hop `i` (0 = the TCP peer) may report the address before it. */
export type TrustFn = (addr: string, i: number) => boolean;

/**
 * TRUST_PROXY as the predicate both transports use, with express's semantics for each form: one
 * rule for HTTP (`trust proxy`) and WebSocket upgrades, so the two never disagree on who a client is.
 */
export function compileTrustProxy(setting: TrustProxy): TrustFn {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_addr, i) => i < setting;
  return proxyaddr.compile(setting);
}

/**
 * The client's address: the TCP peer, or the nearest X-Forwarded-For entry not vouched for by a
 * trusted proxy. Used for rate limits, lock-out, audit and sessions.
 */
export function clientIp(req: IncomingMessage, trust: TrustFn): string | null {
  if (!req.socket.remoteAddress) return null;
  return proxyaddr(req, trust);
}
