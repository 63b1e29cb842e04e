import { Type } from '@sinclair/typebox'
import { ChangeEventSchema } from './events.js'

/** A feed position: the `nextCursor` of a page, the `id:` of a stream event, or `0` for the start. */
export const CursorParam = Type.String({
  pattern: '^(0|[1-9][0-9]{0,15})$',
  description: 'A position in the feed as the API gave it (`page.nextCursor`, an event’s `seq`); `0` or absent: the start',
  examples: ['0'],
})

export const ChangesQuery = Type.Object(
  {
    after: Type.Optional(CursorParam),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    wait: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 30, description: 'Seconds to hold an empty page open until an event arrives (long poll)' }),
    ),
  },
  { additionalProperties: false },
)

export const StreamQuery = Type.Object({ after: Type.Optional(CursorParam) }, { additionalProperties: false })

export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional({ ...CursorParam, description: 'Resumes after this event (what browsers send on reconnect)' }),
})

export const ChecksumQuery = Type.Object({ upTo: Type.Optional(CursorParam) }, { additionalProperties: false })

export const ChecksumSchema = Type.Object(
  {
    upTo: Type.String({ description: 'The position the checksum describes' }),
    count: Type.Integer({ minimum: 0, description: 'How many resources the caller sees at that position' }),
    sha256: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'Hex SHA-256 of the lines `resource:id:version\\n` of those resources, sorted by resource then id (numerically)',
    }),
  },
  { $id: 'ChangesChecksum', additionalProperties: false },
)

export const ChangePageSchema = Type.Object(
  {
    data: Type.Array(Type.Ref(ChangeEventSchema)),
    page: Type.Object(
      {
        limit: Type.Integer(),
        nextCursor: Type.String({ description: 'Where to resume: never null, also after an empty page' }),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'ChangePage', additionalProperties: false },
)
