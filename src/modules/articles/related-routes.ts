import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { IdParams, IfMatchHeaders } from '../../schemas/common.js'
import { always, cacheable, json, problems } from '../../schemas/responses.js'
import { RelatedListQuery, RelatedListSchema, RelatedParams, RelatedPost, RelatedPut } from './related-schemas.js'
import type { RelatedService } from './related.js'

const tags = ['Related']
const list = Type.Ref(RelatedListSchema)
const written = {
  200: json(list, 'The new list as editors see it', {
    ETag: { type: 'string', description: "The parent article's new ETag, for the next If-Match" },
  }),
  ...problems(...always, 401, 403, 404, 409, 412, 413, 415, 422, 428),
}
const description = "Requires the parent article's `If-Match`; the article's version and ETag change."

/** The "Artikel Terkait" block: an ordered list of links from one article to others. */
export const relatedRoutes: FastifyPluginAsyncTypebox<{ service: RelatedService }> = async (app, { service }) => {
  app.get(
    '/articles/:id/related',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'listRelated',
        tags,
        summary: 'List related articles in editor order, optionally topped up with automatic suggestions',
        description:
          "Only related articles the caller may see; positions are renumbered so hidden ones leave no gap. With `relatedFill`, automatic suggestions follow the editor's links (`source: auto`, with a `reason`).",
        params: IdParams,
        querystring: RelatedListQuery,
        response: { ...cacheable(list, 'The related articles'), ...problems(...always, 401, 404) },
      },
    },
    async (request, reply) =>
      reply.representation(await service.list(request.caller, Number(request.params.id), request.query.relatedFill)),
  )

  app.put(
    '/articles/:id/related',
    {
      config: { access: 'write' },
      schema: {
        operationId: 'replaceRelated',
        tags,
        summary: 'Replace the whole ordered list of related articles',
        description,
        params: IdParams,
        headers: IfMatchHeaders,
        body: RelatedPut,
        response: written,
      },
    },
    async (request, reply) =>
      reply.representation(
        await service.replace(request.caller, Number(request.params.id), request.headers['if-match'], request.body.articleIds),
      ),
  )

  app.post(
    '/articles/:id/related',
    {
      config: { access: 'write' },
      schema: {
        operationId: 'addRelated',
        tags,
        summary: 'Insert one related article at a position (default: last)',
        description,
        params: IdParams,
        headers: IfMatchHeaders,
        body: RelatedPost,
        response: written,
      },
    },
    async (request, reply) =>
      reply.representation(await service.add(request.caller, Number(request.params.id), request.headers['if-match'], request.body)),
  )

  app.delete(
    '/articles/:id/related/:relatedId',
    {
      config: { access: 'write' },
      schema: {
        operationId: 'removeRelated',
        tags,
        summary: 'Remove one related article',
        description,
        params: RelatedParams,
        headers: IfMatchHeaders,
        response: written,
      },
    },
    async (request, reply) =>
      reply.representation(
        await service.remove(request.caller, Number(request.params.id), request.headers['if-match'], Number(request.params.relatedId)),
      ),
  )
}
