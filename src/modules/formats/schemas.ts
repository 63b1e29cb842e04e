import { Type, type Static } from '@sinclair/typebox'
import { Literals, Slug } from '../../schemas/common.js'

export const FeedQuery = Type.Object(
  {
    category: Type.Optional(Slug('internasional')),
    tag: Type.Optional(Slug('rusia')),
    author: Type.Optional(Slug('anton-suhartono')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'How many of the latest articles' })),
    content: Type.Optional(
      Literals(['full', 'summary'] as const, {
        default: 'full',
        description: '`full`: the sanitised HTML body; `summary`: the summary only',
      }),
    ),
  },
  { additionalProperties: false, description: 'At most one of `category`, `tag` and `author`' },
)
export type FeedQueryT = Static<typeof FeedQuery>

export const SitemapMonthParams = Type.Object(
  {
    file: Type.String({
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])(-[1-9][0-9]{0,3})?\\.xml$',
      description: '`yyyy-mm.xml` (the month in the newsroom time zone); `yyyy-mm-2.xml`… for further parts of 50,000 URLs',
      examples: ['2026-12.xml'],
    }),
  },
  { additionalProperties: false },
)

/** The documents' shapes as OpenAPI shows them; each is defined (and tested) by its own standard. */
export const documents = {
  xml: Type.String({ description: 'An XML document' }),
  jsonFeed: Type.Object(
    {
      version: Type.Literal('https://jsonfeed.org/version/1.1'),
      title: Type.String(),
      items: Type.Array(Type.Object({ id: Type.String() }, { additionalProperties: true })),
    },
    { additionalProperties: true, description: 'JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)' },
  ),
  ninjs: Type.Object(
    { uri: Type.String({ format: 'uri' }), type: Type.Literal('text'), version: Type.String() },
    { additionalProperties: true, description: 'IPTC ninjs 3.1 (https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json)' },
  ),
  jsonld: Type.Object(
    { '@context': Type.Literal('https://schema.org'), '@type': Type.Literal('NewsArticle'), headline: Type.String({ maxLength: 110 }) },
    { additionalProperties: true, description: 'schema.org NewsArticle (https://schema.org/NewsArticle), as JSON-LD' },
  ),
}
