import t, { type Test } from 'tap'
import { articleFixtures, minutes, type ArticleBody } from '../article-fixtures.js'
import { build } from '../helper.js'
import { partFixtures } from '../article-parts.js'
import { assertProblem } from '../problem.js'
import type { Config } from '../../src/config.js'

const day = 86_400_000

interface Item {
  position: number
  source: 'editor' | 'auto'
  reason?: { sharedTags: string[]; sameCategory: boolean }
  article: ArticleBody
}

/**
 * A newsroom around `parent` (Nasional, tagged Banjir then Jakarta; Banjir is the rarer tag), its editor link
 * `editor` (which also shares Banjir), and candidates whose expected order is spelled out by their names. `old`
 * is published 400 days before the others, `draft` is never published, `later` is scheduled.
 */
async function newsroom(t: Test, overrides: Partial<Config> = {}) {
  const api = await build(t, { maxEventLoopDelayMs: 0, ...overrides })
  const fx = articleFixtures(api)
  const parts = partFixtures(api, fx)
  const nasional = await fx.category('Nasional')
  const ekonomi = await fx.category('Ekonomi')
  const published = async (title: string, categoryId: number, tags: string[]) => {
    api.clock.now += minutes(1)
    return fx.published({ title, categoryId, tags })
  }
  const old = await published('Banjir Lama di Jakarta', nasional.id, ['Banjir', 'Jakarta'])
  api.clock.now += 400 * day
  const a = {
    old,
    parent: await published('Banjir Rendam Jakarta Utara', nasional.id, ['Banjir', 'Jakarta']),
    editor: await published('Tautan Pilihan Redaksi', ekonomi.id, ['Banjir']),
    common1: await published('Pasar Saham Menguat', ekonomi.id, ['Jakarta']),
    common2: await published('Harga Emas Turun', ekonomi.id, ['Jakarta']),
    common3: await published('Inflasi Melambat', ekonomi.id, ['Jakarta']),
    rare: await published('Harga Cabai Naik', ekonomi.id, ['Banjir']),
    sameCategory: await published('Sidang Kabinet Pekan Ini', nasional.id, []),
    similar: await published('Banjir Rendam Jakarta Selatan', ekonomi.id, ['Jakarta']),
    both: await published('Tanggul Jebol Lagi', nasional.id, ['Banjir', 'Jakarta']),
    draft: await fx.draft({ title: 'Banjir Rendam Jakarta Barat', categoryId: nasional.id, tags: ['Banjir', 'Jakarta'] }),
    later: await fx.draft({ title: 'Banjir Rendam Jakarta Timur', categoryId: nasional.id, tags: ['Banjir', 'Jakarta'] }),
  }
  await fx.publish(a.later.id, api.clock.now + day)
  await parts.link(a.parent.id, [a.editor.id])
  const get = async (url: string, as?: 'read' | 'write', headers?: Record<string, string>): Promise<Item[]> => {
    const res = await fx.expect({ method: 'GET', url, as, headers }, 200)
    const body = res.json() as { related?: Item[]; data?: Item[] }
    return (body.related ?? body.data)!
  }
  /** Items as `[id, source, reason]`, positions checked to run 0, 1, 2… */
  const shape = (items: Item[]) => {
    t.same(
      items.map((i) => i.position),
      items.map((_, i) => i),
      'positions run without gaps',
    )
    return items.map((i) => (i.source === 'editor' ? [i.article.id, 'editor'] : [i.article.id, 'auto', i.reason]))
  }
  return { api, fx, parts, a, nasional, ekonomi, get, shape }
}

const tags = (...sharedTags: string[]) => ({ sharedTags, sameCategory: false })
const inCategory = (...sharedTags: string[]) => ({ sharedTags, sameCategory: true })

t.test(
  'editor links first, then suggestions by shared tag weight, category and title, never self, duplicates, hidden or too old',
  async (t) => {
    const { a, get, shape, fx } = await newsroom(t)
    const all = [
      [a.editor.id, 'editor'],
      [a.both.id, 'auto', inCategory('banjir', 'jakarta')],
      [a.similar.id, 'auto', tags('jakarta')],
      [a.sameCategory.id, 'auto', inCategory()],
      [a.rare.id, 'auto', tags('banjir')],
      [a.common3.id, 'auto', tags('jakarta')],
      [a.common2.id, 'auto', tags('jakarta')],
      [a.common1.id, 'auto', tags('jakarta')],
    ]
    for (const url of [`/v1/articles/${a.parent.id}?include=related&relatedFill=20`, `/v1/articles/${a.parent.id}/related?relatedFill=20`])
      t.same(shape(await get(url)), all, `${url}: every suggestion, best first, newer first among equals`)
    t.same(
      shape(await get(`/v1/articles/slug/${a.parent.slug}?include=related&relatedFill=4`)),
      all.slice(0, 4),
      'the slug route: 4 in total',
    )
    t.same(
      shape(await get(`/v1/articles/${a.parent.id}?include=captions,related&relatedFill=6`, 'write')),
      all.slice(0, 6),
      'editors: public suggestions only',
    )

    const items = await get(`/v1/articles/${a.parent.id}/related?relatedFill=2`)
    const { body: _body, ...summary } = (await fx.expect({ method: 'GET', url: `/v1/articles/${a.both.id}` }, 200)).json() as ArticleBody
    t.same(
      items[1],
      { position: 1, source: 'auto', reason: inCategory('banjir', 'jakarta'), article: summary },
      'a suggestion carries the summary',
    )
  },
)

