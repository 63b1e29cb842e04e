import t from 'tap'
import { stem, words } from '../../src/domain/indonesian.js'
import { articleFixtures, buildApp, hours, T0 } from '../article-fixtures.js'
import { corpus, rankedQueries } from '../search-corpus.js'

// The relevance set over HTTP, on the store under test: other forms of an article's roots find it, the queries
// rank their article first, and what a query returns shares a root with it.

const rootsOf = (text: string) => new Set(words(text).map(stem))

t.test('search finds articles by any form of their roots and ranks the expected one first', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const ids = new Map<number, string>()
  // Published a day apart, all of equal age to the boost's scale, in the corpus order.
  for (const [i, article] of corpus.entries()) {
    const body = `<p>${article.body}</p>`
    const row = await fx.published({ title: article.title, summary: article.summary ?? null, body }, T0 - hours(24 * (corpus.length - i)))
    ids.set(row.id, article.key)
  }
  const search = async (q: string) => {
    const res = await api.call({ method: 'GET', url: `/v1/search?q=${encodeURIComponent(q)}&limit=100` })
    t.equal(res.statusCode, 200, q)
    return (res.json().data as { article: { id: number } }[]).map((hit) => ids.get(hit.article.id)!)
  }
  const textOf = new Map(corpus.map((a) => [a.key, `${a.title} ${a.summary ?? ''} ${a.body}`]))
  let strays = 0
  let queries = 0
  const noSharedRoot = (q: string, found: string[]) => {
    queries++
    const roots = rootsOf(q.replace(/-\S+/g, '').replace(/\*/g, ''))
    const stray = found.filter(
      (key) =>
        ![...rootsOf(textOf.get(key)!)].some((root) => roots.has(root) || [...roots].some((r) => q.includes('*') && root.startsWith(r))),
    )
    if (stray.length > 0) strays++
  }

  const forms = corpus.flatMap((article) => article.forms.map((form) => ({ form, key: article.key })))
  t.ok(forms.length >= 100, `${forms.length} affixed forms`)
  const missed: string[] = []
  for (const { form, key } of forms) {
    const found = await search(form)
    if (!found.includes(key)) missed.push(`${form} → ${key}`)
    noSharedRoot(form, found)
  }
  const recall = 1 - missed.length / forms.length
  t.comment(`forms finding their article: ${(recall * 100).toFixed(1)}% (missed: ${missed.join(', ') || 'none'})`)
  t.ok(recall >= 0.95, 'at least 95% of affixed forms find the article with another form of the root')

  t.ok(rankedQueries.length >= 30, `${rankedQueries.length} ranked queries`)
  for (const [q, key] of rankedQueries) {
    const found = await search(q)
    t.equal(found[0], key, `"${q}" ranks ${key} first`)
    noSharedRoot(q, found)
  }
  t.comment(`queries returning an article that shares no root with them: ${strays} of ${queries}`)
  t.ok(strays / queries <= 0.03, 'at most 3% of queries return an article sharing no root with the query')
})
