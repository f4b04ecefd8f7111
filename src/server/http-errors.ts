import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';

/** Sends a GraphQL-shaped error body (what every GraphQL client can read) with an HTTP status. */
export function sendGraphqlError(res: Response, status: number, message: string, code = 'BAD_REQUEST') {
  res
    .status(status)
    .type('application/json')
    .json({ errors: [{ message, extensions: { code } }] });
}

/**
 * POST bodies must be JSON (GraphQL over HTTP): anything else is refused with 415 and a GraphQL
 * error body, before a byte of it is read. GET requests carry the operation in the URL.
 */
export function requireJsonBody(req: Request, res: Response, next: NextFunction) {
  if (req.method !== 'POST' || req.is('application/json')) {
    next();
    return;
  }
  sendGraphqlError(res, 415, 'Send the operation as JSON (Content-Type: application/json)');
}

interface BodyParserError {
  status?: number;
  type?: string;
  limit?: number;
}

const MESSAGES: Record<string, (e: BodyParserError) => string> = {
  'entity.parse.failed': () => 'The request body is not valid JSON',
  'entity.too.large': (e) => `The request body is larger than ${e.limit} bytes`,
  'charset.unsupported': () => 'Send the body as UTF-8',
  'encoding.unsupported': () => 'Unsupported Content-Encoding',
  'request.aborted': () => 'The request was aborted',
  'request.size.invalid': () => 'The request body does not match its Content-Length',
};

/**
 * Errors of the body parser (malformed JSON 400, too large 413, other charsets 415) answer with a
 * GraphQL JSON body like every other refusal, not express's HTML page; anything else is a 500
 * without details.
 */
export function bodyErrorsAsGraphql(log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = (err ?? {}) as BodyParserError;
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : null;
    if (status === null) {
      log.error({ err, requestId: req.id }, 'unexpected error before GraphQL');
      sendGraphqlError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      return;
    }
    sendGraphqlError(res, status, (e.type && MESSAGES[e.type]?.(e)) ?? 'Bad request');
  };
}
