import { asc, eq } from 'drizzle-orm'
import type { StoreContext } from './context.js'
import type { captions } from './sqlite/schema.js'

export type CaptionRow = typeof captions.$inferSelect
export type NewCaption = typeof captions.$inferInsert

export function createCaptionsRepository(ctx: StoreContext) {
  const { captions } = ctx.tables
  return {
    get: async (id: number): Promise<CaptionRow | undefined> => (await ctx.read().select().from(captions).where(eq(captions.id, id)))[0],
    /** All captions of an article in position order (an article has a handful, bounded by the API). */
    listFor: (articleId: number): Promise<CaptionRow[]> =>
      ctx.read().select().from(captions).where(eq(captions.articleId, articleId)).orderBy(asc(captions.position), asc(captions.id)),
  }
}
