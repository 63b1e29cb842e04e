import cluster from 'node:cluster'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { systemClock } from './lib/clock.js'
import { seedIfEmpty } from './seed/demo.js'
import { DatabaseUnusable, openStore } from './store/index.js'
import { supervise, workerCount } from './supervisor.js'

/**
 * The process: load config, open and migrate the database, build the app, seed the demo newsroom on a first
 * start, listen. On SIGTERM/SIGINT: stop accepting, let in-flight requests finish (idle keep-alive sockets are
 * closed at once), close the database (checkpoints the WAL), exit 0.
 *
 * Requests in flight at shutdown are answered with `Connection: close`: a keep-alive socket left open after
 * its last response would hold `server.close()` for the whole keep-alive timeout (72 s), past the shutdown timeout,
 * and the process would exit 1 without closing the database. Sockets that still turn idle later are swept.
 * Past SHUTDOWN_TIMEOUT_MS the remaining connections are cut, the database is still closed, and the exit code is 1.
 *
 * With WORKERS above 1 this process is the supervisor (src/supervisor.ts) and each worker runs `serve`.
 */
/** A start-up failure the operator can act on: printed as one line, and the process exits 1. */
class StartupFailure extends Error {}

/**
 * Binds the configured address and lets it go, before any database work: a port in use or an address this host
 * does not have is reported without a database being created or migrated.
 */
function checkListenable(port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `PORT=${port} is already in use on ${host}`
          : error.code === 'EACCES'
            ? `PORT=${port} needs privileges this process does not have`
            : `HOST=${host} cannot be listened on (${error.code ?? error.message})`
      fail(new StartupFailure(reason))
    })
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done()))
  })
}

async function main(): Promise<void> {
  const config = loadConfig()
  if (cluster.isWorker) return serve(config)
  await checkListenable(config.port, config.host)
  if (workerCount(config.workers) > 1) return supervise(config)
  return serve(config)
}

async function serve(config: Config): Promise<void> {
  const store = await openStore(config, { clock: systemClock, lockTimeoutMs: config.writeLockTimeoutMs })
  const app = await buildApp({ config, store })
  // The first start on an empty database loads the demo newsroom, unless SEED_DEMO=false.
  if (config.seedDemo && (await seedIfEmpty(store, app.services, systemClock))) app.log.info('demo newsroom loaded')

  // Each open connection with the response it serves last, so that shutdown can tell the clients of responses in
  // flight not to reuse their connection: one listener per connection, one map update per request.
  let closing = false
  const connections = new Map<Socket, ServerResponse | undefined>()
  app.server.on('connection', (socket: Socket) => {
    connections.set(socket, undefined)
    socket.once('close', () => connections.delete(socket))
  })
  app.server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (closing) response.setHeader('connection', 'close')
    else connections.set(request.socket, response)
  })
  const inFlight = () =>
    [...connections.values()].filter((response): response is ServerResponse => response !== undefined && !response.writableFinished)

  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    const responses = inFlight()
    app.log.info({ signal, inFlight: responses.length }, 'shutting down')
    for (const response of responses) if (!response.headersSent) response.setHeader('connection', 'close')
    setInterval(() => app.server.closeIdleConnections(), 100).unref()
    // A client that never finishes its request must not keep the database open: past the timeout, cut the
    // remaining connections so that `onClose` still closes the database, and exit 1.
    const timer = setTimeout(() => {
      app.log.error({ inFlight: inFlight().length }, 'shutdown timed out; closing the remaining connections')
      process.exitCode = 1
      app.server.closeAllConnections()
      setTimeout(() => process.exit(1), 2000).unref()
    }, config.shutdownTimeoutMs)
    timer.unref()
    const closed = app.close()
    app.server.closeIdleConnections()
    closed.then(
      () => process.exit(),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close()
    throw new StartupFailure(`Cannot listen on HOST=${config.host} PORT=${config.port}: ${(error as Error).message}`)
  }
}

// Start-up failures are one line naming the cause and the variable, never a stack trace.
await main().catch((error: unknown) => {
  if (!(error instanceof ConfigError || error instanceof DatabaseUnusable || error instanceof StartupFailure)) throw error
  console.error(error.message)
  process.exit(1)
})
