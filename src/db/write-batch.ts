import type { Db } from './connect.js'

interface Queued { work: () => unknown, resolve: (value: unknown) => void, reject: (error: unknown) => void }

export type WriteBatcher = ReturnType<typeof createWriteBatcher>

/**
 * Group commit. With `synchronous=FULL` every COMMIT waits for an fsync (milliseconds on real disks), and
 * better-sqlite3 waits on the event loop: one transaction per create caps creates at a few hundred a second.
 * Writes queued in the same turn of the event loop run in one transaction instead, each in its own savepoint
 * (a write that throws rolls back alone), and every promise settles only after the COMMIT has returned —
 * so an acknowledged write is as durable as before, and one fsync acknowledges many.
 */
export function createWriteBatcher(db: Db) {
  let queue: Queued[] = []

  function flush(): void {
    const batch = queue
    queue = []
    const outcomes: Array<{ ok: true, value: unknown } | { ok: false, error: unknown }> = []
    try {
      db.transaction(() => {
        for (const { work } of batch) {
          try {
            outcomes.push({ ok: true, value: db.transaction(work) })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      for (const { reject } of batch) reject(error)
      return
    }
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) resolve(outcome.value)
      else reject(outcome.error)
    })
  }

  return {
    /** Runs `work` (synchronous, no awaits) in the next group transaction; resolves once it is committed. */
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush)
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      })
    },
  }
}
