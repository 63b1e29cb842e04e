/**
 * Crash safety on the real process: a burst of concurrent creates over HTTP, `kill -9` at a random moment,
 * restart on the same file. Nothing acknowledged may be lost or changed, the file stays consistent, and an
 * acknowledged Idempotency-Key replays the original resource instead of creating a second one.
 */
import http from 'node:http'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { createKey, send, sizeOf, startServer, tempDir, type Reply, type ServerProcess } from './fixtures/server-process.js'

interface Resource {
  path: string
  table: string
  /** The column holding the unique label each create carries. */
  labelColumn: string
  body(label: string): Record<string, unknown>
}

const RESOURCES: Record<'tags' | 'articles', Resource> = {
  tags: { path: '/v1/tags', table: 'tags', labelColumn: 'name', body: (label) => ({ name: label }) },
  articles: {
    path: '/v1/articles',
    table: 'articles',
    labelColumn: 'title',
    body: (label) => ({ title: label, body: `<p>${label}: MINSK, iNews.id – isi berita yang lengkap.</p>` }),
  },
}
/** The resource the burst creates. */
const RESOURCE = RESOURCES.articles

const ROUNDS = 3
const WORKERS = 12
const LABEL = 'crash'

interface Attempt {
  label: string
  idempotencyKey?: string
  body: Record<string, unknown>
  reply?: Reply
  error?: string
}

interface Acknowledged {
  attempt: Attempt
  id: number
  location: string
  etag: string
  body: unknown
}

const dir = tempDir(t, 'crash')
const databasePath = join(dir, 'kabar.db')
const secret = await createKey(databasePath, 'write', 'crash')
const auth = { authorization: `Bearer ${secret}` }
const acknowledged: Acknowledged[] = []

function create(server: ServerProcess, agent: http.Agent, attempt: Attempt): Promise<Reply> {
  return send(server.port, {
    method: 'POST',
    path: RESOURCE.path,
    agent,
    body: attempt.body,
    headers: { ...auth, ...(attempt.idempotencyKey ? { 'idempotency-key': attempt.idempotencyKey } : {}) },
  })
}

/** A side connection to the file while (or after) the server runs; reads only. */
function inspect<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(databasePath)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

const countLabel = (label: string) =>
  inspect(
    (db) => (db.prepare(`select count(*) as n from "${RESOURCE.table}" where "${RESOURCE.labelColumn}" = ?`).get(label) as { n: number }).n,
  )

/**
 * Creates from WORKERS concurrent keep-alive clients until `killAfter` creates have been acknowledged, then
 * SIGKILLs the server with requests still in flight. Returns every attempt; a 201 is an acknowledgement.
 */
async function burst(server: ServerProcess, round: number, killAfter: number): Promise<{ attempts: Attempt[]; acks: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS })
  const attempts: Attempt[] = []
  let acks = 0
  let killed = false
  const kill = () => {
    if (killed) return
    killed = true
    server.child.kill('SIGKILL')
  }
  const guard = setTimeout(kill, 30_000)
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let i = 0; !killed; i++) {
        const label = `${LABEL} ${round}-${worker}-${i}`
        const attempt: Attempt = {
          label,
          body: RESOURCE.body(label),
          ...(i % 2 === 0 ? { idempotencyKey: `${LABEL}-${round}-${worker}-${i}` } : {}),
        }
        attempts.push(attempt)
        try {
          attempt.reply = await create(server, agent, attempt)
        } catch (error) {
          attempt.error = (error as NodeJS.ErrnoException).code ?? String(error)
          if (!killed) t.fail(`request failed before the kill: ${attempt.error}`)
          return
        }
        // The kill lands a random few milliseconds after the threshold, with the other workers' requests in flight.
        if (attempt.reply.status === 201 && ++acks === killAfter) setTimeout(kill, Math.random() * 15)
        if (attempt.reply.status !== 201) {
          t.fail(`create answered ${attempt.reply.status} before the kill: ${attempt.reply.text}`)
          return
        }
      }
    }),
  )
  clearTimeout(guard)
  agent.destroy()
  return { attempts, acks }
}

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

