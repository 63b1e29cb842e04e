import { Type, type TSchema } from '@sinclair/typebox'
import { ProblemSchema } from './common.js'

/** Response declarations in the form both Fastify (serialisation) and @fastify/swagger (document) read. */

const header = (description: string) => ({ type: 'string', description })

export const headers = {
  etag: header('Strong entity tag of the representation'),
  location: header('URL of the created resource'),
  link: header('RFC 8288 link to the next page: `<url>; rel="next"`'),
  cacheControl: header('`public, max-age=…` for anonymous callers, `private, no-store` for keyed callers'),
  retryAfter: header('Seconds to wait before retrying'),
  surrogateKey: header(
    'Space-separated dependency keys (`article:7 category:2 tag:5`, `list:public`) for CDN purges (Fastly, Varnish xkey); see the README',
  ),
  cacheTag: header('The same dependency keys, comma-separated, for Cloudflare'),
} as const

const problemDescriptions: Record<number, string> = {
  400: 'Malformed request, schema violation, unknown parameter or property',
  401: 'Missing, unknown, expired or revoked API key',
  403: 'The API key lacks the required scope',
  404: 'No such resource, or one the caller may not see',
  409: 'Conflict with the current state (slug taken, still referenced)',
  410: 'The cursor is older than the change log keeps (code `cursor_expired`): resync from the start',
  412: 'The If-Match ETag is stale; the current ETag is in the response header',
  413: 'Request body larger than the configured limit',
  414: 'The request target is longer than MAX_URL_LENGTH (4096 characters), or a path parameter longer than 200',
  415: 'The request body is not application/json',
  422: 'Well-formed, but breaks a rule of the resource',
  428: 'This write requires an If-Match header',
  429: 'Rate limit exceeded; see Retry-After',
  500: 'An unexpected error; the body reveals nothing, the server logs it with the request id',
  503: 'Overloaded, the database unavailable, read-only or not ready; see Retry-After',
  507: 'The database disk is full; nothing was written',
}

const problemHeaders: Record<number, Record<string, unknown>> = {
  401: { 'WWW-Authenticate': header('`Bearer`') },
  412: { ETag: headers.etag },
  429: { 'Retry-After': headers.retryAfter },
  503: { 'Retry-After': headers.retryAfter },
}

export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemDescriptions[status],
        ...(problemHeaders[status] ? { headers: problemHeaders[status] } : {}),
        content: { 'application/problem+json': { schema: Type.Ref(ProblemSchema) } },
      },
    ]),
  )
}

export function json(schema: TSchema, description: string, responseHeaders: Record<string, unknown> = {}, mediaType = 'application/json') {
  return { description, headers: responseHeaders, content: { [mediaType]: { schema } } }
}

/** 200 with ETag and Cache-Control, and the 304 a matching If-None-Match gets; JSON unless another media type is named. */
export function cacheable(schema: TSchema, description: string, extraHeaders: Record<string, unknown> = {}, mediaType?: string) {
  return {
    200: json(
      schema,
      description,
      {
        ETag: headers.etag,
        'Cache-Control': headers.cacheControl,
        'Surrogate-Key': headers.surrogateKey,
        'Cache-Tag': headers.cacheTag,
        ...extraHeaders,
      },
      mediaType,
    ),
    304: {
      description: 'Not modified: the If-None-Match ETag is current',
      type: 'null',
      headers: {
        ETag: headers.etag,
        'Cache-Control': headers.cacheControl,
        'Surrogate-Key': headers.surrogateKey,
        'Cache-Tag': headers.cacheTag,
      },
    },
  }
}

/** 201 with Location and ETag; a create that takes an Idempotency-Key may answer a replay, marked as such. */
export const created = (schema: TSchema, description: string, { idempotent = true } = {}) => ({
  201: json(schema, description, {
    Location: headers.location,
    ETag: headers.etag,
    ...(idempotent
      ? { 'Idempotent-Replayed': header('`true` when this answer replays the first create sent with the same Idempotency-Key') }
      : {}),
  }),
})

export const updated = (schema: TSchema, description: string) => ({ 200: json(schema, description, { ETag: headers.etag }) })

export const noContent = (description: string) => ({ 204: { description, type: 'null' } })

/** The problems every route can answer with. */
export const always = [400, 429] as const

/**
 * Problems the cross-cutting plugins add to every operation, declared or not: an unknown, expired or revoked key is
 * `401` on any route (auth), an over-long request target or path parameter is `414`, the rate limit is `429`,
 * load shedding, shutdown and an unavailable database are `503`. The OpenAPI transform merges them under each
 * route's own declarations.
 */
export const everywhere = [401, 414, 429, 500, 503] as const

/**
 * What any request of a method that may carry a body can answer with, whether the route takes one or not: Fastify
 * parses a sent body before the route runs (a DELETE with a text/xml body is `415`, an oversized one `413`).
 */
export const withBody = [413, 415] as const
/** What any write can answer with: the disk under the database is full (nothing was written). */
export const onWrite = [507] as const
export const bodyMethods: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE']
