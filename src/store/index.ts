import type { Clock } from '../lib/clock.js'
import { createArticlesRepository } from './articles.js'
import { createCaptionsRepository } from './captions.js'
import { createChangesRepository } from './changes.js'
import { assertWritable, openDatabase, unusable, writable, type Db } from './connect.js'
import { createExecutor } from './execute.js'
import { createKeysRepository } from './keys.js'
import { migrateDatabase, migrationsApplied } from './migrate.js'
import { createRelatedRepository } from './related.js'
import { authors } from './sqlite/schema.js'
import { createReferencesRepository, createSluggedRepository } from './slugged.js'
import { createWriteQueue } from './write-queue.js'
import type { ChangeRow, WriteSet } from './write-set.js'

export interface StoreOptions {
  clock: Clock
  /** How long a write waits for another process's write lock before it answers 503. */
  lockTimeoutMs: number
}

export type Store = ReturnType<typeof createStore>

/**
 * The storage port: the only way the rest of Kabar reaches the database. Reads are use-case shaped and
 * synchronous (SQLite in process); every write is one write set, executed atomically by `write`, which resolves
 * after COMMIT. Listeners registered with `onCommit` see each commit's change-log rows before any write of it is
 * acknowledged.
 */
export function createStore(db: Db, { clock, lockTimeoutMs }: StoreOptions, path = ':memory:') {
  const executor = createExecutor(db)
  const listeners = new Set<(changes: ChangeRow[]) => void>()
  const queue = createWriteQueue(db.$client, {
    lockTimeoutMs,
    // A listener that throws must not keep the committed writes from being acknowledged, nor the others from running.
    publish: (changes) => {
      if (changes.length === 0) return
      for (const listener of listeners) {
        try {
          listener(changes)
        } catch (error) {
          process.emitWarning(error as Error)
        }
      }
    },
  })
  /** Set when a write met a read-only database (file, folder or file system); cleared by a write that succeeds. */
  let cannotWrite = false
  const readOnly = (error: unknown) => String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY')
  /** Whether a write would succeed now: rewrites the header's user_version in a transaction that is rolled back. */
  function canWriteNow(): boolean {
    const client = db.$client
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
  const anyAuthor = db.select({ id: authors.id }).from(authors).limit(1).prepare()

  return {
    articles: createArticlesRepository(db),
    captions: createCaptionsRepository(db),
    related: createRelatedRepository(db),
    resources: {
      author: createSluggedRepository(db, 'author', clock),
      category: createSluggedRepository(db, 'category', clock),
      tag: createSluggedRepository(db, 'tag', clock),
    },
    references: createReferencesRepository(db),
    keys: createKeysRepository(db),
    changes: createChangesRepository(db),

    /** Executes a write set in the next group commit; resolves with its answer once it is durable. */
    async write<R>(ws: WriteSet<R>): Promise<R> {
      try {
        const answer = await queue.run(() => executor.run(ws, clock()))
        cannotWrite = false
        return answer
      } catch (error) {
        if (readOnly(error)) cannotWrite = true
        throw error
      }
    },
    exclusively: queue.exclusively,
    onCommit(listener: (changes: ChangeRow[]) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    /** Whether the database answers, every migration is applied, and the file can be written. */
    ready(): boolean {
      try {
        if (cannotWrite) cannotWrite = !canWriteNow()
        return !cannotWrite && migrationsApplied(db) && writable(path)
      } catch {
        return false
      }
    },
    hasContent: (): boolean => anyAuthor.get() !== undefined,
    close: (): void => {
      db.$client.close()
    },
  }
}

/**
 * Opens the database at `path` (`:memory:` for a private one), applies pending migrations, and checks that it can
 * write; returns the store. A file it cannot use is a DatabaseUnusable naming DATABASE_PATH and the reason.
 */
export async function openStore(path: string, options: StoreOptions): Promise<Store> {
  let db: Db
  try {
    db = openDatabase(path)
  } catch (error) {
    throw unusable(path, error)
  }
  try {
    await migrateDatabase(db)
    assertWritable(path)
  } catch (error) {
    db.$client.close()
    throw unusable(path, error)
  }
  return createStore(db, options, path)
}
