import { createHash } from 'node:crypto'
import type { Audience } from '../../domain/access.js'
import { seenAfter } from '../../domain/change-events.js'
import { ApiError } from '../../errors.js'
import type { Store } from '../../store/index.js'
import type { ChangeRow } from '../../store/write-set.js'
import { eventFor, type ChangeEvent } from './events.js'

export type ChangesService = ReturnType<typeof createChangesService>
/** A page of the audience's events, and the cursor to resume from (past the log rows it read). */
export interface ChangePage {
  events: ChangeEvent[]
  next: number
}

/** The most log rows one page reads for a caller that sees few of them; the page then ends early, cursor advanced. */
const scanLimit = 10_000

const expired = () =>
  new ApiError('cursor_expired', 'The cursor is older than the change log keeps; start a full resync from the beginning (omit `after`)')

/**
 * The change feed, computed per audience from the change log (src/domain/change-events.ts says what each row is to
 * an audience). Pages are read below the head sequence number read first: commits are in sequence order, so
 * everything up to it is there, and an empty page's cursor can move to it without skipping a later commit.
 */
export function createChangesService(store: Store) {
  const waiting = new Set<() => void>()
  let closed = false

  /** A cursor at or after the compaction horizon (or the start) can be followed; an older one cannot. */
  async function followable(cursor: number): Promise<void> {
    if (cursor !== 0 && cursor < (await store.changes.horizon())) throw expired()
  }

  async function page(audience: Audience, after: number, limit: number): Promise<ChangePage> {
    await followable(after)
    const head = await store.changes.lastSeq()
    const batch = Math.max(limit, 100)
    const events: ChangeEvent[] = []
    let cursor = after
    for (let scanned = 0; scanned < scanLimit;) {
      const rows = await store.changes.after(cursor, batch, head)
      for (const row of rows) {
        cursor = row.seq
        const event = eventFor(row, audience)
        if (event !== null && events.push(event) === limit) return { events, next: cursor }
      }
      if (rows.length < batch) return { events, next: Math.max(cursor, head) }
      scanned += rows.length
    }
    return { events, next: cursor }
  }

  return {
    page,

    /**
     * The resources the audience sees at position `upTo` (default: now), as a count and a SHA-256 over the sorted
     * lines `resource:id:version\n`: what a partner's copy holds if it applied the feed up to there.
     */
    async checksum(audience: Audience, upTo: number | undefined): Promise<{ upTo: number; count: number; sha256: string }> {
      const head = await store.changes.lastSeq()
      const at = Math.min(upTo ?? head, head)
      await followable(at)
      const visible = (await store.changes.latestUpTo(at))
        .filter((row) => seenAfter(row, audience))
        .sort((a, b) => (a.resource === b.resource ? a.resourceId - b.resourceId : a.resource < b.resource ? -1 : 1))
      const hash = createHash('sha256')
      for (const row of visible) hash.update(`${row.resource}:${row.resourceId}:${row.version}\n`)
      return { upTo: at, count: visible.length, sha256: hash.digest('hex') }
    },

    /** Resolves at the next committed change (of this process or, once followed, another), or after `ms`. */
    nextChange(ms: number): Promise<void> {
      if (closed) return Promise.resolve()
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer)
          waiting.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        waiting.add(done)
      })
    },
    /** Called with each batch of committed changes the caches apply. */
    apply(changes: readonly ChangeRow[]): void {
      if (changes.length > 0) for (const done of [...waiting]) done()
    },
    get closed(): boolean {
      return closed
    },
    /** Shutdown: long polls answer now, streams end. */
    close(): void {
      closed = true
      for (const done of [...waiting]) done()
    },
  }
}
