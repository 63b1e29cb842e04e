import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm'
import { isPublicAt } from '../domain/visibility.js'
import { slugTaken, unprocessable } from '../errors.js'
import { slugFrom, uniqueSlug } from '../lib/slug.js'
import { cleanTagName, tagKey } from '../domain/tag-names.js'
import type { TaxonomyRef } from './articles.js'
import type { Db } from './connect.js'
import {
  apiKeys,
  articleSlugHistory,
  articles,
  articleTags,
  bylines,
  captions,
  changes,
  idempotencyKeys,
  leases,
  relatedLinks,
  tags,
} from './sqlite/schema.js'
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

const fanOutTargets: Record<Slugged, (id: number) => ReturnType<typeof sql>> = {
  author: (id) => sql`select ${bylines.articleId} from ${bylines} where ${bylines.authorId} = ${id}`,
  category: (id) => sql`select ${articles.id} from ${articles} where ${articles.categoryId} = ${id}`,
  tag: (id) => sql`select ${articleTags.articleId} from ${articleTags} where ${articleTags.tagId} = ${id}`,
}

/**
 * Executes write sets. Runs inside a transaction the write queue opened (synchronous: no awaits); returns the
 * write set's answer and the change-log rows it appended. A guard that fails throws, and the caller rolls back.
 */
