import { sql } from 'drizzle-orm'
import { eventResources, loggedReasons } from '../../domain/change-events.js'
import { type AnySQLiteColumn, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * The one source of Kabar's tables. Timestamps are integer milliseconds since the epoch (UTC);
 * the API renders them as RFC 3339 strings. Every mutable row carries `version` (starts at 1).
 */
const timestamps = {
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
  version: integer().notNull().default(1),
}

export const apiKeys = sqliteTable('api_keys', {
  id: integer().primaryKey(),
  name: text().notNull(),
  scope: text({ enum: ['read', 'write', 'admin'] }).notNull(),
  prefix: text().notNull(),
  secretHash: text().notNull().unique(),
  createdAt: integer().notNull(),
  expiresAt: integer(),
  revokedAt: integer(),
  /** A `read` key limited to these categories sees only their articles; null: every category. */
  categories: text({ mode: 'json' }).$type<number[]>(),
})

export const authors = sqliteTable(
  'authors',
  {
    id: integer().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    bio: text(),
    avatarUrl: text(),
    email: text(),
    ...timestamps,
  },
  (t) => [index('authors_name_idx').on(t.name)],
)

export const categories = sqliteTable(
  'categories',
  {
    id: integer().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    description: text(),
    parentId: integer().references((): AnySQLiteColumn => categories.id, { onDelete: 'restrict' }),
    ...timestamps,
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
)

export const tags = sqliteTable(
  'tags',
  {
    id: integer().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    /** The name compared as articles name tags: NFKC, trimmed, lower case (beyond ASCII, unlike SQLite's nocase). */
    nameKey: text().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('tags_name_key_idx').on(t.nameKey)],
)

export const articleStatuses = ['draft', 'scheduled', 'published', 'archived'] as const

export const articles = sqliteTable(
  'articles',
  {
    id: integer().primaryKey(),
    slug: text().notNull().unique(),
    title: text().notNull(),
    subtitle: text(),
    summary: text(),
    body: text().notNull().default(''),
    dateline: text(),
    source: text(),
    language: text().notNull().default('id'),
    categoryId: integer().references(() => categories.id, { onDelete: 'restrict' }),
    status: text({ enum: articleStatuses }).notNull().default('draft'),
    /** When it became (or becomes, if scheduled) visible. Null for drafts never published. */
    publishedAt: integer(),
    /** Set on first publication; an article that was ever public keeps its old slugs alive. */
    firstPublishedAt: integer(),
    metaTitle: text(),
    metaDescription: text(),
    canonicalUrl: text(),
    wordCount: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    check('articles_status_check', sql`${t.status} in ('draft', 'scheduled', 'published', 'archived')`),
    // Keyset pages seek on (sort key, id). No index leads with status: the planner would pick it and sort in memory.
    index('articles_published_idx').on(t.publishedAt, t.id),
    index('articles_updated_idx').on(t.updatedAt, t.id),
    index('articles_category_published_idx').on(t.categoryId, t.publishedAt, t.id),
    // What visibility, filters and recency read of an article, without its row: search joins thousands of matches
    // to it, and a row's body (overflow pages) stands between its id and its status.
    index('articles_visibility_idx').on(t.id, t.status, t.publishedAt, t.updatedAt, t.categoryId),
    // Scheduled articles only: the job that records their publication asks this index every second.
    index('articles_scheduled_idx')
      .on(t.publishedAt)
      .where(sql`status = 'scheduled'`),
  ],
)

/**
 * Every slug an article has had, its current one included: the primary key is the one constraint that keeps a slug
 * from naming two articles, now or through an old link (an old slug of a once-public article answers 301).
 */
export const articleSlugHistory = sqliteTable(
  'article_slug_history',
  {
    slug: text().primaryKey(),
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (t) => [index('article_slug_history_article_idx').on(t.articleId)],
)

export const bylineRoles = ['writer', 'editor', 'photographer', 'contributor', 'translator'] as const

export const bylines = sqliteTable(
  'bylines',
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    authorId: integer()
      .notNull()
      .references(() => authors.id, { onDelete: 'restrict' }),
    role: text({ enum: bylineRoles }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.position] }),
    uniqueIndex('bylines_article_author_role_idx').on(t.articleId, t.authorId, t.role),
    index('bylines_author_idx').on(t.authorId, t.articleId),
  ],
)

export const articleTags = sqliteTable(
  'article_tags',
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: integer()
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index('article_tags_tag_idx').on(t.tagId, t.articleId)],
)

export const captionRoles = ['featured', 'inline'] as const

export const captions = sqliteTable(
  'captions',
  {
    id: integer().primaryKey(),
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    role: text({ enum: captionRoles }).notNull(),
    position: integer().notNull(),
    imageUrl: text().notNull(),
    text: text(),
    altText: text(),
    credit: text(),
    photographer: text(),
    width: integer(),
    height: integer(),
    ...timestamps,
  },
  (t) => [
    index('captions_article_idx').on(t.articleId, t.position, t.id),
    // At most one featured caption per article, enforced here rather than trusted to the service.
    uniqueIndex('captions_one_featured_idx')
      .on(t.articleId)
      .where(sql`role = 'featured'`),
  ],
)

