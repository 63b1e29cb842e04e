/**
 * What the generated document says beyond the route schemas, for the clients generated from it: the runtime
 * validates the same rules in the form that refuses non-canonical input, the document states them as a client
 * should send them.
 * - Path ids are validated as canonical decimal strings (so `01` and `1.0` never reach id 1); a client sends
 *   integers: `integer`, `int64`.
 * - `If-Match` is required wherever a missing one is `428`.
 * - Workflow actions take an optional body (`{}` and no body are the same).
 * - Every cacheable GET takes `If-None-Match`.
 */
type Json = Record<string, unknown>
interface Parameter {
  in: string
  name: string
  required?: boolean
  description?: string
  schema?: Json
}
interface Operation {
  operationId?: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean }
  responses?: Record<string, unknown>
}

const idPattern = '^[1-9][0-9]{0,15}$'
const optionalBodies = new Set(['publishArticle', 'unpublishArticle', 'archiveArticle'])

function refineOperation(method: string, operation: Operation): void {
  const parameters = operation.parameters ?? []
  for (const parameter of parameters) {
    if (parameter.in === 'path' && parameter.schema?.pattern === idPattern)
      parameter.schema = { type: 'integer', format: 'int64', minimum: 1 }
    if (parameter.in === 'header' && parameter.name === 'if-match' && operation.responses?.['428'] !== undefined) parameter.required = true
  }
  if (method === 'get' && operation.responses?.['304'] !== undefined && !parameters.some((p) => p.name === 'if-none-match')) {
    parameters.push({
      in: 'header',
      name: 'if-none-match',
      required: false,
      description: 'ETag of a representation the client holds: `304` without a body when it is still current',
      schema: { type: 'string' },
    })
  }
  if (parameters.length > 0) operation.parameters = parameters
  if (operation.operationId !== undefined && optionalBodies.has(operation.operationId) && operation.requestBody)
    operation.requestBody.required = false
}

export function refineDocument<T extends { paths?: object }>(document: T): T {
  for (const item of Object.values(document.paths ?? {}) as Record<string, unknown>[]) {
    for (const [method, operation] of Object.entries(item)) {
      if (['get', 'put', 'post', 'patch', 'delete'].includes(method)) refineOperation(method, operation as Operation)
    }
  }
  return document
}
