import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { DatabaseUnusable } from '../context.js'
import * as schema from './schema.js'

export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/**
 * Opens the database with the pragmas Kabar relies on, read back to be sure:
 * WAL, synchronous=FULL on every open (a WAL file reopened defaults to NORMAL), foreign keys.
 * The busy timeout is 0: SQLite's busy handler sleeps inside the call and would stall the event loop. In WAL mode
 * readers never wait for writers; writers take the lock with `BEGIN IMMEDIATE` and retry without blocking
 * (write-lock.ts), and a lock that stays taken answers 503 with Retry-After. `:memory:` gives a private database.
 */
export function openDatabase(path: string): SqliteDb {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const client = new Database(path)
  if (path !== ':memory:') {
    try {
      client.pragma('journal_mode = WAL')
    } catch (error) {
      client.close()
      throw error
    }
  }
  client.pragma('synchronous = FULL')
  client.pragma('foreign_keys = ON')
  client.pragma('busy_timeout = 0')
  const sync = client.pragma('synchronous', { simple: true })
  const fk = client.pragma('foreign_keys', { simple: true })
  if (sync !== 2 || fk !== 1) throw new Error(`SQLite pragmas not applied (synchronous=${sync}, foreign_keys=${fk})`)
  return drizzle({ client, schema, casing: 'snake_case' }) as SqliteDb
}

/** Why the file at `path` could not be opened or migrated, as one line; `error` is the driver's. */
export function unusable(path: string, error: unknown): DatabaseUnusable {
  const code = String((error as { code?: unknown }).code ?? '')
  const reason = isDirectory(path)
    ? 'is a directory, not a database file'
    : code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')
      ? 'is not a SQLite database, or it is corrupted'
      : code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS'
        ? 'cannot be opened for writing (a read-only file, folder or file system)'
        : `cannot be used: ${(error as Error).message}`
  return new DatabaseUnusable(`DATABASE_PATH=${path} ${reason}`)
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * Throws the file system's own error (EACCES, EROFS…) unless the database file and its folder (where SQLite keeps
 * the WAL) can be written.
 */
export function assertWritable(path: string): void {
  if (path === ':memory:') return
  accessSync(dirname(resolve(path)), constants.W_OK)
  accessSync(path, constants.W_OK)
}

/** Whether the database file and its folder can be written now. */
export function writable(path: string): boolean {
  try {
    assertWritable(path)
    return true
  } catch {
    return false
  }
}
