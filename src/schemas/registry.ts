import type { TSchema } from '@sinclair/typebox'
import { AuthorListSchema, AuthorSchema } from '../modules/authors/schemas.js'
import { CategoryListSchema, CategorySchema } from '../modules/categories/schemas.js'
import { ApiKeyListSchema, ApiKeySchema, NewApiKeySchema } from '../modules/keys/schemas.js'
import { TagListSchema, TagSchema } from '../modules/tags/schemas.js'
import { ProblemSchema } from './common.js'

/** Every shape with an `$id`: registered once with Fastify, named as an OpenAPI component. */
export const sharedSchemas: TSchema[] = [
  ProblemSchema,
  AuthorSchema, AuthorListSchema,
  CategorySchema, CategoryListSchema,
  TagSchema, TagListSchema,
  ApiKeySchema, NewApiKeySchema, ApiKeyListSchema,
]
