import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A fenced code block of README.md or docs/*.md. The info string is the language followed by
 * optional attributes (GitHub and Prettier keep them, and render only the code):
 *
 *     ```graphql as=shopper
 *     ```json variables
 *
 * See test/docs/examples.test.ts for what each language and attribute means.
 */
export interface DocBlock {
  /** Path relative to the repository root, e.g. `docs/storefront.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  attrs: Record<string, string | true>;
  body: string;
  /** For a graphql block: the `json variables` block that follows it, parsed. */
  variables?: Record<string, unknown>;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** README.md and every Markdown file under docs/, relative to the repository root. */
export function docFiles(root = REPO_ROOT): string[] {
  const docs = readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f))
    .sort();
  return ['README.md', ...docs];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;

/** Every fenced block of a Markdown text, with `json variables` blocks attached to the graphql block before them. */
export function extractBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', lang = '', info = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '') break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    const block: DocBlock = {
      file,
      line: i + 1,
      lang: lang.toLowerCase(),
      attrs: parseAttrs(info),
      body: body.join('\n'),
    };
    if (block.lang === 'json' && block.attrs.variables) {
      const target = blocks.at(-1);
      if (target?.lang !== 'graphql')
        throw new Error(`${file}:${i + 1}: a json variables block must follow a graphql block`);
      target.variables = JSON.parse(block.body) as Record<string, unknown>;
    }
    blocks.push(block);
    i = j;
  }
  return blocks;
}

/** `as=shopper expect=NOT_FOUND validate-only` → { as: 'shopper', expect: 'NOT_FOUND', 'validate-only': true } */
export function parseAttrs(info: string): Record<string, string | true> {
  const attrs: Record<string, string | true> = {};
  for (const token of info.split(/\s+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq < 0) attrs[token] = true;
    else attrs[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return attrs;
}

/** Every fenced block of every doc file. */
export function allDocBlocks(root = REPO_ROOT): DocBlock[] {
  return docFiles(root).flatMap((f) => extractBlocks(f, readFileSync(path.join(root, f), 'utf8')));
}
