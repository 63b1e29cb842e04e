import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase } from '../src/db/connect.js'
import type { Clock } from '../src/lib/clock.js'
import { createKeysRepository } from '../src/modules/keys/repository.js'
import { createKeysService, type Scope } from '../src/modules/keys/service.js'
import { checkResponse } from './conformance/contract.js'

interface Teardown { teardown(fn: () => unknown): void }

export interface TestApp {
  app: FastifyInstance
  /** Bearer headers for a fresh key of each scope. */
  as: Record<Scope, { authorization: string }>
  /** A settable clock: `clock.now` is what the app sees as the current time. */
  clock: { now: number }
  /**
   * `app.inject` with an optional key scope. Every response is checked against the committed
   * openapi/openapi.json (see test/conformance/contract.ts): a non-conforming one rejects with a
   * `ContractViolation`. `contract: false` skips that, only for routes a test adds to the app itself.
   */
  call(options: InjectOptions & { as?: Scope, contract?: false }): Promise<LightMyRequestResponse>
}

type InjectUrl = InjectOptions['url']

const pathOf = (url: InjectUrl): string => (typeof url === 'object' ? url.pathname : url ?? '/')

/** A fresh app on its own in-memory database, closed when the test ends. */
export async function build(t: Teardown, overrides: Partial<Config> = {}): Promise<TestApp> {
  const clock = { now: Date.parse('2026-07-23T10:00:00.000Z') }
  const tick: Clock = () => clock.now
  const config = loadConfig({}, { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, ...overrides })
  const app = await buildApp({ config, db: openDatabase(':memory:'), clock: tick })
  t.teardown(() => app.close())
  const keys = createKeysService(createKeysRepository(app.db), tick)
  const bearer = (scope: Scope) => ({ authorization: `Bearer ${keys.create({ name: `test ${scope}`, scope }).secret}` })
  const as = { read: bearer('read'), write: bearer('write'), admin: bearer('admin') }
  return {
    app,
    as,
    clock,
    call: async ({ as: scope, headers, contract, ...options }) => {
      const res = await app.inject({ ...options, headers: { ...(scope ? as[scope] : {}), ...headers } })
      if (contract !== false) checkResponse(options.method ?? 'GET', pathOf(options.url ?? options.path), res)
      return res
    },
  }
}
