import { Type, type TObject, type TSchema } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, IdempotencyHeaders, IfMatchHeaders, PageQuery, SlugParams } from '../../schemas/common.js'
import { always, cacheable, created, noContent, problems, updated } from '../../schemas/responses.js'
import type { Audience } from '../../domain/access.js'
import type { Representation } from '../../lib/etag.js'
import type { Page } from '../../lib/pagination.js'
import type { Created, IdempotencyRecord } from '../../store/write-set.js'

/** What the routes need of a slugged resource's service; bodies arrive validated against the route schemas. */
export interface CrudService {
  list(caller: Audience, limit: number, cursor?: string): Promise<Page<unknown>>
  get(caller: Audience, id: number): Promise<Representation>
  getBySlug(caller: Audience, slug: string): Promise<Representation>
  create(caller: Audience, input: never, idempotency?: IdempotencyRecord): Promise<Created>
  update(caller: Audience, id: number, ifMatch: string | undefined, patch: never): Promise<Representation>
  remove(caller: Audience, id: number, ifMatch: string | undefined): Promise<void>
}

export interface CrudRoutesOptions {
  /** Path segment and operationId stem, e.g. `authors` / `Author`. */
  path: string
  singular: string
  plural: string
  tag: string
  item: TSchema
  list: TSchema
  createBody: TObject
  patchBody: TObject
  service: CrudService
}

/**
 * The uniform route set of a slugged resource: browse, read (by id and slug), add, edit, destroy.
 * Reads are public; writes need a `write` key and `If-Match` on edit/destroy.
 */
export const crudRoutes: FastifyPluginAsyncTypebox<CrudRoutesOptions> = async (app, o) => {
  const { service } = o
  const read = { access: 'public' as const }
  const write = { access: 'write' as const }
  const base = `/${o.path}`

  app.get(
    base,
    {
      config: read,
      schema: {
        operationId: `list${o.plural}`,
        tags: [o.tag],
        summary: `List ${o.plural.toLowerCase()}`,
        description: `Keyset-paginated in id order; follow \`page.nextCursor\` or the \`Link\` header.`,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: {
          ...cacheable(o.list, `A page of ${o.plural.toLowerCase()}`, { Link: { type: 'string', description: 'RFC 8288 next-page link' } }),
          ...problems(...always, 401),
        },
      },
    },
    async (request, reply) => {
      const limit = request.query.limit ?? 20
      return reply.page(await service.list(request.caller, limit, request.query.cursor), limit, `/v1${base}`)
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: read,
      schema: {
        operationId: `get${o.singular}`,
        tags: [o.tag],
        summary: `Get one ${o.singular.toLowerCase()} by id`,
        params: IdParams,
        response: { ...cacheable(o.item, `The ${o.singular.toLowerCase()}`), ...problems(...always, 401, 404) },
      },
    },
    async (request, reply) => reply.representation(await service.get(request.caller, Number(request.params.id))),
  )

  app.get(
    `${base}/slug/:slug`,
    {
      config: read,
      schema: {
        operationId: `get${o.singular}BySlug`,
        tags: [o.tag],
        summary: `Get one ${o.singular.toLowerCase()} by slug`,
        params: SlugParams,
        response: { ...cacheable(o.item, `The ${o.singular.toLowerCase()}`), ...problems(...always, 401, 404) },
      },
    },
    async (request, reply) => reply.representation(await service.getBySlug(request.caller, request.params.slug)),
  )

  app.post(
    base,
    {
      config: write,
      schema: {
        operationId: `create${o.singular}`,
        tags: [o.tag],
        summary: `Create a ${o.singular.toLowerCase()}`,
        headers: IdempotencyHeaders,
        body: o.createBody,
        response: { ...created(o.item, `The new ${o.singular.toLowerCase()}`), ...problems(...always, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => reply.created((idempotency) => service.create(request.caller, request.body as never, idempotency)),
  )

  app.patch(
    `${base}/:id`,
    {
      config: write,
      schema: {
        operationId: `update${o.singular}`,
        tags: [o.tag],
        summary: `Change a ${o.singular.toLowerCase()}`,
        description: 'Send only the fields to change; `null` clears an optional field. Requires `If-Match`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: o.patchBody,
        response: {
          ...updated(o.item, `The changed ${o.singular.toLowerCase()}`),
          ...problems(...always, 401, 403, 404, 409, 412, 413, 415, 422, 428),
        },
      },
    },
    async (request, reply) =>
      reply.representation(
        await service.update(request.caller, Number(request.params.id), request.headers['if-match'], request.body as never),
      ),
  )

  app.delete(
    `${base}/:id`,
    {
      config: write,
      schema: {
        operationId: `delete${o.singular}`,
        tags: [o.tag],
        summary: `Delete a ${o.singular.toLowerCase()}`,
        params: IdParams,
        headers: IfMatchHeaders,
        response: { ...noContent(`The ${o.singular.toLowerCase()} is deleted`), ...problems(...always, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      await service.remove(request.caller, Number(request.params.id), request.headers['if-match'])
      return reply.code(204).send()
    },
  )
}
