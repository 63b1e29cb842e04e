/**
 * Tens of thousands of distinct list URLs from an anonymous client, valid and hostile, against the real server
 * with the heap limits `npm start` uses: the list cache is keyed by the canonical validated query and bounded in
 * bytes including its keys, so the server stays alive, answers, and its memory stays flat.
 */
import http from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { send, startServer, tempDir } from './fixtures/server-process.js'

const heapFlags = ['--max-old-space-size=192', '--max-semi-space-size=4']
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

t.test('20,000 distinct hostile list URLs leave the server alive and its memory bounded', async (t) => {
  const server = await startServer(t, join(tempDir(t, 'flood'), 'kabar.db'), {}, heapFlags)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  t.teardown(() => agent.destroy())
  const base = Date.parse('2026-01-01T00:00:00.000Z')
  const urls = (i: number) => {
    const at = new Date(base + i * 1000).toISOString()
    switch (i % 4) {
      case 0:
        return `/v1/articles?limit=1&publishedAfter=${at}`
      case 1:
        return `/v1/articles?publishedBefore=${at}&sort=publishedAt&limit=2`
      case 2:
        return `/v1/articles?limit=1&publishedAfter=${at}&pad=${'x'.repeat(3000)}`
      default:
        return `/v1/articles?limit=1&category=${'a'.repeat(4200)}${i}`
    }
  }
  const statuses = new Map<number, number>()
  let next = 0
  let rssAfterWarmup = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 20_000) {
        const i = next++
        const res = await send(server.port, { method: 'GET', path: urls(i), agent })
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        if (i === 2000) rssAfterWarmup = rssMb(server.child.pid!)
      }
    }),
  )
  t.ok(server.running(), 'the server is alive')
  t.equal((await send(server.port, { method: 'GET', path: '/health' })).status, 200)
  t.same(
    Object.fromEntries(statuses),
    { 200: 10_000, 400: 5000, 414: 5000 },
    'valid pages answered, padded ones refused (400), over-long ones 414',
  )
  const rss = rssMb(server.child.pid!)
  t.ok(rss < 300, `resident memory ${rss.toFixed(0)} MB (after 2,000 requests: ${rssAfterWarmup.toFixed(0)} MB)`)
})
