import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import t from 'tap'
import ts from 'typescript'
import { repoRoot } from './fixtures/server-process.js'

// A typed client generated from the committed document (openapi-typescript + openapi-fetch) compiles an editor's
// round trip under `tsc --strict`; and the same program without the If-Match the document requires does not.

const roundTrip = (ifMatch: string) => `
import createClient from 'openapi-fetch'
import type { paths } from './schema.js'

const client = createClient<paths>({ baseUrl: 'https://api.kabar.example' })
const headers = { authorization: 'Bearer kbr_example' }

export async function editorRoundTrip(): Promise<string | null | undefined> {
  const created = await client.POST('/v1/articles', {
    headers,
    body: { title: 'Menlu RI Bertemu Menlu Belarusia', dateline: 'MINSK', tags: ['Belarusia'], bylines: [{ authorId: 1, role: 'writer' }] },
  })
  if (created.data === undefined) throw new Error(created.error.detail)
  const id: number = created.data.id
  const etag = created.response.headers.get('etag') ?? ''
  await client.POST('/v1/articles/{articleId}/captions', {
    headers,
    params: { path: { articleId: id } },
    body: { role: 'featured', imageUrl: 'https://img.kabar.example/minsk.jpg', text: 'Kedua menteri berjabat tangan.', credit: 'Reuters' },
  })
  const related = await client.PUT('/v1/articles/{id}/related', { headers, params: { path: { id }, ${ifMatch} }, body: { articleIds: [2, 3] } })
  const next = related.response.headers.get('etag') ?? etag
  const published = await client.POST('/v1/articles/{id}/publish', { headers, params: { path: { id }, header: { 'if-match': next } } })
  const slug: string = published.data?.slug ?? ''
  const read = await client.GET('/v1/articles/slug/{slug}', { params: { path: { slug }, query: { include: 'captions,related' } } })
  const first = await client.GET('/v1/articles', { params: { query: { limit: 10, category: 'internasional' } } })
  const cursor = first.data?.page.nextCursor
  if (cursor) await client.GET('/v1/articles', { params: { query: { limit: 10, category: 'internasional', cursor } } })
  return read.data?.captions?.[0]?.credit
}
`

function compile(dir: string, program: string): string[] {
  const file = join(dir, 'round-trip.ts')
  writeFileSync(file, program)
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  }
  const built = ts.createProgram([file], options)
  return ts.getPreEmitDiagnostics(built).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

t.test('a client generated from the committed document compiles an editor round trip under --strict', async (t) => {
  mkdirSync(join(repoRoot, 'node_modules/.cache'), { recursive: true })
  const dir = mkdtempSync(join(repoRoot, 'node_modules/.cache/kabar-client-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  const ast = await openapiTS(new URL('file://' + join(repoRoot, 'openapi/openapi.json')))
  writeFileSync(join(dir, 'schema.d.ts'), astToString(ast))

  t.same(compile(dir, roundTrip("header: { 'if-match': etag }")), [], 'no type errors')
  const missing = compile(dir, roundTrip('header: {}'))
  t.ok(
    missing.some((message) => /if-match/.test(message)),
    'leaving out the required If-Match is a type error',
    { missing },
  )
})
