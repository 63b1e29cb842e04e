import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { trustedProxies, webhookAllowHosts, type Config } from './config.js'
import { clientErrorHandler, frameworkErrors, notFoundHandler, registerErrorHandling } from './errors.js'
import { followChanges } from './jobs/change-follower.js'
import { runLeasedJobs } from './jobs/leased-jobs.js'
import { runWebhooks } from './jobs/webhook-delivery.js'
import { systemClock, type Clock } from './lib/clock.js'
import { ArticleListSchema, ArticleSchema, ArticleSummarySchema, RelatedItemSchema } from './modules/articles/schemas.js'
import { CaptionListSchema, CaptionSchema } from './modules/articles/caption-schemas.js'
import { RelatedListSchema } from './modules/articles/related-schemas.js'
import { captionRoutes } from './modules/articles/caption-routes.js'
import { createCaptionsService } from './modules/articles/captions.js'
import { createArticleReader } from './modules/articles/reader.js'
import { publicRenderer } from './modules/articles/views.js'
import { createRelatedService } from './modules/articles/related.js'
import { relatedRoutes } from './modules/articles/related-routes.js'
import { articleRoutes } from './modules/articles/routes.js'
import { createArticleWriter } from './modules/articles/writer.js'
import { authorRoutes } from './modules/authors/routes.js'
import { AuthorListSchema, AuthorSchema } from './modules/authors/schemas.js'
import { createAuthorsService } from './modules/authors/service.js'
import { categoryRoutes } from './modules/categories/routes.js'
import { ChangeEventSchema } from './modules/changes/events.js'
import { changeRoutes } from './modules/changes/routes.js'
import { ChangePageSchema, ChecksumSchema } from './modules/changes/schemas.js'
import { createChangesService } from './modules/changes/service.js'
import { CategoryListSchema, CategorySchema } from './modules/categories/schemas.js'
import { createCategoriesService } from './modules/categories/service.js'
import { formatRoutes } from './modules/formats/routes.js'
import { publicationOf } from './modules/formats/publication.js'
import { createFormatsService } from './modules/formats/service.js'
import { healthRoutes } from './modules/health/routes.js'
import { keyRoutes } from './modules/keys/routes.js'
import { ApiKeyListSchema, ApiKeySchema, NewApiKeySchema } from './modules/keys/schemas.js'
import { createKeysService } from './modules/keys/service.js'
import { searchRoutes } from './modules/search/routes.js'
import { SearchHitSchema, SearchResultsSchema } from './modules/search/schemas.js'
import { createSearchService } from './modules/search/service.js'
import { tagRoutes } from './modules/tags/routes.js'
import { webhookRoutes } from './modules/webhooks/routes.js'
import {
  DeliveryListSchema,
  DeliverySchema,
  NewWebhookSchema,
  WebhookListSchema,
  WebhookSchema,
  WebhookSecretSchema,
} from './modules/webhooks/schemas.js'
import { createWebhooksService } from './modules/webhooks/service.js'
import { TagListSchema, TagSchema } from './modules/tags/schemas.js'
import { createTagsService } from './modules/tags/service.js'
import auth from './plugins/auth.js'
import cors from './plugins/cors.js'
import httpCache from './plugins/http-cache.js'
import idempotency from './plugins/idempotency.js'
import loadShedding from './plugins/load-shedding.js'
import openapi from './plugins/openapi.js'
import rateLimit from './plugins/rate-limit.js'
import requestLimits from './plugins/request-limits.js'
import { ProblemSchema } from './schemas/common.js'
import type { Store } from './store/index.js'
import type { ChangeRow } from './store/write-set.js'

export interface AppOptions {
  config: Config
  /** The storage port, on a migrated database (src/server.ts opens it). */
  store: Store
  clock?: Clock
}

export type Services = ReturnType<typeof createServices>

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
    services: Services
    /** Applies the change log's new events now, as the poll would. */
    followChanges(): Promise<void>
    /** Runs the leased background jobs once now, as their timer would. */
    runJobs(): Promise<void>
    /** Looks for due webhook deliveries now, as their timer would (the attempts run on after it returns). */
    runWebhooks(): Promise<void>
  }
}

/** Every service, wired once. */
function createServices(store: Store, clock: Clock, config: Config, wakeWebhooks: () => void) {
  const urlTemplate = config.publicUrlTemplate
  const renderer = publicRenderer(urlTemplate)
  store.renderWith(renderer)
  const reader = createArticleReader({
    store,
    clock,
    urlTemplate,
    variant: renderer.variant,
    relatedFill: { defaultFill: config.relatedFillDefault, maxAgeMs: config.relatedFillMaxAgeDays * 86_400_000 },
  })
  const writer = createArticleWriter({ store, clock, urlTemplate })
  return {
    keys: createKeysService(store, clock),
    authors: createAuthorsService(store),
    categories: createCategoriesService(store),
    tags: createTagsService(store),
    reader,
    writer,
    captions: createCaptionsService({ store, reader }),
    related: createRelatedService({ store, reader, writer }),
    formats: createFormatsService({ store, clock, urlTemplate, publication: publicationOf(config), reader }),
    changes: createChangesService(store),
    search: createSearchService({
      store,
      clock,
      reader,
      ranking: { recencyBoost: config.searchRecencyBoost, halfLifeMs: config.searchRecencyHalfLifeDays * 86_400_000 },
    }),
    webhooks: createWebhooksService({ store, clock, allowHosts: webhookAllowHosts(config.webhookAllowHosts), wake: wakeWebhooks }),
  }
}

