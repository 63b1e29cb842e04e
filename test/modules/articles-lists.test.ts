import t, { type Test } from 'tap'
import { articleFixtures, buildApp, hours, iso, minutes, summaryOf, T0, type ListBody } from '../article-fixtures.js'
import { assertProblem } from '../problem.js'

// Lists: summaries, every filter and sort, keyset pages under concurrent inserts, query validation.
// The fixed number of SQL statements per page is in articles-queries.test.ts.

/**
 * Seven articles whose publish times, update times and ids are in three different orders:
 *
 * | id | category      | tags          | bylines                    | state                       | updatedAt |
 * |  1 | internasional | Rusia         | anton writer               | published T0-5h             | T0+3m     |
 * |  2 | ekonomi       | Energi        | budi writer                | published T0-2h             | T0+1m     |
 * |  3 | internasional | Rusia, Energi | budi writer, anton editor  | published T0-3h             | T0+5m     |
 * |  4 | ekonomi       |               | anton writer               | published T0-2h (tie, id 2) | T0+2m     |
 * |  5 | internasional | Rusia         | anton writer               | draft                       | T0        |
 * |  6 | internasional | Energi        | budi writer                | scheduled T0+1d             | T0+6m     |
 * |  7 | ekonomi       | Rusia         | anton writer               | archived (published T0-4h)  | T0+7m     |
 */
async function newsroom(t: Test) {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const anton = await fx.writer()
  const budi = await fx.author('Budi Santoso')
  const intl = (await fx.category('Internasional')).id
  const eko = (await fx.category('Ekonomi')).id
  const writer = (id: number) => ({ authorId: id, role: 'writer' })
  const rows = [
    { categoryId: intl, tags: ['Rusia'], bylines: [writer(anton.id)] },
    { categoryId: eko, tags: ['Energi'], bylines: [writer(budi.id)] },
    { categoryId: intl, tags: ['Rusia', 'Energi'], bylines: [writer(budi.id), { authorId: anton.id, role: 'editor' }] },
    { categoryId: eko, tags: [], bylines: [writer(anton.id)] },
    { categoryId: intl, tags: ['Rusia'], bylines: [writer(anton.id)] },
    { categoryId: intl, tags: ['Energi'], bylines: [writer(budi.id)] },
    { categoryId: eko, tags: ['Rusia'], bylines: [writer(anton.id)] },
  ]
  for (const [i, fields] of rows.entries()) await fx.draft({ title: `Berita ${i + 1}`, ...fields })
  const publish = async (id: number, at: number, clock: number) => {
    api.clock.now = clock
    await fx.publish(id, at)
  }
  await publish(2, T0 - hours(2), T0 + minutes(1))
  await publish(4, T0 - hours(2), T0 + minutes(2))
  await publish(1, T0 - hours(5), T0 + minutes(3))
  await publish(3, T0 - hours(3), T0 + minutes(5))
  await publish(6, T0 + hours(24), T0 + minutes(6))
  await publish(7, T0 - hours(4), T0 + minutes(6))
  api.clock.now = T0 + minutes(7)
  t.equal((await fx.act(7, 'archive')).statusCode, 200)
  api.clock.now = T0 + minutes(10)
  return { api, fx }
}

