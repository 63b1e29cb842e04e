import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { crudRoutes, type CrudService } from '../crud/routes.js'
import { CategoryCreate, CategoryListSchema, CategoryPatch, CategorySchema } from './schemas.js'

export const categoryRoutes: FastifyPluginAsyncTypebox<{ service: CrudService }> = async (app, { service }) => {
  await app.register(crudRoutes, {
    path: 'categories',
    singular: 'Category',
    plural: 'Categories',
    tag: 'Categories',
    item: Type.Ref(CategorySchema),
    list: Type.Ref(CategoryListSchema),
    createBody: CategoryCreate,
    patchBody: CategoryPatch,
    service,
  })
}