export const relatedLinks = sqliteTable(
  'related_links',
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    relatedId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.relatedId] }),
    index('related_links_related_idx').on(t.relatedId),
    check('related_links_no_self', sql`${t.articleId} <> ${t.relatedId}`),
  ],
)

/**
 * Each public-bound (published or scheduled) article's public representation, rendered by the write set that changed
 * it (src/store/execute.ts): the exact body, its ETag and dependency keys, beside the facts that decide who may see it
 * and when. `variant` names what it was rendered with (the view and the URL template); a row of another variant is
 * not served. Drafts and archived articles have none.
 */
export const articleRepresentations = sqliteTable(
  'article_representations',
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    variant: text().notNull(),
    status: text({ enum: articleStatuses }).notNull(),
    publishedAt: integer(),
    categoryId: integer(),
    etag: text().notNull(),
    keys: text().notNull(),
    body: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId] })],
)

/** Outcomes of `POST` requests sent with an `Idempotency-Key`, replayed on retry. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    owner: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    statusCode: integer().notNull(),
    location: text().notNull(),
    etag: text().notNull(),
    body: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

export const changeResources = eventResources
export const changeOperations = ['upsert', 'tombstone', 'slug_moved'] as const
export const changeReasons = loggedReasons

/**
 * The change log: one row per committed change event, appended in the writing transaction. `seq` strictly
 * increases in commit order (one writer at a time). Followed by every process to drop its caches, and by partners.
 */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    resource: text({ enum: changeResources }).notNull(),
    resourceId: integer().notNull(),
    operation: text({ enum: changeOperations }).notNull(),
    reason: text({ enum: changeReasons }).notNull(),
    /** The resource's version after the change (for a tombstone: the last version it had). */
    version: integer().notNull(),
    /** Whether an anonymous caller could see the resource just before and just after the change. */
    visibleBefore: integer({ mode: 'boolean' }).notNull(),
    visibleAfter: integer({ mode: 'boolean' }).notNull(),
    /** An article's category just before and just after the change (what scoped keys see); null otherwise. */
    categoryBefore: integer(),
    categoryAfter: integer(),
    /** The API key that made the change; null for the system (demo seed, scheduled publication, CLI). */
    apiKeyId: integer(),
    occurredAt: integer().notNull(),
  },
  (t) => [index('changes_occurred_idx').on(t.occurredAt), index('changes_resource_idx').on(t.resource, t.resourceId, t.seq)],
)

/**
 * Named values the processes share. `changes_horizon`: the change log is compacted up to this sequence number (each
 * resource keeps its last event there, tombstones go); a cursor before it can no longer be followed.
 */
export const markers = sqliteTable('markers', {
  name: text().primaryKey(),
  value: integer().notNull(),
})

/** Leases: a job that must run in one process at a time (scheduled publication events, pruning) holds one. */
export const leases = sqliteTable('leases', {
  name: text().primaryKey(),
  holder: text().notNull(),
  expiresAt: integer().notNull(),
})

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const

/**
 * Webhook subscriptions. A subscription receives what its owner key's audience sees of the change log, filtered by
 * `resources` and `categories` (null: no filter), in `seq` order: `cursor` is the last event handled (delivered,
 * finally failed or not concerning it); `attempts` and `nextAttemptAt` are the retry state of the event after it.
 * The secret signs deliveries; after a rotation the previous one signs beside it until `previousSecretUntil`.
 */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: integer().primaryKey(),
    ownerKeyId: integer()
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'restrict' }),
    url: text().notNull(),
    resources: text({ mode: 'json' }).$type<string[]>(),
    categories: text({ mode: 'json' }).$type<number[]>(),
    description: text(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretUntil: integer(),
    enabled: integer({ mode: 'boolean' }).notNull(),
    disabledReason: text(),
    cursor: integer().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer(),
    /** When the current run of failed attempts began (null: the last attempt succeeded). */
    failingSince: integer(),
    ...timestamps,
  },
  (t) => [index('webhooks_owner_idx').on(t.ownerKeyId, t.id)],
)

/**
 * One row per delivery attempt. `payload` is the exact body sent (the same on every attempt of the event), so that
 * a redelivery works after the change log is compacted.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer().primaryKey(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventSeq: integer().notNull(),
    type: text().notNull(),
    payload: text().notNull(),
    attempt: integer().notNull(),
    status: text({ enum: deliveryStatuses }).notNull(),
    responseStatus: integer(),
    durationMs: integer(),
    nextAttemptAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id)],
)

/** Redeliveries asked for and not yet attempted: one attempt each, beside the subscription's ordered stream. */
export const webhookResends = sqliteTable(
  'webhook_resends',
  {
    id: integer().primaryKey(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventSeq: integer().notNull(),
    type: text().notNull(),
    payload: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index('webhook_resends_webhook_idx').on(t.webhookId, t.id)],
)
