/**
 * `WORKERS=2`: a supervisor and two server processes on one port and one SQLite file (src/supervisor.ts). node:cluster
 * hands new connections to the workers in turn, so requests on fresh connections reach both.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runTs } from './child-process.js'
import { createKey, eventually, freePort, send, serverEnv, startServer, tempDir, type ServerProcess } from './fixtures/server-process.js'

/** The pids of the workers the supervisor logged as listening, in order. */
const listeningWorkers = (server: ServerProcess): number[] =>
  server
    .output()
    .split('\n')
    .filter((line) => line.includes('"worker listening"'))
    .map((line) => (JSON.parse(line) as { worker: number }).worker)

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function twoWorkers(t: Test, name: string) {
  const path = join(tempDir(t, name), 'kabar.db')
  const auth = { authorization: `Bearer ${await createKey(path, 'write')}` }
  const server = await startServer(t, path, { WORKERS: '2', LOG_LEVEL: 'info' })
  const both = await eventually(async () => (listeningWorkers(server).length === 2 ? listeningWorkers(server) : undefined), 30_000)
  if (both === null) throw new Error(`two workers did not start:\n${server.output()}`)
  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs?: number) =>
    send(server.port, { method, path: url, body, headers: { ...auth, ...headers }, timeoutMs })
  return { server, workers: both.value, call }
}

const draft = (title: string) => ({ title, body: '<p>Isi.</p>', categoryId: 1, bylines: [{ authorId: 1, role: 'writer' }] })

t.test('two workers answer alike after each write, and SIGTERM stops them all gracefully', async (t) => {
  const { server, workers, call } = await twoWorkers(t, 'workers')
  t.equal(new Set(workers).size, 2, 'two processes')
  t.not(workers[0], server.child.pid, 'neither is the supervisor')

  const created = await call('POST', '/v1/articles', draft('Kabar dari Dua Pekerja'))
  t.equal(created.status, 201)
  const { id } = created.json() as { id: number }
  const publicReads = () => Promise.all(Array.from({ length: 8 }, () => send(server.port, { method: 'GET', path: `/v1/articles/${id}` })))
  t.same(
    (await publicReads()).map((r) => r.status),
    Array(8).fill(404),
    'the draft is hidden on every connection',
  )
  const etag = (await call('GET', `/v1/articles/${id}`)).headers.etag as string
  t.equal((await call('POST', `/v1/articles/${id}/publish`, {}, { 'if-match': etag })).status, 200)
  const seen = await eventually(async () => {
    const replies = await publicReads()
    const etags = new Set(replies.map((r) => r.headers.etag))
    return replies.every((r) => r.status === 200) && etags.size === 1 ? replies[0]!.json() : undefined
  }, 1000)
  t.ok(seen, 'published: every connection answers 200 with one representation within a second')
  t.equal((seen?.value as { status: string } | undefined)?.status, 'published')

  server.child.kill('SIGTERM')
  t.same(await server.exited, { code: 0, signal: null }, 'the supervisor exits 0 once every worker has')
  t.same(workers.filter(alive), [], 'no worker is left running')
  t.match(server.output(), /stopping the workers/)
})

t.test('a worker killed mid-load loses no acknowledged write, and the supervisor replaces it', async (t) => {
  const { server, workers, call } = await twoWorkers(t, 'workers-kill')
  const acknowledged: number[] = []
  const failures: string[] = []
  let killed = false
  const writer = async (n: number) => {
    for (let i = 0; acknowledged.length < 60; i++) {
      const started = Date.now()
      // A connection node:cluster is handing to the worker as it dies is never answered: the client's timeout ends it.
      const reply = await call('POST', '/v1/articles', draft(`Tulisan ${n}-${i}`), {}, 5000).catch((error: NodeJS.ErrnoException) => error)
      if (!(reply instanceof Error) && reply.status === 201) acknowledged.push((reply.json() as { id: number }).id)
      else failures.push(`${reply instanceof Error ? reply.code : reply.status} after ${Date.now() - started} ms`)
      if (!killed && acknowledged.length >= 20) {
        killed = true
        process.kill(workers[0]!, 'SIGKILL')
      }
    }
  }
  await Promise.all([0, 1, 2, 3].map(writer))
  t.ok(killed, 'a worker was killed while the writes went on')
  t.comment(`${acknowledged.length} writes acknowledged; refused or cut while the worker died: ${failures.join(', ') || 'none'}`)

  const replaced = await eventually(async () => listeningWorkers(server).find((pid) => !workers.includes(pid)), 10_000)
  t.ok(replaced, 'a new worker listens')
  t.notOk(alive(workers[0]!), 'the killed one is gone')
  t.ok(alive(workers[1]!), 'the other one served on')
  t.ok(server.running(), 'the supervisor too')

  // Every acknowledged write is in the database, whichever worker answers.
  const missing: number[] = []
  for (const id of acknowledged) if ((await call('GET', `/v1/articles/${id}`)).status !== 200) missing.push(id)
  t.same(missing, [], 'every acknowledged article is there')
})

t.test('workers that cannot start stop the supervisor: exit 1, with their reason', async (t) => {
  const path = join(tempDir(t, 'workers-corrupt'), 'kabar.db')
  writeFileSync(path, 'not a database file, only text pretending to be one'.repeat(100))
  const env = { ...(serverEnv(path) as Record<string, string>), PORT: String(await freePort()), WORKERS: '2' }
  const failed = await runTs('src/server.ts', [], env).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  )
  t.equal(failed.code, 1)
  t.match(failed.stderr, /DATABASE_PATH=.*kabar\.db is not a SQLite database, or it is corrupted/)
})
