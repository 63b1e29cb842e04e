import { and, asc, eq, gt, lt, sql } from 'drizzle-orm'
import type { Db } from './connect.js'
import { articles, changes } from './sqlite/schema.js'
import type { ChangeRow } from './write-set.js'

/** Reads of the change log, and the cheap questions the background jobs ask before they write. */
export function createChangesRepository(db: Db) {
  const last = db
    .select({ seq: sql<number | null>`max(${changes.seq})` })
    .from(changes)
    .prepare()
  const after = db
    .select()
    .from(changes)
    .where(gt(changes.seq, sql.placeholder('seq')))
    .orderBy(asc(changes.seq))
    .limit(sql.placeholder('limit'))
    .prepare()
  const older = db
    .select({ seq: changes.seq })
    .from(changes)
    .where(lt(changes.occurredAt, sql.placeholder('before')))
    .limit(1)
    .prepare()
  const due = db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} <= ${sql.placeholder('now')}`))
    .limit(1)
    .prepare()
  return {
    /** The highest sequence number committed so far (0 for an empty log). */
    lastSeq: (): number => last.get()?.seq ?? 0,
    /** Up to `limit` events after `seq`, in order. */
    after: (seq: number, limit: number): ChangeRow[] => after.all({ seq, limit }),
    hasOlderThan: (before: number): boolean => older.get({ before }) !== undefined,
    /** Whether a scheduled article's time has come without its publication being recorded yet. */
    hasDueSchedules: (now: number): boolean => due.get({ now }) !== undefined,
  }
}
