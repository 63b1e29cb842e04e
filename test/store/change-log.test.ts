import t from 'tap'
import { articleFixtures, buildApp, hours, iso, T0, type ArticleBody } from '../article-fixtures.js'
import type { TestApp } from '../helper.js'

// The change log: one row per committed change event, appended in the writing transaction; nothing for a write
// that rolled back. Taxonomy changes move the version of every article whose representation they change.

interface Change {
  seq: number
  resource: string
  resource_id: number
  operation: string
  reason: string
  version: number
  visible_before: number
  visible_after: number
  api_key_id: number | null
  occurred_at: number
}

const log = (api: TestApp): Promise<Change[]> => api.sql<Change>('select * from changes order by seq')
const since = async (api: TestApp, seq: number) => (await log(api)).filter((c) => c.seq > seq)
const lastSeq = async (api: TestApp) => (await log(api)).at(-1)?.seq ?? 0
const brief = (changes: Change[]) =>
  changes.map((c) => [c.resource, c.resource_id, c.operation, c.reason, c.version, !!c.visible_before, !!c.visible_after])

t.test('each kind of write appends exactly its events, with version, visibility and the acting key', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const writer = await fx.writer()
  const category = await fx.category('Nasional')
  t.same(brief(await log(api)), [
    ['author', writer.id, 'upsert', 'created', 1, false, true],
    ['category', category.id, 'upsert', 'created', 1, false, true],
  ])
  const keyId = (await log(api))[0]!.api_key_id
  t.type(keyId, 'number', 'the write key that made the change is recorded')

  let mark = await lastSeq(api)
  const draft = await fx.draft({ tags: ['Pemilu'], categoryId: category.id })
  t.same(
    brief(await since(api, mark)),
    [
      ['tag', 1, 'upsert', 'created', 1, false, false],
      ['article', draft.id, 'upsert', 'created', 1, false, false],
    ],
    'a tag named for the first time is created in the same transaction, unseen until a published article carries it',
  )

  mark = await lastSeq(api)
  await fx.publish(draft.id)
  await fx.patch(draft.id, { title: 'Judul Baru' })
  await fx.patch(draft.id, { slug: 'judul-baru' })
  await fx.act(draft.id, 'unpublish')
  await fx.publish(draft.id, T0 + hours(1))
  await fx.act(draft.id, 'archive')
  t.same(brief(await since(api, mark)), [
    ['article', draft.id, 'upsert', 'published', 2, false, true],
    ['tag', 1, 'upsert', 'published', 1, false, true],
    ['article', draft.id, 'upsert', 'updated', 3, true, true],
    ['article', draft.id, 'slug_moved', 'slug_changed', 4, true, true],
    ['article', draft.id, 'upsert', 'unpublished', 5, true, false],
    ['tag', 1, 'upsert', 'unpublished', 1, true, false],
    ['article', draft.id, 'upsert', 'published', 6, false, false],
    ['article', draft.id, 'upsert', 'archived', 7, false, false],
  ])

  mark = await lastSeq(api)
  const etag = await fx.etag(draft.id)
  await fx.expect({ method: 'DELETE', url: `/v1/articles/${draft.id}`, as: 'write', headers: { 'if-match': etag } }, 204)
  t.same(brief(await since(api, mark)), [['article', draft.id, 'tombstone', 'deleted', 7, false, false]])

  const seqs = (await log(api)).map((c) => c.seq)
  t.same(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'sequence numbers increase along the log',
  )
  t.equal(new Set(seqs).size, seqs.length, 'and never repeat')
  t.ok(
    (await log(api)).every((c) => c.occurred_at === T0),
    'each event carries the time of its transaction',
  )
})

t.test('no event for a write that was refused or rolled back: 412, 422, 409, a failed member of a group commit', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const draft = await fx.draft()
  const stale = await fx.etag(draft.id)
  await fx.patch(draft.id, { title: 'Versi Kedua' })
  const mark = await lastSeq(api)

  const stalePatch = await api.call({
    method: 'PATCH',
    url: `/v1/articles/${draft.id}`,
    as: 'write',
    headers: { 'if-match': stale },
    payload: { title: 'Basi' },
  })
  const badReference = await fx.patch(draft.id, { categoryId: 99 })
  await fx.publish(draft.id)
  const again = await fx.act(draft.id, 'publish')
  t.same(
    [stalePatch, badReference, again].map((r) => r.statusCode),
    [412, 422, 409],
  )
  t.same(
    brief(await since(api, mark)),
    [['article', draft.id, 'upsert', 'published', 3, false, true]],
    'only the publish that succeeded is logged',
  )

  // Two writes in one group commit with the same If-Match: the second fails its version guard inside the
  // transaction and rolls back alone; two creates claiming one slug: the second fails its slug claim.
  const before = await lastSeq(api)
  const etag = await fx.etag(draft.id)
  const patches = await Promise.all(
    ['A', 'B'].map((title) =>
      api.call({ method: 'PATCH', url: `/v1/articles/${draft.id}`, as: 'write', headers: { 'if-match': etag }, payload: { title } }),
    ),
  )
  t.same(patches.map((r) => r.statusCode).sort(), [200, 412], 'exactly one of the racing writes wins')
  t.equal(
    patches.find((r) => r.statusCode === 412)!.headers.etag,
    patches.find((r) => r.statusCode === 200)!.headers.etag,
    'the loser is told the current ETag',
  )
  const creates = await Promise.all(
    [1, 2].map(() => api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Kembar', slug: 'kembar' } })),
  )
  t.same(creates.map((r) => r.statusCode).sort(), [201, 409])
  const winner = creates.find((r) => r.statusCode === 201)!.json() as ArticleBody
  t.same(brief(await since(api, before)), [
    ['article', draft.id, 'upsert', 'updated', 4, true, true],
    ['article', winner.id, 'upsert', 'created', 1, false, false],
  ])
})

