import { decodeGlobalId, fromGlobalIntId, toGlobalId, tryGlobalIntId, tryGlobalUuid } from './global-id';

describe('global IDs', () => {
  it.each([
    ['Product', 1],
    ['Category', 2147483647],
    ['Cart', '7b0c0b9e-1f57-4b8e-9d6a-0c3c7e1f2a3b'],
  ])('round-trips %s:%s', (type, id) => {
    const g = toGlobalId(type, id);
    expect(g).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeGlobalId(g)).toEqual({ type, id: String(id) });
  });

  it.each([
    '',
    'not base64 !',
    Buffer.from('Product').toString('base64url'),
    Buffer.from(':1').toString('base64url'),
    'x'.repeat(300),
  ])('rejects %p', (bad) => {
    expect(decodeGlobalId(bad)).toBeNull();
  });

  it('checks the type and the id shape', () => {
    expect(tryGlobalIntId(toGlobalId('Product', 5), 'Product')).toBe(5);
    expect(tryGlobalIntId(toGlobalId('Product', 5), 'Category')).toBeNull();
    expect(tryGlobalIntId(toGlobalId('Product', '5; drop'), 'Product')).toBeNull();
    expect(tryGlobalIntId(toGlobalId('Product', 99999999999), 'Product')).toBeNull();
    expect(() => fromGlobalIntId(toGlobalId('Brand', 1), 'Product')).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: ['id'] } }),
    );
    expect(tryGlobalUuid(toGlobalId('Cart', 'not-a-uuid'), 'Cart')).toBeNull();
  });
});
