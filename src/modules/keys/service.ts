import { createHash, randomBytes } from 'node:crypto'
import { ApiError, notFound } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import type { KeyRow, KeysRepository } from './repository.js'

export const scopes = ['read', 'write', 'admin'] as const
export type Scope = (typeof scopes)[number]
export type Access = 'public' | Scope
export interface Caller { scope: 'public' | Scope, keyId: number | null }

const rank: Record<Access, number> = { public: 0, read: 1, write: 2, admin: 3 }
/** Scopes are ordered: each includes the ones before it. */
export const allows = (have: Access, need: Access): boolean => rank[have] >= rank[need]

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')

export type KeysService = ReturnType<typeof createKeysService>

export function createKeysService(repo: KeysRepository, clock: Clock) {
  return {
    /**
     * The caller a bearer secret stands for, or null when the key is unknown, revoked or expired. Read from the
     * database on every request (one indexed lookup), never cached: a key revoked by the CLI, another process
     * or another app instance on the same database stops working at once.
     */
    authenticate(secret: string): Caller | null {
      const key = repo.findByHash(hashSecret(secret))
      if (key === undefined || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= clock())) return null
      return { scope: key.scope, keyId: key.id }
    },

    /** Creates a key; the secret (32 random bytes) exists only in this return value, stored as a SHA-256 hash. */
    create(input: { name: string, scope: Scope, expiresAt?: string }): { key: KeyRow, secret: string } {
      const expiresAt = input.expiresAt === undefined ? null : Date.parse(input.expiresAt)
      if (expiresAt !== null && expiresAt <= clock()) {
        throw new ApiError(422, 'unprocessable', 'expiresAt must be in the future', [{ in: 'body', path: '/expiresAt', message: 'must be in the future' }])
      }
      const secret = `kbr_${randomBytes(32).toString('base64url')}`
      const key = repo.insert({ name: input.name, scope: input.scope, prefix: secret.slice(0, 12), secretHash: hashSecret(secret), createdAt: clock(), expiresAt })
      return { key, secret }
    },

    list: (limit: number, afterId: number) => repo.list(limit, afterId, clock()),

    revoke(id: number): void {
      if (!repo.revoke(id, clock())) throw notFound('API key')
    },
  }
}
