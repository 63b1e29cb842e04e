import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm'
import { anonymous, type Audience } from '../domain/access.js'
import { seesUnpublished, visibleWhere } from '../domain/visibility.js'
import type { Clock } from '../lib/clock.js'
import { hasRows, prepared, type StoreContext, type Tables } from './context.js'
import type { authors, categories, tags } from './sqlite/schema.js'

export type AuthorRow = typeof authors.$inferSelect
export type CategoryRow = typeof categories.$inferSelect
export type TagRow = typeof tags.$inferSelect

/** The slugged, versioned resources besides articles, and their tables. */
export const sluggedTables = (t: Tables) => ({ author: t.authors, category: t.categories, tag: t.tags })
export type Slugged = keyof ReturnType<typeof sluggedTables>
export interface SluggedRows {
  author: AuthorRow
  category: CategoryRow
  tag: TagRow
}

export type SluggedRepository<K extends Slugged> = ReturnType<typeof createSluggedRepository<K>>

/**
 * Reads of a slugged resource: lookups by id and slug, keyset pages in id order. Given an audience, tags are read
 * as that audience may see them: a caller who cannot see drafts sees a tag only while a public article carries the
 * tag (tag names given on a draft must not announce the story). A key limited to categories sees tags as the public
 * does: a public tag is no secret. Authors and categories are created by editors on purpose and are public.
 */
export function createSluggedRepository<K extends Slugged>(ctx: StoreContext, resource: K, clock: Clock) {
  const { articles, articleTags, tags } = ctx.tables
  const table = sluggedTables(ctx.tables)[resource]
  type Row = SluggedRows[K]

  /** The condition that hides rows from this audience, if any. */
  function hidden(audience: Audience | undefined): SQL | undefined {
    if (resource !== 'tag' || audience === undefined || seesUnpublished(audience)) return undefined
    const visible = visibleWhere(anonymous, clock(), articles)
    return sql`exists (select 1 from ${articleTags} join ${articles} on ${articles.id} = ${articleTags.articleId}
      where ${articleTags.tagId} = ${tags.id} and ${visible})`
  }
  const where = (condition: SQL, audience: Audience | undefined) =>
    ctx
      .read()
      .select()
      .from(table)
      .where(and(condition, hidden(audience)))
  const one = async (condition: SQL, audience: Audience | undefined) => (await where(condition, audience))[0] as Row | undefined
  // Unhidden lookups (every reference a write checks) are prepared once.
  const byId = prepared(`${resource}_by_id`, (db) =>
    db
      .select()
      .from(table)
      .where(eq(table.id, sql.placeholder('id'))),
  )
  const bySlug = prepared(`${resource}_by_slug`, (db) =>
    db
      .select()
      .from(table)
      .where(eq(table.slug, sql.placeholder('slug'))),
  )

  return {
    get: async (id: number, audience?: Audience) =>
      hidden(audience) === undefined ? ((await byId(ctx.read(), { id }))[0] as Row | undefined) : one(eq(table.id, id), audience),
    getBySlug: async (slug: string, audience?: Audience) =>
      hidden(audience) === undefined ? ((await bySlug(ctx.read(), { slug }))[0] as Row | undefined) : one(eq(table.slug, slug), audience),
    /** Up to `limit` rows with an id above `afterId`. */
    list: async (limit: number, afterId: number, audience?: Audience) =>
      (await where(gt(table.id, afterId), audience).orderBy(asc(table.id)).limit(limit)) as Row[],
  }
}

/** The references that keep authors, categories and tags from being deleted, and the tag lookup by name key. */
export function createReferencesRepository(ctx: StoreContext) {
  const { articles, bylines, categories, tags } = ctx.tables
  return {
    authorHasBylines: (id: number) =>
      hasRows(ctx.read().select({ id: bylines.articleId }).from(bylines).where(eq(bylines.authorId, id)).limit(1)),
    categoryHasArticles: (id: number) =>
      hasRows(ctx.read().select({ id: articles.id }).from(articles).where(eq(articles.categoryId, id)).limit(1)),
    categoryHasChildren: (id: number) =>
      hasRows(ctx.read().select({ id: categories.id }).from(categories).where(eq(categories.parentId, id)).limit(1)),
    tagIdForKey: async (key: string) => (await ctx.read().select({ id: tags.id }).from(tags).where(eq(tags.nameKey, key)))[0]?.id,
  }
}
