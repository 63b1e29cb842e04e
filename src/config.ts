import { Type, type Static } from '@sinclair/typebox'
import { isIP } from 'node:net'
import { Value } from '@sinclair/typebox/value'
import { isTimeZone } from './lib/zoned-time.js'

/**
 * Every setting Kabar reads from the environment, validated once at start-up.
 * A bad value stops the process with one line naming the variable.
 */
const LogLevel = Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))

const spec = {
  PORT: { key: 'port', schema: Type.Integer({ minimum: 0, maximum: 65535 }), default: 3000 },
  HOST: { key: 'host', schema: Type.String({ minLength: 1 }), default: '127.0.0.1' },
  DATABASE_PATH: { key: 'databasePath', schema: Type.String({ minLength: 1 }), default: './data/kabar.db' },
  // `postgres://user:pass@host:port/db` selects PostgreSQL; empty: SQLite at DATABASE_PATH.
  DATABASE_URL: { key: 'databaseUrl', schema: Type.String({ pattern: '^(postgres(ql)?://\\S+)?$', maxLength: 2000 }), default: '' },
  DATABASE_POOL_MAX: { key: 'databasePoolMax', schema: Type.Integer({ minimum: 1, maximum: 1000 }), default: 10 },
  LOG_LEVEL: { key: 'logLevel', schema: LogLevel, default: 'info' },
  // How many server processes share the port and the database: a number, or `auto` (one per core).
  WORKERS: { key: 'workers', schema: Type.String({ pattern: '^(auto|[1-9][0-9]?)$' }), default: '1' },
  PUBLIC_URL_TEMPLATE: {
    key: 'publicUrlTemplate',
    // Must name the article ({slug} or {id}), or every article would get the same public URL.
    schema: Type.String({ pattern: '^https?://[^\\s]*\\{(slug|id)\\}[^\\s]*$' }),
    default: 'https://www.kabar.example/{category}/{slug}',
  },
  CACHE_MAX_AGE: { key: 'cacheMaxAge', schema: Type.Integer({ minimum: 0, maximum: 86400 }), default: 60 },
  BODY_LIMIT: { key: 'bodyLimit', schema: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }), default: 1048576 },
  RATE_LIMIT_PUBLIC: { key: 'rateLimitPublic', schema: Type.Integer({ minimum: 1 }), default: 600 },
  RATE_LIMIT_KEYED: { key: 'rateLimitKeyed', schema: Type.Integer({ minimum: 1 }), default: 6000 },
  RATE_LIMIT_WINDOW_MS: { key: 'rateLimitWindowMs', schema: Type.Integer({ minimum: 1000 }), default: 60000 },
  PUBLIC_BASE_URL: {
    key: 'publicBaseUrl',
    // The API's own public origin (and path prefix, if any), without a trailing slash; empty: links are relative.
    schema: Type.String({ pattern: '^(https?://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s])?)?$', maxLength: 500 }),
    default: '',
  },
  TRUST_PROXY: {
    key: 'trustProxy',
    // A hop count, or addresses/CIDRs (and proxy-addr's names loopback, linklocal, uniquelocal), comma-separated.
    schema: Type.String({ maxLength: 2000 }),
    default: '',
  },
  MAX_URL_LENGTH: { key: 'maxUrlLength', schema: Type.Integer({ minimum: 256, maximum: 16_384 }), default: 4096 },
  CORS_ORIGINS: { key: 'corsOrigins', schema: Type.String(), default: '*' },
  SEED_DEMO: { key: 'seedDemo', schema: Type.Boolean(), default: true },
  REQUEST_TIMEOUT_MS: { key: 'requestTimeoutMs', schema: Type.Integer({ minimum: 1000 }), default: 30000 },
  SHUTDOWN_TIMEOUT_MS: { key: 'shutdownTimeoutMs', schema: Type.Integer({ minimum: 100 }), default: 10000 },
  MAX_EVENT_LOOP_DELAY_MS: { key: 'maxEventLoopDelayMs', schema: Type.Integer({ minimum: 0 }), default: 1000 },
  WRITE_LOCK_TIMEOUT_MS: { key: 'writeLockTimeoutMs', schema: Type.Integer({ minimum: 0, maximum: 600_000 }), default: 5000 },
  CHANGE_POLL_MS: { key: 'changePollMs', schema: Type.Integer({ minimum: 0, maximum: 250 }), default: 100 },
  JOBS_INTERVAL_MS: { key: 'jobsIntervalMs', schema: Type.Integer({ minimum: 0, maximum: 60_000 }), default: 1000 },
  // The publication the formats (feeds, ninjs, JSON-LD, sitemaps) speak for.
  PUBLICATION_NAME: { key: 'publicationName', schema: Type.String({ minLength: 1, maxLength: 200 }), default: 'Kabar' },
  PUBLICATION_URL: {
    key: 'publicationUrl',
    // The reader-facing site's home page (feeds link to it; JSON-LD's publisher).
    schema: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500 }),
    default: 'https://www.kabar.example/',
  },
  AUTHOR_URL_TEMPLATE: {
    key: 'authorUrlTemplate',
    // An author's public page, named by {slug}: feeds and JSON-LD link writers to it.
    schema: Type.String({ pattern: '^https?://[^\\s]*\\{slug\\}[^\\s]*$', maxLength: 500 }),
    default: 'https://www.kabar.example/penulis/{slug}',
  },
  PUBLICATION_LANGUAGE: { key: 'publicationLanguage', schema: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }), default: 'id' },
  PUBLICATION_LOGO_URL: {
    key: 'publicationLogoUrl',
    schema: Type.String({ pattern: '^(https?://[^\\s]+)?$', maxLength: 500 }),
    default: '',
  },
  // An IANA time-zone name: dates in feeds and sitemaps carry its offset; monthly sitemaps follow its calendar.
  TIMEZONE: { key: 'timeZone', schema: Type.String({ minLength: 1, maxLength: 100 }), default: 'Asia/Jakarta' },
  // Empty: the publication's name.
  COPYRIGHT_HOLDER: { key: 'copyrightHolder', schema: Type.String({ maxLength: 200 }), default: '' },
  // Empty: no usage terms are stated.
  USAGE_TERMS: { key: 'usageTerms', schema: Type.String({ maxLength: 1000 }), default: '' },
  // Hostnames or addresses webhooks may reach although private, loopback or over http (tests, an internal relay).
  WEBHOOK_ALLOW_HOSTS: { key: 'webhookAllowHosts', schema: Type.String({ maxLength: 2000 }), default: '' },
  CHANGE_RETENTION_DAYS: { key: 'changeRetentionDays', schema: Type.Integer({ minimum: 1, maximum: 3650 }), default: 400 },
  // The longest an idle change stream stays silent: a comment line then keeps proxies from closing it.
  STREAM_HEARTBEAT_MS: { key: 'streamHeartbeatMs', schema: Type.Integer({ minimum: 100, maximum: 30_000 }), default: 15_000 },
  // Search ranking: a new article weighs up to 1 + SEARCH_RECENCY_BOOST times an old one of equal relevance; half
  // of that boost is left at SEARCH_RECENCY_HALF_LIFE_DAYS. 0 ranks by relevance alone.
  SEARCH_RECENCY_BOOST: { key: 'searchRecencyBoost', schema: Type.Number({ minimum: 0, maximum: 100 }), default: 1 },
  SEARCH_RECENCY_HALF_LIFE_DAYS: { key: 'searchRecencyHalfLifeDays', schema: Type.Integer({ minimum: 1, maximum: 3650 }), default: 30 },
  // Related fill: how many related items an article shows when the request does not say (`relatedFill`), editor
  // links first, topped up with automatic suggestions; 0 shows the editor's links alone. Suggestions are at most
  // RELATED_FILL_MAX_AGE_DAYS old.
  RELATED_FILL_DEFAULT: { key: 'relatedFillDefault', schema: Type.Integer({ minimum: 0, maximum: 20 }), default: 0 },
  RELATED_FILL_MAX_AGE_DAYS: { key: 'relatedFillMaxAgeDays', schema: Type.Integer({ minimum: 1, maximum: 3650 }), default: 365 },
} as const

