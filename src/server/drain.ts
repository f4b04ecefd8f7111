import type { Server } from 'node:http';

/**
 * How long the listener stays open once shutdown begins: connections the kernel already queued
 * (on a busy server, for hundreds of milliseconds) are accepted and answered instead of being reset
 * when the listening socket closes, and load balancers see /readyz turn 503.
 */
export const ACCEPT_LINGER_MS = 500;
/** How long a connection accepted just before the listener closed gets to deliver its request. */
const REQUEST_LINGER_MS = 250;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Graceful HTTP shutdown that loses nothing a client already sent: stop accepting (new connections
 * are refused), let connections accepted just before deliver their request (answered with
 * `Connection: close`), close keep-alive connections that are idle, and wait for requests in
 * flight — cutting connections only after `graceMs`.
 *
 * Node's own `server.close()` destroys every connection without a request in progress at once,
 * including one whose request is still on the wire, so its idle sweep is deferred here.
 */
export async function drainHttpServer(server: Server, graceMs: number): Promise<void> {
  const closeIdle = server.closeIdleConnections.bind(server);
  let closed: Promise<void>;
  server.closeIdleConnections = () => undefined; // close() calls it synchronously
  try {
    closed = new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    server.closeIdleConnections = closeIdle;
  }
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  force.unref();
  await Promise.race([closed, sleep(Math.min(REQUEST_LINGER_MS, graceMs))]);
  closeIdle();
  await closed;
  clearTimeout(force);
}

/** Keeps accepting (and answering) for ACCEPT_LINGER_MS, bounded by the grace period. */
export const lingerAccepting = (graceMs: number) => sleep(Math.min(ACCEPT_LINGER_MS, graceMs / 2));
