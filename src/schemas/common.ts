import { Type, type SchemaOptions, type StringOptions, type TSchema } from '@sinclair/typebox'

/** Shapes shared by every module. Those with `$id` are registered once and appear as OpenAPI components. */

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type', examples: ['urn:kabar:problem:not_found'] }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable code', examples: ['validation_failed'] }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            in: Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')]),
            path: Type.String({ description: 'JSON Pointer into the part named by `in`' }),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { $id: 'Problem', title: 'Problem', description: 'RFC 9457 problem details', additionalProperties: false },
)

/** A string enum as a union of literals (OpenAPI shows `enum`-like `anyOf` of `const`s). */
export const Literals = <T extends string>(values: readonly T[], options: SchemaOptions = {}) =>
  Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  )

/**
 * Text fields refuse C0 control characters, DEL and lone UTF-16 surrogates (invalid Unicode that JSON escapes can
 * carry); multi-line text allows tab, newline and carriage return. Patterns are matched as Unicode (Ajv's `u` flag).
 */
const forbidden = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uD800-\\uDFFF'
export const Text = (options: StringOptions = {}) => Type.String({ pattern: `^[^\\t\\n\\r${forbidden}]*$`, ...options })
export const MultilineText = (options: StringOptions = {}) => Type.String({ pattern: `^[^${forbidden}]*$`, ...options })
/** A name or title: text with at least one visible character (not only spaces, marks or invisible format characters). */
export const VisibleText = (options: StringOptions = {}) =>
  Type.String({ minLength: 1, pattern: `^[^\\t\\n\\r${forbidden}]*[^\\s\\p{C}\\p{Z}\\p{M}][^\\t\\n\\r${forbidden}]*$`, ...options })

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, format: 'int64' })
export const SlugPattern = '^[a-z0-9]+(?:-[a-z0-9]+)*$'
/** A slug, with an example of the resource it names. */
export const Slug = (example: string) => Type.String({ pattern: SlugPattern, minLength: 1, maxLength: 120, examples: [example] })
/** RFC 3339 date-time; a leap second (`:60`) is refused, since no JavaScript date can hold it. */
export const Timestamp = Type.String({
  format: 'date-time',
  pattern: '^[^:]*:[0-5][0-9]:[0-5][0-9]',
  examples: ['2026-07-23T10:15:00.000Z'],
})
export const HttpUrl = Type.String({
  format: 'uri',
  // http or https in any case, and a host.
  pattern: '^[hH][tT][tT][pP][sS]?://[^/?#\\s]+',
  maxLength: 2048,
  examples: ['https://img.kabar.example/foto.jpg'],
})
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** A path id: a decimal string without leading zeros, so `1abc`, `01` and `1.0` never reach id 1. */
export const PathId = (description = 'Positive integer id') => Type.String({ pattern: '^[1-9][0-9]{0,15}$', description })
export const IdParams = Type.Object({ id: PathId() }, { additionalProperties: false })
export const SlugParams = Type.Object({ slug: Type.String({ pattern: SlugPattern, maxLength: 120 }) }, { additionalProperties: false })

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size (1–100)' })),
  cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,512}$', description: 'Opaque cursor from `page.nextCursor`' })),
}

export const PageInfo = Type.Object(
  {
    limit: Type.Integer(),
    nextCursor: Nullable(Type.String()),
  },
  { additionalProperties: false },
)

export const listOf = <T extends TSchema>(item: T, $id: string) =>
  Type.Object({ data: Type.Array(item), page: PageInfo }, { $id, additionalProperties: false })

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'ETag from a GET of this resource (required: 428 without it, 412 when stale)' })),
})

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Makes a retried create safe: the same key and body replay the first result (kept 24 hours)',
    }),
  ),
})

export const VersionFields = {
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer({ minimum: 1 }),
}
