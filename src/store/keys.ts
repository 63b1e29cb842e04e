import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import type { Db } from './connect.js'
import { apiKeys, idempotencyKeys } from './sqlite/schema.js'

export type KeyRow = typeof apiKeys.$inferSelect
export type NewKey = typeof apiKeys.$inferInsert
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect

export function createKeysRepository(db: Db) {
  const byHash = db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, sql.placeholder('hash')))
    .prepare()
  const outcome = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, sql.placeholder('owner')), eq(idempotencyKeys.key, sql.placeholder('key'))))
    .prepare()
  const byId = db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.id, sql.placeholder('id')))
    .prepare()
  return {
    get: (id: number): KeyRow | undefined => byId.get({ id }),
    findByHash: (hash: string): KeyRow | undefined => byHash.get({ hash }),
    /** Active keys (neither revoked nor expired at `now`) in id order, after the cursor id. */
    list: (limit: number, afterId: number, now: number): KeyRow[] =>
      db
        .select()
        .from(apiKeys)
        .where(and(gt(apiKeys.id, afterId), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
        .orderBy(asc(apiKeys.id))
        .limit(limit)
        .all(),
    /** The stored outcome of a create sent with this Idempotency-Key, if any. */
    idempotencyOutcome: (owner: string, key: string): IdempotencyRow | undefined => outcome.get({ owner, key }),
  }
}
