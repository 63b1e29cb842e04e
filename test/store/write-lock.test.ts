/**
 * Another process holding SQLite's write lock (`BEGIN IMMEDIATE`): writes wait for it without blocking the server
 * (reads go on), answer 503 with Retry-After once they have waited WRITE_LOCK_TIMEOUT_MS, and succeed when the
 * lock is gone. A shorter hold only delays them.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import t from 'tap'
import { childEnv } from '../child-process.js'
import { createKey, repoRoot, send, startServer, tempDir } from '../fixtures/server-process.js'

/** A separate process that takes the write lock on the file, says `locked`, and releases it after `holdMs`. */
async function holdLock(path: string, holdMs: number) {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(path)}); db.exec('BEGIN IMMEDIATE'); console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); console.log('released') }, ${holdMs})`
  const child = spawn(process.execPath, ['-e', script], { cwd: repoRoot, env: childEnv({}), stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  const said = (word: string) =>
    new Promise<void>((done) => {
      const check = () => {
        if (output.includes(word)) done()
      }
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        check()
      })
      check()
    })
  await said('locked')
  return { released: Promise.all([said('released'), once(child, 'exit')]) }
}

t.test('a write lock held past the timeout answers 503 with Retry-After, then writes succeed', async (t) => {
  const path = join(tempDir(t, 'lock'), 'kabar.db')
  const auth = { authorization: `Bearer ${await createKey(path, 'write')}` }
  const server = await startServer(t, path, { WRITE_LOCK_TIMEOUT_MS: '300', SEED_DEMO: 'false' })
  const createTag = (name: string) => send(server.port, { method: 'POST', path: '/v1/tags', headers: auth, body: { name } })

  const long = await holdLock(path, 2000)
  const refused = await createTag('Saat Terkunci')
  t.equal(refused.status, 503)
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(refused.json(), { status: 503, code: 'unavailable' })
  t.match(refused.headers['retry-after'], /^\d+$/, 'with Retry-After')
  t.equal((await send(server.port, { method: 'GET', path: '/v1/tags', headers: auth })).status, 200, 'reads go on during the hold')
  await long.released
  t.equal((await createTag('Setelah Dilepas')).status, 201, 'the write succeeds once the lock is gone')

  const short = await holdLock(path, 100)
  const delayed = await createTag('Sedikit Tertunda')
  t.equal(delayed.status, 201, 'a hold shorter than the timeout only delays the write')
  await short.released
  const names = (await send(server.port, { method: 'GET', path: '/v1/tags', headers: auth })).json() as { data: { name: string }[] }
  t.same(
    names.data.map((tag) => tag.name),
    ['Setelah Dilepas', 'Sedikit Tertunda'],
    'the refused write left nothing behind',
  )
})
