import { corrections, editDistance } from './correction';
import { baseForms, expansionsOf, isKindOf, type Expansions } from './lexicon';
import { parseQuery, queryText } from './query-parser';
import { draftClauses, planQuery, wordQueries } from './query-plan';
import { buildSynonymMap } from './synonyms';
import { textMatch } from './text-match';
import { categoryIndex } from './type-words';
import type { WordInfo } from './vocabulary';

const TYPOS = { oneFrom: 4, twoFrom: 8 };
const STOP = new Set(['the', 'a', 'for', 'of', 'and']);

/** A toy catalog vocabulary: words → products using them; candidates are every word (as the index would narrow). */
const VOCAB: Record<string, number> = {
  chair: 40,
  sofa: 10,
  velvet: 2,
  red: 300,
  kettle: 5,
  electric: 20,
  steel: 80,
  shoe: 30,
  boot: 8,
  conversation: 1,
  sunhaven: 1,
  machine: 12,
  pop: 3,
  drink: 4,
};
const info = (w: string): WordInfo => ({
  lexeme: STOP.has(w) ? '' : w,
  docs: VOCAB[w] ?? 0,
  prefixDocs: Object.entries(VOCAB)
    .filter(([v]) => v.startsWith(w))
    .reduce((m, [, d]) => Math.max(m, d), 0),
  candidates: VOCAB[w] ? [] : Object.entries(VOCAB),
});
const DICT: Record<string, Expansions> = {
  couch: { synonyms: ['sofa', 'lounge'], narrower: [], broader: [['seat'], []] },
  footwear: { synonyms: [], narrower: ['shoe', 'boot', 'clog'], broader: [] },
  machine: { synonyms: [], narrower: ['shoe', 'boot'], broader: [] },
  'steel boot': { synonyms: ['machine', 'cake'], narrower: [], broader: [] },
  settee: { synonyms: ['settle'], narrower: [], broader: [['bench'], [], ['seat', 'chair']] },
  // "pop" the catalog uses, but maybe only as a pop of colour: "drink" stands for it too.
  soda: { synonyms: ['pop'], narrower: [], broader: [['soft drink', 'drink'], ['chair'], ['steel']] },
  // Broader: a portable computer; its other kinds (siblings); then a computer.
  notebook: {
    synonyms: [],
    narrower: [],
    broader: [['portable computer'], ['laptop', 'sofa'], ['computer']],
  },
};
const dictionary = (t: string) => DICT[t] ?? { synonyms: [], narrower: [], broader: [] };

function plan(raw: string, admin = buildSynonymMap([])) {
  const drafts = draftClauses(parseQuery(raw), admin, dictionary);
  return planQuery(drafts, info, 1000, TYPOS);
}

describe('parseQuery + queryText', () => {
  it.each([
    ['', ''],
    ['!!! ??', ''],
    ['Red  Shoes', 'red shoes'],
    ['"trail runner', '"trail runner"'],
    ['-"road race" shoe', '-"road race" shoe'],
    ['kettle or toaster', 'kettle or toaster'],
    ['or shoes ', 'shoes'],
    ["t-shirt's & | ! <-> :*", '"t shirt s"'],
  ])('%p → %p', (raw, text) => expect(queryText(parseQuery(raw))).toBe(text));

  it('marks only a last word still being typed as a prefix, and caps length and clauses', () => {
    expect(parseQuery('red sho').clauses.map((c) => c.prefix)).toEqual([false, true]);
    expect(parseQuery('red sho ').clauses.map((c) => c.prefix)).toEqual([false, false]);
    expect(parseQuery('iphone 1').clauses.map((c) => c.prefix)).toEqual([false, true]);
    expect(parseQuery('tv s').clauses.map((c) => c.prefix)).toEqual([false, false]);
    expect(parseQuery('1').clauses.map((c) => c.prefix)).toEqual([false]);
    expect(parseQuery('a 1').clauses.map((c) => c.prefix)).toEqual([false, false]);
    expect(parseQuery('word '.repeat(500)).clauses.length).toBeLessThanOrEqual(12);
    expect(parseQuery('x'.repeat(5000)).clauses[0]!.words[0]!.length).toBe(200);
  });
});

