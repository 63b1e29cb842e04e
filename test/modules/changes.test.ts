import { createHash } from 'node:crypto'
import { get, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { articleFixtures, hours, T0 } from '../article-fixtures.js'
import { build, type TestApp } from '../helper.js'

// The change feed: per-caller transitions computed from the change log, tombstones, cursors that resume, 304 on an
// empty page, long polling, the Server-Sent Events stream and the checksum.

interface Event {
  seq: number
  resource: string
  id: number
  version: number
  transition: string
  reason: string
  occurredAt: string
  url: string
}
interface FeedPage {
  data: Event[]
  page: { limit: number; nextCursor: string }
}
type Caller = 'read' | 'write' | { authorization: string } | undefined

async function feed(api: TestApp, after: string | number = 0, as?: Caller, query = ''): Promise<FeedPage> {
  const res = await api.call({
    method: 'GET',
    url: `/v1/changes?after=${after}${query}`,
    ...(typeof as === 'object' ? { headers: as } : { as }),
  })
  if (res.statusCode !== 200) throw new Error(`GET /v1/changes answered ${res.statusCode}: ${res.body}`)
  return res.json()
}
const brief = (events: Event[]) => events.map((e) => [e.resource, e.id, e.transition, e.reason])

t.test('each kind of change is the transition the caller sees, hidden edits are absent, write keys see all', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  await fx.writer()
  const start = (await feed(api)).page.nextCursor
  const draft = await fx.draft({ tags: ['Pemilu'] })
  await fx.patch(draft.id, { title: 'Masih Draf' })
  await fx.publish(draft.id)
  await fx.patch(draft.id, { title: 'Terbit dan Diubah' })
  await fx.patch(draft.id, { slug: 'slug-baru' })
  const tag = (await api.call({ method: 'GET', url: '/v1/tags/slug/pemilu' })).json() as { id: number }
  await fx.rename('tags', tag.id, { name: 'Pemilu 2029' })
  await fx.act(draft.id, 'unpublish')
  await fx.patch(draft.id, { title: 'Kembali Draf' })
  const scheduled = await fx.published({ title: 'Terjadwal' }, T0 + hours(1))
  const archived = await fx.published({ title: 'Diarsip' })
  await fx.act(archived.id, 'archive')
  const gone = await fx.published({ title: 'Dihapus' })
  await fx.expect({ method: 'DELETE', url: `/v1/articles/${gone.id}`, as: 'write', headers: { 'if-match': await fx.etag(gone.id) } }, 204)
  api.clock.now = T0 + hours(2)
  await api.app.runJobs()

  const expected = [
    ['article', draft.id, 'appear', 'published'],
    ['tag', tag.id, 'appear', 'published'],
    ['article', draft.id, 'update', 'updated'],
    ['article', draft.id, 'update', 'slug_changed'],
    ['tag', tag.id, 'update', 'renamed'],
    ['article', draft.id, 'update', 'updated'],
    ['article', draft.id, 'disappear', 'unpublished'],
    ['tag', tag.id, 'disappear', 'unpublished'],
    ['article', archived.id, 'appear', 'published'],
    ['article', archived.id, 'disappear', 'archived'],
    ['article', gone.id, 'appear', 'published'],
    ['article', gone.id, 'disappear', 'deleted'],
    ['article', scheduled.id, 'appear', 'scheduled_reached'],
  ]
  const anonymous = (await feed(api, start)).data
  t.same(brief(anonymous), expected, 'anonymous callers: appear, update, disappear; nothing of the drafts')
  t.same(brief((await feed(api, start, 'read')).data), expected, 'a read key sees the same')
  t.notOk(
    anonymous.some((e) => e.id === draft.id && e.resource === 'article' && e.version < 3),
    'no event carries a version only drafts had',
  )
  t.match(anonymous[0], { seq: Number, version: 3, occurredAt: new Date(T0).toISOString(), url: `/v1/articles/${draft.id}` })
  t.match(anonymous[1], { url: `/v1/tags/${tag.id}` })

  const editors = (await feed(api, start, 'write')).data
  t.same(brief(editors.filter((e) => e.id === draft.id && e.resource === 'article')).slice(0, 3), [
    ['article', draft.id, 'appear', 'created'],
    ['article', draft.id, 'update', 'updated'],
    ['article', draft.id, 'update', 'published'],
  ])
  t.ok(
    editors.some((e) => e.resource === 'tag' && e.reason === 'created'),
    'write keys see the tag created with the draft',
  )
  const seqs = editors.map((e) => e.seq)
  t.same(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'sequence numbers increase along the feed',
  )
})

