import t from 'tap'
import { articleFixtures, buildApp as build, hours, iso, minutes, T0 } from '../article-fixtures.js'

// One whole article built the way an editor's client would build it, through HTTP only, then read back the
// way the news site reads it: anonymously, by slug, with its captions and related articles embedded.

const paragraphs = [
  '<p>MINSK, iNews.id – Presiden Belarusia Alexander Lukashenko menyambut Presiden Rusia Vladimir Putin di Istana Kemerdekaan.</p>',
  '<p>Kedua pemimpin membahas pasokan gas, proyek pembangkit nuklir bersama, dan latihan militer di perbatasan.</p>',
  '<p>Putin dijadwalkan kembali ke Moskow pada Senin malam.</p>',
]

t.test('an editor builds a whole article over HTTP and the news site reads it back, complete and in order', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const write = async (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>, status: number, ifMatch?: string) =>
    fx.expect({ method, url, as: 'write', payload, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } }, status)

  const category = (await write('POST', '/v1/categories', { name: 'Internasional', description: 'Berita luar negeri' }, 201)).json()
  const writer = (
    await write('POST', '/v1/authors', { name: 'Anton Suhartono', avatarUrl: 'https://img.kabar.example/anton.jpg' }, 201)
  ).json()
  const editor = (await write('POST', '/v1/authors', { name: 'Rahmat Fiansyah' }, 201)).json()
  const credit = (author: { id: number; slug: string; name: string; avatarUrl: string | null }) => ({
    id: author.id,
    slug: author.slug,
    name: author.name,
    avatarUrl: author.avatarUrl,
  })

  // Three earlier stories to link, each published with its own photo, an hour apart.
  const earlier = []
  for (const [n, title] of ['Putin Tiba di Minsk', 'Gas Rusia untuk Belarusia', 'Latihan Militer di Perbatasan'].entries()) {
    const draft = (
      await write(
        'POST',
        '/v1/articles',
        { title, categoryId: category.id, body: `<p>${title}.</p>`, bylines: [{ authorId: writer.id, role: 'writer' }] },
        201,
      )
    ).json()
    const photo = (
      await write(
        'POST',
        `/v1/articles/${draft.id}/captions`,
        { role: 'featured', imageUrl: `https://img.kabar.example/2026/07/terkait-${n}.jpg`, credit: 'ANTARA' },
        201,
      )
    ).json()
    const { body: _body, ...summary } = (
      await write('POST', `/v1/articles/${draft.id}/publish`, { at: iso(T0 - hours(3 - n)) }, 200, await fx.etag(draft.id))
    ).json()
    earlier.push({ id: summary.id as number, summary, image: photo })
  }

  api.clock.now = T0 + minutes(5)
  const draft = await write(
    'POST',
    '/v1/articles',
    {
      title: 'Lukashenko Sambut Putin di Minsk, Bahas Kerja Sama Energi',
      subtitle: 'Kunjungan kenegaraan pertama tahun ini',
      summary: 'Kedua pemimpin membahas pasokan gas dan proyek nuklir bersama.',
      dateline: 'MINSK',
      source: 'iNews.id',
      body: paragraphs.join(''),
      categoryId: category.id,
      tags: ['Rusia', 'Belarusia', 'Vladimir Putin'],
      bylines: [
        { authorId: writer.id, role: 'writer' },
        { authorId: editor.id, role: 'editor' },
      ],
    },
    201,
  )
  const id = draft.json().id as number
  t.equal(draft.headers.location, `/v1/articles/${id}`)

  const lead = (
    await write(
      'POST',
      `/v1/articles/${id}/captions`,
      {
        role: 'featured',
        imageUrl: 'https://img.kabar.example/2026/07/lukashenko-putin.jpg',
        text: 'Presiden Belarusia Alexander Lukashenko (kanan) menyambut Presiden Rusia Vladimir Putin di Minsk.',
        altText: 'Dua pemimpin berjabat tangan',
        credit: 'Reuters',
      },
      201,
    )
  ).json()
  const inline = (
    await write(
      'POST',
      `/v1/articles/${id}/captions`,
      {
        role: 'inline',
        imageUrl: 'https://img.kabar.example/2026/07/istana.jpg',
        text: 'Istana Kemerdekaan di Minsk.',
        credit: 'ANTARA',
        photographer: 'Bayu Aji Pratama',
      },
      201,
    )
  ).json()

  // The editor's own order, not the order the stories were written in; the PUT answers with the ETag to publish with.
  const order = [earlier[2]!, earlier[0]!, earlier[1]!]
  const linked = await write('PUT', `/v1/articles/${id}/related`, { articleIds: order.map((a) => a.id) }, 200, await fx.etag(id))
  api.clock.now = T0 + minutes(10)
  const published = (await write('POST', `/v1/articles/${id}/publish`, {}, 200, linked.headers.etag as string)).json()
  t.equal(published.status, 'published')

  const res = await api.call({ method: 'GET', url: `/v1/articles/slug/${published.slug}?include=captions,related` })
  t.equal(res.statusCode, 200)
  t.match(res.headers['cache-control'], /^public, max-age=\d+/, 'cacheable by CDNs')
  const article = res.json()
  t.matchOnly(article, {
    id,
    slug: 'lukashenko-sambut-putin-di-minsk-bahas-kerja-sama-energi',
    title: 'Lukashenko Sambut Putin di Minsk, Bahas Kerja Sama Energi',
    subtitle: 'Kunjungan kenegaraan pertama tahun ini',
    summary: 'Kedua pemimpin membahas pasokan gas dan proyek nuklir bersama.',
    dateline: 'MINSK',
    source: 'iNews.id',
    language: 'id',
    categoryId: category.id,
    metaTitle: null,
    metaDescription: null,
    canonicalUrl: null,
    status: 'published',
    publishedAt: iso(T0 + minutes(10)),
    category: { id: category.id, slug: 'internasional', name: 'Internasional' },
    tags: [
      { id: Number, slug: 'rusia', name: 'Rusia' },
      { id: Number, slug: 'belarusia', name: 'Belarusia' },
      { id: Number, slug: 'vladimir-putin', name: 'Vladimir Putin' },
    ],
    bylines: [
      { role: 'writer', author: credit(writer) },
      { role: 'editor', author: credit(editor) },
    ],
    image: { ...lead, credit: 'Reuters' },
    wordCount: Number,
    readingTimeMinutes: 1,
    url: 'https://www.kabar.example/internasional/lukashenko-sambut-putin-di-minsk-bahas-kerja-sama-energi',
    createdAt: iso(T0 + minutes(5)),
    updatedAt: iso(T0 + minutes(10)),
    version: 5,
    body: paragraphs.join(''),
    captions: [lead, inline],
    related: order.map((story, position) => ({
      position,
      source: 'editor',
      article: {
        ...story.summary,
        status: 'published',
        category: { id: category.id, slug: 'internasional', name: 'Internasional' },
        bylines: [{ role: 'writer', author: credit(writer) }],
        image: { ...story.image, credit: 'ANTARA' },
        url: `https://www.kabar.example/internasional/${story.summary.slug}`,
      },
    })),
  })

  // What t.matchOnly leaves loose (strings match as substrings, extra array items pass) pinned exactly.
  t.equal(article.body, paragraphs.join(''), 'the body paragraphs, exactly')
  t.equal(article.body.match(/<p>/g)?.length, 3)
  t.same(
    article.tags.map((tag: { name: string }) => tag.name),
    ['Rusia', 'Belarusia', 'Vladimir Putin'],
    'tags in order',
  )
  t.same(
    article.bylines.map((b: { role: string; author: { name: string } }) => [b.role, b.author.name]),
    [
      ['writer', 'Anton Suhartono'],
      ['editor', 'Rahmat Fiansyah'],
    ],
    'bylines in order with roles',
  )
  t.same(article.image, lead, 'the featured photo is the image, credit Reuters')
  t.same(article.captions, [lead, inline], 'every caption, in order')
  t.same(
    article.related.map((r: { article: { id: number } }) => r.article.id),
    order.map((a) => a.id),
    "the related stories in the editor's order",
  )
  t.same(
    article.related.map((r: { article: { publishedAt: string } }) => r.article.publishedAt),
    [iso(T0 - hours(1)), iso(T0 - hours(3)), iso(T0 - hours(2))],
    'each with its own publish time',
  )

  const byId = await api.call({ method: 'GET', url: `/v1/articles/${id}?include=related,captions` })
  t.same(byId.json(), article, 'by id, embeds named in the other order: the same article')
  t.equal(byId.headers.etag, res.headers.etag)
})
