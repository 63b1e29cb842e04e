import { Type, type Static } from '@sinclair/typebox'
import { PageInfo } from '../../schemas/common.js'
import { ArticleListQuery, ArticleSummarySchema } from '../articles/schemas.js'

const { category, tag, author, status, publishedAfter, publishedBefore, limit, cursor } = ArticleListQuery.properties

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Words (all must match, in any form of their root), `"a phrase"`, `prefix*`, `-excluded`; anything else is taken literally',
      examples: ['kebijakan "bank sentral" -inflasi'],
    }),
    category,
    tag,
    author,
    status,
    publishedAfter,
    publishedBefore,
    limit,
    cursor,
  },
  { additionalProperties: false },
)

const Snippet = (description: string) =>
  Type.Optional(Type.String({ description, examples: ['Bank <mark>sentral</mark> menahan suku bunga'] }))

export const SearchHitSchema = Type.Object(
  {
    score: Type.Number({ description: 'Relevance with the recency boost: higher ranks first' }),
    snippets: Type.Object(
      {
        title: Snippet('The title, when it matches'),
        body: Snippet('A passage of the body around its first match'),
      },
      { additionalProperties: false, description: 'HTML-escaped text with the matched words in `<mark>…</mark>`' },
    ),
    article: Type.Ref(ArticleSummarySchema),
  },
  { $id: 'SearchHit', additionalProperties: false },
)

export const SearchResultsSchema = Type.Object(
  { data: Type.Array(Type.Ref(SearchHitSchema)), page: PageInfo },
  { $id: 'SearchResults', additionalProperties: false },
)

export type SearchQueryT = Static<typeof SearchQuery>
export type SearchHit = Static<typeof SearchHitSchema>
