import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations')

/**
 * Opens the database with the pragmas Kabar relies on, read back to be sure:
 * WAL, synchronous=FULL on every open (a WAL file reopened defaults to NORMAL), foreign keys, busy timeout.
 * `:memory:` gives a private database (tests).
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const client = new Database(path)
  if (path !== ':memory:') client.pragma('journal_mode = WAL')
  client.pragma('synchronous = FULL')
  client.pragma('foreign_keys = ON')
  client.pragma('busy_timeout = 5000')
  const sync = client.pragma('synchronous', { simple: true })
  const fk = client.pragma('foreign_keys', { simple: true })
  if (sync !== 2 || fk !== 1) throw new Error(`SQLite pragmas not applied (synchronous=${sync}, foreign_keys=${fk})`)
  return drizzle({ client, schema, casing: 'snake_case' }) as Db
}

/**
 * Applies pending migrations. Foreign keys are switched off around `migrate()` because drizzle-kit rebuilds
 * tables inside the migrator's transaction, where the pragma has no effect and a DROP would cascade
 * (drizzle-orm#5782); the foreign key check afterwards refuses a migration that broke references.
 */
export function migrateDatabase(db: Db, folder = migrationsFolder): void {
  const client = db.$client
  client.pragma('foreign_keys = OFF')
  try {
    migrate(db, { migrationsFolder: folder })
    const broken = client.pragma('foreign_key_check') as unknown[]
    if (broken.length > 0) throw new Error(`Migration left ${broken.length} broken foreign key reference(s)`)
  } finally {
    client.pragma('foreign_keys = ON')
  }
}

/** True when every migration in the folder's journal is recorded as applied. */
export function migrationsApplied(db: Db, folder = migrationsFolder): boolean {
  const journal = JSON.parse(readFileSync(resolve(folder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
  const row = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }
  return row.n >= journal.entries.length
}
