import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/connect.js'

/** Columns every slugged, versioned resource table has (authors, categories, tags). */
export interface SluggedRow { id: number, slug: string, version: number, createdAt: number, updatedAt: number }
type SluggedTable = SQLiteTable & { id: SQLiteColumn, slug: SQLiteColumn, version: SQLiteColumn }

export type SluggedRepository<R extends SluggedRow> = ReturnType<typeof createSluggedRepository<R>>

/** The SQL of a slugged resource: lookups by id/slug, keyset pages in id order, version-guarded writes. */
export function createSluggedRepository<R extends SluggedRow>(db: Db, table: SluggedTable) {
  const byId = db.select().from(table).where(eq(table.id, sql.placeholder('id'))).prepare()
  const bySlug = db.select().from(table).where(eq(table.slug, sql.placeholder('slug'))).prepare()
  const page = db.select().from(table).where(gt(table.id, sql.placeholder('after'))).orderBy(asc(table.id)).limit(sql.placeholder('limit')).prepare()

  return {
    get: (id: number) => byId.get({ id }) as R | undefined,
    getBySlug: (slug: string) => bySlug.get({ slug }) as R | undefined,
    /** Up to `limit` rows with an id above `afterId`. */
    list: (limit: number, afterId: number) => page.all({ after: afterId, limit }) as R[],
    insert: (values: Omit<R, 'id' | 'version'>) => db.insert(table).values(values as never).returning().get() as R,
    /** Writes only if the row is still at `version`; undefined when it is not. */
    update: (id: number, version: number, values: Partial<R>) =>
      db.update(table).set({ ...values, version: version + 1 } as never)
        .where(and(eq(table.id, id), eq(table.version, version))).returning().get() as R | undefined,
    remove: (id: number, version: number) =>
      db.delete(table).where(and(eq(table.id, id), eq(table.version, version))).run().changes === 1,
  }
}
