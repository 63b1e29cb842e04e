import t from 'tap'
import { articleFixtures, hours, iso, minutes, T0 } from '../article-fixtures.js'
import { build, type TestApp } from '../helper.js'

/**
 * The standard formats through HTTP: what they carry, that only public articles ever appear, that a change shows
 * on the next request, and how bad parameters are refused. Their validity against each format's own schema is
 * test/modules/formats-validity.test.ts.
 */

const feeds = ['/v1/feeds/rss', '/v1/feeds/atom', '/v1/feeds/json'] as const
const sitemaps = ['/v1/sitemaps/news.xml', '/v1/sitemaps/index.xml', '/v1/sitemaps/articles/2026-07.xml'] as const

async function newsroom(t: Parameters<typeof build>[0]) {
  const api = await build(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Internasional')
  const shown = await fx.published(
    {
      title: 'Lukashenko Sambut Putin di Minsk',
      summary: 'Kedua pemimpin membahas pasokan gas.',
      dateline: 'MINSK',
      categoryId: category.id,
      tags: ['Rusia', 'Belarusia'],
    },
    T0 - hours(2),
  )
  return { api, fx, category, shown }
}

/** Every format's document, as text, for one caller. */
async function everything(
  api: TestApp,
  ids: number[],
  as?: 'read' | 'write' | 'admin',
): Promise<Map<string, { status: number; body: string }>> {
  const urls = [
    ...feeds.flatMap((f) => [f, `${f}?content=summary`]),
    ...sitemaps,
    ...ids.flatMap((id) => [`/v1/articles/${id}/ninjs`, `/v1/articles/${id}/jsonld`]),
  ]
  const out = new Map<string, { status: number; body: string }>()
  for (const url of urls) {
    const res = await api.call({ method: 'GET', url, as })
    out.set(url, { status: res.statusCode, body: res.body })
  }
  return out
}

t.test('drafts, scheduled and archived articles appear in no format, for any caller', async (t) => {
  const { api, fx, shown } = await newsroom(t)
  const draft = await fx.draft({ title: 'Rencana Redaksi Rahasia Draf' })
  const scheduled = await fx.published({ title: 'Jadwal Rahasia Besok Pagi' }, T0 + hours(5))
  const archived = await fx.published({ title: 'Arsip Rahasia Lama Sekali' }, T0 - hours(3))
  t.equal((await fx.act(archived.id, 'archive')).statusCode, 200)
  for (const as of [undefined, 'read', 'write', 'admin'] as const) {
    const documents = await everything(api, [shown.id, draft.id, scheduled.id, archived.id], as)
    for (const [url, { status, body }] of documents) {
      t.notMatch(body, /Rahasia/, `${as ?? 'anonymous'}: ${url} shows nothing hidden`)
      if (url.includes(`/${draft.id}/`) || url.includes(`/${scheduled.id}/`) || url.includes(`/${archived.id}/`))
        t.equal(status, 404, `${as ?? 'anonymous'}: ${url} is 404, as a missing article`)
      else t.equal(status, 200, `${as ?? 'anonymous'}: ${url}`)
    }
    t.match(documents.get('/v1/feeds/rss')!.body, /Lukashenko Sambut Putin di Minsk/, 'the public article is there')
  }
  t.equal((await api.call({ method: 'GET', url: '/v1/articles/999/ninjs' })).statusCode, 404)
  t.equal((await api.call({ method: 'GET', url: '/v1/articles/999/jsonld' })).statusCode, 404)
})

t.test('a change shows in every format on the next request: unpublish, publish, schedule reached, correction, delete', async (t) => {
  const { api, fx, shown } = await newsroom(t)
  // Warm every cache first: what follows proves that the change drops them.
  const before = await everything(api, [shown.id])
  for (const [url, { status }] of before) t.equal(status, 200, `${url} is served`)

  t.equal((await fx.act(shown.id, 'unpublish')).statusCode, 200)
  const gone = await everything(api, [shown.id])
  for (const url of [...feeds, '/v1/sitemaps/news.xml']) t.notMatch(gone.get(url)!.body, /Lukashenko/, `unpublished: gone from ${url}`)
  t.equal(gone.get(`/v1/articles/${shown.id}/ninjs`)!.status, 404, 'unpublished: ninjs is 404')
  t.equal(gone.get('/v1/sitemaps/articles/2026-07.xml')!.status, 404, 'a month with no public article has no sitemap')
  t.notMatch(gone.get('/v1/sitemaps/index.xml')!.body, /2026-07/, 'nor a line in the index')

  await fx.publish(shown.id)
  const back = await everything(api, [shown.id])
  for (const url of [...feeds, '/v1/sitemaps/news.xml', '/v1/sitemaps/articles/2026-07.xml'])
    t.match(back.get(url)!.body, /lukashenko/i, `published again: back in ${url}`)

  const later = await fx.published({ title: 'Jadwal Rilis Data Inflasi' }, T0 + minutes(30))
  t.notMatch((await api.call({ method: 'GET', url: '/v1/feeds/rss' })).body, /Inflasi/, 'scheduled: not yet')
  api.clock.now = T0 + minutes(31)
  for (const url of [...feeds, '/v1/sitemaps/news.xml'])
    t.match((await api.call({ method: 'GET', url })).body, /Inflasi/, `its time reached: in ${url}, with no job run`)
  t.equal((await api.call({ method: 'GET', url: `/v1/articles/${later.id}/jsonld` })).statusCode, 200)

  api.clock.now = T0 + hours(1)
  const modifiedBefore = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/jsonld` })).json().dateModified
  t.equal((await fx.patch(shown.id, { title: 'Lukashenko Sambut Putin di Minsk (Koreksi)' })).statusCode, 200)
  const jsonld = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/jsonld` })).json()
  t.equal(jsonld.headline, 'Lukashenko Sambut Putin di Minsk (Koreksi)')
  t.ok(Date.parse(jsonld.dateModified) > Date.parse(modifiedBefore), 'a correction moves dateModified')
  t.equal(jsonld.dateModified, '2026-07-23T18:00:00+07:00', 'in the newsroom time zone')
  const atom = (await api.call({ method: 'GET', url: '/v1/feeds/atom' })).body
  t.match(atom, /<updated>2026-07-23T18:00:00\+07:00<\/updated>/, "and Atom's updated")
  const ninjs = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/ninjs` })).json()
  t.equal(ninjs.versionCreated, '2026-07-23T18:00:00+07:00', "and ninjs's versionCreated")

  const etag = await fx.etag(shown.id)
  t.equal(
    (await api.call({ method: 'DELETE', url: `/v1/articles/${shown.id}`, as: 'write', headers: { 'if-match': etag } })).statusCode,
    204,
  )
  for (const url of [...feeds, '/v1/sitemaps/news.xml', '/v1/sitemaps/articles/2026-07.xml'])
    t.notMatch((await api.call({ method: 'GET', url })).body, /Lukashenko/, `deleted: gone from ${url}`)
  t.equal((await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/ninjs` })).statusCode, 404)
})

