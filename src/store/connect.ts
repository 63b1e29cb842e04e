import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/**
 * Opens the database with the pragmas Kabar relies on, read back to be sure:
 * WAL, synchronous=FULL on every open (a WAL file reopened defaults to NORMAL), foreign keys.
 * The busy timeout is 0: SQLite's busy handler sleeps inside the call and would stall the event loop. In WAL mode
 * readers never wait for writers; writers take the lock with `BEGIN IMMEDIATE` and retry without blocking
 * (write-lock.ts), and a lock that stays taken answers 503 with Retry-After. `:memory:` gives a private database.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const client = new Database(path)
  if (path !== ':memory:') client.pragma('journal_mode = WAL')
  client.pragma('synchronous = FULL')
  client.pragma('foreign_keys = ON')
  client.pragma('busy_timeout = 0')
  const sync = client.pragma('synchronous', { simple: true })
  const fk = client.pragma('foreign_keys', { simple: true })
  if (sync !== 2 || fk !== 1) throw new Error(`SQLite pragmas not applied (synchronous=${sync}, foreign_keys=${fk})`)
  return drizzle({ client, schema, casing: 'snake_case' }) as Db
}