t.test('every filter and sort returns exactly the expected ids in order', async (t) => {
  const { fx } = await newsroom(t)
  const publicLists: Array<[string, number[]]> = [
    ['', [4, 2, 3, 1]],
    ['sort=-publishedAt', [4, 2, 3, 1]],
    ['sort=publishedAt', [1, 3, 2, 4]],
    ['sort=-updatedAt', [3, 1, 4, 2]],
    ['sort=updatedAt', [2, 4, 1, 3]],
    ['category=internasional', [3, 1]],
    ['category=ekonomi', [4, 2]],
    ['category=olahraga', []],
    ['tag=rusia', [3, 1]],
    ['tag=energi', [2, 3]],
    ['tag=tidak-ada', []],
    ['author=anton-suhartono', [4, 3, 1]],
    ['author=budi-santoso', [2, 3]],
    ['author=tidak-ada', []],
    // publishedAfter and publishedBefore are exclusive; updatedSince is inclusive (incremental sync).
    [`publishedAfter=${iso(T0 - hours(3))}`, [4, 2]],
    [`publishedAfter=${iso(T0 - hours(3) - 1)}`, [4, 2, 3]],
    [`publishedBefore=${iso(T0 - hours(2))}`, [3, 1]],
    [`publishedAfter=${iso(T0 - hours(6))}&publishedBefore=${iso(T0 - hours(2) + 1)}&sort=publishedAt`, [1, 3, 2, 4]],
    [`updatedSince=${iso(T0 + minutes(3))}`, [3, 1]],
    [`updatedSince=${iso(T0 + minutes(3))}&sort=updatedAt`, [1, 3]],
    [`updatedSince=${iso(T0 + minutes(8))}`, []],
    ['category=internasional&tag=energi&author=anton-suhartono', [3]],
    ['category=ekonomi&tag=rusia', []],
    ['tag=rusia&sort=-updatedAt', [3, 1]],
  ]
  for (const as of [undefined, 'read'] as const) {
    for (const [query, ids] of publicLists)
      t.same(await fx.ids(`/v1/articles?${query}`, as), ids, `${as ?? 'public'}: ${query || 'no query'}`)
  }

  // A write key sees drafts (no publishedAt: last when descending, first when ascending), scheduled and archived ones.
  const editorLists: Array<[string, number[]]> = [
    ['', [6, 4, 2, 3, 7, 1, 5]],
    ['sort=publishedAt', [5, 1, 7, 3, 2, 4, 6]],
    ['sort=-updatedAt', [7, 6, 3, 1, 4, 2, 5]],
    ['sort=updatedAt', [5, 2, 4, 1, 3, 6, 7]],
    ['status=draft', [5]],
    ['status=scheduled', [6]],
    ['status=published', [4, 2, 3, 1]],
    ['status=archived', [7]],
    ['category=internasional', [6, 3, 1, 5]],
    ['tag=rusia&sort=publishedAt', [5, 1, 7, 3]],
    ['author=budi-santoso&status=scheduled', [6]],
    [`publishedAfter=${iso(T0)}`, [6]],
    [`updatedSince=${iso(T0 + minutes(6))}`, [6, 7]],
  ]
  for (const [query, ids] of editorLists) t.same(await fx.ids(`/v1/articles?${query}`, 'write'), ids, `write: ${query || 'no query'}`)
})

t.test('a list item is the article without its body', async (t) => {
  const { api } = await newsroom(t)
  const list = await api.call({ method: 'GET', url: '/v1/articles', as: 'write' })
  const { data, page } = list.json() as ListBody
  t.same(page, { limit: 20, nextCursor: null })
  t.equal(data.length, 7)
  for (const item of data) {
    t.notOk('body' in item, `${item.id} has no body`)
    const full = (await api.call({ method: 'GET', url: `/v1/articles/${item.id}`, as: 'write' })).json()
    t.same(item, summaryOf(full), `${item.id}: every other field as GET by id shows it`)
  }
  t.match(
    data.find((item) => item.id === 3),
    {
      category: { slug: 'internasional' },
      tags: [{ slug: 'rusia' }, { slug: 'energi' }],
      bylines: [
        { role: 'writer', author: { slug: 'budi-santoso' } },
        { role: 'editor', author: { slug: 'anton-suhartono' } },
      ],
    },
  )
})

/** Follows `Link` from `first` to the end, inserting between fetches; returns the rows seen in order. */
async function walk(
  t: Test,
  call: (url: string) => Promise<ListBody & { link: string | undefined }>,
  first: string,
  between: (page: number) => Promise<void>,
) {
  const seen: ListBody['data'] = []
  let url: string | undefined = first
  for (let page = 0; url !== undefined; page++) {
    const { data, page: info, link } = await call(url)
    t.ok(data.length <= 7, 'at most limit rows')
    seen.push(...data)
    t.equal(link !== undefined, info.nextCursor !== null, 'Link is there exactly when nextCursor is')
    if (link !== undefined) t.match(link, new RegExp(`cursor=${info.nextCursor}>; rel="next"$`))
    url = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1]
    await between(page)
    if (page > 40) throw new Error('runaway pagination')
  }
  return seen
}

