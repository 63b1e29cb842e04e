import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { contractViolations, matchPath } from '../conformance/contract.js'
import type { TestApp } from '../helper.js'
import { document, scopes, type Level, type Operation } from './document.js'
import { clip, type FuzzRequest } from './requests.js'
import type { World } from './world.js'

/** Sends a generated request as each kind of caller and judges the answer against the properties of the fuzz test. */

export const callers = ['anonymous', 'read', 'write', 'admin', 'malformed'] as const
export type CallerName = (typeof callers)[number]

const levelOf: Record<CallerName, Level> = { anonymous: 'public', malformed: 'public', read: 'read', write: 'write', admin: 'admin' }

/** One request as sent and its response. */
export interface Exchange {
  caller: CallerName
  request: FuzzRequest
  method: string
  /** The URL as generated, and as the server sees it (light-my-request resolves dot segments and re-encodes). */
  url: string
  effectiveUrl: string
  headers: Record<string, string>
  payload?: string
  res: LightMyRequestResponse
}

/** The GET-able prefixes of a path, longest first: where an If-Match for a write on it comes from. */
function etagSources(path: string): string[] {
  const segments = path.split('/')
  const out: string[] = []
  for (let n = segments.length; n > 2; n--) {
    const prefix = segments.slice(0, n).join('/')
    const template = matchPath(prefix)
    if (template !== undefined && document.paths[template]?.get) out.push(prefix)
  }
  return out
}

async function resolveIfMatch(api: TestApp, request: FuzzRequest): Promise<string | undefined> {
  const choice = request.ifMatch
  if (choice === undefined) return undefined
  if (choice.kind === 'literal') return choice.value
  const sources = etagSources(request.url.split('?', 1)[0]!)
  const source = sources[choice.source % Math.max(1, sources.length)]
  const got = source === undefined ? undefined : await api.app.inject({ method: 'GET', url: source, headers: api.as.write })
  const etag = got?.statusCode === 200 ? String(got.headers.etag) : '"no-current-etag"'
  switch (choice.kind) {
    case 'current':
      return etag
    case 'weak':
      return `W/${etag}`
    case 'list':
      return `"other", ${etag}`
    case 'padded':
      return `  ${etag}  `
  }
}

/** Operations that answer with an endless event stream: the fuzzer reads their beginning, then hangs up. */
const streams = new Set(['streamChanges'])

/**
 * A streamed response as far as its first event (or a quiet quarter second), then the client hangs up: what a
 * finished response gives the properties, with the body received so far.
 */
async function firstEvents(api: TestApp, options: InjectOptions): Promise<LightMyRequestResponse> {
  const abort = new AbortController()
  const res = await api.app.inject({ ...options, payloadAsStream: true, signal: abort.signal })
  let text = ''
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(done, 250)
    const stream = res.stream()
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('data: ')) done()
    })
    stream.on('end', done)
    stream.on('error', done)
  })
  abort.abort()
  return Object.assign(Object.create(res) as LightMyRequestResponse, { body: text, payload: text, json: () => JSON.parse(text) as unknown })
}

export async function send(api: TestApp, request: FuzzRequest, caller: CallerName): Promise<Exchange> {
  const headers: Record<string, string> = { ...request.headers }
  const ifMatch = await resolveIfMatch(api, request)
  if (ifMatch !== undefined) headers['if-match'] = ifMatch
  if (caller === 'malformed') headers.authorization = request.badAuthorization
  else if (caller !== 'anonymous') headers.authorization = api.as[caller].authorization
  const inject = {
    method: request.method as 'GET',
    url: request.url,
    headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  }
  const res = streams.has(request.operation.id) ? await firstEvents(api, inject) : await api.app.inject(inject)
  const parsed = new URL(request.url, 'http://fuzz.invalid')
  return {
    caller,
    request,
    method: request.method,
    url: request.url,
    effectiveUrl: parsed.pathname + parsed.search,
    headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
    res,
  }
}

const ajv = addFormats.default(new Ajv2020({ allErrors: false, strict: false, validateSchema: false }))
ajv.addSchema(document, 'urn:kabar:fuzz')
const bodyValidators = new Map<string, ValidateFunction>()
const escape = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1')

/** Whether a request body would pass the operation's declared schema and media type. */
function bodyIsValid(operation: Operation, headers: Record<string, string>, payload: string): boolean {
  const media = headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase()
  if (media !== 'application/json') return false
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch {
    return false
  }
  let validate = bodyValidators.get(operation.id)
  if (!validate) {
    const ref = `urn:kabar:fuzz#/paths/${escape(operation.template)}/${operation.method.toLowerCase()}/requestBody/content/application~1json/schema`
    bodyValidators.set(operation.id, (validate = ajv.compile({ $ref: ref })))
  }
  return validate(value)
}

const segmentsOf = (url: string): string[] => {
  const path = url.split('?', 1)[0]!
  const decoded = path.split('/').map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  })
  return decoded
    .join('/')
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '' && s !== '.')
}

