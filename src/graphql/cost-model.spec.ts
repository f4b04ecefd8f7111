import { getIntrospectionQuery, parse, validate } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { buildSchema } from '../server/schema';
import { costModel } from './cost-model';
import { checkOperation } from './operation-checks';

const root = path.resolve(__dirname, '../..');
const schema = buildSchema();
const config = loadConfig({});

/** Every ```graphql block of the docs and every operation the benches send. */
function normalQueries(): [string, string][] {
  const out: [string, string][] = [];
  for (const f of readdirSync(path.join(root, 'docs')).filter((x) => x.endsWith('.md'))) {
    const text = readFileSync(path.join(root, 'docs', f), 'utf8');
    [...text.matchAll(/```graphql[^\n]*\n([\s\S]*?)```/g)].forEach((m, i) =>
      out.push([`docs/${f} #${i + 1}`, m[1]!]),
    );
  }
  for (const f of readdirSync(path.join(root, 'bench')).filter((x) => x.endsWith('.ts'))) {
    const text = readFileSync(path.join(root, 'bench', f), 'utf8');
    for (const m of text.matchAll(/const (\w+) = `((?:query|mutation|\{)[\s\S]*?)`;/g)) {
      out.push([`bench/${f} ${m[1]}`, m[2]!]);
    }
  }
  return out;
}

describe('the schema under the default limits', () => {
  it('declares a bound for every list of objects (@listSize, or a connection)', () => {
    // Fix a failure by adding `@listSize(assumedSize: N)` to the field in its module's .graphql:
    // N = the most items it returns for one parent object. See docs/operators.md "Limits".
    expect(costModel(schema).undeclaredLists).toEqual([]);
  });

  it.each(normalQueries())('accepts %s', (_name, query) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    expect(() => checkOperation(schema, document, undefined, { q: 'kettle' }, config)).not.toThrow();
  });

  // The introspection query grows with the schema (≈ 25,700 with orders, chat and the assistant):
  // it must keep using at most 60% of the ceiling, so a growing schema is noticed long before
  // GraphiQL is refused, without loosening the ceiling every other query is held to.
  it('accepts the introspection query of GraphiQL with room to grow', () => {
    const document = parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(() =>
      checkOperation(
        schema,
        document,
        undefined,
        {},
        { ...config, GRAPHQL_MAX_COST: config.GRAPHQL_MAX_COST * 0.6 },
      ),
    ).not.toThrow();
  });
});
