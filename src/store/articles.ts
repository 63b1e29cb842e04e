import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNull, lt, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { visibleWhere } from '../domain/visibility.js'
import type { Audience } from '../domain/access.js'
import { firstRow, prepared, type Db, type Dialect, type StoreContext, type Tables } from './context.js'
import type { articleRepresentations, articles, bylines, captions } from './sqlite/schema.js'

export type ArticleRow = typeof articles.$inferSelect
export type ArticleListRow = Omit<ArticleRow, 'body'>
export type NewArticle = typeof articles.$inferInsert
export type BylineRole = (typeof bylines.$inferSelect)['role']
export type CaptionRow = typeof captions.$inferSelect
export interface TaxonomyRef {
  id: number
  slug: string
  name: string
}
export interface AuthorRef {
  id: number
  slug: string
  name: string
  avatarUrl: string | null
}
export interface Byline {
  role: BylineRole
  author: AuthorRef
}

/** What an article's representation embeds besides its own row. */
export interface Relations {
  categories: Map<number, TaxonomyRef>
  tags: Map<number, TaxonomyRef[]>
  bylines: Map<number, Byline[]>
  images: Map<number, CaptionRow>
}

/** Which articles a list or a search may return. */
export interface ArticleFilter {
  /** Only articles this audience may see at `now`. */
  audience: Audience
  status?: 'draft' | 'scheduled' | 'published' | 'archived'
  now: number
  categoryId?: number
  tagId?: number
  authorId?: number
  publishedAfter?: number
  publishedBefore?: number
  updatedSince?: number
}

export interface ListFilter extends ArticleFilter {
  sort: '-publishedAt' | 'publishedAt' | '-updatedAt' | 'updatedAt'
  /** Sort key and id of the last row of the previous page. */
  after?: [number | null, number]
  limit: number
}

/** The conditions of a filter on `articles` (visibility first); an `undefined` one does not restrict. */
export function articleConditions({ articles, articleTags, bylines }: Tables, f: ArticleFilter): (SQL | undefined)[] {
  return [
    visibleWhere(f.audience, f.now, articles),
    f.status === undefined ? undefined : statusCondition(articles, f.status, f.now),
    f.categoryId === undefined ? undefined : eq(articles.categoryId, f.categoryId),
    f.tagId === undefined
      ? undefined
      : sql`${articles.id} in (select ${articleTags.articleId} from ${articleTags} where ${articleTags.tagId} = ${f.tagId})`,
    f.authorId === undefined
      ? undefined
      : sql`${articles.id} in (select ${bylines.articleId} from ${bylines} where ${bylines.authorId} = ${f.authorId})`,
    f.publishedAfter === undefined ? undefined : gt(articles.publishedAt, f.publishedAfter),
    f.publishedBefore === undefined ? undefined : lt(articles.publishedAt, f.publishedBefore),
    f.updatedSince === undefined ? undefined : gte(articles.updatedAt, f.updatedSince),
  ]
}

