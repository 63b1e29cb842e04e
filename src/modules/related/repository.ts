import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { relatedLinks } from '../../db/schema.js'

export type RelatedRepository = ReturnType<typeof createRelatedRepository>

export function createRelatedRepository(db: Db) {
  const targetsOf = db.select({ relatedId: relatedLinks.relatedId }).from(relatedLinks)
    .where(eq(relatedLinks.articleId, sql.placeholder('articleId'))).orderBy(asc(relatedLinks.position)).prepare()

  return {
    /** Target ids in editor order. */
    targets: (articleId: number): number[] => targetsOf.all({ articleId }).map((r) => r.relatedId),
    /** Replaces the whole ordered list. */
    replace(articleId: number, relatedIds: number[]): void {
      db.delete(relatedLinks).where(eq(relatedLinks.articleId, articleId)).run()
      if (relatedIds.length) db.insert(relatedLinks).values(relatedIds.map((relatedId, position) => ({ articleId, relatedId, position }))).run()
    },
  }
}
