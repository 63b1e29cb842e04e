import type { FastifyBaseLogger } from 'fastify'
import { oneAtATime } from '../lib/one-at-a-time.js'
import type { Store } from '../store/index.js'
import type { ChangeRow } from '../store/write-set.js'

const pageSize = 500

export interface ChangeFollower {
  /** Reads the events committed by other processes since the last look and applies them. */
  catchUp(): Promise<void>
  stop(): void
}

/**
 * Keeps this process's caches in step with the change log. Its own commits apply at once (before the write is
 * acknowledged); commits of other processes or nodes on the same database are read from the log, in order, when
 * the store says another one committed (PostgreSQL: a notification sent at commit) and by a cheap poll of the
 * last sequence number every `intervalMs`, the fallback for a notification lost with its connection. The log is
 * the truth: a look always reads everything after the last sequence this process has seen.
 */
export async function followChanges(
  store: Store,
  apply: (changes: readonly ChangeRow[]) => void,
  intervalMs: number,
  log: FastifyBaseLogger,
): Promise<ChangeFollower> {
  let last = await store.changes.lastSeq()
  /** Sequence numbers this process committed and applied already, not yet passed by a look at the log. */
  const local = new Set<number>()
  const unsubscribe = store.onCommit((changes) => {
    apply(changes)
    // Remembered only while a look will pass them (and forget them); a manual catch-up re-applies them harmlessly.
    if (intervalMs > 0) for (const change of changes) local.add(change.seq)
  })

  async function look(): Promise<void> {
    if ((await store.changes.lastSeq()) <= last) return
    for (;;) {
      const changes = await store.changes.after(last, pageSize)
      const foreign = changes.filter((change) => !local.has(change.seq))
      if (foreign.length > 0) apply(foreign)
      for (const change of changes) local.delete(change.seq)
      last = changes.at(-1)?.seq ?? last
      if (changes.length < pageSize) return
    }
  }

  const warn = (error: unknown) => log.warn({ err: error }, 'following the change log failed; retrying')
  const catchUp = oneAtATime(look, warn)

  const timer = intervalMs > 0 ? setInterval(() => catchUp().catch(warn), intervalMs) : undefined
  timer?.unref()
  const unwake = intervalMs > 0 ? store.onForeignCommit(() => catchUp().catch(warn)) : () => undefined

  return {
    catchUp,
    stop() {
      clearInterval(timer)
      unwake()
      unsubscribe()
    },
  }
}
