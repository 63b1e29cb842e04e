import { ApiError } from '../errors.js'

/** Keyset cursors: the last row's sort key (a timestamp, or null) and id, opaque to callers (base64url JSON). */
export type CursorKeys = [number | null, number]

export function encodeCursor(keys: CursorKeys): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url')
}

export function decodeCursor(cursor: string): CursorKeys {
  try {
    const keys: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(keys) &&
      keys.length === 2 &&
      (keys[0] === null || Number.isSafeInteger(keys[0])) &&
      Number.isSafeInteger(keys[1]) &&
      keys[1] > 0
    )
      return keys as CursorKeys
  } catch {
    // fall through to the problem below
  }
  throw new ApiError('validation_failed', 'The cursor is not valid', [
    { in: 'query', path: '/cursor', message: 'is not a cursor issued by this API' },
  ])
}
