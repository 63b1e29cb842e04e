import { Type, type Static } from '@sinclair/typebox'
import { HttpUrl, Id, MultilineText, Nullable, Slug, VersionFields, VisibleText, listOf } from '../../schemas/common.js'

const name = VisibleText({ maxLength: 120, examples: ['Anton Suhartono'] })
const bio = MultilineText({ maxLength: 2000, examples: ['Wartawan desk internasional sejak 2012.'] })
const email = Type.String({ format: 'email', maxLength: 254 })

export const AuthorSchema = Type.Object(
  {
    id: Id,
    slug: Slug('anton-suhartono'),
    name,
    bio: Nullable(bio),
    avatarUrl: Nullable(HttpUrl),
    email: Type.Optional(Nullable(email)),
    ...VersionFields,
  },
  { $id: 'Author', additionalProperties: false, description: '`email` is returned only to `write` and `admin` keys.' },
)

export const AuthorListSchema = listOf(Type.Ref(AuthorSchema), 'AuthorList')

export const AuthorCreate = Type.Object(
  {
    name,
    slug: Type.Optional(Slug('anton-suhartono')),
    bio: Type.Optional(Nullable(bio)),
    avatarUrl: Type.Optional(Nullable(HttpUrl)),
    email: Type.Optional(Nullable(email)),
  },
  { additionalProperties: false },
)

export const AuthorPatch = Type.Partial(AuthorCreate, { additionalProperties: false, minProperties: 1 })

export type Author = Static<typeof AuthorSchema>
export type AuthorCreateT = Static<typeof AuthorCreate>
export type AuthorPatchT = Static<typeof AuthorPatch>
