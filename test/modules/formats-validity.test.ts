import t from 'tap'
import { seedIfEmpty } from '../../src/seed/demo.js'
import {
  jsonFeedErrors,
  newsArticleJsonLdErrors,
  newsSitemapErrors,
  ninjsErrors,
  parseFeed,
  sitemapIndexErrors,
  urlsetErrors,
} from '../fixtures/formats.js'
import { build } from '../helper.js'

/**
 * Every document generated from the demo newsroom, validated by its publisher's own definition: ninjs 3.1 with Ajv
 * (IPTC's schema; test/formats-validators.test.ts runs IPTC's pass/fail fixtures through the same validator), JSON
 * Feed 1.1 by its schema, sitemaps by sitemap.xsd and siteindex.xsd plus Google's News rules, RSS and Atom parsed
 * back by an independent parser and compared item by item with the JSON API, JSON-LD by Google's NewsArticle rules.
 */

const api = await build(t)
await seedIfEmpty(api.app.store, api.app.services, () => api.clock.now)
const get = async (url: string) => {
  const res = await api.call({ method: 'GET', url })
  if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body}`)
  return res.body
}

interface Summary {
  id: number
  title: string
  url: string
  publishedAt: string
  bylines: { role: string; author: { name: string } }[]
  image: { imageUrl: string; text: string | null; credit: string | null } | null
  category: { name: string } | null
  tags: { name: string }[]
}
const list = JSON.parse(await get('/v1/articles?limit=50')).data as Summary[]
const writers = (a: Summary) => a.bylines.filter((b) => b.role === 'writer' || b.role === 'contributor').map((b) => b.author.name)

t.test('the demo newsroom has public articles to check', async (t) => {
  t.ok(list.length >= 10, `${list.length} public articles`)
  t.ok(
    list.some((a) => a.image !== null),
    'some with a featured photo',
  )
})

t.test('RSS and Atom, parsed back, carry every item as the JSON API shows it', async (t) => {
  for (const format of ['rss', 'atom']) {
    const feed = parseFeed(await get(`/v1/feeds/${format}`))
    t.equal(feed.title, 'Kabar', `${format}: the channel`)
    t.equal(feed.language, 'id')
    t.equal(feed.items.length, list.length, `${format}: every public article`)
    feed.items.forEach((item, i) => {
      const article = list[i]!
      t.equal(item.title, article.title, `${format} item ${i}: title`)
      t.equal(item.link, article.url, `${format} item ${i}: link`)
      t.equal(item.published, article.publishedAt, `${format} item ${i}: date`)
      t.same(item.authors, writers(article), `${format} item ${i}: writers`)
      t.equal(item.image, article.image?.imageUrl ?? null, `${format} item ${i}: photo`)
      t.equal(item.imageCredit, article.image?.credit ?? null, `${format} item ${i}: credit`)
      t.same(item.categories, [...(article.category ? [article.category.name] : []), ...article.tags.map((tag) => tag.name)])
    })
  }
})

t.test('JSON Feed 1.1: valid by its schema, per channel and content', async (t) => {
  const urls = ['/v1/feeds/json', '/v1/feeds/json?content=summary', '/v1/feeds/json?category=internasional', '/v1/feeds/json?limit=3']
  for (const url of urls) {
    const feed = JSON.parse(await get(url))
    t.same(jsonFeedErrors(feed), [], url)
    t.ok(feed.items.length > 0, `${url}: not empty`)
  }
  const items = JSON.parse(await get('/v1/feeds/json')).items as { title: string; url: string; date_published: string }[]
  t.same(
    items.map((i) => [i.title, i.url, Date.parse(i.date_published)]),
    list.map((a) => [a.title, a.url, Date.parse(a.publishedAt)]),
  )
})

t.test('ninjs 3.1 and NewsArticle JSON-LD for every public article', async (t) => {
  for (const article of list) {
    const ninjs = JSON.parse(await get(`/v1/articles/${article.id}/ninjs`))
    t.same(ninjsErrors(ninjs), [], `ninjs of ${article.id}`)
    t.equal(ninjs.headlines[0].value, article.title)
    t.equal(ninjs.associations?.[0]?.renditions[0].href, article.image?.imageUrl, `ninjs of ${article.id}: the photo`)
    const jsonld = JSON.parse(await get(`/v1/articles/${article.id}/jsonld`))
    t.same(newsArticleJsonLdErrors(jsonld), [], `JSON-LD of ${article.id}`)
    t.equal(Date.parse(jsonld.datePublished), Math.floor(Date.parse(article.publishedAt) / 1000) * 1000)
  }
})

t.test('sitemaps: the News sitemap, the index and every month it lists', async (t) => {
  const news = await get('/v1/sitemaps/news.xml')
  t.same(await newsSitemapErrors(news, { now: api.clock.now }), [], 'News sitemap')
  const index = await get('/v1/sitemaps/index.xml')
  t.same(await sitemapIndexErrors(index), [], 'sitemap index')
  const months = [...index.matchAll(/<loc>[^<]*(\/v1\/sitemaps\/articles\/[^<]+)<\/loc>/g)].map((m) => m[1]!)
  t.ok(months.length > 0, `${months.length} monthly sitemap(s)`)
  const urlsets = await Promise.all(months.map(get))
  t.same(
    await Promise.all(urlsets.map(urlsetErrors)),
    months.map(() => []),
    'every month is a valid urlset',
  )
  const listed = urlsets.flatMap((xml) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!))
  t.same(listed.sort(), list.map((a) => a.url).sort(), 'the months list every public article once')
})

t.test('documents of a generated history stay valid: odd titles, no photo or summary, every status, many months', async (t) => {
  const api = await build(t)
  const { articleFixtures, T0, hours } = await import('../article-fixtures.js')
  const fx = articleFixtures(api)
  const category = await fx.category('Ekonomi & Bisnis')
  let seed = 7
  const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n
  const titles = [
    'Harga <Cabai> & "Bawang" Naik',
    "Jum'at Berkah di Masjid Istiqlal",
    'Rupiah 15.800/US$ — Kafé Bàli',
    'Ｐｅｍｉｌｕ ２０２９',
  ]
  // One recent article at least: an empty News sitemap is an empty urlset, which sitemap.xsd refuses (see README).
  await fx.published({ title: 'Berita Terkini & Terpanas' }, T0 - hours(1))
  for (let i = 0; i < 24; i++) {
    const draft = await fx.draft({
      title: `${titles[i % titles.length]} ${i}`,
      ...(random(2) === 0 ? { summary: `Ringkasan <b>${i}</b> & lainnya` } : {}),
      ...(random(3) > 0 ? { categoryId: category.id } : {}),
      ...(random(2) === 0 ? { tags: ['Ekonomi', `Topik ${random(4)}`] } : {}),
    })
    if (random(2) === 0) {
      const res = await api.call({
        method: 'POST',
        url: `/v1/articles/${draft.id}/captions`,
        as: 'write',
        headers: { 'if-match': await fx.etag(draft.id) },
        payload: {
          role: 'featured',
          imageUrl: `https://img.kabar.example/${i}.jpg?w=1200&h=800`,
          text: 'Foto <keterangan>',
          credit: 'Foto: Reuters',
        },
      })
      t.equal(res.statusCode, 201)
    }
    const state = random(5)
    if (state === 0) continue // a draft
    await fx.publish(draft.id, state === 1 ? T0 + hours(2 + i) : T0 - hours(i * 300))
    if (state === 2) t.equal((await fx.act(draft.id, 'archive')).statusCode, 200)
  }
  const get = async (url: string) => (await api.call({ method: 'GET', url })).body
  const publicIds = (JSON.parse(await get('/v1/articles?limit=100')).data as { id: number; category: unknown }[]).map((a) => a)
  t.ok(publicIds.length >= 5, `${publicIds.length} public of 25`)
  for (const { id, category: hasCategory } of publicIds) {
    t.same(ninjsErrors(JSON.parse(await get(`/v1/articles/${id}/ninjs`))), [], `ninjs ${id}`)
    const jsonld = newsArticleJsonLdErrors(JSON.parse(await get(`/v1/articles/${id}/jsonld`)))
    // An article without a category has no section to name.
    t.same(hasCategory === null ? jsonld.filter((e) => e !== 'articleSection: missing') : jsonld, [], `JSON-LD ${id}`)
  }
  for (const query of ['', '?content=summary', '?category=ekonomi-dan-bisnis'])
    t.same(jsonFeedErrors(JSON.parse(await get(`/v1/feeds/json${query}`))), [], `JSON Feed ${query}`)
  for (const format of ['rss', 'atom']) t.equal(parseFeed(await get(`/v1/feeds/${format}`)).items.length, publicIds.length, format)
  const index = await get('/v1/sitemaps/index.xml')
  const months = [...index.matchAll(/<loc>[^<]*(\/v1\/sitemaps\/articles\/[^<]+)<\/loc>/g)].map((m) => m[1]!)
  t.ok(months.length > 1, `${months.length} months`)
  const checks = await Promise.all([
    sitemapIndexErrors(index),
    newsSitemapErrors(await get('/v1/sitemaps/news.xml'), { now: api.clock.now }),
    ...(await Promise.all(months.map(get))).map(urlsetErrors),
  ])
  t.same(
    checks,
    checks.map(() => []),
    'the index, the News sitemap and every month',
  )
})
