import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout (one line per event), the format log shippers expect.
 * @example const log = createLogger('info'); log.info({ port }, 'listening');
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'bazaar' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.password', '*.token'], censor: '[redacted]' },
  });
}
