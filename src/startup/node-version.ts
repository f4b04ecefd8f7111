// Imported first by the entry points: on an older Node, native modules (argon2) can crash the
// process before any message. npm scripts run on the project's own Node 24 (the `node` package).
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Bazaar needs Node 22.12 or newer, this is ${process.version}: start it through npm (npm start runs the project's Node 24), or install Node 24.`,
  );
  process.exit(1);
}
