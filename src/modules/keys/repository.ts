import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { apiKeys } from '../../db/schema.js'

export type KeyRow = typeof apiKeys.$inferSelect
export type NewKey = typeof apiKeys.$inferInsert
export type KeysRepository = ReturnType<typeof createKeysRepository>

export function createKeysRepository(db: Db) {
  const byHash = db.select().from(apiKeys).where(eq(apiKeys.secretHash, sql.placeholder('hash'))).prepare()
  return {
    findByHash: (hash: string): KeyRow | undefined => byHash.get({ hash }),
    insert: (key: NewKey): KeyRow => db.insert(apiKeys).values(key).returning().get(),
    /** Active keys (neither revoked nor expired at `now`) in id order, after the cursor id. */
    list: (limit: number, afterId: number, now: number): KeyRow[] =>
      db.select().from(apiKeys)
        .where(and(gt(apiKeys.id, afterId), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
        .orderBy(asc(apiKeys.id)).limit(limit).all(),
    revoke: (id: number, at: number): boolean =>
      db.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run().changes === 1,
  }
}
