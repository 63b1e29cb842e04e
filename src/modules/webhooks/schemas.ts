import { Type, type Static } from '@sinclair/typebox'
import { eventResources } from '../../domain/change-events.js'
import { deliveryStatuses } from '../../store/sqlite/schema.js'
import { Id, Literals, MultilineText, Nullable, PageQuery, PathId, Timestamp, VersionFields, listOf } from '../../schemas/common.js'

const Url = Type.String({
  format: 'uri',
  pattern: '^[hH][tT][tT][pP][sS]?://[^/?#\\s]+',
  maxLength: 2048,
  description: 'Where deliveries are POSTed: `https`, and not to a private, loopback or link-local address',
  examples: ['https://partner.example/hooks/kabar'],
})
const Resources = Type.Array(Literals(eventResources), {
  minItems: 1,
  uniqueItems: true,
  description: 'Only events of these resources; left out or null: every resource',
})
const Categories = Type.Array(Id, {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Only article events whose category before or after the change is one of these; left out or null: every article',
})
const Description = MultilineText({ maxLength: 500 })
const Secret = Type.String({
  pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
  description: 'The signing secret (Standard Webhooks). Shown only in this response; store it now.',
})

export const WebhookSchema = Type.Object(
  {
    id: Id,
    url: Type.String(),
    resources: Nullable(Type.Array(Literals(eventResources))),
    categories: Nullable(Type.Array(Id)),
    description: Nullable(Type.String()),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String({ description: 'Why deliveries stopped (410 Gone, 5 days of failures, the owner key revoked)' })),
    ...VersionFields,
  },
  { $id: 'Webhook', additionalProperties: false },
)

export const NewWebhookSchema = Type.Object(
  { ...WebhookSchema.properties, secret: Secret },
  { $id: 'NewWebhook', additionalProperties: false },
)

export const WebhookListSchema = listOf(Type.Ref(WebhookSchema), 'WebhookList')

export const WebhookSecretSchema = Type.Object({ secret: Secret }, { $id: 'WebhookSecret', additionalProperties: false })

export const DeliverySchema = Type.Object(
  {
    id: Id,
    eventSeq: Type.Integer({ minimum: 1, description: 'The change event delivered (`webhook-id` is `msg_<eventSeq>`)' }),
    type: Type.String({ examples: ['article.published'] }),
    attempt: Type.Integer({ minimum: 1, description: 'The how-manieth attempt at this event' }),
    status: Literals(deliveryStatuses, {
      description: '`pending`: failed, retried at `nextAttemptAt`; `delivered`: a 2xx within 15 s; `failed`: given up',
    }),
    responseStatus: Nullable(Type.Integer({ description: 'null: no answer (refused, timed out, destination not allowed)' })),
    durationMs: Nullable(Type.Integer({ minimum: 0 })),
    nextAttemptAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { $id: 'WebhookDelivery', additionalProperties: false },
)

export const DeliveryListSchema = listOf(Type.Ref(DeliverySchema), 'WebhookDeliveryList')

export const WebhookCreate = Type.Object(
  { url: Url, resources: Type.Optional(Resources), categories: Type.Optional(Categories), description: Type.Optional(Description) },
  { additionalProperties: false },
)

export const WebhookPatch = Type.Object(
  {
    url: Type.Optional(Url),
    resources: Type.Optional(Nullable(Resources)),
    categories: Type.Optional(Nullable(Categories)),
    description: Type.Optional(Nullable(Description)),
    enabled: Type.Optional(
      Type.Boolean({ description: '`true` re-enables a disabled subscription: it resumes at the event it stopped at' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const RecoverBody = Type.Object(
  { since: Timestamp },
  { additionalProperties: false, description: 'Delivers again, in order, the events since this time that the change log retains' },
)

export const WebhookListQuery = Type.Object(PageQuery, { additionalProperties: false })
export const DeliveryParams = Type.Object({ id: PathId(), deliveryId: PathId() }, { additionalProperties: false })

export type WebhookCreateT = Static<typeof WebhookCreate>
export type WebhookPatchT = Static<typeof WebhookPatch>
