import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { unavailable } from '../../errors.js'
import { json, problems } from '../../schemas/responses.js'

const Status = Type.Object({ status: Type.String({ examples: ['ok'] }) }, { additionalProperties: false })

/** Liveness and readiness, outside `/v1` and without auth, for orchestrators and load balancers. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ ready: () => Promise<boolean> }> = async (app, { ready }) => {
  app.get(
    '/health',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        operationId: 'getHealth',
        tags: ['Operations'],
        summary: 'Liveness: the process is serving',
        response: { 200: json(Status, 'Alive'), ...problems(400) },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  )

  app.get(
    '/ready',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        operationId: 'getReadiness',
        tags: ['Operations'],
        summary: 'Readiness: database reachable and migrated',
        response: { 200: json(Status, 'Ready'), ...problems(400, 503) },
      },
    },
    async (_request, reply) => {
      if (!(await ready())) throw unavailable('The database is not ready', 5)
      return reply.header('cache-control', 'no-store').send({ status: 'ok' })
    },
  )
}
