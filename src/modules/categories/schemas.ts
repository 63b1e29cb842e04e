import { Type, type Static } from '@sinclair/typebox'
import { Id, MultilineText, Nullable, Slug, VersionFields, VisibleText, listOf } from '../../schemas/common.js'

const name = VisibleText({ maxLength: 80, examples: ['Internasional'] })
const description = MultilineText({ maxLength: 1000, examples: ['Kabar dari luar negeri: diplomasi, konflik dan peristiwa dunia.'] })

export const CategorySchema = Type.Object(
  {
    id: Id,
    slug: Slug('internasional'),
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
    slug: Type.Optional(Slug('internasional')),
    description: Type.Optional(Nullable(description)),
    parentId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
)

export const CategoryPatch = Type.Partial(CategoryCreate, { additionalProperties: false, minProperties: 1 })

export type Category = Static<typeof CategorySchema>
export type CategoryCreateT = Static<typeof CategoryCreate>
export type CategoryPatchT = Static<typeof CategoryPatch>
