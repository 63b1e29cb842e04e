import t from 'tap'
import { build, type TestApp } from '../helper.js'
import { assertProblem, assertUnauthorized, type Asserts } from '../problem.js'

/**
 * The behaviour authors, categories and tags share through src/modules/crud, run once per resource.
 * Resource-specific rules live in authors.test.ts, categories.test.ts and tags.test.ts.
 */
interface Resource {
  path: string
  /** A valid create body besides `name`; a write key reads these fields back unchanged. */
  fields: Record<string, unknown>
  /** Fields only `write` and `admin` keys see. */
  hidden: string[]
  /** A nullable field a PATCH can clear, if the resource has one. */
  clearable: Record<string, null>
  nameMax: number
  /** Bodies with one field of the wrong JSON type (no coercion), and the JSON Pointer blamed. */
  wrongTypes: Array<[Record<string, unknown>, string]>
}

const resources: Resource[] = [
  {
    path: 'authors',
    fields: { bio: 'Wartawan desk internasional.', avatarUrl: 'https://img.kabar.example/anton.jpg', email: 'anton@kabar.example' },
    hidden: ['email'],
    clearable: { bio: null },
    nameMax: 120,
    wrongTypes: [
      [{ name: 5 }, '/name'],
      [{ name: 'Anton', bio: 7 }, '/bio'],
      [{ name: 'Anton', avatarUrl: 'ftp://x.example/a.jpg' }, '/avatarUrl'],
    ],
  },
  {
    path: 'categories',
    fields: { description: 'Kabar dari luar negeri.', parentId: null },
    hidden: [],
    clearable: { description: null },
    nameMax: 80,
    wrongTypes: [
      [{ name: 5 }, '/name'],
      [{ name: 'Ekonomi', parentId: '5' }, '/parentId'],
      [{ name: 'Ekonomi', parentId: 1.5 }, '/parentId'],
    ],
  },
  {
    path: 'tags',
    fields: {},
    hidden: [],
    clearable: {},
    nameMax: 60,
    wrongTypes: [
      [{ name: 5 }, '/name'],
      [{ name: ['Rusia'] }, '/name'],
      [{ name: 'Rusia', slug: 7 }, '/slug'],
    ],
  },
]

const T0 = Date.parse('2026-07-23T10:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

/** Puts the tag named `name` on a new published article (by a writer created for it). */
async function carry(api: TestApp, name: string): Promise<void> {
  const author = await api.call({ method: 'POST', url: '/v1/authors', as: 'write', payload: { name: `Penulis ${name}` } })
  const payload = { title: `Artikel ${name}`, body: '<p>Isi.</p>', tags: [name], bylines: [{ authorId: author.json().id, role: 'writer' }] }
  const article = await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload })
  const published = await api.call({
    method: 'POST',
    url: `/v1/articles/${article.json().id}/publish`,
    as: 'write',
    headers: { 'if-match': article.headers.etag as string },
  })
  if (published.statusCode !== 200) throw new Error(`could not publish an article carrying the tag ${name}: ${published.body}`)
}

/** The body a caller should see for a row created at T0 from `name` and the resource's fields. */
function view(r: Resource, id: number, name: string, slug: string, keyed: boolean, changes: Record<string, unknown> = {}) {
  const body: Record<string, unknown> = { id, slug, name, ...r.fields, createdAt: iso(T0), updatedAt: iso(T0), version: 1, ...changes }
  if (!keyed) for (const field of r.hidden) delete body[field]
  return body
}

