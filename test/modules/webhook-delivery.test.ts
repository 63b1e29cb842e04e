import t, { type Test } from 'tap'
import { retrySchedule } from '../../src/jobs/webhook-delivery.js'
import { articleFixtures, hours, iso } from '../article-fixtures.js'
import { build } from '../helper.js'
import { eventually } from '../fixtures/server-process.js'
import { startReceiver, type Delivery } from '../fixtures/webhook-receiver.js'

interface Attempt {
  id: number
  eventSeq: number
  type: string
  attempt: number
  status: string
  responseStatus: number | null
  durationMs: number | null
  nextAttemptAt: string | null
  createdAt: string
}

/** Waits for `probe` to answer something other than undefined (10 s at most: then the test fails with `what`). */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const found = await eventually(async () => probe(), 10_000, 20)
  if (found === null) throw new Error(`Timed out waiting for ${what}`)
  return found.value
}

async function setup(t: Test, webhookAllowHosts = '127.0.0.1') {
  const api = await build(t, { webhookAllowHosts })
  const receiver = await startReceiver(t)
  const fx = articleFixtures(api)
  /** Subscribes `path` of the receiver (as the admin key unless told) and has the delivery job take its lease. */
  async function subscribe(path: string, payload: Record<string, unknown> = {}, headers: Record<string, string> = api.as.admin) {
    const res = await api.call({ method: 'POST', url: '/v1/webhooks', headers, payload: { url: receiver.url(path), ...payload } })
    if (res.statusCode !== 201) throw new Error(`subscribe answered ${res.statusCode}: ${res.body}`)
    const hook = res.json() as { id: number; secret: string }
    receiver.on(path, { secrets: [hook.secret] })
    await api.app.runWebhooks()
    return hook
  }
  const attempts = async (hookId: number): Promise<Attempt[]> =>
    (await api.call({ method: 'GET', url: `/v1/webhooks/${hookId}/deliveries?limit=100`, as: 'admin' })).json().data
  /** Waits until `path` has received `n` deliveries; returns them. */
  const received = (path: string, n: number) =>
    until(`${n} deliveries at ${path}`, () => (receiver.received(path).length >= n ? receiver.received(path) : undefined))
  const summary = (deliveries: Delivery[]) =>
    deliveries.map((d) => `${d.body.type} ${d.body.data.resource}:${d.body.data.id} ${d.body.data.transition}`)
  return { ...api, receiver, fx, subscribe, attempts, received, summary }
}

t.test('deliveries are signed Standard Webhooks, in order, with what the owner key sees', async (t) => {
  const { call, fx, receiver, subscribe, received, summary, as } = await setup(t)
  const nasional = await fx.category('Nasional')
  const ekonomi = await fx.category('Ekonomi')
  const scoped = (
    await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra', scope: 'read', categories: [nasional.id] } })
  ).json()
  await fx.writer()
  await subscribe('/all', { resources: ['article'] })
  await subscribe('/scoped', {}, { authorization: `Bearer ${scoped.secret as string}` })
  await subscribe('/ekonomi', { resources: ['article'], categories: [ekonomi.id] }, as.read)

  const first = await fx.published({ categoryId: nasional.id })
  const second = await fx.published({ categoryId: ekonomi.id, title: 'Rupiah Menguat' })

  const all = await received('/all', 4)
  t.same(summary(all), [
    `article.created article:${first.id} appear`,
    `article.published article:${first.id} update`,
    `article.created article:${second.id} appear`,
    `article.published article:${second.id} update`,
  ])
  t.same(
    summary(await received('/scoped', 1)),
    [`article.published article:${first.id} appear`],
    'a scoped key’s subscription: its categories only',
  )
  t.same(summary(await received('/ekonomi', 1)), [`article.published article:${second.id} appear`], 'the categories filter')
  for (const delivery of [...all, ...receiver.received('/scoped'), ...receiver.received('/ekonomi')]) {
    t.same(delivery.verifiedBy, [0], `${delivery.id} verifies with the subscription’s secret`)
    t.equal(delivery.id, `msg_${delivery.body.data.seq}`)
    t.same(delivery.body, {
      type: `${delivery.body.data.resource}.${delivery.body.data.reason}`,
      timestamp: '2026-07-23T10:00:00.000Z',
      data: {
        seq: delivery.body.data.seq,
        resource: 'article',
        id: delivery.body.data.id,
        version: delivery.body.data.reason === 'created' ? 1 : 2,
        transition: delivery.body.data.transition,
        reason: delivery.body.data.reason,
        occurredAt: '2026-07-23T10:00:00.000Z',
        url: `/v1/articles/${delivery.body.data.id}`,
      },
    })
  }
  const seqs = all.map((d) => d.body.data.seq)
  t.same(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'in seq order',
  )
  t.notOk(
    receiver.received('/scoped').some((d) => d.body.data.id === second.id),
    'nothing of the other category',
  )
})

