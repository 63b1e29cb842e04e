import { join } from 'node:path'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { articleFixtures, type ArticleBody } from '../article-fixtures.js'
import { leadPhoto } from '../article-parts.js'
import { articleSteps, newsroom, pick, tagPool, type ArticleStep } from '../article-history.js'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { systemCaller } from '../../src/domain/access.js'
import { openStore } from '../../src/store/index.js'
import { tempDir } from '../fixtures/server-process.js'
import { build, onSqlite, type TestApp } from '../helper.js'

// Stored representations: over random histories of creates, edits, publications, schedules (some passing with no
// job run), unpublications, archives, deletions, category moves, tag changes, renames of tags, categories and
// authors, tag deletions and featured-photo changes, after every step each article's stored public representation
// is the one rendered fresh: the editor's on-demand view of it (as the public will see it once its time comes),
// with its ETag and its dependency keys; articles that are not public-bound have none; the public is served it.

type Step =
  | ArticleStep
  | { kind: 'photo'; pick: number; change: 'add' | 'caption' | 'remove' }
  | { kind: 'deleteTag'; tag: number }
  | { kind: 'renameCategory'; category: number; slug: boolean }
  | { kind: 'renameAuthor'; author: number; avatar: boolean }

const step: fc.Arbitrary<Step> = fc.oneof(
  ...articleSteps({ publish: 6, jobs: fc.boolean() }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('photo' as const),
      pick,
      change: fc.constantFrom('add' as const, 'caption' as const, 'remove' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteTag' as const), tag: fc.nat({ max: tagPool.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameCategory' as const), category: fc.nat({ max: 2 }), slug: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameAuthor' as const), author: fc.nat({ max: 1 }), avatar: fc.boolean() }) },
)

interface StoredRow {
  articleId: number
  variant: string
  status: string
  publishedAt: number | null
  categoryId: number | null
  etag: string
  keys: string
  body: string
}

const storedRows = async (api: TestApp): Promise<Map<number, StoredRow>> =>
  new Map(
    (
      await api.sql<StoredRow>(
        'select article_id as "articleId", variant, status, published_at as "publishedAt", category_id as "categoryId", etag, keys, body from article_representations order by article_id',
      )
    ).map((row) => [Number(row.articleId), row]),
  )

/** The dependency keys of an article as its editor view shows what it embeds. */
const keysOf = (view: ArticleBody): string[] =>
  [
    `article:${view.id}`,
    ...(view.category === null ? [] : [`category:${view.category.id}`]),
    ...view.tags.map((tag) => `tag:${tag.id}`),
    ...view.bylines.map((byline) => `author:${byline.author.id}`),
  ].filter((key, i, all) => all.indexOf(key) === i)

/** Every article's stored representation against a fresh rendering of it; returns how many were public-bound. */
async function check(t: Test, api: TestApp, ids: readonly number[], at: string): Promise<number> {
  const stored = await storedRows(api)
  let bound = 0
  for (const id of ids) {
    const editor = await api.call({ method: 'GET', url: `/v1/articles/${id}`, as: 'write' })
    const row = stored.get(id)
    const anonymous = await api.call({ method: 'GET', url: `/v1/articles/${id}` })
    if (editor.statusCode === 404 || !['published', 'scheduled'].includes((editor.json() as ArticleBody).status)) {
      if (row !== undefined)
        t.fail(`${at}: article ${id} (${editor.statusCode === 404 ? 'deleted' : 'not public-bound'}) keeps a stored row`)
      if (anonymous.statusCode !== 404) t.fail(`${at}: article ${id} is served to the public (${anonymous.statusCode})`)
      continue
    }
    bound++
    const view = editor.json() as ArticleBody & { publishedAt: string; categoryId: number | null }
    if (row === undefined) {
      t.fail(`${at}: public-bound article ${id} has no stored representation`)
      continue
    }
    // As the public sees it once public: the same view, `published`.
    const expected = { ...view, status: 'published' }
    if (JSON.stringify(JSON.parse(row.body)) !== JSON.stringify(expected))
      t.same(JSON.parse(row.body), expected, `${at}: the stored body of article ${id} is its fresh rendering`)
    // A scheduled article whose time came shows as published before the job records it; its row says scheduled.
    const statusAgrees = view.status === 'scheduled' ? row.status === 'scheduled' : ['published', 'scheduled'].includes(row.status)
    if (!statusAgrees) t.fail(`${at}: article ${id} (${view.status}) stored as ${row.status}`)
    if (Number(row.publishedAt) !== Date.parse(view.publishedAt) || row.categoryId !== view.categoryId)
      t.fail(`${at}: article ${id}'s stored visibility facts differ from its row`)
    if ([...row.keys.split(' ')].sort().join(' ') !== keysOf(view).sort().join(' '))
      t.same(row.keys.split(' ').sort(), keysOf(view).sort(), `${at}: the dependency keys of article ${id}`)
    if (view.status === 'published') {
      if (editor.headers.etag !== row.etag) t.equal(row.etag, editor.headers.etag, `${at}: the stored ETag of article ${id}`)
      if (anonymous.statusCode !== 200 || anonymous.body !== row.body || anonymous.headers.etag !== row.etag)
        t.fail(`${at}: the public is not served article ${id}'s stored representation (${anonymous.statusCode})`)
    } else if (anonymous.statusCode !== 404) t.fail(`${at}: scheduled article ${id} is served before its time`)
  }
  return bound
}

async function replay(t: Test, steps: Step[]): Promise<number> {
  const api = await build(t)
  const fx = articleFixtures(api)
  const room = await newsroom(api, fx)
  const featured = async (id: number) => {
    const list = await api.call({ method: 'GET', url: `/v1/articles/${id}/captions`, as: 'write' })
    return (list.json() as { data: { id: number; role: string; version: number }[] }).data.find((c) => c.role === 'featured')
  }
  let publicBound = 0
  for (const [n, s] of steps.entries()) {
    if (s.kind === 'deleteTag') {
      const tag = await room.tagNamed(s.tag)
      if (tag) {
        const etag = (await fx.expect({ method: 'GET', url: `/v1/tags/${tag.id}`, as: 'write' }, 200)).headers.etag as string
        await fx.expect({ method: 'DELETE', url: `/v1/tags/${tag.id}`, as: 'write', headers: { 'if-match': etag } }, 204)
      }
    } else if (s.kind === 'renameCategory') {
      const category = room.categories[s.category]!
      await fx.rename('categories', category.id, s.slug ? { slug: `${category.slug}-${n}` } : { name: `${category.name} ${n}` })
    } else if (s.kind === 'renameAuthor') {
      const author = room.authors[s.author]!
      await fx.rename(
        'authors',
        author.id,
        s.avatar ? { avatarUrl: `https://img.kabar.example/a/${n}.jpg` } : { name: `${author.name} ${n}` },
      )
    } else if (s.kind === 'photo') {
      const id = room.chosen(s.pick)
      const photo = id === undefined ? undefined : await featured(id)
      if (s.change === 'add' && id !== undefined && photo === undefined)
        await api.call({ method: 'POST', url: `/v1/articles/${id}/captions`, as: 'write', payload: leadPhoto })
      else if (s.change === 'caption' && photo !== undefined) await fx.rename('captions', photo.id, { text: `Keterangan ${n}` })
      else if (s.change === 'remove' && photo !== undefined) {
        const etag = (await fx.expect({ method: 'GET', url: `/v1/captions/${photo.id}`, as: 'write' }, 200)).headers.etag as string
        await fx.expect({ method: 'DELETE', url: `/v1/captions/${photo.id}`, as: 'write', headers: { 'if-match': etag } }, 204)
      }
    } else await room.apply(s, n)
    publicBound += await check(t, api, room.ids, `after step ${n} (${s.kind})`)
  }
  const variants = new Set([...(await storedRows(api)).values()].map((row) => row.variant))
  t.ok(variants.size <= 1, 'every stored row is of the one variant the app renders')
  return publicBound
}

t.test('after every step of a random history, stored representations are the fresh ones', async (t) => {
  const runs = onSqlite ? 20 : 5
  let ran = 0
  let bound = 0
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), async (steps) => {
      await t.test(`a history of ${steps.length} steps`, async (t) => {
        bound += await replay(t, steps)
      })
      ran++
    }),
    { seed: 20261204, numRuns: runs, endOnFailure: true },
  )
  t.equal(ran, runs, 'every generated history was replayed')
  t.ok(bound > 15 * runs, `public-bound articles were checked (${bound} times)`)
})

