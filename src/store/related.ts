import { and, asc, desc, eq, gte, inArray, notInArray, sql, type SQL } from 'drizzle-orm'
import { anonymous, type Audience } from '../domain/access.js'
import { visibleWhere } from '../domain/visibility.js'
import type { StoreContext } from './context.js'

/** What automatic related suggestions are drawn from (src/modules/articles/related-fill.ts ranks them). */
export interface CandidateQuery {
  audience: Audience
  now: number
  /** The oldest publication admitted. */
  since: number
  tagWeights: Map<number, number>
  categoryId: number | null
  /** Never suggested: the article itself and its editor links. */
  exclude: number[]
  /** How many articles each signal (shared tags, same category) adds to the pool at most. */
  poolSize: number
}

export interface Candidate {
  id: number
  title: string
  categoryId: number | null
  publishedAt: number
  tagIds: number[]
}

export function createRelatedRepository(ctx: StoreContext) {
  const { relatedLinks, articles, articleTags } = ctx.tables
  /** Suggestions are public articles (for editors too), and among them only what the audience may see. */
  const suggestable = (audience: Audience, now: number): (SQL | undefined)[] => [
    visibleWhere(anonymous, now, articles),
    visibleWhere(audience, now, articles),
  ]
  return {
    /** Target ids in editor order. */
    targets: async (articleId: number): Promise<number[]> =>
      (
        await ctx
          .read()
          .select({ relatedId: relatedLinks.relatedId })
          .from(relatedLinks)
          .where(eq(relatedLinks.articleId, articleId))
          .orderBy(asc(relatedLinks.position))
      ).map((r) => r.relatedId),

    /** How many public articles carry each tag. */
    async tagFrequencies(tagIds: number[], now: number): Promise<Map<number, number>> {
      if (tagIds.length === 0) return new Map()
      const rows = await ctx
        .read()
        .select({ tagId: articleTags.tagId, n: sql<number | string>`count(*)` })
        .from(articleTags)
        .innerJoin(articles, eq(articles.id, articleTags.articleId))
        .where(and(inArray(articleTags.tagId, tagIds), visibleWhere(anonymous, now, articles)))
        .groupBy(articleTags.tagId)
      return new Map(rows.map((row) => [row.tagId, Number(row.n)]))
    },

    /**
     * The pool automatic suggestions are ranked from, in a fixed number of queries: the articles sharing the most
     * tag weight, and the newest of the same category, each at most `poolSize`, with their tags.
     */
    async candidates(q: CandidateQuery): Promise<Candidate[]> {
      const db = ctx.read()
      const conditions = [
        ...suggestable(q.audience, q.now),
        gte(articles.publishedAt, q.since),
        q.exclude.length === 0 ? undefined : notInArray(articles.id, q.exclude),
      ]
      const pool = new Set<number>()
      if (q.tagWeights.size > 0) {
        // Weights are numbers computed here, written as literals (PostgreSQL cannot type a bound CASE result).
        const weight = sql.join(
          [...q.tagWeights].map(([id, w]) => sql`when ${id} then ${sql.raw(String(Number(w)))}`),
          sql` `,
        )
        const byTags = await db
          .select({ id: articleTags.articleId })
          .from(articleTags)
          .innerJoin(articles, eq(articles.id, articleTags.articleId))
          .where(and(inArray(articleTags.tagId, [...q.tagWeights.keys()]), ...conditions))
          .groupBy(articleTags.articleId, articles.publishedAt)
          .orderBy(desc(sql`sum(case ${articleTags.tagId} ${weight} else 0 end)`), desc(articles.publishedAt), desc(articleTags.articleId))
          .limit(q.poolSize)
        for (const row of byTags) pool.add(row.id)
      }
      if (q.categoryId !== null) {
        const byCategory = await db
          .select({ id: articles.id })
          .from(articles)
          .where(and(eq(articles.categoryId, q.categoryId), ...conditions))
          .orderBy(desc(articles.publishedAt), desc(articles.id))
          .limit(q.poolSize)
        for (const row of byCategory) pool.add(row.id)
      }
      if (pool.size === 0) return []
      const ids = [...pool]
      const [rows, tags] = await Promise.all([
        db
          .select({ id: articles.id, title: articles.title, categoryId: articles.categoryId, publishedAt: articles.publishedAt })
          .from(articles)
          .where(inArray(articles.id, ids)),
        db
          .select({ articleId: articleTags.articleId, tagId: articleTags.tagId })
          .from(articleTags)
          .where(inArray(articleTags.articleId, ids)),
      ])
      const tagsOf = new Map<number, number[]>()
      for (const { articleId, tagId } of tags) tagsOf.set(articleId, [...(tagsOf.get(articleId) ?? []), tagId])
      return rows.map((row) => ({ ...row, publishedAt: row.publishedAt ?? q.now, tagIds: tagsOf.get(row.id) ?? [] }))
    },
  }
}
