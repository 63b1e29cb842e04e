import { and, sql, type SQL } from 'drizzle-orm'
import { stem, words } from '../domain/indonesian.js'
import type { SearchQuery } from '../domain/search-query.js'
import { plainText } from '../lib/html.js'
import { articleConditions, type ArticleFilter, type ArticleRow } from './articles.js'
import type { Db, StoreContext, Tables } from './context.js'

/**
 * The search index: one row per article holding, per field, its analysed words and their stems in the same
 * positions (src/domain/indonesian.ts), so that both stores index and match the same tokens. The executor writes
 * it in the transaction that writes the article; visibility and filters are applied on `articles` at query time.
 */
export interface SearchDocument {
  title: string
  summary: string
  body: string
  titleStems: string
  summaryStems: string
  bodyStems: string
}

/** How each store spells the index (SQLite: FTS5, ranked with bm25; PostgreSQL: tsvector with GIN, ts_rank). */
export interface SearchDialect {
  put(db: Db, id: number, doc: SearchDocument): Promise<void>
  remove(db: Db, id: number): Promise<void>
  /** Empties the index (a rebuild starts with it). */
  clear(db: Db): Promise<void>
  /**
   * The index joined to `articles`, the condition a query's matches meet, and the order of the index's own rows,
   * newest article first (which the index can walk without scoring).
   */
  matching(query: SearchQuery, articles: Tables['articles']): { source: SQL; where: SQL; newest: SQL }
  /** The relevance of each of a window's matches (ids newest first), in its order: higher is better. */
  relevance(db: Db, query: SearchQuery, ids: number[]): Promise<number[]>
}

/**
 * The most matches a query ranks, the newest of those the caller may see: pages are cut from this top. A common word
 * matches most of an archive, and scoring every match would cost a query time in proportion to the archive; a news
 * search wants the recent ones.
 */
export const searchTop = 1000

/** Words and stems of one field's plain text, as the index holds them. */
function analysed(text: string): [string, string] {
  const tokens = words(text)
  return [tokens.join(' '), tokens.map(stem).join(' ')]
}

export function searchDocument(row: Pick<ArticleRow, 'title' | 'summary' | 'body'>): SearchDocument {
  const [title, titleStems] = analysed(row.title)
  const [summary, summaryStems] = analysed(row.summary ?? '')
  const [body, bodyStems] = analysed(plainText(row.body))
  return { title, summary, body, titleStems, summaryStems, bodyStems }
}

export interface Ranking {
  /** How much more a brand-new article weighs than an old one of equal relevance (0: no recency boost). */
  recencyBoost: number
  /** The age at which half the boost is left. */
  halfLifeMs: number
}

export interface SearchHitRow {
  id: number
  score: number
}

export function createSearchRepository(ctx: StoreContext) {
  const { articles } = ctx.tables
  return {
    /**
     * The newest `searchTop` matches the filter admits, best first (ties: newer id first). The score is the
     * relevance times the recency factor `1 + boost · h / (h + age)`, age counted from publication (drafts: last
     * change).
     */
    async top(query: SearchQuery, filter: ArticleFilter, { recencyBoost, halfLifeMs }: Ranking): Promise<SearchHitRow[]> {
      const { source, where, newest } = ctx.dialect.search.matching(query, articles)
      const number = (n: number) => sql.raw(String(Number(n)))
      const age = sql`(${number(filter.now)} - coalesce(${articles.publishedAt}, ${articles.updatedAt}))`
      const recency = sql`(1 + ${number(recencyBoost)} * ${number(halfLifeMs)} * 1.0 / (${number(halfLifeMs)} + case when ${age} > 0 then ${age} else 0 end))`
      const db = ctx.read()
      const window = await ctx.dialect.rows<{ id: number | string; recency: number | string }>(
        db,
        sql`select ${articles.id} as id, ${recency} as recency from ${source}
where ${and(where, ...articleConditions(ctx.tables, filter))}
order by ${newest} limit ${number(searchTop)}`,
      )
      const ids = window.map((row) => Number(row.id))
      const relevance = await ctx.dialect.search.relevance(db, query, ids)
      return ids
        .map((id, i) => ({ id, score: relevance[i]! * Number(window[i]!.recency) }))
        .sort((a, b) => b.score - a.score || b.id - a.id)
    },
  }
}
