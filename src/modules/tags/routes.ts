import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { crudRoutes, type CrudService } from '../crud/routes.js'
import { TagCreate, TagListSchema, TagPatch, TagSchema } from './schemas.js'

export const tagRoutes: FastifyPluginAsyncTypebox<{ service: CrudService }> = async (app, { service }) => {
  await app.register(crudRoutes, {
    path: 'tags',
    singular: 'Tag',
    plural: 'Tags',
    tag: 'Tags',
    item: Type.Ref(TagSchema),
    list: Type.Ref(TagListSchema),
    createBody: TagCreate,
    patchBody: TagPatch,
    service,
  })
}
