import { and, asc, eq, gt, lte, notExists, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { hasRows, type StoreContext } from './context.js'
import { changesHorizon, searchRebuild } from './execute.js'
import { representationsVariant } from './representations.js'
import type { ChangeRow } from './write-set.js'

/** Reads of the change log, and the cheap questions the background jobs ask before they write. */
export function createChangesRepository(ctx: StoreContext) {
  const { articles, changes, markers } = ctx.tables
  return {
    /** The highest sequence number committed so far (0 for an empty log). */
    lastSeq: async (): Promise<number> =>
      (
        await ctx
          .read()
          .select({ seq: sql<number | null>`max(${changes.seq})`.mapWith(Number) })
          .from(changes)
      )[0]?.seq ?? 0,
    /** Up to `limit` events after `seq` (and up to `upTo`, if given), in order. */
    after: (seq: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<ChangeRow[]> =>
      ctx
        .read()
        .select()
        .from(changes)
        .where(and(gt(changes.seq, seq), lte(changes.seq, upTo)))
        .orderBy(asc(changes.seq))
        .limit(limit),
    /** The sequence number up to which the log is compacted (0: never); a cursor before it cannot be followed. */
    horizon: async (): Promise<number> =>
      (await ctx.read().select({ value: markers.value }).from(markers).where(eq(markers.name, changesHorizon)))[0]?.value ?? 0,
    /** Each resource's last event up to `upTo`: the state of everything at that position. */
    latestUpTo: (upTo: number): Promise<ChangeRow[]> => {
      const newer = alias(changes, 'newer')
      return ctx
        .read()
        .select()
        .from(changes)
        .where(
          and(
            lte(changes.seq, upTo),
            notExists(
              ctx
                .read()
                .select({ seq: newer.seq })
                .from(newer)
                .where(
                  and(
                    eq(newer.resource, changes.resource),
                    eq(newer.resourceId, changes.resourceId),
                    gt(newer.seq, changes.seq),
                    lte(newer.seq, upTo),
                  ),
                ),
            ),
          ),
        )
        .orderBy(asc(changes.resource), asc(changes.resourceId))
    },
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
    /** Whether a search index rebuild is pending (a migration asked for one). */
    hasPendingSearchRebuild: (): Promise<boolean> =>
      hasRows(ctx.read().select({ name: markers.name }).from(markers).where(eq(markers.name, searchRebuild))),
    /** Whether some public-bound article may lack a stored representation of this variant (the marker says otherwise). */
    async hasStaleRepresentations(variant: string): Promise<boolean> {
      const [marker] = await ctx.read().select({ value: markers.value }).from(markers).where(eq(markers.name, representationsVariant))
      return marker?.value !== Number(variant)
    },
  }
}
