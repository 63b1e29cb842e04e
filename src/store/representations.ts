import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm'
import { relationsLoader, type ArticleWithRelations } from './articles.js'
import { prepared, type Db, type Dialect, type Tables } from './context.js'

/** An article's public representation: the exact body sent, its ETag and its dependency keys. */
export interface PublicRepresentation {
  body: string
  etag: string
  keys: readonly string[]
}

/**
 * How the app renders an article for the public (src/modules/articles/views.ts), handed to the store so that every
 * write set stores the representation of each article it changed. `variant` names the view and its settings: a
 * stored row of another variant is stale, and is neither served nor kept.
 */
export interface ArticleRenderer {
  /** A decimal integer below 2^53, so that the marker of src/store/representations.ts can hold it. */
  variant: string
  render(article: ArticleWithRelations): PublicRepresentation
}

/** Stored per article in one row; dependency keys are joined by spaces (none contains one). */
const joinKeys = (keys: readonly string[]): string => keys.join(' ')
export const splitKeys = (keys: string): string[] => keys.split(' ')

/** Articles whose stored representation is built in one statement. */
const batch = 500

/**
 * Writes stored representations inside a write set's transaction, on its connection: public-bound articles (published
 * or scheduled) get theirs rendered from their committed-to-be rows; the others lose theirs. A deleted article's row
 * goes with it (the foreign key cascades).
 */
export function createRepresentationWriter(db: Db, t: Tables, d: Dialect) {
  const { articleRepresentations: r } = t
  const loader = relationsLoader(t, d)
  const columnNames = Object.keys(getTableColumns(r))
  /** Replaces the stored row of an article that has one. */
  const replace = { target: r.articleId, set: excludedValues(r) }
  const upsertOne = prepared('store_representation', (db) =>
    db
      .insert(r)
      .values(Object.fromEntries(columnNames.map((name) => [name, sql.placeholder(name)])) as never)
      .onConflictDoUpdate(replace),
  )
  const dropOne = prepared('drop_representation', (db) => db.delete(r).where(eq(r.articleId, sql.placeholder('id'))))

  const rowOf = (renderer: ArticleRenderer, article: ArticleWithRelations) => {
    const { body, etag, keys } = renderer.render(article)
    const { id, status, publishedAt, categoryId } = article.row
    return { articleId: id, variant: renderer.variant, status, publishedAt, categoryId, etag, keys: joinKeys(keys), body }
  }
  const publicBound = (article: ArticleWithRelations) => article.row.status === 'published' || article.row.status === 'scheduled'

  /** Renders (or drops) the stored representations of these articles; a missing id is skipped. */
  async function store(renderer: ArticleRenderer, ids: readonly number[]): Promise<void> {
    if (ids.length === 1) {
      const article = await loader.one(db, ids[0]!)
      if (article === undefined) return
      await (publicBound(article) ? upsertOne(db, rowOf(renderer, article)) : dropOne(db, { id: ids[0] }))
      return
    }
    for (let from = 0; from < ids.length; from += batch) {
      const found = await loader.many(db, ids.slice(from, from + batch))
      const kept = found.filter(publicBound)
      const dropped = found.filter((article) => !publicBound(article)).map((article) => article.row.id)
      if (kept.length > 0)
        await db
          .insert(r)
          .values(kept.map((article) => rowOf(renderer, article)))
          .onConflictDoUpdate(replace)
      if (dropped.length > 0) await db.delete(r).where(inArray(r.articleId, dropped))
    }
  }

  return {
    store,

    /**
     * Stores the next `limit` public-bound articles whose representation is missing or of another variant; once none
     * is left, records that every row is of this variant (the `representations_variant` marker).
     */
    async refresh(renderer: ArticleRenderer, limit: number): Promise<number> {
      const stale = await staleRepresentations(db, t, renderer.variant).limit(limit)
      await store(
        renderer,
        stale.map((row) => row.id),
      )
      if (stale.length < limit) {
        const value = Number(renderer.variant)
        await db
          .insert(t.markers)
          .values({ name: representationsVariant, value })
          .onConflictDoUpdate({ target: t.markers.name, set: { value } })
      }
      return stale.length
    },
  }
}

/**
 * The marker naming the variant every stored representation is of, set when a refresh finds none left to render:
 * whether there is work is then one primary-key read, not a scan of the articles. Writes keep it true.
 */
export const representationsVariant = 'representations_variant'

/** The public-bound articles, in id order, whose stored representation is missing or of another variant. */
const staleRepresentations = (db: Db, { articles, articleRepresentations: r }: Tables, variant: string) =>
  db
    .select({ id: articles.id })
    .from(articles)
    .leftJoin(r, and(eq(r.articleId, articles.id), eq(r.variant, variant)))
    .where(and(inArray(articles.status, ['published', 'scheduled']), isNull(r.articleId)))
    .orderBy(asc(articles.id))

/** `set column = excluded.column` for every column but the key: an upsert that replaces the stored row. */
function excludedValues(r: Tables['articleRepresentations']) {
  // Columns are named in snake case (the databases' casing), as `excluded` names them.
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
  const { articleId: _key, ...values } = getTableColumns(r)
  return Object.fromEntries(Object.keys(values).map((name) => [name, sql.raw(`excluded.${snake(name)}`)])) as never
}
