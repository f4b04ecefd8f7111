import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait-for';

/** A mail as it arrived at the test SMTP server (parsed from the raw message). */
export interface ReceivedMail {
  /** RCPT TO addresses of the SMTP envelope. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestMailServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every mail accepted so far, in arrival order. */
  mails: ReceivedMail[];
  /** Refuses the next `times` mails with this SMTP reply code at RCPT TO (e.g. 451 temporary, 550 permanent). */
  refuseNext(code: number, times?: number): void;
  /** How many mails were refused. */
  readonly refused: number;
  /** Waits for a mail to `to` matching `match` (default: any), within `ms`. */
  waitForMail(to: string, match?: (m: ReceivedMail) => boolean, ms?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (`smtp-server`) on a free loopback port: nodemailer talks SMTP to it exactly as
 * to a production relay; each accepted message is parsed (`mailparser`) and kept for assertions.
 * No TLS and no auth, as a local relay would be.
 */
export async function startMailServer(): Promise<TestMailServer> {
  const mails: ReceivedMail[] = [];
  let refusals: { code: number; left: number } | null = null;
  let refused = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusals && refusals.left > 0) {
        refusals.left--;
        refused++;
        const err = new Error(`Mailbox ${address.address} unavailable`) as Error & { responseCode: number };
        err.responseCode = refusals.code;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuseNext(code, times = 1) {
      refusals = { code, left: times };
    },
    get refused() {
      return refused;
    },
    async waitForMail(to, match = () => true, ms = 15_000) {
      const find = () => mails.find((m) => m.to.includes(to) && match(m));
      await waitFor(async () => find() !== undefined, ms);
      return find()!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first http(s) URL in a text. */
export const firstLink = (text: string) => /https?:\/\/\S+/.exec(text)?.[0] ?? null;
