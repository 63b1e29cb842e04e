import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { systemCaller, type Scope } from '../src/domain/access.js'
import type { Clock } from '../src/lib/clock.js'
import { openDatabase, type Db } from '../src/store/connect.js'
import { createStore } from '../src/store/index.js'
import { migrateDatabase } from '../src/store/migrate.js'
import { checkResponse } from './conformance/contract.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface TestApp {
  app: FastifyInstance
  /** The app's database, for tests that look under the storage layer (statement counts, integrity checks). */
  db: Db
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
 * A fresh app on its own in-memory database, closed when the test ends. The change-log poll and the background
 * jobs are off (one process: its own commits apply at once); tests of those turn them on.
 */
export async function build(t: Teardown, overrides: Partial<Config> = {}): Promise<TestApp> {
  const clock = { now: Date.parse('2026-07-23T10:00:00.000Z') }
  const tick: Clock = () => clock.now
  const config = loadConfig(
    {},
    { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 0, jobsIntervalMs: 0, ...overrides },
  )
  const db = openDatabase(':memory:')
  await migrateDatabase(db)
  const app = await buildApp({ config, store: createStore(db, { clock: tick, lockTimeoutMs: config.writeLockTimeoutMs }), clock: tick })
  t.teardown(() => app.close())
  const bearer = async (scope: Scope) => ({
    authorization: `Bearer ${(await app.services.keys.create(systemCaller, { name: `test ${scope}`, scope })).secret}`,
  })
  const as = { read: await bearer('read'), write: await bearer('write'), admin: await bearer('admin') }
  return {
    app,
    db,
    as,
    clock,
    call: async ({ as: scope, headers, contract, ...options }) => {
      const res = await app.inject({ ...options, headers: { ...(scope ? as[scope] : {}), ...headers } })
      if (contract !== false) checkResponse(options.method ?? 'GET', pathOf(options.url ?? options.path), res)
      return res
    },
  }
}