/** Over HTTP: each acknowledged create is present and unchanged, and its Idempotency-Key replays it. */
async function verifyAcknowledged(tt: Test, server: ServerProcess, acks: Acknowledged[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  let unchanged = 0
  let replayed = 0
  await inParallel(acks, 8, async (ack) => {
    const got = await send(server.port, { method: 'GET', path: ack.location, headers: auth, agent })
    if (got.status === 200 && isDeepStrictEqual(got.json(), ack.body) && got.headers.etag === ack.etag) unchanged++
    else tt.fail(`acknowledged ${ack.location} (${ack.attempt.label}) is now ${got.status} ${got.text}`, { acknowledged: ack.body })
    if (!ack.attempt.idempotencyKey) return
    const again = await create(server, agent, ack.attempt)
    const same =
      again.status === 201 &&
      again.headers['idempotent-replayed'] === 'true' &&
      again.headers.location === ack.location &&
      again.headers.etag === ack.etag &&
      isDeepStrictEqual(again.json(), ack.body)
    if (same) replayed++
    else tt.fail(`retrying ${ack.attempt.idempotencyKey} answered ${again.status} ${again.text}`)
  })
  agent.destroy()
  tt.equal(
    unchanged,
    acks.length,
    `all ${acks.length} acknowledged creates of the round are present, whole and unchanged (GET = 201 body and ETag)`,
  )
  tt.equal(
    replayed,
    acks.filter((a) => a.attempt.idempotencyKey).length,
    `all ${replayed} of their Idempotency-Keys replay the original (same id, 201, same body)`,
  )
}

/** In the file: every create acknowledged in any round so far is still there, at the acknowledged version. */
function verifyStored(tt: Test): void {
  const missing = inspect((db) => {
    const row = db.prepare(
      `select "${RESOURCE.labelColumn}" as label, version, updated_at as updatedAt from "${RESOURCE.table}" where id = ?`,
    )
    return acknowledged.filter((ack) => {
      const found = row.get(ack.id) as { label: string; version: number; updatedAt: number } | undefined
      const body = ack.body as { version: number; updatedAt: string }
      return (
        !found ||
        found.label !== ack.attempt.label ||
        found.version !== body.version ||
        new Date(found.updatedAt).toISOString() !== body.updatedAt
      )
    })
  })
  tt.same(
    missing.map((m) => m.location),
    [],
    `all ${acknowledged.length} creates acknowledged so far are stored, unchanged`,
  )
}

function verifyFile(tt: Test): void {
  inspect((db) => {
    tt.same(db.pragma('integrity_check'), [{ integrity_check: 'ok' }], 'integrity_check is ok')
    tt.same(db.pragma('foreign_key_check'), [], 'foreign_key_check is empty')
    const duplicated = db
      .prepare(
        `select "${RESOURCE.labelColumn}" as label, count(*) as n from "${RESOURCE.table}" where "${RESOURCE.labelColumn}" like ? group by 1 having n > 1`,
      )
      .all(`${LABEL} %`)
    tt.same(duplicated, [], 'no create landed twice')
    // The change log commits with the writes: one event per stored article, none for work the kill cut off.
    const events = db
      .prepare(
        `select resource_id as id, count(*) as n from changes where resource = 'article' and reason = 'created' group by resource_id order by resource_id`,
      )
      .all() as { id: number; n: number }[]
    const stored = (db.prepare('select id from articles order by id').all() as { id: number }[]).map((row) => row.id)
    tt.same(
      events.map((e) => e.id),
      stored,
      `a created event for each of the ${stored.length} stored articles, and for no other`,
    )
    tt.ok(
      events.every((e) => e.n === 1),
      'exactly one each',
    )
  })
}

let server = await startServer(t, databasePath)
for (let round = 1; round <= ROUNDS; round++) {
  // Kill moments spread over the rounds: early, middle and late in a burst (in acknowledged creates).
  const killAfter = 5 + (round - 1) * 40 + Math.floor(Math.random() * 40)
  await t.test(`round ${round}: kill -9 a few ms after acknowledged create #${killAfter}, restart, nothing lost`, async (tt) => {
    const { attempts, acks } = await burst(server, round, killAfter)
    const exit = await server.exited
    tt.equal(exit.signal, 'SIGKILL', 'the server died by SIGKILL, in the burst')

    for (const attempt of attempts) {
      if (attempt.reply?.status !== 201) continue
      const body = attempt.reply.json() as { id: number }
      acknowledged.push({ attempt, id: body.id, location: attempt.reply.headers.location!, etag: String(attempt.reply.headers.etag), body })
    }
    const unanswered = attempts.filter((a) => a.reply === undefined)
    tt.ok(acks >= killAfter, `${acks} creates acknowledged before the kill`)

    server = await startServer(t, databasePath)
    verifyFile(tt)
    verifyStored(tt)
    await verifyAcknowledged(
      tt,
      server,
      acknowledged.filter((a) => a.attempt.label.startsWith(`${LABEL} ${round}-`)),
    )

    // Requests cut by the kill: the write either committed or not, never half, never twice.
    // With an Idempotency-Key the client's retry settles it: exactly one resource afterwards.
    let committedUnanswered = 0
    let settled = 0
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
    for (const attempt of unanswered) {
      const before = countLabel(attempt.label)
      if (before > 1) tt.fail(`${attempt.label} committed ${before} times`)
      committedUnanswered += before
      if (!attempt.idempotencyKey) continue
      const retry = await create(server, agent, attempt)
      const replayed = retry.headers['idempotent-replayed'] === 'true'
      if (retry.status === 201 && replayed === (before === 1) && countLabel(attempt.label) === 1) settled++
      else
        tt.fail(
          `retrying the cut ${attempt.idempotencyKey} (committed: ${before}) answered ${retry.status}, replayed: ${replayed}, rows: ${countLabel(attempt.label)}`,
        )
    }
    tt.equal(
      settled,
      unanswered.filter((a) => a.idempotencyKey).length,
      `all ${settled} cut requests with an Idempotency-Key settle on retry to exactly one resource (replayed iff it had committed)`,
    )
    agent.destroy()
    const rows = inspect(
      (db) =>
        (
          db.prepare(`select count(*) as n from "${RESOURCE.table}" where "${RESOURCE.labelColumn}" like ?`).get(`${LABEL} ${round}-%`) as {
            n: number
          }
        ).n,
    )
    tt.comment(
      `round ${round}: ${attempts.length} creates sent, ${acks} acknowledged, ${unanswered.length} cut by the kill ` +
        `(${committedUnanswered} of them had committed), ${rows} rows of this round after restart and retries`,
    )
  })
}

t.test('a clean stop after the crashes leaves a checkpointed, consistent file', async (tt) => {
  server.child.kill('SIGTERM')
  const exit = await server.exited
  tt.same(exit, { code: 0, signal: null }, 'exit 0 on SIGTERM')
  const wal = await sizeOf(`${databasePath}-wal`)
  tt.ok(wal === null || wal === 0, `the WAL is checkpointed (size ${wal ?? 'absent'})`)
  verifyFile(tt)
  verifyStored(tt)
  const stored = inspect(
    (db) =>
      (
        db.prepare(`select count(*) as n from "${RESOURCE.table}" where "${RESOURCE.labelColumn}" like ?`).get(`${LABEL} %`) as {
          n: number
        }
      ).n,
  )
  tt.ok(stored >= acknowledged.length, `${stored} rows stored for ${acknowledged.length} acknowledged creates`)
})
