import { inScope, type Audience } from './access.js'
import { seesUnpublished } from './visibility.js'

/**
 * What one change-log row means to one audience: the change feed, its checksum and the webhooks all ask this
 * function, so that they never disagree. The log records, per change, whether an anonymous caller saw the resource
 * before and after it, and an article's category before and after; an audience's own before and after follow:
 * - nothing before, something after: `appear`; something before and after: `update`; something before, nothing
 *   after: `disappear` (a tombstone) — with `out_of_scope` as the reason when a scoped key loses an article that
 *   stayed public (it moved to another category);
 * - nothing before or after (an edit of a draft, to a public caller): no event at all;
 * - editors see every change: `appear` on create, `disappear` on delete, `update` otherwise.
 *
 * A resource never turns invisible by the clock (a public article stays public until a change says otherwise), so
 * each event's "before" is at least the previous event's "after": a consumer that adds on `appear` and `update`
 * and removes on `disappear` holds exactly what the audience sees.
 */
export const eventResources = ['article', 'author', 'category', 'tag'] as const
export type EventResource = (typeof eventResources)[number]
export const transitions = ['appear', 'update', 'disappear'] as const
export type Transition = (typeof transitions)[number]
/** Why a change happened, as the log records it. */
export const loggedReasons = [
  'created',
  'published',
  'scheduled_reached',
  'updated',
  'unpublished',
  'archived',
  'deleted',
  'slug_changed',
  'renamed',
] as const
export const eventReasons = [...loggedReasons, 'out_of_scope'] as const
export type EventReason = (typeof eventReasons)[number]

/** The fields of a change-log row this decision reads. */
export interface LoggedChange {
  resource: EventResource
  operation: 'upsert' | 'tombstone' | 'slug_moved'
  reason: (typeof loggedReasons)[number]
  visibleBefore: boolean
  visibleAfter: boolean
  categoryBefore: number | null
  categoryAfter: number | null
}

export interface Seen {
  transition: Transition
  reason: EventReason
}

/** Whether the audience sees the resource after the change (what the checksum counts). */
export const seenAfter = (change: LoggedChange, audience: Audience): boolean =>
  seesUnpublished(audience) ? change.operation !== 'tombstone' : change.visibleAfter && scoped(change, audience, change.categoryAfter)

const scoped = (change: LoggedChange, audience: Audience, categoryId: number | null) =>
  change.resource !== 'article' || inScope(audience, categoryId)

/** The event this change is to the audience, or null when it does not concern it. */
export function seenAs(change: LoggedChange, audience: Audience): Seen | null {
  if (seesUnpublished(audience)) {
    const transition = change.operation === 'tombstone' ? 'disappear' : change.reason === 'created' ? 'appear' : 'update'
    return { transition, reason: change.reason }
  }
  const before = change.visibleBefore && scoped(change, audience, change.categoryBefore)
  const after = seenAfter(change, audience)
  if (!before && !after) return null
  if (!before) return { transition: 'appear', reason: change.reason }
  if (after) return { transition: 'update', reason: change.reason }
  return { transition: 'disappear', reason: change.visibleAfter ? 'out_of_scope' : change.reason }
}