t.test('during a rotation both secrets sign; after 24 hours only the new one', async (t) => {
  const { call, fx, receiver, subscribe, received, clock } = await setup(t)
  const hook = await subscribe('/hook', { resources: ['article'] })
  await fx.draft()
  t.same((await received('/hook', 1))[0]!.verifiedBy, [0])
  const { secret } = (await call({ method: 'POST', url: `/v1/webhooks/${hook.id}/rotate-secret`, as: 'admin' })).json()
  receiver.on('/hook', { secrets: [hook.secret, secret] })
  await fx.draft()
  t.same((await received('/hook', 2))[1]!.verifiedBy, [0, 1], 'the old and the new secret both verify')
  clock.now += hours(24) + 1000
  await fx.draft()
  t.same((await received('/hook', 3))[2]!.verifiedBy, [1], 'only the new one after 24 hours')
})

t.test(
  'a failing endpoint is retried on the schedule, then the event fails and the next one goes; 5 days of failures disable',
  async (t) => {
    const { call, fx, receiver, subscribe, received, attempts, clock, app } = await setup(t)
    receiver.on('/down', { answer: 500 })
    const hook = await subscribe('/down', { resources: ['article'] })
    await fx.draft()
    for (let n = 1; n <= retrySchedule.length; n++) {
      const log = await until(`attempt ${n}`, async () => {
        const rows = await attempts(hook.id)
        return rows.length >= n ? rows : undefined
      })
      const latest = log[0]!
      t.match(latest, { attempt: n, responseStatus: 500, createdAt: iso(clock.now) }, `attempt ${n} at ${iso(clock.now)}`)
      if (n === retrySchedule.length) {
        t.match(latest, { status: 'failed', nextAttemptAt: null }, 'the last attempt fails the event')
        break
      }
      t.equal(latest.status, 'pending')
      const delay = Date.parse(latest.nextAttemptAt!) - clock.now
      const planned = retrySchedule[n]!
      t.ok(delay >= planned * 0.9 && delay <= planned * 1.1, `attempt ${n + 1} planned ${delay} ms later (${planned} ±10 %)`)
      clock.now += delay - 1
      await app.runWebhooks()
      t.equal((await attempts(hook.id)).length, n, 'not before its time')
      clock.now += 1
      await app.runWebhooks()
    }
    const deliveries = await received('/down', retrySchedule.length)
    t.ok(
      deliveries.every((d) => d.id === deliveries[0]!.id && d.verifiedBy.length === 1),
      'every retry carries the same webhook-id and a valid signature',
    )

    receiver.on('/down', { answer: 204 })
    const next = await fx.draft()
    const later = await received('/down', retrySchedule.length + 1)
    t.equal(later.at(-1)!.body.data.id, next.id, 'the next event is delivered after the failed one')

    receiver.on('/down', { answer: 503 })
    await fx.draft()
    await received('/down', retrySchedule.length + 2)
    clock.now += hours(5 * 24)
    await app.runWebhooks()
    const disabled = await until('the subscription disabled', async () => {
      const body = (await call({ method: 'GET', url: `/v1/webhooks/${hook.id}`, as: 'admin' })).json()
      return body.enabled ? undefined : body
    })
    t.match(disabled, { enabled: false, disabledReason: 'Every delivery failed for 5 days' })
  },
)

