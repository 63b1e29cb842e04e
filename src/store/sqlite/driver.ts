import { sql } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { driverCause, unavailable } from '../../errors.js'
import { namedArguments, type Db, type Dialect, type Driver } from '../context.js'
import { assertWritable, openDatabase, unusable, writable, type SqliteDb } from './connect.js'
import { migrateDatabase, migrationsApplied } from './migrate.js'
import * as tables from './schema.js'
import { sqliteSearch } from './search.js'
import { acquireWriteLock, isBusy } from './write-lock.js'

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  rows: async <T>(db: Db, query: ReturnType<typeof sql>) => (db as unknown as BetterSQLite3Database).all<T>(query),
  jsonObject: (fields) => sql`json_object(${namedArguments(fields)})`,
  jsonArray: (value, orderBy) => sql`json_group_array(${value} order by ${orderBy})`,
  search: sqliteSearch,
  fromJson: <T>(value: unknown) => JSON.parse(value as string) as T,
}

const readOnly = (error: unknown) => String((driverCause(error) as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY')

/**
 * The embedded store: a database file in WAL mode (or `:memory:`). Writes go through one connection, reads through
 * another, so a read never sees a batch that is not committed yet (a private in-memory database has one connection).
 */
export function sqliteDriver(path: string, write: SqliteDb, read: SqliteDb = write): Driver {
  const client = write.$client
  const statements = Object.fromEntries(
    ['COMMIT', 'ROLLBACK', 'SAVEPOINT member', 'RELEASE member', 'ROLLBACK TO member'].map((s) => [s, client.prepare(s)]),
  )
  const exec = async (statement: string) => {
    statements[statement]!.run()
  }
  /** Set when a write met a read-only database (file, folder or file system); cleared by a write that succeeds. */
  let cannotWrite = false
  /** Whether a write would succeed now: rewrites the header's user_version in a transaction that is rolled back. */
  function canWriteNow(): boolean {
    try {
      client.exec('BEGIN IMMEDIATE')
      client.pragma(`user_version = ${Number(client.pragma('user_version', { simple: true }))}`)
      return true
    } catch (error) {
      return !readOnly(error)
    } finally {
      if (client.inTransaction) client.exec('ROLLBACK')
    }
  }

  return {
    tables,
    dialect: sqliteDialect,
    reader: read as unknown as Db,
    writer: write as unknown as Db,
    connection: {
      async begin(deadline) {
        try {
          await acquireWriteLock(client, deadline)
        } catch (error) {
          throw isBusy(error) ? unavailable('The database is busy; retry shortly') : error
        }
      },
      commit: () => exec('COMMIT'),
      rollback: () => exec('ROLLBACK'),
      savepoint: () => exec('SAVEPOINT member'),
      release: () => exec('RELEASE member'),
      rollbackTo: () => exec('ROLLBACK TO member'),
      inTransaction: () => client.inTransaction,
    },
    async ready() {
      try {
        if (cannotWrite && !client.inTransaction) cannotWrite = !canWriteNow()
        return !cannotWrite && migrationsApplied(read) && writable(path)
      } catch {
        return false
      }
    },
    observe(error) {
      if (error === null) cannotWrite = false
      else if (readOnly(error)) cannotWrite = true
    },
    // Other processes on the file are noticed by the poll alone.
    onForeignCommit: () => () => undefined,
    async close() {
      if (read !== write) read.$client.close()
      client.close()
    },
  }
}

/**
 * Opens the database file at `path` (`:memory:` for a private one), applies pending migrations, and checks that
 * it can write. A file it cannot use is a DatabaseUnusable naming DATABASE_PATH and the reason.
 */
export async function openSqlite(path: string): Promise<Driver> {
  let write: SqliteDb
  try {
    write = openDatabase(path)
  } catch (error) {
    throw unusable(path, error)
  }
  try {
    await migrateDatabase(write)
    assertWritable(path)
    return sqliteDriver(path, write, path === ':memory:' ? write : openDatabase(path))
  } catch (error) {
    write.$client.close()
    throw unusable(path, error)
  }
}
