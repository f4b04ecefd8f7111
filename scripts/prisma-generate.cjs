#!/usr/bin/env node
// Generates the Prisma client at install time without Prisma's native schema engine.
// `prisma generate` never runs the engine, but the CLI refuses to start (and tries to download
// one from a host we cannot reach) unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = __filename;
const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const r = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
