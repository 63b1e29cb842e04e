import t, { type Test } from 'tap'
import { articleFixtures, buildApp, minutes, T0, type ListBody } from '../article-fixtures.js'
import type { TestApp } from '../helper.js'

// "A list never issues one query per row": the SQL statements one request executes do not grow with the page size,
// on a cold representation cache and on a warm one. Statements are counted where the driver runs them (test/helper.ts).

const statementsDuring = <T>(api: TestApp, request: () => Promise<T>) => api.statementsDuring(request)

/** 100 published articles, each with a category, two tags and two bylines (writer and editor). */
async function seed(t: Test): Promise<TestApp> {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const anton = await fx.writer()
  const editors = [await fx.author('Budi Santoso'), await fx.author('Citra Lestari'), await fx.author('Dewi Anggraini')]
  const categories = [await fx.category('Nasional'), await fx.category('Ekonomi')]
  for (let i = 0; i < 100; i++) {
    api.clock.now = T0 + minutes(i)
    await fx.published({
      title: `Berita ${i}`,
      categoryId: categories[i % 2]!.id,
      tags: ['Pemilu', `Topik ${i % 10}`],
      bylines: [
        { authorId: anton.id, role: 'writer' },
        { authorId: editors[i % 3]!.id, role: 'editor' },
      ],
    })
  }
  api.clock.now = T0 + minutes(200)
  return api
}

/** GETs `url`, checks it answered a full page with every relation embedded, and returns the statements run. */
async function measure(t: Test, api: TestApp, url: string, size: number, as?: 'write') {
  const { result, sql } = await statementsDuring(api, () => api.call({ method: 'GET', url, as }))
  t.equal(result.statusCode, 200, url)
  const { data } = result.json() as ListBody
  t.equal(data.length, size, `${url}: a full page`)
  t.ok(
    data.every((a) => a.category !== null && a.tags.length === 2 && a.bylines.length === 2),
    `${url}: relations embedded`,
  )
  return sql
}

t.test('the statement counter sees every statement run, each time it runs', async (t) => {
  const api = await buildApp(t)
  const { sql } = await statementsDuring(api, async () => {
    for (let i = 0; i < 3; i++) await api.sql('select 1 as one')
  })
  t.same(sql, ['select 1 as one', 'select 1 as one', 'select 1 as one'])
  const { sql: after } = await statementsDuring(api, () => api.call({ method: 'GET', url: '/v1/articles' }))
  t.ok(after.length >= 1, `a list request runs SQL the counter sees (${after.length})`)
})

t.test('a page of 1 and a page of 100 run the same few statements, cold and cached', async (t) => {
  const filters = 'category=nasional&tag=pemilu&author=anton-suhartono'
  const runs: Record<number, { cold: string[]; cached: string[]; coldFiltered: string[]; cachedFiltered: string[] }> = {}
  for (const size of [1, 100]) {
    const api = await seed(t)
    // A fresh app whose cache has seen no read: cold.
    const cold = await measure(t, api, `/v1/articles?limit=${size}`, size)
    const cached = await measure(t, api, `/v1/articles?limit=${size}`, size)
    // Renaming the writer of every article changes every article (and drops each one's cached summary): the
    // filtered list of a write key then starts cold again.
    const fx = articleFixtures(api)
    const author = await api.call({ method: 'GET', url: '/v1/authors/1', as: 'write' })
    await fx.expect(
      {
        method: 'PATCH',
        url: '/v1/authors/1',
        as: 'write',
        headers: { 'if-match': author.headers.etag as string },
        payload: { name: 'Anton S.' },
      },
      200,
    )
    const filteredSize = Math.min(size, 50)
    const coldFiltered = await measure(t, api, `/v1/articles?limit=${filteredSize}&${filters}`, filteredSize, 'write')
    const cachedFiltered = await measure(t, api, `/v1/articles?limit=${filteredSize}&${filters}`, filteredSize, 'write')
    runs[size] = { cold, cached, coldFiltered, cachedFiltered }
  }
  const one = runs[1]!
  const hundred = runs[100]!
  t.equal(hundred.cold.length, one.cold.length, 'cold: a page of 100 runs as many statements as a page of 1', {
    one: one.cold,
    hundred: hundred.cold,
  })
  t.ok(one.cold.length <= 6, `cold: a handful of statements (${one.cold.length}: the page and its relations, batch-loaded)`, {
    sql: one.cold,
  })
  t.ok(
    hundred.cached.length <= one.cached.length,
    `cached: a page of 100 costs no more than a page of 1 (${hundred.cached.length} vs ${one.cached.length})`,
    { one: one.cached, hundred: hundred.cached },
  )
  t.ok(one.cached.length < one.cold.length, `cached: fewer statements than cold (${one.cached.length} < ${one.cold.length})`)
  t.ok(
    hundred.cached.length < hundred.cold.length,
    `cached 100: fewer statements than cold (${hundred.cached.length} < ${hundred.cold.length})`,
  )

  t.equal(hundred.coldFiltered.length, one.coldFiltered.length, 'filtered, write key, cold: same count for 1 and 50 rows', {
    one: one.coldFiltered,
    fifty: hundred.coldFiltered,
  })
  t.ok(one.coldFiltered.length <= 12, `filtered, write key, cold: still a handful (${one.coldFiltered.length})`, { sql: one.coldFiltered })
  t.ok(hundred.cachedFiltered.length <= one.cachedFiltered.length, 'filtered, write key, cached: 50 rows cost no more than 1')
  t.ok(one.cachedFiltered.length < one.coldFiltered.length, 'the rename dropped the summaries: the filtered list ran cold')
})

