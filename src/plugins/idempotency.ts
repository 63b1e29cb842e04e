import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyReply } from 'fastify'
import { invalid, unprocessable } from '../errors.js'
import type { Clock } from '../lib/clock.js'
import type { Representation } from '../lib/etag.js'
import type { Store } from '../store/index.js'
import type { IdempotencyRow } from '../store/keys.js'
import { IdempotencyKeyInUse, idempotencyRetentionMs } from '../store/execute.js'
import type { Created, IdempotencyRecord } from '../store/write-set.js'

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Runs a create and answers `201` with `Location` and `ETag`. With an `Idempotency-Key` header the create's
     * write set also stores its outcome, in the same transaction as the new row, and a retry with the same key
     * and body replays it.
     */
    created(create: (idempotency?: IdempotencyRecord) => Promise<Created>): Promise<FastifyReply>
  }
}

/** JSON with object keys sorted: the same body sent with its properties in another order is the same request. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}
const keyPattern = /^[\x21-\x7e]{1,255}$/

/** draft-ietf-httpapi-idempotency-key-header: keys are scoped to the caller's credential and kept 24 hours. */
export default fp<{ store: Store; clock: Clock }>(
  async (app, { store, clock }) => {
    app.decorateReply('created', async function (this: FastifyReply, create: (idempotency?: IdempotencyRecord) => Promise<Created>) {
      const request = this.request
      const key = request.headers['idempotency-key']
      const send = (location: string, rep: Representation) => this.location(location).representation(rep, 201)

      if (key === undefined) {
        const { location, rep } = await create()
        return send(location, rep)
      }
      if (typeof key !== 'string' || !keyPattern.test(key)) {
        throw invalid('Idempotency-Key must be 1–255 visible ASCII characters', [
          { in: 'header', path: '/idempotency-key', message: 'is malformed' },
        ])
      }
      const owner = request.caller.keyId === null ? `ip:${request.ip}` : `key:${request.caller.keyId}`
      const requestHash = createHash('sha256')
        .update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`)
        .digest('hex')

      /** The first outcome under this key, if it is still kept; the same key with another request is refused. */
      const outcome = async (evenExpired = false) => {
        const stored = await store.keys.idempotencyOutcome(owner, key)
        if (stored === undefined || (!evenExpired && stored.createdAt < clock() - idempotencyRetentionMs)) return undefined
        if (stored.requestHash !== requestHash) throw unprocessable('This Idempotency-Key was used with a different request')
        return stored
      }
      const replay = (stored: IdempotencyRow) => {
        this.header('idempotent-replayed', 'true')
        return send(stored.location, { body: stored.body, etag: stored.etag })
      }
      const stored = await outcome()
      if (stored) return replay(stored)
      try {
        const { location, rep } = await create({ owner, key, requestHash })
        return send(location, rep)
      } catch (error) {
        // A request with the same key committed first (they raced): answer as its retry would be answered.
        // The record the transaction found live is replayed even if the clock has passed its retention since.
        const raced = error instanceof IdempotencyKeyInUse ? await outcome(true) : undefined
        if (raced) return replay(raced)
        throw error
      }
    })
  },
  { name: 'idempotency', dependencies: ['http-cache'] },
)
