import { and, asc, eq, gt, lt, sql } from 'drizzle-orm'
import { hasRows, type StoreContext } from './context.js'
import type { ChangeRow } from './write-set.js'

/** Reads of the change log, and the cheap questions the background jobs ask before they write. */
export function createChangesRepository(ctx: StoreContext) {
  const { articles, changes } = ctx.tables
  return {
    /** The highest sequence number committed so far (0 for an empty log). */
    lastSeq: async (): Promise<number> =>
      (
        await ctx
          .read()
          .select({ seq: sql<number | null>`max(${changes.seq})`.mapWith(Number) })
          .from(changes)
      )[0]?.seq ?? 0,
    /** Up to `limit` events after `seq`, in order. */
    after: (seq: number, limit: number): Promise<ChangeRow[]> =>
      ctx.read().select().from(changes).where(gt(changes.seq, seq)).orderBy(asc(changes.seq)).limit(limit),
    hasOlderThan: (before: number): Promise<boolean> =>
      hasRows(ctx.read().select({ seq: changes.seq }).from(changes).where(lt(changes.occurredAt, before)).limit(1)),
    /** Whether a scheduled article's time has come without its publication being recorded yet. */
    hasDueSchedules: (now: number): Promise<boolean> =>
      hasRows(
        ctx
          .read()
          .select({ id: articles.id })
          .from(articles)
          .where(and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${now}`))
          .limit(1),
      ),
  }
}
