import t from 'tap'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoAuthors } from '../src/seed/demo-content.js'
import { spawnTs } from './child-process.js'

// The real process over real HTTP: start on a free port, seed, serve, and shut down cleanly on SIGTERM.

t.test('the server starts, serves the demo newsroom and exits 0 on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-server-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // The event-loop guard would count start-up compilation as a stall and shed the first requests (503).
  const server = spawnTs('src/server.ts', {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'kabar.db'),
    SEED_DEMO: 'true',
    LOG_LEVEL: 'info',
    MAX_EVENT_LOOP_DELAY_MS: '0',
  })
  const exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  t.teardown(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
  })
  let stderr = ''
  server.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })

  // PORT=0 lets the OS pick a free port; the listening address is in the start-up log line.
  const origin = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    void exited.then(([code]) => reject(new Error(`server exited early with ${code}: ${stderr}`)))
    setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000).unref()
  })

  let health: Response | undefined
  for (let attempt = 0; attempt < 50 && health?.status !== 200; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100))
    health = await fetch(`${origin}/health`).catch(() => undefined)
  }
  t.equal(health?.status, 200, '/health answers')
  t.same(await health?.json(), { status: 'ok' })

  const authors = await fetch(`${origin}/v1/authors?limit=100`)
  t.equal(authors.status, 200)
  t.match(authors.headers.get('cache-control'), /^public/)
  const body = (await authors.json()) as { data: Array<Record<string, unknown>>; page: unknown }
  t.same(
    body.data.map((a) => a.name),
    demoAuthors.map((a) => a.name),
    'the demo authors, in id order',
  )
  t.match(body.data[0], { id: 1, slug: 'anton-suhartono', name: 'Anton Suhartono', bio: demoAuthors[0]!.bio, version: 1 })
  t.notOk(
    body.data.some((a) => 'email' in a),
    'no emails for the public',
  )
  t.same(body.page, { limit: 100, nextCursor: null })

  server.kill('SIGTERM')
  const [code, signal] = await exited
  t.equal(signal, null, 'not killed by the signal')
  t.equal(code, 0, 'exit code 0')
  t.equal(stderr, '', 'nothing on stderr')
})
