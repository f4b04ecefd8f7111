/**
 * Every example in README.md and docs/*.md runs as printed against the demo data (`npm start`'s
 * demo seed), so the docs cannot drift from the product.
 *
 * What runs, by the language of the fenced block:
 * - `graphql`: validated against schema.graphql, then each operation in it executed in order,
 *   anonymously. It passes when there are no `errors`, no `userErrors`, and no top-level field is
 *   null or an empty list/connection (an example that shows nothing teaches nothing).
 * - `sql`: run as `bazaar_analyst` (the analysts' role) in a transaction that is rolled back; the
 *   last statement must return rows when it is a query.
 * - `jsonl`, `csv`: imported with `npm run import:catalog`'s importer; every line must be accepted.
 * - anything else (`sh`, `ts`, `json`, `text`, …) is not run.
 *
 * Attributes after the language (GitHub and Prettier keep them, readers do not see them):
 * - `as=shopper` / `as=admin` (graphql): run signed in as the demo shopper / admin.
 * - `as=owner` (sql): run as the database owner instead of `bazaar_analyst` (e.g. `CREATE ROLE`).
 * - `expect=CODE` (graphql): the example shows an error; it passes when `CODE` is an
 *   `errors[].extensions.code` or a `userErrors[].code`.
 * - `empty-ok` (graphql, sql): may legitimately return nothing on the demo data.
 * - `validate-only` (graphql): validated, not run (subscriptions, tokens that arrive by email).
 * - `illustrative`: neither validated nor run (pseudo-code, excerpts). Use sparingly.
 * - `save=name:path[,name:path]` (graphql): keeps the value at `path` of the result's data (dots,
 *   list indexes: `cartCreate.cart.id`, `product.variants.0.id`) as the placeholder `<name>` for the
 *   examples that follow (a guide that walks through a flow: create a cart, then use its id).
 * A ```` ```json variables ```` block right after a graphql block holds its variables.
 * Placeholders `<demo-shopper-password>` and `<demo-admin-password>` stand for the generated
 * demo passwords (`npm start` prints them; they are in `.data/demo-sign-ins.json`).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { Client, Pool } from 'pg';
import { readMigrations } from '../../src/db/migrate';
import { seedDemoIfEmpty } from '../../src/db/seed/demo';
import type { DemoSignIns } from '../../src/db/seed/demo-sign-ins';
import { createLogger } from '../../src/logger';
import { importFile } from '../../src/modules/catalog/import/import.service';
import { buildSchema } from '../../src/server/schema';
import { allDocBlocks, docFiles, REPO_ROOT, type DocBlock } from '../support/doc-examples';
import { startTestApp, type GqlResult, type TestApp } from '../support/test-app';

jest.setTimeout(60_000);

const blocks = allDocBlocks();
const RUN = new Set(['graphql', 'sql', 'jsonl', 'csv']);
const runnable = blocks.filter((b) => RUN.has(b.lang) && !b.attrs.illustrative);
const where = (b: DocBlock) => `${b.file}:${b.line}`;

let t: TestApp;
let signIns: DemoSignIns;
const tokens: Record<string, string> = {};
/** Values earlier examples saved (`save=name:path`), substituted for `<name>` in later ones. */
const saved: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedDemoIfEmpty(t.db.url, createLogger('silent'), t.config);
  if (!seeded) throw new Error('the demo seed did not run');
  signIns = seeded;
  for (const [who, s] of Object.entries(signIns)) {
    const r = await t.execute<{ customerLogin: { token: string | null } }>(
      `mutation($e: String!, $p: String!) { customerLogin(input: { email: $e, password: $p }) { token } }`,
      { variables: { e: s.email, p: s.password } },
    );
    tokens[who] = r.data?.customerLogin.token ?? '';
    if (!tokens[who]) throw new Error(`demo ${who} cannot sign in: ${JSON.stringify(r)}`);
  }
});
afterAll(async () => {
  await t?.stop();
});

/** The placeholders a reader replaces with what `npm start` printed. */
function substitute(text: string): string {
  let out = text
    .replaceAll('<demo-shopper-password>', signIns.shopper.password)
    .replaceAll('<demo-admin-password>', signIns.admin.password);
  for (const [name, value] of Object.entries(saved)) out = out.replaceAll(`<${name}>`, value);
  return out;
}

/** `save=name:path[,name:path]`: the value at each `path` of `data` becomes the placeholder `<name>`. */
function saveFrom(b: DocBlock, data: unknown) {
  const spec = b.attrs.save;
  if (typeof spec !== 'string') return;
  for (const entry of spec.split(',')) {
    const [name, path] = entry.split(':');
    let value: unknown = data;
    for (const key of path?.split('.') ?? []) value = (value as Record<string, unknown> | null)?.[key];
    if (!name || (typeof value !== 'string' && typeof value !== 'number'))
      throw new Error(`${where(b)}: save=${entry} found no string or number in ${JSON.stringify(data)}`);
    saved[name] = String(value);
  }
}

function substituteJson(v: unknown): unknown {
  return v === undefined ? undefined : (JSON.parse(substitute(JSON.stringify(v))) as unknown);
}

