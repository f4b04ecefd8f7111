import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { normalizePassword } from '../../modules/customers/policy';

/** The seeded customer who becomes the demo shopper (orders, addresses and reviews included). */
export const DEMO_SHOPPER_EMAIL = 'shopper@example.com';
/** The admin the demo seed creates. */
export const DEMO_ADMIN_EMAIL = 'admin@example.com';

export interface SignIn {
  email: string;
  password: string;
}

/** The demo's sign-ins: generated per installation, printed by `npm start`, kept in DATA_DIR. */
export interface DemoSignIns {
  shopper: SignIn;
  admin: SignIn;
}

/** Where `npm start` keeps the demo sign-ins (readable by the file's owner only). */
export const demoSignInsPath = (dataDir: string) => path.resolve(dataDir, 'demo-sign-ins.json');

/** 16 random base64url characters (96 bits): a password nobody else's installation shares. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Fresh demo sign-ins with generated passwords. */
export function generateDemoSignIns(): DemoSignIns {
  return {
    shopper: { email: DEMO_SHOPPER_EMAIL, password: generatePassword() },
    admin: { email: DEMO_ADMIN_EMAIL, password: generatePassword() },
  };
}

/**
 * The database a URL names, as the file's key: host and database name, without credentials or
 * port (the embedded PostgreSQL may listen on another port at each start).
 */
export function databaseKey(url: string): string {
  const u = new URL(url);
  return `${u.hostname}/${decodeURIComponent(u.pathname.slice(1))}`;
}

const isSignIn = (s: Partial<SignIn> | undefined): s is SignIn =>
  typeof s?.email === 'string' && typeof s.password === 'string';
const isSignIns = (v: unknown): v is DemoSignIns =>
  typeof v === 'object' &&
  v !== null &&
  isSignIn((v as Partial<DemoSignIns>).shopper) &&
  isSignIn((v as Partial<DemoSignIns>).admin);

/** The file's content by database key (a file of one earlier version holds one unkeyed set: kept under ''). */
async function readAll(dataDir: string): Promise<Record<string, DemoSignIns>> {
  try {
    const parsed = JSON.parse(await readFile(demoSignInsPath(dataDir), 'utf8')) as unknown;
    if (isSignIns(parsed)) return { '': parsed };
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => isSignIns(v))) as Record<
      string,
      DemoSignIns
    >;
  } catch {
    return {};
  }
}

/**
 * Saves the sign-ins of the database at `url`, keeping those of other databases (seeding or
 * starting on another database must not lose the embedded demo's passwords). Written atomically
 * with mode 0600 (it holds passwords).
 */
export async function saveDemoSignIns(dataDir: string, url: string, signIns: DemoSignIns): Promise<string> {
  const file = demoSignInsPath(dataDir);
  const all = await readAll(dataDir);
  delete all[''];
  all[databaseKey(url)] = signIns;
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return file;
}

/** The saved sign-ins of the database at `url` (or of an earlier version's file), or undefined. */
export async function loadDemoSignIns(dataDir: string, url: string): Promise<DemoSignIns | undefined> {
  const all = await readAll(dataDir);
  return all[databaseKey(url)] ?? all[''];
}

/**
 * True when both sign-ins work on the database at `url` (the accounts exist, are active, and the
 * passwords match), so that `npm start` never prints a sign-in that would be refused — after a
 * reset, another DATABASE_URL, or a password change.
 */
export async function demoSignInsWork(url: string, signIns: DemoSignIns): Promise<boolean> {
  const client = new Client({ connectionString: url, application_name: 'bazaar-demo-sign-ins' });
  client.on('error', () => undefined); // an idle connection's loss surfaces on the next query
  await client.connect();
  try {
    const { rows } = await client.query<{ email: string; password_hash: string; role: string }>(
      `SELECT email::text, password_hash, role::text FROM customers
       WHERE email = ANY($1::citext[]) AND status = 'active' AND deleted_at IS NULL`,
      [[signIns.shopper.email, signIns.admin.email]],
    );
    const works = async (s: SignIn, role: string) => {
      const row = rows.find((r) => r.email.toLowerCase() === s.email.toLowerCase() && r.role === role);
      return row !== undefined && (await argon2.verify(row.password_hash, normalizePassword(s.password)));
    };
    return (await works(signIns.shopper, 'customer')) && (await works(signIns.admin, 'admin'));
  } catch {
    return false;
  } finally {
    await client.end();
  }
}
