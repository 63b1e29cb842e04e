import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** RFC 9457 problem details, with Kabar's stable `code` and, for validation, `errors`. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance?: string
  errors?: FieldError[]
}

export interface FieldError {
  in: 'body' | 'query' | 'path' | 'header'
  path: string
  message: string
}

/** Every problem code Kabar answers with, its HTTP status and its title: the one table. */
const problems = {
  validation_failed: [400, 'Validation failed'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'Not found'],
  timeout: [408, 'Request timeout'],
  conflict: [409, 'Conflict'],
  slug_taken: [409, 'Slug already taken'],
  cursor_expired: [410, 'Cursor expired'],
  precondition_failed: [412, 'Precondition failed'],
  payload_too_large: [413, 'Payload too large'],
  uri_too_long: [414, 'URI too long'],
  unsupported_media_type: [415, 'Unsupported media type'],
  unprocessable: [422, 'Unprocessable content'],
  precondition_required: [428, 'Precondition required'],
  rate_limited: [429, 'Too many requests'],
  headers_too_large: [431, 'Request headers too large'],
  internal: [500, 'Internal server error'],
  unavailable: [503, 'Service unavailable'],
  read_only: [503, 'Database read-only'],
  storage_full: [507, 'Insufficient storage'],
} as const satisfies Record<string, readonly [number, string]>

export type ErrorCode = keyof typeof problems
const statusOf = (code: ErrorCode): number => problems[code][0]
const titleOf = (code: ErrorCode): string => problems[code][1]

export const problemType = (code: string): string => `urn:kabar:problem:${code}`

/** A failure the client can act on: rendered as problem+json with its code's status. */
export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.status = statusOf(code)
  }
}

export const notFound = (what = 'resource'): ApiError => new ApiError('not_found', `No such ${what}`)
export const conflict = (message: string): ApiError => new ApiError('conflict', message)
export const slugTaken = (slug: string): ApiError => new ApiError('slug_taken', `The slug "${slug}" is already taken`)
export const unprocessable = (message: string, errors?: FieldError[]): ApiError => new ApiError('unprocessable', message, errors)
export const invalid = (message: string, errors?: FieldError[]): ApiError => new ApiError('validation_failed', message, errors)
/** The database (or the server) cannot take the request now; the client retries after `Retry-After`. */
export const unavailable = (message: string, retryAfterSeconds = 1): ApiError =>
  new ApiError('unavailable', message, undefined, { 'retry-after': String(retryAfterSeconds) })
export const bodyError = (path: string, message: string): FieldError => ({ in: 'body', path, message })

const contextNames: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

interface AjvError {
  instancePath: string
  message?: string
  keyword: string
  params: Record<string, unknown>
}

function fieldErrors(error: FastifyError): FieldError[] {
  const where = contextNames[error.validationContext ?? 'body'] ?? 'body'
  return (error.validation as AjvError[]).map((e) => {
    const extra = e.params.missingProperty ?? e.params.additionalProperty
    const path = extra === undefined ? e.instancePath : `${e.instancePath}/${String(extra)}`
    const message = e.keyword === 'additionalProperties' ? 'is not an allowed property' : (e.message ?? 'is invalid')
    return { in: where, path, message }
  })
}

/** Maps Fastify's and its plugins' own error codes onto Kabar's problem codes. */
const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_NOT_FOUND: 'not_found',
  FST_ERR_BAD_URL: 'validation_failed',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_ASYNC_CONSTRAINT: 'validation_failed',
}

/** Router errors whose Fastify message quotes the request path (never echoed): a fixed detail instead. */
const pathQuoting: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not valid (malformed percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
}

/** A constraint the database enforced (the last line of defence behind the services' own checks). */
/** SQLite's codes and PostgreSQL's SQLSTATEs for the same constraint failures. */
const constraintCodes: Record<string, string> = {
  SQLITE_CONSTRAINT_UNIQUE: 'The change conflicts with an existing resource',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'The change conflicts with an existing resource',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'The change would break a reference between resources',
  '23505': 'The change conflicts with an existing resource',
  '23503': 'The change would break a reference between resources',
}

/**
 * PostgreSQL out of reach or refusing for now: the connection refused, lost or shut down (class 08, 57P0x), too
 * many connections (53300), a lock wait past its timeout (55P03), a deadlock or serialization failure (40xxx).
 */
