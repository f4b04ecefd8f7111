#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json), then prebuilds the
// GraphiQL page compressed (dist/graphiql: brotli and gzip, with its ETag; the 9 MB uncompressed
// page is made from the gzip for the rare client that asks for it), so production runs
// plain `node dist/main.js` with nothing compiled or compressed at run time.
// `--if-stale` builds only when an input changed since the last build (npm install, npm start).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const INPUTS = [
  'src',
  'schema.graphql',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
  'scripts/build.cjs',
];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file bumps its directory
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** True when dist/ is missing or older than a source; false where there are no sources (the image). */
function isStale() {
  if (!fs.existsSync(path.join(root, 'src'))) return false;
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return INPUTS.some((p) => newestMtime(path.join(root, p)) > built);
}

/** Files the code reads next to itself at run time (search/data/*.json, …): everything but TypeScript. */
function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) copyAssets(src, dest);
    else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dest);
    }
  }
}

async function build({ clean = false } = {}) {
  const started = Date.now();
  if (clean) fs.rmSync(dist, { recursive: true, force: true });
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    throw new Error(
      'dist/ is out of date and TypeScript is not installed here: run `npm install`, then `npm run build`',
    );
  }
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0)
    throw new Error(`tsc failed (exit ${r.status ?? r.signal}): fix the errors above, or use npm run dev`);
  copyAssets(path.join(root, 'src'), dist);
  const { renderGraphiqlAssets, PREBUILT_DIR } = require(path.join(dist, 'server', 'graphiql.js'));
  const page = await renderGraphiqlAssets(9);
  fs.mkdirSync(PREBUILT_DIR, { recursive: true });
  fs.writeFileSync(path.join(PREBUILT_DIR, 'index.html.br'), page.br);
  fs.writeFileSync(path.join(PREBUILT_DIR, 'index.html.gz'), page.gzip);
  fs.writeFileSync(path.join(PREBUILT_DIR, 'etag'), page.etag);
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return Date.now() - started;
}

/** Builds when stale; says so on stderr (it takes a few seconds). */
async function ensureBuilt() {
  if (!isStale()) return;
  process.stderr.write('Compiling src/ to dist/ (the sources changed since the last build)…\n');
  const ms = await build();
  process.stderr.write(`Compiled in ${(ms / 1000).toFixed(1)} s.\n`);
}

module.exports = { build, ensureBuilt, isStale };

if (require.main === module) {
  const ifStale = process.argv.includes('--if-stale');
  (ifStale
    ? ensureBuilt()
    : build({ clean: true }).then((ms) => console.error(`dist/ built in ${(ms / 1000).toFixed(1)} s`))
  ).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
