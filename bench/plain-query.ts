import Database from 'better-sqlite3'
import Fastify from 'fastify'

/**
 * (i), the second baseline: a plain Fastify server in its own process doing, for `GET /v1/articles/{id}`, one
 * prepared better-sqlite3 query for the article's row and sending it as JSON — what a miss would cost with no joins,
 * no rendering and no plugins. Reads the bench's SQLite file (read-only, WAL).
 *
 * Env: DATABASE_PATH, PORT, HOST (default 127.0.0.1).
 */
const port = Number(process.env.PORT ?? 0)
const host = process.env.HOST ?? '127.0.0.1'
const db = new Database(process.env.DATABASE_PATH ?? '', { readonly: true, fileMustExist: true })
const byId = db.prepare(`select * from articles where id = ? and status = 'published'`)

const app = Fastify({ logger: false })
app.get<{ Params: { id: string } }>('/v1/articles/:id', async (request, reply) => {
  const row = byId.get(Number(request.params.id))
  if (row === undefined) return reply.code(404).type('application/json; charset=utf-8').send('{"status":404}')
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(row))
})

const shutdown = () => {
  void app.close().then(() => {
    db.close()
    process.exit(0)
  })
}
process.once('SIGTERM', shutdown)
process.once('SIGINT', shutdown)

await app.listen({ port, host })
