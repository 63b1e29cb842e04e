import fc from 'fast-check'
import { collectionOf, type Operation, type Parameter, type Schema, deref } from './document.js'
import {
  badIdempotencyKeys,
  contentTypes,
  hostileIdSegments,
  hostileStrings,
  malformedAuthorizations,
  nonObjectBodies,
  nested,
  routerHostileSegments,
  staleIfMatches,
  unknownQueryNames,
} from './hostile.js'
import { mutate, serialise, validValue } from './schema.js'
import type { World } from './world.js'

/**
 * A request for one operation, generated from its declaration in the document. Most of it is fixed at generation;
 * an If-Match that should carry the current ETag is resolved when the request is sent, since writes change it.
 */
export interface FuzzRequest {
  operation: Operation
  method: string
  /** The encoded path and query string as sent. */
  url: string
  headers: Record<string, string>
  /** How to fill If-Match: a literal value, or the current ETag of a GET-able prefix of the path (`source`). */
  ifMatch?: { kind: 'literal'; value: string } | { kind: 'current' | 'weak' | 'list' | 'padded'; source: number }
  /** The exact body text, when one is sent. */
  payload?: string
  /** The Authorization the `malformed` caller sends. */
  badAuthorization: string
  /** What was done to the request, for the failure report: `path id=01`, `wrong type at /title`… */
  notes: string[]
  /** The URL is malformed at the router level (bad escape, over-long parameter): 400/414 before anything else. */
  routerError: boolean
  /** A query parameter the operation does not declare is present. */
  unknownQuery: boolean
  /** A path parameter, decoded, breaks its declared schema (`01`, `1abc`, `%2F`…): it must never succeed. */
  invalidPath: boolean
}

/** Percent-encodes; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
const encode = (value: string): string => {
  try {
    return encodeURIComponent(value)
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'))
  }
}

/** `arb` in about `percent`% of cases, else null (fc.option's `freq` counts the other way). */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(null) }, { weight: percent, arbitrary: arb })

interface Piece {
  text: string
  note?: string
  routerError?: boolean
  invalid?: boolean
}

/** The integer pool for bodies: every seeded id, and by collection for `authorId`-like properties. */
const pool = (world: World) => ({ ids: world.allIds, named: world.ids })

/**
 * A path parameter: an existing row (public or hidden); when `hostile`, also a missing one, or a segment that is
 * not a canonical id or slug at all.
 */