t.test('a renamed category, tag or author shows in the feeds and documents at once', async (t) => {
  const { api, fx, category, shown } = await newsroom(t)
  const writer = await fx.writer()
  await everything(api, [shown.id])
  await fx.rename('categories', category.id, { name: 'Dunia' })
  await fx.rename('authors', writer.id, { name: 'Anton S.' })
  const tag = shown.tags.find((tag) => tag.name === 'Rusia')!
  await fx.rename('tags', tag.id, { name: 'Federasi Rusia' })
  const rss = (await api.call({ method: 'GET', url: '/v1/feeds/rss' })).body
  t.match(rss, /<category>Dunia<\/category>/)
  t.match(rss, /<dc:creator>Anton S\.<\/dc:creator>/)
  t.match(rss, /<category>Federasi Rusia<\/category>/)
  const jsonld = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/jsonld` })).json()
  t.equal(jsonld.articleSection, 'Dunia')
  t.same(jsonld.author, [{ '@type': 'Person', name: 'Anton S.', url: `https://www.kabar.example/penulis/${writer.slug}` }])
  t.same(jsonld.keywords, ['Federasi Rusia', 'Belarusia'])
  const feed = (await api.call({ method: 'GET', url: `/v1/feeds/json?category=${category.slug}` })).json()
  t.equal(feed.title, 'Kabar — Dunia', "the category feed's title follows its name")
})

