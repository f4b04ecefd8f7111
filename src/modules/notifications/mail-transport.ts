import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Config } from '../../config';
import type { Logger } from '../../logger';

/** One mail as the notification worker hands it to a transport. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Why a transport could not deliver: `permanent` failures (the server refused for good) are not retried. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * Where mail goes. Implementations throw {@link MailDeliveryError} (or any error, taken as
 * temporary) when the mail was not accepted.
 */
export interface MailTransport {
  readonly name: 'smtp' | 'log';
  /** Sends one mail; resolves with the Message-ID once the server accepted it. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** Closes open connections. */
  close(): void;
}

/**
 * SMTP through nodemailer: one connection per mail (the notification worker sends a few at a time;
 * a pool would hold connections the server may close). SMTP replies 5xx are permanent (unknown
 * mailbox, refused sender), everything else (4xx, a network error, a timeout) is retried.
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const mailer = createTransport(url, { from });
  return {
    name: 'smtp',
    async send(mail) {
      try {
        const info = await mailer.sendMail(mail);
        return { messageId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // The server's reply text, never the URL (it may hold the password).
        const reply = (err as { response?: string }).response;
        throw new MailDeliveryError(
          code ? `SMTP ${code}: ${reply ?? 'refused'}` : `SMTP: ${(err as Error).message}`,
          code !== undefined && code >= 500 && code < 600,
        );
      }
    },
    close: () => mailer.close(),
  };
}

/**
 * Development transport: writes the mail to the log instead of sending it, so the flows (a reset
 * link, an order mail) can be followed by hand. In production only the recipient and subject are
 * logged: a body may hold a reset link.
 */
export function logTransport(log: Logger, opts: { withBody: boolean }): MailTransport {
  return {
    name: 'log',
    send(mail) {
      const messageId = `<${randomUUID()}@log.bazaar>`;
      log.info(
        {
          mail: {
            messageId,
            to: mail.to,
            subject: mail.subject,
            ...(opts.withBody ? { text: mail.text } : {}),
          },
        },
        'mail (log transport: not sent)',
      );
      return Promise.resolve({ messageId });
    },
    close() {},
  };
}

/** The transport MAIL_TRANSPORT names (see src/config.ts). */
export function createMailTransport(config: Config, log: Logger): MailTransport {
  if (config.MAIL_TRANSPORT === 'smtp') return smtpTransport(config.SMTP_URL!, config.MAIL_FROM);
  return logTransport(log, { withBody: config.NODE_ENV !== 'production' });
}
