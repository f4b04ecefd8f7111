/**
 * Mermaid entity-relationship diagrams of the data model, generated from prisma/schema.prisma
 * (`npm run docs:er` writes them into docs/analysts.md; test/docs/er-diagram.test.ts fails when
 * they are stale). One diagram per section of the schema (Catalog, Customers, …): its tables with
 * every column (type, PK/FK/UK), and the foreign keys its tables hold; a table of another section
 * that they reference appears as a bare box.
 */

interface Column {
  name: string;
  type: string;
  keys: string[];
}

interface Relation {
  /** Table holding the foreign key. */
  child: string;
  parent: string;
  columns: string[];
  optional: boolean;
  unique: boolean;
}

interface Table {
  model: string;
  name: string;
  section: string;
  columns: Column[];
}

export interface DataModel {
  sections: string[];
  tables: Table[];
  relations: Relation[];
}

const SCALARS: Record<string, string> = {
  Int: 'int',
  BigInt: 'bigint',
  String: 'text',
  Boolean: 'bool',
  DateTime: 'timestamptz',
  Decimal: 'numeric',
  Json: 'jsonb',
  Float: 'float8',
};

const NATIVE: Record<string, string> = {
  Uuid: 'uuid',
  Citext: 'citext',
  Char: 'char',
  Inet: 'inet',
  SmallInt: 'smallint',
};

/** Reads models, enums, sections and relations out of a Prisma schema's text. */
export function parseSchema(text: string): DataModel {
  const lines = text.split('\n');
  const enums = new Map<string, string>();
  const models = new Set<string>();
  // First pass: names of models and enums (with their database names).
  for (let i = 0; i < lines.length; i++) {
    const m = /^(model|enum) (\w+) \{/.exec(lines[i]!);
    if (!m) continue;
    if (m[1] === 'model') models.add(m[2]!);
    let j = i + 1;
    let mapped = m[2]!;
    for (; lines[j] !== '}'; j++) {
      const map = /^\s*@@map\("([^"]+)"\)/.exec(lines[j]!);
      if (map) mapped = map[1]!;
    }
    if (m[1] === 'enum') enums.set(m[2]!, mapped);
  }

  const sections: string[] = [];
  const tables: Table[] = [];
  const pending: { child: Table; parentModel: string; fields: string[]; optional: boolean }[] = [];
  const columnsOf = new Map<Table, Map<string, Column>>();
  const uniquesOf = new Map<Table, string[][]>();
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (
      /^\/\/ ─+$/.test(line) &&
      /^\/\/ \w/.test(lines[i + 1] ?? '') &&
      /^\/\/ ─+$/.test(lines[i + 2] ?? '')
    ) {
      section = lines[i + 1]!.slice(3).trim();
      sections.push(section);
      i += 2;
      continue;
    }
    const head = /^model (\w+) \{/.exec(line);
    if (!head) continue;
    const body: string[] = [];
    for (i++; lines[i] !== '}'; i++) body.push(lines[i]!.trim());
    const table: Table = { model: head[1]!, name: head[1]!, section, columns: [] };
    const fieldColumn = new Map<string, Column>();
    const compositeKeys: { fields: string[]; key: string }[] = [];
    for (const raw of body) {
      const l = raw.replace(/\s+\/\/.*$/, '');
      if (l === '' || l.startsWith('//')) continue;
      if (l.startsWith('@@')) {
        const map = /^@@map\("([^"]+)"\)/.exec(l);
        if (map) table.name = map[1]!;
        const key = /^@@(id|unique)\(\[([^\]]+)\]/.exec(l);
        // A partial unique index (where: …) does not make its columns unique.
        if (key && !/\bwhere:/.test(l))
          compositeKeys.push({
            fields: key[2]!.split(',').map((f) => f.trim()),
            key: key[1] === 'id' ? 'PK' : 'UK',
          });
        continue;
      }
      const f = /^(\w+)\s+(\w+(?:\("[^"]*"\))?)(\[\])?(\?)?\s*(.*)$/.exec(l);
      if (!f) continue;
      const [, field = '', type = '', list, optional, attrs = ''] = f;
      if (models.has(type)) {
        const rel = /@relation\([^)]*fields: \[([^\]]+)\]/.exec(attrs);
        if (rel)
          pending.push({
            child: table,
            parentModel: type,
            fields: rel[1]!.split(',').map((s) => s.trim()),
            optional: !!optional,
          });
        continue;
      }
      const native = /@db\.(\w+)/.exec(attrs)?.[1];
      let sqlType =
        enums.get(type) ??
        (native && NATIVE[native]) ??
        SCALARS[type] ??
        (type.startsWith('Unsupported') ? /"(\w+)"/.exec(type)![1]! : type);
      if (list) sqlType += '[]';
      const column: Column = { name: /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? field, type: sqlType, keys: [] };
      if (/(^|\s)@id\b/.test(attrs)) column.keys.push('PK');
      if (/(^|\s)@unique\b/.test(attrs)) column.keys.push('UK');
      fieldColumn.set(field, column);
      table.columns.push(column);
    }
    // Every column of a composite primary key is PK; UK marks a column unique on its own.
    for (const k of compositeKeys)
      for (const field of k.fields) {
        const column = fieldColumn.get(field);
        if (column && (k.key === 'PK' || k.fields.length === 1) && !column.keys.includes(k.key))
          column.keys.push(k.key);
      }
    columnsOf.set(table, fieldColumn);
    uniquesOf.set(
      table,
      compositeKeys.map((k) => k.fields),
    );
    tables.push(table);
  }

  const byModel = new Map(tables.map((t) => [t.model, t]));
  const relations: Relation[] = pending.map((p) => {
    const child = p.child;
    const columns = p.fields.map((f) => columnsOf.get(child)!.get(f)!);
    for (const c of columns) if (!c.keys.includes('FK')) c.keys.push('FK');
    const unique =
      (columns.length === 1 && columns[0]!.keys.some((k) => k === 'UK' || k === 'PK')) ||
      uniquesOf.get(child)!.some((u) => u.length === p.fields.length && u.every((f) => p.fields.includes(f)));
    return {
      child: child.name,
      parent: byModel.get(p.parentModel)!.name,
      columns: columns.map((c) => c.name),
      optional: p.optional,
      unique,
    };
  });
  return { sections, tables, relations };
}

