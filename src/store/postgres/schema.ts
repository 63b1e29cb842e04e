import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import {
  articleStatuses,
  bylineRoles,
  captionRoles,
  changeOperations,
  changeReasons,
  changeResources,
  deliveryStatuses,
} from '../sqlite/schema.js'

/**
 * Kabar's tables in PostgreSQL, column for column the SQLite schema (`../sqlite/schema.ts`, the one to change first),
 * with the same row types. Timestamps are `bigint` milliseconds since the epoch (UTC), read as JS numbers;
 * the API renders them as RFC 3339 strings. Every mutable row carries `version` (starts at 1).
 */
const millis = () => bigint({ mode: 'number' })
/** Ids and the columns that point at them: 64-bit, as SQLite's integers are (the API takes ids up to 2^53 − 1). */
const key = () => bigint({ mode: 'number' })
const id = () => key().primaryKey().generatedByDefaultAsIdentity()

const timestamps = {
  createdAt: millis().notNull(),
  updatedAt: millis().notNull(),
  version: integer().notNull().default(1),
}

export const apiKeys = pgTable('api_keys', {
  id: id(),
  name: text().notNull(),
  scope: text({ enum: ['read', 'write', 'admin'] }).notNull(),
  prefix: text().notNull(),
  secretHash: text().notNull().unique(),
  createdAt: millis().notNull(),
  expiresAt: millis(),
  revokedAt: millis(),
  /** A `read` key limited to these categories sees only their articles; null: every category. */
  categories: jsonb().$type<number[]>(),
})

export const authors = pgTable(
  'authors',
  {
    id: id(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    bio: text(),
    avatarUrl: text(),
    email: text(),
    ...timestamps,
  },
  (t) => [index('authors_name_idx').on(t.name)],
)

export const categories = pgTable(
  'categories',
  {
    id: id(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    description: text(),
    parentId: key().references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    ...timestamps,
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
)

export const tags = pgTable(
  'tags',
  {
    id: id(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    /** The name compared as articles name tags: NFKC, trimmed, lower case (beyond ASCII). */
    nameKey: text().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('tags_name_key_idx').on(t.nameKey)],
)

export const articles = pgTable(
  'articles',
  {
    id: id(),
    slug: text().notNull().unique(),
    title: text().notNull(),
    subtitle: text(),
    summary: text(),
    body: text().notNull().default(''),
    dateline: text(),
    source: text(),
    language: text().notNull().default('id'),
    categoryId: key().references(() => categories.id, { onDelete: 'restrict' }),
    status: text({ enum: articleStatuses }).notNull().default('draft'),
    /** When it became (or becomes, if scheduled) visible. Null for drafts never published. */
    publishedAt: millis(),
    /** Set on first publication; an article that was ever public keeps its old slugs alive. */
    firstPublishedAt: millis(),
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
export const articleSlugHistory = pgTable(
  'article_slug_history',
  {
    slug: text().primaryKey(),
    articleId: key()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (t) => [index('article_slug_history_article_idx').on(t.articleId)],
)

export const bylines = pgTable(
  'bylines',
  {
    articleId: key()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    authorId: key()
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

export const articleTags = pgTable(
  'article_tags',
  {
    articleId: key()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: key()
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index('article_tags_tag_idx').on(t.tagId, t.articleId)],
)

export const captions = pgTable(
  'captions',
  {
    id: id(),
    articleId: key()
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

export const relatedLinks = pgTable(
  'related_links',
  {
    articleId: key()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    relatedId: key()
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

/** Public representations, as in the SQLite schema. */
export const articleRepresentations = pgTable(
  'article_representations',
  {
    articleId: key()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    variant: text().notNull(),
    status: text({ enum: articleStatuses }).notNull(),
    publishedAt: millis(),
    categoryId: key(),
    etag: text().notNull(),
    keys: text().notNull(),
    body: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId] })],
)

/** Outcomes of `POST` requests sent with an `Idempotency-Key`, replayed on retry. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    owner: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    statusCode: integer().notNull(),
    location: text().notNull(),
    etag: text().notNull(),
    body: text().notNull(),
    createdAt: millis().notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

/**
 * The change log: one row per committed change event, appended in the writing transaction. Followed by every process
 * to drop its caches, and by partners. Unlike SQLite's AUTOINCREMENT, the identity hands out `seq` at insert time and
 * skips the values of rolled-back inserts: `seq` increases in commit order only while one writer appends at a time.
 */
export const changes = pgTable(
  'changes',
  {
    seq: key().primaryKey().generatedByDefaultAsIdentity(),
    resource: text({ enum: changeResources }).notNull(),
    resourceId: key().notNull(),
    operation: text({ enum: changeOperations }).notNull(),
    reason: text({ enum: changeReasons }).notNull(),
    /** The resource's version after the change (for a tombstone: the last version it had). */
    version: integer().notNull(),
    /** Whether an anonymous caller could see the resource just before and just after the change. */
    visibleBefore: boolean().notNull(),
    visibleAfter: boolean().notNull(),
    /** An article's category just before and just after the change (what scoped keys see); null otherwise. */
    categoryBefore: key(),
    categoryAfter: key(),
    /** The API key that made the change; null for the system (demo seed, scheduled publication, CLI). */
    apiKeyId: key(),
    occurredAt: millis().notNull(),
  },
  (t) => [index('changes_occurred_idx').on(t.occurredAt), index('changes_resource_idx').on(t.resource, t.resourceId, t.seq)],
)

/**
 * Named values the processes share. `changes_horizon`: the change log is compacted up to this sequence number (each
 * resource keeps its last event there, tombstones go); a cursor before it can no longer be followed.
 */
export const markers = pgTable('markers', {
  name: text().primaryKey(),
  value: key().notNull(),
})

/** Leases: a job that must run in one process at a time (scheduled publication events, pruning) holds one. */
export const leases = pgTable('leases', {
  name: text().primaryKey(),
  holder: text().notNull(),
  expiresAt: millis().notNull(),
})

/** Webhook subscriptions (see the SQLite schema). */
export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    ownerKeyId: key()
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'restrict' }),
    url: text().notNull(),
    resources: jsonb().$type<string[]>(),
    categories: jsonb().$type<number[]>(),
    description: text(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretUntil: millis(),
    enabled: boolean().notNull(),
    disabledReason: text(),
    cursor: key().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: millis(),
    failingSince: millis(),
    ...timestamps,
  },
  (t) => [index('webhooks_owner_idx').on(t.ownerKeyId, t.id)],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    webhookId: key()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventSeq: key().notNull(),
    type: text().notNull(),
    payload: text().notNull(),
    attempt: integer().notNull(),
    status: text({ enum: deliveryStatuses }).notNull(),
    responseStatus: integer(),
    durationMs: integer(),
    nextAttemptAt: millis(),
    createdAt: millis().notNull(),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id)],
)

export const webhookResends = pgTable(
  'webhook_resends',
  {
    id: id(),
    webhookId: key()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventSeq: key().notNull(),
    type: text().notNull(),
    payload: text().notNull(),
    createdAt: millis().notNull(),
  },
  (t) => [index('webhook_resends_webhook_idx').on(t.webhookId, t.id)],
)
