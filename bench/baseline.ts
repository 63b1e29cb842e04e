import Fastify from 'fastify'

/**
 * The baseline: a bare Fastify server in its own process, answering every GET with one constant JSON body of
 * BODY_BYTES bytes (sent as a pre-serialised string, as Kabar sends its representations). What the machine, Node
 * and Fastify can do with no database, plugins or hooks; the scenarios are measured as a fraction of it.
 *
 * Env: PORT, HOST (default 127.0.0.1), BODY_BYTES (default 4096).
 */
const port = Number(process.env.PORT ?? 0)
const host = process.env.HOST ?? '127.0.0.1'
const bytes = Number(process.env.BODY_BYTES ?? 4096)

function constantJson(size: number): string {
  const frame = JSON.stringify({ id: 1, title: 'Baseline', body: '' })
  if (size < frame.length) return frame
  return JSON.stringify({ id: 1, title: 'Baseline', body: 'x'.repeat(size - frame.length) })
}

const payload = constantJson(bytes)
const app = Fastify({ logger: false })
app.get('/*', async (_request, reply) => reply.type('application/json; charset=utf-8').send(payload))

const shutdown = () => {
  void app.close().then(() => process.exit(0))
}
process.once('SIGTERM', shutdown)
process.once('SIGINT', shutdown)

await app.listen({ port, host })
