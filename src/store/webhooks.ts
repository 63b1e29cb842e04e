import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm'
import { firstRow, hasRows, type StoreContext } from './context.js'
import type { webhookDeliveries, webhookResends, webhooks } from './sqlite/schema.js'

export type WebhookRow = typeof webhooks.$inferSelect
export type NewWebhook = typeof webhooks.$inferInsert
export type DeliveryRow = typeof webhookDeliveries.$inferSelect
export type NewDelivery = typeof webhookDeliveries.$inferInsert
export type ResendRow = typeof webhookResends.$inferSelect

/** Reads of webhook subscriptions, their delivery log and queued redeliveries. */
export function createWebhooksRepository(ctx: StoreContext) {
  const { webhooks, webhookDeliveries, webhookResends, changes } = ctx.tables
  return {
    get: (id: number): Promise<WebhookRow | undefined> => firstRow(ctx.read().select().from(webhooks).where(eq(webhooks.id, id))),
    /** Subscriptions in id order after the cursor id; those of one owner key, or every one (owner null). */
    list: (limit: number, afterId: number, owner: number | null): Promise<WebhookRow[]> =>
      ctx
        .read()
        .select()
        .from(webhooks)
        .where(and(gt(webhooks.id, afterId), owner === null ? undefined : eq(webhooks.ownerKeyId, owner)))
        .orderBy(asc(webhooks.id))
        .limit(limit),
    /** Whether any subscription is enabled: the delivery job's cheap question before it takes its lease. */
    anyEnabled: (): Promise<boolean> =>
      hasRows(ctx.read().select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.enabled, true)).limit(1)),
    enabled: (): Promise<WebhookRow[]> => ctx.read().select().from(webhooks).where(eq(webhooks.enabled, true)).orderBy(asc(webhooks.id)),
    /** A subscription's attempts, newest first, before the cursor id. */
    deliveries: (webhookId: number, limit: number, beforeId: number): Promise<DeliveryRow[]> =>
      ctx
        .read()
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, webhookId), lt(webhookDeliveries.id, beforeId)))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit),
    /** The oldest redelivery asked for and not yet attempted. */
    nextResend: (webhookId: number): Promise<ResendRow | undefined> =>
      firstRow(
        ctx.read().select().from(webhookResends).where(eq(webhookResends.webhookId, webhookId)).orderBy(asc(webhookResends.id)).limit(1),
      ),
    /** The first event of the change log at or after `time`, if any. */
    firstSeqSince: async (time: number): Promise<number | null> => {
      const [row] = await ctx
        .read()
        .select({ seq: changes.seq })
        .from(changes)
        .where(sql`${changes.occurredAt} >= ${time}`)
        .orderBy(asc(changes.seq))
        .limit(1)
      return row?.seq ?? null
    },
  }
}
