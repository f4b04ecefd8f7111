#!/usr/bin/env node
// Runs a compiled entry point of dist/ in this very process, so that signals (Ctrl-C, SIGTERM)
// reach the program itself and nothing stands between them (tsx's watcher process did):
//   node scripts/run.cjs main                 (npm start)
//   node scripts/run.cjs db/seed/seed-cli --products 10
// When the sources changed since the last build, dist/ is rebuilt first, so npm start always runs
// the code you have. Production runs `node dist/main.js` directly.
const path = require('node:path');
const { ensureBuilt } = require('./build.cjs');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Bazaar needs Node 22.12 or newer, this is ${process.version}: start it through npm (npm start runs the project's Node 24), or install Node 24.`,
  );
  process.exit(1);
}
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.cjs <entry in dist/, e.g. main> [args…]');
  process.exit(2);
}
process.argv.splice(2, 1); // the entry sees only its own arguments
ensureBuilt().then(
  () => {
    process.setSourceMapsEnabled(true);
    require(path.resolve(__dirname, '..', 'dist', `${entry}.js`));
  },
  (err) => {
    console.error(err.message);
    process.exit(1);
  },
);