t.test('stored representations missing or of another variant are rendered again by the jobs; until then reads render', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const published = await Promise.all([1, 2, 3].map((n) => fx.published({ title: `Berita ${n}` })))
  const draft = await fx.draft({ title: 'Draf' })
  const before = await storedRows(api)
  t.same([...before.keys()].sort(), published.map((a) => a.id).sort(), 'the published articles have one each, the draft none')

  // A row of another variant (another URL template, an older view) and a missing one, as after an upgrade.
  await api.sql(`update article_representations set variant = 'older', body = '{"stale":true}' where article_id = ?`, published[0]!.id)
  await api.sql('delete from article_representations where article_id = ?', published[1]!.id)
  for (const article of published) {
    const res = await api.call({ method: 'GET', url: `/v1/articles/${article.id}` })
    t.equal(res.statusCode, 200)
    t.equal(res.body, before.get(article.id)!.body, `article ${article.id} is served fresh, whatever its stored row`)
  }
  t.equal((await api.call({ method: 'GET', url: `/v1/articles/${draft.id}` })).statusCode, 404, 'the draft stays hidden')

  await api.app.runJobs()
  const after = await storedRows(api)
  t.same(
    [...after.values()].map((row) => [row.articleId, row.variant, row.body]),
    [...before.values()].map((row) => [row.articleId, row.variant, row.body]),
    'the jobs rendered the stale and the missing one again',
  )
})

