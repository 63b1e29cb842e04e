import fp from 'fastify-plugin'
import cors from '@fastify/cors'

/**
 * CORS for browsers on other origins: reads from any origin by default, or the configured list; the headers a
 * client needs to read (ETag, Link, Location, Retry-After) are exposed.
 */
export default fp<{ origins: string }>(
  async (app, { origins }) => {
    await app.register(cors, {
      origin: origins === '*' ? '*' : origins.split(',').map((o) => o.trim()),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
      exposedHeaders: ['ETag', 'Link', 'Location', 'Retry-After'],
      maxAge: 600,
    })
  },
  { name: 'cors' },
)
