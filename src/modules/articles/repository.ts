import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNull, lt, lte, or, sql, type AnyColumn } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { articleSlugHistory, articles, articleTags, authors, bylines, captions, categories, relatedLinks, tags } from '../../db/schema.js'

export type ArticleRow = typeof articles.$inferSelect
export type ArticleListRow = Omit<ArticleRow, 'body'>
export type NewArticle = typeof articles.$inferInsert
export type BylineRole = (typeof bylines.$inferSelect)['role']

export interface Relations {
  categories: Map<number, { id: number, slug: string, name: string }>
  tags: Map<number, { id: number, slug: string, name: string }[]>
  bylines: Map<number, { role: BylineRole, author: { id: number, slug: string, name: string, avatarUrl: string | null } }[]>
  images: Map<number, typeof captions.$inferSelect>
}

export interface ListFilter {
  /** Only articles anonymous callers may see at `now`. */
  visibleAt?: number
  status?: 'draft' | 'scheduled' | 'published' | 'archived'
  now: number
  categoryId?: number
  tagId?: number
  authorId?: number
  publishedAfter?: number
  publishedBefore?: number
  updatedSince?: number
  sort: '-publishedAt' | 'publishedAt' | '-updatedAt' | 'updatedAt'
  /** Sort key and id of the last row of the previous page. */
  after?: [number | null, number]
  limit: number
}

const { body, ...listColumns } = getTableColumns(articles)
const ids = sql.placeholder('ids')
/** `IN` over a JSON array bound as one parameter: one prepared statement serves every page size. */
const inIds = (column: AnyColumn) => sql`${column} in (select value from json_each(${ids}))`

/** A public article: published, or scheduled with its time come (no job runner flips the status). */
const visibleCondition = (now: number) =>
  and(inArray(articles.status, ['published', 'scheduled']), lte(articles.publishedAt, now))

function statusCondition(status: NonNullable<ListFilter['status']>, now: number) {
  if (status === 'published') return or(eq(articles.status, 'published'), and(eq(articles.status, 'scheduled'), lte(articles.publishedAt, now)))
  if (status === 'scheduled') return and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, now))
  return eq(articles.status, status)
}

/**
 * Keyset condition on (sort key, id). `published_at` is null for drafts: SQLite sorts nulls first ascending
 * and last descending, and the condition follows that order. Callers who cannot see drafts never get the
 * null branch, so their query stays a plain index seek.
 */
function keysetCondition(f: ListFilter) {
  if (!f.after) return undefined
  const [key, id] = f.after
  const descending = f.sort.startsWith('-')
  if (f.sort.endsWith('updatedAt')) {
    return descending ? sql`(${articles.updatedAt}, ${articles.id}) < (${key}, ${id})` : sql`(${articles.updatedAt}, ${articles.id}) > (${key}, ${id})`
  }
  const nullable = f.visibleAt === undefined
  if (key === null) {
    return descending ? and(isNull(articles.publishedAt), lt(articles.id, id))
      : or(and(isNull(articles.publishedAt), gt(articles.id, id)), sql`${articles.publishedAt} is not null`)
  }
  const seek = descending ? sql`(${articles.publishedAt}, ${articles.id}) < (${key}, ${id})` : sql`(${articles.publishedAt}, ${articles.id}) > (${key}, ${id})`
  return nullable && descending ? or(seek, isNull(articles.publishedAt)) : seek
}

export type ArticlesRepository = ReturnType<typeof createArticlesRepository>