t.test("relatedFill=0, absent, or at most the editor's count: the editor's links alone, never displaced", async (t) => {
  const { a, fx, get, shape, parts } = await newsroom(t)
  const editorOnly = [[a.editor.id, 'editor']]
  for (const query of ['', '&relatedFill=0', '&relatedFill=1']) {
    t.same(shape(await get(`/v1/articles/${a.parent.id}?include=related${query}`)), editorOnly, `include=related${query}`)
    t.same(shape(await get(`/v1/articles/${a.parent.id}/related?${query.slice(1)}`)), editorOnly, `related?${query.slice(1)}`)
  }
  await parts.link(a.parent.id, [a.common1.id, a.old.id, a.editor.id])
  t.same(
    shape(await get(`/v1/articles/${a.parent.id}?include=related&relatedFill=2`)),
    [
      [a.common1.id, 'editor'],
      [a.old.id, 'editor'],
      [a.editor.id, 'editor'],
    ],
    'three editor links with relatedFill=2: all three, in editor order (an old one too)',
  )
  t.same(
    shape(await get(`/v1/articles/${a.parent.id}?include=related&relatedFill=4`)),
    [
      [a.common1.id, 'editor'],
      [a.old.id, 'editor'],
      [a.editor.id, 'editor'],
      [a.both.id, 'auto', inCategory('banjir', 'jakarta')],
    ],
    'one suggestion tops them up to 4, not one they link',
  )
  const plain = (await fx.expect({ method: 'GET', url: `/v1/articles/${a.parent.id}?relatedFill=3` }, 200)).json() as object
  t.notOk('related' in plain, 'without include=related nothing is embedded')
})

t.test('a scoped key is suggested only what it may see: its categories', async (t) => {
  const { api, a, nasional, get, shape } = await newsroom(t)
  const res = await api.call({
    method: 'POST',
    url: '/v1/keys',
    as: 'admin',
    payload: { name: 'Mitra', scope: 'read', categories: [nasional.id] },
  })
  const partner = { authorization: `Bearer ${res.json().secret as string}` }
  t.same(
    shape(await get(`/v1/articles/${a.parent.id}?include=related&relatedFill=5`, undefined, partner)),
    [
      [a.both.id, 'auto', inCategory('banjir', 'jakarta')],
      [a.sameCategory.id, 'auto', inCategory()],
    ],
    'the editor link (Ekonomi) is hidden, and only Nasional is suggested',
  )
})

t.test('cached filled representations are dropped by any change to what could be suggested', async (t) => {
  const { a, fx, get, shape, nasional } = await newsroom(t)
  const url = `/v1/articles/${a.parent.id}?include=related&relatedFill=3`
  t.same(shape(await get(url)).slice(1), [
    [a.both.id, 'auto', inCategory('banjir', 'jakarta')],
    [a.similar.id, 'auto', tags('jakarta')],
  ])
  const fresh = await fx.published({ title: 'Pengungsi Banjir Bertambah', categoryId: nasional.id, tags: ['Banjir', 'Jakarta'] })
  t.same(
    shape(await get(url))
      .slice(1)
      .map((item) => item[0]),
    [fresh.id, a.both.id],
    'a newly published article is suggested at once (newer first among equals)',
  )
  t.equal((await fx.act(fresh.id, 'unpublish')).statusCode, 200)
  await fx.patch(a.similar.id, { tags: [] })
  t.same(
    shape(await get(url))
      .slice(1)
      .map((item) => item[0]),
    [a.both.id, a.sameCategory.id],
    'unpublished and retagged articles drop out',
  )
})

t.test('RELATED_FILL_DEFAULT and RELATED_FILL_MAX_AGE_DAYS', async (t) => {
  const { a, get, shape } = await newsroom(t, { relatedFillDefault: 2, relatedFillMaxAgeDays: 1000 })
  t.same(
    shape(await get(`/v1/articles/${a.parent.id}?include=related`)),
    [
      [a.editor.id, 'editor'],
      [a.old.id, 'auto', inCategory('banjir', 'jakarta')],
    ],
    'two items by default; within 1,000 days the 400-day-old article (tags, category and title shared) comes first',
  )
  t.same(shape(await get(`/v1/articles/${a.parent.id}/related?relatedFill=0`)), [[a.editor.id, 'editor']], 'relatedFill=0 overrides it')
})

t.test('relatedFill outside 0–20 is 400 on every route', async (t) => {
  const { api, a } = await newsroom(t)
  for (const value of ['21', '-1', 'x', '1.5'])
    for (const url of [
      `/v1/articles/${a.parent.id}?include=related&relatedFill=${value}`,
      `/v1/articles/slug/${a.parent.slug}?include=related&relatedFill=${value}`,
      `/v1/articles/${a.parent.id}/related?relatedFill=${value}`,
    ])
      assertProblem(t, await api.call({ method: 'GET', url }), 400, 'validation_failed')
})
