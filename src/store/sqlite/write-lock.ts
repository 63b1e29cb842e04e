import type Database from 'better-sqlite3'

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
export const isBusy = (error: unknown): boolean => String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')

const retryMs = 10
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/**
 * `BEGIN IMMEDIATE`: takes the write lock now, so no statement inside the transaction can meet SQLITE_BUSY
 * later (a deferred transaction upgrading to a write lock fails at once, whatever the busy timeout). While another
 * process holds the lock it retries every few milliseconds without blocking the event loop; past `deadline` the
 * SQLITE_BUSY error is thrown.
 */
export async function acquireWriteLock(client: Database.Database, deadline: number): Promise<void> {
  for (;;) {
    try {
      client.exec('BEGIN IMMEDIATE')
      return
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error
      await sleep(retryMs)
    }
  }
}
