import { z } from 'zod';
import { bool, corsOrigins, int, money, MONEY, taxRates, trustProxy } from './config-values';

export type { TrustProxy } from './config-values';

/**
 * Every environment variable Bazaar reads, validated once at boot. The README's configuration
 * table mirrors this schema; keep them together.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** @default 4000 */
  PORT: int(4000, 0, 65535),
  /** @default '0.0.0.0' */
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Serve Prometheus `/metrics` on this separate port (not on PORT); 0 picks a free one. Unset with
   * METRICS_TOKEN unset: metrics are not served at all. @default unset
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Interface of METRICS_PORT. @default HOST */
  METRICS_HOST: z.string().min(1).optional(),
  /**
   * Bearer token `/metrics` requires (`Authorization: Bearer <token>`); without METRICS_PORT it is
   * then served on PORT. Secret: never logged. @default unset
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Proxies whose X-Forwarded-For is believed for the client address (rate limits, lock-out, audit,
   * sessions): `false` (the TCP peer is the client), `true` (any peer: only behind a proxy that
   * overwrites the header), a hop count, or addresses/subnets such as `loopback,10.0.0.0/8`.
   * @default false
   */
  TRUST_PROXY: trustProxy,
  /**
   * Browser origins other than the API's own that may call /graphql (CORS), comma-separated, or
   * `*` for any. @default '' (same origin only)
   */
  CORS_ORIGINS: corsOrigins,
  /** When unset, `npm start` runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * The same database reached without a transaction pooler, for what needs a session of its own:
   * migrations and the demo seed (advisory locks), the LISTEN connections (chat events, session
   * revocations) and pg-boss (its LISTEN wake-ups). Set it when DATABASE_URL goes through
   * PgBouncer in transaction mode (docs/operators.md, Scaling). @default DATABASE_URL
   */
  DATABASE_DIRECT_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** @default '.data' */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Fixed port for the embedded PostgreSQL; a free one is picked when unset. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** @default 10 */
  DB_POOL_SIZE: int(10, 1, 200),
  /**
   * Kilobytes of SQL text the hot read paths (search, compiled catalog reads) send as named
   * prepared statements, per process: a repeated statement is planned once per connection instead
   * of at every execution, and each connection keeps its plans, ~120 bytes per character of text
   * (so ~23 MB a connection at the default). 0: every statement unnamed (a transaction pooler
   * without prepared-statement support, docs/operators.md). @default 192
   */
  DB_NAMED_STATEMENTS_KB: int(192, 0, 16_384),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Seed a demo shop (catalog, customers, orders, a demo shopper and admin with generated
   * passwords) at start when the catalog is empty. @default true, false when NODE_ENV=production
   */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
  /** Run pg-boss workers inside the API process. @default true */
  JOBS_ENABLED: bool(true),
  /** @default true */
  GRAPHQL_INTROSPECTION: bool(true),
  /** @default 12 */
  GRAPHQL_MAX_DEPTH: int(12, 2, 100),
  /**
   * Cost ceiling of one operation: every field costs its weight (1; 200 for a field that runs its
   * own SQL statement per parent) times the sizes of the lists above it (src/graphql/limits.ts).
   * @default 50000
   */
  GRAPHQL_MAX_COST: int(50_000, 10, 10_000_000),
  /** @default 100 */
  GRAPHQL_MAX_PAGE_SIZE: int(100, 1, 1000),
  /** Aliased fields in one operation (fragments counted where they are spread). @default 20 */
  GRAPHQL_MAX_ALIASES: int(20, 0, 10_000),
  /** Directives in one operation. @default 50 */
  GRAPHQL_MAX_DIRECTIVES: int(50, 0, 10_000),
  /** Lexical tokens in one document; parsing stops beyond. @default 3000 */
  GRAPHQL_MAX_TOKENS: int(3000, 100, 1_000_000),
  /** SQL statements one query or mutation may send (the hard limit behind the cost estimate). @default 250 */
  GRAPHQL_MAX_STATEMENTS: int(250, 1, 1_000_000),
  /** Milliseconds a query or mutation may run; no SQL statement is sent after. @default 10000 */
  GRAPHQL_REQUEST_TIMEOUT_MS: int(10_000, 100, 600_000),
  /** PostgreSQL statement_timeout of the API's connections, in milliseconds. @default 5000 */
  DB_STATEMENT_TIMEOUT_MS: int(5_000, 100, 600_000),
  /**
   * Largest request: HTTP bodies and WebSocket messages alike (catalogImport's 5 MB file fits once
   * JSON-escaped). @default 6291456 (6 MiB)
   */
  MAX_REQUEST_BYTES: int(6 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /**
   * Answer catalog read queries with one compiled SQL statement each (the compiled read path);
   * false sends every operation through the resolvers. @default true
   */
  GRAPHQL_COMPILED_READS: bool(true),
  /** Sliding session lifetime in days. @default 30 */
  SESSION_TTL_DAYS: int(30, 1, 365),
  /** argon2id memory cost in KiB (OWASP baseline 19 MiB). @default 19456 */
  ARGON2_MEMORY_KIB: int(19_456, 19_456, 4_194_304),
  /** @default 2 */
  ARGON2_TIME_COST: int(2, 2, 50),
  /** @default 1 */
  ARGON2_PARALLELISM: int(1, 1, 16),
  /** Hashes computed at once; more wait so a login burst cannot starve the API. @default 2 */
  ARGON2_MAX_CONCURRENCY: int(2, 1, 64),
  /** @default 30 */
  PASSWORD_RESET_TTL_MINUTES: int(30, 5, 1440),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Search typo tolerance: words of at least this many letters may carry one typo. @default 4 */
  SEARCH_TYPO_MIN_LENGTH_1: int(4, 1, 50),
  /** Search typo tolerance: words of at least this many letters may carry two typos. @default 8 */
  SEARCH_TYPO_MIN_LENGTH_2: int(8, 2, 50),
  /**
   * When fewer products than this match every word, products matching most words are added below
   * them; still fewer, the other products of the full matches' categories follow (`related`). @default 10
   */
  SEARCH_RELAX_BELOW: int(10, 0, 10_000),
  /** Relaxed matching (most words) considers at most this many products. @default 1000 */
  SEARCH_RELAX_MAX_PRODUCTS: int(1000, 10, 1_000_000),
  /** Apply the default English synonym dictionary (WordNet) on top of the admin synonyms. @default true */
  SEARCH_DEFAULT_SYNONYMS: bool(true),
  /** Grace period for draining HTTP and WebSocket connections at shutdown. @default 10000 */
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 120_000),
  /** Days an untouched guest cart lives (every change slides it); customer carts never expire. @default 7 */
  GUEST_CART_TTL_DAYS: int(7, 1, 365),
  /**
   * Retention jobs report what they would change (log line and job output) and change nothing.
   * @default false
   */
  RETENTION_DRY_RUN: bool(false),
  /** Rows a retention job changes per statement (each batch commits on its own). @default 5000 */
  RETENTION_BATCH_SIZE: int(5000, 1, 1_000_000),
  /** Auth sessions and password reset tokens are deleted this many days after they expired, were revoked or used. @default 1 */
  SESSION_RETENTION_DAYS: int(1, 0, 3650),
  /** Abandoned guest carts (and their lines) are removed this many days after they were abandoned. @default 30 */
  ABANDONED_CART_RETENTION_DAYS: int(30, 1, 3650),
  /** Message text (and the prompts and replies of LLM requests) is purged after this many days; usage, cost and attribution rows stay. @default 90 */
  MESSAGE_TEXT_RETENTION_DAYS: int(90, 1, 36_500),
  /** Admin audit log entries are deleted after this many days. @default 365 */
  AUDIT_LOG_RETENTION_DAYS: int(365, 1, 36_500),
  /** Orders are anonymized (addresses, notes, payment references) this many days after they were placed, never deleted. @default 730 */
  ORDER_ANONYMIZE_AFTER_DAYS: int(730, 1, 36_500),
  /** login_attempts rows are deleted after this many days (lockouts look back 15 minutes). @default 30 */
  LOGIN_ATTEMPT_RETENTION_DAYS: int(30, 1, 3650),
  /** Sent (delivered) and failed notifications are deleted this many days after they were created. @default 30 */
  NOTIFICATION_RETENTION_DAYS: int(30, 1, 3650),
  /** statement_timeout of retention, partition and analytics-refresh statements (instead of DB_STATEMENT_TIMEOUT_MS), in milliseconds. @default 600000 */
  MAINTENANCE_STATEMENT_TIMEOUT_MS: int(600_000, 1000, 86_400_000),
  /** Months before the current one that search_logs keeps: older monthly partitions are dropped whole. @default 13 */
  SEARCH_LOGS_RETENTION_MONTHS: int(13, 1, 1200),
  /** Months before the current one that analytics_events keeps: older monthly partitions are dropped whole. @default 13 */
  ANALYTICS_EVENTS_RETENTION_MONTHS: int(13, 1, 1200),
  /** Monthly partitions kept ready beyond the current month. @default 3 */
  PARTITIONS_AHEAD_MONTHS: int(3, 1, 36),
  /** analytics.conversation_order_attribution credits a conversation with orders placed this many days after it suggested an ordered product. @default 7 */
  ATTRIBUTION_WINDOW_DAYS: int(7, 1, 365),
  /** Country a cart's tax and shipping are estimated for when neither the cart nor the customer names one. @default 'US' */
  DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .default('US')
    .transform((c) => c.toUpperCase()),
  /**
   * Tax rate per ISO country as `CC:rate` pairs, `*` for every other country; applied to the
   * discounted merchandise subtotal (shipping is not taxed). @default 'US:0,CA:0.05,GB:0.2,DE:0.19,FR:0.2,IT:0.22,ES:0.21,NL:0.21,*:0'
   */
  TAX_RATES: taxRates('US:0,CA:0.05,GB:0.2,DE:0.19,FR:0.2,IT:0.22,ES:0.21,NL:0.21,*:0'),
  /** Flat shipping charge per order, in the cart's currency. @default '5.99' */
  SHIPPING_FLAT_RATE: money('5.99'),
  /** Minutes a manual (unpaid) order holds its units before it is cancelled and they are released. @default 1440 */
  UNPAID_ORDER_TIMEOUT_MINUTES: int(1440, 1, 43_200),
  /** Discounted merchandise subtotal from which shipping is free, in the cart's currency; `none` turns it off. @default '50.00' */
  FREE_SHIPPING_THRESHOLD: z
    .union([z.literal('none'), z.string().regex(MONEY, 'must be an amount like 50.00 or none')])
    .default('50.00')
    .transform((v) => (v === 'none' ? null : v)),
  /**
   * Bytes queued for a WebSocket client that does not read before the server drops it (the client
   * reconnects and resumes with `afterSequence`). @default 1048576
   */
  WS_MAX_BUFFERED_BYTES: int(1_048_576, 16_384, 1_073_741_824),
  /** Messages one sender (customer account, or a guest) may send per minute. @default 20 */
  CHAT_RATE_SENDER_PER_MINUTE: int(20, 1, 100_000),
  /** Messages all senders together may send to one conversation per minute. @default 30 */
  CHAT_RATE_CONVERSATION_PER_MINUTE: int(30, 1, 100_000),
  /** Conversations one customer, or one guest IP address, may start per hour. @default 30 */
  CHAT_STARTS_PER_HOUR: int(30, 1, 100_000),
  /** A chat session ends after this many minutes without a message (job chat.sessions.expire). @default 30 */
  CHAT_SESSION_IDLE_MINUTES: int(30, 1, 10_080),
  /** Provider for chat modes whose provider is `default`: `local` (offline) or `openai`. @default 'local' */
  LLM_PROVIDER: z.enum(['local', 'openai']).default('local'),
  /** Any OpenAI-compatible chat-completions endpoint. @default 'https://api.openai.com/v1' */
  LLM_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  /** Bearer key for LLM_BASE_URL (secret: never logged). */
  LLM_API_KEY: z.string().min(1).optional(),
  /** Model for chat modes whose model is `default` when the provider is openai. @default 'gpt-4o-mini' */
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** One provider attempt is cut off after this long (a hanging provider never holds a turn). @default 20000 */
  LLM_TIMEOUT_MS: int(20_000, 100, 600_000),
  /** Consecutive failures that open a provider's circuit (then `local` answers). @default 3 */
  LLM_CIRCUIT_FAILURE_THRESHOLD: int(3, 1, 1000),
  /** Seconds an open circuit waits before one trial request (half-open). @default 30 */
  LLM_CIRCUIT_COOLDOWN_SECONDS: int(30, 1, 86_400),
  /** Tokens a signed-in customer may use per UTC day; 0 = unlimited. @default 200000 */
  LLM_DAILY_TOKENS_CUSTOMER: int(200_000, 0, 1_000_000_000),
  /** Tokens a guest may use per UTC day; 0 = unlimited. @default 50000 */
  LLM_DAILY_TOKENS_GUEST: int(50_000, 0, 1_000_000_000),
  /** Earlier messages of the conversation given to the provider (then cut to the mode's prompt budget). @default 12 */
  LLM_HISTORY_MESSAGES: int(12, 0, 200),
  /**
   * Assistant replies one worker process runs at once; each takes its job as soon as a slot is free
   * (a slow provider holds one slot, not a batch). @default 16
   */
  LLM_WORKER_CONCURRENCY: int(16, 1, 200),
  /**
   * How mail leaves: `smtp` (through SMTP_URL) or `log` (written to the log, nothing sent; the
   * development default). @default 'smtp' when SMTP_URL is set, else 'log'
   */
  MAIL_TRANSPORT: z.enum(['log', 'smtp']).optional(),
  /**
   * The SMTP server mail goes through, e.g. `smtp://user:pass@mail.example.com:587` (STARTTLS when
   * the server offers it) or `smtps://…:465` (TLS from the start). Secret: never logged.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /**
   * A wishlist item with alerts on and no target price alerts when its price falls at least this
   * many percent below the price it was saved at. @default 10
   */
  WISHLIST_ALERT_DROP_PERCENT: int(10, 1, 99),
  /**
   * Storefront events (`trackEvents`) one customer, or one client address when anonymous, may send
   * per minute to one API process; beyond, the call answers RATE_LIMITED. @default 600
   */
  TRACK_EVENTS_PER_MINUTE: int(600, 1, 1_000_000),
  /** The sender of every mail, as shown to customers. @default 'Bazaar <no-reply@localhost>' */
  MAIL_FROM: z.string().min(3).default('Bazaar <no-reply@localhost>'),
  /**
   * Origin of the storefront that customers open from a mail: reset links, order pages and
   * products are built on it. @default 'http://localhost:3000'
   */
  STOREFRONT_URL: z
    .string()
    .url()
    .default('http://localhost:3000')
    .transform((u) => u.replace(/\/+$/, '')),
});

