import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { GRAPHIQL_CSP } from './security-headers';

/** The GraphiQL page (≈ 9 MB of inline assets) in the encodings we serve, with its ETag. */
export interface GraphiqlAssets {
  etag: string;
  br: Buffer;
  gzip: Buffer;
  /** Uncompressed, for the rare client that accepts no compression (made from gzip when first asked). */
  identity?: Buffer;
}

const DEFAULT_QUERY = `# Welcome to Bazaar. Try:
query FirstProducts {
  products(first: 5, sort: NEWEST) {
    edges { node { id name price { amount currencyCode } brand { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Where `npm run build` writes the prebuilt page (dist/graphiql), next to the compiled server. */
export const PREBUILT_DIR = path.resolve(__dirname, '..', 'graphiql');

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Renders the page from `@graphql-yoga/render-graphiql` (served from the package: works offline)
 * and compresses it. The build does this once at brotli quality 9; a process without a build
 * (tsx, tests) does it on first use at quality 5 (≈ 0.2 s, in the thread pool).
 */
export async function renderGraphiqlAssets(quality = 5): Promise<GraphiqlAssets> {
  // Loaded only here, so the runtime image (which has the prebuilt page) does not carry the package.
  const { renderGraphiQL } = createRequire(__filename)('@graphql-yoga/render-graphiql') as {
    renderGraphiQL(opts: Record<string, unknown>): string;
  };
  const identity = Buffer.from(
    renderGraphiQL({
      endpoint: '/graphql',
      subscriptionsProtocol: 'WS',
      title: 'Bazaar GraphQL',
      defaultQuery: DEFAULT_QUERY,
    }),
  );
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzip(identity, { level: quality >= 9 ? 9 : 6 }),
  ]);
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
  return { etag, identity, br, gzip: gz };
}

function loadPrebuilt(): GraphiqlAssets | undefined {
  const file = (name: string) => path.join(PREBUILT_DIR, name);
  if (!existsSync(file('etag'))) return undefined;
  return {
    etag: readFileSync(file('etag'), 'utf8').trim(),
    br: readFileSync(file('index.html.br')),
    gzip: readFileSync(file('index.html.gz')),
  };
}

/**
 * GET /graphql for browsers: the GraphiQL page, compressed (brotli or gzip, as the browser
 * accepts) with a strong ETag, revalidated on every load (`no-cache`: a reload costs a 304, and a
 * new build is seen at once), under a Content-Security-Policy made for it (GRAPHIQL_CSP). API clients doing GET queries fall through to Apollo.
 */
export function graphiqlHandler() {
  let assets: Promise<GraphiqlAssets> | undefined;
  const get = () => (assets ??= Promise.resolve(loadPrebuilt() ?? renderGraphiqlAssets()));
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.query.query !== undefined || req.accepts(['text/html', 'application/json']) !== 'text/html') {
      next();
      return;
    }
    get().then((a) => {
      res.setHeader('Vary', 'Accept, Accept-Encoding');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', GRAPHIQL_CSP);
      res.setHeader('ETag', a.etag);
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      // Our preference (brotli is 20 % smaller), not the order the browser lists them in.
      const encoding = req.acceptsEncodings('br') ? 'br' : req.acceptsEncodings('gzip') ? 'gzip' : 'identity';
      res.type('html');
      if (encoding === 'br' || encoding === 'gzip') res.setHeader('Content-Encoding', encoding);
      res.send(
        encoding === 'br' ? a.br : encoding === 'gzip' ? a.gzip : (a.identity ??= zlib.gunzipSync(a.gzip)),
      );
    }, next);
  };
}
