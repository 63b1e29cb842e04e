/**
 * The leases of the once-only work (the jobs, the webhook deliveries) across processes sharing one database: a
 * process that stops gives its leases up, so the next one takes them at once instead of waiting for them to expire.
 * Two apps on one database, on either store; the clock never moves, so no lease expires meanwhile.
 */
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { systemCaller } from '../../src/domain/access.js'
import { openStore, type StoreLocation } from '../../src/store/index.js'
import { tempDir } from '../fixtures/server-process.js'
import { freshPostgres, onSqlite } from '../helper.js'

t.test('a process that stops hands its leases on at once', async (t) => {
  const location: StoreLocation = onSqlite
    ? { databasePath: join(tempDir(t, 'leases'), 'kabar.db') }
    : { databasePath: '', databaseUrl: await freshPostgres(t) }
  const now = Date.parse('2026-07-23T10:00:00.000Z')
  const clock = () => now
  const config = loadConfig(
    {},
    { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 0, jobsIntervalMs: 0, webhookAllowHosts: '127.0.0.1' },
  )
  const appOn = async () => buildApp({ config, store: await openStore(location, { clock, lockTimeoutMs: 2000 }), clock })
  const first = await appOn()
  const second = await appOn()
  /** Whether a third holder could take the lease `name` now: what the next process to ask would be told. */
  const free = async (name: string) => {
    const op = { kind: 'acquireLease' as const, name, holder: `probe ${name}`, ttlMs: 1 }
    const taken = await second.store.writeOne(op)
    if (taken) {
      const release = { kind: 'releaseLease' as const, name, holder: op.holder }
      t.ok(await second.store.writeOne(release), `the probe gives ${name} back`)
    }
    return taken
  }
  try {
    const { secret } = await first.services.keys.create(systemCaller, { name: 'ops', scope: 'admin' })
    const subscribed = await first.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${secret}` },
      payload: { url: 'http://127.0.0.1:9/kabar' },
    })
    t.equal(subscribed.statusCode, 201, 'a subscription, so that deliveries have work')
    await first.runJobs()
    await first.runWebhooks()
    t.same([await free('jobs'), await free('webhooks')], [false, false], 'the first process holds both leases')

    const release = { kind: 'releaseLease' as const, name: 'jobs', holder: 'not the holder' }
    t.notOk(await second.store.writeOne(release), 'only the holder can give a lease up')
    t.notOk(await free('jobs'), 'and the lease is still held')

    await first.close()
    t.same([await free('jobs'), await free('webhooks')], [true, true], 'once it has stopped, both are free at the same instant')
  } finally {
    await second.close()
  }
})
