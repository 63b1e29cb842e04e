import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../lib/clock.js'
import type { Store } from '../store/index.js'
import { idempotencyRetentionMs } from '../store/execute.js'

export interface JobOptions {
  intervalMs: number
  /** How long change-log events are kept. */
  retentionMs: number
}

const leaseTtlMs = 10_000
const pruneEveryMs = 10 * 60_000
const pruneBatch = 1000
const rebuildBatch = 500

/**
 * The work that must happen once however many processes share the database, run by whichever holds the `jobs`
 * lease (a row in the database that expires when its holder stops renewing it):
 * - recording scheduled publications in the change log when their time comes (reads never need it: they compute
 *   visibility from the clock), so that consumers of the log see the moment;
 * - compacting the change log past its retention (src/store/execute.ts `compactChanges`) and pruning expired
 *   idempotency records, in small batches;
 * - indexing, one batch a tick, the articles of a search index rebuild a migration asked for (new writes index
 *   themselves meanwhile);
 * - storing, one batch a tick, the public representations that are missing or of another variant (after the
 *   migration that added them, or a new URL template); until then those articles render on demand.
 * Each tick asks the database cheaply whether there is work before it takes the lease (a write). A process that
 * stops gives the lease up, so the next one does the work without waiting for it to expire.
 */
export function runLeasedJobs(store: Store, clock: Clock, { intervalMs, retentionMs }: JobOptions, log: FastifyBaseLogger) {
  const holder = randomUUID()
  let lastPrune = -Infinity
  /** Stored representations all of the current variant: writes keep them so, and this process stops asking. */
  let representationsFresh = false
  let running: Promise<void> | undefined
  /** Whether this process has taken the lease (it may hold it still). */
  let held = false

  async function tick(): Promise<void> {
    const now = clock()
    const due = await store.changes.hasDueSchedules(now)
    const prune = now - lastPrune >= pruneEveryMs
    const rebuild = await store.changes.hasPendingSearchRebuild()
    const refresh = !representationsFresh && (await store.representationsStale())
    if (!refresh) representationsFresh = true
    if (!due && !prune && !rebuild && !refresh) return
    if (!(await store.writeOne({ kind: 'acquireLease', name: 'jobs', holder, ttlMs: leaseTtlMs }))) {
      // Another process holds the lease and does the pruning: ask again at the next pruning time.
      lastPrune = now
      return
    }
    held = true
    if (due) await store.writeOne({ kind: 'recordScheduledPublications' })
    if (rebuild) await store.writeOne({ kind: 'resumeSearchRebuild', limit: rebuildBatch })
    if (refresh && (await store.writeOne({ kind: 'refreshRepresentations', limit: rebuildBatch })) < rebuildBatch)
      representationsFresh = true
    if (prune) {
      lastPrune = now
      while ((await store.writeOne({ kind: 'compactChanges', before: now - retentionMs, limit: pruneBatch })) === pruneBatch);
      await store.writeOne({ kind: 'pruneIdempotency', before: now - idempotencyRetentionMs })
    }
  }

  const timer =
    intervalMs > 0
      ? setInterval(() => {
          running ??= tick()
            .catch((error: unknown) => log.warn({ err: error }, 'a background job failed; retrying'))
            .finally(() => {
              running = undefined
            })
        }, intervalMs)
      : undefined
  timer?.unref()

  return {
    /** One tick now (tests use it with a settable clock). */
    tick,
    async stop(): Promise<void> {
      clearInterval(timer)
      await running
      if (held)
        await store
          .writeOne({ kind: 'releaseLease', name: 'jobs', holder })
          .catch((error: unknown) => log.warn({ err: error }, 'releasing the jobs lease failed; it expires'))
    },
  }
}
