/**
 * `npm run docs:er`: regenerates the Mermaid ER diagrams of docs/analysts.md from
 * prisma/schema.prisma. `--check` exits 1 when the document is stale (test/docs/er-diagram.test.ts
 * runs the same comparison in the test suite).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSchema, renderErDiagrams, withDiagrams } from '../src/db/er-diagram';

const root = path.resolve(__dirname, '..');
const docPath = path.join(root, 'docs/analysts.md');
const doc = readFileSync(docPath, 'utf8');
const next = withDiagrams(
  doc,
  renderErDiagrams(parseSchema(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'))),
);
if (process.argv.includes('--check')) {
  if (next !== doc) {
    console.error('docs/analysts.md: the ER diagrams are stale, run npm run docs:er');
    process.exit(1);
  }
  console.log('docs/analysts.md: ER diagrams up to date');
} else if (next !== doc) {
  writeFileSync(docPath, next);
  console.log('docs/analysts.md: ER diagrams regenerated');
}
