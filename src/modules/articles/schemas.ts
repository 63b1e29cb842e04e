import { Type, type Static } from '@sinclair/typebox'
import { maxBodyLength } from '../../lib/html.js'
import { articleStatuses, bylineRoles } from '../../store/sqlite/schema.js'
import {
  HttpUrl,
  Id,
  Literals,
  MultilineText,
  Nullable,
  PageQuery,
  Slug,
  Text,
  Timestamp,
  VersionFields,
  VisibleText,
} from '../../schemas/common.js'
import { TagName } from '../tags/schemas.js'
import { CaptionSchema } from './caption-schemas.js'

export const ArticleStatus = Literals(articleStatuses, {
  description: 'Set only through the workflow actions (publish, unpublish, archive)',
})
export const BylineRole = Literals(bylineRoles)

const title = VisibleText({
  maxLength: 300,
  examples: ['Lukashenko Sambut Putin di Minsk, Bahas Kerja Sama Energi'],
})
const fields = {
  subtitle: Nullable(Text({ maxLength: 300 })),
  summary: Nullable(MultilineText({ maxLength: 1000, examples: ['Kedua pemimpin membahas pasokan gas dan proyek nuklir bersama.'] })),
  body: MultilineText({
    maxLength: maxBodyLength,
    description:
      'HTML, sanitised on write to an allow-list (no scripts, styles, event handlers, javascript: or relative URLs). Elements nest at most 64 deep; the sanitised body is at most 200,000 characters (422 otherwise).',
    examples: ['<p>MINSK, Kabar – Presiden Belarusia Alexander Lukashenko menyambut Presiden Rusia Vladimir Putin.</p>'],
  }),
  dateline: Nullable(Text({ maxLength: 80, examples: ['MINSK'] })),
  source: Nullable(Text({ maxLength: 80, examples: ['iNews.id'] })),
  language: Type.String({
    pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$',
    maxLength: 35,
    description: 'BCP 47 language tag',
    examples: ['id'],
  }),
  categoryId: Nullable(Id),
  metaTitle: Nullable(Text({ maxLength: 300 })),
  metaDescription: Nullable(MultilineText({ maxLength: 500 })),
  canonicalUrl: Nullable(HttpUrl),
}

const BylineInput = Type.Object({ authorId: Id, role: BylineRole }, { additionalProperties: false })

export const ArticleCreate = Type.Composite(
  [
    Type.Object({
      title,
      slug: Type.Optional(Slug('lukashenko-sambut-putin-di-minsk')),
    }),
    Type.Partial(Type.Object(fields)),
    Type.Object({
      tags: Type.Optional(
        Type.Array(TagName, {
          maxItems: 30,
          uniqueItems: true,
          description: 'Tag names; unknown names create tags',
          examples: [['Rusia', 'Belarusia']],
        }),
      ),
      bylines: Type.Optional(
        Type.Array(BylineInput, {
          maxItems: 20,
          description: 'Ordered credits',
          examples: [
            [
              { authorId: 1, role: 'writer' },
              { authorId: 2, role: 'editor' },
            ],
          ],
        }),
      ),
    }),
  ],
  {
    additionalProperties: false,
    examples: [
      {
        title: 'Lukashenko Sambut Putin di Minsk',
        dateline: 'MINSK',
        source: 'Kabar',
        categoryId: 2,
        tags: ['Rusia', 'Belarusia'],
        bylines: [{ authorId: 1, role: 'writer' }],
        body: '<p>MINSK, Kabar – Presiden Belarusia menyambut tamunya.</p>',
      },
    ],
  },
)

export const ArticlePatch = Type.Partial(ArticleCreate, { additionalProperties: false, minProperties: 1 })

export const PublishBody = Type.Object(
  {
    at: Type.Optional(Timestamp),
  },
  {
    additionalProperties: false,
    description: 'No `at`: publish now. A past `at`: publish now, recorded as published at `at`. A future `at`: schedule.',
  },
)

const CategoryRef = Type.Object({ id: Id, slug: Slug('internasional'), name: Type.String() }, { additionalProperties: false })
const TagRef = Type.Object({ id: Id, slug: Slug('rusia'), name: Type.String() }, { additionalProperties: false })
const AuthorRef = Type.Object(
  { id: Id, slug: Slug('anton-suhartono'), name: Type.String(), avatarUrl: Nullable(HttpUrl) },
  { additionalProperties: false },
)

