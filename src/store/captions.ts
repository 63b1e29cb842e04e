import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from './connect.js'
import { captions } from './sqlite/schema.js'

export type CaptionRow = typeof captions.$inferSelect
export type NewCaption = typeof captions.$inferInsert

export function createCaptionsRepository(db: Db) {
  const byId = db
    .select()
    .from(captions)
    .where(eq(captions.id, sql.placeholder('id')))
    .prepare()
  const ofArticle = db
    .select()
    .from(captions)
    .where(eq(captions.articleId, sql.placeholder('articleId')))
    .orderBy(asc(captions.position), asc(captions.id))
    .prepare()

  return {
    get: (id: number) => byId.get({ id }),
    /** All captions of an article in position order (an article has a handful, bounded by the API). */
    listFor: (articleId: number) => ofArticle.all({ articleId }),
  }
}
