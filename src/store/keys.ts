import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import { prepared, type StoreContext } from './context.js'
import type { apiKeys, idempotencyKeys } from './sqlite/schema.js'

export type KeyRow = typeof apiKeys.$inferSelect
export type NewKey = typeof apiKeys.$inferInsert
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect

export function createKeysRepository(ctx: StoreContext) {
  const { apiKeys, idempotencyKeys } = ctx.tables
  // Every keyed request looks its key up.
  const byHash = prepared('key_by_hash', (db) =>
    db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.secretHash, sql.placeholder('hash'))),
  )
  return {
    get: async (id: number): Promise<KeyRow | undefined> => (await ctx.read().select().from(apiKeys).where(eq(apiKeys.id, id)))[0],
    findByHash: async (hash: string): Promise<KeyRow | undefined> => (await byHash(ctx.read(), { hash }))[0],
    /** Active keys (neither revoked nor expired at `now`) in id order, after the cursor id. */
    list: (limit: number, afterId: number, now: number): Promise<KeyRow[]> =>
      ctx
        .read()
        .select()
        .from(apiKeys)
        .where(and(gt(apiKeys.id, afterId), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
        .orderBy(asc(apiKeys.id))
        .limit(limit),
    /** The stored outcome of a create sent with this Idempotency-Key, if any. */
    idempotencyOutcome: async (owner: string, key: string): Promise<IdempotencyRow | undefined> =>
      (
        await ctx
          .read()
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)))
      )[0],
  }
}