const { body, ...summaryFields } = fields
const summaryProperties = {
  id: Id,
  slug: Slug('lukashenko-sambut-putin-di-minsk'),
  title: Type.String(),
  ...summaryFields,
  status: ArticleStatus,
  publishedAt: Nullable(Timestamp),
  category: Nullable(CategoryRef),
  tags: Type.Array(TagRef),
  bylines: Type.Array(Type.Object({ role: BylineRole, author: AuthorRef }, { additionalProperties: false })),
  image: Nullable(Type.Ref(CaptionSchema)),
  wordCount: Type.Integer({ minimum: 0 }),
  readingTimeMinutes: Type.Integer({ minimum: 0 }),
  url: Type.String({
    format: 'uri',
    description: 'Public page URL, from the configured template',
    examples: ['https://www.kabar.example/internasional/lukashenko-sambut-putin-di-minsk'],
  }),
  ...VersionFields,
}

export const ArticleSummarySchema = Type.Object(summaryProperties, {
  $id: 'ArticleSummary',
  additionalProperties: false,
  description: 'An article without its body, as lists and related items show it',
})

export const RelatedItemSchema = Type.Object(
  {
    position: Type.Integer({ minimum: 0 }),
    source: Literals(['editor', 'auto'], {
      description: "`editor`: one of the editor's links; `auto`: an automatic suggestion (`relatedFill`)",
    }),
    reason: Type.Optional(
      Type.Object(
        {
          sharedTags: Type.Array(Type.String(), { description: 'Slugs of the tags it shares with the article' }),
          sameCategory: Type.Boolean({ description: "Whether it is in the article's category" }),
        },
        { additionalProperties: false, description: 'Only for automatic suggestions: why it was suggested' },
      ),
    ),
    article: Type.Ref(ArticleSummarySchema),
  },
  { $id: 'RelatedItem', additionalProperties: false },
)

/** `relatedFill=n`: the editor's links topped up with automatic suggestions to `n` items in total. */
export const relatedFill = (prefix = '') =>
  Type.Integer({
    minimum: 0,
    maximum: 20,
    description: `${prefix}Top the editor's related links up with automatic suggestions to this many items in total (0: the editor's links alone; default: the server's \`RELATED_FILL_DEFAULT\`). Editor links come first and are never displaced.`,
  })

export const ArticleSchema = Type.Object(
  {
    ...ArticleSummarySchema.properties,
    body: fields.body,
    captions: Type.Optional(
      Type.Array(Type.Ref(CaptionSchema), { description: 'With `include=captions`: all captions in position order' }),
    ),
    related: Type.Optional(
      Type.Array(Type.Ref(RelatedItemSchema), { description: 'With `include=related`: visible related articles in editor order' }),
    ),
  },
  { $id: 'Article', additionalProperties: false },
)

export const ArticleListSchema = Type.Object(
  {
    data: Type.Array(Type.Ref(ArticleSummarySchema)),
    page: Type.Object({ limit: Type.Integer(), nextCursor: Nullable(Type.String()) }, { additionalProperties: false }),
  },
  { $id: 'ArticleList', additionalProperties: false },
)

export const sorts = ['-publishedAt', 'publishedAt', '-updatedAt', 'updatedAt'] as const

export const ArticleListQuery = Type.Object(
  {
    ...PageQuery,
    category: Type.Optional(Slug('internasional')),
    tag: Type.Optional(Slug('rusia')),
    author: Type.Optional(Slug('anton-suhartono')),
    status: Type.Optional(Literals(articleStatuses, { description: 'Only for `write` and `admin` keys (400 otherwise)' })),
    publishedAfter: Type.Optional(Timestamp),
    publishedBefore: Type.Optional(Timestamp),
    updatedSince: Type.Optional(Timestamp),
    sort: Type.Optional(Literals(sorts, { default: '-publishedAt' })),
  },
  { additionalProperties: false },
)

export const IncludeQuery = Type.Object(
  {
    include: Type.Optional(
      Literals(['captions', 'related', 'captions,related', 'related,captions'], { description: 'Embeds: `captions`, `related`, or both' }),
    ),
    relatedFill: Type.Optional(relatedFill('With `include=related` (ignored otherwise): ')),
  },
  { additionalProperties: false },
)

export type ArticleCreateT = Static<typeof ArticleCreate>
export type ArticlePatchT = Static<typeof ArticlePatch>
export type ArticleListQueryT = Static<typeof ArticleListQuery>
export type ArticleSummary = Static<typeof ArticleSummarySchema>
export type Article = Static<typeof ArticleSchema>
export type RelatedItem = Static<typeof RelatedItemSchema>
