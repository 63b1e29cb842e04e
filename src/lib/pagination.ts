import { encodeCursor, type CursorKeys } from './cursor.js'
import { represent, type Representation, type Sendable } from './etag.js'

export interface Page<T> {
  data: T[]
  nextCursor: string | null
  /** The dependency keys of the page (see Representation). */
  keys?: readonly string[]
}

/** Rows were fetched with `limit + 1`: the extra row only tells that a next page exists. */
export function pageOf<R>(rows: R[], limit: number, keysOf: (row: R) => CursorKeys): Page<R> {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  return { data, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keysOf(last)) : null }
}

/**
 * A validated query in canonical form: the parameters in the order given (the route's fixed order, defaults
 * applied by the caller), those left out omitted. Cache keys and `next` links are built from it, never from the
 * request target as sent.
 */
export function canonicalQuery(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value))
  return params.toString()
}

/** A page rendered as `{ data, page }`, and the path of the next page (relative to the API's base URL), if any. */
export interface ListRepresentation {
  rep: Sendable
  next: string | null
}

/** `path` and `query` are the page's own (canonical, without cursor): the next page adds the next cursor. */
export function pageRepresentation<V>(
  page: Page<V>,
  limit: number,
  path: string,
  query: Record<string, string | number | undefined>,
): ListRepresentation & { rep: Representation } {
  return {
    rep: represent({ data: page.data, page: { limit, nextCursor: page.nextCursor } }, page.keys),
    next: page.nextCursor === null ? null : `${path}?${canonicalQuery({ ...query, cursor: page.nextCursor })}`,
  }
}