t.test('cursors resume exactly, every page has one, an empty page answers 304, and pages are cacheable', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  for (let i = 0; i < 5; i++) await fx.published({ title: `Berita ${i}` })
  await fx.draft({ title: 'Draf' })
  const all = (await feed(api, 0, 'write', '&limit=1000')).data

  const walked: Event[] = []
  let cursor = '0'
  for (let pages = 0; pages < 50; pages++) {
    const res = await api.call({ method: 'GET', url: `/v1/changes?after=${cursor}&limit=2`, as: 'write' })
    const body = res.json() as FeedPage
    t.match(res.headers.link, `/v1/changes?after=${body.page.nextCursor}&limit=2>; rel="next"`)
    walked.push(...body.data)
    if (body.data.length === 0) break
    cursor = body.page.nextCursor
  }
  t.same(walked, all, 'page by page, nothing missed or repeated')

  const empty = await api.call({ method: 'GET', url: `/v1/changes?after=${cursor}` })
  t.same(empty.json(), { data: [], page: { limit: 100, nextCursor: cursor } }, 'an empty page keeps the position')
  t.equal(empty.headers['cache-control'], 'public, no-cache', 'an empty page is revalidated')
  const again = await api.call({
    method: 'GET',
    url: `/v1/changes?after=${cursor}`,
    headers: { 'if-none-match': empty.headers.etag as string },
  })
  t.equal(again.statusCode, 304)
  await fx.published({ title: 'Baru' })
  const changed = await api.call({
    method: 'GET',
    url: `/v1/changes?after=${cursor}`,
    headers: { 'if-none-match': empty.headers.etag as string },
  })
  t.equal(changed.statusCode, 200, 'a new event changes the page')
  t.equal((changed.json() as FeedPage).data.length, 1)

  const full = await api.call({ method: 'GET', url: '/v1/changes?limit=1' })
  t.match(full.headers['cache-control'], /^public, max-age=/, 'a full page never changes and may be cached')

  // An anonymous page skips the draft's events but still moves its cursor past them.
  const drafted = await fx.draft({ title: 'Draf Lagi' })
  const skipped = await feed(api, (changed.json() as FeedPage).page.nextCursor)
  t.same(skipped.data, [])
  const editorView = await feed(api, (changed.json() as FeedPage).page.nextCursor, 'write')
  t.same(brief(editorView.data), [['article', drafted.id, 'appear', 'created']])
  t.equal(skipped.page.nextCursor, editorView.page.nextCursor, 'hidden rows are passed, not re-read')
})

