import { Type, type Static } from '@sinclair/typebox'
import { Id, Nullable, Slug, VersionFields, listOf } from '../../schemas/common.js'

const name = Type.String({ minLength: 1, maxLength: 80, examples: ['Internasional'] })
const description = Type.String({ maxLength: 1000 })

export const CategorySchema = Type.Object(
  {
    id: Id,
    slug: Slug,
    name,
    description: Nullable(description),
    parentId: Nullable(Id),
    ...VersionFields,
  },
  { $id: 'Category', additionalProperties: false },
)

export const CategoryListSchema = listOf(Type.Ref(CategorySchema), 'CategoryList')

export const CategoryCreate = Type.Object(
  {
    name,
    slug: Type.Optional(Slug),
    description: Type.Optional(Nullable(description)),
    parentId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
)

export const CategoryPatch = Type.Partial(CategoryCreate, { additionalProperties: false, minProperties: 1 })

export type Category = Static<typeof CategorySchema>
export type CategoryCreateT = Static<typeof CategoryCreate>
export type CategoryPatchT = Static<typeof CategoryPatch>