const unreachable = /^(E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND|AI_AGAIN)|08...|57P0[123]|53300|55P03|40001|40P01)$/
const lostConnection =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/

/** What the database driver said: drizzle wraps a failed query, and the driver's error is its cause. */
export const driverCause = (error: unknown): unknown =>
  error instanceof Error && 'query' in error && 'params' in error && error.cause !== undefined ? error.cause : error

/** Database errors a client can act on become domain errors; anything else stays as it is (a 500). */
function fromDriver(raw: unknown): unknown {
  const error = driverCause(raw)
  const code = String((error as { code?: unknown }).code ?? '')
  const constraint = constraintCodes[code]
  if (constraint !== undefined) return conflict(constraint)
  if (code.startsWith('SQLITE_BUSY')) return unavailable('The database is busy; retry shortly')
  if (unreachable.test(code) || lostConnection.test(String((error as Error | undefined)?.message)))
    return unavailable('The database cannot be reached; retry shortly', 5)
  // The storage failing under the database: nothing was written; the client retries once it is fixed.
  if (code.startsWith('SQLITE_READONLY') || code === '25006')
    return new ApiError('read_only', 'The database cannot be written at the moment; retry later', undefined, { 'retry-after': '30' })
  if (code === 'SQLITE_FULL' || code === '53100')
    return new ApiError('storage_full', 'The database disk is full; nothing was written. Retry once space is freed.')
  if (code.startsWith('SQLITE_IOERR')) return unavailable('The database could not be written; retry later', 5)
  return raw
}

const problemOf = (code: ErrorCode, detail: string, errors?: FieldError[]): Problem => ({
  type: problemType(code),
  title: titleOf(code),
  status: statusOf(code),
  detail,
  code,
  ...(errors ? { errors } : {}),
})

/** Status codes Fastify's plugins raise by themselves, and the code Kabar names them with. */
const statusCodes: Record<number, ErrorCode> = { 408: 'timeout', 414: 'uri_too_long', 429: 'rate_limited', 503: 'unavailable' }

function toProblem(error: FastifyError | ApiError): Problem {
  if (error instanceof ApiError) return problemOf(error.code, error.message, error.errors)
  if (error.validation) return problemOf('validation_failed', 'The request does not match the schema', fieldErrors(error))
  const status = error.statusCode ?? 500
  const code = frameworkCodes[error.code] ?? statusCodes[status] ?? (status >= 500 ? 'internal' : 'validation_failed')
  // Only client errors keep their message: a 5xx never reveals internals.
  const detail =
    code === 'internal'
      ? 'An unexpected error occurred'
      : code === 'unavailable'
        ? 'The service is overloaded; retry later'
        : (pathQuoting[error.code] ?? error.message.replace(/^body\/?/, ''))
  return problemOf(code, detail)
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem)
}

/**
 * Errors Node's HTTP parser meets before Fastify has a request (a headers timeout, a malformed request line):
 * answered as problem+json on the raw socket, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const code: ErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'validation_failed'
  const status = statusOf(code)
  const body = JSON.stringify(
    problemOf(code, code === 'timeout' ? 'The request did not arrive in time' : 'The request could not be parsed'),
  )
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/**
 * For Fastify's `frameworkErrors` option: the errors the router raises before any hook or error handler runs
 * (malformed percent-encoding, a path parameter over `maxParamLength`) leave as problem+json too.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, toProblem(error))
}

/**
 * The single error path: every error from any layer leaves as problem+json. Bodies are JSON only: Fastify's
 * default text/plain parser is removed, so text/plain is a 415 like any other media type, not a string body.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain')
  // An empty `application/json` body is no body (a DELETE or an action sent by a client that always sets the
  // header); where the route needs one, validation says so. Anything else goes to Fastify's own safe parser.
  const json = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : json(request, body as string, done),
  )
  app.setErrorHandler((raw: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    const error = fromDriver(raw) as FastifyError | ApiError
    const problem = toProblem(error)
    // request.log carries the request's id (reqId) already.
    if (problem.status === 503) request.log.warn({ detail: problem.detail }, 'unavailable')
    else if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
    if (error instanceof ApiError) reply.headers(error.headers)
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer')
    return sendProblem(reply, problem)
  })
}

/** The answer to a route that does not exist (the path is never echoed). */
export const notFoundHandler = (_request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  sendProblem(reply, problemOf('not_found', 'No such route'))
