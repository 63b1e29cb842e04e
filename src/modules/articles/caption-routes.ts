import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { IdempotencyHeaders, IdParams, IfMatchHeaders } from '../../schemas/common.js'
import { always, cacheable, created, noContent, problems, updated } from '../../schemas/responses.js'
import { ArticleIdParams, CaptionCreate, CaptionListSchema, CaptionPatch, CaptionSchema } from './caption-schemas.js'
import type { CaptionsService } from './captions.js'

const tags = ['Captions']
const caption = Type.Ref(CaptionSchema)

/** Captions: created and listed under their article, read and changed on their own URL. */
export const captionRoutes: FastifyPluginAsyncTypebox<{ service: CaptionsService }> = async (app, { service }) => {
  app.get(
    '/articles/:articleId/captions',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'listCaptions',
        tags,
        summary: "List an article's captions in position order",
        params: ArticleIdParams,
        response: { ...cacheable(Type.Ref(CaptionListSchema), 'The captions'), ...problems(...always, 401, 404) },
      },
    },
    async (request, reply) => reply.representation(await service.list(request.caller, Number(request.params.articleId))),
  )

  app.post(
    '/articles/:articleId/captions',
    {
      config: { access: 'write' },
      schema: {
        operationId: 'createCaption',
        tags,
        summary: 'Place a photo with its caption in an article',
        description:
          "A second `featured` caption is refused (409): make the current one `inline` first. The article's version and ETag change.",
        params: ArticleIdParams,
        headers: IdempotencyHeaders,
        body: CaptionCreate,
        response: { ...created(caption, 'The new caption'), ...problems(...always, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      reply.created((idempotency) => service.create(request.caller, Number(request.params.articleId), request.body, idempotency)),
  )

  app.get(
    '/captions/:id',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getCaption',
        tags,
        summary: 'Get a caption',
        params: IdParams,
        response: { ...cacheable(caption, 'The caption'), ...problems(...always, 401, 404) },
      },
    },
    async (request, reply) => reply.representation(await service.get(request.caller, Number(request.params.id))),
  )

  app.patch(
    '/captions/:id',
    {
      config: { access: 'write' },
      schema: {
        operationId: 'updateCaption',
        tags,
        summary: 'Change a caption (text, credit, photo, role, position)',
        description: "Requires the caption's `If-Match`. The article's version and ETag change.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: CaptionPatch,
        response: { ...updated(caption, 'The changed caption'), ...problems(...always, 401, 403, 404, 409, 412, 413, 415, 428) },
      },
    },
    async (request, reply) =>
      reply.representation(await service.update(request.caller, Number(request.params.id), request.headers['if-match'], request.body)),
  )

  app.delete(
    '/captions/:id',
    {
      config: { access: 'write' },
      schema: {
        operationId: 'deleteCaption',
        tags,
        summary: 'Remove a caption from its article',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { ...noContent('The caption is removed'), ...problems(...always, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      await service.remove(request.caller, Number(request.params.id), request.headers['if-match'])
      return reply.code(204).send()
    },
  )
}
