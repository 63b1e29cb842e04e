import type { Clock } from '../lib/clock.js'
import { createArticlesRepository } from './articles.js'
import { createCaptionsRepository } from './captions.js'
import { createChangesRepository } from './changes.js'
import type { Driver, StoreContext } from './context.js'
export { DatabaseUnusable } from './context.js'
import { createExecutor } from './execute.js'
import type { ArticleRenderer } from './representations.js'
import { createKeysRepository } from './keys.js'
import { createRelatedRepository } from './related.js'
import { createSearchRepository } from './search.js'
import { createReferencesRepository, createSluggedRepository } from './slugged.js'
import { openPostgres } from './postgres/driver.js'
import { openSqlite } from './sqlite/driver.js'
import { createWebhooksRepository } from './webhooks.js'
import { createWriteQueue } from './write-queue.js'
import type { ChangeRow, Operation, ResultOf, WriteSet } from './write-set.js'

export interface StoreOptions {
  clock: Clock
  /** How long a write waits for the write lock before it answers 503. */
  lockTimeoutMs: number
}

export type Store = ReturnType<typeof createStore>

/**
 * The storage port: the only way the rest of Kabar reaches the database, the same over SQLite and PostgreSQL.
 * Reads are use-case shaped and asynchronous; every write is one write set, executed atomically by `write`, which
 * resolves after COMMIT. Listeners registered with `onCommit` see each commit's change-log rows before any write
 * of it is acknowledged.
 */
export function createStore(driver: Driver, { clock, lockTimeoutMs }: StoreOptions) {
  const listeners = new Set<(changes: ChangeRow[]) => void>()
  const queue = createWriteQueue(driver.connection, {
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
  const ctx: StoreContext = {
    tables: driver.tables,
    dialect: driver.dialect,
    read: () => (queue.holding() ? driver.writer : driver.reader),
  }
  let renderer: ArticleRenderer | undefined
  const executor = createExecutor(driver.writer, driver.tables, driver.dialect, () => renderer)
  const { authors } = driver.tables
  const changesRepo = createChangesRepository(ctx)
  /** Executes a write set in the next group commit; resolves with its answer once it is durable. */
  async function write<R>(ws: WriteSet<R>): Promise<R> {
    try {
      const answer = await queue.run(() => executor.run(ws, clock()))
      driver.observe(null)
      return answer
    } catch (error) {
      driver.observe(error)
      throw error
    }
  }

  return {
    dialect: driver.dialect.name,
    articles: createArticlesRepository(ctx),
    captions: createCaptionsRepository(ctx),
    related: createRelatedRepository(ctx),
    search: createSearchRepository(ctx),
    resources: {
      author: createSluggedRepository(ctx, 'author', clock),
      category: createSluggedRepository(ctx, 'category', clock),
      tag: createSluggedRepository(ctx, 'tag', clock),
    },
    references: createReferencesRepository(ctx),
    keys: createKeysRepository(ctx),
    changes: changesRepo,
    webhooks: createWebhooksRepository(ctx),

    write,
    /** One operation as a write set of its own, by `actor` (the key that asked; none for the system's own work). */
    writeOne: <O extends Operation>(op: O, actor: number | null = null): Promise<ResultOf<O>> =>
      write({ actor, ops: [op], respond: (r) => r.of(op) }),
    exclusively: queue.exclusively,
    /**
     * The app's public view of an article: from now on every write set stores the representation of each article it
     * changes (src/store/representations.ts). Without one, none is stored, and reads render on demand.
     */
    renderWith(r: ArticleRenderer): void {
      renderer = r
    },
    /** Whether stored representations may be missing or stale: the marker is not of the current variant (a migration, a new setting). */
    representationsStale: (): Promise<boolean> =>
      renderer === undefined ? Promise.resolve(false) : changesRepo.hasStaleRepresentations(renderer.variant),
    onCommit(listener: (changes: ChangeRow[]) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Calls `wake` when another process or node may have committed. */
    onForeignCommit: driver.onForeignCommit,

    ready: driver.ready,
    hasContent: async (): Promise<boolean> => (await ctx.read().select({ id: authors.id }).from(authors).limit(1)).length > 0,
    close: driver.close,
  }
}

export interface StoreLocation {
  /** SQLite's database file (`:memory:` for a private one), used when there is no `databaseUrl`. */
  databasePath: string
  /** `postgres://…` selects PostgreSQL. */
  databaseUrl?: string
  /** The most connections a PostgreSQL pool opens. */
  databasePoolMax?: number
}

/** Opens the configured store, applying pending migrations first. */
export async function openStore(location: StoreLocation, options: StoreOptions): Promise<Store> {
  const driver = location.databaseUrl
    ? await openPostgres(location.databaseUrl, { poolMax: location.databasePoolMax ?? 10 })
    : await openSqlite(location.databasePath)
  return createStore(driver, options)
}
