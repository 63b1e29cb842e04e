import { createHmac, randomBytes } from 'node:crypto'

/** A new signing secret: `whsec_` and the base64 of 24 random bytes (Standard Webhooks' form). */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`

/**
 * The `webhook-signature` header (Standard Webhooks): `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under each
 * secret's decoded key, space-separated (two during a rotation).
 */
export const signatures = (id: string, timestamp: number, body: string, secrets: readonly string[]): string =>
  secrets
    .map((secret) => {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
      return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
    })
    .join(' ')
