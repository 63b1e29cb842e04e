import { sql, type SQL, type Column } from 'drizzle-orm'
import { allows, inScope, type Audience } from './access.js'

/**
 * Who may see an article at a given time: the one rule, in its JavaScript form and its SQL form side by side.
 * Editors (`write` and above) see every article; everyone else sees published articles whose time has come —
 * a scheduled article turns public at its `publishedAt` without any job running — and a scoped partner key only
 * those in its categories. A property test checks that both forms agree (test/domain/visibility.test.ts).
 *
 * The SQL form is a query fragment over the caller's columns; it is only run by the storage layer.
 */
export type ArticleStatus = 'draft' | 'scheduled' | 'published' | 'archived'
/** What decides whether, and from when, an article is public. */
export interface PublicationFacts {
  status: ArticleStatus
  publishedAt: number | null
}
export interface VisibilityFacts extends PublicationFacts {
  categoryId: number | null
}

/** Whether the audience sees drafts, schedules and archives at all. */
export const seesUnpublished = (audience: Audience): boolean => allows(audience.scope, 'write')

/** Public at `now`: published, or scheduled with its time come. */
export const isPublicAt = (row: PublicationFacts, now: number): boolean =>
  (row.status === 'published' || row.status === 'scheduled') && row.publishedAt !== null && row.publishedAt <= now

export const visibleTo = (audience: Audience, row: VisibilityFacts, now: number): boolean =>
  seesUnpublished(audience) || (isPublicAt(row, now) && inScope(audience, row.categoryId))

/** The same rule as a WHERE fragment; `undefined` when the audience sees every row. */
export function visibleWhere(
  audience: Audience,
  now: number,
  columns: { status: Column; publishedAt: Column; categoryId: Column },
): SQL | undefined {
  if (seesUnpublished(audience)) return undefined
  const status = sql`${columns.status} in ('published', 'scheduled') and ${columns.publishedAt} <= ${now}`
  if (audience.categories === null) return sql`(${status})`
  if (audience.categories.length === 0) return sql`1 = 0`
  return sql`(${status} and ${columns.categoryId} in (${sql.join(
    audience.categories.map((id) => sql`${id}`),
    sql`, `,
  )}))`
}

/** A scheduled article whose time has come is published, without any job having run. */
export const effectiveStatus = (row: PublicationFacts, now: number): ArticleStatus =>
  row.status === 'scheduled' && row.publishedAt !== null && row.publishedAt <= now ? 'published' : row.status

/** When the article's representation changes by the clock alone (a scheduled one going live); else Infinity. */
export const changesAt = (row: PublicationFacts, now: number): number =>
  row.status === 'scheduled' && row.publishedAt !== null && row.publishedAt > now ? row.publishedAt : Infinity