t.test('feeds per category, tag and author, with limit and content', async (t) => {
  const { api, fx, category, shown } = await newsroom(t)
  const other = await fx.category('Ekonomi')
  const economist = await fx.author('Dewi Lestari')
  const rupiah = await fx.published(
    { title: 'Rupiah Menguat', categoryId: other.id, tags: ['Rupiah'], bylines: [{ authorId: economist.id, role: 'writer' }] },
    T0 - hours(1),
  )
  const titles = async (query: string) =>
    ((await api.call({ method: 'GET', url: `/v1/feeds/json${query}` })).json().items as { title: string }[]).map((i) => i.title)
  t.same(await titles(''), ['Rupiah Menguat', shown.title], 'the site: newest first')
  t.same(await titles(`?category=${category.slug}`), [shown.title])
  t.same(await titles(`?category=${other.slug}`), ['Rupiah Menguat'])
  t.same(await titles('?tag=rusia'), [shown.title])
  t.same(await titles(`?author=${economist.slug}`), ['Rupiah Menguat'])
  t.same(await titles('?limit=1'), ['Rupiah Menguat'])

  const full = (await api.call({ method: 'GET', url: '/v1/feeds/json' })).json().items[0]
  t.equal(full.content_html, '<p>MINSK, Kabar – Presiden Belarusia menyambut tamunya.</p>', 'full: the sanitised body')
  t.equal(full.summary, 'MINSK, Kabar – Presiden Belarusia menyambut tamunya.', 'no summary: the beginning of the text')
  const brief = (await api.call({ method: 'GET', url: '/v1/feeds/json?content=summary' })).json().items
  t.notOk('content_html' in brief[0], 'summary: no body')
  t.equal(brief[1].content_text, 'Kedua pemimpin membahas pasokan gas.')
  const rss = (await api.call({ method: 'GET', url: '/v1/feeds/rss?content=summary' })).body
  t.notMatch(rss, /content:encoded/)
  t.match((await api.call({ method: 'GET', url: `/v1/feeds/atom?author=${economist.slug}` })).body, /<title>Kabar — Dewi Lestari<\/title>/)
  t.equal(rupiah.status, 'published')
})

t.test('bad parameters are 400 problems; unknown channels and formats are 404 problems', async (t) => {
  const { api, category } = await newsroom(t)
  const bad = [
    '/v1/feeds/rss?limit=0',
    '/v1/feeds/rss?limit=101',
    '/v1/feeds/atom?limit=ten',
    '/v1/feeds/json?content=everything',
    `/v1/feeds/rss?category=${category.slug}&tag=rusia`,
    '/v1/feeds/rss?category=Not%20A%20Slug',
    '/v1/feeds/rss?format=atom',
    '/v1/sitemaps/news.xml?page=2',
    '/v1/sitemaps/articles/2026-13.xml',
    '/v1/sitemaps/articles/2026-7.xml',
    '/v1/sitemaps/articles/2026-07-0.xml',
    '/v1/articles/1/ninjs?include=related',
  ]
  for (const url of bad) {
    const res = await api.call({ method: 'GET', url })
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: a problem`)
    t.equal(res.json().code, 'validation_failed')
  }
  const combined = (await api.call({ method: 'GET', url: `/v1/feeds/rss?category=${category.slug}&author=x` })).json()
  t.match(combined.errors, [{ in: 'query', path: '/author' }], 'the problem names the extra parameter')
  const missing = [
    '/v1/feeds/rss?category=olahraga',
    '/v1/feeds/rss?tag=tidak-ada',
    '/v1/feeds/json?author=tidak-ada',
    '/v1/feeds/xml',
    '/v1/articles/1/newsml',
    '/v1/sitemaps/articles/2019-01.xml',
    '/v1/sitemaps/articles/2026-07-2.xml',
    '/v1/sitemaps/other.xml',
  ]
  for (const url of missing) {
    const res = await api.call({ method: 'GET', url })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: a problem`)
  }
})

