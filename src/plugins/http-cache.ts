import fp from 'fastify-plugin'
import type { FastifyReply } from 'fastify'
import { noneMatch, type Representation } from '../lib/etag.js'

declare module 'fastify' {
  interface FastifyReply {
    /** Sends a rendered resource with its ETag; a GET whose If-None-Match matches gets `304` and no body. */
    representation(rep: Representation, status?: number): FastifyReply
  }
}

/**
 * HTTP caching (RFC 9110 §13, RFC 9111): ETags on every representation, 304 on If-None-Match,
 * `public` caching only for anonymous callers and `private, no-store` for keyed ones.
 */
export default fp<{ maxAge: number }>(
  async (app, { maxAge }) => {
    const publicPolicy = `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${maxAge}`

    app.decorateReply('representation', function (this: FastifyReply, rep: Representation, status = 200) {
      this.header('etag', rep.etag)
      const conditional = status === 200 && (this.request.method === 'GET' || this.request.method === 'HEAD')
      if (conditional && noneMatch(this.request.headers['if-none-match'], rep.etag)) return this.code(304).send()
      return this.code(status).type('application/json; charset=utf-8').send(rep.json)
    })

    app.addHook('onSend', (request, reply, payload, done) => {
      const safe = request.method === 'GET' || request.method === 'HEAD'
      if (safe && (reply.statusCode === 200 || reply.statusCode === 304)) {
        reply.header('cache-control', request.caller.scope === 'public' ? publicPolicy : 'private, no-store')
      } else if (!reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store')
      }
      const vary = reply.getHeader('vary')
      reply.header('vary', vary === undefined ? 'Authorization' : `${String(vary)}, Authorization`)
      done(null, payload)
    })
  },
  { name: 'http-cache', dependencies: ['auth'] },
)
