import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import pino from 'pino'
import type { Config } from './config.js'

/** How many server processes `WORKERS` asks for (`auto`: one per core). */
export const workerCount = (workers: Config['workers']): number => (workers === 'auto' ? availableParallelism() : Number(workers))

/** A worker that dies this soon after the last replacement waits this long before it is replaced again. */
const restartDelayMs = 1000
/** Past the workers' own shutdown timeout, the supervisor kills what is left. */
const shutdownGraceMs = 5000

/**
 * `WORKERS=<n>` above 1: this process forks n server processes (src/server.ts in each) that share the port
 * (node:cluster hands connections out in turn) and the database (SQLite in WAL mode, or PostgreSQL); each follows
 * the change log, as separate nodes do, so a write through one is seen by the others within CHANGE_POLL_MS. The
 * writes of each worker are group-committed by that worker; the once-only jobs run under the database's lease.
 *
 * The supervisor itself opens no database. A worker that dies after it listened is replaced (at most one
 * replacement a second); one that dies before listening could not start (a bad database, say: it printed why), and
 * the supervisor then stops the others and exits 1. SIGTERM/SIGINT are passed to every worker, which shut down
 * gracefully; the supervisor exits 0 once all have exited 0, 1 otherwise (or when they outlast their
 * SHUTDOWN_TIMEOUT_MS, after which they are killed). Workers exit on their own when the supervisor dies.
 */
export function supervise(config: Config): void {
  const log = pino({ level: config.logLevel })
  const count = workerCount(config.workers)
  const listening = new WeakSet<Worker>()
  let stopping = false
  let failed = false
  let lastStart = 0
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined)

  const start = () => {
    lastStart = Date.now()
    const worker = cluster.fork()
    worker.once('listening', () => {
      listening.add(worker)
      log.info({ worker: worker.process.pid }, 'worker listening')
    })
  }

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    log.info({ signal, workers: workers().length }, 'stopping the workers')
    for (const worker of workers()) worker.process.kill(signal)
    setTimeout(() => {
      log.error('the workers did not stop in time; killing them')
      for (const worker of workers()) worker.process.kill('SIGKILL')
      process.exit(1)
    }, config.shutdownTimeoutMs + shutdownGraceMs).unref()
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (code !== 0) failed = true
      if (workers().length === 0) process.exit(failed ? 1 : 0)
      return
    }
    if (!listening.has(worker)) {
      log.error({ worker: worker.process.pid, code, signal }, 'a worker could not start; stopping')
      failed = true
      stop('SIGTERM')
      return
    }
    log.warn({ worker: worker.process.pid, code, signal }, 'a worker died; starting another')
    setTimeout(start, Math.max(0, lastStart + restartDelayMs - Date.now()))
  })

  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
  log.info({ workers: count }, 'starting the workers')
  for (let i = 0; i < count; i++) start()
}
