import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 4000,
      NODE_ENV: 'development',
      GRAPHQL_MAX_PAGE_SIZE: 100,
      GRAPHQL_INTROSPECTION: true,
      SESSION_TTL_DAYS: 30,
      ARGON2_MEMORY_KIB: 19456,
      isDev: true,
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c).toMatchObject({
      GUEST_CART_TTL_DAYS: 7,
      DEFAULT_COUNTRY: 'US',
      SHIPPING_FLAT_RATE: '5.99',
      FREE_SHIPPING_THRESHOLD: '50.00',
    });
    expect(c.TAX_RATES).toMatchObject({ US: '0', DE: '0.19', '*': '0' });
    // Retention periods our sources ask for (issue 14).
    expect(c).toMatchObject({
      RETENTION_DRY_RUN: false,
      SESSION_RETENTION_DAYS: 1,
      MESSAGE_TEXT_RETENTION_DAYS: 90,
      AUDIT_LOG_RETENTION_DAYS: 365,
      ORDER_ANONYMIZE_AFTER_DAYS: 730,
      ATTRIBUTION_WINDOW_DAYS: 7,
      SEARCH_LOGS_RETENTION_MONTHS: 13,
      PARTITIONS_AHEAD_MONTHS: 3,
    });
  });

  it.each([
    [{ TAX_RATES: 'de:0.19, *:0.05' }, { TAX_RATES: { DE: '0.19', '*': '0.05' } }],
    [{ FREE_SHIPPING_THRESHOLD: 'none' }, { FREE_SHIPPING_THRESHOLD: null }],
    [
      { DEFAULT_COUNTRY: 'de', SHIPPING_FLAT_RATE: '0' },
      { DEFAULT_COUNTRY: 'DE', SHIPPING_FLAT_RATE: '0' },
    ],
    [{}, { TRUST_PROXY: false, CORS_ORIGINS: [] }],
    [
      { CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173' },
      { CORS_ORIGINS: ['https://shop.example.com', 'http://localhost:5173'] },
    ],
    [{ CORS_ORIGINS: '*' }, { CORS_ORIGINS: ['*'] }],
    [{ TRUST_PROXY: 'true' }, { TRUST_PROXY: true }],
    [{ TRUST_PROXY: '2' }, { TRUST_PROXY: 2 }],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, { TRUST_PROXY: ['loopback', '10.0.0.0/8'] }],
  ])('reads settings %p', (env, expected) => {
    expect(loadConfig(env)).toEqual(expect.objectContaining(expected));
  });

  it.each([
    { TAX_RATES: 'DE:19%' },
    { TAX_RATES: 'DE:1.5' },
    { TAX_RATES: 'Germany:0.19' },
    { SHIPPING_FLAT_RATE: '5.999' },
    { FREE_SHIPPING_THRESHOLD: '-1' },
    { DEFAULT_COUNTRY: 'DEU' },
    { METRICS_TOKEN: 'short' },
    { TRUST_PROXY: 'my-proxy.example.com' },
    { CORS_ORIGINS: 'https://shop.example.com/' },
    { CORS_ORIGINS: 'shop.example.com' },
    { CORS_ORIGINS: 'https://shop.example.com/path' },
    { CORS_ORIGINS: 'ftp://shop.example.com' },
    { TRUST_PROXY: '10.0.0.0/33' },
    { METRICS_PORT: '4000' },
    { METRICS_PORT: '9464', PORT: '9464' },
    { SMTP_URL: 'http://mail.example.com' },
    { MAIL_TRANSPORT: 'smtp' },
    { STOREFRONT_URL: 'shop.example.com' },
    { WISHLIST_ALERT_DROP_PERCENT: '0' },
  ])('refuses %p', (env) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(Object.keys(env)[0]!));
  });

  it.each([
    [
      { PORT: '4001', GRAPHQL_INTROSPECTION: 'false', NODE_ENV: 'production' },
      { PORT: 4001, GRAPHQL_INTROSPECTION: false, isDev: false },
    ],
    [
      { DATABASE_URL: 'postgres://u@h/db', JOBS_ENABLED: '0' },
      { DATABASE_URL: 'postgres://u@h/db', JOBS_ENABLED: false },
    ],
    [{ PORT: '' }, { PORT: 4000 }],
    [{}, { SEED_DEMO: true }],
    [{ NODE_ENV: 'production' }, { SEED_DEMO: false }],
    [{ NODE_ENV: 'production', SEED_DEMO: 'true' }, { SEED_DEMO: true }],
    [{ SEED_DEMO: 'no' }, { SEED_DEMO: false }],
    [
      {},
      { MAIL_TRANSPORT: 'log', MAIL_FROM: 'Bazaar <no-reply@localhost>', WISHLIST_ALERT_DROP_PERCENT: 10 },
    ],
    [{ SMTP_URL: 'smtp://u:p@mail.example.com:587' }, { MAIL_TRANSPORT: 'smtp' }],
    [{ SMTP_URL: 'smtps://mail.example.com', MAIL_TRANSPORT: 'log' }, { MAIL_TRANSPORT: 'log' }],
    [{ STOREFRONT_URL: 'https://shop.example.com/' }, { STOREFRONT_URL: 'https://shop.example.com' }],
  ])('reads %p', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it('names every invalid variable in one error', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ARGON2_MEMORY_KIB: '1024', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const msg = (err as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'ARGON2_MEMORY_KIB', 'LOG_LEVEL'])
        expect(msg).toContain(name);
    }
  });
});
