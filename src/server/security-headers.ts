import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * What the API's own answers (JSON, errors) allow a browser to do with them: nothing. No scripts,
 * styles or frames, and no page may frame them (clickjacking).
 */
const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * What the GraphiQL page needs, read from the page itself (`@graphql-yoga/render-graphiql`, all
 * inline, no CDN): its two inline scripts and the styles Monaco and React inject
 * (`'unsafe-inline'`: the page is static, nothing a user sends is rendered into it), web workers
 * made from `blob:` URLs (Monaco's editor and GraphQL language workers), `data:` icons and fonts,
 * and requests to this origin only (HTTP and its WebSocket: CSP 3 `'self'` covers ws/wss). No
 * eval. It may not be framed either.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  'font-src data:',
  'worker-src blob:',
  // Fallback of worker-src for browsers without it.
  'child-src blob:',
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Security headers on every HTTP answer (helmet): `X-Content-Type-Options: nosniff`, framing
 * forbidden (`X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`), `Referrer-Policy:
 * no-referrer`, a CSP that allows nothing, and `Cache-Control: no-store` (sign-in answers carry
 * tokens: no browser or proxy cache may keep them). The GraphiQL handler replaces the CSP and the
 * cache policy for its page. HSTS is left to the TLS-terminating proxy (this server speaks HTTP).
 */
export function securityHeaders() {
  const headers = helmetHeaders(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
  );
  headers.push(['Cache-Control', 'no-store']);
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/**
 * The headers helmet sets, read once from a run of it against a stand-in response: they depend
 * on its options only, and its dozen nested middlewares cost ~9% of a small request's CPU when
 * run on each. It must only set headers (and remove X-Powered-By, which express does not send
 * here: `app.disable('x-powered-by')`).
 */
function helmetHeaders(middleware: ReturnType<typeof helmet>): [string, string][] {
  const set: [string, string][] = [];
  let done = false;
  const res = {
    setHeader: (name: string, value: string) => set.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  middleware({ headers: {} } as Request, res as unknown as Response, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not answer synchronously');
  return set;
}
