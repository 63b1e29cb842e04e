import type { FastifyReply } from 'fastify'
import { encodeCursor, type CursorKeys } from './cursor.js'
import { represent, type Representation } from './etag.js'

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

/** Rows were fetched with `limit + 1`: the extra row only tells that a next page exists. */
export function pageOf<R>(rows: R[], limit: number, keysOf: (row: R) => CursorKeys): Page<R> {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  return { data, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keysOf(last)) : null }
}

/** The request URL with `cursor` replaced: the RFC 8288 `next` target. */
function nextUrl(url: string, cursor: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?]
  const params = new URLSearchParams(query)
  params.set('cursor', cursor)
  return `${path}?${params.toString()}`
}

/** A page rendered as `{ data, page }`, with its `Link` header when there is a next page. */
export interface ListRepresentation {
  rep: Representation
  link: string | null
}

/** `url` is the request's: the `next` link is the same URL with the next cursor. */
export function pageRepresentation<V>(page: Page<V>, limit: number, url: string): ListRepresentation {
  return {
    rep: represent({ data: page.data, page: { limit, nextCursor: page.nextCursor } }),
    link: page.nextCursor === null ? null : `<${nextUrl(url, page.nextCursor)}>; rel="next"`,
  }
}

/** Sends a rendered page with its ETag and, when there is more, a `Link: <…>; rel="next"` header. */
export function sendList(reply: FastifyReply, { rep, link }: ListRepresentation): FastifyReply {
  if (link !== null) reply.header('link', link)
  return reply.representation(rep)
}

export const sendPage = <V>(reply: FastifyReply, page: Page<V>, limit: number): FastifyReply =>
  sendList(reply, pageRepresentation(page, limit, reply.request.url))
