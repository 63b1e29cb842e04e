import t from 'tap'
import { build } from '../helper.js'
import { assertProblem } from '../problem.js'

t.test('anonymous callers share a per-IP budget; over it is 429 with Retry-After', async (t) => {
  const { call } = await build(t, { rateLimitPublic: 2 })
  const first = await call({ method: 'GET', url: '/v1/tags' })
  t.equal(first.statusCode, 200)
  t.same(
    Object.keys(first.headers).filter((h) => h.startsWith('x-ratelimit')),
    [],
    'no obsolete x-ratelimit headers on every response',
  )
  t.equal((await call({ method: 'GET', url: '/v1/authors' })).statusCode, 200, 'the budget spans routes')

  const limited = await call({ method: 'GET', url: '/v1/tags' })
  assertProblem(t, limited, 429, 'rate_limited')
  t.match(limited.headers['retry-after'], /^[1-9]\d*$/, 'Retry-After in whole seconds')
  assertProblem(t, await call({ method: 'GET', url: '/v1/categories' }), 429, 'rate_limited')
})

t.test('each key has its own budget, apart from anonymous callers', async (t) => {
  const { call } = await build(t, { rateLimitPublic: 2, rateLimitKeyed: 3 })
  for (let i = 0; i < 2; i++) t.equal((await call({ method: 'GET', url: '/v1/tags' })).statusCode, 200)
  assertProblem(t, await call({ method: 'GET', url: '/v1/tags' }), 429, 'rate_limited')

  for (let i = 0; i < 3; i++) {
    const res = await call({ method: 'GET', url: '/v1/tags', as: 'read' })
    t.equal(res.statusCode, 200, `read key request ${i + 1}: not counted with anonymous`)
  }
  assertProblem(t, await call({ method: 'GET', url: '/v1/tags', as: 'read' }), 429, 'rate_limited')
  t.equal((await call({ method: 'GET', url: '/v1/tags', as: 'write' })).statusCode, 200, 'another key is unaffected')
})
