import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSchema, renderErDiagrams, withDiagrams } from '../../src/db/er-diagram';

const root = path.resolve(__dirname, '..', '..');

/** The ER diagrams in docs/analysts.md are generated: CI fails when they no longer match the schema. */
describe('docs/analysts.md ER diagrams', () => {
  it('match prisma/schema.prisma (run `npm run docs:er` after a schema change)', () => {
    const doc = readFileSync(path.join(root, 'docs/analysts.md'), 'utf8');
    const model = parseSchema(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'));
    expect(withDiagrams(doc, renderErDiagrams(model))).toBe(doc);
  });

  it('draw every table of the schema and every foreign key', () => {
    const model = parseSchema(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'));
    const schema = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');
    expect(model.tables).toHaveLength((schema.match(/^model \w+ \{/gm) ?? []).length);
    expect(model.relations).toHaveLength((schema.match(/@relation\([^)]*fields: \[/g) ?? []).length);
    expect(model.tables.every((t) => t.section !== '')).toBe(true);
  });
});
