import type { Audience } from '../../domain/access.js'
import { MalformedQuery, parseQuery, type SearchQuery } from '../../domain/search-query.js'
import { seesUnpublished } from '../../domain/visibility.js'
import { invalid } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { decodeCursor } from '../../lib/cursor.js'
import { plainText } from '../../lib/html.js'
import { pageRepresentation, type ListRepresentation } from '../../lib/pagination.js'
import type { Store } from '../../store/index.js'
import type { Ranking, SearchHitRow } from '../../store/search.js'
import type { ArticleReader } from '../articles/reader.js'
import type { SearchHit, SearchQueryT } from './schemas.js'
import { snippetsOf } from './snippets.js'
import { encodeCursor } from '../../lib/cursor.js'

export type SearchService = ReturnType<typeof createSearchService>

function parsed(q: string): SearchQuery {
  try {
    return parseQuery(q)
  } catch (error) {
    if (!(error instanceof MalformedQuery)) throw error
    throw invalid(`The search query cannot be read: ${error.message}`, [{ in: 'query', path: '/q', message: error.message }])
  }
}

/**
 * Where a page starts in the ranked top: after the previous page's last hit (the cursor's id), or — when that hit
 * has left the top meanwhile — after the cursor's position.
 */
function startOf(top: SearchHitRow[], cursor: string | undefined): number {
  if (cursor === undefined) return 0
  const [position, lastId] = decodeCursor(cursor)
  const found = top.findIndex((hit) => hit.id === lastId)
  return (found >= 0 ? found : (position ?? 0)) + 1
}

/**
 * `GET /v1/search`: the ranked top of the articles the caller may see (the list's filters apply), a page of it with
 * snippets. Pages are cut from the top by a cursor holding the last hit's position and id.
 */
export function createSearchService({
  store,
  clock,
  reader,
  ranking,
}: {
  store: Store
  clock: Clock
  reader: ArticleReader
  ranking: Ranking
}) {
  return {
    async search(audience: Audience, q: SearchQueryT): Promise<ListRepresentation> {
      const now = clock()
      const query = parsed(q.q)
      const filter = await reader.filterOf(audience, q, now)
      const top = await store.search.top(query, filter, ranking)
      const limit = q.limit ?? 20
      const start = startOf(top, q.cursor)
      const hits = top.slice(start, start + limit)
      const ids = hits.map((hit) => hit.id)
      const [rows, bodies] = await Promise.all([store.articles.getMany(ids), store.articles.bodies(ids)])
      const byId = new Map(rows.map((row) => [row.id, row]))
      // An article deleted between the two reads is left out.
      const found = hits.filter((hit) => byId.has(hit.id))
      const summaries = await reader.summaries(
        found.map((hit) => byId.get(hit.id)!),
        now,
      )
      const snippets = snippetsOf(query)
      const data: SearchHit[] = found.map((hit, i) => {
        const row = byId.get(hit.id)!
        return { score: hit.score, snippets: snippets(row.title, plainText(bodies.get(hit.id) ?? '')), article: summaries[i]! }
      })
      const last = hits.at(-1)
      const nextCursor = start + limit < top.length && last !== undefined ? encodeCursor([start + limit - 1, last.id]) : null
      const canonical = {
        q: q.q,
        limit,
        category: q.category,
        tag: q.tag,
        author: q.author,
        status: q.status,
        publishedAfter: q.publishedAfter,
        publishedBefore: q.publishedBefore,
      }
      const keys = [`list:${seesUnpublished(audience) ? 'editor' : 'public'}`]
      return pageRepresentation({ data, nextCursor, keys }, limit, '/v1/search', canonical)
    },
  }
}
