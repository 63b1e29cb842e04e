import { Type, type Static } from '@sinclair/typebox'
import { Id } from '../../schemas/common.js'
import { RelatedItemSchema } from './schemas.js'

export const maxRelated = 20

export const RelatedListSchema = Type.Object({
  data: Type.Array(Type.Ref(RelatedItemSchema)),
}, { $id: 'RelatedList', additionalProperties: false, description: 'Related articles the caller may see, in editor order' })

export const RelatedPut = Type.Object({
  articleIds: Type.Array(Id, { maxItems: 100, description: `The whole ordered list (at most ${maxRelated} links)`, examples: [[12, 7, 31]] }),
}, { additionalProperties: false })

export const RelatedPost = Type.Object({
  articleId: Id,
  position: Type.Optional(Type.Integer({ minimum: 0, description: 'Where to insert; default: last' })),
}, { additionalProperties: false })

export const RelatedParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
  relatedId: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
}, { additionalProperties: false })

export type RelatedPostT = Static<typeof RelatedPost>
