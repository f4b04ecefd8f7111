import { comparePositions } from './compare-positions';

describe('comparePositions', () => {
  it.each([
    ['compare the first two', 5, [1, 2]],
    ['compare the top 3', 5, [1, 2, 3]],
    ['compare the first and the second', 5, [1, 2]],
    ['first vs third', 5, [1, 3]],
    ['compare the 2nd and 4th', 5, [2, 4]],
    ['second and last please', 4, [2, 4]],
    ['compare the first three', 2, [1, 2]], // only two were shown
    ['compare the first one', 5, null], // one is no comparison
    ['compare them', 5, null],
    ['compare the two cheapest', 5, null],
  ])('%s (of %i shown) → %j', (text, shown, expected) => {
    expect(comparePositions(text, shown)).toEqual(expected);
  });
});
