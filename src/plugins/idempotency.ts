import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, eq, lt } from 'drizzle-orm'
import type { FastifyReply } from 'fastify'
import type { Db } from '../db/connect.js'
import type { WriteBatcher } from '../db/write-batch.js'
import { idempotencyKeys } from '../db/schema.js'
import { ApiError } from '../errors.js'
import type { Clock } from '../lib/clock.js'
import type { Representation } from '../lib/etag.js'

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Runs a create and answers `201` with `Location` and `ETag`. With an `Idempotency-Key` header the outcome
     * is stored in the same transaction as the new row, and a retry with the same key and body replays it.
     * Creates are group-committed (src/db/write-batch.ts): the answer goes out once the row is durable.
     */
    created(create: () => { location: string, rep: Representation }): Promise<FastifyReply>
  }
}

const retention = 24 * 60 * 60 * 1000

/** JSON with object keys sorted: the same body sent with its properties in another order is the same request. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v))
}
const keyPattern = /^[\x21-\x7e]{1,255}$/

/** draft-ietf-httpapi-idempotency-key-header: keys are scoped to the caller's credential and kept 24 hours. */
export default fp<{ db: Db, clock: Clock, batcher: WriteBatcher }>(async (app, { db, clock, batcher }) => {
  let lastPurge = 0

  app.decorateReply('created', async function (this: FastifyReply, create: () => { location: string, rep: Representation }) {
    const request = this.request
    const key = request.headers['idempotency-key']
    const send = (status: number, location: string, rep: Representation) =>
      this.header('location', location).representation(rep, status)

    if (key === undefined) {
      const { location, rep } = await batcher.run(create)
      return send(201, location, rep)
    }
    if (typeof key !== 'string' || !keyPattern.test(key)) {
      throw new ApiError(400, 'validation_failed', 'Idempotency-Key must be 1–255 visible ASCII characters', [{ in: 'header', path: '/idempotency-key', message: 'is malformed' }])
    }
    const owner = request.caller.keyId === null ? `ip:${request.ip}` : `key:${request.caller.keyId}`
    const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`).digest('hex')
    const now = clock()

    const outcome = await batcher.run(() => {
      if (now - lastPurge > 60_000) {
        db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - retention)).run()
        lastPurge = now
      }
      const stored = db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key))).get()
      if (stored) {
        if (stored.requestHash !== requestHash) {
          throw new ApiError(422, 'unprocessable', 'This Idempotency-Key was used with a different request')
        }
        return { replayed: true, status: stored.statusCode, location: stored.location, rep: { json: stored.body, etag: stored.etag } }
      }
      const { location, rep } = create()
      db.insert(idempotencyKeys).values({ owner, key, requestHash, statusCode: 201, location, etag: rep.etag, body: rep.json, createdAt: now }).run()
      return { replayed: false, status: 201, location, rep }
    })
    if (outcome.replayed) this.header('idempotent-replayed', 'true')
    return send(outcome.status, outcome.location, outcome.rep)
  })
}, { name: 'idempotency', dependencies: ['http-cache'] })
