import { createHash } from 'node:crypto'
import { ApiError } from '../errors.js'

/** A strong ETag: a digest of the exact representation (RFC 9110 §8.8.3). */
export function etagOf(representation: string): string {
  return `"${createHash('sha1').update(representation).digest('base64url')}"`
}

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '')

/** RFC 9110 §13.1.2: weak comparison, `*` matches any current representation. */
export function noneMatch(header: string | undefined, current: string): boolean {
  if (header === undefined) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => opaque(tag) === current)
}

/**
 * RFC 9110 §13.1.1 with RFC 6585: a write without If-Match is refused (428); a stale one fails (412,
 * carrying the current ETag). Strong comparison: a weak tag never matches; `*` means "exists".
 */
export function requireIfMatch(header: string | undefined, current: string): void {
  if (header === undefined || header.trim() === '') {
    throw new ApiError('precondition_required', 'This write requires an If-Match header with the current ETag', undefined, {
      etag: current,
    })
  }
  if (header.trim() === '*') return
  const matches = header.split(',').some((tag) => !tag.trim().startsWith('W/') && tag.trim() === current)
  if (!matches)
    throw new ApiError('precondition_failed', 'The resource has changed since the If-Match ETag was issued', undefined, { etag: current })
}

/**
 * A resource rendered once: the exact bytes that are sent, their strong ETag, the media type (JSON unless said),
 * and the dependency keys it was rendered from (`article:7`, `tag:3`, `list:public`…) — the keys the in-memory
 * caches drop it by, sent to CDNs as `Surrogate-Key` and `Cache-Tag`.
 */
export interface Representation {
  body: string
  etag: string
  type?: string
  keys?: readonly string[]
}

/** A representation as a memory cache keeps it: the body encoded (UTF-8) once, not on every response that sends it. */
export interface KeptRepresentation extends Omit<Representation, 'body'> {
  body: Buffer
}

/** What a response sends: a representation as rendered, or as a cache keeps it. */
export type Sendable = Representation | KeptRepresentation

/**
 * The representation to keep. Node would otherwise measure and encode the string on every send — for text with
 * any character beyond ASCII (a dateline's dash, curly quotes), one character at a time. The bytes get memory of
 * their own: a small `Buffer.from` is a slice of a shared 8 KB pool, which a long-lived slice would hold whole.
 */
export function kept({ body, etag, type, keys }: Representation): KeptRepresentation {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(body))
  bytes.write(body)
  return { body: bytes, etag, type, keys }
}

export function represent(view: unknown, keys?: readonly string[]): Representation {
  const body = JSON.stringify(view)
  return keys === undefined ? { body, etag: etagOf(body) } : { body, etag: etagOf(body), keys }
}

/** A document in another media type (XML, JSON-LD, a feed), with its strong ETag and dependency keys. */
export const document = (body: string, type: string, keys: readonly string[]): Representation => ({
  body,
  etag: etagOf(body),
  type,
  keys,
})
