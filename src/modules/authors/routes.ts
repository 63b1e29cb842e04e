import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { crudRoutes, type CrudService } from '../crud/routes.js'
import { AuthorCreate, AuthorListSchema, AuthorPatch, AuthorSchema } from './schemas.js'

export const authorRoutes: FastifyPluginAsyncTypebox<{ service: CrudService }> = async (app, { service }) => {
  await app.register(crudRoutes, {
    path: 'authors',
    singular: 'Author',
    plural: 'Authors',
    tag: 'Authors',
    item: Type.Ref(AuthorSchema),
    list: Type.Ref(AuthorListSchema),
    createBody: AuthorCreate,
    patchBody: AuthorPatch,
    service,
  })
}
