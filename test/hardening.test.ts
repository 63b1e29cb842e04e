import t from 'tap'
import { articleFixtures, buildApp, hours, T0 } from './article-fixtures.js'
import { build } from './helper.js'
import { assertProblem } from './problem.js'

// What a hostile client found at the edges: cache keys, leaks through taxonomy and 404s, cacheable operations
// endpoints, echoed request targets, proxies. Each test fails on the code before these fixes.

t.test('list cache keys are the canonical validated query: spellings of one query share one entry and one Link', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  for (let i = 0; i < 3; i++) await fx.published({ title: `Berita ${i}` })
  const spellings = ['/v1/articles?limit=2', '/v1/articles?sort=-publishedAt&limit=2', '/v1/articles?limit=2&sort=-publishedAt']
  const answers = await Promise.all(spellings.map((url) => api.call({ method: 'GET', url })))
  t.same(new Set(answers.map((res) => res.headers.link)).size, 1, 'one next link for every spelling')
  t.match(
    answers[0]!.headers.link,
    /^<\/v1\/articles\?limit=2&sort=-publishedAt&cursor=[A-Za-z0-9_-]+>; rel="next"$/,
    'relative, in canonical order',
  )
  t.same(new Set(answers.map((res) => res.headers.etag)).size, 1)

  const long = await api.call({ method: 'GET', url: `/v1/articles?category=${'a'.repeat(5000)}` })
  assertProblem(t, long, 414, 'uri_too_long')
})

t.test('the request target is never echoed: Link and Location come from PUBLIC_BASE_URL, or are relative', async (t) => {
  const api = await build(t, { publicBaseUrl: 'https://api.kabar.example', maxEventLoopDelayMs: 0 })
  const fx = articleFixtures(api)
  for (let i = 0; i < 2; i++) await fx.published({ title: `Berita ${i}` })
  const absolute = await api.app.inject({
    method: 'GET',
    url: 'http://other.example/v1/articles?limit=1',
    headers: { host: 'evil.example' },
  })
  t.equal(absolute.statusCode, 200)
  t.match(absolute.headers.link, /^<https:\/\/api\.kabar\.example\/v1\/articles\?limit=1&sort=-publishedAt&cursor=/)
  t.notMatch(absolute.headers.link, /other\.example|evil\.example/)
  const created = await api.call({
    method: 'POST',
    url: '/v1/tags',
    as: 'write',
    headers: { host: 'evil.example' },
    payload: { name: 'Pemilu' },
  })
  t.match(created.headers.location, /^https:\/\/api\.kabar\.example\/v1\/tags\/\d+$/)
  const doc = (await api.call({ method: 'GET', url: '/openapi.json' })).json() as { servers: { url: string }[] }
  t.same(
    doc.servers.map((s) => s.url),
    ['https://api.kabar.example'],
    'the document names the configured server',
  )
})

t.test('tags named on a draft are not public until a visible article carries them', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const draft = await fx.draft({ tags: ['Rahasia Redaksi'] })
  const tag = draft.tags[0]!
  for (const as of [undefined, 'read'] as const) {
    assertProblem(t, await api.call({ method: 'GET', url: `/v1/tags/slug/${tag.slug}`, as }), 404, 'not_found')
    assertProblem(t, await api.call({ method: 'GET', url: `/v1/tags/${tag.id}`, as }), 404, 'not_found')
    t.same((await api.call({ method: 'GET', url: '/v1/tags', as })).json().data, [], `${as ?? 'public'}: not listed`)
  }
  t.equal((await api.call({ method: 'GET', url: `/v1/tags/${tag.id}`, as: 'write' })).statusCode, 200, 'editors see every tag')
  const missing = await api.call({ method: 'GET', url: '/v1/tags/999' })
  const hidden = await api.call({ method: 'GET', url: `/v1/tags/${tag.id}` })
  t.equal(hidden.body, missing.body, 'a hidden tag answers exactly like a missing one')

  await fx.publish(draft.id, T0 + hours(1))
  t.equal((await api.call({ method: 'GET', url: `/v1/tags/${tag.id}` })).statusCode, 404, 'scheduled: still hidden')
  api.clock.now = T0 + hours(2)
  t.equal((await api.call({ method: 'GET', url: `/v1/tags/${tag.id}` })).statusCode, 200, 'public once the article is')
  t.match((await api.call({ method: 'GET', url: '/v1/tags' })).json().data, [{ id: tag.id }])
})