describe('typo tolerance', () => {
  it.each([
    ['velocity', 'velocty', 1],
    ['conversation', 'convesration', 1], // a swap of adjacent letters is one typo
    ['kettle', 'ketlte', 1],
    ['abc', 'abc', 0],
    ['', 'abc', 3],
  ])('editDistance(%p, %p) = %p', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it.each([
    ['chiar', ['chair']], // swap, 5 letters: one typo allowed
    ['sofs', ['sofa']], // 4 letters: one typo allowed
    ['cha', []], // under 4 letters: none
    ['macihne', ['machine']], // 7 letters: one typo (a swap)
    ['mcahien', []], // two typos in 7 letters: too many
    ['conversaton', ['conversation']],
    ['convrsaton', ['conversation']], // two typos from 8 letters
  ])('corrections(%p) → %p', (typed, expected) =>
    expect(corrections(typed, Object.entries(VOCAB), TYPOS).map((c) => c.word)).toEqual(expected),
  );

  it.each([
    ['xbox', 'box', false], // a different first letter counts as two typos
    ['hcair', 'chair', false],
    ['chiar', 'chair', true],
    ['kettel', 'kettle', true],
    ['pefume', 'perfumes', true], // singular and plural are one word: one typo
    ['pefumes', 'perfume', true],
    ['parfum', 'perfumes', false], // one typo and a missing letter: two, too many for 6 letters
  ])('%p may be a typo of %p: %p', (typed, word, ok) =>
    expect(corrections(typed, [[word, 9]], TYPOS).length > 0).toBe(ok),
  );

  it('prefers fewer typos, then the word more products use', () => {
    const c = corrections(
      'bost',
      [
        ['boot', 8],
        ['best', 50],
        ['most', 50],
        ['boost', 3],
      ],
      TYPOS,
    );
    // "most" is two typos away: its first letter differs.
    expect(c.map((x) => [x.word, x.typos])).toEqual([
      ['best', 1],
      ['boot', 1],
      ['boost', 1],
    ]);
  });
});

describe('planQuery', () => {
  it('asks the vocabulary about typed words (with their prefix and typo flags) and alternatives', () => {
    const drafts = draftClauses(parseQuery('couch -red 55 ma'), buildSynonymMap([]), dictionary);
    expect(wordQueries(drafts, TYPOS)).toEqual([
      { word: 'couch', prefix: false, correct: true },
      { word: 'sofa', prefix: false, correct: false },
      { word: 'lounge', prefix: false, correct: false },
      { word: 'seat', prefix: false, correct: false },
      { word: 'red', prefix: false, correct: false },
      { word: '55', prefix: false, correct: false },
      { word: 'ma', prefix: true, correct: false },
    ]);
  });

  it('corrects each unknown word, also beside exact ones, and says what was searched', () => {
    const p = plan('sunhaven convesration');
    expect(p.units.map((u) => u.clauses[0]!.typos.map((t) => t.words.join(' ')))).toEqual([
      [],
      ['conversation'],
    ]);
    expect(p.correctedQuery).toBe('sunhaven conversation');
    expect(plan('red chair').correctedQuery).toBeNull();
    // A word still being typed that starts a catalog word is not a typo.
    expect(plan('velv').correctedQuery).toBeNull();
  });

  it('keeps dictionary expansions the catalog uses, and lets admin rules replace them', () => {
    const p = plan('footwear ');
    expect(p.units[0]!.clauses[0]!.dictionary.map((t) => t.words.join(' '))).toEqual(['shoe', 'boot']);
    const admin = plan('footwear ', buildSynonymMap([{ term: 'footwear', synonyms: ['clog'] }]));
    expect(admin.units[0]!.clauses[0]!.dictionary).toEqual([]);
    expect(admin.units[0]!.clauses[0]!.exact.map((t) => t.words.join(' '))).toEqual(['footwear', 'clog']);
  });

  it('matches two adjacent words as a dictionary phrase too, through the synonyms the catalog uses', () => {
    const [unit, ...rest] = plan('steel boot ').units;
    expect(rest).toEqual([]);
    expect(unit!.join).toBe('and');
    // "cake" is not in the catalog: only "machine" joins (a made-up phrase: the mechanism, not English).
    expect(unit!.joined.map((t) => t.words.join(' '))).toEqual(['machine']);
    // Not across an `or`, and not when the pair is not a dictionary phrase.
    expect(plan('steel or boot ').units.map((u) => u.joined)).toEqual([[]]);
    expect(plan('boot steel ').units.length).toBe(2);
  });

  it('adds narrower terms only to a word the catalog hardly uses (its own sense wins)', () => {
    // "machine" is in 12 products (≥ NARROWER_BELOW): taken as the catalog uses it.
    expect(plan('machine ').units[0]!.clauses[0]!.dictionary).toEqual([]);
  });

  it('falls back on the nearest broader terms the catalog uses, for a word it never uses', () => {
    const p = plan('settee ');
    expect(p.units[0]!.clauses[0]!.dictionary.map((t) => t.words.join(' '))).toEqual(['chair']);
    expect(p.units[0]!.clauses[0]!.typos).toEqual([]); // a dictionary word is no typo
    expect(plan('couch ').units[0]!.clauses[0]!.dictionary.map((t) => t.words.join(' '))).toEqual(['sofa']);
    // Nearest first: the broader word, then the other kinds of it, then the broader word's own.
    expect(plan('notebook ').units[0]!.clauses[0]!.dictionary.map((t) => t.words.join(' '))).toEqual([
      'sofa',
    ]);
  });

  it('adds the nearest broader terms to the synonyms of a word it never uses, and no farther ones', () => {
    const soda = plan('soda ').units[0]!.clauses[0]!;
    expect(soda.dictionary.map((t) => t.words.join(' '))).toEqual(['pop', 'drink']);
    expect(soda.inferred).toBe(false); // found through a synonym: no guess
    expect(plan('settee ').units[0]!.clauses[0]!.inferred).toBe(true);
  });

  it('reads siblings from the dictionary: other kinds of the nearest broader terms', () => {
    const notebook = expansionsOf('notebook', 80);
    expect(notebook.broader[0]).toEqual(['portable computer']);
    expect(notebook.broader[1]).toContain('laptop');
    expect(notebook.broader[1]).not.toContain('notebook');
  });

  it('checks the dictionary against word vectors: senses that general text uses, similar words last', () => {
    // "settle" (a verb in most text) is no synonym of "settee", a small sofa more than a bench.
    const settee = expansionsOf('settee', 80);
    expect(settee.synonyms).not.toContain('settle');
    expect(settee.broader[0]).toContain('sofa');
    expect(settee.broader[0]).not.toContain('bench');
    // A word WordNet sells nothing under gets the nearest shop nouns, as the last level only.
    const artwork = expansionsOf('artwork', 80);
    expect(artwork.broader.slice(0, -1).flat()).toEqual([]);
    expect(artwork.broader.at(-1)).toContain('painting');
    // Similar words are no knowledge of what a word is.
    expect(isKindOf('smartphone', 'phone')).toBeNull();
    expect(isKindOf('sunglasses', 'glasses')).toBe(true);
  });

  it('drops stop words, weighs rarer units more and groups or-clauses', () => {
    const p = plan('the red or velvet chair for');
    expect(p.units.map((u) => u.clauses.map((c) => c.clause.words.join(' ')))).toEqual([
      ['red', 'velvet'],
      ['chair'],
    ]);
    expect(p.units[1]!.weight).toBeCloseTo(Math.log(1 + 1000 / 40));
    expect(plan('the of').units).toEqual([]);
  });
});

describe('textMatch', () => {
  it.each([
    ['red chair ', 'red & chair'],
    ['velv', 'velv:*'],
    ['couch ', '(couch | sofa)'],
    ['"electric kettle" -steel', '(electric <-> kettle) & !steel'],
    ['chiar ', '(chiar | chair)'], // as typed too: the vocabulary may lag a fresh product
    ['red or velvet chair ', '(red | velvet) & chair'],
    ['-steel', '!steel'],
  ])('full %p → %p', (raw, where) => expect(textMatch(plan(raw), 'full')!.where).toBe(where));

  it.each([
    // Half of the known words, carrying half of the weight: a common word cannot stand in for a rare one.
    ['red sofa ', 'sofa'],
    ['sunhaven conversation ', '(sunhaven | conversation)'], // equally rare: either
    ['red velvet sofa ', '((velvet & sofa) | (velvet & red))'],
    // A word the catalog never uses weighs as much as the rarest word.
    ['comfortable velvet sofa -steel', '(velvet & sofa) & !steel'],
  ])('relaxed, nothing full %p → %p', (raw, where) =>
    expect(textMatch(plan(raw), 'relaxed', true)!.where).toBe(where),
  );

  it('adds related products to a few full matches by half the known words, whatever their weight', () => {
    expect(textMatch(plan('red sofa '), 'relaxed')!.where).toBe('(sofa | red)');
    expect(textMatch(plan('red velvet sofa '), 'relaxed')!.where).toBe(
      '((velvet & sofa) | (velvet & red) | (sofa & red))',
    );
  });

  it('does not relax one word or nonsense, and bounds the alternatives of long queries', () => {
    expect(textMatch(plan('chair'), 'relaxed')).toBeNull();
    expect(textMatch(plan('qzxv blorp'), 'relaxed')).toBeNull();
    expect(textMatch(plan('qzxv sofa '), 'relaxed', true)).toBeNull(); // "dog food" in a furniture shop
    const long = textMatch(plan(Object.keys(VOCAB).join(' ') + ' '), 'relaxed', true)!;
    // At most C(6, 3) sets: only the 6 rarest units take part, any 3 that carry half the weight.
    expect(long.where.split(' | ').length).toBeLessThanOrEqual(20);
    expect(long.where).toContain('conversation & sunhaven');
  });

  it('renders the ranking variants: name, meta, without typos, as typed', () => {
    const [u] = textMatch(plan('couch '), 'full')!.units;
    expect(u).toMatchObject({
      any: '(couch | sofa)',
      exact: 'couch',
      noTypo: null,
      name: '(couch:A | sofa:A)',
    });
    const [t] = textMatch(plan('chiar '), 'full')!.units;
    expect(t).toMatchObject({ any: '(chiar | chair)', noTypo: 'chiar', meta: '(chiar:B | chair:B)' });
    expect(textMatch(plan('velv'), 'full')!.units[0]!.name).toBe('velv:*A');
  });
});

describe('type words, brand words and the name phrase', () => {
  const shop = categoryIndex(
    [
      { id: 1, parentId: null, name: 'Furniture' },
      { id: 2, parentId: 1, name: 'Sofas' },
      { id: 3, parentId: null, name: 'Bar Accessories' },
    ],
    [
      { id: 7, name: 'Sunhaven Co.' },
      { id: 8, name: 'Bath and Body Works' },
    ],
  );
  const planned = (raw: string) =>
    planQuery(draftClauses(parseQuery(raw), buildSynonymMap([]), dictionary), info, 1000, TYPOS, shop);

  it.each([
    ['sunhaven co sofa ', [['sunhaven', 'co'], ['sofa']], '(sunhaven <-> co) & sofa'],
    ['bar accessories ', [['bar', 'accessories']], '(bar <-> accessories)'],
    ['bath body works ', [['bath', 'body', 'works']], '(bath <2> body <-> works)'], // "and" between
    ['accessories bar ', [['accessories'], ['bar']], 'accessories & bar'], // not in the name's order
    ['"sunhaven co" sofa ', [['sunhaven co'], ['sofa']], '(sunhaven <-> co) & sofa'], // already a phrase
  ])('%p: consecutive words naming a brand or category are one unit', (raw, units, where) => {
    const p = planned(raw);
    expect(p.units.map((u) => u.clauses.map((c) => c.clause.words.join(' ')))).toEqual(units);
    expect(textMatch(p, 'full')!.where).toBe(where);
  });

  it('knows which categories and brands the words name, the typed word apart from its synonyms', () => {
    const [brand, type] = planned('sunhaven co sofa ').units;
    expect(brand).toMatchObject({ brands: [7], categories: [] });
    expect(type).toMatchObject({ brands: [], categories: [2], ownCategories: [2] });
    // "couch" is not a category's name, its synonym "sofa" is.
    expect(planned('couch ').units[0]).toMatchObject({ categories: [2], ownCategories: [] });
    expect(planned('sunhaven ').units[0]!.brands).toEqual([7]); // the first words of a brand's name
    expect(planned('co ').units[0]!.brands).toEqual([]);
  });

  it.each([
    ['red velvet sofa', 'red:A <-> velvet:A <-> sofa:*A'],
    ['set of 4 chair ', 'set:A <-> of:A <-> 4:A <-> chair:A'], // stop words keep their place
    ['velvet chiar ', 'velvet:A <-> chair:A'], // typos corrected
    ['velvet -red sofa', 'velvet:A <-> sofa:*A'],
    ['sofa', null],
    ['red or velvet sofa', null],
  ])('the name phrase of %p is %p', (raw, phrase) => expect(planned(raw).phrase).toBe(phrase));
});

describe('words typed apart that the catalog writes as one', () => {
  const withTeapot = (w: string): WordInfo =>
    w.length >= 5 && 'teapot'.startsWith(w)
      ? { lexeme: w, docs: w === 'teapot' ? 3 : 0, prefixDocs: 3, candidates: [] }
      : info(w);
  const planned = (raw: string) => {
    const drafts = draftClauses(parseQuery(raw), buildSynonymMap([]), dictionary);
    return planQuery(drafts, withTeapot, 1000, TYPOS);
  };

  it('asks the vocabulary about each pair of consecutive words written as one', () => {
    const drafts = draftClauses(parseQuery('red tea po'), buildSynonymMap([]), dictionary);
    expect(wordQueries(drafts, TYPOS).filter((q) => !['red', 'tea', 'po'].includes(q.word))).toEqual([
      { word: 'redtea', prefix: false, correct: false },
      { word: 'teapo', prefix: true, correct: false },
    ]);
  });

  it.each([
    ['tea pot ', '((tea & pot) | teapot)'], // one unit: both words anywhere, or the compound
    ['red tea pot ', 'red & ((tea & pot) | teapot)'],
    ['tea po', '((tea & po:*) | teapo:*)'], // while typing
    ['tea of pot ', 'tea & pot'], // not typed next to each other
    ['"tea pot" ', '(tea <-> pot)'],
  ])('%p → %p', (raw, where) => expect(textMatch(planned(raw), 'full')!.where).toBe(where));
});

describe('baseForms', () => {
  it.each([
    ['sofas', ['sofas', 'sofa']],
    ['boxes', ['boxes', 'box', 'boxe']],
    ['batteries', ['batteries', 'battery', 'batterie']],
    ['glass', ['glass', 'glas']],
  ])('%p → %p', (w, forms) => expect(baseForms(w)).toEqual(forms));
});
