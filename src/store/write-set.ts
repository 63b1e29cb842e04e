import type { ArticleRow, BylineRole, NewArticle, TaxonomyRef } from './articles.js'
import type { CaptionRow, NewCaption } from './captions.js'
import type { KeyRow, NewKey } from './keys.js'
import type { changeReasons, changes } from './sqlite/schema.js'
import type { Slugged, SluggedRows } from './slugged.js'
import type { NewDelivery, NewWebhook, WebhookRow } from './webhooks.js'

/**
 * A write set: everything one use-case writes, as typed operations with their guards, decided beforehand in plain
 * code from facts the storage layer gave. The storage layer executes it atomically (src/store/execute.ts) and
 * appends one change-log row per change event in the same transaction.
 *
 * Guards: `expectedVersion` (the row is still the one the decision was made on; else VersionConflict), slug
 * claims (a derived slug takes the first free `-2`, `-3`… inside the transaction), counted inserts (at most
 * `max` captions), the idempotency record (unique per owner and key).
 */
export type ChangeReason = (typeof changeReasons)[number]
export type ChangeRow = typeof changes.$inferSelect

export type SlugClaim = { exact: string } | { derivedFrom: string }
export interface BylineInput {
  authorId: number
  role: BylineRole
}
export type ArticleValues = Partial<Omit<NewArticle, 'id' | 'slug' | 'version' | 'createdAt' | 'updatedAt'>>
export type CaptionValues = Partial<Omit<NewCaption, 'id' | 'articleId' | 'position' | 'version' | 'createdAt' | 'updatedAt'>>

export type WebhookValues = Omit<NewWebhook, 'id' | 'cursor' | 'attempts' | 'version' | 'createdAt' | 'updatedAt'>
export type AttemptValues = Omit<NewDelivery, 'id' | 'webhookId' | 'attempt' | 'createdAt'>
/** A subscription's delivery state after a step; `disabledReason` set: the step disables it. */
export type DeliveryState = Pick<WebhookRow, 'cursor' | 'attempts' | 'nextAttemptAt' | 'failingSince'> & { disabledReason?: string }

export type Operation =
  | { kind: 'insertResource'; resource: Slugged; values: Record<string, unknown>; slug: SlugClaim }
  /** `fanOut`: the change alters the representation of articles that embed the resource (a rename). */
  | { kind: 'updateResource'; resource: Slugged; id: number; expectedVersion: number; values: Record<string, unknown>; fanOut: boolean }
  | { kind: 'deleteResource'; resource: Slugged; id: number; expectedVersion: number }
  | { kind: 'insertArticle'; values: ArticleValues & { title: string }; slug: SlugClaim; tags?: string[]; bylines?: BylineInput[] }
  | {
      kind: 'updateArticle'
      id: number
      expectedVersion: number
      values: ArticleValues
      reason: ChangeReason
      slug?: { to: string; keepOld: boolean }
      tags?: string[]
      bylines?: BylineInput[]
    }
  | { kind: 'deleteArticle'; id: number; expectedVersion: number }
  | {
      kind: 'insertCaption'
      articleId: number
      values: CaptionValues & { role: CaptionRow['role']; imageUrl: string }
      position?: number
      max: number
    }
  | { kind: 'updateCaption'; id: number; expectedVersion: number; values: CaptionValues; position?: number }
  | { kind: 'deleteCaption'; id: number; expectedVersion: number }
  | { kind: 'replaceRelated'; articleId: number; ids: number[] }
  | { kind: 'insertKey'; values: NewKey }
  | { kind: 'revokeKey'; id: number }
  | { kind: 'recordScheduledPublications' }
  /** Compacts the next `limit` events older than `before` into the horizon; yields how many it passed. */
  | { kind: 'compactChanges'; before: number; limit: number }
  | { kind: 'pruneIdempotency'; before: number }
  /**
   * Rebuilds what is derived from each of the next `limit` articles after `afterId` — its search index rows (0:
   * empties the index first) and its stored representation.
   */
  | { kind: 'reindexArticles'; afterId: number; limit: number }
  /** Stores the representations of the next `limit` public-bound articles that lack a current one; yields how many. */
  | { kind: 'refreshRepresentations'; limit: number }
  /** Indexes the next `limit` articles of a pending rebuild (the `search_rebuild` marker); yields how many. */
  | { kind: 'resumeSearchRebuild'; limit: number }
  | { kind: 'acquireLease'; name: string; holder: string; ttlMs: number }
  /** Gives a lease up at once, if `holder` holds it (a process that stops), so the next holder need not wait it out. */
  | { kind: 'releaseLease'; name: string; holder: string }
  /** A new subscription; its cursor starts at the change log's current end (no backlog). */
  | { kind: 'insertWebhook'; values: WebhookValues }
  | { kind: 'updateWebhook'; id: number; expectedVersion: number; values: Partial<WebhookValues> }
  | { kind: 'deleteWebhook'; id: number; expectedVersion: number }
  /** The current secret becomes the previous one, signing beside `secret` until `previousUntil`. */
  | { kind: 'rotateWebhookSecret'; id: number; secret: string; previousUntil: number }
  /** Moves the cursor back to `cursor` (never forward) and restarts the retry state: the events after it go again. */
  | { kind: 'rewindWebhook'; id: number; cursor: number }
  | { kind: 'queueResend'; webhookId: number; deliveryId: number }
  /**
   * What one delivery step did: the attempt (numbered after the event's earlier attempts), the redelivery it
   * served, and the subscription's new delivery state — applied only while its cursor is still `expectedCursor`.
   */
  | {
      kind: 'recordAttempt'
      webhookId: number
      delivery?: AttemptValues
      resendId?: number
      expectedCursor?: number
      state?: DeliveryState
    }