function pathValue(operation: Operation, param: Parameter, world: World, hostile: boolean): fc.Arbitrary<Piece> {
  const schema = deref(param.schema ?? { type: 'string' })
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern, 'u')
  const fits = (s: string) => pattern === undefined || pattern.test(s)
  const collection = collectionOf(operation.template, param.name) ?? ''
  const existing = [...(world.ids[collection] ?? world.allIds).map(String), ...(world.slugs[collection] ?? [])].filter(fits)
  const hidden = (world.hidden[collection] ?? []).map(String).filter(fits)
  const missing = ['999999', '9999999999999999', 'tidak-ada', 'a'].filter(fits)
  const reserved = new Set((world.reserved[collection] ?? []).map(String))
  const weighted: fc.WeightedArbitrary<Piece>[] = [
    { weight: 8, arbitrary: fc.constantFrom(...(existing.length > 0 ? existing : ['1'])).map((v) => ({ text: encode(v) })) },
  ]
  if (hidden.length > 0)
    weighted.push({ weight: 3, arbitrary: fc.constantFrom(...hidden).map((v) => ({ text: encode(v), note: `${param.name}=hidden ${v}` })) })
  if (hostile)
    weighted.push(
      { weight: 2, arbitrary: fc.constantFrom(...hostileIdSegments).map((v) => ({ text: v, note: `${param.name}=${v}` })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...hostileStrings.filter((s) => s.length < 150))
          .map((v) => ({ text: encode(v), note: `${param.name}=hostile` })),
      },
      {
        weight: 1,
        arbitrary: validValue(schema, pool(world)).map((v) => ({
          text: encode(reserved.has(String(v)) ? '999999' : String(v)),
          note: `${param.name}=random`,
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...routerHostileSegments)
          .map((v) => ({ text: v, note: `${param.name}=router-hostile`, routerError: true })),
      },
    )
  if (hostile && missing.length > 0)
    weighted.push({ weight: 1, arbitrary: fc.constantFrom(...missing).map((v) => ({ text: v, note: `${param.name}=missing` })) })
  const decodes = (text: string) => {
    try {
      return decodeURIComponent(text)
    } catch {
      return undefined
    }
  }
  const valid = (text: string) => {
    const value = decodes(text)
    return (
      value !== undefined &&
      fits(value) &&
      (schema.maxLength === undefined || [...value].length <= schema.maxLength) &&
      (schema.minLength === undefined || [...value].length >= schema.minLength)
    )
  }
  return fc.oneof(...weighted).map((piece) => (valid(piece.text) ? piece : { ...piece, invalid: true }))
}

/** Values for a declared query parameter: valid; when `hostile`, also wrong type, hostile, empty, repeated. */
function queryValues(param: Parameter, world: World, hostile: boolean): fc.Arbitrary<{ pairs: [string, string][]; note?: string }> {
  const schema = param.schema ?? { type: 'string' }
  const one = (value: string, note?: string) => ({ pairs: [[param.name, value]] as [string, string][], ...(note ? { note } : {}) })
  const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
  const valid = validValue(schema, pool(world)).map((v) => one(asText(v)))
  if (!hostile) return valid
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('abc', '1.5', '-1', '0', '101', '1e2', '0x10', 'true', '[]', '{}', '2026-13-45T99:99:99Z', 'null')
        .map((v) => one(v, `${param.name}=${v} (wrong type)`)),
    },
    { weight: 2, arbitrary: fc.constantFrom(...hostileStrings).map((v) => one(v, `${param.name}=hostile`)) },
    { weight: 1, arbitrary: fc.constant(one('', `${param.name}= (empty)`)) },
    {
      weight: 1,
      arbitrary: fc.tuple(validValue(schema, pool(world)), validValue(schema, pool(world))).map(([a, b]) => ({
        pairs: [
          [param.name, asText(a)],
          [param.name, asText(b)],
        ] as [string, string][],
        note: `${param.name} repeated`,
      })),
    },
  )
}

function queryString(
  operation: Operation,
  world: World,
  hostile: boolean,
): fc.Arbitrary<{ text: string; notes: string[]; unknown: boolean }> {
  const declared = operation.queryParams.map((p) => sometimes(queryValues(p, world, hostile), hostile ? 40 : 25))
  const undeclared = unknownQueryNames.filter((name) => !operation.queryParams.some((p) => p.name === name))
  const unknown = !hostile
    ? fc.constant(null)
    : sometimes(
        fc.array(
          fc.tuple(
            fc.constantFrom(...undeclared),
            fc.oneof(fc.constantFrom(...hostileStrings.filter((s) => s.length < 200)), fc.constant('1')),
          ),
          { minLength: 1, maxLength: 2 },
        ),
        15,
      )
  return fc.tuple(fc.tuple(...declared), unknown, hostile ? fc.boolean() : fc.constant(false)).map(([values, extra, raw]) => {
    const pairs: [string, string][] = []
    const notes: string[] = []
    for (const value of values) {
      if (value === null) continue
      pairs.push(...value.pairs)
      if (value.note) notes.push(`query ${value.note}`)
    }
    if (extra) {
      pairs.push(...extra)
      notes.push(`unknown query ${extra.map(([k]) => JSON.stringify(k)).join(', ')}`)
    }
    // `raw` leaves brackets and quotes unescaped in names, as a hand-typed URL would.
    const text = pairs.map(([k, v]) => `${raw ? k.replace(/[^\w[\]'.-]/g, encode) : encode(k)}=${encode(v)}`).join('&')
    return { text: text === '' ? '' : `?${text}`, notes, unknown: extra !== null }
  })
}

/** Spellings of a path that must not reach a different or hidden resource: trailing slash, `//`, case, `%2F`. */
const spellings: Array<[string, (path: string) => string]> = [
  ['trailing slash', (p) => `${p}/`],
  ['double slash', (p) => p.replace('/v1/', '/v1//')],
  ['upper case', (p) => p.toUpperCase()],
  ['encoded slash', (p) => p.replace(/\/([^/]*)$/, '%2F$1')],
]

type IfMatch = NonNullable<FuzzRequest['ifMatch']>