for (const r of resources) {
  const base = `/v1/${r.path}`
  /**
   * Creates the resource. A tag is public only while a published article carries it (tag names given on drafts
   * stay hidden): a tag created here is put on a published article, so that every caller reads the same tag.
   */
  const create = async (api: TestApp, name: string, extra: Record<string, unknown> = {}) => {
    const res = await api.call({ method: 'POST', url: base, as: 'write', payload: { name, ...r.fields, ...extra } })
    if (r.path === 'tags' && res.statusCode === 201) await carry(api, name)
    return res
  }
  const etagOf = async (api: TestApp, id: number) =>
    (await api.call({ method: 'GET', url: `${base}/${id}`, as: 'write' })).headers.etag as string

  /** A 400 validation problem whose every error points at `path` in `where`. */
  const assertInvalid = (tt: Asserts, res: Awaited<ReturnType<TestApp['call']>>, where: string, path: string) => {
    assertProblem(tt, res, 400, 'validation_failed')
    const errors = (res.json() as { errors?: Array<{ in: string; path: string }> }).errors ?? []
    tt.ok(errors.length > 0, 'lists the errors')
    tt.same(new Set(errors.map((e) => `${e.in} ${e.path}`)), new Set([`${where} ${path}`]), `blames ${where} ${path}`)
  }

  t.test(r.path, async (t) => {
    t.test('create, then read by id, by slug and in a list; 304 on If-None-Match', async (t) => {
      const api = await build(t)
      const res = await create(api, 'Anton Suhartono')
      t.equal(res.statusCode, 201)
      t.equal(res.headers.location, `${base}/1`)
      t.same(res.json(), view(r, 1, 'Anton Suhartono', 'anton-suhartono', true))

      const byId = await api.call({ method: 'GET', url: `${base}/1` })
      t.equal(byId.statusCode, 200)
      t.same(byId.json(), view(r, 1, 'Anton Suhartono', 'anton-suhartono', false))
      t.match(byId.headers['cache-control'], /^public, max-age=60/)
      t.match(byId.headers.etag, /^"[^"]+"$/, 'a strong ETag')

      const bySlug = await api.call({ method: 'GET', url: `${base}/slug/anton-suhartono` })
      t.equal(bySlug.statusCode, 200)
      t.equal(bySlug.body, byId.body)
      t.equal(bySlug.headers.etag, byId.headers.etag)

      const keyed = await api.call({ method: 'GET', url: `${base}/1`, as: 'write' })
      t.same(keyed.json(), view(r, 1, 'Anton Suhartono', 'anton-suhartono', true))
      t.equal(keyed.headers.etag, res.headers.etag, 'the create response carries the ETag a GET returns')
      t.equal(keyed.headers['cache-control'], 'private, no-store')

      const list = await api.call({ method: 'GET', url: base })
      t.equal(list.statusCode, 200)
      t.same(list.json(), { data: [view(r, 1, 'Anton Suhartono', 'anton-suhartono', false)], page: { limit: 20, nextCursor: null } })
      t.equal(list.headers.link, undefined, 'no Link header on the last page')
      t.match(list.headers.etag, /^"[^"]+"$/)

      // If-None-Match with the current ETag: 304 and no body.
      for (const url of [`${base}/1`, `${base}/slug/anton-suhartono`, base]) {
        const first = await api.call({ method: 'GET', url })
        const again = await api.call({ method: 'GET', url, headers: { 'if-none-match': first.headers.etag as string } })
        t.equal(again.statusCode, 304, url)
        t.equal(again.body, '')
        t.equal(again.headers.etag, first.headers.etag)
      }
    })

    t.test('patch changes the ETag; delete removes', async (t) => {
      const api = await build(t)
      await create(api, 'Anton Suhartono')
      const before = await etagOf(api, 1)
      api.clock.now = T0 + 60_000
      const patch = { name: 'Nama Baru', slug: 'nama-baru', ...r.clearable }
      const res = await api.call({ method: 'PATCH', url: `${base}/1`, as: 'write', headers: { 'if-match': before }, payload: patch })
      t.equal(res.statusCode, 200)
      const changed = view(r, 1, 'Nama Baru', 'nama-baru', true, { ...r.clearable, updatedAt: iso(T0 + 60_000), version: 2 })
      t.same(res.json(), changed)
      t.not(res.headers.etag, before, 'the ETag changes')
      t.equal(await etagOf(api, 1), res.headers.etag, 'and matches what GET now returns')
      t.equal((await api.call({ method: 'GET', url: `${base}/slug/anton-suhartono` })).statusCode, 404, 'the old slug is free')

      const stale = await api.call({ method: 'GET', url: `${base}/1`, as: 'write', headers: { 'if-none-match': before } })
      t.equal(stale.statusCode, 200, 'a stale If-None-Match gets the new body')
      t.same(stale.json(), changed)

      const gone = await api.call({ method: 'DELETE', url: `${base}/1`, as: 'write', headers: { 'if-match': res.headers.etag as string } })
      t.equal(gone.statusCode, 204)
      t.equal(gone.body, '')
      assertProblem(t, await api.call({ method: 'GET', url: `${base}/1` }), 404, 'not_found')
      t.same((await api.call({ method: 'GET', url: base })).json(), { data: [], page: { limit: 20, nextCursor: null } })
    })

    t.test('body validation: unknown property, wrong types, bad slug, too long, missing name', async (t) => {
      const api = await build(t)
      const bogus = await create(api, 'Anton', { bogus: 1 })
      assertInvalid(t, bogus, 'body', '/bogus')
      t.match(bogus.json(), { errors: [{ in: 'body', path: '/bogus', message: 'is not an allowed property' }] })
      for (const [body, path] of r.wrongTypes) {
        assertInvalid(t, await api.call({ method: 'POST', url: base, as: 'write', payload: body }), 'body', path)
      }
      for (const slug of ['Bukan Slug', 'ekonomi--bisnis', '-ekonomi', 'a'.repeat(121), '']) {
        assertInvalid(t, await create(api, 'Anton', { slug }), 'body', '/slug')
      }
      assertInvalid(t, await create(api, 'x'.repeat(r.nameMax + 1)), 'body', '/name')
      assertInvalid(t, await create(api, ''), 'body', '/name')
      assertInvalid(t, await api.call({ method: 'POST', url: base, as: 'write', payload: {} }), 'body', '/name')

      await create(api, 'Anton')
      const ifMatch = { 'if-match': await etagOf(api, 1) }
      assertProblem(
        t,
        await api.call({ method: 'PATCH', url: `${base}/1`, as: 'write', headers: ifMatch, payload: {} }),
        400,
        'validation_failed',
      )
      assertInvalid(
        t,
        await api.call({ method: 'PATCH', url: `${base}/1`, as: 'write', headers: ifMatch, payload: { bogus: 1 } }),
        'body',
        '/bogus',
      )
      assertInvalid(
        t,
        await api.call({ method: 'PATCH', url: `${base}/1`, as: 'write', headers: ifMatch, payload: { name: null } }),
        'body',
        '/name',
      )
      t.same((await api.call({ method: 'GET', url: `${base}/1` })).json(), view(r, 1, 'Anton', 'anton', false), 'nothing changed')
    })

    t.test('path and query validation; 404 for a missing id or slug', async (t) => {
      const api = await build(t)
      await create(api, 'Anton')
      for (const id of ['abc', '01', '0', '1.0', '1abc', '-1', '99999999999999999']) {
        assertInvalid(t, await api.call({ method: 'GET', url: `${base}/${id}` }), 'path', '/id')
      }
      assertInvalid(t, await api.call({ method: 'GET', url: `${base}/slug/Anton_S` }), 'path', '/slug')
      for (const query of ['limit=0', 'limit=101', 'limit=two']) {
        assertInvalid(t, await api.call({ method: 'GET', url: `${base}?${query}` }), 'query', '/limit')
      }
      assertInvalid(t, await api.call({ method: 'GET', url: `${base}?sort=name` }), 'query', '/sort')
      assertProblem(t, await api.call({ method: 'GET', url: `${base}/999` }), 404, 'not_found')
      assertProblem(t, await api.call({ method: 'GET', url: `${base}/slug/tidak-ada` }), 404, 'not_found')
      assertProblem(
        t,
        await api.call({ method: 'PATCH', url: `${base}/999`, as: 'write', headers: { 'if-match': '"x"' }, payload: { name: 'Budi' } }),
        404,
        'not_found',
      )
      assertProblem(
        t,
        await api.call({ method: 'DELETE', url: `${base}/999`, as: 'write', headers: { 'if-match': '"x"' } }),
        404,
        'not_found',
      )
    })

    t.test('401 without a key on writes and with an unknown, revoked or expired key everywhere; 403 for a read key writing', async (t) => {
      const api = await build(t)
      await create(api, 'Anton')
      const etag = await etagOf(api, 1)
      const routes = [
        { method: 'GET', url: base },
        { method: 'GET', url: `${base}/1` },
        { method: 'GET', url: `${base}/slug/anton` },
        { method: 'POST', url: base, payload: { name: 'Budi' } },
        { method: 'PATCH', url: `${base}/1`, payload: { name: 'Budi' }, headers: { 'if-match': etag } },
        { method: 'DELETE', url: `${base}/1`, headers: { 'if-match': etag } },
      ] as const
      for (const route of routes.slice(3)) assertUnauthorized(t, await api.call({ ...route }))

      const ifMatch = { 'if-match': etag }
      // A valid key without the write scope: 403, no challenge.
      for (const res of [
        await api.call({ method: 'POST', url: base, as: 'read', payload: { name: 'Budi' } }),
        await api.call({ method: 'PATCH', url: `${base}/1`, as: 'read', headers: ifMatch, payload: { name: 'Budi' } }),
        await api.call({ method: 'DELETE', url: `${base}/1`, as: 'read', headers: ifMatch }),
      ]) {
        assertProblem(t, res, 403, 'forbidden')
        t.equal(res.headers['www-authenticate'], undefined)
      }
      t.equal((await api.call({ method: 'GET', url: `${base}/1`, as: 'read' })).statusCode, 200, 'reads are fine')
      t.equal((await api.call({ method: 'GET', url: base, as: 'read' })).json().data.length, 1, 'a read key created nothing')

      const keyFor = async (body: Record<string, unknown>) => {
        const res = await api.call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { scope: 'write', ...body } })
        t.equal(res.statusCode, 201)
        const { id, secret } = res.json() as { id: number; secret: string }
        const headers = { authorization: `Bearer ${secret}` }
        t.equal((await api.call({ method: 'GET', url: `${base}/1`, headers })).statusCode, 200, 'the key works at first')
        return { id, headers }
      }
      const revoked = await keyFor({ name: 'revoked' })
      t.equal((await api.call({ method: 'DELETE', url: `/v1/keys/${revoked.id}`, as: 'admin' })).statusCode, 204)
      const expiring = await keyFor({ name: 'expiring', expiresAt: iso(T0 + 3_600_000) })
      api.clock.now = T0 + 3_600_000

      const bad = {
        unknown: { authorization: 'Bearer kbr_unknown' },
        malformed: { authorization: 'Bearer not a key' },
        revoked: revoked.headers,
        expired: expiring.headers,
      }
      for (const [kind, auth] of Object.entries(bad)) {
        for (const route of routes) {
          const res = await api.call({ ...route, headers: { ...('headers' in route ? route.headers : {}), ...auth } })
          t.equal(res.statusCode, 401, `${kind} key on ${route.method} ${route.url}`)
          assertUnauthorized(t, res)
        }
      }
      t.equal((await api.call({ method: 'GET', url: `${base}/1` })).statusCode, 200, 'the row is untouched')
    })

    t.test('slugs: an explicit one that is taken is 409, a derived one gets -2, -3', async (t) => {
      const api = await build(t)
      t.equal((await create(api, 'Kabar Satu', { slug: 'kabar' })).statusCode, 201)
      assertProblem(t, await create(api, 'Kabar Dua', { slug: 'kabar' }), 409, 'slug_taken')
      const other = await create(api, 'Kabar Dua')
      t.equal(other.json().slug, 'kabar-dua')
      assertProblem(
        t,
        await api.call({
          method: 'PATCH',
          url: `${base}/2`,
          as: 'write',
          headers: { 'if-match': other.headers.etag as string },
          payload: { slug: 'kabar' },
        }),
        409,
        'slug_taken',
      )
      const own = await api.call({
        method: 'PATCH',
        url: `${base}/1`,
        as: 'write',
        headers: { 'if-match': await etagOf(api, 1) },
        payload: { slug: 'kabar' },
      })
      t.equal(own.statusCode, 200, 'keeping its own slug is fine')

      const derived = []
      for (const name of ['Ekonomi & Bisnis', 'Ekonomi dan Bisnis', 'Ekonômi dan Bisnis'])
        derived.push((await create(api, name)).json().slug)
      t.same(derived, ['ekonomi-dan-bisnis', 'ekonomi-dan-bisnis-2', 'ekonomi-dan-bisnis-3'])
    })

    t.test('If-Match: missing is 428, stale is 412 with the current ETag; of two racing writes exactly one wins', async (t) => {
      const api = await build(t)
      const first = await create(api, 'Anton')
      const old = first.headers.etag as string
      await api.call({ method: 'PATCH', url: `${base}/1`, as: 'write', headers: { 'if-match': old }, payload: { name: 'Budi' } })
      const current = await etagOf(api, 1)
      for (const method of ['PATCH', 'DELETE'] as const) {
        const payload = method === 'PATCH' ? { name: 'Citra' } : undefined
        assertProblem(t, await api.call({ method, url: `${base}/1`, as: 'write', payload }), 428, 'precondition_required')
        const stale = await api.call({ method, url: `${base}/1`, as: 'write', headers: { 'if-match': old }, payload })
        assertProblem(t, stale, 412, 'precondition_failed')
        t.equal(stale.headers.etag, current, `${method} 412 carries the current ETag`)
        const weak = await api.call({ method, url: `${base}/1`, as: 'write', headers: { 'if-match': `W/${current}` }, payload })
        assertProblem(t, weak, 412, 'precondition_failed')
      }
      t.match((await api.call({ method: 'GET', url: `${base}/1` })).json(), { name: 'Budi', version: 2 }, 'nothing changed')

      // Two PATCHes racing with the same (current) ETag: check and write are atomic, so exactly one wins.
      const results = await Promise.all(
        ['Dewi', 'Eka'].map((name) =>
          api.call({ method: 'PATCH', url: `${base}/1`, as: 'write', headers: { 'if-match': current }, payload: { name } }),
        ),
      )
      t.same(results.map((res) => res.statusCode).sort(), [200, 412])
      const winner = results.find((res) => res.statusCode === 200)!.json() as { name: string }
      t.match((await api.call({ method: 'GET', url: `${base}/1` })).json(), { name: winner.name, version: 3 })
    })

    t.test('keyset pages: no duplicates or gaps while rows are inserted between fetches; forged cursors are 400', async (t) => {
      const api = await build(t)
      for (let i = 1; i <= 5; i++) await create(api, `Nama ${i}`)
      const seen: number[] = []
      let url: string | undefined = `${base}?limit=2`
      let pages = 0
      while (url !== undefined && pages < 10) {
        const res = await api.call({ method: 'GET', url })
        t.equal(res.statusCode, 200, url)
        const { data, page } = res.json() as { data: Array<{ id: number }>; page: { limit: number; nextCursor: string | null } }
        t.equal(page.limit, 2)
        t.ok(data.length <= 2)
        seen.push(...data.map((row) => row.id))
        if (page.nextCursor === null) {
          t.equal(res.headers.link, undefined, 'no Link on the last page')
          url = undefined
        } else {
          const next = `${base}?limit=2&cursor=${page.nextCursor}`
          t.equal(res.headers.link, `<${next}>; rel="next"`)
          url = /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link))?.[1]
        }
        if (pages++ < 2) await create(api, `Sisipan ${pages}`)
      }
      t.same(seen, [1, 2, 3, 4, 5, 6, 7], 'every row once, in id order, including those inserted meanwhile')

      // A cursor the API did not issue is a 400.
      const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
      for (const cursor of ['abc', forged([null, 0]), forged({}), forged([null, 1.5]), forged(['x', 1, 2])]) {
        assertInvalid(t, await api.call({ method: 'GET', url: `${base}?cursor=${cursor}` }), 'query', '/cursor')
      }
      assertInvalid(t, await api.call({ method: 'GET', url: `${base}?cursor=${encodeURIComponent('a+b/c=')}` }), 'query', '/cursor')
    })
  })
}