type Spec = typeof spec
export type Config = Readonly<{ -readonly [K in keyof Spec as Spec[K]['key']]: Static<Spec[K]['schema']> }>

export class ConfigError extends Error {}

function parse(name: string, raw: string, schema: Spec[keyof Spec]['schema']): unknown {
  const value =
    schema.type === 'integer' || schema.type === 'number'
      ? /^-?\d+(\.\d+)?$/.test(raw)
        ? Number(raw)
        : raw
      : schema.type === 'boolean'
        ? (({ true: true, false: false, 1: true, 0: false } as Record<string, boolean>)[raw] ?? raw)
        : raw
  if (!Value.Check(schema, value)) {
    const first = Value.Errors(schema, value).First()
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(raw)}: ${first?.message ?? 'invalid value'}`)
  }
  return value
}

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: off (empty), a hop count, or a list of addresses, CIDRs and
 * proxy-addr's names. Throws a ConfigError for anything else.
 */
export function trustedProxies(raw: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  const value = raw.trim()
  if (value === '') return false
  // A hop count n trusts the n nearest hops, whatever their address (proxy-addr's numeric form).
  if (/^\d{1,2}$/.test(value)) return (_address, hop) => hop < Number(value)
  const entries = value.split(',').map((entry) => entry.trim())
  const valid = (entry: string) => {
    if (proxyNames.has(entry)) return true
    const [address = '', bits, ...rest] = entry.split('/')
    const family = isIP(address)
    if (family === 0 || rest.length > 0) return false
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
  }
  const bad = entries.find((entry) => !valid(entry))
  if (bad !== undefined)
    throw new ConfigError(
      `Invalid TRUST_PROXY=${JSON.stringify(raw)}: ${JSON.stringify(bad)} is not a hop count, an address, a CIDR or loopback/linklocal/uniquelocal`,
    )
  return entries
}

const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/**
 * WEBHOOK_ALLOW_HOSTS as a set of lower-case hostnames and addresses (IPv6 without brackets). Throws a ConfigError
 * for an entry that is neither.
 */
export function webhookAllowHosts(raw: string): ReadonlySet<string> {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
  const bad = entries.find((entry) => isIP(entry) === 0 && !hostname.test(entry))
  if (bad !== undefined)
    throw new ConfigError(`Invalid WEBHOOK_ALLOW_HOSTS=${JSON.stringify(raw)}: ${JSON.stringify(bad)} is not a hostname or an IP address`)
  return new Set(entries)
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {}
  for (const [name, { key, schema, default: fallback }] of Object.entries(spec)) {
    const raw = env[name]
    out[key] = raw === undefined || raw === '' ? fallback : parse(name, raw, schema)
  }
  const config = Object.freeze({ ...(out as Config), ...overrides })
  trustedProxies(config.trustProxy)
  webhookAllowHosts(config.webhookAllowHosts)
  if (!isTimeZone(config.timeZone))
    throw new ConfigError(`Invalid TIMEZONE=${JSON.stringify(config.timeZone)}: not a time zone this platform knows`)
  return config
}
