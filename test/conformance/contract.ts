import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/**
 * Response conformance against the COMMITTED OpenAPI document (`openapi/openapi.json`): the status is declared for
 * the operation, the content type is declared, the body is valid against the declared schema, and the headers the
 * contract promises are present. `call()` in test/helper.ts applies it to every response; other tests (fuzzers)
 * import `checkResponse` or `contractViolations` from here.
 *
 * Ajv 2020 is used directly (OpenAPI 3.1 schemas are JSON Schema 2020-12): the whole document is added once under
 * one id, and each response schema is compiled lazily through a JSON Pointer into it, so `#/components/...` refs
 * resolve exactly as in the document.
 */

export const documentFile = new URL('../../openapi/openapi.json', import.meta.url)

/** What the check reads of a response: light-my-request's response (`app.inject`) fits. */
export interface ResponseLike {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

/** Thrown by `checkResponse`; the message names method, path, status and every violation. */
export class ContractViolation extends Error {
  override name = 'ContractViolation'
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly violations: string[],
  ) {
    super(`${method} ${path} → ${status} does not conform to openapi/openapi.json:\n  - ${violations.join('\n  - ')}`)
  }
}

interface MediaType {
  schema?: object
}
interface HeaderObject {
  schema?: object
  required?: boolean
}
interface ResponseObject {
  content?: Record<string, MediaType>
  headers?: Record<string, HeaderObject>
}
interface Operation {
  operationId?: string
  responses?: Record<string, ResponseObject>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}

/** Routes deliberately left out of the document: the document itself and the docs UI's assets. */
const undocumented = [/^\/openapi\.json$/, /^\/docs(?:\/.*)?$/]

/** Headers whose presence the contract guarantees whenever a response declares them. */
const guaranteedHeaders = ['etag', 'location', 'www-authenticate', 'retry-after', 'cache-control']

/** Headers some statuses must carry, declared or not (RFC 9110 §10.2.2, §11.6.1; RFC 6585 §4; API.md). */
const headersByStatus: Record<number, string[]> = {
  201: ['location'],
  401: ['www-authenticate'],
  429: ['retry-after'],
  503: ['retry-after'],
}

const documentId = 'urn:kabar:openapi'
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']
const pointer = (...parts: string[]) => `${documentId}#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`

interface PathTemplate {
  template: string
  segments: (string | null)[]
}

interface Contract {
  document: Document
  templates: PathTemplate[]
  validator(ref: string): ValidateFunction
  errorsText(validate: ValidateFunction, dataVar: string): string
}

/** Loads, indexes and compiles the document once per process, when this module is first imported. */
function load(): Contract {
  const document = JSON.parse(readFileSync(documentFile, 'utf8')) as Document
  const ajv = addFormats.default(new Ajv2020({ allErrors: true, strict: false, validateSchema: false }))
  ajv.addSchema(document, documentId)
  // Keyed by the schema's own JSON: the many identical ones (every problem, every string header) compile once.
  const bySchema = new Map<string, ValidateFunction>()
  const byRef = new Map<string, ValidateFunction>()
  const at = (ref: string) =>
    ref
      .slice(documentId.length + 2)
      .split('/')
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')], document)
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    segments: template.split('/').map((s) => (/^\{[^}]+\}$/.test(s) ? null : s)),
  }))
  const validator = (ref: string) => {
    let validate = byRef.get(ref)
    if (validate) return validate
    const key = JSON.stringify(at(ref))
    validate = bySchema.get(key) ?? ajv.compile({ $ref: ref })
    bySchema.set(key, validate)
    byRef.set(ref, validate)
    return validate
  }
  // Compile every response schema now, while no app runs: a first-use compile inside a request would stall the event
  // loop of the app under test, and @fastify/under-pressure answers 503 after a long stall.
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item).filter(([key]) => methods.includes(key))) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        for (const [name, header] of Object.entries(response.headers ?? {})) {
          if (header.schema) validator(pointer('paths', template, method, 'responses', status, 'headers', name, 'schema'))
        }
        for (const [media, { schema }] of Object.entries(response.content ?? {})) {
          if (schema) validator(pointer('paths', template, method, 'responses', status, 'content', media, 'schema'))
        }
      }
    }
  }
  validator(pointer('components', 'schemas', 'Problem'))
  return {
    document,
    templates,
    validator,
    errorsText: (validate, dataVar) => ajv.errorsText(validate.errors, { dataVar, separator: '; ' }),
  }
}

const loaded = load()
const contract = () => loaded

/** The document's path template for a concrete path; at each segment a literal beats a parameter, as in the router. */
export function matchPath(path: string): string | undefined {
  const segments = path.split('/')
  let best: PathTemplate | undefined
  for (const candidate of contract().templates) {
    if (candidate.segments.length !== segments.length) continue
    if (!candidate.segments.every((s, i) => (s === null ? segments[i] !== '' : s === segments[i]))) continue
    if (!best || moreSpecific(candidate, best)) best = candidate
  }
  return best?.template
}

function moreSpecific(a: PathTemplate, b: PathTemplate): boolean {
  const i = a.segments.findIndex((s, k) => (s === null) !== (b.segments[k] === null))
  return i !== -1 && a.segments[i] !== null
}

const headerValue = (res: ResponseLike, name: string): string | undefined => {
  const value = res.headers[name.toLowerCase()]
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value)
}