export function createExecutor(db: Db) {
  // The statements every create or edit runs are prepared once.
  const slug = sql.placeholder('slug')
  const articleAt = db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).prepare()
  const historyAt = db
    .select({ id: articleSlugHistory.articleId })
    .from(articleSlugHistory)
    .where(eq(articleSlugHistory.slug, slug))
    .prepare()
  const bySlug = (table: (typeof sluggedTables)[Slugged]) => db.select({ id: table.id }).from(table).where(eq(table.slug, slug)).prepare()
  const resourceAt = { author: bySlug(sluggedTables.author), category: bySlug(sluggedTables.category), tag: bySlug(sluggedTables.tag) }
  const tagByKey = db
    .select({ id: tags.id, slug: tags.slug, name: tags.name })
    .from(tags)
    .where(eq(tags.nameKey, sql.placeholder('key')))
    .prepare()
  const appendChange = db
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
    .returning()
    .prepare()
  const articleOwnerOf = (slug: string) => articleAt.get({ slug })?.id ?? historyAt.get({ slug })?.id
  const articleSlugTaken = (slug: string) => articleOwnerOf(slug) !== undefined
  const resourceSlugTaken = (resource: Slugged) => (slug: string) => resourceAt[resource].get({ slug }) !== undefined
  const captionAt = db
    .select()
    .from(captions)
    .where(eq(captions.id, sql.placeholder('id')))
    .prepare()
  const articleBefore = db
    .select({ id: articles.id, slug: articles.slug, status: articles.status, publishedAt: articles.publishedAt, version: articles.version })
    .from(articles)
    .where(eq(articles.id, sql.placeholder('id')))
    .prepare()

  function claim(slug: SlugClaim, taken: (slug: string) => boolean): string {
    if ('exact' in slug) {
      if (taken(slug.exact)) throw slugTaken(slug.exact)
      return slug.exact
    }
    return uniqueSlug(slug.derivedFrom, taken)
  }

  /** One execution: the transaction's clock, its actor, and the change rows appended so far. */
  function run<R>(ws: WriteSet<R>, now: number): { answer: R; changes: ChangeRow[] } {
    const appended: ChangeRow[] = []
    const record = (change: Change) => {
      // Booleans are bound as SQLite integers, as drizzle stores them.
      const row = appendChange.get({
        ...change,
        visibleBefore: Number(change.visibleBefore),
        visibleAfter: Number(change.visibleAfter),
        apiKeyId: ws.actor,
        occurredAt: now,
      })!
      appended.push(row)
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
    function touchArticles(where: ReturnType<typeof sql>): void {
      const touched = db
        .update(articles)
        .set({ version: sql`${articles.version} + 1`, updatedAt: now })
        .where(sql`${articles.id} in (${where})`)
        .returning({ id: articles.id, version: articles.version, status: articles.status, publishedAt: articles.publishedAt })
        .all()
      for (const row of touched) articleChange(row.id, row.version, 'updated', isPublicAt(row, now), isPublicAt(row, now))
    }

    /** Tag names → tags in order, creating the unknown ones (articles name tags by name). */
    function resolveTags(names: string[]): TaxonomyRef[] {
      return names.map((name) => {
        const key = tagKey(name)
        const found = tagByKey.get({ key })
        if (found) return found
        const slug = uniqueSlug(slugFrom(name) || 'tag', resourceSlugTaken('tag'))
        const row = db
          .insert(tags)
          .values({ name: cleanTagName(name), nameKey: key, slug, createdAt: now, updatedAt: now })
          .returning()
          .get()
        created('tag', row)
        return { id: row.id, slug: row.slug, name: row.name }
      })
    }

    function replaceParts(articleId: number, tagNames: string[] | undefined, list: BylineInput[] | undefined): TaxonomyRef[] | undefined {
      if (list) {
        db.delete(bylines).where(eq(bylines.articleId, articleId)).run()
        if (list.length)
          db.insert(bylines)
            .values(list.map((b, position) => ({ articleId, position, ...b })))
            .run()
      }
      if (!tagNames) return undefined
      const resolved = resolveTags(tagNames)
      db.delete(articleTags).where(eq(articleTags.articleId, articleId)).run()
      if (resolved.length)
        db.insert(articleTags)
          .values(resolved.map((tag, position) => ({ articleId, tagId: tag.id, position })))
          .run()
      return resolved
    }

    /** Gives each caption its index in `orderedIds` as position; a caption that moves gets a new version. */
    function renumber(orderedIds: number[], except?: number): void {
      orderedIds.forEach((id, position) => {
        if (id === except) return
        db.update(captions)
          .set({ position, version: sql`${captions.version} + 1`, updatedAt: now })
          .where(and(eq(captions.id, id), sql`${captions.position} <> ${position}`))
          .run()
      })
    }
    const captionIds = (articleId: number) =>
      db
        .select({ id: captions.id })
        .from(captions)
        .where(eq(captions.articleId, articleId))
        .orderBy(asc(captions.position), asc(captions.id))
        .all()
        .map((c) => c.id)
    const touchArticle = (articleId: number) => touchArticles(sql`${articleId}`)

    const execute: { [K in Operation['kind']]: (op: Extract<Operation, { kind: K }>) => OperationResults[K] } = {
      insertResource(op) {
        const table = sluggedTables[op.resource]
        const slug = claim(op.slug, resourceSlugTaken(op.resource))
        const row = db
          .insert(table)
          .values({ ...op.values, slug, createdAt: now, updatedAt: now } as never)
          .returning()
          .get() as OperationResults['insertResource']
        created(op.resource, row)
        return row
      },
      updateResource(op) {
        const table = sluggedTables[op.resource]
        if (typeof op.values.slug === 'string') {
          const owner = db.select({ id: table.id }).from(table).where(eq(table.slug, op.values.slug)).get()
          if (owner !== undefined && owner.id !== op.id) throw slugTaken(op.values.slug)
        }
        const row = db
          .update(table)
          .set({ ...op.values, version: op.expectedVersion + 1, updatedAt: now } as never)
          .where(and(eq(table.id, op.id), eq(table.version, op.expectedVersion)))
          .returning()
          .get() as OperationResults['updateResource'] | undefined
        if (row === undefined) throw new VersionConflict(op.resource, op.id)
        const reason = 'name' in op.values || 'slug' in op.values ? 'renamed' : 'updated'
        record({
          resource: op.resource,
          resourceId: row.id,
          operation: 'upsert',
          reason,
          version: row.version,
          visibleBefore: true,
          visibleAfter: true,
        })
        if (op.fanOut) touchArticles(fanOutTargets[op.resource](op.id))
        return row
      },
      deleteResource(op) {
        const table = sluggedTables[op.resource]
        // A deleted tag leaves its articles: they change before the rows linking them cascade away.
        if (op.resource === 'tag') touchArticles(fanOutTargets.tag(op.id))
        const removed =
          db
            .delete(table)
            .where(and(eq(table.id, op.id), eq(table.version, op.expectedVersion)))
            .run().changes === 1
        if (!removed) throw new VersionConflict(op.resource, op.id)
        record({
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
      insertArticle(op) {
        const slug = claim(op.slug, articleSlugTaken)
        const row = db
          .insert(articles)
          .values({ ...op.values, slug, status: 'draft', createdAt: now, updatedAt: now })
          .returning()
          .get()
        const resolved = replaceParts(row.id, op.tags, op.bylines) ?? []
        articleChange(row.id, row.version, 'created', false, false)
        return { row, tags: resolved }
      },
      updateArticle(op) {
        const before = articleBefore.get({ id: op.id })
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('article', op.id)
        const moved = op.slug !== undefined && op.slug.to !== before.slug
        if (op.slug !== undefined && moved) {
          const owner = articleOwnerOf(op.slug.to)
          if (owner !== undefined && owner !== op.id) throw slugTaken(op.slug.to)
          // The new slug stops being an old one; a once-public article keeps its old slug answering (301).
          db.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, op.slug.to)).run()
          if (op.slug.keepOld) db.insert(articleSlugHistory).values({ slug: before.slug, articleId: op.id }).onConflictDoNothing().run()
        }
        const row = db
          .update(articles)
          .set({ ...op.values, ...(moved ? { slug: op.slug!.to } : {}), version: before.version + 1, updatedAt: now })
          .where(eq(articles.id, op.id))
          .returning()
          .get()!
        const resolved = replaceParts(op.id, op.tags, op.bylines)
        articleChange(
          op.id,
          row.version,
          moved ? 'slug_changed' : op.reason,
          isPublicAt(before, now),
          isPublicAt(row, now),
          moved ? 'slug_moved' : 'upsert',
        )
        return { row, tags: resolved }
      },
      deleteArticle(op) {
        const before = articleBefore.get({ id: op.id })
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('article', op.id)
        const parents = db
          .select({ id: relatedLinks.articleId })
          .from(relatedLinks)
          .where(eq(relatedLinks.relatedId, op.id))
          .all()
          .map((r) => r.id)
        db.delete(articles).where(eq(articles.id, op.id)).run()
        // The articles that linked to it lose a related item: their representation changes.
        if (parents.length > 0) touchArticles(sql`select value from json_each(${JSON.stringify(parents)})`)
        articleChange(op.id, before.version, 'deleted', isPublicAt(before, now), false, 'tombstone')
        return undefined
      },
      insertCaption(op) {
        const existing = captionIds(op.articleId)
        if (existing.length >= op.max) throw unprocessable(`An article holds at most ${op.max} captions`)
        const order = placed(existing, 0, op.position)
        const row = db
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
          .get()
        renumber(order, 0)
        touchArticle(op.articleId)
        return row
      },
      updateCaption(op) {
        const before = captionAt.get({ id: op.id })
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('caption', op.id)
        const order = op.position === undefined ? undefined : placed(captionIds(before.articleId), op.id, op.position)
        // Renumbering leaves this caption alone (`except`), so the updated row is the one to answer with.
        const row = db
          .update(captions)
          .set({ ...op.values, ...(order ? { position: order.indexOf(op.id) } : {}), version: before.version + 1, updatedAt: now })
          .where(eq(captions.id, op.id))
          .returning()
          .get()!
        if (order) renumber(order, op.id)
        touchArticle(before.articleId)
        return row
      },
      deleteCaption(op) {
        const before = captionAt.get({ id: op.id })
        if (before === undefined || before.version !== op.expectedVersion) throw new VersionConflict('caption', op.id)
        db.delete(captions).where(eq(captions.id, op.id)).run()
        renumber(captionIds(before.articleId))
        touchArticle(before.articleId)
        return undefined
      },
      replaceRelated(op) {
        db.delete(relatedLinks).where(eq(relatedLinks.articleId, op.articleId)).run()
        if (op.ids.length)
          db.insert(relatedLinks)
            .values(op.ids.map((relatedId, position) => ({ articleId: op.articleId, relatedId, position })))
            .run()
        return undefined
      },
      insertKey: (op) => db.insert(apiKeys).values(op.values).returning().get(),
      revokeKey: (op) =>
        db
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.id, op.id), isNull(apiKeys.revokedAt)))
          .run().changes === 1,
      recordScheduledPublications() {
        // The articles were public since their time came (reads compute it); this records the moment in the log.
        const due = db
          .update(articles)
          .set({ status: 'published' })
          .where(and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${now}`))
          .returning({ id: articles.id, version: articles.version })
          .all()
        for (const row of due) articleChange(row.id, row.version, 'scheduled_reached', false, true)
        return due.length
      },
      pruneChanges: (op) =>
        db
          .delete(changes)
          .where(
            sql`${changes.seq} in (select ${changes.seq} from ${changes} where ${changes.occurredAt} < ${op.before} order by ${changes.seq} limit ${op.limit})`,
          )
          .run().changes,
      pruneIdempotency: (op) => db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, op.before)).run().changes,
      acquireLease(op) {
        const held = db
          .insert(leases)
          .values({ name: op.name, holder: op.holder, expiresAt: now + op.ttlMs })
          .onConflictDoUpdate({
            target: leases.name,
            set: { holder: op.holder, expiresAt: now + op.ttlMs },
            setWhere: sql`${leases.holder} = ${op.holder} or ${leases.expiresAt} <= ${now}`,
          })
          .returning({ holder: leases.holder })
          .get()
        return held !== undefined
      },
    }

    const results = new Map<Operation, unknown>()
    for (const op of ws.ops) results.set(op, (execute[op.kind] as (op: Operation) => unknown)(op))
    const answer = ws.respond({ of: (op) => results.get(op) as never } satisfies Results)
    if (ws.idempotency) {
      const { location, rep } = answer as Created
      const { owner, key, requestHash } = ws.idempotency
      const values = { owner, key, requestHash, statusCode: 201, location, etag: rep.etag, body: rep.json, createdAt: now }
      // A record older than the retention is replaced; a live one means another request holds the key.
      const stored =
        db
          .insert(idempotencyKeys)
          .values(values)
          .onConflictDoUpdate({
            target: [idempotencyKeys.owner, idempotencyKeys.key],
            set: values,
            setWhere: sql`${idempotencyKeys.createdAt} < ${now - idempotencyRetentionMs}`,
          })
          .run().changes === 1
      if (!stored) throw new IdempotencyKeyInUse()
    }
    return { answer, changes: appended }
  }

  return { run }
}

/** How long an Idempotency-Key's outcome is kept (draft-ietf-httpapi-idempotency-key-header suggests 24 hours). */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000

/** Another request with the same Idempotency-Key committed first. */
export class IdempotencyKeyInUse extends Error {}