t.test('a caption of a hidden article is the same 404 as a missing caption, body and headers', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const draft = await fx.draft()
  const caption = (
    await fx.expect(
      {
        method: 'POST',
        url: `/v1/articles/${draft.id}/captions`,
        as: 'write',
        payload: { role: 'inline', imageUrl: 'https://img.kabar.example/a.jpg' },
      },
      201,
    )
  ).json()
  const hidden = await api.call({ method: 'GET', url: `/v1/captions/${caption.id}` })
  const missing = await api.call({ method: 'GET', url: '/v1/captions/999' })
  t.equal(hidden.statusCode, 404)
  t.equal(hidden.body, missing.body)
  const { date: _a, ...hiddenHeaders } = hidden.headers
  const { date: _b, ...missingHeaders } = missing.headers
  t.same(hiddenHeaders, missingHeaders)
})

t.test('health and readiness are never cacheable nor rate-limited; the OpenAPI document is revalidated', async (t) => {
  const api = await build(t, { rateLimitPublic: 2, maxEventLoopDelayMs: 0 })
  for (let i = 0; i < 5; i++) {
    for (const url of ['/health', '/ready']) {
      const res = await api.call({ method: 'GET', url })
      t.equal(res.statusCode, 200, `${url} #${i + 1}`)
      t.equal(res.headers['cache-control'], 'no-store')
    }
  }
  const doc = await api.call({ method: 'GET', url: '/openapi.json' })
  t.equal(doc.headers['cache-control'], 'no-cache')
  const unknown = await api.call({ method: 'GET', url: '/no/such/route' })
  const docs = await api.call({ method: 'GET', url: '/docs' })
  t.same(
    [doc.statusCode, unknown.statusCode, docs.statusCode],
    [200, 404, 429],
    'the document, unknown routes and /docs count against the limit',
  )
})

t.test('TRUST_PROXY: the client address comes from X-Forwarded-For only when the hop is trusted', async (t) => {
  const hit = (api: Awaited<ReturnType<typeof build>>, client: string) =>
    api.app.inject({ method: 'GET', url: '/v1/tags', headers: { 'x-forwarded-for': client }, remoteAddress: '10.0.0.2' })
  const trusting = await build(t, { rateLimitPublic: 1, trustProxy: '10.0.0.0/8', maxEventLoopDelayMs: 0 })
  t.same(
    [(await hit(trusting, '203.0.113.1')).statusCode, (await hit(trusting, '203.0.113.2')).statusCode],
    [200, 200],
    'two clients behind the proxy: two buckets',
  )
  t.equal((await hit(trusting, '203.0.113.1')).statusCode, 429, 'and each bucket counts')
  const untrusting = await build(t, { rateLimitPublic: 1, maxEventLoopDelayMs: 0 })
  t.same(
    [(await hit(untrusting, '203.0.113.1')).statusCode, (await hit(untrusting, '203.0.113.2')).statusCode],
    [200, 429],
    'off by default: the header is ignored',
  )
})

t.test('OPTIONS that is not a preflight, and traversal under /docs, answer problems', async (t) => {
  const api = await build(t)
  assertProblem(t, await api.call({ method: 'OPTIONS', url: '/v1/articles' }), 400, 'validation_failed')
  const preflight = await api.call({
    method: 'OPTIONS',
    url: '/v1/articles',
    headers: { origin: 'https://www.kabar.example', 'access-control-request-method': 'GET' },
  })
  t.equal(preflight.statusCode, 204, 'a real preflight still works')
  for (const url of ['/docs/static/..%2f..%2fpackage.json', '/docs/static/../../package.json', '/docs/%2e%2e/%2e%2e/package.json']) {
    const res = await api.call({ method: 'GET', url })
    assertProblem(t, res, 404, 'not_found')
    t.notMatch(res.body, /"name": ?"kabar"/)
  }
})
