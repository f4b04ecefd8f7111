import { editDistance, FuzzyWords } from './fuzzy';

describe('editDistance (with adjacent transpositions, capped)', () => {
  it.each([
    ['voltix', 'voltx', 1],
    ['headphon', 'hedphon', 1],
    ['laptop', 'labtop', 1],
    ['sneaker', 'snekaer', 1],
    ['odessa', 'odessa', 0],
    ['sonara', 'banana', 3],
  ])('%s ~ %s = %i', (a, b, d) => expect(editDistance(a, b, 2)).toBe(Math.min(d, 3)));
});

describe('FuzzyWords', () => {
  const words = new FuzzyWords<string>();
  for (const w of ['voltix', 'vortex', 'strata', 'headphon', 'tent']) words.add(w, w);

  it.each([
    ['voltx', 'voltix'],
    ['strta', 'strata'],
    ['hedphon', 'headphon'],
    ['voltex', null], // one edit from voltix and from vortex: ambiguous, no match
    ['tant', null], // short words carry no typo
    ['banana', null],
  ])('%s → %s', (typed, found) => expect(words.find(typed)).toBe(found));
});
