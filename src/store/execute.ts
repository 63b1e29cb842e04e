import { and, asc, eq, getTableColumns, gt, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { isPublicAt, type VisibilityFacts } from '../domain/visibility.js'
import { slugTaken, unprocessable } from '../errors.js'
import { slugFrom, uniqueSlug } from '../lib/slug.js'
import { cleanTagName, tagKey } from '../domain/tag-names.js'
import type { TaxonomyRef } from './articles.js'
import { prepared, type Db, type Dialect, type Tables } from './context.js'
import { createRepresentationWriter, type ArticleRenderer } from './representations.js'
import { searchDocument } from './search.js'
import { sluggedTables, type Slugged } from './slugged.js'
import { webhookOperations } from './execute-webhooks.js'
import {
  VersionConflict,
  type BylineInput,
  type ChangeReason,
  type ChangeRow,
  type Created,
  type Operation,
  type OperationResults,
  type Results,
  type SlugClaim,
  type WriteSet,
} from './write-set.js'

type Change = Omit<ChangeRow, 'seq' | 'occurredAt' | 'apiKeyId'>
/** What anonymous and scoped callers saw of an article at one side of a change. */
interface Shown {
  public: boolean
  categoryId: number | null
}

/** `ids` with `id` placed at `position` (clamped to the end); id 0 stands for a caption not yet inserted. */
const placed = (ids: number[], id: number, position: number | undefined) => {
  const rest = ids.filter((other) => other !== id)
  rest.splice(Math.min(position ?? rest.length, rest.length), 0, id)
  return rest
}

/**
 * Executes write sets inside a transaction the write queue opened on the write connection; returns the write set's
 * answer and the change-log rows it appended. A guard that fails throws, and the caller rolls back. Nothing else
 * writes on that connection meanwhile (the queue runs one write set at a time), so a read-then-write inside is safe.
 */
export function createExecutor(db: Db, t: Tables, dialect: Dialect, rendererOf: () => ArticleRenderer | undefined) {
  const { search } = dialect
  const representations = createRepresentationWriter(db, t, dialect)
  const {
    apiKeys,
    articleSlugHistory,
    articles,
    articleTags,
    bylines,
    captions,
    changes,
    idempotencyKeys,
    leases,
    markers,
    relatedLinks,
    tags,
  } = t
  const resources = sluggedTables(t)
  const fanOutTargets: Record<Slugged, (id: number) => SQL> = {
    author: (id) => sql`select ${bylines.articleId} from ${bylines} where ${bylines.authorId} = ${id}`,
    category: (id) => sql`select ${articles.id} from ${articles} where ${articles.categoryId} = ${id}`,
    tag: (id) => sql`select ${articleTags.articleId} from ${articleTags} where ${articleTags.tagId} = ${id}`,
  }
  // The statements every create or edit runs are prepared once.
  const [idOf, slugOf, keyOf] = [sql.placeholder('id'), sql.placeholder('slug'), sql.placeholder('key')]
  const slugOwner = prepared('slug_owner', (db) =>
    db.select({ id: articleSlugHistory.articleId }).from(articleSlugHistory).where(eq(articleSlugHistory.slug, slugOf)),
  )
  const resourceAt = Object.fromEntries(
    (['author', 'category', 'tag'] as const).map((r) => [
      r,
      prepared(`${r}_at_slug`, (db) => db.select({ id: resources[r].id }).from(resources[r]).where(eq(resources[r].slug, slugOf))),
    ]),
  ) as Record<Slugged, (db: Db, values?: Record<string, unknown>) => Promise<{ id: number }[]>>
  const tagByKey = prepared('tag_by_key', (db) =>
    db.select({ id: tags.id, slug: tags.slug, name: tags.name }).from(tags).where(eq(tags.nameKey, keyOf)),
  )
  const captionById = prepared('caption_by_id', (db) => db.select().from(captions).where(eq(captions.id, idOf)))
  const articleById = prepared('article_before', (db) =>
    db
      .select({
        id: articles.id,
        slug: articles.slug,
        status: articles.status,
        publishedAt: articles.publishedAt,
        categoryId: articles.categoryId,
        version: articles.version,
      })
      .from(articles)
      .where(eq(articles.id, idOf)),
  )
  const appendChange = prepared('append_change', (db) =>
    db
      .insert(changes)
      .values({
        resource: sql.placeholder('resource'),
        resourceId: sql.placeholder('resourceId'),
        operation: sql.placeholder('operation'),
        reason: sql.placeholder('reason'),
        version: sql.placeholder('version'),
        visibleBefore: sql.placeholder('visibleBefore'),
        visibleAfter: sql.placeholder('visibleAfter'),
        categoryBefore: sql.placeholder('categoryBefore'),
        categoryAfter: sql.placeholder('categoryAfter'),
        apiKeyId: sql.placeholder('apiKeyId'),
        occurredAt: sql.placeholder('occurredAt'),
      })
      .returning(),
  )
  // Every column but the id is bound, so that one statement serves every create whatever fields it sets; a column
  // the create leaves out gets the schema's default, as drizzle gives it when a value is missing.
  const { id: _id, ...articleColumns } = getTableColumns(articles)
  const articleDefaults = Object.fromEntries(Object.entries(articleColumns).map(([name, column]) => [name, column.default ?? null]))
  const insertArticle = prepared('insert_article', (db) =>
    db
      .insert(articles)
      .values(Object.fromEntries(Object.keys(articleColumns).map((name) => [name, sql.placeholder(name)])) as never)
      .returning(),
  )
  const claimSlug = prepared('claim_slug', (db) =>
    db.insert(articleSlugHistory).values({ slug: slugOf, articleId: sql.placeholder('articleId') }),
  )
  /** The article a slug names, now or as an old slug: both are rows of the slug table. */
  const articleOwnerOf = async (slug: string) => (await slugOwner(db, { slug }))[0]?.id
  const articleSlugTaken = async (slug: string) => (await articleOwnerOf(slug)) !== undefined
  const resourceSlugTaken = (resource: Slugged) => async (slug: string) => (await resourceAt[resource](db, { slug })).length > 0
  const captionAt = async (id: number) => (await captionById(db, { id }))[0]
  const articleBefore = async (id: number) => (await articleById(db, { id }))[0]

  async function claim(slug: SlugClaim, taken: (slug: string) => Promise<boolean>): Promise<string> {
    if ('exact' in slug) {
      if (await taken(slug.exact)) throw slugTaken(slug.exact)
      return slug.exact
    }
    return uniqueSlug(slug.derivedFrom, taken)
  }

  /** One execution: the transaction's clock, its actor, and the change rows appended so far. */
  async function run<R>(ws: WriteSet<R>, now: number): Promise<{ answer: R; changes: ChangeRow[] }> {
    const appended: ChangeRow[] = []
    const record = async (change: Omit<Change, 'categoryBefore' | 'categoryAfter'> & Partial<Change>) => {
      // A placeholder's value is bound as it is: booleans as 0/1, which SQLite stores and PostgreSQL reads as boolean.
      const [row] = await appendChange(db, {
        ...change,
        visibleBefore: Number(change.visibleBefore),
        visibleAfter: Number(change.visibleAfter),
        categoryBefore: change.categoryBefore ?? null,
        categoryAfter: change.categoryAfter ?? null,
        apiKeyId: ws.actor,
        occurredAt: now,
      })
      appended.push(row!)
    }
    const shown = (row: VisibilityFacts): Shown => ({ public: isPublicAt(row, now), categoryId: row.categoryId })
    const absent: Shown = { public: false, categoryId: null }
    /** An article's change, with whether it was public and its category before and after. */
    const articleChange = (
      id: number,
      version: number,
      reason: ChangeReason,
      before: Shown,
      after: Shown,
      operation: Change['operation'] = 'upsert',
    ) =>
      record({
        resource: 'article',
        resourceId: id,
        operation,
        reason,
        version,
        visibleBefore: before.public,
        visibleAfter: after.public,
        categoryBefore: before.categoryId,
        categoryAfter: after.categoryId,
      })

    /**
     * A new author, category or tag. Authors and categories are public from the start (editors create them on
     * purpose); a tag only once a published article carries it (`tagVisibility`), as public tag reads show them.
     */
    const created = (resource: Slugged, row: { id: number; version: number }) =>
      record({
        resource,
        resourceId: row.id,
        operation: 'upsert',
        reason: 'created',
        version: row.version,
        visibleBefore: false,
        visibleAfter: resource !== 'tag',
      })

    /** Of these tags, the ones a published article carries. */
    async function shownTags(ids: number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set()
      const rows = await db
        .selectDistinct({ id: articleTags.tagId })
        .from(articleTags)
        .innerJoin(articles, eq(articles.id, articleTags.articleId))
        .where(and(inArray(articleTags.tagId, ids), eq(articles.status, 'published')))
      return new Set(rows.map((row) => row.id))
    }
    /** Whether anonymous callers see an author, category or tag (a tag: while a published article carries it). */
    const isShown = async (resource: Slugged, id: number) => resource !== 'tag' || (await shownTags([id])).has(id)
    const tagsOf = async (articleIds: number[]) =>
      (await db.selectDistinct({ id: articleTags.tagId }).from(articleTags).where(inArray(articleTags.articleId, articleIds))).map(
        (row) => row.id,
      )

    /**
     * Runs a change to published articles and records the tags that anonymous callers start or stop seeing by it
     * (a tag shows while a published article carries it). Scheduled articles count once their publication is
     * recorded, so that the tag's event follows the article's.
     */
    async function tagVisibility<T>(articleIds: number[], change: () => Promise<T>): Promise<T> {
      const candidates = await tagsOf(articleIds)
      const before = await shownTags(candidates)
      const result = await change()
      const all = [...new Set([...candidates, ...(await tagsOf(articleIds))])].sort((a, b) => a - b)
      const after = await shownTags(all)
      const flipped = all.filter((id) => before.has(id) !== after.has(id))
      if (flipped.length === 0) return result
      const versions = await db.select({ id: tags.id, version: tags.version }).from(tags).where(inArray(tags.id, flipped))
      for (const { id, version } of versions.sort((a, b) => a.id - b.id))
        await record({
          resource: 'tag',
          resourceId: id,
          operation: 'upsert',
          reason: after.has(id) ? 'published' : 'unpublished',
          version,
          visibleBefore: before.has(id),
          visibleAfter: after.has(id),
        })
      return result
    }

    /** Moves the version of an article whose representation changed through something it embeds. */
    async function touchArticles(where: SQL): Promise<void> {
      const touched = await db
        .update(articles)
        .set({ version: sql`${articles.version} + 1`, updatedAt: now })
        .where(sql`${articles.id} in (${where})`)
        .returning({
          id: articles.id,
          version: articles.version,
          status: articles.status,
          publishedAt: articles.publishedAt,
          categoryId: articles.categoryId,
        })
      for (const row of touched.sort((a, b) => a.id - b.id)) await articleChange(row.id, row.version, 'updated', shown(row), shown(row))
    }

    /** Tag names → tags in order, creating the unknown ones (articles name tags by name). */
    async function resolveTags(names: string[]): Promise<TaxonomyRef[]> {
      const resolved: TaxonomyRef[] = []
      for (const name of names) {
        const key = tagKey(name)
        const [found] = await tagByKey(db, { key })
        if (found) {
          resolved.push(found)
          continue
        }
        const slug = await uniqueSlug(slugFrom(name) || 'tag', resourceSlugTaken('tag'))
        const [row] = await db
          .insert(tags)
          .values({ name: cleanTagName(name), nameKey: key, slug, createdAt: now, updatedAt: now })
          .returning()
        await created('tag', row!)
        resolved.push({ id: row!.id, slug: row!.slug, name: row!.name })
      }
      return resolved
    }

    async function replaceParts(
      articleId: number,
      tagNames: string[] | undefined,
      list: BylineInput[] | undefined,
    ): Promise<TaxonomyRef[] | undefined> {
      if (list) {
        await db.delete(bylines).where(eq(bylines.articleId, articleId))
        if (list.length) await db.insert(bylines).values(list.map((b, position) => ({ articleId, position, ...b })))
      }
      if (!tagNames) return undefined
      const resolved = await resolveTags(tagNames)
      await db.delete(articleTags).where(eq(articleTags.articleId, articleId))
      if (resolved.length) await db.insert(articleTags).values(resolved.map((tag, position) => ({ articleId, tagId: tag.id, position })))
      return resolved
    }

    /** Gives each caption its index in `orderedIds` as position; a caption that moves gets a new version. */
    async function renumber(orderedIds: number[], except?: number): Promise<void> {
      for (const [position, id] of orderedIds.entries()) {
        if (id === except) continue
        await db
          .update(captions)
          .set({ position, version: sql`${captions.version} + 1`, updatedAt: now })
          .where(and(eq(captions.id, id), sql`${captions.position} <> ${position}`))
      }
    }
    const captionIds = async (articleId: number) =>
      (
        await db
          .select({ id: captions.id })
          .from(captions)
          .where(eq(captions.articleId, articleId))
          .orderBy(asc(captions.position), asc(captions.id))
      ).map((c) => c.id)
    const touchArticle = (articleId: number) => touchArticles(sql`${articleId}`)
    /** Writes the search index rows of the next `limit` articles after `afterId`. */
    async function indexArticles(afterId: number, limit: number) {
      const batch = await db
        .select({ id: articles.id, title: articles.title, summary: articles.summary, body: articles.body })
        .from(articles)
        .where(gt(articles.id, afterId))
        .orderBy(asc(articles.id))
        .limit(limit)
      for (const row of batch) await search.put(db, row.id, searchDocument(row))
      return { ids: batch.map((row) => row.id), lastId: batch.at(-1)?.id ?? afterId }
    }

    const execute: { [K in Operation['kind']]: (op: Extract<Operation, { kind: K }>) => Promise<OperationResults[K]> } = {
      async insertResource(op) {
        const table = resources[op.resource]
        const slug = await claim(op.slug, resourceSlugTaken(op.resource))
        const [row] = (await db
          .insert(table)
          .values({ ...op.values, slug, createdAt: now, updatedAt: now } as never)
          .returning()) as OperationResults['insertResource'][]
        await created(op.resource, row!)
        return row!
      },
      async updateResource(op) {
        const table = resources[op.resource]
        if (typeof op.values.slug === 'string') {
          const [owner] = await resourceAt[op.resource](db, { slug: op.values.slug })
          if (owner !== undefined && owner.id !== op.id) throw slugTaken(op.values.slug)
        }
        const [row] = (await db
          .update(table)
          .set({ ...op.values, version: op.expectedVersion + 1, updatedAt: now } as never)
          .where(and(eq(table.id, op.id), eq(table.version, op.expectedVersion)))
          .returning()) as OperationResults['updateResource'][]
        if (row === undefined) throw new VersionConflict(op.resource, op.id)
        const reason = 'name' in op.values || 'slug' in op.values ? 'renamed' : 'updated'
        const visible = await isShown(op.resource, row.id)
        await record({
          resource: op.resource,
          resourceId: row.id,
          operation: 'upsert',
          reason,
          version: row.version,
          visibleBefore: visible,
          visibleAfter: visible,
        })
        if (op.fanOut) await touchArticles(fanOutTargets[op.resource](op.id))
        return row
      },
      async deleteResource(op) {
        const table = resources[op.resource]
        const visible = await isShown(op.resource, op.id)
        // A deleted tag leaves its articles: they change before the rows linking them cascade away.
        if (op.resource === 'tag') await touchArticles(fanOutTargets.tag(op.id))
        const removed = await db
          .delete(table)
          .where(and(eq(table.id, op.id), eq(table.version, op.expectedVersion)))
          .returning({ id: table.id })
        if (removed.length !== 1) throw new VersionConflict(op.resource, op.id)
        await record({
          resource: op.resource,
          resourceId: op.id,
          operation: 'tombstone',
          reason: 'deleted',
          version: op.expectedVersion,
          visibleBefore: visible,
          visibleAfter: false,
        })
        return undefined
      },
      async insertArticle(op) {
        const slug = await claim(op.slug, articleSlugTaken)
        const values = Object.fromEntries(Object.entries(op.values).filter(([, value]) => value !== undefined))
        const [row] = await insertArticle(db, { ...articleDefaults, ...values, slug, status: 'draft', createdAt: now, updatedAt: now })
        // The slug's own row: its primary key refuses a slug that names another article (409), whatever checked before.
        await claimSlug(db, { slug, articleId: row!.id })
        const resolved = (await replaceParts(row!.id, op.tags, op.bylines)) ?? []
        await search.put(db, row!.id, searchDocument(row!))
        await articleChange(row!.id, row!.version, 'created', absent, shown(row!))
        return { row: row!, tags: resolved }
      },
      async updateArticle(op) {
        const before = await articleBefore(op.id)
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('article', op.id)
        const moved = op.slug !== undefined && op.slug.to !== before.slug
        if (op.slug !== undefined && moved) {
          const owner = await articleOwnerOf(op.slug.to)
          if (owner !== undefined && owner !== op.id) throw slugTaken(op.slug.to)
          // An old slug of its own may come back; a once-public article keeps its old slug answering (301).
          if (owner === undefined) await claimSlug(db, { slug: op.slug.to, articleId: op.id })
          if (!op.slug.keepOld) await db.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, before.slug))
        }
        const update = async () => {
          const [row] = await db
            .update(articles)
            .set({ ...op.values, ...(moved ? { slug: op.slug!.to } : {}), version: before.version + 1, updatedAt: now })
            .where(eq(articles.id, op.id))
            .returning()
          const tags = await replaceParts(op.id, op.tags, op.bylines)
          if (indexedFields.some((field) => field in op.values)) await search.put(db, op.id, searchDocument(row!))
          const reason = moved ? 'slug_changed' : op.reason
          await articleChange(op.id, row!.version, reason, shown(before), shown(row!), moved ? 'slug_moved' : 'upsert')
          return { row: row!, tags }
        }
        // Which tags show changes only when the article enters or leaves `published`, or its tags change while there.
        const [was, will] = [before.status === 'published', (op.values.status ?? before.status) === 'published']
        return was !== will || (op.tags !== undefined && (was || will)) ? tagVisibility([op.id], update) : update()
      },
      async deleteArticle(op) {
        const before = await articleBefore(op.id)
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('article', op.id)
        const parents = (await db.select({ id: relatedLinks.articleId }).from(relatedLinks).where(eq(relatedLinks.relatedId, op.id))).map(
          (r) => r.id,
        )
        const remove = async () => {
          await db.delete(articles).where(eq(articles.id, op.id))
          await search.remove(db, op.id)
          // The articles that linked to it lose a related item: their representation changes.
          if (parents.length > 0) await touchArticles(sql`select ${articles.id} from ${articles} where ${inArray(articles.id, parents)}`)
          await articleChange(op.id, before.version, 'deleted', shown(before), absent, 'tombstone')
        }
        await (before.status === 'published' ? tagVisibility([op.id], remove) : remove())
        return undefined
      },
      async insertCaption(op) {
        const existing = await captionIds(op.articleId)
        if (existing.length >= op.max) throw unprocessable(`An article holds at most ${op.max} captions`)
        const order = placed(existing, 0, op.position)
        const [row] = await db
          .insert(captions)
          .values({
            text: null,
            altText: null,
            credit: null,
            photographer: null,
            width: null,
            height: null,
            ...op.values,
            articleId: op.articleId,
            position: order.indexOf(0),
            createdAt: now,
            updatedAt: now,
          })
          .returning()
        await renumber(order, 0)
        await touchArticle(op.articleId)
        return row!
      },
      async updateCaption(op) {
        const before = await captionAt(op.id)
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('caption', op.id)
        const order = op.position === undefined ? undefined : placed(await captionIds(before.articleId), op.id, op.position)
        // Renumbering leaves this caption alone (`except`), so the updated row is the one to answer with.
        const [row] = await db
          .update(captions)
          .set({ ...op.values, ...(order ? { position: order.indexOf(op.id) } : {}), version: before.version + 1, updatedAt: now })
          .where(eq(captions.id, op.id))
          .returning()
        if (order) await renumber(order, op.id)
        await touchArticle(before.articleId)
        return row!
      },
      async deleteCaption(op) {
        const before = await captionAt(op.id)
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('caption', op.id)
        await db.delete(captions).where(eq(captions.id, op.id))
        await renumber(await captionIds(before.articleId))
        await touchArticle(before.articleId)
        return undefined
      },
      async replaceRelated(op) {
        await db.delete(relatedLinks).where(eq(relatedLinks.articleId, op.articleId))
        if (op.ids.length)
          await db.insert(relatedLinks).values(op.ids.map((relatedId, position) => ({ articleId: op.articleId, relatedId, position })))
        return undefined
      },
      insertKey: async (op) => (await db.insert(apiKeys).values(op.values).returning())[0]!,
      revokeKey: async (op) =>
        (
          await db
            .update(apiKeys)
            .set({ revokedAt: now })
            .where(and(eq(apiKeys.id, op.id), isNull(apiKeys.revokedAt)))
            .returning({ id: apiKeys.id })
        ).length === 1,
      async recordScheduledPublications() {
        // The articles were public since their time came (reads compute it); this records the moment in the log.
        const isDue = and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${now}`)
        const ids = (await db.select({ id: articles.id }).from(articles).where(isDue)).map((row) => row.id)
        if (ids.length === 0) return 0
        return tagVisibility(ids, async () => {
          const due = await db
            .update(articles)
            .set({ status: 'published' })
            .where(and(isDue, inArray(articles.id, ids)))
            .returning()
          for (const row of due.sort((a, b) => a.id - b.id))
            await articleChange(row.id, row.version, 'scheduled_reached', { public: false, categoryId: row.categoryId }, shown(row))
          return due.length
        })
      },
      async compactChanges(op) {
        // The batch: the next `limit` events past the horizon that are older than the retention.
        const horizon = (await db.select({ value: markers.value }).from(markers).where(eq(markers.name, changesHorizon)))[0]?.value ?? 0
        const batch = db
          .select({ seq: changes.seq })
          .from(changes)
          .where(and(gt(changes.seq, horizon), lt(changes.occurredAt, op.before)))
          .orderBy(asc(changes.seq))
          .limit(op.limit)
          .as('batch')
        const [span] = await db
          .select({ count: sql<number>`count(*)`.mapWith(Number), last: sql<number | null>`max(${batch.seq})`.mapWith(Number) })
          .from(batch)
        if (span === undefined || span.last === null) return 0
        const upTo = span.last
        // Each resource keeps only its last event up to the new horizon; a deleted one keeps none.
        const newer = alias(changes, 'newer')
        await db.delete(changes).where(
          inArray(
            changes.seq,
            db
              .select({ seq: changes.seq })
              .from(newer)
              .innerJoin(
                changes,
                and(eq(changes.resource, newer.resource), eq(changes.resourceId, newer.resourceId), lt(changes.seq, newer.seq)),
              )
              .where(and(gt(newer.seq, horizon), lte(newer.seq, upTo))),
          ),
        )
        await db.delete(changes).where(and(gt(changes.seq, horizon), lte(changes.seq, upTo), eq(changes.operation, 'tombstone')))
        await db
          .insert(markers)
          .values({ name: changesHorizon, value: upTo })
          .onConflictDoUpdate({ target: markers.name, set: { value: upTo } })
        return span.count
      },
      async reindexArticles(op) {
        if (op.afterId === 0) {
          await search.clear(db)
          await db.delete(markers).where(eq(markers.name, searchRebuild))
        }
        const indexed = await indexArticles(op.afterId, op.limit)
        const renderer = rendererOf()
        if (renderer !== undefined) await representations.store(renderer, indexed.ids)
        return { indexed: indexed.ids.length, lastId: indexed.lastId }
      },
      async refreshRepresentations(op) {
        const renderer = rendererOf()
        return renderer === undefined ? 0 : representations.refresh(renderer, op.limit)
      },
      async resumeSearchRebuild(op) {
        const after = (await db.select({ value: markers.value }).from(markers).where(eq(markers.name, searchRebuild)))[0]
        if (after === undefined) return 0
        const { ids, lastId } = await indexArticles(after.value, op.limit)
        const indexed = ids.length
        if (indexed < op.limit) await db.delete(markers).where(eq(markers.name, searchRebuild))
        else await db.update(markers).set({ value: lastId }).where(eq(markers.name, searchRebuild))
        return indexed
      },
      pruneIdempotency: async (op) =>
        (await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, op.before)).returning({ key: idempotencyKeys.key })).length,
      async acquireLease(op) {
        const held = await db
          .insert(leases)
          .values({ name: op.name, holder: op.holder, expiresAt: now + op.ttlMs })
          .onConflictDoUpdate({
            target: leases.name,
            set: { holder: op.holder, expiresAt: now + op.ttlMs },
            setWhere: sql`${leases.holder} = ${op.holder} or ${leases.expiresAt} <= ${now}`,
          })
          .returning({ holder: leases.holder })
        return held.length > 0
      },
      async releaseLease(op) {
        const released = await db
          .delete(leases)
          .where(and(eq(leases.name, op.name), eq(leases.holder, op.holder)))
          .returning({ name: leases.name })
        return released.length > 0
      },
      ...webhookOperations(db, t, now),
    }

    const results = new Map<Operation, unknown>()
    for (const op of ws.ops) results.set(op, await (execute[op.kind] as (op: Operation) => Promise<unknown>)(op))
    // Every article the write set changed — itself or through what it embeds — gets its stored representation anew;
    // one it only created is a draft (insertArticle), which has none.
    const renderer = rendererOf()
    const changed = appended
      .filter((c) => c.resource === 'article' && c.operation !== 'tombstone' && c.reason !== 'created')
      .map((c) => c.resourceId)
    if (renderer !== undefined && changed.length > 0) await representations.store(renderer, [...new Set(changed)])
    const answer = ws.respond({ of: (op) => results.get(op) as never } satisfies Results)
    if (ws.idempotency) {
      const { location, rep } = answer as Created
      const { owner, key, requestHash } = ws.idempotency
      const values = { owner, key, requestHash, statusCode: 201, location, etag: rep.etag, body: rep.body, createdAt: now }
      // A record older than the retention is replaced; a live one means another request holds the key.
      const stored = await db
        .insert(idempotencyKeys)
        .values(values)
        .onConflictDoUpdate({
          target: [idempotencyKeys.owner, idempotencyKeys.key],
          set: values,
          setWhere: sql`${idempotencyKeys.createdAt} < ${now - idempotencyRetentionMs}`,
        })
        .returning({ key: idempotencyKeys.key })
      if (stored.length !== 1) throw new IdempotencyKeyInUse()
    }
    return { answer, changes: appended }
  }

  return { run }
}

/** The article fields the search index holds: an update that changes none of them leaves its row alone. */
const indexedFields = ['title', 'summary', 'body'] as const

/** The marker holding the sequence number up to which the change log is compacted. */
export const changesHorizon = 'changes_horizon'
/** The marker of a search index rebuild in progress (a migration sets it): the id up to which it has indexed. */
export const searchRebuild = 'search_rebuild'

/** How long an Idempotency-Key's outcome is kept (draft-ietf-httpapi-idempotency-key-header suggests 24 hours). */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000

/** Another request with the same Idempotency-Key committed first. */
export class IdempotencyKeyInUse extends Error {}