/** One Mermaid `erDiagram` per section, each under a `###` heading. */
export function renderErDiagrams(model: DataModel): string {
  const out: string[] = [];
  for (const section of model.sections) {
    const tables = model.tables.filter((t) => t.section === section);
    if (tables.length === 0) continue;
    const names = new Set(tables.map((t) => t.name));
    out.push(`### ${section}`, '', '```mermaid', 'erDiagram');
    for (const r of model.relations.filter((r) => names.has(r.child))) {
      const parentSide = r.optional ? '|o' : '||';
      const childSide = r.unique ? 'o|' : 'o{';
      out.push(`  ${r.parent} ${parentSide}--${childSide} ${r.child} : "${r.columns.join(', ')}"`);
    }
    for (const t of tables) {
      out.push(`  ${t.name} {`);
      for (const c of t.columns)
        out.push(`    ${c.type} ${c.name}${c.keys.length ? ` ${c.keys.join(', ')}` : ''}`);
      out.push('  }');
    }
    out.push('```', '');
  }
  return out.join('\n');
}

export const ER_START =
  '<!-- er-diagram:start — generated by `npm run docs:er` from prisma/schema.prisma; do not edit by hand -->';
export const ER_END = '<!-- er-diagram:end -->';

/** `doc` with the text between the markers replaced by `diagrams`. */
export function withDiagrams(doc: string, diagrams: string): string {
  const start = doc.indexOf(ER_START);
  const end = doc.indexOf(ER_END);
  if (start < 0 || end < start) throw new Error(`the document has no ${ER_START} … ${ER_END} section`);
  return `${doc.slice(0, start + ER_START.length)}\n\n${diagrams}\n${doc.slice(end)}`;
}
