import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * Every setting Kabar reads from the environment, validated once at start-up.
 * A bad value stops the process with one line naming the variable.
 */
const LogLevel = Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))

const spec = {
  PORT: { key: 'port', schema: Type.Integer({ minimum: 0, maximum: 65535 }), default: 3000 },
  HOST: { key: 'host', schema: Type.String({ minLength: 1 }), default: '127.0.0.1' },
  DATABASE_PATH: { key: 'databasePath', schema: Type.String({ minLength: 1 }), default: './data/kabar.db' },
  LOG_LEVEL: { key: 'logLevel', schema: LogLevel, default: 'info' },
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
  CORS_ORIGINS: { key: 'corsOrigins', schema: Type.String(), default: '*' },
  SEED_DEMO: { key: 'seedDemo', schema: Type.Boolean(), default: true },
  REQUEST_TIMEOUT_MS: { key: 'requestTimeoutMs', schema: Type.Integer({ minimum: 1000 }), default: 30000 },
  SHUTDOWN_TIMEOUT_MS: { key: 'shutdownTimeoutMs', schema: Type.Integer({ minimum: 100 }), default: 10000 },
  MAX_EVENT_LOOP_DELAY_MS: { key: 'maxEventLoopDelayMs', schema: Type.Integer({ minimum: 0 }), default: 1000 },
  WRITE_LOCK_TIMEOUT_MS: { key: 'writeLockTimeoutMs', schema: Type.Integer({ minimum: 0, maximum: 600_000 }), default: 5000 },
  CHANGE_POLL_MS: { key: 'changePollMs', schema: Type.Integer({ minimum: 0, maximum: 250 }), default: 100 },
  JOBS_INTERVAL_MS: { key: 'jobsIntervalMs', schema: Type.Integer({ minimum: 0, maximum: 60_000 }), default: 1000 },
  CHANGE_RETENTION_DAYS: { key: 'changeRetentionDays', schema: Type.Integer({ minimum: 1, maximum: 3650 }), default: 400 },
} as const

type Spec = typeof spec
export type Config = Readonly<{ -readonly [K in keyof Spec as Spec[K]['key']]: Static<Spec[K]['schema']> }>

export class ConfigError extends Error {}

function parse(name: string, raw: string, schema: Spec[keyof Spec]['schema']): unknown {
  const value =
    schema.type === 'integer'
      ? /^-?\d+$/.test(raw)
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

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {}
  for (const [name, { key, schema, default: fallback }] of Object.entries(spec)) {
    const raw = env[name]
    out[key] = raw === undefined || raw === '' ? fallback : parse(name, raw, schema)
  }
  return Object.freeze({ ...(out as Config), ...overrides })
}