t.test('45 articles in pages of 7 under concurrent inserts: no duplicates, no gaps, in order', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.writer()
  /** Every article made so far, and whether the public may see it. */
  const all = new Map<number, boolean>()
  // Publish times with many ties (the id breaks them), every sixth one left a draft.
  for (let i = 0; i < 45; i++) {
    api.clock.now = T0 + minutes(i % 4)
    const draft = await fx.draft({ title: `Berita ${i}` })
    if (i % 6 === 5) all.set(draft.id, false)
    else all.set((await fx.publish(draft.id, T0 - hours(i % 9))).id, true)
  }
  let inserted = 0
  const insert = async () => {
    // Between fetches: a backdated one (it lands in pages still to come), one published now, and a draft.
    api.clock.now = T0 + hours(1) + minutes(++inserted)
    all.set((await fx.published({ title: `Sisipan lama ${inserted}` }, T0 - hours(4) - minutes(inserted))).id, true)
    all.set((await fx.published({ title: `Sisipan baru ${inserted}` })).id, true)
    all.set((await fx.draft({ title: `Sisipan draf ${inserted}` })).id, false)
  }

  const keyOf: Record<string, (row: ListBody['data'][number]) => [number, number]> = {
    publishedAt: (row) => [row.publishedAt === null ? -Infinity : Date.parse(row.publishedAt), row.id],
    updatedAt: (row) => [Date.parse(row.updatedAt), row.id],
  }
  for (const as of [undefined, 'write'] as const) {
    for (const sort of ['-publishedAt', 'publishedAt', '-updatedAt', 'updatedAt']) {
      const label = `${as ?? 'public'} sort=${sort}`
      const atStart = [...all].filter(([, published]) => published || as === 'write').map(([id]) => id)
      const call = async (url: string) => {
        const res = await api.call({ method: 'GET', url, as })
        t.equal(res.statusCode, 200, url)
        return { ...(res.json() as ListBody), link: res.headers.link as string | undefined }
      }
      const before = inserted
      const seen = await walk(t, call, `/v1/articles?limit=7&sort=${sort}`, async (page) => {
        if (page < 4) await insert()
      })
      t.equal(inserted - before, 4, `${label}: rows were inserted between the first fetches`)
      t.ok(seen.length >= atStart.length && atStart.length >= 38, `${label}: ${seen.length} rows over ${Math.ceil(seen.length / 7)} pages`)
      const ids = seen.map((row) => row.id)
      t.equal(new Set(ids).size, ids.length, `${label}: no duplicates`)
      t.same(
        atStart.filter((id) => !ids.includes(id)),
        [],
        `${label}: no gaps among the ${atStart.length} rows there at the start`,
      )
      if (as === undefined)
        t.same(
          seen.filter((row) => row.status !== 'published'),
          [],
          `${label}: nothing hidden`,
        )
      const key = keyOf[sort.replace('-', '')]!
      const sign = sort.startsWith('-') ? -1 : 1
      const inOrder = seen.every((row, i) => {
        if (i === 0) return true
        const [a, aId] = key(seen[i - 1]!)
        const [b, bId] = key(row)
        return sign * (a === b ? aId - bId : a - b) < 0
      })
      t.ok(inOrder, `${label}: in (${sort}, id) order across pages`)
    }
  }
})

t.test('query validation: bad cursor, limit out of range, unknown parameters, bad values', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  for (let i = 0; i < 3; i++) await fx.published({ title: `Berita ${i}` })
  const first = (await api.call({ method: 'GET', url: '/v1/articles?limit=1' })).json() as ListBody
  t.type(first.page.nextCursor, 'string')
  t.same(await fx.ids(`/v1/articles?limit=1&cursor=${first.page.nextCursor}`), [2], 'a real cursor works')

  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const invalid: Array<[string, string]> = [
    ['cursor=abc', '/cursor'],
    [`cursor=${forged(['x', 1])}`, '/cursor'],
    [`cursor=${forged([1, 0])}`, '/cursor'],
    [`cursor=${forged({ id: 1 })}`, '/cursor'],
    [`cursor=${encodeURIComponent('a+b/c=')}`, '/cursor'],
    ['limit=0', '/limit'],
    ['limit=101', '/limit'],
    ['limit=-1', '/limit'],
    ['limit=lima', '/limit'],
    ['sort=title', '/sort'],
    ['sort=-id', '/sort'],
    ['category=Ekonomi%20Bisnis', '/category'],
    ['publishedAfter=kemarin', '/publishedAfter'],
    ['publishedBefore=2026-07-23', '/publishedBefore'],
    ['updatedSince=1785000000', '/updatedSince'],
    ['page=2', '/page'],
    ['offset=20', '/offset'],
  ]
  for (const [query, path] of invalid) {
    const res = await api.call({ method: 'GET', url: `/v1/articles?${query}`, as: 'write' })
    assertProblem(t, res, 400, 'validation_failed', { errors: [{ in: 'query', path }] })
  }
  t.same(await fx.ids('/v1/articles?limit=100'), [3, 2, 1], 'limit 100 is allowed')
  const last = await api.call({ method: 'GET', url: '/v1/articles?limit=3' })
  t.same(last.json().page, { limit: 3, nextCursor: null })
  t.equal(last.headers.link, undefined, 'no Link on an exactly full last page')
})