t.test('410 Gone disables the subscription; enabling it again resumes at the same event', async (t) => {
  const { call, fx, receiver, subscribe, received, attempts } = await setup(t)
  receiver.on('/gone', { answer: 410 })
  const hook = await subscribe('/gone', { resources: ['article'] })
  await fx.draft()
  const disabled = await until('disabled', async () => {
    const res = await call({ method: 'GET', url: `/v1/webhooks/${hook.id}`, as: 'admin' })
    return res.json().enabled ? undefined : res
  })
  t.match(disabled.json(), { enabled: false, disabledReason: 'The endpoint answered 410 Gone', version: 2 })
  t.match(await attempts(hook.id), [{ attempt: 1, status: 'failed', responseStatus: 410, nextAttemptAt: null }])
  const [gone] = await received('/gone', 1)

  receiver.on('/gone', { answer: 204 })
  const enabled = await call({
    method: 'PATCH',
    url: `/v1/webhooks/${hook.id}`,
    as: 'admin',
    headers: { 'if-match': disabled.headers.etag as string },
    payload: { enabled: true },
  })
  t.match(enabled.json(), { enabled: true, disabledReason: null })
  const [, again] = await received('/gone', 2)
  t.equal(again!.id, gone!.id, 'the event it stopped at, with the same webhook-id')
})

