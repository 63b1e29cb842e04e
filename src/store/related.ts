import { asc, eq } from 'drizzle-orm'
import type { StoreContext } from './context.js'

export function createRelatedRepository(ctx: StoreContext) {
  const { relatedLinks } = ctx.tables
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
  }
}
