import type { DemoSignIns } from '../db/seed/demo-sign-ins';

/** What `npm start` tells a person once the server answers. */
export interface ReadyInfo {
  graphqlUrl: string;
  databaseUrl: string;
  /** True when the database is the embedded PostgreSQL this process runs. */
  embedded: boolean;
  /** The demo sign-ins, when they work on this database. */
  signIns?: DemoSignIns;
  signInsFile?: string;
  ms: number;
}

/** `postgresql://user:***@host/db`: a URL someone else configured, shown without its password. */
export function maskPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * The lines printed (not logged) when the server is ready in development: where to point a
 * browser, psql and the CLIs, and how to sign in to the demo.
 */
export function readyBanner(info: ReadyInfo): string {
  const rows: [string, string][] = [
    ['GraphQL + GraphiQL', info.graphqlUrl],
    info.embedded
      ? ['Database (embedded)', `${info.databaseUrl}   (psql; the npm run CLIs use it while this runs)`]
      : ['Database', maskPassword(info.databaseUrl)],
  ];
  if (info.signIns) {
    rows.push(['Demo shopper', `${info.signIns.shopper.email} / ${info.signIns.shopper.password}`]);
    rows.push(['Demo admin', `${info.signIns.admin.email} / ${info.signIns.admin.password}`]);
    if (info.signInsFile) rows.push(['', `(kept in ${info.signInsFile})`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    '',
    `Bazaar is ready (${(info.ms / 1000).toFixed(1)} s):`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}