t.test('media types, strong ETags, 304 and the public caching of JSON', async (t) => {
  const { api, shown } = await newsroom(t)
  const types: Record<string, RegExp> = {
    '/v1/feeds/rss': /^application\/rss\+xml; charset=utf-8$/,
    '/v1/feeds/atom': /^application\/atom\+xml; charset=utf-8$/,
    '/v1/feeds/json': /^application\/feed\+json; charset=utf-8$/,
    [`/v1/articles/${shown.id}/ninjs`]: /^application\/json; charset=utf-8$/,
    [`/v1/articles/${shown.id}/jsonld`]: /^application\/ld\+json; charset=utf-8$/,
    '/v1/sitemaps/news.xml': /^application\/xml; charset=utf-8$/,
    '/v1/sitemaps/index.xml': /^application\/xml; charset=utf-8$/,
    '/v1/sitemaps/articles/2026-07.xml': /^application\/xml; charset=utf-8$/,
  }
  for (const [url, type] of Object.entries(types)) {
    const res = await api.call({ method: 'GET', url })
    t.match(res.headers['content-type'], type, url)
    t.match(res.headers.etag, /^"[^"]+"$/, `${url}: a strong ETag`)
    t.equal(res.headers['cache-control'], 'public, max-age=60, s-maxage=60, stale-while-revalidate=60')
    t.match(res.headers['surrogate-key'], /\S/, `${url}: dependency keys for CDN purges`)
    const again = await api.call({ method: 'GET', url, headers: { 'if-none-match': res.headers.etag as string } })
    t.equal(again.statusCode, 304, `${url}: 304 to its own ETag`)
    t.equal(again.body, '')
    t.equal((await api.call({ method: 'GET', url, as: 'read' })).headers['cache-control'], 'private, no-store', 'keyed: not shared')
  }
})

