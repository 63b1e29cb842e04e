import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { decodeCursor } from '../../lib/cursor.js'
import { represent } from '../../lib/etag.js'
import { pageOf } from '../../lib/pagination.js'
import { IdempotencyHeaders, IdParams, IfMatchHeaders } from '../../schemas/common.js'
import { always, cacheable, created, json, noContent, problems, updated } from '../../schemas/responses.js'
import {
  DeliveryListSchema,
  DeliveryParams,
  NewWebhookSchema,
  RecoverBody,
  WebhookCreate,
  WebhookListQuery,
  WebhookListSchema,
  WebhookPatch,
  WebhookSchema,
  WebhookSecretSchema,
} from './schemas.js'
import type { WebhooksService } from './service.js'

const tags = ['Webhooks']
const webhook = Type.Ref(WebhookSchema)
const keyed = { access: 'read' as const }
const accepted = (description: string) => ({ 202: { description, type: 'null' } })
const afterId = (cursor: string | undefined, start: number) => (cursor === undefined ? start : decodeCursor(cursor)[1])

/** Webhook subscriptions, their secrets and their delivery log. Any key may subscribe; admin keys see every subscription. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ service: WebhooksService }> = async (app, { service }) => {
  app.get(
    '/webhooks',
    {
      config: keyed,
      schema: {
        operationId: 'listWebhooks',
        tags,
        summary: 'List webhook subscriptions (an admin key: all; any other key: its own)',
        querystring: WebhookListQuery,
        response: { ...cacheable(Type.Ref(WebhookListSchema), 'A page of subscriptions'), ...problems(...always, 401, 403) },
      },
    },
    async (request, reply) => {
      const limit = request.query.limit ?? 20
      const rows = await service.list(request.caller, limit + 1, afterId(request.query.cursor, 0))
      return reply.page(
        pageOf(rows, limit, (row) => [null, row.id]),
        limit,
        '/v1/webhooks',
      )
    },
  )

  app.post(
    '/webhooks',
    {
      config: keyed,
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Subscribe a URL to the change events its key sees; the signing secret is shown once',
        description:
          'Deliveries start with the next change (no backlog). A URL that is not `https`, or resolves to a private, loopback or link-local address, is refused (422).',
        headers: IdempotencyHeaders,
        body: WebhookCreate,
        response: {
          ...created(Type.Ref(NewWebhookSchema), 'The new subscription with its secret'),
          ...problems(...always, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request, reply) => reply.created((idempotency) => service.create(request.caller, request.body, idempotency)),
  )

  app.get(
    '/webhooks/:id',
    {
      config: keyed,
      schema: {
        operationId: 'getWebhook',
        tags,
        summary: 'Get a webhook subscription (never its secret)',
        params: IdParams,
        response: { ...cacheable(webhook, 'The subscription'), ...problems(...always, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.representation(await service.get(request.caller, Number(request.params.id))),
  )

  app.patch(
    '/webhooks/:id',
    {
      config: keyed,
      schema: {
        operationId: 'updateWebhook',
        tags,
        summary: 'Change a subscription’s URL, filters or description, or enable it again',
        description: 'Requires the subscription’s `If-Match`.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: WebhookPatch,
        response: { ...updated(webhook, 'The changed subscription'), ...problems(...always, 401, 403, 404, 412, 413, 415, 422, 428) },
      },
    },
    async (request, reply) =>
      reply.representation(await service.update(request.caller, Number(request.params.id), request.headers['if-match'], request.body)),
  )

  app.delete(
    '/webhooks/:id',
    {
      config: keyed,
      schema: {
        operationId: 'deleteWebhook',
        tags,
        summary: 'Delete a subscription and its delivery log',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { ...noContent('The subscription is deleted'), ...problems(...always, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      await service.remove(request.caller, Number(request.params.id), request.headers['if-match'])
      return reply.code(204).send()
    },
  )

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: keyed,
      schema: {
        operationId: 'rotateWebhookSecret',
        tags,
        summary: 'Replace the signing secret; the previous one keeps signing beside it for 24 hours',
        params: IdParams,
        response: { 200: json(Type.Ref(WebhookSecretSchema), 'The new secret, shown once'), ...problems(...always, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.representation(represent(await service.rotateSecret(request.caller, Number(request.params.id)))),
  )

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: keyed,
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'List a subscription’s delivery attempts, newest first',
        params: IdParams,
        querystring: WebhookListQuery,
        response: { ...cacheable(Type.Ref(DeliveryListSchema), 'A page of attempts'), ...problems(...always, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const id = Number(request.params.id)
      const limit = request.query.limit ?? 20
      const rows = await service.deliveries(request.caller, id, limit + 1, afterId(request.query.cursor, Number.MAX_SAFE_INTEGER))
      return reply.page(
        pageOf(rows, limit, (row) => [null, row.id]),
        limit,
        `/v1/webhooks/${id}/deliveries`,
      )
    },
  )

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: keyed,
      schema: {
        operationId: 'redeliverWebhookDelivery',
        tags,
        summary: 'Send a logged delivery’s event again (same `webhook-id`), as one more attempt',
        params: DeliveryParams,
        response: { ...accepted('The redelivery is queued'), ...problems(...always, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.redeliver(request.caller, Number(request.params.id), Number(request.params.deliveryId))
      return reply.code(202).send()
    },
  )

  app.post(
    '/webhooks/:id/recover',
    {
      config: keyed,
      schema: {
        operationId: 'recoverWebhook',
        tags,
        summary: 'Deliver again, in order, the subscription’s events since a time',
        params: IdParams,
        body: RecoverBody,
        response: { ...accepted('The events are queued, after the attempt in flight'), ...problems(...always, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await service.recover(request.caller, Number(request.params.id), request.body.since)
      return reply.code(202).send()
    },
  )
}