/** Codes of errors and userErrors anywhere in a result. */
function codesIn(result: GqlResult): string[] {
  const codes = (result.errors ?? []).map((e) => String(e.extensions?.code));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'userErrors' && Array.isArray(x))
          for (const e of x) codes.push(String((e as { code: unknown }).code));
        else walk(x);
      }
    }
  };
  walk(result.data);
  return codes;
}

/** Top-level fields that show nothing: null, an empty list, or a connection without edges/nodes. */
function emptyFields(data: Record<string, unknown>): string[] {
  return Object.entries(data)
    .filter(([, v]) => {
      if (v === null) return true;
      if (Array.isArray(v)) return v.length === 0;
      const c = v as { edges?: unknown[]; nodes?: unknown[] };
      return (
        (Array.isArray(c.edges) && c.edges.length === 0) || (Array.isArray(c.nodes) && c.nodes.length === 0)
      );
    })
    .map(([k]) => k);
}

async function runGraphql(b: DocBlock) {
  const schema = buildSchema();
  const doc = parse(substitute(b.body));
  const invalid = validate(schema, doc);
  expect(invalid.map((e) => e.message)).toEqual([]);
  if (b.attrs['validate-only']) return;
  const operations = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const as = b.attrs.as;
  if (as !== undefined && as !== 'shopper' && as !== 'admin')
    throw new Error(`${where(b)}: unknown as=${String(as)}`);
  for (const op of operations) {
    if (op.operation === 'subscription') throw new Error(`${where(b)}: mark subscriptions validate-only`);
    const result = await t.execute(substitute(b.body), {
      variables: substituteJson(b.variables) as Record<string, unknown> | undefined,
      token: as ? tokens[as] : null,
      operationName: op.name?.value,
    });
    const codes = codesIn(result);
    if (typeof b.attrs.expect === 'string') {
      expect(codes).toContain(b.attrs.expect);
      continue;
    }
    expect({ example: where(b), errors: result.errors ?? [], codes }).toEqual({
      example: where(b),
      errors: [],
      codes: [],
    });
    if (!b.attrs['empty-ok'])
      expect({ example: where(b), empty: emptyFields(result.data ?? {}) }).toEqual({
        example: where(b),
        empty: [],
      });
    saveFrom(b, result.data);
  }
}

async function runSql(b: DocBlock) {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    if (b.attrs.as !== 'owner') await client.query('SET LOCAL ROLE bazaar_analyst');
    const results = (await client.query(substitute(b.body))) as unknown as
      { command: string; rows: unknown[] }[] | { command: string; rows: unknown[] };
    const last = Array.isArray(results) ? results.at(-1) : results;
    if (last?.command === 'SELECT' && !b.attrs['empty-ok'])
      expect({ example: where(b), rows: last.rows.length > 0 }).toEqual({ example: where(b), rows: true });
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

async function runImport(b: DocBlock) {
  const dir = await mkdtemp(path.join(tmpdir(), 'bazaar-docs-'));
  const pool = new Pool({ connectionString: t.db.url, max: 1 });
  try {
    const file = path.join(dir, `example.${b.lang}`);
    await writeFile(file, `${b.body}\n`);
    const stats = await importFile(pool, file);
    expect({ example: where(b), errors: stats.errors }).toEqual({ example: where(b), errors: [] });
    expect(stats.rows).toBeGreaterThan(0);
  } finally {
    await pool.end();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('docs examples', () => {
  it('finds the examples (the extraction itself works)', () => {
    expect(docFiles()).toEqual(
      expect.arrayContaining(['README.md', 'docs/storefront.md', 'docs/analysts.md']),
    );
    expect(runnable.filter((b) => b.lang === 'graphql').length).toBeGreaterThan(2);
    expect(runnable.filter((b) => b.lang === 'sql').length).toBeGreaterThan(2);
  });

  it.each(
    runnable.map(
      (b) =>
        [
          `${where(b)} (${[b.lang, ...Object.entries(b.attrs).map(([k, v]) => (v === true ? k : `${k}=${v}`))].join(' ')})`,
          b,
        ] as const,
    ),
  )('%s runs against the demo', async (_name, b) => {
    if (b.lang === 'graphql') await runGraphql(b);
    else if (b.lang === 'sql') await runSql(b);
    else await runImport(b);
  });
});

describe('docs describe only this repository', () => {
  it.each(docFiles().map((f) => [f]))(
    '%s links only to files that exist and cites nothing outside the repository',
    async (file) => {
      const text = await readFile(path.join(REPO_ROOT, file), 'utf8');
      expect(text.match(/SPEC(\.md)?\s*§/g) ?? []).toEqual([]);
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue;
        const resolved = path.resolve(REPO_ROOT, path.dirname(file), target);
        if (!resolved.startsWith(REPO_ROOT) || !existsSync(resolved)) broken.push(target);
      }
      expect(broken).toEqual([]);
    },
  );

  it('docs/data-model.md lists every migration', async () => {
    const text = await readFile(path.join(REPO_ROOT, 'docs/data-model.md'), 'utf8');
    const missing = (await readMigrations())
      .map((m) => m.name)
      .filter((name) => !text.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
