import { readFile } from 'node:fs/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PrismaTx } from '../../../db/prisma';
import type { CatalogImportInput } from '../../../generated/graphql';
import { userError } from '../../../graphql/errors';
import type { GraphQLContext } from '../../../server/context';
import { currentBudget } from '../../../server/request-budget';
import { writeAudit } from '../../admin/audit.service';
import { enqueueAlertEvaluation } from '../../wishlist/alert-jobs';
import { invalidateVocabulary } from '../search/vocabulary';
import { parseCsv, parseJsonl, validateAll, type ImportError, type ImportRow } from './import-format';
import { importRows, type ImportStats, type Sink } from './import-sql';

export type ImportFormat = 'JSONL' | 'CSV';

export const MAX_MUTATION_BYTES = 5 * 1024 * 1024;

/**
 * catalogImport is the API's one documented long request (an admin's 5 MB file): it runs under the
 * import transaction's own bounds instead of the request's statement cap, deadline and
 * statement_timeout. The category and brand lookups send a statement per new name.
 */
const IMPORT_TIMEOUT_MS = 120_000;
const IMPORT_MAX_STATEMENTS = 100_000;

export function formatOf(path: string): ImportFormat {
  return /\.csv$/i.test(path) ? 'CSV' : 'JSONL';
}

/** Parses and validates a whole file; errors carry 1-based line numbers. */
export function parseCatalog(
  text: string,
  format: ImportFormat,
): { rows: ImportRow[]; errors: ImportError[] } {
  const parsed = format === 'CSV' ? parseCsv(text) : parseJsonl(text);
  const validated = validateAll(parsed.records);
  return {
    rows: validated.rows,
    errors: [...parsed.errors, ...validated.errors].sort((a, b) => a.line - b.line),
  };
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `"${s.replace(/"/g, '""')}"`;
};

/** CLI sink: COPY … FROM STDIN (CSV) on one pg connection, the fastest way in. */
export function pgSink(client: PoolClient, onRows?: (n: number) => void): Sink {
  return {
    async query(sql, params) {
      return (await client.query(sql, params as unknown[])).rows;
    },
    async load(table, columns, rows) {
      const stream = client.query(
        copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
      );
      async function* lines() {
        for (let i = 0; i < rows.length; i++) {
          yield columns.map((c) => csvCell(rows[i]![c])).join(',') + '\n';
          if (i % 1000 === 999) onRows?.(1000);
        }
        onRows?.(rows.length % 1000);
      }
      await pipeline(Readable.from(lines()), stream);
    },
  };
}

/** Mutation sink: the Prisma transaction, so the audit entry commits with the import. */
export function prismaSink(tx: PrismaTx): Sink {
  return {
    query: (sql, params = []) => tx.$queryRawUnsafe(sql, ...params),
    async load(table, columns, rows) {
      for (let i = 0; i < rows.length; i += 2000) {
        await tx.$executeRawUnsafe(
          `INSERT INTO ${table} (${columns.join(', ')})
           SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)`,
          JSON.stringify(rows.slice(i, i + 2000)),
        );
      }
    },
  };
}

/** `npm run import:catalog`: one transaction on one connection of `pool`. */
export async function importFile(
  pool: { connect(): Promise<PoolClient> },
  path: string,
  hooks: {
    onParsed?: (rows: number) => void;
    onRows?: (n: number) => void;
    onStep?: (s: string) => void;
  } = {},
): Promise<ImportStats> {
  const { rows, errors } = parseCatalog(await readFile(path, 'utf8'), formatOf(path));
  hooks.onParsed?.(rows.length);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const stats = await importRows(pgSink(client, hooks.onRows), rows, hooks.onStep);
    await client.query('COMMIT');
    return { ...stats, errors: [...errors, ...stats.errors].sort((a, b) => a.line - b.line) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** catalogImport: small files through the API, audited. */
export async function importCatalogText(ctx: GraphQLContext, input: CatalogImportInput) {
  const empty = { rows: 0, created: 0, updated: 0, unchanged: 0, errors: [] };
  if (Buffer.byteLength(input.content, 'utf8') > MAX_MUTATION_BYTES)
    return {
      ...empty,
      userErrors: [userError('TOO_LARGE', 'At most 5 MB; use npm run import:catalog', ['input', 'content'])],
    };
  const { rows, errors } = parseCatalog(input.content, input.format);
  currentBudget()?.widen({ statements: IMPORT_MAX_STATEMENTS, timeoutMs: IMPORT_TIMEOUT_MS });
  const stats = await ctx.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${IMPORT_TIMEOUT_MS}`);
      const s = await importRows(prismaSink(tx), rows);
      await writeAudit(tx, ctx, {
        action: 'catalog.import',
        resourceType: 'Catalog',
        resourceId: null,
        after: {
          format: input.format,
          rows: s.rows,
          created: s.created,
          updated: s.updated,
          errors: errors.length + s.errors.length,
        },
      });
      // Prices and stock may have changed anywhere: every alert-enabled item is looked at.
      if (s.created + s.updated > 0) await enqueueAlertEvaluation(tx, ctx.jobs);
      return s;
    },
    { maxWait: 10_000, timeout: IMPORT_TIMEOUT_MS },
  );
  invalidateVocabulary(ctx.prisma);
  return { ...stats, errors: [...errors, ...stats.errors].sort((a, b) => a.line - b.line), userErrors: [] };
}
