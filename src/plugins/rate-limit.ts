import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import { ApiError } from '../errors.js'

export interface RateLimitOptions {
  windowMs: number
  publicMax: number
  keyedMax: number
}

/** Requests per window, per API key, else per client IP (`429` with `Retry-After`). Counted in this process. */
export default fp<RateLimitOptions>(
  async (app, { windowMs, publicMax, keyedMax }) => {
    await app.register(rateLimit, {
      timeWindow: windowMs,
      max: (request) => (request.caller.scope === 'public' ? publicMax : keyedMax),
      keyGenerator: (request) => (request.caller.keyId === null ? `ip:${request.ip}` : `key:${request.caller.keyId}`),
      // Only Retry-After, on 429: the plugin's x-ratelimit-* names are obsolete (draft-ietf-httpapi-ratelimit-headers)
      // and cost three headers on every response of the hot read path.
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
      errorResponseBuilder: (_request, context) => new ApiError('rate_limited', `Rate limit exceeded; retry in ${context.after}`),
    })
  },
  { name: 'rate-limit', dependencies: ['auth'] },
)
