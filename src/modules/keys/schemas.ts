import { Type, type Static } from '@sinclair/typebox'
import { scopes } from '../../domain/access.js'
import { Id, Literals, Nullable, PageQuery, Timestamp, VisibleText, listOf } from '../../schemas/common.js'

const Scope = Literals(scopes, { description: '`read` < `write` < `admin`; each includes the ones before' })

export const ApiKeySchema = Type.Object(
  {
    id: Id,
    name: Type.String(),
    scope: Scope,
    prefix: Type.String({ description: 'The first characters of the secret, to recognise a key' }),
    createdAt: Timestamp,
    expiresAt: Nullable(Timestamp),
    categories: Nullable(
      Type.Array(Id, {
        description: 'A scoped `read` key sees only the articles of these categories, on every route; null: every category',
      }),
    ),
  },
  { $id: 'ApiKey', additionalProperties: false },
)

export const NewApiKeySchema = Type.Object(
  {
    ...ApiKeySchema.properties,
    secret: Type.String({ description: 'The bearer secret. Shown only in this response; store it now.' }),
  },
  { $id: 'NewApiKey', additionalProperties: false },
)

export const ApiKeyListSchema = listOf(Type.Ref(ApiKeySchema), 'ApiKeyList')

export const KeyCreate = Type.Object(
  {
    name: VisibleText({ maxLength: 100, examples: ['Desk Nasional'] }),
    scope: Scope,
    expiresAt: Type.Optional(Timestamp),
    categories: Type.Optional(
      Type.Array(Id, {
        minItems: 1,
        maxItems: 100,
        uniqueItems: true,
        description: 'For a `read` key only: limits it to the articles of these categories (a partner’s desks)',
      }),
    ),
  },
  { additionalProperties: false },
)

export const KeyListQuery = Type.Object(PageQuery, { additionalProperties: false })

export type KeyCreateT = Static<typeof KeyCreate>
