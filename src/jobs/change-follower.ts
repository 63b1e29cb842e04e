import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../store/index.js'
import type { ChangeRow } from '../store/write-set.js'

const pageSize = 500

export interface ChangeFollower {
  /** Reads the events committed by other processes since the last look and applies them. */
  catchUp(): void
  stop(): void
}

/**
 * Keeps this process's caches in step with the change log. Its own commits apply at once (before the write is
 * acknowledged); commits of other processes on the same database are picked up by a cheap poll of the last
 * sequence number every `intervalMs`, then read in order and applied.
 */
export function followChanges(
  store: Store,
  apply: (changes: readonly ChangeRow[]) => void,
  intervalMs: number,
  log: FastifyBaseLogger,
): ChangeFollower {
  let last = store.changes.lastSeq()
  /** Sequence numbers this process committed and applied already, not yet passed by the poll. */
  const local = new Set<number>()
  const unsubscribe = store.onCommit((changes) => {
    apply(changes)
    // Remembered only while a poll will pass them (and forget them); a manual catch-up re-applies them harmlessly.
    if (intervalMs > 0) for (const change of changes) local.add(change.seq)
  })

  function catchUp(): void {
    if (store.changes.lastSeq() <= last) return
    for (;;) {
      const changes = store.changes.after(last, pageSize)
      const foreign = changes.filter((change) => !local.has(change.seq))
      if (foreign.length > 0) apply(foreign)
      for (const change of changes) local.delete(change.seq)
      last = changes.at(-1)?.seq ?? last
      if (changes.length < pageSize) return
    }
  }

  const timer =
    intervalMs > 0
      ? setInterval(() => {
          try {
            catchUp()
          } catch (error) {
            log.warn({ err: error }, 'following the change log failed; retrying')
          }
        }, intervalMs)
      : undefined
  timer?.unref()

  return {
    catchUp,
    stop() {
      clearInterval(timer)
      unsubscribe()
    },
  }
}
