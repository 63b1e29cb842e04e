import type { FastifyReply } from 'fastify'
import { encodeCursor, type CursorKeys } from './cursor.js'
import { represent } from './etag.js'

export interface Page<T> { data: T[], nextCursor: string | null }

/** Rows were fetched with `limit + 1`: the extra row only tells that a next page exists. */
export function pageOf<R>(rows: R[], limit: number, keysOf: (row: R) => CursorKeys): Page<R> {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  return { data, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keysOf(last)) : null }
}

/** The request URL with `cursor` replaced: the RFC 8288 `next` target. */
export function nextUrl(url: string, cursor: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?]
  const params = new URLSearchParams(query)
  params.set('cursor', cursor)
  return `${path}?${params.toString()}`
}

/** Sends `{ data, page }` with its ETag and, when there is more, a `Link: <…>; rel="next"` header. */
export function sendPage<V>(reply: FastifyReply, page: Page<V>, limit: number): FastifyReply {
  if (page.nextCursor !== null) reply.header('link', `<${nextUrl(reply.request.url, page.nextCursor)}>; rel="next"`)
  return reply.representation(represent({ data: page.data, page: { limit, nextCursor: page.nextCursor } }))
}