export function createArticlesRepository(db: Db) {
  const byId = db.select().from(articles).where(eq(articles.id, sql.placeholder('id'))).prepare()
  const bySlug = db.select().from(articles).where(eq(articles.slug, sql.placeholder('slug'))).prepare()
  const byOldSlug = db.select({ articleId: articleSlugHistory.articleId }).from(articleSlugHistory).where(eq(articleSlugHistory.slug, sql.placeholder('slug'))).prepare()
  const categoryBySlug = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, sql.placeholder('slug'))).prepare()
  const tagBySlug = db.select({ id: tags.id }).from(tags).where(eq(tags.slug, sql.placeholder('slug'))).prepare()
  const authorBySlug = db.select({ id: authors.id }).from(authors).where(eq(authors.slug, sql.placeholder('slug'))).prepare()

  const categoriesOf = db.select({ id: categories.id, slug: categories.slug, name: categories.name }).from(categories)
    .where(inIds(categories.id)).prepare()
  const tagsOf = db.select({ articleId: articleTags.articleId, id: tags.id, slug: tags.slug, name: tags.name })
    .from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(inIds(articleTags.articleId)).orderBy(articleTags.articleId, articleTags.position).prepare()
  const bylinesOf = db.select({ articleId: bylines.articleId, role: bylines.role, id: authors.id, slug: authors.slug, name: authors.name, avatarUrl: authors.avatarUrl })
    .from(bylines).innerJoin(authors, eq(authors.id, bylines.authorId))
    .where(inIds(bylines.articleId)).orderBy(bylines.articleId, bylines.position).prepare()
  const writerOf = db.select({ id: bylines.authorId }).from(bylines)
    .where(and(eq(bylines.articleId, sql.placeholder('articleId')), eq(bylines.role, 'writer'))).limit(1).prepare()
  const linkingTo = db.select({ id: relatedLinks.articleId }).from(relatedLinks).where(eq(relatedLinks.relatedId, sql.placeholder('id'))).prepare()
  const nextScheduled = db.select({ at: sql<number | null>`min(${articles.publishedAt})` }).from(articles)
    .where(and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, sql.placeholder('now')))).prepare()
  const manyById = db.select(listColumns).from(articles).where(inIds(articles.id)).prepare()
  const imagesOf = db.select().from(captions)
    .where(and(inIds(captions.articleId), eq(captions.role, 'featured'))).prepare()

  return {
    get: (id: number) => byId.get({ id }),
    getBySlug: (slug: string) => bySlug.get({ slug }),
    /** The article an old slug now points to, if any. */
    idForOldSlug: (slug: string) => byOldSlug.get({ slug })?.articleId,
    categoryIdBySlug: (slug: string) => categoryBySlug.get({ slug })?.id,
    tagIdBySlug: (slug: string) => tagBySlug.get({ slug })?.id,
    authorIdBySlug: (slug: string) => authorBySlug.get({ slug })?.id,
    slugInUse: (slug: string) => bySlug.get({ slug }) !== undefined || byOldSlug.get({ slug }) !== undefined,

    /** Many articles (body excluded), in no particular order. */
    getMany: (articleIds: number[]) => manyById.all({ ids: JSON.stringify(articleIds) }),

    /** One page (limit + 1 rows, to tell whether there is a next one), body excluded. */
    list(f: ListFilter): ArticleListRow[] {
      const sortColumn = f.sort.endsWith('updatedAt') ? articles.updatedAt : articles.publishedAt
      const direction = f.sort.startsWith('-') ? desc : asc
      const where = and(
        f.visibleAt === undefined ? undefined : visibleCondition(f.visibleAt),
        f.status === undefined ? undefined : statusCondition(f.status, f.now),
        f.categoryId === undefined ? undefined : eq(articles.categoryId, f.categoryId),
        f.tagId === undefined ? undefined : sql`${articles.id} in (select ${articleTags.articleId} from ${articleTags} where ${articleTags.tagId} = ${f.tagId})`,
        f.authorId === undefined ? undefined : sql`${articles.id} in (select ${bylines.articleId} from ${bylines} where ${bylines.authorId} = ${f.authorId})`,
        f.publishedAfter === undefined ? undefined : gt(articles.publishedAt, f.publishedAfter),
        f.publishedBefore === undefined ? undefined : lt(articles.publishedAt, f.publishedBefore),
        f.updatedSince === undefined ? undefined : gte(articles.updatedAt, f.updatedSince),
        keysetCondition(f),
      )
      return db.select(listColumns).from(articles).where(where).orderBy(direction(sortColumn), direction(articles.id)).limit(f.limit + 1).all()
    },

    /** Category, tags, bylines and featured image of many articles: four queries, whatever their number. */
    relations(articleIds: number[], categoryIds: number[]): Relations {
      const json = { ids: JSON.stringify(articleIds) }
      const out: Relations = { categories: new Map(), tags: new Map(), bylines: new Map(), images: new Map() }
      if (articleIds.length === 0) return out
      for (const c of categoriesOf.all({ ids: JSON.stringify(categoryIds) })) out.categories.set(c.id, c)
      for (const { articleId, ...tag } of tagsOf.all(json)) push(out.tags, articleId, tag)
      for (const { articleId, role, ...author } of bylinesOf.all(json)) push(out.bylines, articleId, { role, author })
      for (const image of imagesOf.all(json)) out.images.set(image.articleId, image)
      return out
    },

    insert: (values: NewArticle) => db.insert(articles).values(values).returning().get(),
    /** Writes only if the row is still at `version`. */
    update: (id: number, version: number, values: Partial<NewArticle>) =>
      db.update(articles).set({ ...values, version: version + 1 }).where(and(eq(articles.id, id), eq(articles.version, version))).returning().get(),
    remove: (id: number, version: number) => db.delete(articles).where(and(eq(articles.id, id), eq(articles.version, version))).run().changes === 1,

    replaceTags(articleId: number, tagIds: number[]) {
      db.delete(articleTags).where(eq(articleTags.articleId, articleId)).run()
      if (tagIds.length) db.insert(articleTags).values(tagIds.map((tagId, position) => ({ articleId, tagId, position }))).run()
    },
    replaceBylines(articleId: number, list: { authorId: number, role: BylineRole }[]) {
      db.delete(bylines).where(eq(bylines.articleId, articleId)).run()
      if (list.length) db.insert(bylines).values(list.map((b, position) => ({ articleId, position, ...b }))).run()
    },
    /** When the next scheduled article goes live, if any is scheduled after `now`. */
    nextScheduledAfter: (now: number) => nextScheduled.get({ now })?.at ?? undefined,
    /** Articles whose related links point at this one. */
    linkingTo: (articleId: number) => linkingTo.all({ id: articleId }).map((r) => r.id),
    hasWriter: (articleId: number) => writerOf.get({ articleId }) !== undefined,
    forgetOldSlug: (slug: string) => db.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, slug)).run(),
    /** Keeps `oldSlug` answering for the article; the new slug stops being an old one. */
    moveSlug(articleId: number, oldSlug: string, newSlug: string) {
      db.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, newSlug)).run()
      db.insert(articleSlugHistory).values({ slug: oldSlug, articleId }).onConflictDoNothing().run()
    },
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
