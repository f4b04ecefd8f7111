/**
 * The hand-written reference the benches compare the API against: `node:http` + `pg`, one
 * prepared statement per request that builds the whole response body in PostgreSQL, sent as
 * the text PostgreSQL returned. It answers only the benchmark operations of bench/queries.ts
 * (recognised by their exact text: LIST, list-sql.ts; SEARCH, search-plan.ts and search-sql.ts)
 * and exists to show what this machine can do at most.
 *
 * Run by bench/harness.ts as a child process: env DATABASE_URL, PORT (0 = any), DB_POOL_SIZE;
 * reports `{ port }` over IPC and answers `'stats'` with `{ statements, cpuMs }` since the last `'stats'`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { LIST, SEARCH } from '../queries';
import { listStatement } from './list-sql';
import { searchOperation } from './search-plan';

type Statement = { name?: string; text: string; values: unknown[] } | { error: string };

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  application_name: 'bazaar-bench-reference',
});
let statements = 0;
let cpuSince = process.cpuUsage();

/** Statements sent while planning a search (its first request only), counted like the others. */
const planning = (text: string, values: unknown[]) => {
  statements++;
  return pool.query(text, values);
};

/** Operation text → its statement builder (a search's is asynchronous: planned on first use). */
const OPERATIONS = new Map<string, (variables: Record<string, unknown>) => Statement | Promise<Statement>>([
  [LIST, listStatement],
  [SEARCH, searchOperation(planning)],
]);

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const errorBody = (message: string, code: string) =>
  JSON.stringify({ errors: [{ message, extensions: { code } }] });

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let request: { query?: string; variables?: Record<string, unknown> };
  try {
    request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(res, 400, errorBody('Body is not JSON', 'BAD_REQUEST'));
  }
  const build = OPERATIONS.get(request.query ?? '');
  if (!build) return send(res, 400, errorBody('Not a benchmark operation', 'BAD_REQUEST'));
  const statement = await build(request.variables ?? {});
  if ('error' in statement) return send(res, 200, errorBody(statement.error, 'BAD_USER_INPUT'));
  statements++;
  const { rows } = await pool.query<{ body: string }>(statement);
  send(res, 200, rows[0]!.body);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) send(res, 500, errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (m) => {
  if (m === 'stats') {
    const cpu = process.cpuUsage(cpuSince);
    cpuSince = process.cpuUsage();
    process.send!({ statements, cpuMs: (cpu.user + cpu.system) / 1000 });
    statements = 0;
  } else if (m === 'stop') {
    server.close();
    void pool.end().then(() => process.exit(0));
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
