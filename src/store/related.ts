import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from './connect.js'
import { relatedLinks } from './sqlite/schema.js'

export function createRelatedRepository(db: Db) {
  const targetsOf = db
    .select({ relatedId: relatedLinks.relatedId })
    .from(relatedLinks)
    .where(eq(relatedLinks.articleId, sql.placeholder('articleId')))
    .orderBy(asc(relatedLinks.position))
    .prepare()
  const linkingTo = db
    .select({ id: relatedLinks.articleId })
    .from(relatedLinks)
    .where(eq(relatedLinks.relatedId, sql.placeholder('id')))
    .prepare()

  return {
    /** Target ids in editor order. */
    targets: (articleId: number): number[] => targetsOf.all({ articleId }).map((r) => r.relatedId),
    /** Articles whose related links point at this one. */
    linkingTo: (articleId: number): number[] => linkingTo.all({ id: articleId }).map((r) => r.id),
  }
}
