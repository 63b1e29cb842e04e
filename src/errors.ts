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

const titles: Record<string, string> = {
  validation_failed: 'Validation failed',
  not_found: 'Not found',
  slug_taken: 'Slug already taken',
  precondition_failed: 'Precondition failed',
  precondition_required: 'Precondition required',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  rate_limited: 'Too many requests',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  not_acceptable: 'Not acceptable',
  conflict: 'Conflict',
  unprocessable: 'Unprocessable content',
  idempotency_conflict: 'Idempotency key in use',
  uri_too_long: 'URI too long',
  timeout: 'Request timeout',
  headers_too_large: 'Request headers too large',
  unavailable: 'Service unavailable',
  internal: 'Internal server error',
}

export const problemType = (code: string): string => `urn:kabar:problem:${code}`

/** A failure the client can act on: rendered as problem+json with its status and stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export const notFound = (what = 'resource'): ApiError => new ApiError(404, 'not_found', `No such ${what}`)
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message)
export const slugTaken = (slug: string): ApiError => new ApiError(409, 'slug_taken', `The slug "${slug}" is already taken`)
export const unprocessable = (message: string, errors?: FieldError[]): ApiError =>
  new ApiError(422, 'unprocessable', message, errors)
export const bodyError = (path: string, message: string): FieldError => ({ in: 'body', path, message })

const contextNames: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

interface AjvError { instancePath: string, message?: string, keyword: string, params: Record<string, unknown> }

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
const frameworkCodes: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'validation_failed'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'validation_failed'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'validation_failed'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_NOT_FOUND: [404, 'not_found'],
  FST_ERR_BAD_URL: [400, 'validation_failed'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'validation_failed'],
}

/** Router errors whose Fastify message quotes the request path (never echoed): a fixed detail instead. */
const pathQuoting: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not valid (malformed percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
}

/** A constraint the database enforced (the last line of defence behind the services' own checks). */
const constraintCodes: Record<string, string> = {
  SQLITE_CONSTRAINT_UNIQUE: 'The change conflicts with an existing resource',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'The change conflicts with an existing resource',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'The change would break a reference between resources',
}

export function toProblem(error: FastifyError | ApiError): Problem {
  const constraint = constraintCodes[(error as { code?: string }).code ?? '']
  if (constraint !== undefined) return toProblem(conflict(constraint))
  if (error instanceof ApiError) {
    return { type: problemType(error.code), title: titles[error.code] ?? error.code, status: error.status, detail: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) }
  }
  if (error.validation) {
    return { type: problemType('validation_failed'), title: titles.validation_failed!, status: 400, detail: 'The request does not match the schema', code: 'validation_failed', errors: fieldErrors(error) }
  }
  const mapped = frameworkCodes[error.code]
  const status = mapped?.[0] ?? error.statusCode ?? 500
  const code = mapped?.[1] ?? (status === 429 ? 'rate_limited' : status === 503 ? 'unavailable' : status === 414 ? 'uri_too_long' : status === 408 ? 'timeout' : status >= 500 ? 'internal' : 'validation_failed')
  // Only client errors keep their message: a 5xx never reveals internals.
  const detail = status >= 500 ? (status === 503 ? 'The service is overloaded; retry later' : 'An unexpected error occurred')
    : pathQuoting[error.code] ?? error.message.replace(/^body\/?/, '')
  return { type: problemType(code), title: titles[code] ?? 'Error', status, detail, code }
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
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
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const code = status === 408 ? 'timeout' : status === 431 ? 'headers_too_large' : 'validation_failed'
  const detail = status === 408 ? 'The request did not arrive in time' : 'The request could not be parsed'
  const body = JSON.stringify({ type: problemType(code), title: titles[code], status, detail, code })
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
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
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error)
    if (problem.status === 503) request.log.warn({ reqId: request.id }, 'shedding load')
    else if (problem.status >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed')
    if (error instanceof ApiError) reply.headers(error.headers)
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer')
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler((_request, reply) =>
    sendProblem(reply, { type: problemType('not_found'), title: titles.not_found!, status: 404, detail: 'No such route', code: 'not_found' }))
}
