import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { openDatabase, type SqliteDb } from './connect.js'
import { acquireWriteLock } from './write-lock.js'

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations/sqlite')

/**
 * Applies pending migrations under the database's write lock (`BEGIN IMMEDIATE`), so processes started together
 * on one file migrate once: the others wait for the lock, then find nothing to do. The journal table and its
 * rows are drizzle's own (`__drizzle_migrations`, one row per migration with its folder timestamp).
 *
 * Foreign keys are switched off on the connection around it because drizzle-kit rebuilds tables inside the
 * transaction, where the pragma has no effect and a DROP would cascade (drizzle-orm#5782); the foreign key check
 * before COMMIT refuses a migration that broke references. It reads every reference (about 1.2 s at 100,000
 * articles, under the write lock), so it runs only when something was applied. Returns how many migrations it applied.
 */
export async function migrateDatabase(db: SqliteDb, folder = migrationsFolder, lockTimeoutMs = 30_000): Promise<number> {
  const client = db.$client
  const migrations = readMigrationFiles({ migrationsFolder: folder })
  client.pragma('foreign_keys = OFF')
  try {
    await acquireWriteLock(client, Date.now() + lockTimeoutMs)
    try {
      client.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)')
      const last = client.prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1').get() as
        { created_at: number } | undefined
      const pending = migrations.filter((m) => last === undefined || Number(last.created_at) < m.folderMillis)
      const record = client.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)')
      for (const migration of pending) {
        for (const statement of migration.sql) if (statement.trim() !== '') client.exec(statement)
        record.run(migration.hash, migration.folderMillis)
      }
      if (pending.length > 0) {
        const broken = client.pragma('foreign_key_check') as unknown[]
        if (broken.length > 0) throw new Error(`Migration left ${broken.length} broken foreign key reference(s)`)
      }
      client.exec('COMMIT')
      return pending.length
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK')
      throw error
    }
  } finally {
    client.pragma('foreign_keys = ON')
  }
}

/** True when every migration in the folder's journal is recorded as applied. */
export function migrationsApplied(db: SqliteDb, folder = migrationsFolder): boolean {
  const journal = JSON.parse(readFileSync(resolve(folder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
  const row = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }
  return row.n >= journal.entries.length
}

/** Migrates the database file at `path` and closes it (`npm run db:migrate`). */
export async function migrateFile(path: string): Promise<number> {
  const db = openDatabase(path)
  try {
    return await migrateDatabase(db)
  } finally {
    db.$client.close()
  }
}
