import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { captions } from '../../db/schema.js'

export type CaptionRow = typeof captions.$inferSelect
export type NewCaption = typeof captions.$inferInsert
export type CaptionsRepository = ReturnType<typeof createCaptionsRepository>

export function createCaptionsRepository(db: Db) {
  const byId = db.select().from(captions).where(eq(captions.id, sql.placeholder('id'))).prepare()
  const ofArticle = db.select().from(captions).where(eq(captions.articleId, sql.placeholder('articleId')))
    .orderBy(asc(captions.position), asc(captions.id)).prepare()
  const featuredOf = db.select().from(captions)
    .where(and(eq(captions.articleId, sql.placeholder('articleId')), eq(captions.role, 'featured'))).prepare()

  return {
    get: (id: number) => byId.get({ id }),
    /** All captions of an article in position order (an article has a handful, bounded by the API). */
    listFor: (articleId: number) => ofArticle.all({ articleId }),
    featuredOf: (articleId: number) => featuredOf.get({ articleId }),
    insert: (values: NewCaption) => db.insert(captions).values(values).returning().get(),
    update: (id: number, version: number, values: Partial<NewCaption>) =>
      db.update(captions).set({ ...values, version: version + 1 }).where(and(eq(captions.id, id), eq(captions.version, version))).returning().get(),
    remove: (id: number, version: number) => db.delete(captions).where(and(eq(captions.id, id), eq(captions.version, version))).run().changes === 1,
    /** Gives each caption its index in `orderedIds` as position; a caption that moves gets a new version. */
    renumber(orderedIds: number[], now: number, except?: number): void {
      orderedIds.forEach((id, position) => {
        if (id === except) return
        db.update(captions).set({ position, version: sql`${captions.version} + 1`, updatedAt: now })
          .where(and(eq(captions.id, id), sql`${captions.position} <> ${position}`)).run()
      })
    },
  }
}
