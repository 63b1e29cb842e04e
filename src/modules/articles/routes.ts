import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { IdempotencyHeaders, IdParams, IfMatchHeaders, SlugParams } from '../../schemas/common.js'
import { always, cacheable, created, headers, noContent, problems, updated } from '../../schemas/responses.js'
import { ArticleCreate, ArticleListQuery, ArticleListSchema, ArticlePatch, ArticleSchema, IncludeQuery, PublishBody } from './schemas.js'
import { normaliseInclude, type ArticleReader } from './reader.js'
import type { ArticleWriter } from './writer.js'
import { then } from '../../lib/maybe.js'

const tags = ['Articles']
const article = Type.Ref(ArticleSchema)
const read = { access: 'public' as const }
const write = { access: 'write' as const }

export const articleRoutes: FastifyPluginAsyncTypebox<{ reader: ArticleReader; writer: ArticleWriter }> = async (
  app,
  { reader, writer },
) => {
  app.get(
    '/articles',
    {
      config: read,
      schema: {
        operationId: 'listArticles',
        tags,
        summary: 'List articles (summaries, without body)',
        description:
          'Public callers and `read` keys see published articles only. Keyset-paginated: follow `page.nextCursor` or the `Link` header.',
        querystring: ArticleListQuery,
        response: {
          ...cacheable(Type.Ref(ArticleListSchema), 'A page of article summaries', { Link: headers.link }),
          ...problems(...always, 401),
        },
      },
    },
    (request, reply) => then(reader.list(request.caller, request.query), (list) => reply.list(list)),
  )

  app.get(
    '/articles/:id',
    {
      config: read,
      schema: {
        operationId: 'getArticle',
        tags,
        summary: 'Get an article by id',
        params: IdParams,
        querystring: IncludeQuery,
        response: { ...cacheable(article, 'The article'), ...problems(...always, 401, 404) },
      },
    },
    (request, reply) =>
      then(
        reader.get(request.caller, Number(request.params.id), normaliseInclude(request.query.include), request.query.relatedFill),
        (rep) => reply.representation(rep),
      ),
  )

  app.get(
    '/articles/slug/:slug',
    {
      config: read,
      schema: {
        operationId: 'getArticleBySlug',
        tags,
        summary: 'Get an article by slug',
        description: 'An old slug of a published article answers `301` to its current slug.',
        params: SlugParams,
        querystring: IncludeQuery,
        response: {
          ...cacheable(article, 'The article'),
          301: { description: 'The slug has changed; follow Location', type: 'null', headers: { Location: headers.location } },
          ...problems(...always, 401, 404),
        },
      },
    },
    (request, reply) => {
      const include = normaliseInclude(request.query.include)
      const { relatedFill } = request.query
      return then(reader.getBySlug(request.caller, request.params.slug, include, relatedFill), (found) =>
        'redirect' in found
          ? reply
              .code(301)
              .location(`/v1/articles/slug/${found.redirect}`, { include: include || undefined, relatedFill })
              .send()
          : reply.representation(found.rep),
      )
    },
  )

  app.post(
    '/articles',
    {
      config: write,
      schema: {
        operationId: 'createArticle',
        tags,
        summary: 'Create a draft article',
        description: 'Always creates a `draft`; publish it with the publish action. Unknown tag names create tags.',
        headers: IdempotencyHeaders,
        body: ArticleCreate,
        response: { ...created(article, 'The new draft'), ...problems(...always, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => reply.created((idempotency) => writer.create(request.caller, request.body, idempotency)),
  )

  app.patch(
    '/articles/:id',
    {
      config: write,
      schema: {
        operationId: 'updateArticle',
        tags,
        summary: 'Change an article',
        description: 'Send only the fields to change; `tags` and `bylines` replace the whole list. Requires `If-Match`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ArticlePatch,
        response: { ...updated(article, 'The changed article'), ...problems(...always, 401, 403, 404, 409, 412, 413, 415, 422, 428) },
      },
    },
    async (request, reply) =>
      reply.representation(await writer.update(request.caller, Number(request.params.id), request.headers['if-match'], request.body)),
  )

  app.delete(
    '/articles/:id',
    {
      config: write,
      schema: {
        operationId: 'deleteArticle',
        tags,
        summary: 'Delete an article with its captions and links',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { ...noContent('The article is deleted'), ...problems(...always, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      await writer.remove(request.caller, Number(request.params.id), request.headers['if-match'])
      return reply.code(204).send()
    },
  )

  const actions = {
    publish: 'Publish now, backdated, or at a future time (scheduled)',
    unpublish: 'Return the article to draft',
    archive: 'Archive the article (hidden from the public)',
  } as const
  for (const [action, summary] of Object.entries(actions) as [keyof typeof actions, string][]) {
    app.post(
      `/articles/:id/${action}`,
      {
        config: write,
        // The body is optional: a bare POST is the same as `{}`.
        preValidation: async (request) => {
          request.body ??= {}
        },
        schema: {
          operationId: `${action}Article`,
          tags,
          summary,
          description:
            action === 'publish'
              ? 'Publishing needs a title, a non-empty body and a writer byline; a 422 lists everything missing.'
              : undefined,
          params: IdParams,
          headers: IfMatchHeaders,
          body: action === 'publish' ? PublishBody : Type.Object({}, { additionalProperties: false }),
          response: { ...updated(article, 'The article after the action'), ...problems(...always, 401, 403, 404, 409, 412, 415, 422, 428) },
        },
      },
      async (request, reply) => {
        const at = (request.body as { at?: string }).at
        return reply.representation(await writer.act(request.caller, Number(request.params.id), request.headers['if-match'], action, at))
      },
    )
  }
}
