import type { Audience } from '../../domain/access.js'
import { bodyError, notFound, unprocessable } from '../../errors.js'
import { iso, isoOrNull, type Clock } from '../../lib/clock.js'
import { represent, requireIfMatch, type Representation } from '../../lib/etag.js'
import type { Store } from '../../store/index.js'
import type { DeliveryRow, WebhookRow } from '../../store/webhooks.js'
import type { Created, IdempotencyRecord } from '../../store/write-set.js'
import { commit } from '../commit.js'
import { checkUrl, DestinationRefused, resolveDestination } from './destination.js'
import type { WebhookCreateT, WebhookPatchT } from './schemas.js'
import { newSecret } from './signing.js'

/** How long the previous secret keeps signing after a rotation. */
const rotationOverlapMs = 24 * 60 * 60 * 1000

export type WebhooksService = ReturnType<typeof createWebhooksService>

const view = (row: WebhookRow) => ({
  id: row.id,
  url: row.url,
  resources: row.resources,
  categories: row.categories,
  description: row.description,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  version: row.version,
})

export const deliveryView = (row: DeliveryRow) => ({
  id: row.id,
  eventSeq: row.eventSeq,
  type: row.type,
  attempt: row.attempt,
  status: row.status,
  responseStatus: row.responseStatus,
  durationMs: row.durationMs,
  nextAttemptAt: isoOrNull(row.nextAttemptAt),
  createdAt: iso(row.createdAt),
})

export interface WebhooksDeps {
  store: Store
  clock: Clock
  allowHosts: ReadonlySet<string>
  /** Tells the delivery job that there is work (a redelivery, a recovery, a re-enabled subscription). */
  wake: () => void
}

/**
 * Webhook subscriptions. Admin keys manage every subscription; any other key only its own (the others are the same
 * 404 as a missing id). A subscription receives what its owner key sees (src/jobs/webhook-delivery.ts).
 */
export function createWebhooksService({ store, clock, allowHosts, wake }: WebhooksDeps) {
  const visible = async (caller: Audience, id: number): Promise<WebhookRow> => {
    const row = await store.webhooks.get(id)
    if (row === undefined || (caller.scope !== 'admin' && row.ownerKeyId !== caller.keyId)) throw notFound('webhook')
    return row
  }
  const currentEtag = (id: number) => async () => {
    const row = await store.webhooks.get(id)
    return row === undefined ? undefined : represent(view(row)).etag
  }

  /** The URL's scheme and every address its name resolves to now (a name that does not resolve yet is let be). */
  async function checkDestination(raw: string): Promise<void> {
    try {
      await resolveDestination(checkUrl(raw, allowHosts), allowHosts).catch((error: unknown) => {
        if (error instanceof DestinationRefused) throw error
      })
    } catch (error) {
      const message = error instanceof DestinationRefused ? error.message : 'The URL is not valid'
      throw unprocessable(message, [bodyError('/url', message)])
    }
  }
  async function checkCategories(categories: readonly number[] | null | undefined): Promise<void> {
    const unknown = []
    for (const [i, id] of (categories ?? []).entries())
      if ((await store.resources.category.get(id)) === undefined) unknown.push(bodyError(`/categories/${i}`, 'no such category'))
    if (unknown.length > 0) throw unprocessable('A category does not exist', unknown)
  }
  const sorted = (ids: number[] | null | undefined) => (ids ? [...ids].sort((a, b) => a - b) : ids)

  return {
    async create(caller: Audience, input: WebhookCreateT, idempotency?: IdempotencyRecord): Promise<Created> {
      await checkDestination(input.url)
      await checkCategories(input.categories)
      const secret = newSecret()
      const op = {
        kind: 'insertWebhook' as const,
        values: {
          ownerKeyId: caller.keyId!,
          url: input.url,
          resources: input.resources ?? null,
          categories: sorted(input.categories) ?? null,
          description: input.description ?? null,
          secret,
          enabled: true,
        },
      }
      const created = await store.write<Created>({
        actor: caller.keyId,
        ops: [op],
        idempotency,
        respond: (r) => {
          const row = r.of(op)
          return { location: `/v1/webhooks/${row.id}`, rep: represent({ ...view(row), secret }) }
        },
      })
      wake()
      return created
    },

    list: (caller: Audience, limit: number, afterId: number) =>
      store.webhooks.list(limit, afterId, caller.scope === 'admin' ? null : caller.keyId).then((rows) => rows.map(view)),

    get: async (caller: Audience, id: number): Promise<Representation> => represent(view(await visible(caller, id))),

    async update(caller: Audience, id: number, ifMatch: string | undefined, patch: WebhookPatchT): Promise<Representation> {
      const row = await visible(caller, id)
      requireIfMatch(ifMatch, represent(view(row)).etag)
      if (patch.url !== undefined) await checkDestination(patch.url)
      await checkCategories(patch.categories)
      const { enabled, categories, ...values } = patch
      const switched =
        enabled === true && !row.enabled
          ? { enabled, disabledReason: null, failingSince: null, nextAttemptAt: null }
          : enabled === false && row.enabled
            ? { enabled, disabledReason: 'Disabled through the API' }
            : {}
      const op = {
        kind: 'updateWebhook' as const,
        id,
        expectedVersion: row.version,
        values: { ...values, ...(categories === undefined ? {} : { categories: sorted(categories) }), ...switched },
      }
      const rep = await commit(store, { actor: caller.keyId, ops: [op], respond: (r) => represent(view(r.of(op))) }, currentEtag(id))
      wake()
      return rep
    },

    async remove(caller: Audience, id: number, ifMatch: string | undefined): Promise<void> {
      const row = await visible(caller, id)
      requireIfMatch(ifMatch, represent(view(row)).etag)
      const op = { kind: 'deleteWebhook' as const, id, expectedVersion: row.version }
      await commit(store, { actor: caller.keyId, ops: [op], respond: () => undefined }, currentEtag(id))
    },

    /** A new secret; the previous one keeps signing beside it for 24 hours. */
    async rotateSecret(caller: Audience, id: number): Promise<{ secret: string }> {
      await visible(caller, id)
      const secret = newSecret()
      if (!(await store.writeOne({ kind: 'rotateWebhookSecret', id, secret, previousUntil: clock() + rotationOverlapMs }, caller.keyId)))
        throw notFound('webhook')
      return { secret }
    },

    async deliveries(caller: Audience, id: number, limit: number, beforeId: number) {
      await visible(caller, id)
      return (await store.webhooks.deliveries(id, limit, beforeId)).map(deliveryView)
    },

    /** Sends a logged delivery's event again (same `webhook-id`, its own attempt in the log). */
    async redeliver(caller: Audience, id: number, deliveryId: number): Promise<void> {
      await visible(caller, id)
      if (!(await store.writeOne({ kind: 'queueResend', webhookId: id, deliveryId }, caller.keyId))) throw notFound('delivery')
      wake()
    },

    /** Delivers again, in order, the subscription's events since `since` (those the change log retains). */
    async recover(caller: Audience, id: number, since: string): Promise<void> {
      await visible(caller, id)
      const first = await store.webhooks.firstSeqSince(Date.parse(since))
      if (first !== null) await store.writeOne({ kind: 'rewindWebhook', id, cursor: first - 1 }, caller.keyId)
      wake()
    },
  }
}
