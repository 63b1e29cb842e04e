import type Database from 'better-sqlite3'
import { unavailable } from '../errors.js'
import { acquireWriteLock, isBusy } from './write-lock.js'
import type { ChangeRow } from './write-set.js'

interface Queued {
  work: () => { answer: unknown; changes: ChangeRow[] }
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  queuedAt: number
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

export interface WriteQueueOptions {
  /** How long a write waits for another process's write lock before it answers 503. */
  lockTimeoutMs: number
  /** Called with the change-log rows of every commit, after COMMIT and before any write is acknowledged. */
  publish: (changes: ChangeRow[]) => void
}

const lockRetryMs = 5

/**
 * The single entry point of every write, and its group commit. With `synchronous=FULL` every COMMIT waits for an
 * fsync, and better-sqlite3 waits on the event loop: one transaction per write caps writes at a few hundred a
 * second. Writes queued in the same turn of the event loop run in one `BEGIN IMMEDIATE` transaction instead, each
 * in its own savepoint when there are several (a write that throws rolls back alone), and every promise settles
 * only after the COMMIT has returned — so an acknowledged write is as durable as before, and one fsync
 * acknowledges many. While another process holds the write lock, the batch retries without blocking the event
 * loop; a write that waited longer than `lockTimeoutMs` answers 503 with Retry-After.
 */
export function createWriteQueue(client: Database.Database, { lockTimeoutMs, publish }: WriteQueueOptions) {
  const begin = client.prepare('BEGIN IMMEDIATE')
  const commit = client.prepare('COMMIT')
  const rollback = client.prepare('ROLLBACK')
  const savepoint = client.prepare('SAVEPOINT member')
  const release = client.prepare('RELEASE member')
  const rollbackTo = client.prepare('ROLLBACK TO member')
  let queue: Queued[] = []
  let scheduled = false
  /** The changes of an exclusive hold (start-up work), published at its COMMIT. */
  let held: ChangeRow[] | null = null

  function schedule(delayMs = 0): void {
    if (scheduled) return
    scheduled = true
    if (delayMs === 0) setImmediate(flush)
    else setTimeout(flush, delayMs)
  }

  function settle(batch: Queued[], outcomes: Outcome[]): void {
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) resolve(outcome.value)
      else reject(outcome.error)
    })
  }

  /** Takes the write lock, or leaves the batch queued for a retry (answering 503 to writes that waited too long). */
  function locked(): boolean {
    if (held !== null) return true
    try {
      begin.run()
      return true
    } catch (error) {
      const now = Date.now()
      const expired = queue.filter((q) => !isBusy(error) || now - q.queuedAt >= lockTimeoutMs)
      queue = queue.filter((q) => !expired.includes(q))
      for (const q of expired) q.reject(isBusy(error) ? unavailable('The database is busy; retry shortly') : error)
      if (queue.length > 0) schedule(lockRetryMs)
      return false
    }
  }

  function flush(): void {
    scheduled = false
    if (queue.length === 0 || !locked()) return
    const batch = queue
    queue = []
    const alone = batch.length === 1 && held === null
    const outcomes: Outcome[] = []
    const committed: ChangeRow[] = []
    for (const item of batch) {
      try {
        if (!alone) savepoint.run()
        const { answer, changes } = item.work()
        if (!alone) release.run()
        outcomes.push({ ok: true, value: answer })
        committed.push(...changes)
      } catch (error) {
        // SQLite rolls the whole transaction back by itself on some errors (a full disk): nothing here committed.
        if (alone || !client.inTransaction) {
          if (client.inTransaction && held === null) rollback.run()
          for (const q of batch) q.reject(error)
          return
        }
        rollbackTo.run()
        release.run()
        outcomes.push({ ok: false, error })
      }
    }
    if (held !== null) {
      held.push(...committed)
      return settle(batch, outcomes)
    }
    try {
      commit.run()
    } catch (error) {
      if (client.inTransaction) rollback.run()
      for (const q of batch) q.reject(error)
      return
    }
    publish(committed)
    settle(batch, outcomes)
  }

  return {
    /** Runs `work` (synchronous, no awaits) in the next group transaction; resolves once it is committed. */
    run<T>(work: () => { answer: T; changes: ChangeRow[] }): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject, queuedAt: Date.now() })
        schedule()
      })
    },

    /**
     * Start-up work that must happen once across processes (demo seeding): `fn` runs while this connection holds
     * the write lock, its writes go through `run` as usual, and all of it commits — or none of it — at the end.
     * Other processes wait for the lock meanwhile. Only before the server serves requests.
     */
    async exclusively<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
      await acquireWriteLock(client, Date.now() + timeoutMs)
      const changes: ChangeRow[] = []
      held = changes
      try {
        const result = await fn()
        commit.run()
        publish(changes)
        return result
      } catch (error) {
        if (client.inTransaction) rollback.run()
        throw error
      } finally {
        held = null
      }
    },
  }
}
