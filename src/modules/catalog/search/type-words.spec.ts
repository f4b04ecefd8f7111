import { categoryIndex } from './type-words';

describe('closed compounds in category names', () => {
  const index = categoryIndex(
    ['Smartphones', 'Headphones', 'Laptops', 'Sunglasses', 'Smartwatches', 'Earrings', 'Armchairs'].map(
      (name, id) => ({ id, parentId: null, name }),
    ),
  );
  it.each([
    ['phone', ['smartphones']], // unknown to the dictionary: taken at its word
    ['phones', ['smartphones']], // not headphones: the dictionary knows them as no phone
    ['glasses', ['sunglasses']], // the dictionary: sunglasses are glasses
    ['watch', ['smartwatches']],
    ['chair', ['armchairs']],
    ['top', []], // a laptop is no top
    ['ring', []], // an earring is jewellery
    ['ph', []],
  ])('%p → %p', (word, compounds) => expect(index.compounds(word)).toEqual(compounds));
});

describe('kinds of a word in category names (the dictionary)', () => {
  const index = categoryIndex(
    ['Laptops', 'Rugs', 'Womens Dresses', 'Mens Shirts', 'Sofas'].map((name, id) => ({
      id,
      parentId: null,
      name,
    })),
  );
  it.each([
    ['computer', ['laptops']], // a laptop is a portable computer
    ['clothing', ['dresses', 'shirts']],
    ['cover', ['rugs']], // a floor cover: narrower terms only for a word the catalog hardly uses
    ['laptop', []], // itself
    ['top', []],
    ['pc', []],
  ])('%p → %p', (word, kinds) => expect(index.kinds(word)).toEqual(kinds));
});
