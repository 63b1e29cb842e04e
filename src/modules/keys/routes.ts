import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { isoOrNull, iso } from '../../lib/clock.js'
import { decodeCursor } from '../../lib/cursor.js'
import { represent } from '../../lib/etag.js'
import { pageOf } from '../../lib/pagination.js'
import { IdParams } from '../../schemas/common.js'
import { always, cacheable, created, noContent, problems } from '../../schemas/responses.js'
import type { KeyRow } from '../../store/keys.js'
import { ApiKeyListSchema, ApiKeySchema, KeyCreate, KeyListQuery, NewApiKeySchema } from './schemas.js'
import type { KeysService } from './service.js'

const view = (key: KeyRow) => ({
  id: key.id,
  name: key.name,
  scope: key.scope,
  prefix: key.prefix,
  createdAt: iso(key.createdAt),
  expiresAt: isoOrNull(key.expiresAt),
  categories: key.categories,
})

export const keyRoutes: FastifyPluginAsyncTypebox<{ service: KeysService }> = async (app, { service }) => {
  const admin = { access: 'admin' as const }

  app.get(
    '/keys',
    {
      config: admin,
      schema: {
        operationId: 'listApiKeys',
        tags: ['API keys'],
        summary: 'List active API keys (never their secrets)',
        querystring: KeyListQuery,
        response: { ...cacheable(Type.Ref(ApiKeyListSchema), 'A page of active keys'), ...problems(...always, 401, 403) },
      },
    },
    async (request, reply) => {
      const limit = request.query.limit ?? 20
      const afterId = request.query.cursor === undefined ? 0 : decodeCursor(request.query.cursor)[1]
      const page = pageOf(await service.list(limit + 1, afterId), limit, (key) => [null, key.id])
      return reply.page({ data: page.data.map(view), nextCursor: page.nextCursor }, limit, '/v1/keys')
    },
  )

  app.post(
    '/keys',
    {
      config: admin,
      schema: {
        operationId: 'createApiKey',
        tags: ['API keys'],
        summary: 'Create an API key; the secret is shown once',
        body: KeyCreate,
        response: {
          ...created(Type.Ref(NewApiKeySchema), 'The new key with its secret', { idempotent: false }),
          ...problems(...always, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { key, secret } = await service.create(request.caller, request.body)
      return reply.location(`/v1/keys/${key.id}`).representation(represent({ ...view(key), secret }), 201)
    },
  )

  app.get(
    '/keys/:id',
    {
      config: admin,
      schema: {
        operationId: 'getApiKey',
        tags: ['API keys'],
        summary: 'Get an active API key (never its secret)',
        params: IdParams,
        response: { ...cacheable(Type.Ref(ApiKeySchema), 'The key'), ...problems(...always, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.representation(represent(view(await service.get(Number(request.params.id))))),
  )

  app.delete(
    '/keys/:id',
    {
      config: admin,
      schema: {
        operationId: 'revokeApiKey',
        tags: ['API keys'],
        summary: 'Revoke an API key at once',
        params: IdParams,
        response: { ...noContent('The key is revoked'), ...problems(...always, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.revoke(request.caller, Number(request.params.id))
      return reply.code(204).send()
    },
  )
}