export type Config = Omit<z.infer<typeof schema>, 'SEED_DEMO' | 'MAIL_TRANSPORT'> & {
  SEED_DEMO: boolean;
  MAIL_TRANSPORT: 'log' | 'smtp';
  isDev: boolean;
  isTest: boolean;
};

/** Thrown when the environment is invalid; its message lists every problem. */
export class ConfigError extends Error {}

const invalid = (problems: string[]) =>
  new ConfigError(
    `Invalid configuration: fix these environment variables (the README's Configuration table lists them all):\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );

/**
 * Reads and validates configuration from an environment map.
 * @example
 * const config = loadConfig(process.env);
 * console.log(config.PORT); // 4000
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  if (c.DATABASE_DIRECT_URL && !c.DATABASE_URL)
    throw invalid([
      'DATABASE_DIRECT_URL: needs DATABASE_URL (the embedded database is always reached directly)',
    ]);
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT) {
    throw invalid([`METRICS_PORT: must differ from PORT (${c.PORT})`]);
  }
  if (c.MAIL_TRANSPORT === 'smtp' && !c.SMTP_URL)
    throw invalid(['SMTP_URL: required when MAIL_TRANSPORT=smtp']);
  return {
    ...c,
    // A production deployment gets demo accounts only when it asks for them.
    SEED_DEMO: c.SEED_DEMO ?? c.NODE_ENV !== 'production',
    MAIL_TRANSPORT: c.MAIL_TRANSPORT ?? (c.SMTP_URL ? 'smtp' : 'log'),
    isDev: c.NODE_ENV === 'development',
    isTest: c.NODE_ENV === 'test',
  };
}

/**
 * loadConfig for entry points: an invalid environment prints every problem and exits with code 2
 * (no stack trace: the message is the whole story).
 * @example const config = loadConfigOrExit();
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}
