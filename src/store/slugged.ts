import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm'
import type { Audience } from '../domain/access.js'
import { seesUnpublished, visibleWhere } from '../domain/visibility.js'
import type { Clock } from '../lib/clock.js'
import type { Db } from './connect.js'
import { articles, articleTags, authors, bylines, categories, tags } from './sqlite/schema.js'

export type AuthorRow = typeof authors.$inferSelect
export type CategoryRow = typeof categories.$inferSelect
export type TagRow = typeof tags.$inferSelect

/** The slugged, versioned resources besides articles, and their tables. */
export const sluggedTables = { author: authors, category: categories, tag: tags } as const
export type Slugged = keyof typeof sluggedTables
export interface SluggedRows {
  author: AuthorRow
  category: CategoryRow
  tag: TagRow
}

export type SluggedRepository<K extends Slugged> = ReturnType<typeof createSluggedRepository<K>>

/**
 * Reads of a slugged resource: lookups by id and slug, keyset pages in id order. Given an audience, tags are read
 * as that audience may see them: a caller who cannot see drafts sees a tag only while an article visible to it
 * carries the tag (tag names given on a draft must not announce the story). Authors and categories are created by
 * editors on purpose and are public.
 */
export function createSluggedRepository<K extends Slugged>(db: Db, resource: K, clock: Clock) {
  const table = sluggedTables[resource]
  const byId = db
    .select()
    .from(table)
    .where(eq(table.id, sql.placeholder('id')))
    .prepare()
  const bySlug = db
    .select()
    .from(table)
    .where(eq(table.slug, sql.placeholder('slug')))
    .prepare()
  const after = gt(table.id, sql.placeholder('after'))
  const page = db.select().from(table).where(after).orderBy(asc(table.id)).limit(sql.placeholder('limit')).prepare()
  type Row = SluggedRows[K]

  /** The condition that hides rows from this audience, if any. */
  function hidden(audience: Audience | undefined): SQL | undefined {
    if (resource !== 'tag' || audience === undefined || seesUnpublished(audience)) return undefined
    const visible = visibleWhere(audience, clock(), articles)
    return sql`exists (select 1 from ${articleTags} join ${articles} on ${articles.id} = ${articleTags.articleId}
      where ${articleTags.tagId} = ${tags.id} and ${visible})`
  }
  const where = (condition: SQL, audience: Audience | undefined) =>
    db
      .select()
      .from(table)
      .where(and(condition, hidden(audience)))

  return {
    get: (id: number, audience?: Audience) =>
      (hidden(audience) === undefined ? byId.get({ id }) : where(eq(table.id, id), audience).get()) as Row | undefined,
    getBySlug: (slug: string, audience?: Audience) =>
      (hidden(audience) === undefined ? bySlug.get({ slug }) : where(eq(table.slug, slug), audience).get()) as Row | undefined,
    /** Up to `limit` rows with an id above `afterId`. */
    list: (limit: number, afterId: number, audience?: Audience) =>
      (hidden(audience) === undefined
        ? page.all({ after: afterId, limit })
        : where(gt(table.id, afterId), audience).orderBy(asc(table.id)).limit(limit).all()) as Row[],
  }
}

/** The references that keep authors, categories and tags from being deleted, and the tag lookup by name key. */
export function createReferencesRepository(db: Db) {
  const bylineOf = db
    .select({ id: bylines.articleId })
    .from(bylines)
    .where(eq(bylines.authorId, sql.placeholder('id')))
    .limit(1)
    .prepare()
  const articleIn = db
    .select({ id: articles.id })
    .from(articles)
    .where(eq(articles.categoryId, sql.placeholder('id')))
    .limit(1)
    .prepare()
  const childOf = db
    .select({ id: categories.id })
    .from(categories)
    .where(eq(categories.parentId, sql.placeholder('id')))
    .limit(1)
    .prepare()
  const tagByKey = db
    .select({ id: tags.id })
    .from(tags)
    .where(eq(tags.nameKey, sql.placeholder('key')))
    .prepare()
  return {
    authorHasBylines: (id: number) => bylineOf.get({ id }) !== undefined,
    categoryHasArticles: (id: number) => articleIn.get({ id }) !== undefined,
    categoryHasChildren: (id: number) => childOf.get({ id }) !== undefined,
    tagIdForKey: (key: string) => tagByKey.get({ key })?.id,
  }
}
