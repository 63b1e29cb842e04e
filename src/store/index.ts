import type { Clock } from '../lib/clock.js'
import { createArticlesRepository } from './articles.js'
import { createCaptionsRepository } from './captions.js'
import { createChangesRepository } from './changes.js'
import { openDatabase, type Db } from './connect.js'
import { createExecutor } from './execute.js'
import { createKeysRepository } from './keys.js'
import { migrateDatabase, migrationsApplied } from './migrate.js'
import { createRelatedRepository } from './related.js'
import { authors } from './schema.js'
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
export function createStore(db: Db, { clock, lockTimeoutMs }: StoreOptions) {
  const executor = createExecutor(db)
  const listeners = new Set<(changes: ChangeRow[]) => void>()
  const queue = createWriteQueue(db.$client, {
    lockTimeoutMs,
    publish: (changes) => {
      if (changes.length > 0) for (const listener of listeners) listener(changes)
    },
  })
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
    write: <R>(ws: WriteSet<R>): Promise<R> => queue.run(() => executor.run(ws, clock())),
    exclusively: queue.exclusively,
    onCommit(listener: (changes: ChangeRow[]) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    /** Whether the database answers and every migration is applied. */
    ready(): boolean {
      try {
        return migrationsApplied(db)
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

/** Opens the database at `path` (`:memory:` for a private one), applies pending migrations, returns the store. */
export async function openStore(path: string, options: StoreOptions): Promise<Store> {
  const db = openDatabase(path)
  try {
    await migrateDatabase(db)
  } catch (error) {
    db.$client.close()
    throw error
  }
  return createStore(db, options)
}