const currentIfMatch: fc.Arbitrary<IfMatch | undefined> = fc.record({ kind: fc.constant('current' as const), source: fc.nat(3) })

const hostileIfMatch: fc.Arbitrary<IfMatch | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('current' as const), source: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('weak' as const, 'list' as const, 'padded' as const), source: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.constantFrom(...staleIfMatches, '*').map((value) => ({ kind: 'literal' as const, value })) },
  { weight: 2, arbitrary: fc.constant(undefined) },
)

function headerValue(param: Parameter, hostile: boolean): fc.Arbitrary<string | undefined> {
  if (param.name.toLowerCase() === 'idempotency-key') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,40}$/) },
      { weight: 2, arbitrary: fc.constantFrom('kunci-tetap', 'kunci-kedua') },
      { weight: hostile ? 2 : 0, arbitrary: fc.constantFrom(...badIdempotencyKeys) },
    )
  }
  const valid = validValue(param.schema ?? { type: 'string' }, { ids: [] }).map(String)
  return sometimes(hostile ? fc.oneof(valid, fc.constantFrom(...hostileStrings.filter((s) => s.length < 200))) : valid, 50).map(
    (v) => v ?? undefined,
  )
}

interface Body {
  payload?: string
  notes: string[]
}

/** A body for an operation that declares one: valid, broken in one named way, not an object, nested, huge or absent. */
function bodyFor(schema: Schema, world: World, bodyLimit: number, hostile: boolean): fc.Arbitrary<Body> {
  const valid = validValue(schema, pool(world))
  if (!hostile) return valid.map((v) => ({ payload: serialise(v), notes: ['valid body'] }))
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => ({ payload: serialise(v), notes: ['valid body'] })) },
    {
      weight: 8,
      arbitrary: valid.chain((v) => mutate(v, deref(schema))).map((m) => ({ payload: serialise(m.value), notes: [`body: ${m.note}`] })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...nonObjectBodies).map((text) => ({ payload: text, notes: ['body: not a JSON object'] })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('array' as const, 'object' as const)
        .map((kind) => ({ payload: nested(5000, kind), notes: [`body: 5,000 levels of nested ${kind}s`] })),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ notes: ['no body'] }) },
    {
      weight: 1,
      arbitrary: fc.constant<Body>({ payload: JSON.stringify({ pad: 'x'.repeat(bodyLimit) }), notes: ['body: over the body limit'] }),
    },
  )
}

/** A stray body on an operation that takes none (DELETE, GET). */
const strayBody: fc.Arbitrary<Body> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Body>({ notes: [] }) },
  { weight: 1, arbitrary: fc.constantFrom('{}', '{"a":1}', '<x/>', 'teks').map((payload): Body => ({ payload, notes: ['stray body'] })) },
)

const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom(...contentTypes) },
)

/** Undeclared headers a client may send anyway. */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'if-none-match': fc.constantFrom('*', '"stale"', 'W/"x"', '', "' OR 1=1 --"),
    accept: fc.constantFrom('application/xml', 'text/html', '*/*', 'application/problem+json', 'application/json;q=0'),
    'x-forwarded-for': fc.constantFrom('10.0.0.1', '127.0.0.1, 8.8.8.8', 'garbage'),
    'if-match': fc.constantFrom('*', '"stale"'),
    origin: fc.constantFrom('https://evil.example', 'null'),
  },
  { requiredKeys: [] },
)

export interface GenerateOptions {
  bodyLimit: number
}

/**
 * What a request breaks: nothing, one part, or everything at once. Focused requests get past the checks they do
 * not aim at (a valid body behind a current If-Match reaches the service layer); chaos mixes every trap.
 */
const focuses = ['valid', 'path', 'query', 'headers', 'body', 'chaos'] as const
type Focus = (typeof focuses)[number]
const focusArb: fc.Arbitrary<Focus> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('valid' as const) },
  { weight: 2, arbitrary: fc.constant('path' as const) },
  { weight: 2, arbitrary: fc.constant('query' as const) },
  { weight: 2, arbitrary: fc.constant('headers' as const) },
  { weight: 3, arbitrary: fc.constant('body' as const) },
  { weight: 3, arbitrary: fc.constant('chaos' as const) },
)

