import { Type, type Static } from '@sinclair/typebox'
import type { Audience } from '../../domain/access.js'
import { eventReasons, eventResources, seenAs, transitions } from '../../domain/change-events.js'
import { iso } from '../../lib/clock.js'
import { Id, Literals, Timestamp } from '../../schemas/common.js'
import type { ChangeRow } from '../../store/write-set.js'

export const ChangeEventSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, description: 'Position in the feed; strictly increasing' }),
    resource: Literals(eventResources),
    id: Id,
    version: Type.Integer({ minimum: 1, description: 'The version after the change (a tombstone: the last one)' }),
    transition: Literals(transitions, {
      description: '`appear`: the caller sees it from now; `update`: what it sees changed; `disappear`: a tombstone',
    }),
    reason: Literals(eventReasons),
    occurredAt: Timestamp,
    url: Type.String({ description: 'The resource’s API path', examples: ['/v1/articles/42'] }),
  },
  { $id: 'ChangeEvent', additionalProperties: false },
)
export type ChangeEvent = Static<typeof ChangeEventSchema>

const collections = { article: 'articles', author: 'authors', category: 'categories', tag: 'tags' } as const

/** The change-log row as the audience's event, or null when it does not concern the audience. */
export function eventFor(row: ChangeRow, audience: Audience): ChangeEvent | null {
  const seen = seenAs(row, audience)
  if (seen === null) return null
  return {
    seq: row.seq,
    resource: row.resource,
    id: row.resourceId,
    version: row.version,
    transition: seen.transition,
    reason: seen.reason,
    occurredAt: iso(row.occurredAt),
    url: `/v1/${collections[row.resource]}/${row.resourceId}`,
  }
}
