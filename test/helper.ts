import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { systemCaller, type Scope } from '../src/domain/access.js'
import type { Clock } from '../src/lib/clock.js'
import pg from 'pg'
import { createStore } from '../src/store/index.js'
import type { Driver } from '../src/store/context.js'
import { openPostgres, postgresDriver } from '../src/store/postgres/driver.js'
import { openDatabase, type SqliteDb as Db } from '../src/store/sqlite/connect.js'
import { sqliteDriver } from '../src/store/sqlite/driver.js'
import { migrateDatabase } from '../src/store/sqlite/migrate.js'
import { freshDatabase, templateDatabase } from './fixtures/postgres.js'
import { checkResponse } from './conformance/contract.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

/** The store the suite runs on: `KABAR_TEST_STORE=postgres` runs it on PostgreSQL (`npm test` runs both). */
export const testStore: 'sqlite' | 'postgres' = process.env.KABAR_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'
export const onSqlite = testStore === 'sqlite'

/** A fresh, migrated PostgreSQL database on the suite's server (a copy of a migrated template), dropped at teardown. */
export async function freshPostgres(t: Teardown): Promise<string> {
  const template = await templateDatabase('kabar_migrated', async (url) => (await openPostgres(url, { poolMax: 1 })).close())
  return freshDatabase(t, { template })
}

export interface TestApp {
  app: FastifyInstance
  /** The app's SQLite database, for tests that look under the storage layer (statement counts, integrity checks). */
  db: Db
  /**
   * Runs `request` and returns the SQL of every statement the database executed meanwhile, on either store: with
   * SQLite, executions of the driver's (prepared) statements and `exec`; with PostgreSQL, every query sent.
   */
  statementsDuring<T>(request: () => Promise<T>): Promise<{ result: T; sql: string[] }>
  /** A query under the storage layer on either store, `?` placeholders; the rows as the database names columns. */
  sql<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>
  /** Bearer headers for a fresh key of each scope. */
  as: Record<Scope, { authorization: string }>
  /** A settable clock: `clock.now` is what the app sees as the current time. */
  clock: { now: number }
  /**
   * `app.inject` with an optional key scope. Every response is checked against the committed
   * openapi/openapi.json (see test/conformance/contract.ts): a non-conforming one rejects with a
   * `ContractViolation`. `contract: false` skips that, only for routes a test adds to the app itself.
   */
  call(options: InjectOptions & { as?: Scope; contract?: false }): Promise<LightMyRequestResponse>
}

type InjectUrl = InjectOptions['url']

const pathOf = (url: InjectUrl): string => (typeof url === 'object' ? url.pathname : (url ?? '/'))

/**
 * A fresh app on its own database (SQLite in memory, or a fresh PostgreSQL database), closed when the test ends.
 * The change-log poll and the background jobs are off (one process: its own commits apply at once); tests of
 * those turn them on.
 */
export async function build(t: Teardown, overrides: Partial<Config> = {}, store: typeof testStore = testStore): Promise<TestApp> {
  const clock = { now: Date.parse('2026-07-23T10:00:00.000Z') }
  const tick: Clock = () => clock.now
  const config = loadConfig(
    {},
    { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 0, jobsIntervalMs: 0, ...overrides },
  )
  const db = openDatabase(':memory:')
  const dropLast: (() => unknown)[] = []
  let driver: Driver
  let query: TestApp['sql']
  if (store === 'postgres') {
    db.$client.close()
    // Dropped after everything that uses it has closed (teardowns run in the order they were registered).
    const url = await freshPostgres({ teardown: (fn) => dropLast.push(fn) })
    driver = postgresDriver(url, { poolMax: 4 })
    // Counts and timestamps (bigint) as numbers, as SQLite returns them.
    const types = { getTypeParser: (oid: number) => (oid === 20 ? Number : pg.types.getTypeParser(oid)) }
    const pool = new pg.Pool({ connectionString: url, max: 1, types })
    pool.on('error', () => undefined)
    dropLast.unshift(() => pool.end())
    query = async (text, ...params) => {
      let n = 0
      return (
        await pool.query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows
    }
  } else {
    await migrateDatabase(db)
    driver = sqliteDriver(':memory:', db)
    query = async <T>(text: string, ...params: unknown[]) => {
      const statement = db.$client.prepare(text)
      if (statement.reader) return statement.all(...params) as T[]
      statement.run(...params)
      return []
    }
  }
  const app = await buildApp({ config, store: createStore(driver, { clock: tick, lockTimeoutMs: config.writeLockTimeoutMs }), clock: tick })
  t.teardown(() => app.close())
  t.teardown(async () => {
    for (const fn of dropLast) await fn()
  })
  const bearer = async (scope: Scope) => ({
    authorization: `Bearer ${(await app.services.keys.create(systemCaller, { name: `test ${scope}`, scope })).secret}`,
  })
  const as = { read: await bearer('read'), write: await bearer('write'), admin: await bearer('admin') }
  return {
    app,
    db,
    sql: query,
    statementsDuring: (request) => (store === 'postgres' ? postgresStatements(request) : sqliteStatements(db, request)),
    as,
    clock,
    call: async ({ as: scope, headers, contract, ...options }) => {
      const res = await app.inject({ ...options, headers: { ...(scope ? as[scope] : {}), ...headers } })
      if (contract !== false) checkResponse(options.method ?? 'GET', pathOf(options.url ?? options.path), res)
      return res
    },
  }
}

type Run = (...args: unknown[]) => unknown
interface Hook {
  target: Record<string, Run>
  methods: string[]
  /** The SQL a call runs. */
  source: (self: unknown, args: unknown[]) => string
}

/** Patches the hooked methods to record what each call ran while `request` runs; restored afterwards. */
async function recording<T>(hooks: Hook[], request: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const executed: string[] = []
  const restore: (() => void)[] = []
  for (const { target, methods, source } of hooks) {
    for (const method of methods) {
      const original = target[method]!
      target[method] = function (this: unknown, ...args: unknown[]) {
        executed.push(source(this, args))
        return original.apply(this, args)
      }
      restore.push(() => (target[method] = original))
    }
  }
  try {
    return { result: await request(), sql: executed }
  } finally {
    restore.forEach((undo) => undo())
  }
}

/** Prepared statements are prepared once and run many times, so executions are counted, on the shared prototype. */
const sqliteStatements = <T>(db: Db, request: () => Promise<T>) =>
  recording(
    [
      {
        target: Object.getPrototypeOf(db.$client.prepare('select 1')) as Record<string, Run>,
        methods: ['all', 'get', 'run', 'iterate'],
        source: (self) => (self as { source: string }).source,
      },
      { target: db.$client as unknown as Record<string, Run>, methods: ['exec'], source: (_self, args) => String(args[0]) },
    ],
    request,
  )

const postgresStatements = <T>(request: () => Promise<T>) =>
  recording(
    [
      {
        target: pg.Client.prototype as unknown as Record<string, Run>,
        methods: ['query'],
        source: (_self, [query]) => (typeof query === 'string' ? query : String((query as { text?: unknown }).text)),
      },
    ],
    request,
  )