t.test('by slug: the same document, and an old slug answers 301 to the new one', async (t) => {
  const { api, fx, shown } = await newsroom(t)
  for (const format of ['ninjs', 'jsonld']) {
    const byId = await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/${format}` })
    const bySlug = await api.call({ method: 'GET', url: `/v1/articles/slug/${shown.slug}/${format}` })
    t.equal(bySlug.statusCode, 200)
    t.equal(bySlug.body, byId.body, `${format}: the same document`)
    t.equal(bySlug.headers.etag, byId.headers.etag)
  }
  t.equal((await fx.patch(shown.id, { slug: 'putin-di-minsk' })).statusCode, 200)
  const moved = await api.call({ method: 'GET', url: `/v1/articles/slug/${shown.slug}/ninjs` })
  t.equal(moved.statusCode, 301)
  t.equal(moved.headers.location, '/v1/articles/slug/putin-di-minsk/ninjs')
  t.equal(
    (await api.call({ method: 'GET', url: '/v1/articles/slug/putin-di-minsk/jsonld' })).json().url,
    'https://www.kabar.example/internasional/putin-di-minsk',
  )
  const draft = await fx.draft({ title: 'Draf Rahasia' })
  t.equal((await api.call({ method: 'GET', url: `/v1/articles/slug/${draft.slug}/jsonld` })).statusCode, 404, 'a draft is 404 by slug too')
  t.equal((await api.call({ method: 'GET', url: `/v1/articles/slug/${draft.slug}/ninjs`, as: 'admin' })).statusCode, 404, 'whoever asks')
})

t.test('the newsroom configuration: publication, time zone, public base URL, author pages', async (t) => {
  const api = await build(t, {
    publicationName: 'iNews Regional',
    publicationUrl: 'https://regional.inews.example/',
    publicationLanguage: 'id',
    timeZone: 'Asia/Makassar',
    publicBaseUrl: 'https://api.inews.example',
    copyrightHolder: 'PT Kabar Media',
    usageTerms: 'Hanya untuk mitra jaringan',
    publicationLogoUrl: 'https://regional.inews.example/logo.png',
    authorUrlTemplate: 'https://regional.inews.example/penulis/{slug}',
  })
  const fx = articleFixtures(api)
  const shown = await fx.published({ summary: 'Ringkas.' }, T0 - hours(1))
  const rss = (await api.call({ method: 'GET', url: '/v1/feeds/rss?limit=5' })).body
  t.match(rss, /<title>iNews Regional<\/title>/)
  t.match(rss, /<atom:link href="https:\/\/api\.inews\.example\/v1\/feeds\/rss\?limit=5&amp;content=full" rel="self"/, 'its own URL')
  t.match(rss, /<pubDate>Thu, 23 Jul 2026 17:00:00 \+0800<\/pubDate>/, 'WITA is UTC+8')
  t.match(rss, /<copyright>PT Kabar Media<\/copyright>/)
  t.match(rss, new RegExp(`<guid isPermaLink="false">https://api\\.inews\\.example/v1/articles/${shown.id}</guid>`))
  const ninjs = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/ninjs` })).json()
  t.equal(ninjs.usageTerms, 'Hanya untuk mitra jaringan')
  t.equal(ninjs.copyrightHolder, 'PT Kabar Media')
  t.equal(ninjs.firstCreated, '2026-07-23T17:00:00+08:00')
  const jsonld = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/jsonld` })).json()
  t.same(jsonld.publisher, {
    '@type': 'NewsMediaOrganization',
    name: 'iNews Regional',
    url: 'https://regional.inews.example/',
    logo: { '@type': 'ImageObject', url: 'https://regional.inews.example/logo.png' },
  })
  t.match(jsonld.author, [{ url: /^https:\/\/regional\.inews\.example\/penulis\// }])
  const index = (await api.call({ method: 'GET', url: '/v1/sitemaps/index.xml' })).body
  t.match(index, /<loc>https:\/\/api\.inews\.example\/v1\/sitemaps\/articles\/2026-07\.xml<\/loc>/)
  const feed = (await api.call({ method: 'GET', url: '/v1/feeds/json' })).json()
  t.equal(feed.feed_url, 'https://api.inews.example/v1/feeds/json?limit=50&content=full')
  t.equal(feed.icon, 'https://regional.inews.example/logo.png')
})

t.test('headlines are cut to 110 characters for JSON-LD; text XML cannot carry is dropped', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const long = `${'Pemerintah Umumkan Paket Kebijakan Ekonomi '.repeat(4)}Terbaru`
  const shown = await fx.published({ title: long, summary: 'Tab\tdan baris\nbaru tetap.' }, T0 - hours(1))
  const jsonld = (await api.call({ method: 'GET', url: `/v1/articles/${shown.id}/jsonld` })).json()
  t.ok([...jsonld.headline].length <= 110, `${[...jsonld.headline].length} characters`)
  t.equal(
    jsonld.headline,
    'Pemerintah Umumkan Paket Kebijakan Ekonomi Pemerintah Umumkan Paket Kebijakan Ekonomi Pemerintah Umumkan…',
    'cut at a word, with an ellipsis',
  )
  const rss = (await api.call({ method: 'GET', url: '/v1/feeds/rss' })).body
  t.match(rss, /<description>Tab\tdan baris\nbaru tetap\.<\/description>/)
  t.match(rss, new RegExp(`<title>${long}</title>`), 'the feed keeps the whole title')
})

t.test('a News sitemap holds the last 48 hours only, and an article leaves it by the clock', async (t) => {
  const { api, fx, shown } = await newsroom(t)
  const old = await fx.published({ title: 'Berita Tiga Hari Lalu' }, T0 - hours(72))
  const news = (await api.call({ method: 'GET', url: '/v1/sitemaps/news.xml' })).body
  t.match(news, /Lukashenko/)
  t.notMatch(news, /Tiga Hari Lalu/, 'older than two days: not in the News sitemap')
  t.match((await api.call({ method: 'GET', url: '/v1/sitemaps/articles/2026-07.xml' })).body, new RegExp(old.slug), 'but in its month')
  api.clock.now = shown.publishedAt === null ? T0 : Date.parse(shown.publishedAt) + hours(48) + 1
  t.notMatch((await api.call({ method: 'GET', url: '/v1/sitemaps/news.xml' })).body, /Lukashenko/, 'two days on, it has left')
  t.equal(iso(T0), '2026-07-23T10:00:00.000Z')
})
