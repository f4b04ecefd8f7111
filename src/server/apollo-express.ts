import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server as the express handler of /graphql: what `@as-integrations/express5`'s
 * `expressMiddleware` does, minus two costs it pays on every request — Node's legacy `url.parse`
 * of the whole URL only to read its query string (1.5% of a search request's CPU in a profile),
 * and express's `res.send`, whose content-type, ETag and freshness handling Apollo's answer does
 * not need (it sets its own content type; ETags are off). Incremental delivery is streamed as
 * there. `express.json()` must run first.
 */
export function apolloHandler<C extends BaseContext>(
  server: ApolloServer<C>,
  context: (args: { req: Request; res: Response }) => Promise<C>,
): RequestHandler {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set: express.json() must run before Apollo Server');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: searchOf(req.url),
        body: req.body,
      },
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      (res as Response & { flush?: () => void }).flush?.();
    }
    res.end();
  };
}

/**
 * The query string of a request target with its `?`, as Apollo reads it (URLSearchParams) from
 * `url.parse(url).search`: from the first `?` before any `#`, up to the `#`; '' when there is none.
 */
export function searchOf(url: string): string {
  const hash = url.indexOf('#');
  const target = hash < 0 ? url : url.slice(0, hash);
  const q = target.indexOf('?');
  return q < 0 ? '' : target.slice(q);
}
