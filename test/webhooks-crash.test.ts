/**
 * Webhook delivery through crashes, on real server processes: subscriptions active, a burst of article creates,
 * `kill -9` at a random moment, restart on the same database — several times. Afterwards every committed event
 * reaches every subscription, none is lost, a duplicate only ever repeats an event with its webhook-id, and each
 * subscription sees the events in order.
 */
import http from 'node:http'
import t from 'tap'
import { eventually, send, type ServerProcess } from './fixtures/server-process.js'
import { serverDatabase } from './fixtures/store-under-test.js'
import { startReceiver } from './fixtures/webhook-receiver.js'

const ROUNDS = 3
const WORKERS = 6
const PATHS = ['/first', '/second']

const database = await serverDatabase(t, 'webhooks-crash')
const admin = { authorization: `Bearer ${await database.createKey('admin', 'crash admin')}` }
const receiver = await startReceiver(t)
const env = { WEBHOOK_ALLOW_HOSTS: '127.0.0.1', SEED_DEMO: 'false' }

/** Creates articles from WORKERS clients until `killAfter` are acknowledged, then SIGKILLs the server a few ms later. */
async function burst(server: ServerProcess, round: number, killAfter: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS })
  let acks = 0
  let killed = false
  const kill = () => {
    if (!killed) server.child.kill('SIGKILL')
    killed = true
  }
  const guard = setTimeout(kill, 30_000)
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let i = 0; !killed; i++) {
        const title = `crash ${round}-${worker}-${i}`
        const reply = await send(server.port, { method: 'POST', path: '/v1/articles', agent, headers: admin, body: { title } }).catch(
          () => null,
        )
        if (reply?.status === 201 && ++acks === killAfter) setTimeout(kill, Math.random() * 20)
      }
    }),
  )
  clearTimeout(guard)
  agent.destroy()
  return acks
}

t.test('every committed event reaches every subscription through repeated kill -9, in order, none lost', async (t) => {
  let server = await database.start(env)
  for (const path of PATHS) {
    const reply = await send(server.port, {
      method: 'POST',
      path: '/v1/webhooks',
      headers: admin,
      body: { url: receiver.url(path), resources: ['article'] },
    })
    t.equal(reply.status, 201, `subscribed ${path}`)
    receiver.on(path, { secrets: [reply.json().secret as string] })
  }

  for (let round = 1; round <= ROUNDS; round++) {
    const killAfter = 5 + Math.floor(Math.random() * 40)
    const acks = await burst(server, round, killAfter)
    t.equal((await server.exited).signal, 'SIGKILL', `round ${round}: killed after ${acks} acknowledged creates`)
    server = await database.start(env)
  }

  const committed = (await database.query<{ seq: number }>("select seq from changes where resource = 'article' order by seq")).map(
    (row) => `msg_${row.seq}`,
  )
  t.ok(committed.length > ROUNDS * 5, `${committed.length} article events committed`)
  for (const path of PATHS) {
    const done = await eventually(async () => {
      const ids = new Set(receiver.received(path).map((d) => d.id))
      return committed.every((id) => ids.has(id)) ? true : undefined
    }, 120_000)
    const deliveries = receiver.received(path)
    const ids = new Set(deliveries.map((d) => d.id))
    t.same(
      committed.filter((id) => !ids.has(id)),
      [],
      `${path}: every committed event delivered (${deliveries.length} deliveries of ${committed.length} events)${done ? '' : ' — timed out'}`,
    )
    t.same(
      [...ids].filter((id) => !committed.includes(id)),
      [],
      `${path}: nothing but committed events`,
    )
    t.ok(
      deliveries.every((d) => d.verifiedBy.length === 1),
      `${path}: every delivery verifies`,
    )
    const first = new Map<string, string>()
    const differing = deliveries.filter((d) => {
      const body = JSON.stringify(d.body)
      if (!first.has(d.id)) first.set(d.id, body)
      return first.get(d.id) !== body || d.id !== `msg_${d.body.data.seq}`
    })
    t.same(differing, [], `${path}: ${deliveries.length - first.size} duplicates, each the same event under the same webhook-id`)
    const seqs = deliveries.map((d) => d.body.data.seq)
    t.ok(
      seqs.every((seq, i) => i === 0 || seq >= seqs[i - 1]!),
      `${path}: in seq order (a repeat only of the attempt a crash cut)`,
    )
  }
  server.child.kill('SIGTERM')
  t.same(await server.exited, { code: 0, signal: null }, 'a clean stop with the deliveries done')
})
