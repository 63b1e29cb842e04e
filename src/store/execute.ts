import { and, asc, eq, getTableColumns, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { isPublicAt } from '../domain/visibility.js'
import { slugTaken, unprocessable } from '../errors.js'
import { slugFrom, uniqueSlug } from '../lib/slug.js'
import { cleanTagName, tagKey } from '../domain/tag-names.js'
import type { TaxonomyRef } from './articles.js'
import { prepared, type Db, type Tables } from './context.js'
import { sluggedTables, type Slugged } from './slugged.js'
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
export function createExecutor(db: Db, t: Tables) {
  const { apiKeys, articleSlugHistory, articles, articleTags, bylines, captions, changes, idempotencyKeys, leases, relatedLinks, tags } = t
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
    const record = async (change: Change) => {
      // A placeholder's value is bound as it is: booleans as 0/1, which SQLite stores and PostgreSQL reads as boolean.
      const [row] = await appendChange(db, {
        ...change,
        visibleBefore: Number(change.visibleBefore),
        visibleAfter: Number(change.visibleAfter),
        apiKeyId: ws.actor,
        occurredAt: now,
      })
      appended.push(row!)
    }
    const articleChange = (
      id: number,
      version: number,
      reason: ChangeReason,
      before: boolean,
      after: boolean,
      operation: Change['operation'] = 'upsert',
    ) => record({ resource: 'article', resourceId: id, operation, reason, version, visibleBefore: before, visibleAfter: after })

    /** A new author, category or tag: public from the start (editors create them on purpose, articles by name). */
    const created = (resource: Slugged, row: { id: number; version: number }) =>
      record({
        resource,
        resourceId: row.id,
        operation: 'upsert',
        reason: 'created',
        version: row.version,
        visibleBefore: false,
        visibleAfter: true,
      })

    /** Moves the version of an article whose representation changed through something it embeds. */
    async function touchArticles(where: SQL): Promise<void> {
      const touched = await db
        .update(articles)
        .set({ version: sql`${articles.version} + 1`, updatedAt: now })
        .where(sql`${articles.id} in (${where})`)
        .returning({ id: articles.id, version: articles.version, status: articles.status, publishedAt: articles.publishedAt })
      for (const row of touched.sort((a, b) => a.id - b.id))
        await articleChange(row.id, row.version, 'updated', isPublicAt(row, now), isPublicAt(row, now))
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
        await record({
          resource: op.resource,
          resourceId: row.id,
          operation: 'upsert',
          reason,
          version: row.version,
          visibleBefore: true,
          visibleAfter: true,
        })
        if (op.fanOut) await touchArticles(fanOutTargets[op.resource](op.id))
        return row
      },
      async deleteResource(op) {
        const table = resources[op.resource]
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
          visibleBefore: true,
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
        await articleChange(row!.id, row!.version, 'created', false, false)
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
        const [row] = await db
          .update(articles)
          .set({ ...op.values, ...(moved ? { slug: op.slug!.to } : {}), version: before.version + 1, updatedAt: now })
          .where(eq(articles.id, op.id))
          .returning()
        const resolved = await replaceParts(op.id, op.tags, op.bylines)
        await articleChange(
          op.id,
          row!.version,
          moved ? 'slug_changed' : op.reason,
          isPublicAt(before, now),
          isPublicAt(row!, now),
          moved ? 'slug_moved' : 'upsert',
        )
        return { row: row!, tags: resolved }
      },
      async deleteArticle(op) {
        const before = await articleBefore(op.id)
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('article', op.id)
        const parents = (await db.select({ id: relatedLinks.articleId }).from(relatedLinks).where(eq(relatedLinks.relatedId, op.id))).map(
          (r) => r.id,
        )
        await db.delete(articles).where(eq(articles.id, op.id))
        // The articles that linked to it lose a related item: their representation changes.
        if (parents.length > 0) await touchArticles(sql`select ${articles.id} from ${articles} where ${inArray(articles.id, parents)}`)
        await articleChange(op.id, before.version, 'deleted', isPublicAt(before, now), false, 'tombstone')
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
        const due = await db
          .update(articles)
          .set({ status: 'published' })
          .where(and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${now}`))
          .returning({ id: articles.id, version: articles.version })
        for (const row of due.sort((a, b) => a.id - b.id)) await articleChange(row.id, row.version, 'scheduled_reached', false, true)
        return due.length
      },
      pruneChanges: async (op) =>
        (
          await db
            .delete(changes)
            .where(
              sql`${changes.seq} in (select ${changes.seq} from ${changes} where ${changes.occurredAt} < ${op.before} order by ${changes.seq} limit ${op.limit})`,
            )
            .returning({ seq: changes.seq })
        ).length,
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
    }

    const results = new Map<Operation, unknown>()
    for (const op of ws.ops) results.set(op, await (execute[op.kind] as (op: Operation) => Promise<unknown>)(op))
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

/** How long an Idempotency-Key's outcome is kept (draft-ietf-httpapi-idempotency-key-header suggests 24 hours). */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000

/** Another request with the same Idempotency-Key committed first. */
export class IdempotencyKeyInUse extends Error {}
