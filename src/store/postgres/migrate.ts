import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type pg from 'pg'

export const postgresMigrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations/postgres')

/** The advisory lock key every process migrating a Kabar database takes: 'kabarmig' read as a 64-bit integer. */
export const migrationsLockKey = 0x6b616261726d6967n

const journalTable = '"public"."__drizzle_migrations"'
const lockNotAvailable = '55P03'
const undefinedTable = '42P01'

/**
 * Applies pending migrations in one transaction under a transaction-level advisory lock, so processes started
 * together against one database migrate once: the others wait for the lock, then find nothing to do. The journal
 * table and its rows are drizzle's own (`__drizzle_migrations`, one row per migration with its folder timestamp),
 * kept in the public schema rather than drizzle's `drizzle` schema, beside the tables it describes.
 *
 * `lock_timeout` bounds every lock wait in the transaction, the advisory lock's and the DDL's table locks alike:
 * a process that waits longer fails instead of queueing behind a stuck migration. Returns how many it applied.
 */
export async function migratePostgres(pool: pg.Pool, folder = postgresMigrationsFolder, lockTimeoutMs = 30_000): Promise<number> {
  if (!Number.isSafeInteger(lockTimeoutMs) || lockTimeoutMs < 1)
    throw new RangeError(`lockTimeoutMs must be a positive integer: ${lockTimeoutMs}`)
  const migrations = readMigrationFiles({ migrationsFolder: folder })
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    await client.query(`set local lock_timeout = ${lockTimeoutMs}`)
    await client.query('select pg_advisory_xact_lock($1)', [migrationsLockKey]).catch((error: unknown) => {
      if ((error as { code?: string }).code !== lockNotAvailable) throw error
      throw new Error(`Gave up after ${lockTimeoutMs} ms waiting for another process's migration lock`, { cause: error })
    })
    await client.query(`create table if not exists ${journalTable} (id serial primary key, hash text not null, created_at bigint)`)
    const { rows } = await client.query<{ created_at: string }>(`select created_at from ${journalTable} order by created_at desc limit 1`)
    const last = rows[0] === undefined ? undefined : Number(rows[0].created_at)
    const pending = migrations.filter((m) => last === undefined || last < m.folderMillis)
    for (const migration of pending) {
      for (const statement of migration.sql) if (statement.trim() !== '') await client.query(statement)
      await client.query(`insert into ${journalTable} ("hash", "created_at") values ($1, $2)`, [migration.hash, migration.folderMillis])
    }
    await client.query('commit')
    return pending.length
  } catch (error) {
    broken = await client.query('rollback').then(
      () => undefined,
      (rollbackError: unknown) => rollbackError as Error,
    )
    throw error
  } finally {
    // A connection that could not roll back is closed, not handed to the next caller mid-transaction.
    client.release(broken)
  }
}

const journalLengths = new Map<string, number>()

/**
 * True when every migration in the folder's journal is recorded as applied; false on a database never migrated.
 * The journal is read once per folder.
 */
export async function postgresMigrationsApplied(pool: pg.Pool, folder = postgresMigrationsFolder): Promise<boolean> {
  let expected = journalLengths.get(folder)
  if (expected === undefined) {
    const journal = JSON.parse(readFileSync(resolve(folder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
    expected = journal.entries.length
    journalLengths.set(folder, expected)
  }
  const applied = await pool.query<{ n: number }>(`select count(*)::int as n from ${journalTable}`).then(
    ({ rows }) => rows[0]!.n,
    (error: unknown) => {
      if ((error as { code?: string }).code === undefinedTable) return 0
      throw error
    },
  )
  return applied >= expected
}
