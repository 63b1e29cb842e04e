import type { ChangeRow } from './write-set.js'

/**
 * The write connection of a store, as the queue drives it: one connection that only the queue writes on.
 * `begin` takes the database's write lock (SQLite: `BEGIN IMMEDIATE`, retried until the deadline; PostgreSQL: a
 * transaction-level advisory lock, so that writes of every node commit one at a time and the change log's
 * sequence is in commit order); past the deadline it throws `unavailable` (503 with Retry-After).
 */
export interface WriteConnection {
  begin(deadline: number): Promise<void>
  /** Commits; `changes` are the rows the transaction appended to the change log (PostgreSQL notifies them at COMMIT). */
  commit(changes: ChangeRow[]): Promise<void>
  rollback(): Promise<void>
  /** Savepoints isolate the writes queued while an exclusive hold's transaction is open. */
  savepoint(): Promise<void>
  release(): Promise<void>
  rollbackTo(): Promise<void>
  /** False when the database ended the transaction by itself (SQLite on a full disk, a lost connection). */
  inTransaction(): boolean
}

interface Queued {
  work: () => Promise<{ answer: unknown; changes: ChangeRow[] }>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  deadline: number
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

export interface WriteQueueOptions {
  /** How long a write waits for the write lock before it answers 503. */
  lockTimeoutMs: number
  /** Called with the change-log rows of every commit, after COMMIT and before any write is acknowledged. */
  publish: (changes: ChangeRow[]) => void
}

/**
 * The single entry point of every write, and its group commit. Every COMMIT waits for the disk, so one transaction
 * per write caps writes at a few hundred a second: writes queued while the previous batch commits run together in
 * one transaction instead (a write that throws fails alone, see `flush`), and every promise settles only after the
 * COMMIT has returned — an acknowledged write is as durable as before, and one flush acknowledges many. A write that
 * waited for the lock past `lockTimeoutMs` answers 503.
 */
export function createWriteQueue(conn: WriteConnection, { lockTimeoutMs, publish }: WriteQueueOptions) {
  let queue: Queued[] = []
  /** The batch being flushed, if any: one at a time on the one connection. */
  let running: Promise<void> | undefined
  /** While an exclusive hold opens or closes its transaction, no batch starts. */
  let paused = false
  /** The changes of an exclusive hold (start-up work), published at its COMMIT. */
  let held: ChangeRow[] | null = null

  function schedule(): void {
    if (running || paused) return
    running = new Promise<void>((next) => setImmediate(next)).then(flush).finally(() => {
      running = undefined
      if (queue.length > 0) schedule()
    })
  }

  /** Waits until no batch runs, and keeps new ones from starting until `resume`. */
  async function pause(): Promise<void> {
    paused = true
    while (running) await running
  }
  function resume(): void {
    paused = false
    if (queue.length > 0) schedule()
  }

  function settle(batch: Queued[], outcomes: Outcome[]): void {
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) resolve(outcome.value)
      else reject(outcome.error)
    })
  }

  const failAll = (batch: Queued[], error: unknown) => batch.forEach((q) => q.reject(error))

  /** Takes the write lock for the oldest queued write's deadline; writes past theirs are answered 503. */
  async function locked(): Promise<boolean> {
    if (held !== null) return true
    try {
      await conn.begin(Math.min(...queue.map((q) => q.deadline)))
      return true
    } catch (error) {
      const now = Date.now()
      const expired = queue.filter((q) => q.deadline <= now)
      queue = queue.filter((q) => q.deadline > now)
      failAll(expired.length > 0 ? expired : queue.splice(0), error)
      return false
    }
  }

  /**
   * Runs a batch in one transaction. Outside an exclusive hold no write gets a savepoint: a write that throws rolls
   * the transaction back, and the others run again, in the same order, in a new one — each then follows the same
   * writes as before, so the outcomes are the ones savepoints would give, without two more statements per write
   * when nothing fails (the usual case). Every write of the batch is answered after its COMMIT.
   */
  async function flush(): Promise<void> {
    if (queue.length === 0 || !(await locked())) return
    const batch = queue
    queue = []
    if (held !== null) return flushHeld(batch)
    const outcomes = new Map<Queued, Outcome>()
    let members = batch
    try {
      for (;;) {
        const answers: unknown[] = []
        const committed: ChangeRow[] = []
        try {
          for (const item of members) {
            const { answer, changes } = await item.work()
            answers.push(answer)
            committed.push(...changes)
          }
        } catch (error) {
          // The database may have ended the whole transaction by itself (SQLite on a full disk): then all of it failed.
          if (!conn.inTransaction()) throw error
          const failed = members[answers.length]!
          outcomes.set(failed, { ok: false, error })
          members = members.filter((item) => item !== failed)
          await conn.rollback()
          if (members.length === 0) break
          await conn.begin(Math.min(...members.map((q) => q.deadline)))
          continue
        }
        await conn.commit(committed)
        publish(committed)
        members.forEach((item, i) => outcomes.set(item, { ok: true, value: answers[i] }))
        break
      }
    } catch (error) {
      if (conn.inTransaction()) await conn.rollback().catch(() => undefined)
      members.forEach((item) => outcomes.set(item, { ok: false, error }))
    }
    settle(
      batch,
      batch.map((item) => outcomes.get(item)!),
    )
  }

  /** Inside an exclusive hold the transaction is the hold's: each write runs under a savepoint, and one that throws rolls back alone. */
  async function flushHeld(batch: Queued[]): Promise<void> {
    const outcomes: Outcome[] = []
    const committed: ChangeRow[] = []
    for (const item of batch) {
      try {
        await conn.savepoint()
        const { answer, changes } = await item.work()
        await conn.release()
        outcomes.push({ ok: true, value: answer })
        committed.push(...changes)
      } catch (error) {
        if (!conn.inTransaction()) return failAll(batch, error)
        try {
          await conn.rollbackTo()
          await conn.release()
        } catch (failure) {
          return failAll(batch, failure)
        }
        outcomes.push({ ok: false, error })
      }
    }
    held!.push(...committed)
    settle(batch, outcomes)
  }

  return {
    /** Runs `work` in the next group transaction; resolves once it is committed. */
    run<T>(work: () => Promise<{ answer: T; changes: ChangeRow[] }>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject, deadline: Date.now() + lockTimeoutMs })
        schedule()
      })
    },

    /**
     * Start-up work that must happen once across processes (demo seeding): `fn` runs while the write connection
     * holds the write lock, its writes go through `run` as usual, and all of it commits — or none of it — at the end.
     * Other processes wait for the lock meanwhile. Only before the server serves requests.
     */
    async exclusively<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
      await pause()
      try {
        await conn.begin(Date.now() + timeoutMs)
      } catch (error) {
        resume()
        throw error
      }
      const changes: ChangeRow[] = []
      held = changes
      resume()
      try {
        const result = await fn()
        // Writes queued meanwhile (a background job) finish inside the hold before it commits.
        await pause()
        await conn.commit(changes)
        publish(changes)
        return result
      } catch (error) {
        await pause()
        if (conn.inTransaction()) await conn.rollback()
        throw error
      } finally {
        held = null
        resume()
      }
    },
    /** Whether start-up work holds the write lock now (reads then go through the write connection). */
    holding: (): boolean => held !== null,
  }
}
