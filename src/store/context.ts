import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { SearchDialect } from './search.js'
import type { WriteConnection } from './write-queue.js'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import type * as schema from './sqlite/schema.js'

/**
 * What the storage code shared by both stores runs on. The two schemas have equal row types (a test holds them to
 * it), so the shared code is typed by the SQLite one, in drizzle's async mode: every query is awaited, and only the
 * builder methods both dialects have are used (no `.get`, `.all`, `.run` or `.prepare` — the architecture test
 * checks); a store hands its own tables and drizzle instance in.
 */
export type Tables = typeof schema
export type Db = BaseSQLiteDatabase<'async', unknown, Tables>

/** The few things the two SQL dialects spell differently. */
export interface Dialect {
  name: 'sqlite' | 'postgres'
  /** Rows of a hand-written query, named as the database names its columns. */
  rows<T>(db: Db, query: SQL): Promise<T[]>
  /** `json_object` / `json_build_object` over named values. */
  jsonObject(fields: Record<string, SQL | AnyColumn>): SQL
  /** The values of a subquery's rows as a JSON array in order; `[]` when there are none. */
  jsonArray(value: SQL, orderBy: SQL): SQL
  /** A JSON column as the driver returns it (text from SQLite, already parsed from PostgreSQL). */
  fromJson<T>(value: unknown): T
  /** The search index's statements (src/store/search.ts). */
  search: SearchDialect
}

/** `'name', value, …`: the arguments both dialects' JSON object functions take. */
export const namedArguments = (fields: Record<string, SQL | AnyColumn>): SQL =>
  sql.join(
    Object.entries(fields).map(([name, value]) => sql`${sql.raw(`'${name}'`)}, ${value}`),
    sql`, `,
  )

/** The first row a query returns, if any. */
export const firstRow = async <T>(rows: Promise<T[]>): Promise<T | undefined> => (await rows)[0]
/** Whether a query returns any row. */
export const hasRows = async (rows: Promise<unknown[]>): Promise<boolean> => (await rows).length > 0

export interface StoreContext {
  tables: Tables
  dialect: Dialect
  /** Drizzle over the connection reads use now: the write connection while start-up work holds the write lock. */
  read(): Db
}

/** A database Kabar cannot use, with the reason in one line naming the variable that points to it. */
export class DatabaseUnusable extends Error {}

/** One store's connections, as the storage port composes them (src/store/index.ts). */
export interface Driver {
  tables: Tables
  dialect: Dialect
  /** Drizzle over the connection(s) reads use. */
  reader: Db
  /** Drizzle over the write connection, which only the write queue uses. */
  writer: Db
  connection: WriteConnection
  /** Whether the database answers, every migration is applied, and a write could succeed. */
  ready(): Promise<boolean>
  /** Learns from each write's outcome (an error, or null for success), for `ready`. */
  observe(error: unknown): void
  /** Calls `wake` when another process or node may have committed (PostgreSQL: a notification). */
  onForeignCommit(wake: () => void): () => void
  close(): Promise<void>
}

interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): PromiseLike<R> }
}

/**
 * A statement of fixed shape built and prepared once per connection it runs on (named, as PostgreSQL's prepared
 * statements are), then run with the values of its placeholders: no SQL is built or parsed again on a hot path.
 */
export function prepared<R>(name: string, build: (db: Db) => Preparable<R>): (db: Db, values?: Record<string, unknown>) => Promise<R> {
  const byConnection = new Map<Db, ReturnType<Preparable<R>['prepare']>>()
  return async (db, values) => {
    let statement = byConnection.get(db)
    if (statement === undefined) byConnection.set(db, (statement = build(db).prepare(`kabar_${name}`)))
    return statement.execute(values)
  }
}
