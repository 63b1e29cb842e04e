import { Type, type Static } from '@sinclair/typebox'
import { Id, PathId } from '../../schemas/common.js'
import { relatedFill, RelatedItemSchema } from './schemas.js'

export const maxRelated = 20

export const RelatedListSchema = Type.Object(
  {
    data: Type.Array(Type.Ref(RelatedItemSchema)),
  },
  { $id: 'RelatedList', additionalProperties: false, description: 'Related articles the caller may see, in editor order' },
)

export const RelatedListQuery = Type.Object({ relatedFill: Type.Optional(relatedFill()) }, { additionalProperties: false })

export const RelatedPut = Type.Object(
  {
    articleIds: Type.Array(Id, {
      maxItems: 100,
      description: `The whole ordered list (at most ${maxRelated} links)`,
      examples: [[12, 7, 31]],
    }),
  },
  { additionalProperties: false },
)

export const RelatedPost = Type.Object(
  {
    articleId: Id,
    position: Type.Optional(Type.Integer({ minimum: 0, description: 'Where to insert; default: last' })),
  },
  { additionalProperties: false },
)

export const RelatedParams = Type.Object(
  {
    id: PathId('Positive integer id of the article'),
    relatedId: PathId('Positive integer id of the related article'),
  },
  { additionalProperties: false },
)

export type RelatedPostT = Static<typeof RelatedPost>
