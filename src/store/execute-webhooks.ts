import { and, eq, sql } from 'drizzle-orm'
import type { Db, Tables } from './context.js'
import { VersionConflict, type Operation, type OperationResults } from './write-set.js'

type WebhookKind =
  'insertWebhook' | 'updateWebhook' | 'deleteWebhook' | 'rotateWebhookSecret' | 'rewindWebhook' | 'queueResend' | 'recordAttempt'
type Handlers = { [K in WebhookKind]: (op: Extract<Operation, { kind: K }>) => Promise<OperationResults[K]> }

/** The webhook operations of one execution (src/store/execute.ts), at the transaction's `now`. */
export function webhookOperations(db: Db, t: Tables, now: number): Handlers {
  const { changes, webhooks, webhookDeliveries, webhookResends } = t
  const current = async (id: number) => (await db.select().from(webhooks).where(eq(webhooks.id, id)))[0]
  return {
    async insertWebhook(op) {
      const [end] = await db.select({ seq: sql<number | null>`max(${changes.seq})` }).from(changes)
      const cursor = Number(end?.seq ?? 0)
      return (
        await db
          .insert(webhooks)
          .values({ ...op.values, cursor, createdAt: now, updatedAt: now })
          .returning()
      )[0]!
    },
    async updateWebhook(op) {
      const [row] = await db
        .update(webhooks)
        .set({ ...op.values, version: op.expectedVersion + 1, updatedAt: now })
        .where(and(eq(webhooks.id, op.id), eq(webhooks.version, op.expectedVersion)))
        .returning()
      if (row === undefined) throw new VersionConflict('webhook', op.id)
      return row
    },
    async deleteWebhook(op) {
      const removed = await db
        .delete(webhooks)
        .where(and(eq(webhooks.id, op.id), eq(webhooks.version, op.expectedVersion)))
        .returning({ id: webhooks.id })
      if (removed.length !== 1) throw new VersionConflict('webhook', op.id)
      return undefined
    },
    async rotateWebhookSecret(op) {
      const hook = await current(op.id)
      if (hook === undefined) return false
      await db
        .update(webhooks)
        .set({ secret: op.secret, previousSecret: hook.secret, previousSecretUntil: op.previousUntil })
        .where(eq(webhooks.id, op.id))
      return true
    },
    async rewindWebhook(op) {
      const hook = await current(op.id)
      if (hook === undefined) return false
      await db
        .update(webhooks)
        .set({ cursor: Math.min(hook.cursor, op.cursor), attempts: 0, nextAttemptAt: null })
        .where(eq(webhooks.id, op.id))
      return true
    },
    async queueResend(op) {
      const [delivery] = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, op.webhookId), eq(webhookDeliveries.id, op.deliveryId)))
      if (delivery === undefined) return false
      const { eventSeq, type, payload } = delivery
      await db.insert(webhookResends).values({ webhookId: op.webhookId, eventSeq, type, payload, createdAt: now })
      return true
    },
    async recordAttempt(op) {
      const hook = await current(op.webhookId)
      // Deleted while the attempt was in flight: nothing to record it on.
      if (hook === undefined) return undefined
      if (op.delivery) {
        const [earlier] = await db
          .select({ n: sql<number | null>`max(${webhookDeliveries.attempt})` })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.webhookId, hook.id), eq(webhookDeliveries.eventSeq, op.delivery.eventSeq)))
        const attempt = Number(earlier?.n ?? 0) + 1
        await db.insert(webhookDeliveries).values({ ...op.delivery, webhookId: hook.id, attempt, createdAt: now })
      }
      if (op.resendId !== undefined) await db.delete(webhookResends).where(eq(webhookResends.id, op.resendId))
      // A rewind (recover) or another process moved the cursor meanwhile: the attempt stands, the state is theirs.
      if (op.state === undefined || hook.cursor !== op.expectedCursor) return hook
      const { disabledReason, ...state } = op.state
      const disable = disabledReason === undefined ? {} : { enabled: false, disabledReason, version: hook.version + 1, updatedAt: now }
      return (
        await db
          .update(webhooks)
          .set({ ...state, ...disable })
          .where(eq(webhooks.id, hook.id))
          .returning()
      )[0]
    },
  }
}
