import t from 'tap'
import { articleFixtures, buildApp } from '../article-fixtures.js'
import { maxSurrogateKeyBytes, surrogateKeys } from '../../src/plugins/http-cache.js'

// CDN purges: every cacheable response names what it was rendered from, in the same keys the in-memory caches are
// dropped by, as Surrogate-Key (space-separated) and Cache-Tag (comma-separated); a purge driven from the change log
// purges `<resource>:<id>` and the list keys (see the README).

const keysOf = (headers: Record<string, unknown>) => ({
  surrogate: String(headers['surrogate-key']).split(' ').sort(),
  tags: String(headers['cache-tag']).split(',').sort(),
})

t.test('articles, their parts, lists and taxonomy carry their dependency keys; a 304 carries them too', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Internasional')
  const other = await fx.published({ title: 'Pertemuan Kedua', tags: ['Belarus'] })
  const article = await fx.published({ categoryId: category.id, tags: ['Rusia'] })
  const put = await api.call({
    method: 'PUT',
    url: `/v1/articles/${article.id}/related`,
    as: 'write',
    headers: { 'if-match': await fx.etag(article.id) },
    payload: { articleIds: [other.id] },
  })
  t.equal(put.statusCode, 200)
  const [rusia, belarus] = [article.tags[0]!.id, other.tags[0]!.id]
  const writer = article.bylines[0]!.author.id

  const single = await api.call({ method: 'GET', url: `/v1/articles/${article.id}` })
  const own = [`article:${article.id}`, `author:${writer}`, `category:${category.id}`, `tag:${rusia}`].sort()
  t.same(keysOf(single.headers), { surrogate: own, tags: own }, 'the article, its category, tags and authors')

  const embedded = await api.call({ method: 'GET', url: `/v1/articles/${article.id}?include=related` })
  t.same(keysOf(embedded.headers).surrogate, [...new Set([...own, `article:${other.id}`, `tag:${belarus}`])].sort(), 'and the related ones')

  const notModified = await api.call({
    method: 'GET',
    url: `/v1/articles/${article.id}`,
    headers: { 'if-none-match': single.headers.etag as string },
  })
  t.equal(notModified.statusCode, 304)
  t.same(keysOf(notModified.headers), keysOf(single.headers), 'a 304 names the same keys')

  const expectations: [string, string[]][] = [
    ['/v1/articles', ['list:public']],
    [`/v1/articles/${article.id}/related`, [`article:${article.id}`, `article:${other.id}`, `author:${writer}`, `tag:${belarus}`]],
    [`/v1/articles/${article.id}/captions`, [`article:${article.id}`]],
    ['/v1/authors', ['list:author']],
    [`/v1/categories/${category.id}`, [`category:${category.id}`]],
    [`/v1/tags/${rusia}`, [`tag:${rusia}`]],
  ]
  for (const [url, keys] of expectations) {
    const res = await api.call({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    t.same(keysOf(res.headers).surrogate, keys.sort(), url)
  }
  const editors = await api.call({ method: 'GET', url: '/v1/articles', as: 'write' })
  t.same(keysOf(editors.headers).surrogate, ['list:editor'], "editors' lists have their own key")
})

t.test('more keys than a CDN header holds collapse to the key every public change purges', async (t) => {
  const few = ['article:1', 'tag:2']
  t.same(surrogateKeys(few), few)
  const many = Array.from({ length: 2000 }, (_, i) => `article:${i}`)
  t.ok(many.join(' ').length > maxSurrogateKeyBytes)
  t.same(surrogateKeys(many), ['list:public'])
})
