import fp from 'fastify-plugin'
import { allows, anonymous, type Access, type Audience } from '../domain/access.js'
import { ApiError } from '../errors.js'
import type { KeysService } from '../modules/keys/service.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    caller: Audience
    authError: ApiError | null
  }
}

/**
 * API-key auth (`Authorization: Bearer <key>`). Every route must declare `config.access`, or it does not register.
 * The caller is resolved at onRequest (so rate limits can key on it) and the access level is enforced
 * before the body is parsed.
 */
export default fp<{ keys: KeysService }>(
  async (app, { keys }) => {
    app.decorateRequest('caller', null as unknown as Audience)
    app.decorateRequest('authError', null)

    app.addHook('onRoute', (route) => {
      // The documentation UI's own routes come from @fastify/swagger-ui; they are public by design.
      if (route.url.startsWith('/docs') && route.config?.access === undefined) route.config = { ...route.config, access: 'public' }
      if (route.config?.access === undefined) {
        throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`)
      }
    })

    // Callback-style hooks: they run on every request, and an anonymous one skips a promise.
    app.addHook('onRequest', (request, _reply, done) => {
      request.caller = anonymous
      const header = request.headers.authorization
      if (header === undefined) return done()
      const refuse = () => {
        request.authError = new ApiError('unauthorized', 'The API key is missing, malformed, unknown, expired or revoked')
        done()
      }
      // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` is as good as `Bearer`.
      const match = /^Bearer +([A-Za-z0-9_-]{1,200})$/i.exec(header)
      if (!match) return refuse()
      keys.authenticate(match[1]!).then((caller) => {
        if (caller === null) return refuse()
        request.caller = caller
        done()
      }, done)
    })

    app.addHook('preParsing', (request, _reply, payload, done) => {
      if (request.authError) return done(request.authError)
      const need = request.is404 ? 'public' : (request.routeOptions.config.access ?? 'admin')
      if (allows(request.caller.scope, need)) return done(null, payload)
      done(
        request.caller.scope === 'public'
          ? new ApiError('unauthorized', `This operation needs an API key with the ${need} scope`)
          : new ApiError('forbidden', `This operation needs the ${need} scope; the key has ${request.caller.scope}`),
      )
    })
  },
  { name: 'auth' },
)
