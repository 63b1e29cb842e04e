import { and, asc, desc, eq, getTableColumns, gt, gte, isNull, lt, or, sql, type AnyColumn } from 'drizzle-orm'
import { visibleWhere } from '../domain/visibility.js'
import type { Audience } from '../domain/access.js'
import type { Db } from './connect.js'
import { articleSlugHistory, articles, articleTags, authors, bylines, captions, categories, tags } from './sqlite/schema.js'

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

export interface ListFilter {
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
  sort: '-publishedAt' | 'publishedAt' | '-updatedAt' | 'updatedAt'
  /** Sort key and id of the last row of the previous page. */
  after?: [number | null, number]
  limit: number
}

const { body, ...listColumns } = getTableColumns(articles)
const ids = sql.placeholder('ids')
/** `IN` over a JSON array bound as one parameter: one prepared statement serves every page size. */
const inIds = (column: AnyColumn) => sql`${column} in (select value from json_each(${ids}))`

function statusCondition(status: NonNullable<ListFilter['status']>, now: number) {
  if (status === 'published')
    return or(eq(articles.status, 'published'), and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${now}`))
  if (status === 'scheduled') return and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, now))
  return eq(articles.status, status)
}

/**
 * Keyset condition on (sort key, id). `published_at` is null for drafts: SQLite sorts nulls first ascending
 * and last descending, and the condition follows that order. Callers who cannot see drafts never get the
 * null branch, so their query stays a plain index seek.
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

/**
 * An article with everything its representation embeds, in one statement: category, tags and bylines in order,
 * and the featured caption, as JSON columns.
 */
const withRelationsSql = `
select a.*,
  (select json_object('id', c.id, 'slug', c.slug, 'name', c.name) from categories c where c.id = a.category_id) as category_json,
  (select json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name) order by at.position)
     from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id) as tags_json,
  (select json_group_array(json_object('role', b.role, 'author', json_object('id', au.id, 'slug', au.slug, 'name', au.name, 'avatarUrl', au.avatar_url)) order by b.position)
     from bylines b join authors au on au.id = b.author_id where b.article_id = a.id) as bylines_json,
  (select json_object('id', c.id, 'articleId', c.article_id, 'role', c.role, 'position', c.position, 'imageUrl', c.image_url,
     'text', c.text, 'altText', c.alt_text, 'credit', c.credit, 'photographer', c.photographer, 'width', c.width, 'height', c.height,
     'createdAt', c.created_at, 'updatedAt', c.updated_at, 'version', c.version)
     from captions c where c.article_id = a.id and c.role = 'featured') as image_json
from articles a where a.id = ?`

interface RawArticle {
  id: number
  slug: string
  title: string
  subtitle: string | null
  summary: string | null
  body: string
  dateline: string | null
  source: string | null
  language: string
  category_id: number | null
  status: ArticleRow['status']
  published_at: number | null
  first_published_at: number | null
  meta_title: string | null
  meta_description: string | null
  canonical_url: string | null
  word_count: number
  created_at: number
  updated_at: number
  version: number
  category_json: string | null
  tags_json: string
  bylines_json: string
  image_json: string | null
}

function fromRaw(raw: RawArticle): { row: ArticleRow; relations: Relations } {
  const row: ArticleRow = {
    id: raw.id,
    slug: raw.slug,
    title: raw.title,
    subtitle: raw.subtitle,
    summary: raw.summary,
    body: raw.body,
    dateline: raw.dateline,
    source: raw.source,
    language: raw.language,
    categoryId: raw.category_id,
    status: raw.status,
    publishedAt: raw.published_at,
    firstPublishedAt: raw.first_published_at,
    metaTitle: raw.meta_title,
    metaDescription: raw.meta_description,
    canonicalUrl: raw.canonical_url,
    wordCount: raw.word_count,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    version: raw.version,
  }
  const relations: Relations = { categories: new Map(), tags: new Map(), bylines: new Map(), images: new Map() }
  if (raw.category_json !== null) {
    const category = JSON.parse(raw.category_json) as TaxonomyRef
    relations.categories.set(category.id, category)
  }
  relations.tags.set(row.id, JSON.parse(raw.tags_json) as TaxonomyRef[])
  relations.bylines.set(row.id, JSON.parse(raw.bylines_json) as Byline[])
  if (raw.image_json !== null) relations.images.set(row.id, JSON.parse(raw.image_json) as CaptionRow)
  return { row, relations }
}

/** The read side of articles: lookups, keyset pages, relations in a fixed number of statements. */
export function createArticlesRepository(db: Db) {
  const byId = db
    .select()
    .from(articles)
    .where(eq(articles.id, sql.placeholder('id')))
    .prepare()
  const withRelations = db.$client.prepare(withRelationsSql)
  const bySlug = db
    .select({ id: articles.id })
    .from(articles)
    .where(eq(articles.slug, sql.placeholder('slug')))
    .prepare()
  const byOldSlug = db
    .select({ articleId: articleSlugHistory.articleId })
    .from(articleSlugHistory)
    .where(eq(articleSlugHistory.slug, sql.placeholder('slug')))
    .prepare()
  const categoryBySlug = db
    .select({ id: categories.id })
    .from(categories)
    .where(eq(categories.slug, sql.placeholder('slug')))
    .prepare()
  const tagBySlug = db
    .select({ id: tags.id })
    .from(tags)
    .where(eq(tags.slug, sql.placeholder('slug')))
    .prepare()
  const authorBySlug = db
    .select({ id: authors.id })
    .from(authors)
    .where(eq(authors.slug, sql.placeholder('slug')))
    .prepare()

  const categoriesOf = db
    .select({ id: categories.id, slug: categories.slug, name: categories.name })
    .from(categories)
    .where(inIds(categories.id))
    .prepare()
  const tagsOf = db
    .select({ articleId: articleTags.articleId, id: tags.id, slug: tags.slug, name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(inIds(articleTags.articleId))
    .orderBy(articleTags.articleId, articleTags.position)
    .prepare()
  const bylinesOf = db
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
    .where(inIds(bylines.articleId))
    .orderBy(bylines.articleId, bylines.position)
    .prepare()
  const nextScheduled = db
    .select({ at: sql<number | null>`min(${articles.publishedAt})` })
    .from(articles)
    .where(and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, sql.placeholder('now'))))
    .prepare()
  const manyById = db.select(listColumns).from(articles).where(inIds(articles.id)).prepare()
  const imagesOf = db
    .select()
    .from(captions)
    .where(and(inIds(captions.articleId), eq(captions.role, 'featured')))
    .prepare()

  return {
    get: (id: number) => byId.get({ id }),
    /** The article with its relations, in one statement. */
    getWithRelations(id: number): { row: ArticleRow; relations: Relations } | undefined {
      const raw = withRelations.get(id) as RawArticle | undefined
      return raw === undefined ? undefined : fromRaw(raw)
    },
    idForSlug: (slug: string) => bySlug.get({ slug })?.id,
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
      const visible = visibleWhere(f.audience, f.now, articles)
      const where = and(
        visible,
        f.status === undefined ? undefined : statusCondition(f.status, f.now),
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
        keysetCondition(f, visible === undefined),
      )
      return db
        .select(listColumns)
        .from(articles)
        .where(where)
        .orderBy(direction(sortColumn), direction(articles.id))
        .limit(f.limit + 1)
        .all()
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

    /** When the next scheduled article goes live, if any is scheduled after `now`. */
    nextScheduledAfter: (now: number) => nextScheduled.get({ now })?.at ?? undefined,
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
