import { Presets, SingleBar } from 'cli-progress';
import type { Logger } from '../../logger';

/** Progress of one table: call `add` as rows are written, `done` once at the end. */
export interface TableProgress {
  add(rows: number): void;
  done(): void;
}

/** Hands out one progress reporter per table. */
export interface Progress {
  table(name: string, total: number): TableProgress;
}

/**
 * A cli-progress bar per table on stderr when a person is watching (stderr is a TTY), and one log
 * line per table otherwise, so CI logs and `docker logs` are not flooded with redraws.
 */
export function createProgress(log: Logger, opts: { bars?: boolean } = {}): Progress {
  const bars = opts.bars ?? Boolean(process.stderr.isTTY);
  return {
    table(name, total) {
      const started = Date.now();
      let written = 0;
      const bar = bars
        ? new SingleBar(
            {
              stream: process.stderr,
              format: `${name.padEnd(22)} {bar} {percentage}% | {value}/{total} rows | {duration_formatted}`,
              hideCursor: true,
              clearOnComplete: false,
              etaBuffer: 50,
            },
            Presets.shades_classic,
          )
        : null;
      bar?.start(Math.max(total, 1), 0);
      return {
        add(rows) {
          written += rows;
          bar?.update(Math.min(written, Math.max(total, 1)));
        },
        done() {
          if (bar) {
            bar.update(Math.max(total, 1));
            bar.stop();
          }
          log.info({ table: name, rows: written, ms: Date.now() - started }, `seeded ${name}`);
        },
      };
    },
  };
}

/** For callers that want neither bars nor per-table lines (the demo seed at server start). */
export const silentProgress: Progress = {
  table: () => ({ add: () => undefined, done: () => undefined }),
};