t.test(
  'a new URL template: articles are served with it at once, and the jobs render every stored row again',
  { skip: !onSqlite && 'two apps on one SQLite file' },
  async (t) => {
    const path = join(tempDir(t, 'template'), 'kabar.db')
    const appWith = async (publicUrlTemplate: string) => {
      const config = loadConfig(
        {},
        { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 0, jobsIntervalMs: 0, publicUrlTemplate },
      )
      return buildApp({ config, store: await openStore({ databasePath: path }, { clock, lockTimeoutMs: 2000 }), clock })
    }
    let now = Date.parse('2026-07-23T10:00:00.000Z')
    const clock = () => now
    const before = await appWith('https://lama.kabar.example/{slug}')
    const { secret } = await before.services.keys.create(systemCaller, { name: 'ops', scope: 'write' })
    const headers = { authorization: `Bearer ${secret}` }
    const author = (await before.inject({ method: 'POST', url: '/v1/authors', headers, payload: { name: 'Anton' } })).json()
    const ids: number[] = []
    for (const title of ['Satu', 'Dua']) {
      const draft = await before.inject({
        method: 'POST',
        url: '/v1/articles',
        headers,
        payload: { title, body: '<p>Isi.</p>', bylines: [{ authorId: author.id, role: 'writer' }] },
      })
      const published = await before.inject({
        method: 'POST',
        url: `/v1/articles/${draft.json().id}/publish`,
        headers: { ...headers, 'if-match': draft.headers.etag as string },
      })
      t.equal(published.statusCode, 200)
      ids.push(draft.json().id)
    }
    await before.runJobs()
    await before.close()
    // The closed app's lease on the jobs expires unrenewed.
    now += 60_000

    const after = await appWith('https://baru.kabar.example/{slug}')
    t.teardown(() => after.close())
    const urls = async () =>
      Promise.all(ids.map(async (id) => (await after.inject({ method: 'GET', url: `/v1/articles/${id}` })).json().url))
    t.same(
      await urls(),
      ['https://baru.kabar.example/satu', 'https://baru.kabar.example/dua'],
      'served with the new template before any job',
    )
    const stored = () => after.store.articles.storedRepresentation(ids[0]!)
    t.match(JSON.parse((await stored())!.body).url, /lama/, 'the stored row is still of the old one')
    await after.runJobs()
    t.equal(JSON.parse((await stored())!.body).url, 'https://baru.kabar.example/satu', 'the jobs rendered it again')
    t.same(await urls(), ['https://baru.kabar.example/satu', 'https://baru.kabar.example/dua'])
  },
)
