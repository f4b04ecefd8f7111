#!/usr/bin/env node
// npm install: generates the Prisma client, then compiles dist/ (when the sources are here), so
// that the first `npm start` does not wait for the compiler.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const gen = spawnSync(process.execPath, [path.join(__dirname, 'prisma-generate.cjs')], { stdio: 'inherit' });
if (gen.status !== 0) process.exit(gen.status ?? 1);
require('./build.cjs')
  .ensureBuilt()
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
