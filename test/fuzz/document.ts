import { readFileSync } from 'node:fs'

/**
 * The committed OpenAPI document, read as the fuzzer's map of the API: every operation it lists is fuzzed, with
 * parameters and bodies derived from the schemas it declares. Nothing here names a route.
 */

export const documentFile = new URL('../../openapi/openapi.json', import.meta.url)

/** The subset of JSON Schema 2020-12 the generators read. */
export interface Schema {
  $ref?: string
  type?: string | string[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean | Schema
  minProperties?: number
  items?: Schema
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  default?: unknown
  examples?: unknown[]
}

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Schema
}

/** The caller levels, lowest first; each includes the ones before. */
export const scopes = ['public', 'read', 'write', 'admin'] as const
export type Level = (typeof scopes)[number]

export interface Operation {
  /** operationId, or `METHOD template` when there is none. */
  id: string
  method: string
  /** The path template, e.g. `/v1/articles/{id}/related/{relatedId}`. */
  template: string
  pathParams: Parameter[]
  queryParams: Parameter[]
  headerParams: Parameter[]
  /** The `application/json` request body schema, when the operation takes a body. */
  body?: Schema
  bodyRequired: boolean
  /** Declared response statuses (`200`, `4XX`, `default`…). */
  statuses: string[]
  /** The lowest caller level the document's `security` lets in. */
  access: Level
}

interface RawOperation {
  operationId?: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, unknown>
  security?: Array<Record<string, string[]>>
}

export interface Document {
  paths: Record<string, Record<string, RawOperation & Record<string, unknown>>>
  components?: { schemas?: Record<string, Schema> }
  security?: Array<Record<string, string[]>>
}

export const document: Document = JSON.parse(readFileSync(documentFile, 'utf8')) as Document

const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']

/** Follows a local `$ref` (`#/components/schemas/X`) until a schema without one; other keywords beside `$ref` are kept. */
export function deref(schema: Schema): Schema {
  let current = schema
  for (let hops = 0; current.$ref !== undefined; hops++) {
    if (hops > 32 || !current.$ref.startsWith('#/')) throw new Error(`cannot resolve $ref ${current.$ref}`)
    const target = current.$ref
      .slice(2)
      .split('/')
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document)
    if (target === undefined) throw new Error(`cannot resolve $ref ${current.$ref}`)
    const { $ref: _ref, ...rest } = current
    current = { ...(target as Schema), ...rest }
  }
  return current
}

/** An empty requirement (`{}`) lets anyone in; a key without named scopes is `read`; else the lowest named scope. */
function levelOf(requirement: Record<string, string[]>): Level {
  if (Object.keys(requirement).length === 0) return 'public'
  const named = Object.values(requirement)
    .flat()
    .map((s) => scopes.indexOf(s as Level))
    .filter((i) => i > 0)
  return named.length === 0 ? 'read' : scopes[Math.min(...named)]!
}

/** The lowest caller level any alternative of the security requirement lets in. */
function accessOf(security: Array<Record<string, string[]>> | undefined): Level {
  if (security === undefined || security.length === 0) return 'public'
  return scopes[Math.min(...security.map((r) => scopes.indexOf(levelOf(r))))]!
}

/** Every operation of the document, in document order. */
export function operations(): Operation[] {
  const out: Operation[] = []
  for (const [template, item] of Object.entries(document.paths)) {
    const shared = (item.parameters as Parameter[] | undefined) ?? []
    for (const method of httpMethods) {
      const raw = item[method] as RawOperation | undefined
      if (raw === undefined) continue
      const parameters = [
        ...shared.filter((p) => !(raw.parameters ?? []).some((q) => q.name === p.name && q.in === p.in)),
        ...(raw.parameters ?? []),
      ]
      const json = Object.entries(raw.requestBody?.content ?? {}).find(([media]) => /^application\/(?:[\w.-]+\+)?json\b/i.test(media))?.[1]
      out.push({
        id: raw.operationId ?? `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headerParams: parameters.filter((p) => p.in === 'header'),
        ...(json?.schema ? { body: json.schema } : {}),
        bodyRequired: raw.requestBody?.required === true,
        statuses: Object.keys(raw.responses ?? {}),
        access: accessOf(raw.security ?? document.security),
      })
    }
  }
  return out
}

/** The literal path segment just before a parameter, skipping `slug`: `/v1/articles/{id}/related/{relatedId}` → `articles`, `related`. */
export function collectionOf(template: string, param: string): string | undefined {
  const segments = template.split('/')
  const at = segments.indexOf(`{${param}}`)
  for (let i = at - 1; i >= 0; i--) {
    const segment = segments[i]!
    if (segment === 'slug' || segment.startsWith('{')) continue
    return segment
  }
  return undefined
}