t.test('bad cursors and limits are 400 problems; a cursor older than the retention is 410', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  for (const query of ['after=abc', 'after=-1', 'after=01', 'limit=0', 'limit=1001', 'wait=31', 'since=1']) {
    const res = await api.call({ method: 'GET', url: `/v1/changes?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', query)
  }
  const old = await fx.published({ title: 'Lama' })
  const stale = (await feed(api)).page.nextCursor
  await fx.patch(old.id, { title: 'Lama Diubah' })
  api.clock.now = T0 + hours(24 * 401)
  const fresh = await fx.published({ title: 'Baru' })
  await api.app.runJobs()

  const expired = await api.call({ method: 'GET', url: `/v1/changes?after=${Number(stale) - 1}` })
  t.equal(expired.statusCode, 410)
  t.match(expired.json(), { code: 'cursor_expired', status: 410, detail: /resync/ })
  t.equal((await api.call({ method: 'GET', url: `/v1/changes/checksum?upTo=1` })).statusCode, 410, 'the checksum too')
  t.equal((await api.call({ method: 'GET', url: `/v1/changes/stream?after=1` })).statusCode, 410, 'and the stream')
  const initial = (await feed(api)).data
  t.same(
    brief(initial.filter((e) => e.resource === 'article')),
    [
      ['article', old.id, 'update', 'updated'],
      ['article', fresh.id, 'appear', 'published'],
    ],
    'the initial sync still holds every article, by its last event',
  )
})

t.test('a scoped key follows only its categories; an article leaving them is a tombstone', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const [nasional, olahraga] = [await fx.category('Nasional'), await fx.category('Olahraga')]
  const key = await fx.expect(
    { method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra Bola', scope: 'read', categories: [olahraga.id] } },
    201,
  )
  const scoped = { authorization: `Bearer ${(key.json() as { secret: string }).secret}` }
  const start = (await feed(api)).page.nextCursor
  const a = await fx.published({ title: 'Pertandingan', categoryId: olahraga.id })
  const b = await fx.published({ title: 'Sidang', categoryId: nasional.id })
  await fx.patch(a.id, { categoryId: nasional.id })
  await fx.patch(b.id, { categoryId: olahraga.id })
  await fx.published({ title: 'Tanpa Rubrik' })
  const events = (await feed(api, start, scoped)).data.filter((e) => e.resource === 'article')
  t.same(brief(events), [
    ['article', a.id, 'appear', 'published'],
    ['article', a.id, 'disappear', 'out_of_scope'],
    ['article', b.id, 'appear', 'updated'],
  ])
  const sum = (await api.call({ method: 'GET', url: '/v1/changes/checksum', headers: scoped })).json() as { count: number }
  t.equal(sum.count, 4, 'the checksum counts its one article, the two categories and the writer')
})

t.test('a long poll returns as soon as a write commits, and at its time when nothing comes', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  await fx.writer()
  const cursor = (await feed(api)).page.nextCursor
  const polled = api.call({ method: 'GET', url: `/v1/changes?after=${cursor}&wait=30` })
  let answered = false
  void polled.then(() => (answered = true))
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.notOk(answered, 'the empty page is held open')
  const article = await fx.published({ title: 'Kabar Kilat' })
  const page = (await polled).json() as FeedPage
  t.same(brief(page.data), [['article', article.id, 'appear', 'published']], 'the publish ends the wait')

  const idle = await api.call({ method: 'GET', url: `/v1/changes?after=${page.page.nextCursor}&wait=1` })
  t.same((idle.json() as FeedPage).data, [], 'nothing came within the second')
  t.match(idle.headers.link, '&wait=1>', 'the next link keeps waiting')
})

/** Reads a Server-Sent Events stream until `count` events arrived; returns them with the raw text. */
function readStream(url: string, headers: Record<string, string>, count: number) {
  return new Promise<{ events: { id: string; event: string; data: Event }[]; text: string; response: IncomingMessage }>(
    (resolve, reject) => {
      const request = get(url, { headers }, (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          text += chunk
          const events = text
            .split('\n\n')
            .filter((block) => block.includes('data: '))
            .map((block) => {
              const field = (name: string) =>
                block
                  .split('\n')
                  .find((line) => line.startsWith(`${name}: `))!
                  .slice(name.length + 2)
              return { id: field('id'), event: field('event'), data: JSON.parse(field('data')) as Event }
            })
          if (events.length >= count) {
            request.destroy()
            resolve({ events, text, response })
          }
        })
      })
      request.on('error', reject)
    },
  )
}

t.test('the stream serves the same events, resumes after Last-Event-ID, beats while idle and ends on shutdown', async (t) => {
  const api = await build(t, { streamHeartbeatMs: 100 })
  const fx = articleFixtures(api)
  await api.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}/v1/changes/stream`
  const articles = []
  for (let i = 0; i < 3; i++) articles.push(await fx.published({ title: `Berita ${i}` }))

  const first = await readStream(url, {}, 2)
  t.equal(first.response.headers['content-type'], 'text/event-stream; charset=utf-8')
  const feedEvents = (await feed(api)).data
  t.same(
    first.events.map((e) => e.data),
    feedEvents.slice(0, 2),
    'the events of the feed, in order',
  )
  t.same(
    first.events.map((e) => [e.id, e.event]),
    feedEvents.slice(0, 2).map((e) => [String(e.seq), e.transition]),
  )
  const rest = feedEvents.slice(2)
  const resumed = readStream(url, { 'last-event-id': first.events[1]!.id }, rest.length + 1)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const later = await fx.published({ title: 'Kemudian' })
  const { events, text } = await resumed
  t.same(
    events.map((e) => e.data),
    [...rest, ...(await feed(api, rest.at(-1)!.seq)).data],
    'after the resume: the rest, then the new event; nothing missed or repeated',
  )
  t.equal(events.at(-1)!.data.id, later.id)
  t.match(text, /: heartbeat\n\n/, 'an idle stream sends heartbeats')

  const open = new Promise<string>((resolve) =>
    get(`${url}?after=${events.at(-1)!.id}`, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve(body))
    }),
  )
  await new Promise((resolve) => setTimeout(resolve, 200))
  await api.app.close()
  t.match(await open, /^retry: 1000\n\n/, 'the stream ends cleanly when the server closes')
})

t.test('the checksum is what a consumer of the feed computes', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const a = await fx.published({ title: 'Satu', tags: ['Ekonomi'] })
  const b = await fx.published({ title: 'Dua' })
  await fx.draft({ title: 'Draf' })
  const mid = (await feed(api)).page.nextCursor
  await fx.act(b.id, 'unpublish')
  await fx.patch(a.id, { title: 'Satu Diubah' })

  const held = new Map<string, number>()
  for (const e of (await feed(api, 0, undefined, '&limit=1000')).data)
    if (e.transition === 'disappear') held.delete(`${e.resource}:${e.id}`)
    else held.set(`${e.resource}:${e.id}`, e.version)
  const lines = [...held]
    .map(([key, version]) => ({ key, resource: key.split(':')[0]!, id: Number(key.split(':')[1]), version }))
    .sort((x, y) => (x.resource === y.resource ? x.id - y.id : x.resource < y.resource ? -1 : 1))
    .map((r) => `${r.key}:${r.version}\n`)
    .join('')
  const sum = (await api.call({ method: 'GET', url: '/v1/changes/checksum' })).json()
  t.same(sum, {
    upTo: (await feed(api)).page.nextCursor,
    count: held.size,
    sha256: createHash('sha256').update(lines).digest('hex'),
  })
  t.equal(held.size, 3, 'the author, the tag and the one public article')
  const earlier = (await api.call({ method: 'GET', url: `/v1/changes/checksum?upTo=${mid}` })).json() as { count: number; upTo: string }
  t.same([earlier.upTo, earlier.count], [mid, 4], 'at an earlier position both articles were public')
  const editors = (await api.call({ method: 'GET', url: '/v1/changes/checksum', as: 'write' })).json() as { count: number }
  t.equal(editors.count, 5, 'editors count the draft and the unpublished article too')
})
