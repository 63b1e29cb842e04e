import type { TSchema } from '@sinclair/typebox'
import { ArticleListSchema, ArticleSchema, ArticleSummarySchema, RelatedItemSchema } from '../modules/articles/schemas.js'
import { CaptionListSchema, CaptionSchema } from '../modules/captions/schemas.js'
import { RelatedListSchema } from '../modules/related/schemas.js'
import { AuthorListSchema, AuthorSchema } from '../modules/authors/schemas.js'
import { CategoryListSchema, CategorySchema } from '../modules/categories/schemas.js'
import { ApiKeyListSchema, ApiKeySchema, NewApiKeySchema } from '../modules/keys/schemas.js'
import { TagListSchema, TagSchema } from '../modules/tags/schemas.js'
import { ProblemSchema } from './common.js'

/** Every shape with an `$id`: registered once with Fastify, named as an OpenAPI component. */
export const sharedSchemas: TSchema[] = [
  ProblemSchema,
  CaptionSchema, CaptionListSchema, ArticleSummarySchema, RelatedItemSchema, RelatedListSchema, ArticleSchema, ArticleListSchema,
  AuthorSchema, AuthorListSchema,
  CategorySchema, CategoryListSchema,
  TagSchema, TagListSchema,
  ApiKeySchema, NewApiKeySchema, ApiKeyListSchema,
]
