import { explainStartupError } from './errors';

/**
 * Runs a CLI's `main`: a failure a person can fix (configuration, database, data directory) is one
 * plain sentence on stderr; anything else prints `<name> failed: <message>` (with the stack when
 * LOG_LEVEL is debug or trace). Either way exit code 1.
 * @example runCli('admin:create', main);
 */
export function runCli(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const sentence = explainStartupError(err, process.env.DATABASE_URL);
    const verbose = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
    const e = err as Error | undefined;
    console.error(sentence ?? `${name} failed: ${(verbose ? e?.stack : e?.message) ?? String(err)}`);
    process.exit(1);
  });
}
