import fp from 'fastify-plugin'
import type { FastifyReply } from 'fastify'
import { noneMatch, type Sendable } from '../lib/etag.js'
import { canonicalQuery, pageRepresentation, type ListRepresentation, type Page } from '../lib/pagination.js'

declare module 'fastify' {
  interface FastifyReply {
    /** Sends a rendered resource with its ETag; a GET whose If-None-Match matches gets `304` and no body. */
    representation(rep: Sendable, status?: number): FastifyReply
    /** Sends a rendered page with its ETag and, when there is more, a `Link: <…>; rel="next"` header. */
    list(list: ListRepresentation): FastifyReply
    /** Renders and sends a page of `path` with its canonical `query` (the next page's link adds the cursor). */
    page<V>(page: Page<V>, limit: number, path: string, query?: Record<string, string | number | undefined>): FastifyReply
    /** `Location` for a path of the API, on the configured public base URL (or relative). */
    location(path: string, query?: Record<string, string | number | undefined>): FastifyReply
  }
}

/** The most bytes of keys a response carries: well inside Fastly's 16 KB Surrogate-Key and Cloudflare's Cache-Tag limits. */
export const maxSurrogateKeyBytes = 8192

/**
 * A representation's dependency keys as a CDN takes them. More than fit become the one key every change that
 * faces the public purges (`list:public`): every change to what an article embeds reaches the log as an article
 * event, so a purge driven from the log never misses such a representation.
 */
export function surrogateKeys(keys: readonly string[]): readonly string[] {
  const bytes = keys.reduce((sum, key) => sum + key.length + 1, 0)
  return bytes > maxSurrogateKeyBytes ? ['list:public'] : keys
}

/**
 * HTTP caching (RFC 9110 §13, RFC 9111): ETags on every representation, 304 on If-None-Match,
 * `public` caching only for anonymous callers and `private, no-store` for keyed ones; a route that chose its own
 * policy (health, the OpenAPI document) keeps it. Links and `Location` are built on the configured public base
 * URL of the API, or relative when there is none — never from the request target or `Host`.
 */
export default fp<{ maxAge: number; baseUrl: string }>(
  async (app, { maxAge, baseUrl }) => {
    const publicPolicy = `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${maxAge}`

    app.decorateReply('representation', function (this: FastifyReply, rep: Sendable, status = 200) {
      this.header('etag', rep.etag)
      if (rep.keys !== undefined && rep.keys.length > 0) {
        const keys = surrogateKeys(rep.keys)
        this.header('surrogate-key', keys.join(' '))
        this.header('cache-tag', keys.join(','))
      }
      const conditional = status === 200 && (this.request.method === 'GET' || this.request.method === 'HEAD')
      if (conditional && noneMatch(this.request.headers['if-none-match'], rep.etag)) return this.code(304).send()
      return this.code(status)
        .type(rep.type ?? 'application/json; charset=utf-8')
        .send(rep.body)
    })

    app.decorateReply('list', function (this: FastifyReply, { rep, next }: ListRepresentation) {
      if (next !== null) this.header('link', `<${baseUrl}${next}>; rel="next"`)
      return this.representation(rep)
    })

    app.decorateReply('page', function <V>(this: FastifyReply, page: Page<V>, limit: number, path: string, query = {}) {
      return this.list(pageRepresentation(page, limit, path, { limit, ...query }))
    })

    app.decorateReply('location', function (this: FastifyReply, path: string, query: Record<string, string | number | undefined> = {}) {
      const search = canonicalQuery(query)
      return this.header('location', `${baseUrl}${path}${search === '' ? '' : `?${search}`}`)
    })

    app.addHook('onSend', (request, reply, payload, done) => {
      const safe = request.method === 'GET' || request.method === 'HEAD'
      if (reply.hasHeader('cache-control')) {
        // The route chose (health and readiness: never cached; the OpenAPI document: revalidated).
      } else if (safe && (reply.statusCode === 200 || reply.statusCode === 304)) {
        reply.header('cache-control', request.caller.scope === 'public' ? publicPolicy : 'private, no-store')
      } else {
        reply.header('cache-control', 'no-store')
      }
      const vary = reply.getHeader('vary')
      reply.header('vary', vary === undefined ? 'Authorization' : `${String(vary)}, Authorization`)
      done(null, payload)
    })
  },
  { name: 'http-cache', dependencies: ['auth'] },
)