/** Every shape with an `$id`: registered once with Fastify, named as an OpenAPI component. */
const sharedSchemas: TSchema[] = [
  ProblemSchema,
  CaptionSchema,
  CaptionListSchema,
  ArticleSummarySchema,
  RelatedItemSchema,
  RelatedListSchema,
  ArticleSchema,
  ArticleListSchema,
  AuthorSchema,
  AuthorListSchema,
  CategorySchema,
  CategoryListSchema,
  TagSchema,
  TagListSchema,
  ApiKeySchema,
  NewApiKeySchema,
  ApiKeyListSchema,
  ChangeEventSchema,
  ChangePageSchema,
  ChecksumSchema,
  SearchHitSchema,
  SearchResultsSchema,
  WebhookSchema,
  NewWebhookSchema,
  WebhookListSchema,
  WebhookSecretSchema,
  DeliverySchema,
  DeliveryListSchema,
]

/**
 * JSON bodies are validated strictly (no coercion: `"5"` is not an integer; unknown properties are errors);
 * query strings and path parameters may coerce. Two Ajv instances, chosen by the part of the request.
 */
function validatorCompiler() {
  const make = (coerceTypes: boolean) =>
    addFormats.default(new Ajv.default({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false }))
  const body = make(false)
  const other = make(true)
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? body : other).compile(schema)
}

/** Builds the application (never listens): third-party plugins, then Kabar's own, then the modules. */
export async function buildApp({ config, store, clock = systemClock }: AppOptions): Promise<FastifyInstance> {
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
    // X-Forwarded-For is believed only from the configured proxies (TRUST_PROXY); off by default.
    trustProxy: trustedProxies(config.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>()
  // Node checks the headers deadline separately (60 s by default): a slow client gets the same limit for both.
  app.server.headersTimeout = config.requestTimeoutMs
  // Every route's query string is validated: a route that takes no parameters refuses unknown ones (400).
  app.addHook('onRoute', (route) => {
    if (route.schema && !route.schema.querystring)
      route.schema.querystring = { type: 'object', properties: {}, additionalProperties: false }
  })
  app.setValidatorCompiler(validatorCompiler())
  registerErrorHandling(app)

  const webhooks = runWebhooks(
    store,
    clock,
    { intervalMs: config.jobsIntervalMs, allowHosts: webhookAllowHosts(config.webhookAllowHosts) },
    app.log,
  )
  const services = createServices(store, clock, config, webhooks.wake)
  app.decorate('store', store)
  app.decorate('services', services)

  // The caches and the webhooks follow the change log: this process's commits at once, other processes' by polling.
  const apply = (changes: readonly ChangeRow[]) => {
    services.reader.apply(changes)
    services.formats.apply(changes)
    services.changes.apply(changes)
    webhooks.wake()
  }
  const follower = await followChanges(store, apply, config.changePollMs, app.log)
  const jobs = runLeasedJobs(
    store,
    clock,
    { intervalMs: config.jobsIntervalMs, retentionMs: config.changeRetentionDays * 86_400_000 },
    app.log,
  )
  app.decorate('followChanges', follower.catchUp)
  app.decorate('runJobs', jobs.tick)
  app.decorate('runWebhooks', webhooks.tick)
  app.addHook('onClose', async () => {
    follower.stop()
    await Promise.all([jobs.stop(), webhooks.stop()])
    await store.close()
  })

  await app.register(requestLimits, { maxUrlLength: config.maxUrlLength })
  await app.register(cors, { origins: config.corsOrigins })
  await app.register(loadShedding, { maxEventLoopDelayMs: config.maxEventLoopDelayMs })
  await app.register(auth, { keys: services.keys })
  // Rate limits before the routes they cover: the documentation and unknown routes too (not health and readiness).
  await app.register(rateLimit, { windowMs: config.rateLimitWindowMs, publicMax: config.rateLimitPublic, keyedMax: config.rateLimitKeyed })
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, notFoundHandler)
  await app.register(openapi, { schemas: sharedSchemas, serverUrl: config.publicBaseUrl || '/' })
  await app.register(httpCache, { maxAge: config.cacheMaxAge, baseUrl: config.publicBaseUrl })
  await app.register(idempotency, { store, clock })

  await app.register(healthRoutes, { ready: store.ready })
  await app.register(
    async (v1) => {
      await v1.register(keyRoutes, { service: services.keys })
      await v1.register(authorRoutes, { service: services.authors })
      await v1.register(categoryRoutes, { service: services.categories })
      await v1.register(tagRoutes, { service: services.tags })
      await v1.register(articleRoutes, { reader: services.reader, writer: services.writer })
      await v1.register(captionRoutes, { service: services.captions })
      await v1.register(relatedRoutes, { service: services.related })
      await v1.register(formatRoutes, { service: services.formats })
      await v1.register(searchRoutes, { service: services.search })
      await v1.register(changeRoutes, { service: services.changes, heartbeatMs: config.streamHeartbeatMs })
      await v1.register(webhookRoutes, { service: services.webhooks })
    },
    { prefix: '/v1' },
  )

  return app
}
