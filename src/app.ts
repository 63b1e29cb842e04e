import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import type { Config } from './config.js'
import { migrateDatabase, migrationsApplied, openDatabase, type Db } from './db/connect.js'
import { createWriteBatcher } from './db/write-batch.js'
import { ApiError, clientErrorHandler, frameworkErrors, registerErrorHandling } from './errors.js'
import { systemClock, type Clock } from './lib/clock.js'
import auth from './plugins/auth.js'
import httpCache from './plugins/http-cache.js'
import idempotency from './plugins/idempotency.js'
import openapi from './plugins/openapi.js'
import { authorRoutes } from './modules/authors/routes.js'
import { categoryRoutes } from './modules/categories/routes.js'
import { seedIfEmpty } from './seed/demo.js'
import { createServices } from './services.js'
import { healthRoutes } from './modules/health/routes.js'
import { keyRoutes } from './modules/keys/routes.js'
import { articleRoutes } from './modules/articles/routes.js'
import { captionRoutes } from './modules/captions/routes.js'
import { relatedRoutes } from './modules/related/routes.js'
import { tagRoutes } from './modules/tags/routes.js'

export interface AppOptions {
  config: Config
  /** An open database; by default the one at `config.databasePath`, migrated. */
  db?: Db
  clock?: Clock
}

declare module 'fastify' {
  interface FastifyInstance { db: Db }
}

/**
 * JSON bodies are validated strictly (no coercion: `"5"` is not an integer; unknown properties are errors);
 * query strings and path parameters may coerce. Two Ajv instances, chosen by the part of the request.
 */
function validatorCompiler() {
  const make = (coerceTypes: boolean) => addFormats.default(new Ajv.default({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false }))
  const body = make(false)
  const other = make(true)
  return ({ schema, httpPart }: { schema: object, httpPart?: string }) => (httpPart === 'body' ? body : other).compile(schema)
}

/** Builds the application (never listens): plugins first, then modules, in one explicit list. */
export async function buildApp({ config, db = openDatabase(config.databasePath), clock = systemClock }: AppOptions): Promise<FastifyInstance> {
  migrateDatabase(db)
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    requestTimeout: config.requestTimeoutMs,
    // Node enforces request deadlines when it sweeps connections: every second rather than every 30.
    http: { connectionsCheckingInterval: 1000 },
    // While closing, requests still in flight are answered normally with `Connection: close` (server.ts).
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: false },
  }).withTypeProvider<TypeBoxTypeProvider>()
  // Node checks the headers deadline separately (60 s by default): a slow client gets the same limit for both.
  app.server.headersTimeout = config.requestTimeoutMs
  // Every route's query string is validated: a route that takes no parameters refuses unknown ones (400).
  app.addHook('onRoute', (route) => {
    if (route.schema && !route.schema.querystring) route.schema.querystring = { type: 'object', properties: {}, additionalProperties: false }
  })
  app.setValidatorCompiler(validatorCompiler())
  app.decorate('db', db)
  app.addHook('onClose', async () => { db.$client.close() })
  registerErrorHandling(app)

  const services = createServices({ db, clock, urlTemplate: config.publicUrlTemplate })
  // The first start on an empty database loads the demo newsroom, unless SEED_DEMO=false.
  if (config.seedDemo) seedIfEmpty(db, services, clock)

  if (process.env.NO_CORS !== '1') await app.register(cors, {
    origin: config.corsOrigins === '*' ? '*' : config.corsOrigins.split(',').map((o) => o.trim()),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
    exposedHeaders: ['ETag', 'Link', 'Location', 'Retry-After'],
    maxAge: 600,
  })
  // Sheds load with 503 + Retry-After when the event loop stalls. The first samples after start-up measure
  // start-up itself (migrations, compiling schemas), so shedding starts after a short grace period.
  let sheddingFrom = Infinity
  app.addHook('onReady', async () => { sheddingFrom = Date.now() + 2000 })
  if (process.env.NO_UP !== '1') await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    pressureHandler: async () => {
      if (Date.now() >= sheddingFrom) throw new ApiError(503, 'unavailable', 'The server is overloaded; retry later', undefined, { 'retry-after': '5' })
    },
  })
  await app.register(auth, { keys: services.keys })
  await app.register(openapi)
  if (process.env.NO_RL !== '1') await app.register(rateLimit, {
    timeWindow: config.rateLimitWindowMs,
    max: (request) => (request.caller.scope === 'public' ? config.rateLimitPublic : config.rateLimitKeyed),
    keyGenerator: (request) => (request.caller.keyId === null ? `ip:${request.ip}` : `key:${request.caller.keyId}`),
    // Only Retry-After, on 429: the plugin's x-ratelimit-* names are obsolete (draft-ietf-httpapi-ratelimit-headers)
    // and cost three headers on every response of the hot read path.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_request, context) => new ApiError(429, 'rate_limited', `Rate limit exceeded; retry in ${context.after}`),
  })
  await app.register(httpCache, { maxAge: config.cacheMaxAge })
  await app.register(idempotency, { db, clock, batcher: createWriteBatcher(db) })

  await app.register(healthRoutes, { ready: () => { try { return migrationsApplied(db) } catch { return false } } })
  await app.register(async (v1) => {
    await v1.register(keyRoutes, { service: services.keys })
    await v1.register(authorRoutes, { service: services.authors })
    await v1.register(categoryRoutes, { service: services.categories })
    await v1.register(tagRoutes, { service: services.tags })
    await v1.register(articleRoutes, { reader: services.reader, writer: services.writer })
    await v1.register(captionRoutes, { service: services.captions })
    await v1.register(relatedRoutes, { service: services.related })
  }, { prefix: '/v1' })

  return app
}
