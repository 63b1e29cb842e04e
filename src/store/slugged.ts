import { asc, eq, gt, sql } from 'drizzle-orm'
import type { Db } from './connect.js'
import { articles, authors, bylines, categories, tags } from './schema.js'

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

/** Reads of a slugged resource: lookups by id and slug, keyset pages in id order. */
export function createSluggedRepository<K extends Slugged>(db: Db, resource: K) {
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
  const page = db
    .select()
    .from(table)
    .where(gt(table.id, sql.placeholder('after')))
    .orderBy(asc(table.id))
    .limit(sql.placeholder('limit'))
    .prepare()
  type Row = SluggedRows[K]

  return {
    get: (id: number) => byId.get({ id }) as Row | undefined,
    getBySlug: (slug: string) => bySlug.get({ slug }) as Row | undefined,
    /** Up to `limit` rows with an id above `afterId`. */
    list: (limit: number, afterId: number) => page.all({ after: afterId, limit }) as Row[],
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
