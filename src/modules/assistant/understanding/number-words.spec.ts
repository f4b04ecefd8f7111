import { numberWordsToDigits } from './number-words';

describe('numberWordsToDigits', () => {
  it.each([
    ['glasses under twenty dollars', 'glasses under 20 dollars'],
    ['a rug for fifty bucks', 'a rug for 50 bucks'],
    ['less than a hundred dollars', 'less than 100 dollars'],
    ['between one hundred and two hundred dollars', 'between 100 and 200 dollars'],
    ['from fifty to 80 bucks', 'from 50 to 80 bucks'],
    ['under two hundred and fifty euros', 'under 250 euros'],
    ['twenty-five dollars max', '25 dollars max'],
    ['two thousand dollars', '2000 dollars'],
    ['two chairs and a lamp', 'two chairs and a lamp'],
    ['a dollar store', 'a dollar store'],
    ['five twenty dollars', 'five 20 dollars'],
  ])('%s → %s', (input, expected) => {
    expect(numberWordsToDigits(input)).toBe(expected);
  });
});