t.test('renaming or deleting what articles embed moves each affected article, once, in the same transaction', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const writer = await fx.writer()
  const other = await fx.author('Dewi Lestari')
  const category = await fx.category('Nasional')
  const tagged = await fx.published({ tags: ['Pemilu', 'DPR'], categoryId: category.id })
  const plain = await fx.published({ title: 'Tanpa Tag', bylines: [{ authorId: other.id, role: 'writer' }] })
  const read = async (id: number) => {
    const res = await api.call({ method: 'GET', url: `/v1/articles/${id}` })
    return { body: res.json() as ArticleBody, etag: res.headers.etag as string }
  }
  const updatedSince = async (at: number) => fx.ids(`/v1/articles?updatedSince=${encodeURIComponent(iso(at))}&sort=updatedAt`)

  const start = await read(tagged.id)
  const untouched = await read(plain.id)
  api.clock.now = T0 + hours(1)
  await fx.rename('authors', writer.id, { name: 'Anton S.' })
  const renamed = await read(tagged.id)
  t.match(renamed.body, { version: start.body.version + 1, updatedAt: iso(T0 + hours(1)), bylines: [{ author: { name: 'Anton S.' } }] })
  t.not(renamed.etag, start.etag, 'a new ETag')
  t.same(await updatedSince(T0 + hours(1)), [tagged.id], 'updatedSince finds the article, and only it')
  t.same(await read(plain.id), untouched, 'an article without the author is unchanged')

  api.clock.now = T0 + hours(2)
  const mark = await lastSeq(api)
  const pemilu = renamed.body.tags.find((tag) => tag.name === 'Pemilu')!
  const etag = (await api.call({ method: 'GET', url: `/v1/tags/${pemilu.id}`, as: 'write' })).headers.etag as string
  await fx.expect({ method: 'DELETE', url: `/v1/tags/${pemilu.id}`, as: 'write', headers: { 'if-match': etag } }, 204)
  const untagged = await read(tagged.id)
  t.match(untagged.body, { version: renamed.body.version + 1, updatedAt: iso(T0 + hours(2)), tags: [{ name: 'DPR' }] })
  t.equal(untagged.body.tags.length, 1)
  t.same(await updatedSince(T0 + hours(2)), [tagged.id])
  t.same(brief(await since(api, mark)), [
    ['article', tagged.id, 'upsert', 'updated', untagged.body.version, true, true],
    ['tag', pemilu.id, 'tombstone', 'deleted', 1, true, false],
  ])

  api.clock.now = T0 + hours(3)
  await fx.rename('categories', category.id, { description: 'Berita dalam negeri' })
  t.equal((await read(tagged.id)).body.version, untagged.body.version, 'a change articles do not embed (a description) moves nothing')
  await fx.rename('categories', category.id, { name: 'Dalam Negeri' })
  t.match((await read(tagged.id)).body, { version: untagged.body.version + 1, category: { name: 'Dalam Negeri' } })
})

t.test('a scheduled publication is recorded once when its time comes; old events are pruned past the retention', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const scheduled = await fx.published({}, T0 + hours(1))
  await api.app.runJobs()
  t.notOk(
    (await log(api)).some((c) => c.reason === 'scheduled_reached'),
    'nothing before its time',
  )
  api.clock.now = T0 + hours(2)
  await api.app.runJobs()
  await api.app.runJobs()
  t.same(brief((await log(api)).filter((c) => c.reason === 'scheduled_reached')), [
    ['article', scheduled.id, 'upsert', 'scheduled_reached', scheduled.version, false, true],
  ])
  t.match(
    (await api.call({ method: 'GET', url: `/v1/articles/${scheduled.id}` })).json(),
    { status: 'published', version: scheduled.version },
    'the representation is the one readers saw since its time came',
  )

  const gone = await fx.draft({ title: 'Dihapus' })
  await fx.expect({ method: 'DELETE', url: `/v1/articles/${gone.id}`, as: 'write', headers: { 'if-match': await fx.etag(gone.id) } }, 204)
  const lastOld = (await log(api)).at(-1)!.seq
  api.clock.now = T0 + hours(24 * 401)
  const fresh = await fx.draft({ title: 'Baru' })
  await api.app.runJobs()
  t.same(
    brief(await log(api)),
    [
      ['author', 1, 'upsert', 'created', 1, false, true],
      ['article', scheduled.id, 'upsert', 'scheduled_reached', scheduled.version, false, true],
      ['article', fresh.id, 'upsert', 'created', 1, false, false],
    ],
    'past the 400 days each resource keeps only its last event, a deleted one none; recent events stay',
  )
  t.same(
    await api.sql(`select name, value from markers where name = 'changes_horizon'`),
    [{ name: 'changes_horizon', value: lastOld }],
    'the horizon is recorded',
  )
  api.clock.now += hours(1)
  await api.app.runJobs()
  t.equal((await log(api)).length, 3, 'compacting again changes nothing')
})