/** What each operation yields to the write set's `respond`. */
export interface OperationResults {
  insertResource: SluggedRows[Slugged]
  updateResource: SluggedRows[Slugged]
  deleteResource: undefined
  insertArticle: { row: ArticleRow; tags: TaxonomyRef[] }
  updateArticle: { row: ArticleRow; tags: TaxonomyRef[] | undefined }
  deleteArticle: undefined
  insertCaption: CaptionRow
  updateCaption: CaptionRow
  deleteCaption: undefined
  replaceRelated: undefined
  insertKey: KeyRow
  revokeKey: boolean
  recordScheduledPublications: number
  compactChanges: number
  pruneIdempotency: number
  /** How many articles the batch indexed, and the last one's id. */
  reindexArticles: { indexed: number; lastId: number }
  resumeSearchRebuild: number
  refreshRepresentations: number
  acquireLease: boolean
  releaseLease: boolean
  insertWebhook: WebhookRow
  updateWebhook: WebhookRow
  deleteWebhook: undefined
  rotateWebhookSecret: boolean
  rewindWebhook: boolean
  queueResend: boolean
  recordAttempt: WebhookRow | undefined
}

export type ResultOf<O extends Operation> = OperationResults[O['kind']]

/** The results of the operations executed so far, looked up by the operation object itself. */
export interface Results {
  of<O extends Operation>(op: O): ResultOf<O>
}

/** A created resource as a `201` sends it; what an Idempotency-Key replays. */
export interface Created {
  location: string
  rep: { body: string; etag: string }
}

export interface IdempotencyRecord {
  owner: string
  key: string
  requestHash: string
}

export interface WriteSet<R> {
  /** The API key making the change (null: the system); recorded on each change event. */
  actor: number | null
  ops: Operation[]
  /** Builds the answer from the results inside the transaction, after the operations: pure, no I/O. */
  respond: (results: Results) => R
  /** Stores the answer of a create under its Idempotency-Key in the same transaction. */
  idempotency?: R extends Created ? IdempotencyRecord : never
}

/** A guard failed: the row changed (or vanished) since the decision was made. */
export class VersionConflict extends Error {
  constructor(
    readonly resource: string,
    readonly id: number,
  ) {
    super(`The ${resource} ${id} changed meanwhile`)
  }
}
