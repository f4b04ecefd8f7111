import type { Logger } from '../logger';
import { explainStartupError } from './errors';

/** What `main` registers as things come up; stopped in reverse order on SIGINT/SIGTERM. */
export interface Lifecycle {
  /** Aborted on the first signal: long start-up steps (initdb) stop early. */
  signal: AbortSignal;
  readonly stopping: boolean;
  /** Registers a stop step; steps run last-registered first (the app before its database). */
  onStop(step: () => Promise<void>): void;
  /** Marks the start-up as settled (ready or failed): a signal's shutdown waits for it. */
  settled(): void;
  /** Runs the stop steps once, last-registered first; rejects with the first failure after running all. */
  stopAll(): Promise<void>;
  /**
   * A failed start: unless a signal caused it, prints the failure (one sentence with the fix when
   * a person can fix it, the stack otherwise), stops what came up, and exits with code 1.
   */
  fail(err: unknown, databaseUrl: string | undefined): Promise<void>;
}

const DUPLICATE_SIGNAL_MS = 1500;

/**
 * Installs SIGINT/SIGTERM handlers at once, so a Ctrl-C at any moment — even during the first
 * initdb — ends in an orderly stop and exit code 0 (npm then prints no error either): the
 * start-up is aborted and awaited, the registered steps run in reverse order, then the process
 * exits. A second signal (a second Ctrl-C, 1.5 s or more later) exits at once with 130.
 */
export function createLifecycle(log: Logger, opts: { production: boolean }): Lifecycle {
  const steps: (() => Promise<void>)[] = [];
  const abort = new AbortController();
  let stopping = false;
  let markSettled: () => void = () => undefined;
  const startup = new Promise<void>((resolve) => (markSettled = resolve));
  let stopped: Promise<void> | undefined;
  const stopAll = () =>
    (stopped ??= (async () => {
      let failure: unknown;
      for (const step of steps.reverse()) await step().catch((err: unknown) => (failure ??= err));
      if (failure) throw failure;
    })());

  let firstSignalAt = 0;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A terminal's Ctrl-C reaches us twice at once (from the tty and forwarded by npm): only a
      // signal that comes later is a person insisting.
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(130);
    }
    stopping = true;
    firstSignalAt = Date.now();
    log.info({ signal }, 'shutting down');
    abort.abort();
    await startup;
    try {
      await stopAll();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));

  return {
    signal: abort.signal,
    get stopping() {
      return stopping;
    },
    onStop: (step) => void steps.push(step),
    settled: () => markSettled(),
    stopAll,
    async fail(err, databaseUrl) {
      if (stopping) return; // a signal interrupted the start-up: its shutdown takes over
      const sentence = explainStartupError(err, databaseUrl);
      // Operators' log shippers read JSON; a person at a terminal reads a sentence.
      if (sentence && opts.production) log.fatal(sentence);
      else if (sentence) console.error(sentence);
      else log.fatal({ err }, 'failed to start');
      await stopAll().catch(() => undefined);
      process.exit(1);
    },
  };
}