/** Every part of a request for `operation`, drawn from its declaration. */
export function requestFor(operation: Operation, world: World, { bodyLimit }: GenerateOptions): fc.Arbitrary<FuzzRequest> {
  const takesIfMatch = operation.headerParams.some((p) => p.name.toLowerCase() === 'if-match')
  const method =
    operation.method === 'GET' ? fc.constantFrom('GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'HEAD') : fc.constant(operation.method)
  const parts = (focus: Focus) => {
    const hostile = (part: Focus) => focus === part || focus === 'chaos'
    return fc.record({
      focus: fc.constant(focus),
      params: fc.tuple(...operation.pathParams.map((p) => pathValue(operation, p, world, hostile('path')))),
      spelling: hostile('path') ? sometimes(fc.constantFrom(...spellings), 15) : fc.constant(null),
      query: queryString(operation, world, hostile('query')),
      headers: fc.tuple(
        ...operation.headerParams
          .filter((p) => p.name.toLowerCase() !== 'if-match')
          .map((p) => headerValue(p, hostile('headers')).map((v) => [p.name.toLowerCase(), v] as const)),
      ),
      ifMatch: !takesIfMatch ? fc.constant(undefined) : hostile('headers') ? hostileIfMatch : currentIfMatch,
      extra: hostile('headers') ? sometimes(extraHeaders, 40) : fc.constant(null),
      body: operation.body
        ? bodyFor(operation.body, world, bodyLimit, hostile('body'))
        : hostile('body')
          ? strayBody
          : fc.constant<Body>({ notes: [] }),
      contentType: hostile('body') ? contentTypeArb : fc.constant('application/json'),
      method,
      badAuthorization: fc.constantFrom(...malformedAuthorizations),
    })
  }

  // Built once per focus: arbitraries are costly to create, cheap to draw from.
  const byFocus = new Map(focuses.map((focus) => [focus, parts(focus)]))
  return focusArb
    .chain((focus) => byFocus.get(focus)!)
    .map((g) => {
      const notes: string[] = [`focus: ${g.focus}`]
      let routerError = false
      let invalidPath = false
      let path = operation.template
      operation.pathParams.forEach((param, i) => {
        const piece = g.params[i]!
        path = path.replace(`{${param.name}}`, piece.text)
        if (piece.note) notes.push(`path ${piece.note}`)
        if (piece.routerError) routerError = true
        if (piece.invalid) invalidPath = true
      })
      if (g.spelling && g.spelling[1](path) !== path) {
        path = g.spelling[1](path)
        notes.push(`path spelling: ${g.spelling[0]}`)
      }
      notes.push(...g.query.notes)
      const headers: Record<string, string> = {}
      if (g.extra && Object.keys(g.extra).length > 0) {
        Object.assign(headers, g.extra)
        notes.push(`extra headers ${Object.keys(g.extra).join(', ')}`)
      }
      for (const [name, value] of g.headers) {
        if (value === undefined) continue
        headers[name] = value
        notes.push(`${name}: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`)
      }
      notes.push(...g.body.notes)
      if (g.body.payload !== undefined && g.contentType !== undefined) headers['content-type'] = g.contentType
      if (g.body.payload !== undefined && g.contentType !== 'application/json') notes.push(`content-type: ${g.contentType ?? '(none)'}`)
      if (g.ifMatch)
        notes.push(
          `if-match: ${g.ifMatch.kind === 'literal' ? JSON.stringify(g.ifMatch.value.slice(0, 40)) : `${g.ifMatch.kind} ETag of GET-able prefix #${g.ifMatch.source}`}`,
        )
      const request: FuzzRequest = {
        operation,
        method: g.method,
        url: path + g.query.text,
        headers,
        ...(g.ifMatch ? { ifMatch: g.ifMatch } : {}),
        ...(g.body.payload !== undefined ? { payload: g.body.payload } : {}),
        badAuthorization: g.badAuthorization,
        notes,
        routerError,
        unknownQuery: g.query.unknown,
        invalidPath,
      }
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) })
    })
}

/** One line per part of the request, long bodies cut: what fast-check prints as the counterexample. */
export function describeRequest(request: FuzzRequest): string {
  return [`${request.method} ${clip(request.url, 300)} (${request.operation.id})`, ...request.notes.map((n) => `  · ${n}`)].join('\n')
}

export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars in all)`
