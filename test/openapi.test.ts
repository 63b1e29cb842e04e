import { readFileSync } from 'node:fs'
import t from 'tap'
import SwaggerParser from '@apidevtools/swagger-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { documentFile } from './conformance/contract.js'
import { build } from './helper.js'

interface Response {
  content?: Record<string, unknown>
}
interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  security?: unknown[]
  responses?: Record<string, Response>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}

const committed = (): Document => JSON.parse(readFileSync(documentFile, 'utf8')) as Document

const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  )

t.test('the committed openapi/openapi.json is what the app serves (run `npm run openapi` after changing routes)', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  t.strictSame(committed(), res.json())
})

t.test('the document is valid OpenAPI 3.1 (swagger-parser)', async (t) => {
  const document = committed()
  // validate() dereferences in place: hand it a copy.
  await t.resolves(SwaggerParser.validate(structuredClone(document) as never))
  t.equal((document as unknown as { openapi: string }).openapi, '3.1.0')
})

t.test('every schema in the document is valid JSON Schema 2020-12 (swagger-parser does not check this for 3.1)', async (t) => {
  const ajv = new Ajv2020({ strict: false })
  const schemas: [string, unknown][] = []
  const collect = (node: unknown, where: string): void => {
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema' || where.endsWith('/components/schemas')) schemas.push([`${where}/${key}`, value])
      else collect(value, `${where}/${key}`)
    }
  }
  collect(committed(), '#')
  t.ok(schemas.length > 0)
  for (const [where, schema] of schemas) {
    t.ok(ajv.validateSchema(schema as object), `${where}: ${ajv.errorsText(ajv.errors)}`)
  }
})

t.test('every operation states operationId, tags, summary and security, and answers errors as problems', async (t) => {
  const all = operations(committed())
  t.ok(all.length > 0)
  const ids = all.map(({ operation }) => operation.operationId)
  t.strictSame(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    'operationIds are unique',
  )
  for (const { name, operation } of all) {
    t.match(operation, { operationId: /^[a-z][A-Za-z]+$/, summary: /\S/ }, `${name}: operationId and summary`)
    t.ok(Array.isArray(operation.tags) && operation.tags.length > 0, `${name}: tags`)
    t.ok(Array.isArray(operation.security) && operation.security.length > 0, `${name}: security`)
    const responses = Object.entries(operation.responses ?? {})
    const problems = responses.filter(([status]) => /^4/.test(status))
    t.ok(problems.length > 0, `${name}: at least one 4xx`)
    for (const [status, response] of responses) {
      if (Number(status) >= 400) {
        t.strictSame(Object.keys(response.content ?? {}), ['application/problem+json'], `${name} ${status}: problem+json only`)
      }
      if (status === '204' || status === '304') t.notOk(response.content, `${name} ${status}: no body`)
    }
  }
})
