import fp from 'fastify-plugin'
import { ApiError, invalid } from '../errors.js'

/**
 * Limits every request meets first: a request target longer than `maxUrlLength` is `414` (it would otherwise
 * reach parsers and caches); an `OPTIONS` request that is not a CORS preflight (no `Origin` or no
 * `Access-Control-Request-Method`) is a `400` problem rather than the CORS plugin's plain text.
 */
export default fp<{ maxUrlLength: number }>(
  async (app, { maxUrlLength }) => {
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.url.length > maxUrlLength)
        return done(new ApiError('uri_too_long', `The request target is longer than ${maxUrlLength} characters`))
      if (
        request.method === 'OPTIONS' &&
        (request.headers.origin === undefined || request.headers['access-control-request-method'] === undefined)
      ) {
        return done(invalid('An OPTIONS request must be a CORS preflight (Origin and Access-Control-Request-Method)'))
      }
      done()
    })
  },
  { name: 'request-limits' },
)