t.test('an article with 20 related links and 5 captions embeds them in as many statements as one with 1 of each', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.category('Nasional')
  for (let i = 0; i < 23; i++) await fx.published({ title: `Berita ${i}`, categoryId: 1, tags: ['Pemilu'] })
  const embeds = async (articleId: number, targets: number[], photos: number) => {
    await fx.expect(
      {
        method: 'PUT',
        url: `/v1/articles/${articleId}/related`,
        as: 'write',
        headers: { 'if-match': await fx.etag(articleId) },
        payload: { articleIds: targets },
      },
      200,
    )
    for (let i = 0; i < photos; i++) {
      const payload = {
        role: i === 0 ? 'featured' : 'inline',
        imageUrl: `https://img.kabar.example/${articleId}-${i}.jpg`,
        credit: 'Reuters',
      }
      await fx.expect({ method: 'POST', url: `/v1/articles/${articleId}/captions`, as: 'write', payload }, 201)
    }
  }
  await embeds(
    1,
    Array.from({ length: 20 }, (_, i) => i + 3),
    5,
  )
  await embeds(2, [23], 1)

  const embed = async (id: number, related: number, captionCount: number) => {
    const { result, sql } = await statementsDuring(api, () =>
      api.call({ method: 'GET', url: `/v1/articles/${id}?include=captions,related` }),
    )
    t.equal(result.statusCode, 200)
    t.match(result.json(), { id, related: { length: related }, captions: { length: captionCount }, image: { role: 'featured' } })
    return sql
  }
  // Both cold: the last write emptied the cache, and neither article nor their targets have been read since.
  const many = await embed(1, 20, 5)
  const few = await embed(2, 1, 1)
  t.equal(many.length, few.length, 'as many statements for 20 links and 5 captions as for 1 of each', { many, few })
  t.ok(many.length <= 12, `a bounded number (${many.length})`, { sql: many })
  t.match((await api.call({ method: 'GET', url: '/v1/articles/1?include=related' })).json(), {
    related: Array.from({ length: 20 }, (_, i) => ({
      position: i,
      article: { id: i + 3, category: { slug: 'nasional' }, tags: [{ slug: 'pemilu' }] },
    })),
  })
})

t.test('a title-only PATCH runs at most 11 statements; naming a new tag drops nothing unrelated', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Nasional')
  const first = await fx.published({ title: 'Pertama', categoryId: category.id, tags: ['Pemilu'] })
  const second = await fx.published({ title: 'Kedua', categoryId: category.id, tags: ['Pemilu'] })
  const etag = await fx.etag(first.id)

  const { result, sql } = await statementsDuring(api, () =>
    api.call({
      method: 'PATCH',
      url: `/v1/articles/${first.id}`,
      as: 'write',
      headers: { 'if-match': etag },
      payload: { title: 'Pertama, Diubah' },
    }),
  )
  t.equal(result.statusCode, 200)
  // The key, the article (outside the transaction), BEGIN, its guard, the update, its two search-index rows, the
  // change-log event, the article read back with its relations and its stored representation written, COMMIT.
  t.ok(sql.length <= 11, `${sql.length} statements, the key lookup and the transaction included`, { sql })

  // Warm the other article's representations, then name a tag nobody has used yet on the first one.
  for (const url of [`/v1/articles/${second.id}`, `/v1/articles/${second.id}?include=captions`, `/v1/articles/slug/${second.slug}`])
    await api.call({ method: 'GET', url })
  const patched = await fx.patch(first.id, { tags: ['Pemilu', 'Tag Baru'] })
  t.equal(patched.statusCode, 200)
  for (const url of [`/v1/articles/${second.id}`, `/v1/articles/${second.id}?include=captions`, `/v1/articles/slug/${second.slug}`]) {
    const { result: hit, sql: none } = await statementsDuring(api, () => api.call({ method: 'GET', url }))
    t.equal(hit.statusCode, 200)
    t.same(none, [], `${url} is still served from the cache`)
  }
  const { sql: fresh } = await statementsDuring(api, () => api.call({ method: 'GET', url: `/v1/articles/${first.id}` }))
  t.ok(fresh.length > 0, 'the changed article itself is rendered again')
})