const mediaTypeOf = (res: ResponseLike) => headerValue(res, 'content-type')?.split(';')[0]?.trim().toLowerCase()
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json')

function declaredMedia(content: Record<string, MediaType>, mediaType: string): string | undefined {
  const keys = Object.keys(content)
  return (
    keys.find((k) => k.toLowerCase() === mediaType) ??
    keys.find((k) => k.endsWith('/*') && mediaType.startsWith(k.slice(0, -1).toLowerCase())) ??
    keys.find((k) => k === '*/*')
  )
}

/** A response from no documented operation is accepted only as a valid problem (the router's 404, an auth 401…). */
function checkUndocumented(method: string, path: string, res: ResponseLike): string[] {
  if (method === 'OPTIONS' || undocumented.some((re) => re.test(path))) return []
  if (res.statusCode >= 400 && mediaTypeOf(res) === 'application/problem+json') {
    // HEAD answers as GET would, without the body (RFC 9110 §9.3.2).
    return method === 'HEAD' ? [] : checkBody(res, pointer('components', 'schemas', 'Problem'), 'problem')
  }
  return [`no operation for ${method} ${path} in the document (regenerate it with \`npm run openapi\`, or hide the route)`]
}

function checkBody(res: ResponseLike, ref: string, where: string): string[] {
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    return [`the ${where} body is not JSON: ${JSON.stringify(res.body.slice(0, 200))}`]
  }
  const { validator, errorsText } = contract()
  const validate = validator(ref)
  return validate(body) ? [] : [`the body does not match ${where}: ${errorsText(validate, 'body')}`]
}

/** Every way the response departs from the document; empty when it conforms. */
export function contractViolations(method: string, url: string, res: ResponseLike): string[] {
  const verb = method.toUpperCase()
  const path = url.split(/[?#]/, 1)[0] ?? url
  const { document } = contract()
  const template = matchPath(path)
  // HEAD is served by every GET route and answers as the GET would, without a body (RFC 9110 §9.3.2).
  const opMethod = verb === 'HEAD' ? 'get' : verb.toLowerCase()
  const operation = template && methods.includes(opMethod) ? document.paths[template]?.[opMethod] : undefined
  if (!template || !operation) return checkUndocumented(verb, path, res)

  const status = String(res.statusCode)
  const responses = operation.responses ?? {}
  const key =
    status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : 'default' in responses ? 'default' : undefined
  const name = `${operation.operationId ?? `${opMethod} ${template}`}`
  if (key === undefined) return [`status ${status} is not declared for ${name} (declared: ${Object.keys(responses).join(', ')})`]
  const declared = responses[key]!
  const violations: string[] = []

  // Headers: the guaranteed ones when declared, the status-mandated ones always (and they must be declared too).
  const declaredHeaders = Object.fromEntries(Object.entries(declared.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  const needed = new Set([...guaranteedHeaders.filter((h) => h in declaredHeaders), ...(headersByStatus[res.statusCode] ?? [])])
  for (const header of needed) {
    if (headerValue(res, header) === undefined) violations.push(`the ${header} header is missing`)
    if (!(header in declaredHeaders)) violations.push(`the ${header} header is sent but not declared for ${status} of ${name}`)
  }
  const { validator, errorsText } = contract()
  for (const [header, object] of Object.entries(declaredHeaders)) {
    const value = headerValue(res, header)
    if (value === undefined || !object.schema) continue
    const validate = validator(
      pointer('paths', template, opMethod, 'responses', key, 'headers', findKey(declared.headers!, header), 'schema'),
    )
    if (!validate(value)) violations.push(`the ${header} header ${JSON.stringify(value)} is invalid: ${errorsText(validate, header)}`)
  }

  const content = declared.content ?? {}
  const bodyless = verb === 'HEAD' || res.statusCode === 204 || res.statusCode === 304
  if (Object.keys(content).length === 0 || bodyless) {
    if (res.body !== '') violations.push(`${status} of ${name} declares no body, but one was sent`)
    if (Object.keys(content).length > 0 && verb !== 'HEAD') violations.push(`status ${status} must not declare content`)
    return violations
  }
  const mediaType = mediaTypeOf(res)
  const mediaKey = mediaType === undefined ? undefined : declaredMedia(content, mediaType)
  if (mediaKey === undefined) {
    violations.push(
      `content type ${mediaType ?? '(none)'} is not declared for ${status} of ${name} (declared: ${Object.keys(content).join(', ')})`,
    )
    return violations
  }
  if (content[mediaKey]!.schema && isJson(mediaType!)) {
    violations.push(
      ...checkBody(
        res,
        pointer('paths', template, opMethod, 'responses', key, 'content', mediaKey, 'schema'),
        `the ${status} ${mediaKey} schema of ${name}`,
      ),
    )
  }
  return violations
}

const findKey = (record: Record<string, unknown>, lower: string) => Object.keys(record).find((k) => k.toLowerCase() === lower)!

/** Throws a `ContractViolation` naming method, path, status and the errors when the response does not conform. */
export function checkResponse(method: string, url: string, res: ResponseLike): void {
  const violations = contractViolations(method, url, res)
  if (violations.length > 0) throw new ContractViolation(method.toUpperCase(), url.split('?', 1)[0]!, res.statusCode, violations)
}