/** A status as callers mean it: a scheduled article whose time has come counts as published. */
function statusCondition(articles: Tables['articles'], status: NonNullable<ArticleFilter['status']>, now: number) {
  if (status === 'published')
    return or(eq(articles.status, 'published'), and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${now}`))
  if (status === 'scheduled') return and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, now))
  return eq(articles.status, status)
}

/** Instants `[from, to)` of publication, for the articles public at `now` that the audience sees. */
export interface PublicRange {
  /** Anonymous callers, or the public within a scoped key's categories. */
  audience: Audience
  now: number
  from: number
  to: number
}

/** What a sitemap says of an article. */
export interface PublicEntry {
  id: number
  slug: string
  title: string
  language: string
  categorySlug: string | null
  publishedAt: number
  updatedAt: number
}

/**
 * Articles with their relations in one statement: the category joined, the tags, bylines and featured image as JSON
 * columns of correlated subqueries. `where` picks the articles.
 */
function withRelationsQuery(
  { articles: a, categories: c, tags: tg, articleTags: at, bylines: b, authors: au, captions: cp }: Tables,
  d: Dialect,
  db: Db,
  where: SQL,
) {
  const category = d.jsonObject({ id: c.id, slug: c.slug, name: c.name })
  const tag = d.jsonObject({ id: tg.id, slug: tg.slug, name: tg.name })
  const author = d.jsonObject({ id: au.id, slug: au.slug, name: au.name, avatarUrl: au.avatarUrl })
  const byline = d.jsonObject({ role: b.role, author })
  const image = d.jsonObject(Object.fromEntries(Object.entries(getTableColumns(cp))))
  return (
    db
      .select({
        row: getTableColumns(a),
        category: sql<unknown>`case when ${c.id} is null then null else ${category} end`,
        tags: sql<unknown>`(select ${d.jsonArray(tag, sql`${at.position}`)} from ${at} join ${tg} on ${tg.id} = ${at.tagId} where ${at.articleId} = ${a.id})`,
        bylines: sql<unknown>`(select ${d.jsonArray(byline, sql`${b.position}`)} from ${b} join ${au} on ${au.id} = ${b.authorId} where ${b.articleId} = ${a.id})`,
        image: sql<unknown>`(select ${image} from ${cp} where ${cp.articleId} = ${a.id} and ${cp.role} = 'featured')`,
      })
      .from(a)
      // The join also makes the builder name every column with its table, as the correlated subqueries need.
      .leftJoin(c, eq(c.id, a.categoryId))
      .where(where)
  )
}

interface WithRelations {
  row: ArticleRow
  category: unknown
  tags: unknown
  bylines: unknown
  image: unknown
}

/** An article with what its representation embeds. */
export interface ArticleWithRelations {
  row: ArticleRow
  relations: Relations
}

function withRelations(found: WithRelations, json: Dialect['fromJson']): ArticleWithRelations {
  const { row } = found
  const relations: Relations = { categories: new Map(), tags: new Map(), bylines: new Map(), images: new Map() }
  if (found.category !== null) {
    const category = json<TaxonomyRef>(found.category)
    relations.categories.set(category.id, category)
  }
  relations.tags.set(row.id, json<TaxonomyRef[]>(found.tags))
  relations.bylines.set(row.id, json<Byline[]>(found.bylines))
  if (found.image !== null) relations.images.set(row.id, json<CaptionRow>(found.image))
  return { row, relations }
}

/**
 * Loads articles with their relations on a given connection (reads use the read connection; the write set that
 * renders stored representations, the write connection inside its transaction). One article is a statement
 * prepared once — the miss path of every article read runs it.
 */
export function relationsLoader(t: Tables, d: Dialect) {
  const one = prepared('article_with_relations', (db) => withRelationsQuery(t, d, db, eq(t.articles.id, sql.placeholder('id'))))
  return {
    async one(db: Db, id: number): Promise<ArticleWithRelations | undefined> {
      const [found] = (await one(db, { id })) as WithRelations[]
      return found === undefined ? undefined : withRelations(found, d.fromJson)
    },
    async many(db: Db, ids: number[]): Promise<ArticleWithRelations[]> {
      if (ids.length === 0) return []
      const found = (await withRelationsQuery(t, d, db, inArray(t.articles.id, ids))) as WithRelations[]
      return found.map((f) => withRelations(f, d.fromJson))
    },
  }
}

/** A stored public representation with the facts that decide who sees it when (src/store/sqlite/schema.ts). */
export type StoredRepresentationRow = typeof articleRepresentations.$inferSelect

/** The read side of articles: lookups, keyset pages, relations in a fixed number of statements. */
export function createArticlesRepository(ctx: StoreContext) {
  const { articles, articleSlugHistory, articleTags, authors, bylines, captions, categories, tags } = ctx.tables
  const { body: _body, ...listColumns } = getTableColumns(articles)
  const idOf = async (rows: Promise<{ id: number }[]>) => (await firstRow(rows))?.id
  const idBySlug = (table: typeof authors | typeof categories | typeof tags | typeof articles, slug: string) =>
    idOf(ctx.read().select({ id: table.id }).from(table).where(eq(table.slug, slug)))
  // Lookups every write of an article makes are prepared once.
  const byId = prepared('article_by_id', (db) =>
    db
      .select()
      .from(articles)
      .where(eq(articles.id, sql.placeholder('id'))),
  )
  const loader = relationsLoader(ctx.tables, ctx.dialect)
  const storedById = prepared('stored_representation', (db) =>
    db
      .select()
      .from(ctx.tables.articleRepresentations)
      .where(eq(ctx.tables.articleRepresentations.articleId, sql.placeholder('id'))),
  )
  const slugRow = prepared('article_slug_row', (db) =>
    db
      .select({ id: articleSlugHistory.articleId })
      .from(articleSlugHistory)
      .where(eq(articleSlugHistory.slug, sql.placeholder('slug'))),
  )
  /** The article a slug named before: a row of the slug table that is not the article's current slug. */
  const idForOldSlug = async (slug: string) =>
    (
      await firstRow(
        ctx
          .read()
          .select({ articleId: articleSlugHistory.articleId })
          .from(articleSlugHistory)
          .innerJoin(articles, eq(articles.id, articleSlugHistory.articleId))
          .where(and(eq(articleSlugHistory.slug, slug), ne(articles.slug, slug))),
      )
    )?.articleId

  /**
   * Keyset condition on (sort key, id). `published_at` is null for drafts, and the two databases sort nulls
   * differently, so the order places them explicitly (last descending, first ascending) and the condition follows
   * it. Callers who cannot see drafts never get the null branch, so their query stays a plain index seek.
   */
  function keysetCondition(f: ListFilter, nullable: boolean) {
    if (!f.after) return undefined
    const [key, id] = f.after
    const descending = f.sort.startsWith('-')
    if (f.sort.endsWith('updatedAt')) {
      return descending
        ? sql`(${articles.updatedAt}, ${articles.id}) < (${key}, ${id})`
        : sql`(${articles.updatedAt}, ${articles.id}) > (${key}, ${id})`
    }
    if (key === null) {
      return descending
        ? and(isNull(articles.publishedAt), lt(articles.id, id))
        : or(and(isNull(articles.publishedAt), gt(articles.id, id)), sql`${articles.publishedAt} is not null`)
    }
    const seek = descending
      ? sql`(${articles.publishedAt}, ${articles.id}) < (${key}, ${id})`
      : sql`(${articles.publishedAt}, ${articles.id}) > (${key}, ${id})`
    return nullable && descending ? or(seek, isNull(articles.publishedAt)) : seek
  }

  /** The articles public at `now` to the audience that were published in `[from, to)`. */
  const publicWithin = ({ audience, now, from, to }: PublicRange) =>
    and(visibleWhere(audience, now, articles), gte(articles.publishedAt, from), lt(articles.publishedAt, to))

  /** The earliest publication time among the articles `where` selects, if any. */
  const earliestPublication = async (where: SQL | undefined): Promise<number | undefined> =>
    (
      await firstRow(
        ctx
          .read()
          .select({ at: sql<number | null>`min(${articles.publishedAt})`.mapWith(Number) })
          .from(articles)
          .where(where),
      )
    )?.at ?? undefined

  /**
   * Nulls where SQLite puts them by default, first ascending and last descending, said out loud for PostgreSQL
   * (which sorts them the other way round) — only where there can be any: the plain order keeps the index seek.
   */
  const ordered = (column: AnyColumn, descending: boolean, nullable: boolean) =>
    !nullable ? (descending ? desc(column) : asc(column)) : descending ? sql`${column} desc nulls last` : sql`${column} asc nulls first`

  return {
    get: async (id: number): Promise<ArticleRow | undefined> => (await byId(ctx.read(), { id }))[0],
    /** The article with its relations, in one statement. */
    getWithRelations: (id: number): Promise<ArticleWithRelations | undefined> => loader.one(ctx.read(), id),

    /** The article's stored public representation, if it is public-bound and has one: one primary-key read. */
    async storedRepresentation(id: number): Promise<StoredRepresentationRow | undefined> {
      return (await storedById(ctx.read(), { id }))[0]
    },
    idForSlug: (slug: string) => idBySlug(articles, slug),
    /** The article an old slug now points to, if any. */
    idForOldSlug,
    categoryIdBySlug: (slug: string) => idBySlug(categories, slug),
    tagIdBySlug: (slug: string) => idBySlug(tags, slug),
    authorIdBySlug: (slug: string) => idBySlug(authors, slug),
    slugInUse: async (slug: string) => (await slugRow(ctx.read(), { slug })).length > 0,

    /** Many articles (body excluded), in no particular order. */
    getMany: async (articleIds: number[]): Promise<ArticleListRow[]> =>
      articleIds.length === 0 ? [] : ctx.read().select(listColumns).from(articles).where(inArray(articles.id, articleIds)),

    /** One page (limit + 1 rows, to tell whether there is a next one), body excluded. */
    list(f: ListFilter): Promise<ArticleListRow[]> {
      const sortColumn = f.sort.endsWith('updatedAt') ? articles.updatedAt : articles.publishedAt
      const descending = f.sort.startsWith('-')
      const [visible, ...conditions] = articleConditions(ctx.tables, f)
      const where = and(visible, ...conditions, keysetCondition(f, visible === undefined))
      return ctx
        .read()
        .select(listColumns)
        .from(articles)
        .where(where)
        .orderBy(
          ordered(sortColumn, descending, visible === undefined && sortColumn === articles.publishedAt),
          descending ? desc(articles.id) : asc(articles.id),
        )
        .limit(f.limit + 1)
    },

    /** Category, tags, bylines and featured image of many articles: four queries, whatever their number. */
    async relations(articleIds: number[], categoryIds: number[]): Promise<Relations> {
      const out: Relations = { categories: new Map(), tags: new Map(), bylines: new Map(), images: new Map() }
      if (articleIds.length === 0) return out
      const db = ctx.read()
      const [categoryRows, tagRows, bylineRows, imageRows] = await Promise.all([
        categoryIds.length === 0
          ? []
          : db
              .select({ id: categories.id, slug: categories.slug, name: categories.name })
              .from(categories)
              .where(inArray(categories.id, categoryIds)),
        db
          .select({ articleId: articleTags.articleId, id: tags.id, slug: tags.slug, name: tags.name })
          .from(articleTags)
          .innerJoin(tags, eq(tags.id, articleTags.tagId))
          .where(inArray(articleTags.articleId, articleIds))
          .orderBy(articleTags.articleId, articleTags.position),
        db
          .select({
            articleId: bylines.articleId,
            role: bylines.role,
            id: authors.id,
            slug: authors.slug,
            name: authors.name,
            avatarUrl: authors.avatarUrl,
          })
          .from(bylines)
          .innerJoin(authors, eq(authors.id, bylines.authorId))
          .where(inArray(bylines.articleId, articleIds))
          .orderBy(bylines.articleId, bylines.position),
        db
          .select()
          .from(captions)
          .where(and(inArray(captions.articleId, articleIds), eq(captions.role, 'featured'))),
      ])
      for (const c of categoryRows) out.categories.set(c.id, c)
      for (const { articleId, ...tag } of tagRows) push(out.tags, articleId, tag)
      for (const { articleId, role, ...author } of bylineRows) push(out.bylines, articleId, { role, author })
      for (const image of imageRows) out.images.set(image.articleId, image)
      return out
    },

    /** The bodies of many articles, by id. */
    async bodies(articleIds: number[]): Promise<Map<number, string>> {
      if (articleIds.length === 0) return new Map()
      const rows = await ctx.read().select({ id: articles.id, body: articles.body }).from(articles).where(inArray(articles.id, articleIds))
      return new Map(rows.map((row) => [row.id, row.body]))
    },

    /**
     * The articles public to the audience at `now` published in `[from, to)`, lean (what a sitemap lists): newest
     * first or in publication order, at most `limit` after skipping `offset`.
     */
    publicEntries({
      audience,
      now,
      from,
      to,
      limit,
      offset,
      newestFirst,
    }: PublicRange & { limit: number; offset: number; newestFirst: boolean }): Promise<PublicEntry[]> {
      return ctx
        .read()
        .select({
          id: articles.id,
          slug: articles.slug,
          title: articles.title,
          language: articles.language,
          categorySlug: categories.slug,
          publishedAt: sql<number>`${articles.publishedAt}`.mapWith(Number),
          updatedAt: articles.updatedAt,
        })
        .from(articles)
        .leftJoin(categories, eq(categories.id, articles.categoryId))
        .where(publicWithin({ audience, now, from, to }))
        .orderBy(...(newestFirst ? [desc(articles.publishedAt), desc(articles.id)] : [asc(articles.publishedAt), asc(articles.id)]))
        .limit(limit)
        .offset(offset)
    },

    /** How many articles public to the audience were published in `[from, to)`, and when the last of them changed. */
    async publicStats(range: PublicRange): Promise<{ count: number; lastModified: number | null }> {
      const [row] = await ctx
        .read()
        .select({
          count: sql<number>`count(*)`.mapWith(Number),
          lastModified: sql<number | null>`max(${articles.updatedAt})`.mapWith(Number),
        })
        .from(articles)
        .where(publicWithin(range))
      return { count: row?.count ?? 0, lastModified: row?.lastModified ?? null }
    },

    /** When the first article still public at `now` to the audience was published. */
    firstPublicAt: (audience: Audience, now: number) => earliestPublication(visibleWhere(audience, now, articles)),

    /** When the next scheduled article goes live, if any is scheduled after `now`. */
    nextScheduledAfter: (now: number) => earliestPublication(and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, now))),
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
