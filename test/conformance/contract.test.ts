import t from 'tap'
import { build } from '../helper.js'
import { ContractViolation, checkResponse, contractViolations, matchPath, type ResponseLike } from './contract.js'

const json = 'application/json; charset=utf-8'
const problemType = 'application/problem+json; charset=utf-8'

const author = {
  id: 1,
  slug: 'anton-suhartono',
  name: 'Anton Suhartono',
  bio: null,
  avatarUrl: null,
  createdAt: '2026-07-23T10:00:00.000Z',
  updatedAt: '2026-07-23T10:00:00.000Z',
  version: 1,
}
const problem = (status: number, code: string) => ({ type: `urn:kabar:problem:${code}`, title: code, status, detail: code, code })

const res = (statusCode: number, headers: ResponseLike['headers'], body: unknown = ''): ResponseLike => ({
  statusCode,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

t.test('path templates: a literal segment beats a parameter, as in the router', async (t) => {
  t.equal(matchPath('/v1/authors/slug/anton'), '/v1/authors/slug/{slug}')
  t.equal(matchPath('/v1/authors/12'), '/v1/authors/{id}')
  t.equal(matchPath('/v1/authors/slug'), '/v1/authors/{id}')
  t.equal(matchPath('/v1/authors/'), undefined, 'an empty segment is no parameter')
  t.equal(matchPath('/v1/nowhere'), undefined)
})

t.test('conforming responses pass', async (t) => {
  const etag = '"abc"'
  t.strictSame(
    contractViolations('GET', '/v1/authors/1?x=1', res(200, { 'content-type': json, etag, 'cache-control': 'no-store' }, author)),
    [],
  )
  t.strictSame(
    contractViolations('get', '/v1/authors/1', res(304, { etag, 'cache-control': 'no-store' })),
    [],
    'method case does not matter',
  )
  t.strictSame(
    contractViolations('HEAD', '/v1/authors/1', res(200, { 'content-type': json, etag, 'cache-control': 'no-store' })),
    [],
    'HEAD answers as GET, bodiless',
  )
  t.strictSame(contractViolations('POST', '/v1/authors', res(201, { 'content-type': json, etag, location: '/v1/authors/1' }, author)), [])
  t.strictSame(contractViolations('DELETE', '/v1/authors/1', res(204, {})), [])
  t.strictSame(
    contractViolations(
      'GET',
      '/v1/authors/1',
      res(401, { 'content-type': problemType, 'www-authenticate': 'Bearer' }, problem(401, 'unauthorized')),
    ),
    [],
  )
  t.strictSame(
    contractViolations('GET', '/health', res(429, { 'content-type': problemType, 'retry-after': '5' }, problem(429, 'rate_limited'))),
    [],
  )
})

t.test('routes outside the document are skipped, or held to the problem shape', async (t) => {
  t.strictSame(contractViolations('GET', '/openapi.json', res(200, { 'content-type': json }, {})), [])
  t.strictSame(contractViolations('GET', '/docs/static/index.html', res(302, {})), [])
  t.strictSame(contractViolations('OPTIONS', '/v1/authors/1', res(204, {})), [], 'CORS preflight')
  t.strictSame(contractViolations('PUT', '/v1/authors/1', res(404, { 'content-type': problemType }, problem(404, 'not_found'))), [])
  t.match(contractViolations('GET', '/v1/nowhere', res(200, { 'content-type': json }, {})), [/no operation for GET \/v1\/nowhere/])
  t.match(contractViolations('GET', '/v1/nowhere', res(404, { 'content-type': problemType }, { status: 404 })), [
    /body does not match problem/,
  ])
})

t.test('departures from the document are named', async (t) => {
  const etag = '"abc"'
  const cases: [string, string, ResponseLike, RegExp][] = [
    [
      'GET',
      '/v1/authors/1',
      res(502, { 'content-type': problemType }, problem(502, 'internal')),
      /status 502 is not declared for getAuthor/,
    ],
    [
      'GET',
      '/v1/authors/1',
      res(200, { 'content-type': 'text/html', etag, 'cache-control': 'no-store' }, '<p>'),
      /content type text\/html is not declared/,
    ],
    ['GET', '/v1/authors/1', res(200, { etag, 'cache-control': 'no-store' }, author), /content type \(none\)/],
    [
      'GET',
      '/v1/authors/1',
      res(200, { 'content-type': json, etag, 'cache-control': 'no-store' }, { ...author, id: '1' }),
      /body\/id must be integer/,
    ],
    [
      'GET',
      '/v1/authors/1',
      res(200, { 'content-type': json, etag, 'cache-control': 'no-store' }, { ...author, extra: 1 }),
      /must NOT have additional properties/,
    ],
    ['GET', '/v1/authors/1', res(200, { 'content-type': json, etag, 'cache-control': 'no-store' }, '{'), /body is not JSON/],
    ['GET', '/v1/authors/1', res(200, { 'content-type': json, 'cache-control': 'no-store' }, author), /etag header is missing/],
    ['GET', '/v1/authors/1', res(304, { etag, 'cache-control': 'no-store' }, 'x'), /declares no body, but one was sent/],
    ['POST', '/v1/authors', res(201, { 'content-type': json, etag }, author), /location header is missing/],
    ['GET', '/v1/authors/1', res(401, { 'content-type': problemType }, problem(401, 'unauthorized')), /www-authenticate header is missing/],
    ['GET', '/v1/authors/1', res(429, { 'content-type': problemType }, problem(429, 'rate_limited')), /retry-after header is missing/],
    [
      'GET',
      '/v1/authors/1',
      res(404, { 'content-type': json }, problem(404, 'not_found')),
      /content type application\/json is not declared for 404/,
    ],
  ]
  for (const [method, url, response, expected] of cases) {
    t.match(contractViolations(method, url, response).join('\n'), expected, `${method} ${url} ${response.statusCode}`)
  }
  t.strictSame(
    contractViolations('GET', '/health', res(200, { 'content-type': json, 'x-extra': '1' }, { status: 'ok' })),
    [],
    'undeclared extra headers are allowed',
  )
})

t.test('checkResponse throws one error naming method, path, status and every violation', async (t) => {
  const error = t.throws(() => checkResponse('get', '/v1/authors/1?limit=1', res(200, { 'content-type': json }, { id: 0 })))
  t.type(error, ContractViolation)
  t.match(error, {
    method: 'GET',
    path: '/v1/authors/1',
    status: 200,
    message: /^GET \/v1\/authors\/1 → 200 does not conform to openapi\/openapi.json:\n {2}- the etag header is missing/,
  })
  t.ok((error as ContractViolation).violations.length >= 3)
  t.doesNotThrow(() => checkResponse('GET', '/openapi.json', res(200, {})))
})

t.test('call() checks every response and fails the test on a departure', async (t) => {
  const { app, call } = await build(t)
  app.get('/v1/test-only', { config: { access: 'public' } }, async () => ({ ok: true }))
  await t.rejects(call({ method: 'GET', url: '/v1/test-only' }), { name: 'ContractViolation', message: /GET \/v1\/test-only → 200/ })
  t.equal((await call({ method: 'GET', url: '/v1/test-only', contract: false })).statusCode, 200, '`contract: false` opts out')
  t.equal((await call({ url: { pathname: '/health' } })).statusCode, 200, 'an object url and the default method')
})

t.test('real responses of the app conform', async (t) => {
  const { call } = await build(t)
  const created = await call({ method: 'POST', url: '/v1/authors', as: 'write', payload: { name: 'Anton Suhartono' } })
  t.equal(created.statusCode, 201)
  const read = await call({ method: 'GET', url: '/v1/authors/1', as: 'write' })
  t.equal(
    (await call({ method: 'GET', url: '/v1/authors/1', as: 'write', headers: { 'if-none-match': String(read.headers.etag) } })).statusCode,
    304,
  )
  t.equal((await call({ method: 'HEAD', url: '/v1/authors/1' })).statusCode, 200)
  t.equal((await call({ method: 'GET', url: '/health', headers: { authorization: 'Bearer unknown' } })).statusCode, 401)
  t.equal((await call({ method: 'GET', url: '/v1/authors/1/nowhere' })).statusCode, 404)
  t.equal(
    (await call({ method: 'DELETE', url: '/v1/authors/1', as: 'write', headers: { 'if-match': String(read.headers.etag) } })).statusCode,
    204,
  )
})

t.test('router-level errors are problems too', async (t) => {
  // Fastify answers these before any route or hook; `frameworkErrors` hands them to the problem handler.
  const { call } = await build(t)
  for (const url of ['/v1/authors/%E0%A4%A', `/v1/authors/slug/${'a'.repeat(201)}`]) {
    const res = await call({ method: 'GET', url, contract: false })
    t.strictSame(contractViolations('GET', url, res), [], `GET ${url.slice(0, 40)}… → ${res.statusCode} conforms`)
  }
})
