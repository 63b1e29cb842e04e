import { Type, type Static } from '@sinclair/typebox'
import { Id, Slug, VersionFields, VisibleText, listOf } from '../../schemas/common.js'

export const TagName = VisibleText({ maxLength: 60, examples: ['Rusia'] })

export const TagSchema = Type.Object(
  {
    id: Id,
    slug: Slug('rusia'),
    name: TagName,
    ...VersionFields,
  },
  { $id: 'Tag', additionalProperties: false },
)

export const TagListSchema = listOf(Type.Ref(TagSchema), 'TagList')

export const TagCreate = Type.Object({ name: TagName, slug: Type.Optional(Slug('rusia')) }, { additionalProperties: false })
export const TagPatch = Type.Partial(TagCreate, { additionalProperties: false, minProperties: 1 })

export type Tag = Static<typeof TagSchema>
export type TagCreateT = Static<typeof TagCreate>
export type TagPatchT = Static<typeof TagPatch>
