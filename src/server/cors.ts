import cors from 'cors';
import type { RequestHandler } from 'express';

/** Request headers a browser client of /graphql may send cross-origin. */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'accept',
  'x-request-id',
  // Apollo's CSRF prevention asks GET requests for one of these.
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/**
 * CORS for /graphql: browsers on the CORS_ORIGINS origins (or any, with `*`) may call the API, and
 * their preflights are answered (204, cached 10 minutes). Other origins get no CORS headers, so
 * the browser withholds the answer; with CORS_ORIGINS empty that is every origin but the API's own
 * (same-origin requests need no CORS). No credentials: the API authenticates with bearer tokens,
 * never cookies.
 */
export function corsMiddleware(origins: string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return cors({
    origin: any ? '*' : (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['x-request-id'],
    credentials: false,
    maxAge: 600,
  });
}