t.test('a revoked owner key stops its subscription', async (t) => {
  const { call, fx, subscribe } = await setup(t)
  const key = (await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra', scope: 'read' } })).json()
  const hook = await subscribe('/partner', {}, { authorization: `Bearer ${key.secret as string}` })
  t.equal((await call({ method: 'DELETE', url: `/v1/keys/${key.id as number}`, as: 'admin' })).statusCode, 204)
  await fx.published()
  const body = await until('disabled', async () => {
    const got = (await call({ method: 'GET', url: `/v1/webhooks/${hook.id}`, as: 'admin' })).json()
    return got.enabled ? undefined : got
  })
  t.match(body, { enabled: false, disabledReason: 'The API key that owns this subscription was revoked or has expired' })
})

t.test('a hanging endpoint does not delay another subscription', async (t) => {
  const { fx, receiver, subscribe, received, attempts } = await setup(t)
  receiver.on('/dead', { answer: 'hang' })
  const dead = await subscribe('/dead', { resources: ['article'] })
  await subscribe('/alive', { resources: ['article'] })
  await fx.draft()
  await received('/dead', 1)
  await fx.draft()
  const alive = await received('/alive', 2)
  t.equal(alive.length, 2, 'both events reached the live endpoint')
  t.same(await attempts(dead.id), [], 'while the first attempt at the dead one is still in flight')
  t.equal(receiver.received('/dead').length, 1, 'the dead one has its first event only')
})

t.test('redeliver sends a logged event again, also after the change log is compacted; recover replays since a time', async (t) => {
  const { call, fx, subscribe, received, attempts, summary, sql, clock } = await setup(t)
  const hook = await subscribe('/hook', { resources: ['article'] })
  const since = iso(clock.now)
  const first = await fx.draft()
  clock.now += 60_000
  const second = await fx.draft()
  const [one, two] = await received('/hook', 2)
  const log = await until('two attempts logged', async () => {
    const rows = await attempts(hook.id)
    return rows.length === 2 ? rows : undefined
  })
  t.match(log, [
    { eventSeq: two!.body.data.seq, type: 'article.created', attempt: 1, status: 'delivered', responseStatus: 204, nextAttemptAt: null },
    { eventSeq: one!.body.data.seq, type: 'article.created', attempt: 1, status: 'delivered', responseStatus: 204, nextAttemptAt: null },
  ])

  await sql('delete from changes')
  const redeliver = await call({ method: 'POST', url: `/v1/webhooks/${hook.id}/deliveries/${log[1]!.id}/redeliver`, as: 'admin' })
  t.equal(redeliver.statusCode, 202)
  const [, , resent] = await received('/hook', 3)
  t.same(resent, { ...one!, timestamp: resent!.timestamp }, 'the same event, the same webhook-id, signed anew')
  const relogged = await until('the redelivery logged', async () => {
    const rows = await attempts(hook.id)
    return rows.length === 3 ? rows : undefined
  })
  t.match(relogged[0], { eventSeq: one!.body.data.seq, attempt: 2, status: 'delivered' })

  // The log again: two new events; recovering since the start replays the retained ones in order.
  await fx.patch(first.id, { title: 'Judul Baru' })
  await fx.patch(second.id, { title: 'Judul Lain' })
  await received('/hook', 5)
  const recover = await call({ method: 'POST', url: `/v1/webhooks/${hook.id}/recover`, as: 'admin', payload: { since } })
  t.equal(recover.statusCode, 202)
  const all = await received('/hook', 7)
  t.same(summary(all.slice(3)), [
    `article.updated article:${first.id} update`,
    `article.updated article:${second.id} update`,
    `article.updated article:${first.id} update`,
    `article.updated article:${second.id} update`,
  ])
  t.same(
    all.slice(5).map((d) => d.id),
    all.slice(3, 5).map((d) => d.id),
    'replayed with their webhook-ids',
  )
})

t.test('a destination is checked again at delivery; redirects are not followed', async (t) => {
  const { fx, receiver, subscribe, received, attempts, sql } = await setup(t)
  const hook = await subscribe('/hook', { resources: ['article'] })
  // The subscription's name now resolves to a loopback address it may not reach (as after a DNS change).
  const port = new URL(receiver.url('/')).port
  await sql('update webhooks set url = ? where id = ?', `https://localhost:${port}/hook`, hook.id)
  const connections = receiver.connections()
  await fx.draft()
  const [refused] = await until('a refused attempt', async () => {
    const rows = await attempts(hook.id)
    return rows.length > 0 ? rows : undefined
  })
  t.match(refused, { status: 'pending', responseStatus: null, attempt: 1 })
  t.equal(receiver.connections(), connections, 'no connection was made')

  const moved = await subscribe('/moved', { resources: ['article'] })
  receiver.on('/moved', { answer: { redirect: receiver.url('/target') } })
  await fx.draft()
  await received('/moved', 1)
  const [redirected] = await until('the redirected attempt', async () => {
    const rows = await attempts(moved.id)
    return rows.length > 0 ? rows : undefined
  })
  t.match(redirected, { status: 'pending', responseStatus: 302 })
  t.same(receiver.received('/target'), [], 'the redirect was not followed')
})

t.test('an allowed name is resolved and its checked address connected to; a long answer is cut short', async (t) => {
  const { call, fx, receiver, received, attempts, app } = await setup(t, '127.0.0.1,localhost')
  const url = receiver.url('/named').replace('127.0.0.1', 'localhost')
  const hook = (await call({ method: 'POST', url: '/v1/webhooks', as: 'admin', payload: { url, resources: ['article'] } })).json()
  receiver.on('/named', { secrets: [hook.secret as string], answer: { bytes: 1024 * 1024 } })
  await app.runWebhooks()
  await fx.draft()
  t.same((await received('/named', 1))[0]!.verifiedBy, [0])
  const [delivered] = await until('the attempt logged', async () => {
    const rows = await attempts(hook.id as number)
    return rows.length > 0 ? rows : undefined
  })
  t.match(delivered, { status: 'delivered', responseStatus: 200 })
})
