import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase } from '../src/db/connect.js'
import type { Clock } from '../src/lib/clock.js'
import { createKeysRepository } from '../src/modules/keys/repository.js'
import { createKeysService, type Scope } from '../src/modules/keys/service.js'

interface Teardown { teardown(fn: () => unknown): void }

export interface TestApp {
  app: FastifyInstance
  /** Bearer headers for a fresh key of each scope. */
  as: Record<Scope, { authorization: string }>
  /** A settable clock: `clock.now` is what the app sees as the current time. */
  clock: { now: number }
  call(options: InjectOptions & { as?: Scope }): Promise<LightMyRequestResponse>
}

/** A fresh app on its own in-memory database, closed when the test ends. */
export async function build(t: Teardown, overrides: Partial<Config> = {}): Promise<TestApp> {
  const clock = { now: Date.parse('2026-07-23T10:00:00.000Z') }
  const tick: Clock = () => clock.now
  const config = loadConfig({}, { logLevel: 'silent', seedDemo: false, ...overrides })
  const app = await buildApp({ config, db: openDatabase(':memory:'), clock: tick })
  t.teardown(() => app.close())
  const keys = createKeysService(createKeysRepository(app.db), tick)
  const bearer = (scope: Scope) => ({ authorization: `Bearer ${keys.create({ name: `test ${scope}`, scope }).secret}` })
  const as = { read: bearer('read'), write: bearer('write'), admin: bearer('admin') }
  return {
    app,
    as,
    clock,
    call: ({ as: scope, headers, ...options }) =>
      app.inject({ ...options, headers: { ...(scope ? as[scope] : {}), ...headers } }),
  }
}
