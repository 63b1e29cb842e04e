import { createHash, randomBytes } from 'node:crypto'
import type { Audience, Scope } from '../../domain/access.js'
import { bodyError, notFound, unprocessable } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import type { Store } from '../../store/index.js'
import type { KeyRow } from '../../store/keys.js'

const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')

export type KeysService = ReturnType<typeof createKeysService>

/** How many keys a process remembers for when the database is out of reach (the most recently used). */
const maxRemembered = 10_000

export function createKeysService(store: Store, clock: Clock) {
  const lastSeen = new Map<string, { audience: Audience; expiresAt: number | null }>()
  return {
    /**
     * The audience a bearer secret stands for, or null when the key is unknown, revoked or expired. Read from the
     * database on every request (one indexed lookup), never cached: a key revoked by the CLI, another process
     * or another node on the same database stops working at once. While the database cannot be reached, a key
     * this process saw valid keeps its audience (stale-if-error), so cached reads keep answering keyed callers too.
     */
    async authenticate(secret: string): Promise<Audience | null> {
      const hash = hashSecret(secret)
      let key: KeyRow | undefined
      try {
        key = await store.keys.findByHash(hash)
      } catch (error) {
        const known = lastSeen.get(hash)
        if (known === undefined || (known.expiresAt !== null && known.expiresAt <= clock())) throw error
        return known.audience
      }
      if (key === undefined || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= clock())) {
        lastSeen.delete(hash)
        return null
      }
      const audience: Audience = { scope: key.scope, keyId: key.id, categories: key.categories }
      lastSeen.delete(hash)
      lastSeen.set(hash, { audience, expiresAt: key.expiresAt })
      if (lastSeen.size > maxRemembered) lastSeen.delete(lastSeen.keys().next().value!)
      return audience
    },

    /** Creates a key; the secret (32 random bytes) exists only in this return value, stored as a SHA-256 hash. */
    async create(
      caller: Audience,
      input: { name: string; scope: Scope; expiresAt?: string; categories?: number[] },
    ): Promise<{ key: KeyRow; secret: string }> {
      const expiresAt = input.expiresAt === undefined ? null : Date.parse(input.expiresAt)
      if (expiresAt !== null && expiresAt <= clock()) {
        throw unprocessable('expiresAt must be in the future', [bodyError('/expiresAt', 'must be in the future')])
      }
      const categories = input.categories ?? null
      if (categories !== null && input.scope !== 'read') {
        throw unprocessable('Only a read key can be limited to categories', [bodyError('/categories', 'needs scope read')])
      }
      const unknown = []
      for (const [i, id] of (categories ?? []).entries())
        if ((await store.resources.category.get(id)) === undefined) unknown.push(bodyError(`/categories/${i}`, 'no such category'))
      if (unknown.length > 0) throw unprocessable('A category does not exist', unknown)
      const secret = `kbr_${randomBytes(32).toString('base64url')}`
      const op = {
        kind: 'insertKey' as const,
        values: {
          name: input.name,
          scope: input.scope,
          prefix: secret.slice(0, 12),
          secretHash: hashSecret(secret),
          createdAt: clock(),
          expiresAt,
          categories: categories === null ? null : [...categories].sort((a, b) => a - b),
        },
      }
      const key = await store.writeOne(op, caller.keyId)
      return { key, secret }
    },

    list: (limit: number, afterId: number) => store.keys.list(limit, afterId, clock()),

    /** An active key (neither revoked nor expired); anything else is the same 404 as an unknown id. */
    async get(id: number): Promise<KeyRow> {
      const key = await store.keys.get(id)
      if (key === undefined || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= clock())) throw notFound('API key')
      return key
    },

    async revoke(caller: Audience, id: number): Promise<void> {
      const op = { kind: 'revokeKey' as const, id }
      if (!(await store.writeOne(op, caller.keyId))) throw notFound('API key')
    },
  }
}