/** The hidden row a URL names (`articles/12`, `articles/slug/…`, `captions/3`), whatever its spelling. */
export function hiddenTarget(url: string, world: World): string | undefined {
  const segments = segmentsOf(url)
  for (let i = 0; i < segments.length - 1; i++) {
    const hidden = world.hidden[segments[i]!]
    if (!hidden) continue
    const next = segments[i + 1] === 'slug' ? segments[i + 2] : segments[i + 1]
    if (next !== undefined && hidden.map(String).includes(next)) return `${segments[i]}/${next}`
  }
  return undefined
}

/** What an error body must never show: stack frames, SQL errors, source paths. */
const internals = /"stack"|SQLITE_|\bat (?:async )?[\w.<>]+ \(|node_modules|\/src\/[\w/-]+\.[jt]s/

const success = (status: number) => status >= 200 && status < 400

/** Every property the exchange breaks, each as one line. */
export function judge(exchange: Exchange, world: World): string[] {
  const { caller, request, res } = exchange
  const { operation } = request
  const status = res.statusCode
  const out: string[] = []

  if (status >= 500) out.push(`server error ${status}`)
  for (const v of contractViolations(exchange.method, exchange.effectiveUrl, res)) out.push(`contract: ${v}`)
  if (status >= 400) {
    const type = String(res.headers['content-type'] ?? '')
    if (!type.startsWith('application/problem+json'))
      out.push(`problem: content type is ${JSON.stringify(type)}, not application/problem+json`)
    let body: Record<string, unknown> | undefined
    try {
      body = JSON.parse(res.body) as Record<string, unknown>
    } catch {
      body = undefined
    }
    if (exchange.method !== 'HEAD') {
      const missing = ['type', 'title', 'detail', 'code'].filter((k) => typeof body?.[k] !== 'string')
      if (missing.length > 0 || body?.status !== status)
        out.push(`problem: body lacks ${[...missing, ...(body?.status !== status ? ['status'] : [])].join(', ')}`)
    }
    if (internals.test(res.body)) out.push('problem: the body reveals internals')
  }

  const level = levelOf[caller]
  if (success(status) && scopes.indexOf(level) < scopes.indexOf(operation.access)) {
    out.push(`access: ${caller} got ${status} from an operation that needs ${operation.access}`)
  }
  // The request line itself is judged before credentials: a malformed URL, or a target over MAX_URL_LENGTH (4096).
  const targetRefused = (request.routerError && (status === 400 || status === 414)) || (request.url.length > 4096 && status === 414)
  if (caller === 'malformed' && status !== 401 && !targetRefused) {
    out.push(`auth: a malformed Authorization got ${status}, not 401`)
  }
  if (scopes.indexOf(level) < scopes.indexOf('write') && success(status)) {
    const location = String(res.headers.location ?? '').toLowerCase()
    const { marker } = world
    if (res.body.toLowerCase().includes(marker) || location.includes(marker))
      out.push(
        `leak: ${caller} got ${status} with hidden content (${marker}) in the ${location.includes(marker) ? 'Location header' : 'body'}`,
      )
    const target = hiddenTarget(exchange.effectiveUrl, world)
    if (target !== undefined) out.push(`leak: ${caller} got ${status} for hidden ${target}`)
  }
  if (request.invalidPath && success(status)) out.push(`path: a path parameter that breaks its schema was accepted with ${status}`)
  if (request.unknownQuery && success(status)) out.push(`query: an unknown query parameter was accepted with ${status} (API.md: 400)`)
  if (operation.body && exchange.payload !== undefined && success(status) && !bodyIsValid(operation, exchange.headers, exchange.payload)) {
    out.push(`body: a body the document's schema or media type rejects was accepted with ${status}`)
  }
  return out
}

const shownHeaders = ['content-type', 'location', 'etag', 'www-authenticate', 'retry-after', 'allow']

/** The exchange as text a reader can replay: method, URL, caller, headers, body; status, headers, body. */
export function describeExchange(exchange: Exchange, violations: string[]): string {
  const { res } = exchange
  const headers = { ...exchange.headers }
  if (exchange.caller !== 'malformed' && headers.authorization) headers.authorization = `Bearer <${exchange.caller} key>`
  const resHeaders = Object.fromEntries(shownHeaders.filter((h) => res.headers[h] !== undefined).map((h) => [h, String(res.headers[h])]))
  return [
    `${exchange.request.operation.id} as ${exchange.caller}:`,
    ...violations.map((v) => `  ✗ ${v}`),
    `  request:  ${exchange.method} ${clip(exchange.url, 400)}${exchange.effectiveUrl === exchange.url ? '' : ` (reaches the server as ${clip(exchange.effectiveUrl, 400)})`}`,
    `    headers: ${clip(JSON.stringify(headers), 600)}`,
    ...(exchange.payload !== undefined ? [`    body: ${clip(JSON.stringify(exchange.payload), 600)}`] : []),
    ...exchange.request.notes.map((n) => `    · ${n}`),
    `  response: ${res.statusCode}`,
    `    headers: ${JSON.stringify(resHeaders)}`,
    `    body: ${clip(res.body, 800)}`,
  ].join('\n')
}
